//! `engage clv`: per-customer (frequency, recency, T, monetary value) in,
//! fitted BG/NBD and Gamma-Gamma models, per-customer predictions and
//! their summary out. The numerics are `metrics::clv`.

use anyhow::{anyhow, bail, Result};
use rayon::prelude::*;
use serde_json::{json, Map, Value as Json};

use super::{day, flag_value, unicode, warn_skipped};
use crate::cli::{Format, TimeUnit};
use crate::config::{ClvConfig, ClvSource, InputOptions, OrdersConfig};
use crate::input::{summary, Texts, DATE};
use crate::metrics::clv::predict::{
    fit, holdout, predict, totals, Customers, Holdout, Horizon, Models, Totals,
};
use crate::metrics::clv::{MonthlyDiscount, DAYS_PER_MONTH, WEEKS_PER_MONTH};
use crate::metrics::customers::{CustomerTable, Rfm};
use crate::metrics::rfm::unit_days;
use crate::report::clv::{render, PerCustomer};
use crate::report::lang::{self, Lang, Msg};
use crate::report::table::{Cells, Head, TableColumn};
use crate::report::{
    chart, html, human, labels, output::Target, render_sheet, Sheet, SheetTable, Value,
};

/// BG/NBD parameter names, in output order.
const BGNBD: [&str; 4] = ["r", "alpha", "a", "b"];
/// Gamma-Gamma parameter names, in output order.
const GAMMA_GAMMA: [&str; 3] = ["p", "q", "gamma"];

/// The customers to fit, from a summary or from orders.
struct Data {
    /// Input names, for messages and metadata.
    names: Vec<String>,
    /// `customer_id`, in the order of `rfm` (`Cells::Ids`); `None` when not
    /// read.
    ids: Option<TableColumn>,
    rfm: Rfm,
    has_monetary: bool,
    /// Metadata of the read (`as_of`, `data_range`...).
    meta: Map<String, Json>,
    /// With `--holdout-until`: what happened after the calibration end.
    holdout: Option<Observed>,
}

/// Purchases (distinct purchase days) in the holdout.
struct Observed {
    /// Holdout length, in time units.
    length: f64,
    /// Per customer, in the order of `Data::rfm`.
    actual: Vec<u32>,
    /// Per week of the holdout (the last may be short).
    weekly: Vec<u64>,
}

