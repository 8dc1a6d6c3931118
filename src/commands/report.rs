//! `engage report`: order and survey exports in, one report for a period
//! out: the headline (every metric, and with `--compare previous` the
//! previous period beside it), a per-period table, per-segment tables, and
//! `--fail-if` thresholds that make a cron job exit 3.
//!
//! Every number comes from the same loaders and tallies as `engage orders`
//! and `engage survey`: a period row here equals that command's row for the
//! same period.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use anyhow::{bail, Result};
use polars::prelude::DataFrame;
use serde_json::{json, Map};

use super::survey::Scores;
use super::{day, flag_value, unicode, warn_skipped};
use crate::cli::Period;
use crate::config::{Headline, InputOptions, OrdersConfig, ReportConfig, SurveyConfig};
use crate::input::columns::CUSTOMER_ID;
use crate::input::orders::LoadedOrders;
use crate::input::surveys::LoadedSurveys;
use crate::input::{columns_present, segment_column, Source, DATE};
use crate::metrics::compare::{change_pct, csat_change, nps_change};
use crate::metrics::customers::CustomerTable;
use crate::metrics::orders::{order_counts, OrderCounts};
use crate::metrics::period::{period_count, MAX_PERIODS};
use crate::metrics::periods::{spans, Coverage, HeadNote, Request, Span, Spans, Walk};
use crate::metrics::scope::{Grouping, Scoped};
use crate::metrics::segments::{self, Both, Key, Tallied};
use crate::metrics::survey::{survey_counts, SurveyCounts, LOW_SAMPLE};
use crate::metrics::thresholds::{self, is_flag, Verdict};
use crate::report::document::{check, head_note, significance_notes, span_json};
use crate::report::feedback::FeedbackReport;
use crate::report::lang;
use crate::report::{output::Target, render_document, DocRow, DocTable, Document, Section, Value};

/// The headline broke at least one `--fail-if` threshold: exit code 3.
#[derive(Debug)]
pub struct ThresholdBreached(pub String);

impl fmt::Display for ThresholdBreached {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ThresholdBreached {}

struct OrdersPart {
    cfg: OrdersConfig,
    sources: Vec<Source>,
    loaded: LoadedOrders,
    /// The per-customer stage over every order read, for the cohort and
    /// feedback sections, when the orders have dates.
    customers: Option<CustomerTable>,
}

struct SurveysPart {
    cfg: SurveyConfig,
    sources: Vec<Source>,
    loaded: LoadedSurveys,
    scores: Scores,
}

/// Which value columns a row has, and how they are filled.
struct Columns {
    orders: bool,
    surveys: Option<Scores>,
    compare: bool,
}

impl Columns {
    /// One row's named values: each metric, with a comparison followed by
    /// `prev_`, `delta_` and `change_pct_` (flags get `prev_` only), and
    /// after `nps` and `csat` the change's margin of error and whether the
    /// change exceeds it (`nps_change_margin`, `nps_change_significant`).
    fn cells(&self, now: &Both, prev: Option<&Both>) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        if self.orders {
            let values = |b: &Both| b.orders.map(|c| super::orders::values(&c));
            let prev = prev.and_then(values);
            self.push(&mut out, &super::orders::METRICS, values(now), prev, |_| {
                Vec::new()
            });
        }
        if let Some(scores) = self.surveys {
            let values = |b: &Both| b.surveys.map(|c| scores.values(&c));
            let pair = now.surveys.zip(prev.and_then(|p| p.surveys));
            let change = |name: &str| -> Vec<(String, Value)> {
                let change = match (name, pair) {
                    ("nps", Some((n, p))) => nps_change(&n, &p),
                    ("csat", Some((n, p))) => csat_change(&n, &p, scores.satisfied_from),
                    ("nps" | "csat", None) => None,
                    _ => return Vec::new(),
                };
                vec![
                    (
                        format!("{name}_change_margin"),
                        Value::Points(change.map(|c| c.margin())),
                    ),
                    (
                        format!("{name}_change_significant"),
                        change.map_or(Value::Null, |c| Value::Flag(c.significant())),
                    ),
                ]
            };
            let prev = prev.and_then(values);
            self.push(&mut out, &super::survey::METRICS, values(now), prev, change);
        }
        out
    }

