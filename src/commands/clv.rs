//! `engage clv`: per-customer (frequency, recency, T, monetary value) in,
//! fitted BG/NBD and Gamma-Gamma models, per-customer predictions and
//! their summary out. The numerics are `metrics::clv`.

use anyhow::Result;
use serde_json::{json, Map, Value as Json};

use super::{flag_value, unicode};
use crate::cli::{Format, TimeUnit};
use crate::config::ClvConfig;
use crate::input::{self, summary::Summary};
use crate::metrics::clv::predict::{fit, predict, totals, Customers, Horizon, Models, Totals};
use crate::metrics::clv::{MonthlyDiscount, DAYS_PER_MONTH, WEEKS_PER_MONTH};
use crate::report::clv::{render, CustomerTable};
use crate::report::{output::Target, render_sheet, Sheet, SheetTable};

/// BG/NBD parameter names, in output order.
const BGNBD: [&str; 4] = ["r", "alpha", "a", "b"];
/// Gamma-Gamma parameter names, in output order.
const GAMMA_GAMMA: [&str; 3] = ["p", "q", "gamma"];

pub fn run(cfg: ClvConfig) -> Result<()> {
    let target = Target::open(cfg.output.path.as_deref())?;
    let sources = input::resolve_sources(&cfg.summary, &cfg.input)?;
    let summary = input::summary::load(&sources)?;
    let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
    let customers = Customers {
        frequency: &summary.frequency,
        recency: &summary.recency,
        t: &summary.t,
        monetary: summary.monetary.as_deref(),
    };
    if customers.frequency.is_empty() {
        anyhow::bail!("{}: no customers, only a header", names.join(", "));
    }
    let models = fit(&customers)?;
    let horizon = horizon(&cfg);
    let predictions = predict(&customers, &models, &horizon)?;
    let notes = notes(&models);
    if !cfg.output.quiet {
        for n in &notes {
            eprintln!("engage: note: {n}");
        }
    }
    let meta = meta(&cfg, &names, &horizon);
    let bytes = if cfg.customers {
        let mut columns: Vec<(&'static str, &[f64])> = vec![
            ("frequency", &summary.frequency),
            ("recency", &summary.recency),
            ("T", &summary.t),
        ];
        if let Some(m) = &summary.monetary {
            columns.push(("monetary_value", m));
        }
        columns.push(("p_alive", &predictions.p_alive));
        columns.push(("expected_purchases", &predictions.expected_purchases));
        if summary.monetary.is_some() {
            columns.push(("expected_avg_value", &predictions.expected_avg_value));
            columns.push(("clv", &predictions.clv));
        }
        let table = CustomerTable {
            ids: &summary.ids,
            columns,
        };
        render(&table, cfg.output.format, &meta, unicode(&target))?
    } else {
        let sheet = sheet(&cfg, &summary, &models, &totals(&predictions), meta, notes);
        render_sheet(&sheet, cfg.output.format, unicode(&target))?
    };
    target.write(&bytes)
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
fn notes(models: &Models) -> Vec<String> {
    let Some(gg) = &models.gamma_gamma else {
        return vec!["no monetary_value column: no spend model, expected value or CLV".into()];
    };
    vec![format!(
        "Gamma-Gamma fitted on {} repeat customers; left out {} with no repeat purchase (frequency 0) and {} whose monetary value is 0 or negative",
        gg.customers, models.gg_one_time, models.gg_non_positive
    )]
}

/// `inputs`, the time unit and the horizon with its discounting.
fn meta(cfg: &ClvConfig, names: &[&str], h: &Horizon) -> Map<String, Json> {
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
    summary: &Summary,
    models: &Models,
    t: &Totals,
    meta: Map<String, Json>,
    notes: Vec<String>,
) -> Sheet {
    let full = matches!(cfg.output.format, Format::Csv | Format::Json);
    let num = |x: f64| {
        if full {
            x.to_string()
        } else {
            format!("{x:.4}")
        }
    };
    let opt = |x: Option<f64>| x.map_or_else(|| "-".to_string(), num);
    let bg = &models.bgnbd;
    let gg = models.gamma_gamma.as_ref();

    let mut params: Vec<Vec<String>> = BGNBD
        .iter()
        .enumerate()
        .map(|(i, n)| {
            vec![
                "BG/NBD".into(),
                (*n).into(),
                num(bg.params[i]),
                num(bg.se[i]),
            ]
        })
        .collect();
    if let Some(gg) = gg {
        params.extend(GAMMA_GAMMA.iter().enumerate().map(|(i, n)| {
            vec![
                "Gamma-Gamma".into(),
                (*n).into(),
                num(gg.params[i]),
                num(gg.se[i]),
            ]
        }));
    }
    let mut fits = vec![vec![
        "BG/NBD".into(),
        bg.customers.to_string(),
        num(bg.loglik),
        "yes".into(),
        bg.iterations.to_string(),
    ]];
    if let Some(gg) = gg {
        fits.push(vec![
            "Gamma-Gamma".into(),
            gg.customers.to_string(),
            num(gg.loglik),
            "yes".into(),
            gg.iterations.to_string(),
        ]);
    }
    let unit = flag_value(&cfg.time_unit).unwrap_or_default();
    let totals_rows = vec![
        vec!["customers".into(), t.customers.to_string()],
        vec![format!("horizon ({unit}s)"), num(cfg.horizon)],
        vec!["expected_purchases".into(), num(t.expected_purchases)],
        vec!["expected_revenue".into(), opt(t.expected_revenue)],
        vec![
            format!(
                "total_clv ({} months, {}% a year)",
                meta["clv_months"],
                cfg.discount_rate * 100.0
            ),
            opt(t.total_clv),
        ],
        vec![
            "share_p_alive_below_half".into(),
            num(t.share_p_alive_below_half),
        ],
    ];
    let decile_rows: Vec<Vec<String>> = t
        .deciles
        .iter()
        .map(|d| {
            vec![
                d.decile.to_string(),
                d.customers.to_string(),
                num(d.mean_clv),
                num(d.share),
            ]
        })
        .collect();
    let table = |title: &str, header: &[&str], rows| SheetTable {
        title: title.into(),
        header: header.iter().map(|h| (*h).to_string()).collect(),
        rows,
    };
    let mut tables = vec![
        table("Models", &["model", "parameter", "estimate", "se"], params),
        table(
            "Fits",
            &["model", "customers", "loglik", "converged", "iterations"],
            fits,
        ),
        table("Over the horizon", &["metric", "value"], totals_rows),
    ];
    if !decile_rows.is_empty() {
        tables.push(table(
            "CLV deciles (1 = highest CLV)",
            &["decile", "customers", "mean_clv", "share"],
            decile_rows,
        ));
    }

    let mut json = meta;
    json.insert("customers".into(), json!(summary.ids.len()));
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
        title: "engage clv: BG/NBD and Gamma-Gamma".into(),
        tables,
        json,
        notes,
    }
}