pub fn run(cfg: ClvConfig) -> Result<()> {
    let inputs = match &cfg.source {
        ClvSource::Summary(files, _) => files,
        ClvSource::Orders(orders) => &orders.files,
    };
    let target = Target::open(cfg.output.path.as_deref(), inputs)?;
    let quiet = cfg.output.quiet;
    let mut data = match &cfg.source {
        ClvSource::Summary(files, input) => from_summary(files, input)?,
        ClvSource::Orders(orders) => from_orders(orders, &cfg, quiet)?,
    };
    let rfm = &data.rfm;
    let customers = Customers {
        frequency: &rfm.frequency,
        recency: &rfm.recency,
        t: &rfm.t,
        days_per_unit: unit_days(cfg.time_unit),
        monetary: data.has_monetary.then_some(rfm.monetary_value.as_slice()),
    };
    let models = fit(&customers)?;
    let horizon = horizon(&cfg);
    let predictions = predict(&customers, &models, &horizon)?;
    let validation = match &data.holdout {
        Some(o) => Some(holdout(
            &customers,
            &models,
            o.length,
            7.0 / unit_days(cfg.time_unit),
            &o.actual,
            &o.weekly,
        )?),
        None => None,
    };
    let notes = notes(&models);
    if !quiet {
        for n in &notes {
            eprintln!("engage: note: {}", n.text(Lang::En));
        }
    }
    let notes = notes.iter().map(|n| n.text(lang::current())).collect();
    let mut meta = meta(&cfg, &data.names, &horizon);
    meta.extend(data.meta.clone());
    let unicode = unicode(&target);
    let written = if cfg.customers {
        let Some(ids) = &data.ids else {
            bail!("internal error: per-customer rows without their customer ids");
        };
        let rfm = &mut data.rfm;
        let mut columns = vec![
            ("frequency", std::mem::take(&mut rfm.frequency)),
            ("recency", std::mem::take(&mut rfm.recency)),
            ("T", std::mem::take(&mut rfm.t)),
        ];
        if data.has_monetary {
            columns.push(("monetary_value", std::mem::take(&mut rfm.monetary_value)));
        }
        columns.push(("p_alive", predictions.p_alive));
        columns.push(("expected_purchases", predictions.expected_purchases));
        if data.has_monetary {
            columns.push(("expected_avg_value", predictions.expected_avg_value));
            columns.push(("clv", predictions.clv));
        }
        let table = PerCustomer {
            ids,
            rows: columns[0].1.len(),
            columns,
        };
        let format = cfg.output.format;
        target.write_sheet(cfg.output.sheet, |w| {
            render(table, format, &meta, unicode, w)
        })
    } else {
        let mut sheet = sheet(&cfg, &models, &totals(&predictions), meta, notes);
        if let Some(v) = &validation {
            add_holdout(&mut sheet, v, cfg.output.format);
        }
        let bytes = match (&validation, cfg.output.format) {
            (Some(v), Format::Html) => {
                let (expected, actual): (Vec<f64>, Vec<f64>) = v
                    .tracking
                    .iter()
                    .map(|p| (p.expected, p.actual as f64))
                    .unzip();
                let svg = chart::tracking(lang::text("clv_chart"), &expected, &actual)?;
                html::render_sheet_with(&sheet, html::figures(&[svg]))?
            }
            _ => render_sheet(&sheet, cfg.output.format, unicode)?,
        };
        target.write_sheet(cfg.output.sheet, |w| Ok(w.write_all(&bytes)?))
    };
    // The process ends next: freeing every id one by one would only delay
    // it (as in `engage customers`).
    std::mem::forget(data);
    written
}

fn from_summary(files: &[String], input: &InputOptions) -> Result<Data> {
    let sources = crate::input::resolve_sources(files, input)?;
    let names: Vec<String> = sources.iter().map(|s| s.name.clone()).collect();
    let s = summary::load(&sources)?;
    if s.ids.is_empty() {
        bail!("{}: no customers, only a header", names.join(", "));
    }
    let has_monetary = s.monetary.is_some();
    Ok(Data {
        names,
        rfm: Rfm {
            frequency: s.frequency,
            recency: s.recency,
            t: s.t,
            monetary_value: s.monetary.unwrap_or_default(),
        },
        ids: Some(ids_column(Texts::from(s.ids), None)),
        has_monetary,
        meta: Map::new(),
        holdout: None,
    })
}