    fn push(
        &self,
        out: &mut Vec<(String, Value)>,
        names: &[&'static str],
        now: Option<Vec<Value>>,
        prev: Option<Vec<Value>>,
        extra: impl Fn(&str) -> Vec<(String, Value)>,
    ) {
        let at = |v: &Option<Vec<Value>>, i: usize| {
            v.as_ref()
                .and_then(|v| v.get(i).copied())
                .unwrap_or(Value::Null)
        };
        for (i, name) in names.iter().enumerate() {
            let v = at(&now, i);
            out.push((name.to_string(), v));
            if !self.compare {
                continue;
            }
            let p = at(&prev, i);
            out.push((format!("prev_{name}"), p));
            if is_flag(name) {
                continue;
            }
            out.push((format!("delta_{name}"), v.delta(&p)));
            let change = change_pct(v.number(), p.number());
            out.push((format!("change_pct_{name}"), Value::Percent(change)));
            out.extend(extra(name));
        }
    }

    /// Every column name, in order.
    fn names(&self) -> Vec<String> {
        let zero = Both {
            orders: Some(OrderCounts::default()),
            surveys: Some(SurveyCounts::default()),
        };
        self.cells(&zero, Some(&zero))
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }

    fn metrics(&self) -> Vec<&'static str> {
        let mut m = Vec::new();
        if self.orders {
            m.extend(super::orders::METRICS);
        }
        if self.surveys.is_some() {
            m.extend(super::survey::METRICS);
        }
        m
    }
}

/// The order part; `per_customer`: a section reads the per-customer stage
/// (cohorts, feedback; the tallies need none: at 10M orders 0.16 s of CPU
/// saved).
fn load_orders(cfg: &OrdersConfig, per_customer: bool) -> Result<OrdersPart> {
    let (mut cfg, sources, preset) = crate::input::orders::prepare(cfg)?;
    cfg.scope.segments = columns_present(&sources, &cfg.scope.segments)?;
    let mut loaded = crate::input::orders::load_sources(&cfg, &sources)?;
    loaded.preset = preset;
    let customers = match per_customer {
        true => CustomerTable::of_frame(&loaded.frame, None).map_err(internal)?,
        false => None,
    };
    Ok(OrdersPart {
        cfg,
        sources,
        loaded,
        customers,
    })
}

/// The survey part; `feedback`: the report has a feedback section (see
/// `ReportConfig::feedback`).
fn load_surveys(cfg: &SurveyConfig, feedback: bool) -> Result<SurveysPart> {
    let (mut cfg, sources, preset) = crate::input::surveys::prepare(cfg)?;
    cfg.scope.segments = columns_present(&sources, &cfg.scope.segments)?;
    // Dates read anyway: the customer values for the feedback section come
    // in the same read when every file has a customer column.
    cfg.customer_ids = feedback
        && cfg.scope.needs_dates()
        && sources.iter().all(|source| {
            crate::input::read_header(source).is_ok_and(|h| {
                let mapped = cfg.columns.customer.as_deref();
                let found = crate::input::columns::find(&source.name, &h, &CUSTOMER_ID, mapped);
                found.is_ok_and(|c| c.is_some())
            })
        });
    let mut loaded = crate::input::surveys::load_sources(&cfg, &sources)?;
    crate::input::surveys::adopt_labels(&mut cfg, &loaded);
    loaded.preset = preset;
    let scores = Scores::of(&cfg, &loaded);
    Ok(SurveysPart {
        cfg,
        sources,
        loaded,
        scores,
    })
}

/// The first and last day of the rows within `since..=until`, when the
/// frame has dates. The report asks this a few times of every order: a
/// chunk without blanks is one branch-free pass over its values (which the
/// compiler vectorises), not an iterator of options.
fn day_range(frame: &DataFrame, since: Option<i32>, until: Option<i32>) -> Option<(i32, i32)> {
    let dates = frame.column(DATE).ok()?.i32().ok()?;
    let (from, to) = (since.unwrap_or(i32::MIN), until.unwrap_or(i32::MAX));
    let (mut first, mut last) = (i32::MAX, i32::MIN);
    let mut take = |d: i32| {
        let keep = from <= d && d <= to;
        first = if keep { first.min(d) } else { first };
        last = if keep { last.max(d) } else { last };
    };
    for arr in dates.downcast_iter() {
        match arr.validity().is_none_or(|v| v.unset_bits() == 0) {
            true => arr.values().iter().for_each(|&d| take(d)),
            false => arr.iter().flatten().for_each(|&d| take(d)),
        }
    }
    // Any day kept makes first <= last.
    (first <= last).then_some((first, last))
}

