//! `engage cohorts`: order exports in, acquisition cohorts out. Reads the
//! orders as `engage orders` does (every order, with dates), takes the
//! per-customer stage, and labels, sorts and notes what
//! `metrics::cohorts` computes.

use anyhow::{anyhow, bail, Result};
use clap::ValueEnum;
use polars::prelude::*;

use super::orders::{meta, warn_folding};
use super::{day, flag_value, note_preset, unicode, warn_skipped};
use crate::cli::{CohortMetric, Period};
use crate::config::CohortsConfig;
use crate::input::orders::{self as input, CENTS};
use crate::input::{segment_column, DATE};
use crate::metrics::cohorts::{cohorts, shown, weighted_average, Cohort, CohortCell};
use crate::metrics::customers::CustomerTable;
use crate::metrics::period::{label, period_count, period_end, MAX_PERIODS};
use crate::metrics::scope::span;
use crate::report::cohorts::{render, CohortGroup, CohortReport, CohortRow, VALUE_COLUMNS};
use crate::report::layout::blank_last;
use crate::report::{output::Target, Value};

pub fn run(cfg: CohortsConfig) -> Result<()> {
    let target = Target::open(cfg.orders.output.path.as_deref(), &cfg.orders.files)?;
    let (orders, sources, loaded) = input::load(&cfg.orders)?;
    let quiet = orders.output.quiet;
    note_preset(&loaded.preset, &sources, quiet);
    super::note_calendar(&loaded.frame, &orders.input, quiet);
    warn_skipped(&loaded.skipped, quiet);
    warn_folding(&loaded, quiet);
    super::orders::note_guests_apart(&loaded, None, quiet)?;
    let table = CustomerTable::of_frame(&loaded.frame, None)
        .map_err(internal)?
        .ok_or_else(|| anyhow!("internal error: cohorts read the orders without dates"))?;
    let scope = &orders.scope;
    let choice = Choice {
        by: cfg.by,
        metric: cfg.metric,
        segments: scope.segments.clone(),
        since: scope.since,
        until: scope.until,
        last: None,
    };
    let mut meta = meta(&orders, &sources, &loaded, None);
    meta.insert("metric".into(), flag_value(&choice.metric).into());
    let report = cohort_report(&loaded.frame, &table, &loaded.segment_values, &choice, meta)?;
    let bytes = render(&report, orders.output.format, unicode(&target))?;
    target.write_sheet(orders.output.sheet, |w| Ok(w.write_all(&bytes)?))
}

fn internal(e: PolarsError) -> anyhow::Error {
    anyhow!("internal error while computing cohorts: {e}")
}

/// Which cohorts a report shows, and how.
#[derive(Debug, Clone)]
pub struct Choice {
    pub by: Period,
    pub metric: CohortMetric,
    /// The `--segment` columns (the frame's `_seg0..`, in order).
    pub segments: Vec<String>,
    pub since: Option<i32>,
    pub until: Option<i32>,
    /// Only the latest this many cohorts of each segment value.
    pub last: Option<usize>,
}

/// The cohort report of an order frame (`_date`, `_cents`, customer
/// codes, `_seg0..`) and its per-customer stage; `meta` gets the data
/// range.
pub fn cohort_report(
    frame: &DataFrame,
    table: &CustomerTable,
    segment_values: &[Vec<String>],
    choice: &Choice,
    mut meta: serde_json::Map<String, serde_json::Value>,
) -> Result<CohortReport> {
    let days = frame
        .column(DATE)
        .map_err(internal)?
        .i32()
        .map_err(internal)?
        .rechunk();
    let cents = frame
        .column(CENTS)
        .map_err(internal)?
        .i64()
        .map_err(internal)?
        .rechunk();
    let segments = (0..choice.segments.len())
        .map(|i| {
            let c = frame.column(&segment_column(i))?.u32()?.rechunk();
            Ok(c.into_owned())
        })
        .collect::<PolarsResult<Vec<UInt32Chunked>>>()
        .map_err(internal)?;
    let segment_refs: Vec<&UInt32Chunked> = segments.iter().collect();
    let days = days.cont_slice().map_err(internal)?;
    let range = span(days);
    if let Some((first, last)) = range {
        let n = period_count(first, last, choice.by);
        if n > MAX_PERIODS {
            bail!(
                "the orders run from {} to {}: {n} periods of --by {}, more than {MAX_PERIODS}; \
                 such a date is often a placeholder: fix it or leave its row out \
                 (engage check lists the dates), or choose a longer --by",
                day(first),
                day(last),
                flag_value(&choice.by).unwrap_or_default()
            );
        }
    }
    let all = cohorts(
        table,
        days,
        cents.cont_slice().map_err(internal)?,
        &segment_refs,
        choice.by,
    );
    meta.insert(
        "data_range".into(),
        serde_json::json!(
            range.map(|(a, b)| serde_json::json!({ "first": day(a), "last": day(b) }))
        ),
    );
    build(choice, all, segment_values, range, meta)
}