/// The orders read as `engage orders` reads them, cut at the calibration
/// end, through the per-customer stage.
fn from_orders(orders: &OrdersConfig, cfg: &ClvConfig, quiet: bool) -> Result<Data> {
    let (ocfg, sources, mut loaded) = crate::input::orders::load(orders)?;
    super::note_preset(&loaded.preset, &sources, quiet);
    super::note_calendar(&loaded.frame, &ocfg.input, quiet);
    warn_skipped(&loaded.skipped, quiet);
    super::orders::warn_folding(&loaded, quiet);
    let end = super::customers::observation_end(&loaded.frame, cfg.as_of);
    super::orders::note_guests_apart(&loaded, end, quiet)?;
    let internal = |e| anyhow!("internal error while computing customers: {e}");
    // The ids are sorted beside the stage (see `customers::run`).
    let (cut, sorted) = rayon::join(
        || super::customers::cut(&loaded.frame, cfg.as_of, false),
        || super::customers::all_in_id_order(&loaded.customer_ids),
    );
    let (table, range, as_of) = cut?;
    if cfg.holdout_until.is_none() {
        // Freed for the steps ahead to reuse (see `customers::per_customer`).
        drop(std::mem::take(&mut loaded.frame));
    }
    let codes: Vec<u32> = table.customers().map(|c| c as u32).collect();
    let unit = unit_days(cfg.time_unit);
    // Per-customer rows come sorted by customer id (byte order), as in
    // `engage customers`; without ids (no --customers) the order is free.
    let (ids, codes, rfm) = match loaded.customer_ids.is_empty() {
        true => {
            let rfm = table.rfm(&codes, as_of, unit);
            (None, codes, rfm)
        }
        false => {
            let all = std::mem::take(&mut loaded.customer_ids);
            let (order, heads) = super::customers::among(sorted, &codes);
            let (codes, rfm) = table.rfm_in_order(&codes, &order, as_of, unit);
            (
                Some(ids_column(all, Some((heads, codes.clone())))),
                codes,
                rfm,
            )
        }
    };
    let holdout = match cfg.holdout_until {
        None => None,
        Some(until) => {
            if until > range.1 && !quiet {
                eprintln!(
                    "engage: warning: --holdout-until {} is after the last order ({}); purchases after it are not in the data",
                    day(until),
                    day(range.1)
                );
            }
            let later = CustomerTable::of_frame(&loaded.frame, Some(until))
                .map_err(internal)?
                .ok_or_else(|| anyhow!("internal error: orders read without dates"))?;
            let dates = loaded
                .frame
                .column(DATE)
                .map_err(internal)?
                .i32()
                .map_err(internal)?;
            Some(observed(&later, &codes, dates, as_of, until, unit)?)
        }
    };
    let mut meta = Map::new();
    meta.insert("as_of".into(), json!(day(as_of)));
    meta.insert(
        "data_range".into(),
        json!({ "first": day(range.0), "last": day(range.1) }),
    );
    let after = table.n_codes() - codes.len();
    meta.insert("customers_after_as_of".into(), json!(after));
    if let Some(until) = cfg.holdout_until {
        meta.insert("holdout_until".into(), json!(day(until)));
    }
    if after > 0 && !quiet {
        eprintln!(
            "engage: note: {after} customers first bought after --as-of {}: left out of the fit{}",
            day(as_of),
            if holdout.is_some() {
                " and the holdout comparison"
            } else {
                ""
            }
        );
    }
    Ok(Data {
        names: sources.iter().map(|s| s.name.clone()).collect(),
        ids,
        rfm,
        has_monetary: true,
        meta,
        holdout,
    })
}

/// The `customer_id` column: `ids[codes[row]]` for each row, with the
/// ids' heads in row order; without them, `ids` in row order.
fn ids_column(ids: Texts, in_order: Option<(Vec<Head>, Vec<u32>)>) -> TableColumn {
    let (heads, codes) = in_order.unwrap_or_else(|| {
        let heads = (0..ids.len())
            .into_par_iter()
            .map(|i| Head::of(ids.get(i).unwrap_or_default()))
            .collect();
        (heads, (0..ids.len() as u32).collect())
    });
    TableColumn {
        name: "customer_id".into(),
        cells: Cells::Ids {
            heads,
            values: ids,
            codes,
        },
    }
}

/// Each calibration customer's purchases (distinct purchase days) in
/// (as_of, until], and all of them by week of the holdout, from the stage
/// cut at `until` (its rows per customer are in day order).
fn observed(
    later: &CustomerTable,
    codes: &[u32],
    dates: &polars::prelude::Int32Chunked,
    as_of: i32,
    until: i32,
    unit_days: f64,
) -> Result<Observed> {
    let dates = dates.rechunk();
    let days = dates
        .cont_slice()
        .map_err(|e| anyhow!("internal error while reading order days: {e}"))?;
    let weeks = ((until - as_of) as usize).div_ceil(7);
    let mut weekly = vec![0u64; weeks];
    let actual = codes
        .iter()
        .map(|&c| {
            let mut last = None;
            let mut n = 0;
            for &r in later.rows_of(c as usize) {
                let d = days[r as usize];
                if d > as_of && last != Some(d) {
                    n += 1;
                    weekly[((d - as_of - 1) / 7) as usize] += 1;
                }
                last = Some(d);
            }
            n
        })
        .collect();
    Ok(Observed {
        length: f64::from(until - as_of) / unit_days,
        actual,
        weekly,
    })
}