/// [`day_range`] of the orders read, guest orders included.
fn orders_range(
    loaded: &crate::input::orders::LoadedOrders,
    since: Option<i32>,
    until: Option<i32>,
) -> Option<(i32, i32)> {
    union(
        day_range(&loaded.frame, since, until),
        day_range(&loaded.guests, since, until),
    )
}

fn union(a: Option<(i32, i32)>, b: Option<(i32, i32)>) -> Option<(i32, i32)> {
    match (a, b) {
        (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
        (a, b) => a.or(b),
    }
}

/// The values of the segment column `name` in a kind of file whose
/// segment columns are `segments`, with their dictionaries `values`.
fn dictionary<'a>(segments: &[String], values: &'a [Vec<String>], name: &str) -> &'a [String] {
    segments
        .iter()
        .position(|x| x == name)
        .and_then(|i| values.get(i))
        .map_or(&[][..], |v| &v[..])
}

fn internal(e: polars::prelude::PolarsError) -> anyhow::Error {
    anyhow::anyhow!("internal error while computing the report: {e}")
}

/// Everything the report reads, loaded.
struct Data {
    orders: Option<OrdersPart>,
    surveys: Option<SurveysPart>,
}

impl Data {
    /// Tallies of both kinds over one grouping; `segment` is the report's
    /// segment name, and a kind without that column gives no rows. The
    /// total is only tallied over an ungrouped span (else it is empty).
    #[allow(clippy::type_complexity)]
    fn tally(
        &self,
        by: Option<Period>,
        segment: Option<&str>,
        since: Option<i32>,
        until: Option<i32>,
    ) -> Result<(
        Option<(Vec<Scoped<OrderCounts>>, OrderCounts)>,
        Option<(Vec<Scoped<SurveyCounts>>, SurveyCounts)>,
    )> {
        let grouping = |segments: &[String]| -> Option<Grouping> {
            let segments = match segment {
                None => Vec::new(),
                Some(s) => vec![segment_column(segments.iter().position(|x| x == s)?)],
            };
            Some(Grouping {
                by,
                segments,
                since,
                until,
                total: by.is_none() && segment.is_none(),
            })
        };
        // Independent: side by side.
        let (orders, surveys) = rayon::join(
            || match &self.orders {
                Some(p) => match grouping(&p.cfg.scope.segments) {
                    Some(g) => order_counts(&p.loaded.frame, &g, Some(&p.loaded.guests))
                        .map(Some)
                        .map_err(internal),
                    None => Ok(None),
                },
                None => Ok(None),
            },
            || match &self.surveys {
                Some(p) => match grouping(&p.cfg.scope.segments) {
                    Some(g) => survey_counts(&p.loaded.frame, &g)
                        .map(Some)
                        .map_err(internal),
                    None => Ok(None),
                },
                None => Ok(None),
            },
        );
        let (orders, surveys) = (orders?, surveys?);
        Ok((orders, surveys))
    }

    /// An error when the per-period table from `first` to `last` would
    /// have more than `MAX_PERIODS` rows, naming both dates and, where the
    /// data has them, their lines.
    fn refuse_many_periods(&self, first: i32, last: i32, by: Period) -> Result<()> {
        let n = period_count(first, last, by);
        if n <= MAX_PERIODS {
            return Ok(());
        }
        let find = |sources: &[Source], cols: Vec<Option<usize>>, input: &InputOptions, d| {
            crate::input::find_day(sources, &cols, d, input.date_rules())
        };
        let at = |d: i32| -> String {
            let found = self
                .orders
                .as_ref()
                .and_then(|p| {
                    let cols = p.loaded.columns.iter().map(|c| c.date).collect();
                    find(&p.sources, cols, &p.cfg.input, d)
                })
                .or_else(|| {
                    let p = self.surveys.as_ref()?;
                    let cols = p.loaded.columns.iter().map(|c| c.date).collect();
                    find(&p.sources, cols, &p.cfg.input, d)
                });
            match found {
                Some(line) => format!("{} ({line})", day(d)),
                None => day(d),
            }
        };
        bail!(
            "the data runs from {} to {}: {n} periods of --by {}, more than {MAX_PERIODS}; \
             such a date is often a placeholder (fix or filter it, or narrow with --since/--until), \
             or pass --allow-many-periods",
            at(first),
            at(last),
            flag_value(&by).unwrap_or_default()
        )
    }