/// The values of one cohort in period k, in the report's `VALUE_COLUMNS`
/// order: the cohort size, then one per [`CohortMetric`] (their order).
fn values(c: &Cohort, k: usize) -> Vec<Value> {
    let cell = c.cells.get(k).copied().unwrap_or_default();
    let mut out = vec![Value::Count(c.customers)];
    out.extend(
        CohortMetric::value_variants()
            .iter()
            .map(|&m| typed(m, c.value(m, k), &cell)),
    );
    out
}

/// A metric's value as the formats show it: exact counts and cents where
/// the metric is one, percent or money otherwise.
fn typed(m: CohortMetric, x: Option<f64>, cell: &CohortCell) -> Value {
    match m {
        CohortMetric::ActiveCustomers => Value::Count(cell.active_customers),
        CohortMetric::Orders => Value::Count(cell.orders),
        CohortMetric::RepeatCustomersCumulative => Value::Count(cell.repeat_customers_cumulative),
        CohortMetric::Revenue => Value::Cents(cell.revenue_cents),
        CohortMetric::Retention | CohortMetric::RepeatRateCumulative => Value::Percent(x),
        CohortMetric::RevenuePerCustomer | CohortMetric::CumulativeRevenuePerCustomer => {
            Value::Money(x)
        }
    }
}

/// A weighted average of `m` as people read it: percent for percentages,
/// money for money, a plain ratio for counts.
fn average(m: CohortMetric, x: Option<f64>) -> Value {
    match m {
        CohortMetric::Retention | CohortMetric::RepeatRateCumulative => Value::Percent(x),
        CohortMetric::Revenue
        | CohortMetric::RevenuePerCustomer
        | CohortMetric::CumulativeRevenuePerCustomer => Value::Money(x),
        CohortMetric::ActiveCustomers
        | CohortMetric::Orders
        | CohortMetric::RepeatCustomersCumulative => Value::Ratio(x),
    }
}

/// The shown cohorts grouped by first-order segment values (byte order,
/// blank last), oldest cohort first; notes on what may mislead.
fn build(
    choice: &Choice,
    all: Vec<Cohort>,
    segment_values: &[Vec<String>],
    range: Option<(i32, i32)>,
    meta: serde_json::Map<String, serde_json::Value>,
) -> Result<CohortReport> {
    let by = choice.by;
    let Some((first, last)) = range else {
        bail!("no dated orders: cohorts need each order's date; map one with --date-col COLUMN");
    };
    let text = |codes: &[Option<u32>]| -> Vec<Option<&str>> {
        codes
            .iter()
            .zip(segment_values)
            .map(|(c, dict)| c.and_then(|c| dict.get(c as usize)).map(String::as_str))
            .collect()
    };
    let mut kept: Vec<&Cohort> = all
        .iter()
        .filter(|c| shown(c.start, by, choice.since, choice.until))
        .collect();
    if kept.is_empty() {
        return Err(super::none_between(
            "cohorts",
            (choice.since, choice.until),
            "the first orders of customers",
            (first, last),
        ));
    }
    kept.sort_by(|a, b| {
        blank_last(&text(&a.segments), &text(&b.segments)).then(a.start.cmp(&b.start))
    });
    let mut groups: Vec<CohortGroup> = Vec::new();
    for chunk in kept.chunk_by(|a, b| a.segments == b.segments) {
        let chunk = &chunk[chunk
            .len()
            .saturating_sub(choice.last.unwrap_or(usize::MAX))..];
        let width = chunk.iter().map(|c| c.cells.len()).max().unwrap_or(0);
        let rows = chunk
            .iter()
            .map(|c| CohortRow {
                cohort: label(c.start, by),
                customers: c.customers,
                cells: std::iter::successors(Some(c.start), |&s| Some(period_end(s, by) + 1))
                    .take(c.cells.len())
                    .enumerate()
                    .map(|(k, start)| (label(start, by), values(c, k)))
                    .collect(),
            })
            .collect();
        groups.push(CohortGroup {
            segments: text(&chunk[0].segments)
                .into_iter()
                .map(|s| s.map(str::to_string))
                .collect(),
            rows,
            average: (0..width)
                .map(|k| average(choice.metric, weighted_average(chunk, choice.metric, k)))
                .collect(),
            average_retention: (0..width)
                .map(|k| weighted_average(chunk, CohortMetric::Retention, k))
                .collect(),
        });
    }
    let mut notes = Vec::new();
    let last_start = crate::metrics::period::period_start(last, by);
    let end = period_end(last_start, by);
    if last < end {
        notes.push(crate::report::lang::fill(
            "incomplete_last",
            &[
                ("period", &label(last_start, by)),
                ("to", &day(end)),
                ("last", &day(last)),
            ],
        ));
    }
    Ok(CohortReport {
        by: flag_value(&by).unwrap_or_default(),
        segment_names: choice.segments.clone(),
        metric: metric_name(choice.metric),
        groups,
        meta,
        notes,
    })
}

/// The column name of a metric (its `--metric` value).
fn metric_name(m: CohortMetric) -> &'static str {
    let name = flag_value(&m).unwrap_or_default();
    VALUE_COLUMNS
        .into_iter()
        .find(|c| *c == name)
        .unwrap_or("retention")
}