/// A number of the summary's tables: full precision for programs (CSV,
/// JSON); for people as `people` rounds it (one of the functions below).
fn number(x: f64, full: bool, people: fn(f64) -> String) -> String {
    match full {
        true => x.to_string(),
        false => people(x),
    }
}

/// How the tables round for people, as the other commands' tables do
/// (`human`): thousands separators, the run's digits, and no more
/// decimals than the value has meaning to. Model estimates and their
/// standard errors: four decimals (the published values have three).
fn estimate(x: f64) -> String {
    human::decimals(x, 4)
}

/// A log-likelihood: two decimals.
fn loglik(x: f64) -> String {
    human::decimals(x, 2)
}

/// Money (revenue, CLV, spend): cents.
fn money(x: f64) -> String {
    human::cell(&Value::Money(Some(x)))
}

/// Expected purchases and other quotients: two decimals.
fn ratio(x: f64) -> String {
    human::cell(&Value::Ratio(Some(x)))
}

/// A share from 0 to 1, as a percentage (`56.7%`).
fn share(x: f64) -> String {
    human::cell(&Value::Percent(Some(100.0 * x)))
}

/// A length of time in time units: `52`, `0.23`, not `52.0000`.
fn units(x: f64) -> String {
    human::trimmed(x, 4)
}

/// A count (customers, iterations, weeks).
fn count(n: f64, full: bool) -> String {
    number(n, full, |x| human::trimmed(x, 0))
}