    /// Both kinds' counts of no rows: [`Data::total`] of a span without
    /// data.
    fn nothing(&self) -> Both {
        Both {
            orders: self.orders.as_ref().map(|_| OrderCounts::default()),
            surveys: self.surveys.as_ref().map(|_| SurveyCounts::default()),
        }
    }

    /// Both kinds' counts over one span.
    fn total(&self, span: &Span) -> Result<Both> {
        let (o, s) = self.tally(None, None, span.since(), span.until())?;
        Ok(Both {
            orders: o.map(|r| r.1),
            surveys: s.map(|r| r.1),
        })
    }

    /// Whether the order files and the survey files have this segment
    /// column.
    fn has_segment(&self, name: &str) -> (bool, bool) {
        let has = |segs: Option<&Vec<String>>| segs.is_some_and(|v| v.iter().any(|s| s == name));
        (
            has(self.orders.as_ref().map(|p| &p.cfg.scope.segments)),
            has(self.surveys.as_ref().map(|p| &p.cfg.scope.segments)),
        )
    }

    /// The JSON-only fields of a row: its answer distributions.
    fn extra(&self, b: &Both) -> Vec<(String, serde_json::Value)> {
        match (&self.surveys, b.surveys) {
            (Some(p), Some(c)) => {
                let scale = usize::from(p.cfg.csat_scale);
                vec![
                    ("nps_distribution".into(), json!(c.nps)),
                    ("csat_distribution".into(), json!(c.csat[1..=scale])),
                ]
            }
            _ => Vec::new(),
        }
    }
}

impl Coverage for Data {
    fn range(&self, since: Option<i32>, until: Option<i32>) -> Option<(i32, i32)> {
        union(
            self.orders
                .as_ref()
                .and_then(|p| orders_range(&p.loaded, since, until)),
            self.surveys
                .as_ref()
                .and_then(|p| day_range(&p.loaded.frame, since, until)),
        )
    }

    /// The latest period has data of every kind read (orders that stopped
    /// in November do not make December the headline of a report with
    /// December's survey answers).
    fn last_common_day(&self, since: Option<i32>, until: Option<i32>) -> Option<i32> {
        let last = |frame: &DataFrame| day_range(frame, since, until).map(|r| r.1);
        let last_order = |o: &OrdersPart| orders_range(&o.loaded, since, until).map(|r| r.1);
        match (&self.orders, &self.surveys) {
            (Some(o), Some(s)) => {
                let (a, b) = (last_order(o), last(&s.loaded.frame));
                a.zip(b).map(|(a, b)| a.min(b)).or(a).or(b)
            }
            (Some(o), None) => last_order(o),
            (None, Some(s)) => last(&s.loaded.frame),
            (None, None) => None,
        }
    }
}

pub fn run(cfg: ReportConfig) -> Result<()> {
    let columns = Columns {
        orders: cfg.orders.is_some(),
        surveys: cfg.surveys.as_ref().map(|s| Scores {
            has_nps: true,
            has_csat: true,
            satisfied_from: s.csat_satisfied,
        }),
        compare: cfg.compare,
    };
    thresholds::validate(
        &cfg.thresholds,
        &columns.names(),
        &columns.metrics(),
        columns.compare,
    )?;
    let inputs = cfg.orders.iter().flat_map(|c| &c.files);
    let target = Target::open(
        cfg.output.path.as_deref(),
        inputs.chain(cfg.surveys.iter().flat_map(|c| &c.files)),
    )?;
    let quiet = cfg.output.quiet;
    // The two reads side by side: the survey read fills the cores the
    // order read leaves idle (its start, its last chunks). At 10M orders
    // and 1M responses the report took 0.07 s less side by side (median
    // of the differences of 18 alternating pairs; 14 of them faster), its
    // peak about 30 MB higher. An earlier order read, with less idle
    // time, was slower side by side (1.76 s against 1.72 s, 32 runs).
    // One after the other when a read may show its progress line (two
    // would write over each other), the orders first. Either way, when
    // both files are bad, the order file's error is the one reported.
    let per_customer = cfg.cohorts.is_some() || cfg.feedback;
    let read_orders = || {
        cfg.orders
            .as_ref()
            .map(|c| load_orders(c, per_customer))
            .transpose()
    };
    let read_surveys = || {
        cfg.surveys
            .as_ref()
            .map(|c| load_surveys(c, cfg.feedback))
            .transpose()
    };
    let progress = cfg.orders.as_ref().is_some_and(|c| c.input.progress)
        || cfg.surveys.as_ref().is_some_and(|c| c.input.progress);
    let (orders, surveys) = match progress {
        true => {
            let orders = read_orders()?;
            (orders, read_surveys()?)
        }
        false => {
            let (orders, surveys) = rayon::join(read_orders, read_surveys);
            (orders?, surveys?)
        }
    };
    if let Some(p) = &orders {
        super::note_preset(&p.loaded.preset, &p.sources, quiet);
        super::note_calendar(&p.loaded.frame, &p.cfg.input, quiet);
        warn_skipped(&p.loaded.skipped, quiet);
        super::orders::warn_folding(&p.loaded, quiet);
    }
    if let Some(p) = &surveys {
        super::note_preset(&p.loaded.preset, &p.sources, quiet);
        super::note_calendar(&p.loaded.frame, &p.cfg.input, quiet);
        warn_skipped(&p.loaded.skipped, quiet);
        super::survey::note_blanks(&p.loaded, quiet);
    }
    let columns = Columns {
        surveys: surveys.as_ref().map(|p| p.scores),
        ..columns
    };
    let data = Data { orders, surveys };
    for s in &cfg.scope.segments {
        if data.has_segment(s) == (false, false) {
            bail!("--segment {s}: no order or survey file has a column '{s}'");
        }
    }
    let (mut doc, breaches) = build(&cfg, &columns, &data)?;
    let longest = doc.tables.iter().map(|t| t.rows.len()).max().unwrap_or(0);
    if super::cut_for_terminal(longest, cfg.output.format, &target) {
        for t in &mut doc.tables {
            t.rows.truncate(super::MAX_TERMINAL_ROWS);
        }
        doc.notes.insert(0, super::cut_note(longest));
    }
    if let (Some(by), Some(p)) = (cfg.cohorts, &data.orders) {
        doc.cohorts = Some(cohort_section(by, &cfg, p)?);
    }
    if let (Some(o), Some(s), true) = (&data.orders, &data.surveys, cfg.feedback) {
        feedback_section(&mut doc, &cfg, o, s);
    }
    let (format, unicode) = (cfg.output.format, unicode(&target));
    let colored = super::color(&target, cfg.output.color);
    target.write_sheet(cfg.output.sheet, |w| {
        render_document(&doc, format, unicode, colored, w)
    })?;
    for line in &breaches {
        eprintln!("engage: {line}");
    }
    if !breaches.is_empty() {
        let n = cfg.thresholds.len();
        return Err(ThresholdBreached(format!(
            "{} of {n} --fail-if threshold{} breached",
            breaches.len(),
            if n == 1 { "" } else { "s" }
        ))
        .into());
    }
    Ok(())
}