/// The calibration-vs-holdout tables, and the `holdout` JSON object.
fn add_holdout(sheet: &mut Sheet, h: &Holdout, format: Format) {
    let full = matches!(format, Format::Csv | Format::Json);
    let num = |x: f64| number(x, full, ratio);
    let mut rows: Vec<Vec<String>> = h
        .by_frequency
        .iter()
        .map(|b| {
            vec![
                format!("{}{}", b.frequency, if b.open { "+" } else { "" }),
                count(b.customers as f64, full),
                num(b.mean_predicted),
                num(b.mean_actual),
            ]
        })
        .collect();
    rows.push(vec![
        labels::value("all"),
        count(h.customers as f64, full),
        num(h.predicted / h.customers as f64),
        num(h.actual as f64 / h.customers as f64),
    ]);
    sheet.tables.push(SheetTable {
        title: lang::fill(
            "clv_calibration",
            // A title is a sentence: Western digits, as the notes'.
            &[
                ("predicted", &human::plain(&Value::Ratio(Some(h.predicted)))),
                ("actual", &human::plain(&Value::Count(h.actual))),
            ],
        ),
        header: [
            "calibration_frequency",
            "customers",
            "mean_predicted",
            "mean_actual",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        numeric: vec![false, true, true, true],
    });
    sheet.tables.push(SheetTable {
        title: lang::text("clv_tracking").into(),
        header: ["week", "elapsed", "expected", "actual"]
            .map(String::from)
            .to_vec(),
        rows: h
            .tracking
            .iter()
            .map(|p| {
                vec![
                    count(p.week as f64, full),
                    number(p.elapsed, full, units),
                    num(p.expected),
                    count(p.actual as f64, full),
                ]
            })
            .collect(),
        numeric: vec![true; 4],
    });
    sheet.json.insert(
        "holdout".into(),
        json!({
            "customers": h.customers,
            "predicted": h.predicted,
            "actual": h.actual,
            "by_frequency": h.by_frequency.iter().map(|b| json!({
                "calibration_frequency": b.frequency,
                "and_more": b.open,
                "customers": b.customers,
                "mean_predicted": b.mean_predicted,
                "mean_actual": b.mean_actual,
            })).collect::<Vec<_>>(),
            "tracking": h.tracking.iter().map(|p| json!({
                "week": p.week,
                "elapsed": p.elapsed,
                "expected": p.expected,
                "actual": p.actual,
            })).collect::<Vec<_>>(),
        }),
    );
}

/// Time units in lifetimes' month, which CLV discounts by.
fn units_per_month(unit: TimeUnit) -> f64 {
    match unit {
        TimeUnit::Day => DAYS_PER_MONTH,
        TimeUnit::Week => WEEKS_PER_MONTH,
        TimeUnit::Month => 1.0,
    }
}

fn horizon(cfg: &ClvConfig) -> Horizon {
    Horizon {
        length: cfg.horizon,
        discount: MonthlyDiscount::from_annual(
            cfg.discount_rate,
            cfg.horizon,
            units_per_month(cfg.time_unit),
        ),
    }
}

/// Who the Gamma-Gamma fit left out, and why.
fn notes(models: &Models) -> Vec<Msg> {
    let Some(gg) = &models.gamma_gamma else {
        return vec![Msg::new("clv_no_money", &[])];
    };
    vec![Msg::new(
        "clv_gg_note",
        &[
            ("n", &gg.customers.to_string()),
            ("one_time", &models.gg_one_time.to_string()),
            ("non_positive", &models.gg_non_positive.to_string()),
        ],
    )]
}

/// `inputs`, the time unit and the horizon with its discounting.
fn meta(cfg: &ClvConfig, names: &[String], h: &Horizon) -> Map<String, Json> {
    let mut m = Map::new();
    m.insert("inputs".into(), json!(names));
    m.insert("time_unit".into(), json!(flag_value(&cfg.time_unit)));
    m.insert("horizon".into(), json!(h.length));
    m.insert("discount_rate".into(), json!(cfg.discount_rate));
    m.insert(
        "monthly_discount_rate".into(),
        json!(h.discount.monthly_rate),
    );
    m.insert("clv_months".into(), json!(h.discount.months));
    m
}

/// `{name: value}` in the given order.
fn named(names: &[&str], values: &[f64]) -> Json {
    Json::Object(
        names
            .iter()
            .zip(values)
            .map(|(n, v)| ((*n).to_string(), json!(v)))
            .collect(),
    )
}

/// The summary: models, fit, totals, deciles; JSON keys as in the README.
fn sheet(
    cfg: &ClvConfig,
    models: &Models,
    t: &Totals,
    meta: Map<String, Json>,
    notes: Vec<String>,
) -> Sheet {
    let full = matches!(cfg.output.format, Format::Csv | Format::Json);
    let est = |x: f64| number(x, full, estimate);
    let opt = |x: Option<f64>| x.map_or_else(|| "-".to_string(), |x| number(x, full, money));
    let bg = &models.bgnbd;
    let gg = models.gamma_gamma.as_ref();

    let mut params: Vec<Vec<String>> = BGNBD
        .iter()
        .enumerate()
        .map(|(i, n)| {
            vec![
                "BG/NBD".into(),
                (*n).into(),
                est(bg.params[i]),
                est(bg.se[i]),
            ]
        })
        .collect();
    if let Some(gg) = gg {
        params.extend(GAMMA_GAMMA.iter().enumerate().map(|(i, n)| {
            vec![
                "Gamma-Gamma".into(),
                (*n).into(),
                est(gg.params[i]),
                est(gg.se[i]),
            ]
        }));
    }
    let mut fits = vec![vec![
        "BG/NBD".into(),
        count(bg.customers, full),
        number(bg.loglik, full, loglik),
        lang::text("yes").into(),
        count(bg.iterations as f64, full),
    ]];
    if let Some(gg) = gg {
        fits.push(vec![
            "Gamma-Gamma".into(),
            count(gg.customers, full),
            number(gg.loglik, full, loglik),
            lang::text("yes").into(),
            count(gg.iterations as f64, full),
        ]);
    }
    let unit = flag_value(&cfg.time_unit).unwrap_or_default();
    let totals_rows = vec![
        vec![labels::column("customers"), count(t.customers as f64, full)],
        vec![
            lang::fill("clv_horizon", &[("units", lang::units(&unit))]),
            number(cfg.horizon, full, units),
        ],
        vec![
            labels::column("expected_purchases"),
            number(t.expected_purchases, full, ratio),
        ],
        vec![labels::column("expected_revenue"), opt(t.expected_revenue)],
        vec![
            lang::fill(
                "clv_total",
                &[
                    ("months", &meta["clv_months"].to_string()),
                    ("rate", &(cfg.discount_rate * 100.0).to_string()),
                ],
            ),
            opt(t.total_clv),
        ],
        vec![
            labels::column("share_p_alive_below_half"),
            number(t.share_p_alive_below_half, full, share),
        ],
    ];
    let decile_rows: Vec<Vec<String>> = t
        .deciles
        .iter()
        .map(|d| {
            vec![
                count(d.decile as f64, full),
                count(d.customers as f64, full),
                number(d.mean_clv, full, money),
                number(d.share, full, share),
            ]
        })
        .collect();
    // Every column holds numbers but these.
    let text = ["model", "parameter", "metric", "converged"];
    let table = |title: &'static str, header: &[&str], rows| SheetTable {
        title: lang::text(title).into(),
        header: header.iter().map(|h| (*h).to_string()).collect(),
        rows,
        numeric: header.iter().map(|h| !text.contains(h)).collect(),
    };
    let mut tables = vec![
        table(
            "clv_models",
            &["model", "parameter", "estimate", "se"],
            params,
        ),
        table(
            "clv_fits",
            &["model", "customers", "loglik", "converged", "iterations"],
            fits,
        ),
        table("clv_over", &["metric", "value"], totals_rows),
    ];
    if !decile_rows.is_empty() {
        tables.push(table(
            "clv_deciles",
            &["decile", "customers", "mean_clv", "share"],
            decile_rows,
        ));
    }

    let mut json = meta;
    json.insert("customers".into(), json!(t.customers));
    json.insert("bgnbd".into(), named(&BGNBD, &bg.params));
    json.insert("bgnbd_se".into(), named(&BGNBD, &bg.se));
    json.insert(
        "gamma_gamma".into(),
        gg.map_or(Json::Null, |g| named(&GAMMA_GAMMA, &g.params)),
    );
    json.insert(
        "gamma_gamma_se".into(),
        gg.map_or(Json::Null, |g| named(&GAMMA_GAMMA, &g.se)),
    );
    json.insert(
        "loglik".into(),
        json!({ "bgnbd": bg.loglik, "gamma_gamma": gg.map(|g| g.loglik) }),
    );
    json.insert("converged".into(), json!(true));
    json.insert(
        "iterations".into(),
        json!({ "bgnbd": bg.iterations, "gamma_gamma": gg.map(|g| g.iterations) }),
    );
    json.insert(
        "gamma_gamma_customers".into(),
        json!(gg.map(|g| g.customers as u64)),
    );
    json.insert(
        "gamma_gamma_left_out".into(),
        json!({ "no_repeat_purchase": models.gg_one_time, "non_positive_spend": models.gg_non_positive }),
    );
    json.insert("expected_purchases".into(), json!(t.expected_purchases));
    json.insert("expected_revenue".into(), json!(t.expected_revenue));
    json.insert("total_clv".into(), json!(t.total_clv));
    json.insert(
        "share_p_alive_below_half".into(),
        json!(t.share_p_alive_below_half),
    );
    json.insert(
        "clv_deciles".into(),
        json!(t
            .deciles
            .iter()
            .map(|d| json!({ "decile": d.decile, "customers": d.customers, "mean_clv": d.mean_clv, "share": d.share }))
            .collect::<Vec<_>>()),
    );
    Sheet {
        command: "clv",
        title: lang::text("clv_title").into(),
        tables,
        json,
        notes,
    }
}