/// The feedback-by-customer section (as `engage survey --orders
/// --by-customer history`), when the output carries it
/// (`ReportConfig::feedback`), every survey file has a customer and a date
/// column and every order file a date column. The responses are read
/// again with their customer values and dates (rows with a blank date
/// skipped and counted in a note); the orders again only when the report
/// read them without dates. A section that cannot be made (no response
/// linking, a bad order date read only now) is a note and a warning, not
/// an error: the rest of the report stands.
fn feedback_section(doc: &mut Document, cfg: &ReportConfig, o: &OrdersPart, s: &SurveysPart) {
    let linkable = s
        .loaded
        .columns
        .iter()
        .all(|c| c.customer.is_some() && c.date.is_some())
        && o.loaded.columns.iter().all(|c| c.date.is_some());
    if !linkable
        || o.loaded
            .customer_lookup
            .as_ref()
            .is_none_or(|l| l.is_empty())
    {
        return;
    }
    let mut scfg = s.cfg.clone();
    scfg.customer_ids = true;
    scfg.scope.read_dates = true;
    scfg.scope.skip_invalid = true;
    scfg.scope.by = None;
    scfg.scope.segments.clear();
    // Read with customer values and dates already, or again with them.
    let first = s.cfg.customer_ids.then_some(&s.loaded);
    let rules = crate::metrics::rfm::SegmentRules::default();
    let settings = super::feedback::Settings {
        grouping: crate::cli::CustomerGrouping::History,
        cohort_by: Period::Month,
        after: crate::config::DEFAULT_AFTER_DAYS,
        rules: &rules,
        quiet: cfg.output.quiet,
    };
    let section = || -> Result<FeedbackReport> {
        let again;
        let responses = match first {
            Some(loaded) => loaded,
            None => {
                again = crate::input::surveys::load_sources(&scfg, &s.sources)?;
                &again
            }
        };
        let reread = match o.loaded.frame.column(DATE) {
            Ok(_) => None,
            Err(_) => {
                let mut ocfg = o.cfg.clone();
                ocfg.scope.read_dates = true;
                ocfg.scope.segments.clear();
                Some(crate::input::orders::load_sources(&ocfg, &o.sources)?)
            }
        };
        // The report's own per-customer stage, unless the orders were read
        // again for their dates.
        let (orders, table) = match &reread {
            None => (&o.loaded, o.customers.as_ref()),
            Some(r) => (r, None),
        };
        let mut section = super::feedback::compute(&settings, &scfg, responses, orders, table)?;
        // Rows skipped by the second read: those without a readable date.
        let skipped: u64 = match first {
            Some(_) => 0,
            None => responses.skipped.values().sum(),
        };
        if skipped > 0 {
            section.notes.push(lang::fill(
                lang::one_or_many(skipped, "fb_undated_one", "fb_undated"),
                &[("n", &skipped.to_string())],
            ));
        }
        Ok(section)
    };
    match section() {
        Ok(section) => {
            // The spend sentence as it is; the section's other notes
            // (its rules, left-out windows) say whose they are.
            doc.notes.extend(section.notes.iter().map(|n| {
                match Some(n) == section.sentence.as_ref() {
                    true => n.clone(),
                    false => lang::fill("fb_section", &[("title", n)]),
                }
            }));
            doc.feedback = Some(section);
        }
        Err(e) => {
            let note = format!("feedback by customer not shown: {e:#}");
            if !cfg.output.quiet {
                eprintln!("engage: warning: {note}");
            }
            doc.notes.push(note);
        }
    }
}

/// How many of the latest cohorts `--cohorts` shows.
const REPORT_COHORTS: usize = 12;

/// The `--cohorts` section: retention of the latest cohorts overlapping
/// `--since`/`--until`, from the order read's per-customer stage.
fn cohort_section(
    by: Period,
    cfg: &ReportConfig,
    orders: &OrdersPart,
) -> Result<crate::report::cohorts::CohortReport> {
    let table = orders
        .customers
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("internal error: cohorts read the orders without dates"))?;
    let choice = super::cohorts::Choice {
        by,
        metric: crate::cli::CohortMetric::Retention,
        segments: Vec::new(),
        since: cfg.scope.since,
        until: cfg.scope.until,
        last: Some(REPORT_COHORTS),
    };
    super::cohorts::cohort_report(
        &orders.loaded.frame,
        table,
        &[],
        &choice,
        serde_json::Map::new(),
    )
}

/// The report, and the messages of the thresholds it breaks.
fn build(cfg: &ReportConfig, columns: &Columns, data: &Data) -> Result<(Document, Vec<String>)> {
    let request = Request {
        headline: cfg.headline,
        since: cfg.scope.since,
        until: cfg.scope.until,
        compare: cfg.compare,
    };
    let Spans { head, prev, note } = spans(&request, data)?;
    // A `--period` headline the data stops short of: a cron job on a stale
    // export must notice. No data in it is an error unless --allow-empty;
    // else a warning (and a note).
    if let Some(stale @ HeadNote::Stale(s)) = note.as_ref() {
        let text = head_note(stale, lang::Lang::En);
        if s.empty && !cfg.allow_empty {
            bail!("{text} (--allow-empty reports the empty period)");
        }
        if !cfg.output.quiet {
            eprintln!("engage: warning: {text}");
        }
    }
    let row = |span: &Span, segment: Option<String>, now: &Both, prev: Option<&Both>| DocRow {
        period: span.label.clone(),
        from: span.since().map(day).unwrap_or_default(),
        to: span.until().map(day).unwrap_or_default(),
        segment,
        values: columns.cells(now, prev).into_iter().map(|c| c.1).collect(),
        extra: data.extra(now),
    };
    // Counts already tallied, by the days they cover: the headline and its
    // comparison are usually per-period rows, and reuse them instead of
    // scanning every row again.
    let mut known: Vec<((i32, i32), Both)> = Vec::new();
    let mut tables = Vec::new();

    if let Some(by) = cfg.scope.by {
        let mut rows = Vec::new();
        if let Some(walk) = Walk::of(&request, by, &head, data) {
            if !cfg.allow_many_periods {
                data.refuse_many_periods(walk.first, walk.last, by)?;
            }
            let (o, s) = data.tally(Some(by), None, walk.since, walk.until)?;
            let o = o.map(|(rows, _)| by_period(rows));
            let s = s.map(|(rows, _)| by_period(rows));
            let before = walk.before();
            // Without --since the walk starts on the first day read, so no
            // row lies before it: its comparison is the counts of no rows
            // (a pass over every row was 35 ms of wall time at 10M orders).
            let mut previous = match walk.since {
                None => data.nothing(),
                Some(_) => data.total(&before)?,
            };
            known.extend(before.days.map(|d| (d, previous)));
            for (start, span) in walk.periods() {
                let now = Both {
                    orders: o
                        .as_ref()
                        .map(|m| m.get(&start).copied().unwrap_or_default()),
                    surveys: s
                        .as_ref()
                        .map(|m| m.get(&start).copied().unwrap_or_default()),
                };
                rows.push(row(&span, None, &now, cfg.compare.then_some(&previous)));
                known.extend(span.days.map(|d| (d, now)));
                previous = now;
            }
        }
        tables.push(DocTable {
            section: Section::Periods,
            title: lang::fill(
                "per_unit",
                &[("unit", lang::unit(&flag_value(&by).unwrap_or_default()))],
            ),
            rows,
        });
    }

    let counts = |span: &Span| -> Result<Both> {
        match known.iter().find(|(d, _)| Some(*d) == span.days) {
            Some((_, b)) => Ok(*b),
            None => data.total(span),
        }
    };
    let head_counts = counts(&head)?;
    let prev_counts = prev.as_ref().map(counts).transpose()?;
    let headline = DocTable {
        section: Section::Headline,
        title: lang::text("headline").into(),
        rows: vec![row(&head, None, &head_counts, prev_counts.as_ref())],
    };
    tables.insert(0, headline);

    for name in &cfg.scope.segments {
        let by_value = |span: &Span| -> Result<BTreeMap<Key, Both>> {
            let (o, s) = data.tally(None, Some(name), span.since(), span.until())?;
            let orders = o.zip(data.orders.as_ref()).map(|((rows, _), p)| Tallied {
                rows,
                values: dictionary(&p.cfg.scope.segments, &p.loaded.segment_values, name),
            });
            let surveys = s.zip(data.surveys.as_ref()).map(|((rows, _), p)| Tallied {
                rows,
                values: dictionary(&p.cfg.scope.segments, &p.loaded.segment_values, name),
            });
            Ok(segments::by_value(orders, surveys))
        };
        let now = by_value(&head)?;
        let before = prev.as_ref().map(by_value).transpose()?;
        let rows = segments::rows(&now, before.as_ref(), data.has_segment(name))
            .into_iter()
            .map(|(value, now, prev)| row(&head, value, &now, prev.as_ref()))
            .collect();
        tables.push(DocTable {
            section: Section::Segment(name.clone()),
            title: lang::fill("by_segment", &[("segment", name), ("period", &head.label)]),
            rows,
        });
    }

    let mut notes: Vec<String> = note.iter().map(|n| head_note(n, lang::current())).collect();
    if let Some(p) = &data.orders {
        notes.extend(super::orders::export_notes(&p.cfg, &p.loaded));
    }
    if let (Some(prev), Some(now), Some(before)) = (
        &prev,
        head_counts.surveys,
        prev_counts.and_then(|p| p.surveys),
    ) {
        notes.extend(significance_notes(
            &now,
            &before,
            columns.surveys.map_or(0, |s| s.satisfied_from),
            &prev.label,
            cfg.min_responses,
        ));
    }
    if let (Some(c), Some(scores)) = (head_counts.surveys, columns.surveys) {
        if c.low_sample(scores.has_nps, scores.has_csat) {
            notes.push(lang::fill(
                "low_sample_note",
                &[("period", &head.label), ("n", &LOW_SAMPLE.to_string())],
            ));
        }
    }

    let customers = match (&cfg.customers, &data.orders) {
        (Some(rules), Some(p)) => {
            let scored =
                super::customers::Scored::build(&p.loaded.frame, head.until(), rules, false)?;
            let mut meta = Map::new();
            meta.insert("as_of".into(), json!(day(scored.as_of)));
            meta.insert("customers".into(), json!(scored.customers.len()));
            let title = lang::fill("customers_by_rfm", &[("day", &day(scored.as_of))]);
            Some((
                title,
                super::customers::summary_report(&scored, rules, meta, cfg.output.for_people()),
            ))
        }
        _ => None,
    };
    let mut doc = Document {
        title: crate::report::document::title(&head, prev.as_ref()),
        heading: cfg.title.clone(),
        generated_on: super::today(),
        metrics: columns.metrics(),
        columns: columns.names(),
        previous: prev.as_ref().map(|p| p.label.clone()),
        tables,
        customers,
        meta: meta(cfg, data, &head, prev.as_ref()),
        notes,
        cohorts: None,
        feedback: None,
    };
    let share = super::share_note(
        doc.tables
            .iter()
            .flat_map(|t| &t.rows)
            .filter_map(|r| doc.get(r, "repeat_revenue_share")),
    );
    doc.notes.extend(share);
    let checked = check(&cfg.thresholds, &doc, cfg.min_responses);
    doc.meta.insert(
        "thresholds".into(),
        checked.iter().map(|c| c.json()).collect(),
    );
    for c in checked
        .iter()
        .filter(|c| matches!(c.verdict, Verdict::Skipped { .. }))
    {
        if !cfg.output.quiet {
            eprintln!("engage: warning: {}", c.message);
        }
        doc.notes.push(c.message.clone());
    }
    let breaches: Vec<String> = checked
        .into_iter()
        .filter(|c| c.verdict.fails())
        .map(|c| c.message)
        .collect();
    doc.notes.extend(breaches.iter().cloned());
    Ok((doc, breaches))
}

/// Scoped rows by their period's first day.
fn by_period<T>(rows: Vec<Scoped<T>>) -> HashMap<i32, T> {
    rows.into_iter()
        .filter_map(|r| Some((r.period?, r.value)))
        .collect()
}

fn meta(
    cfg: &ReportConfig,
    data: &Data,
    head: &Span,
    prev: Option<&Span>,
) -> Map<String, serde_json::Value> {
    let headline = match cfg.headline {
        Headline::LastComplete { unit, as_of } => json!({
            "rule": "last_complete",
            "period": flag_value(&unit),
            "as_of": day(as_of),
        }),
        Headline::Latest(by) => json!({ "rule": "latest", "period": flag_value(&by) }),
        Headline::Range => json!({ "rule": "range" }),
    };
    let mut report = Map::new();
    report.insert("headline_rule".into(), headline);
    report.insert("headline".into(), span_json(head));
    report.insert(
        "previous".into(),
        prev.map_or(serde_json::Value::Null, span_json),
    );
    report.insert(
        "by".into(),
        json!(cfg.scope.by.as_ref().and_then(flag_value)),
    );
    report.insert("segments".into(), json!(cfg.scope.segments));
    report.insert("since".into(), json!(cfg.scope.since.map(day)));
    report.insert("until".into(), json!(cfg.scope.until.map(day)));
    let mut m = Map::new();
    m.insert("report".into(), serde_json::Value::Object(report));
    if let Some(p) = &data.orders {
        let range = orders_range(&p.loaded, None, None);
        let meta = super::orders::meta(&p.cfg, &p.sources, &p.loaded, range);
        m.insert("orders".into(), serde_json::Value::Object(meta));
    }
    if let Some(p) = &data.surveys {
        let meta = super::survey::meta(&p.cfg, &p.sources, &p.loaded);
        m.insert("surveys".into(), serde_json::Value::Object(meta));
    }
    m
}
