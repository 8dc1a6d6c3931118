//! `engage survey FILE --orders FILE... --by-customer GROUPING`: survey
//! responses linked to the respondents' orders. Reads both sides with
//! their own loaders, links each response's customer value to an order
//! customer id, and hands the rest to `metrics::feedback` (groups at the
//! response date, behaviour after it) over the per-customer stage. Owns
//! the match rate, its warning and the link errors.

use std::collections::HashMap;

use rayon::slice::ParallelSliceMut;

use anyhow::{anyhow, bail, Result};
use polars::prelude::DataFrame;
use serde_json::{json, Map};

use super::survey::{note_blanks, Scores, METRICS as SURVEY_METRICS};
use super::{day, flag_value, note_preset, unicode, warn_skipped};
use crate::cli::{CustomerGrouping, Period};
use crate::config::{usage, FeedbackConfig, SurveyConfig, UsageError};
use crate::input::orders::{self as orders_input, LoadedOrders};
use crate::input::surveys::{self as surveys_input, LoadedSurveys, CSAT, CUSTOMER, NPS};
use crate::input::{columns, Lookup, DATE};
use crate::metrics::compare::Change;
use crate::metrics::customers::CustomerTable;
use crate::metrics::feedback::{
    after, difference, groups, Answers, Behaviour, By, History, DETRACTORS, FEEDBACK_GROUPS,
    NOT_SATISFIED, PROMOTERS, SATISFIED,
};
use crate::metrics::rfm::SegmentRules;
use crate::metrics::survey::SurveyCounts;
use crate::report::feedback::{render, FeedbackReport, FeedbackTable};
use crate::report::human::plain;
use crate::report::lang;
use crate::report::{output::Target, Value};

/// Below this match rate (percent of the responses with a customer value
/// that link to an order customer) a warning says the ids probably differ.
pub const LOW_MATCH_PCT: f64 = 50.0;

/// A hash map with the fast hasher engage encodes ids with.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Ids shown as examples when nothing links.
const EXAMPLES: usize = 3;

/// The match table's columns.
const MATCH: [&str; 5] = [
    "responses",
    "with_customer",
    "linked",
    "match_rate",
    "linked_share",
];

/// The behaviour table's columns.
const AFTER: [&str; 10] = [
    "responses",
    "ordered_again",
    "ordered_again_pct",
    "ordered_again_low",
    "ordered_again_high",
    "orders",
    "orders_per_respondent",
    "revenue",
    "revenue_per_respondent",
    "aov",
];

/// The differences table's columns, one row per (comparison, metric).
const DIFFERENCE: [&str; 4] = ["difference", "low", "high", "significant"];

/// The group of responses that link to no order customer.
pub const UNLINKED: &str = "unlinked";

/// The responses as the metrics read them: in the `--since`/`--until`
/// range, with a date.
struct Responses<'a> {
    /// The distinct customer values that link to no order customer, in
    /// the order first seen.
    unlinked: Vec<&'a str>,
    /// Each response's respondent, when it has a customer value: its order
    /// customer code when the value links, else `UNLINKED_FROM` plus the
    /// value's index in `unlinked` (one number per distinct value).
    value: Vec<Option<u64>>,
    /// Each response's order customer code, when its value links.
    customer: Vec<Option<u32>>,
    day: Vec<i32>,
    nps: Vec<Option<u8>>,
    csat: Vec<Option<u8>>,
}

/// The fix the order loader names for a blank customer id, and what
/// `engage survey` says instead: it has no `--guest-orders` flag, and an
/// order without a customer links to no response, so leaving it out (the
/// config key, which it honours) is the fix.
const GUEST_FIX: (&str, &str) = (
    "count such orders as guest orders with --guest-orders include \
     (or leave them out with --guest-orders skip)",
    "leave such orders out with guest_orders = \"skip\" under [defaults] in \
     engage.toml (they link to no response)",
);

/// A message about the order files with the flags of `engage survey`
/// that map their columns (`--orders-amount-col` for `--amount-col`...).
fn with_order_flags(text: &str) -> String {
    let mut text = text.to_string();
    for flag in [
        "--customer-col",
        "--date-col",
        "--amount-col",
        "--line-items",
        "--quantity-col",
        "--unit-price-col",
    ] {
        text = text.replace(flag, &format!("--orders-{}", &flag[2..]));
    }
    text.replace(GUEST_FIX.0, GUEST_FIX.1)
}

/// A loader's error with the side named and, on the order side, the flags
/// of `engage survey` that map the order columns.
fn side(name: &'static str) -> impl Fn(anyhow::Error) -> anyhow::Error {
    move |e| {
        let mut text = format!("{name}: {e:#}");
        if name == "orders" {
            text = with_order_flags(&text);
        }
        match e.downcast_ref::<UsageError>() {
            Some(_) => usage(text),
            None => anyhow!(text),
        }
    }
}

fn internal(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("internal error while linking responses to orders: {e}")
}

pub fn run(cfg: FeedbackConfig) -> Result<()> {
    let files: Vec<String> = cfg
        .surveys
        .files
        .iter()
        .chain(&cfg.orders.files)
        .cloned()
        .collect();
    let target = Target::open(cfg.surveys.output.path.as_deref(), &files)?;
    let quiet = cfg.surveys.output.quiet;
    let (scfg, ssources, sloaded) = surveys_input::load(&cfg.surveys).map_err(side("surveys"))?;
    for (source, c) in ssources.iter().zip(&sloaded.columns) {
        if c.customer.is_none() {
            bail!(
                "surveys: {}: no customer column to link responses to orders (found: {}); \
                 map one with --customer-col COLUMN",
                source.name,
                columns::list(&c.header)
            );
        }
    }
    let (ocfg, osources, oloaded) = orders_input::load(&cfg.orders).map_err(side("orders"))?;
    // Notes once both sides are read: a failed read shows its one error.
    note_preset(&sloaded.preset, &ssources, quiet);
    warn_skipped(&sloaded.skipped, quiet);
    note_blanks(&sloaded, quiet);
    note_preset(&oloaded.preset, &osources, quiet);
    warn_skipped(&oloaded.skipped, quiet);
    if !quiet {
        for w in super::orders::folding_warnings(&oloaded) {
            eprintln!("engage: warning: orders: {}", with_order_flags(&w));
        }
    }
    // Each side's dates decide the groups and windows: the Buddhist-era
    // warning of `engage survey` and `engage orders`, with the side named.
    let sides = [
        ("surveys", &sloaded.frame, &scfg.input),
        ("orders", &oloaded.frame, &ocfg.input),
    ];
    for (name, frame, input) in sides {
        if let (false, Some(hint)) = (quiet, super::calendar_hint(frame, input)) {
            eprintln!("engage: warning: {name}: {hint}");
        }
    }

    let settings = Settings {
        grouping: cfg.grouping,
        cohort_by: cfg.cohort_by,
        after: cfg.after,
        rules: &cfg.rules,
        quiet,
    };
    let mut report = compute(&settings, &scfg, &sloaded, &oloaded, None)?;
    report.title = format!("engage survey: {}", report.title);
    report.meta.insert(
        "surveys".into(),
        json!(super::survey::meta(&scfg, &ssources, &sloaded)),
    );
    let range = order_range(&oloaded.frame)?;
    report.meta.insert(
        "orders".into(),
        json!(super::orders::meta(&ocfg, &osources, &oloaded, Some(range))),
    );
    let bytes = render(&report, cfg.surveys.output.format, unicode(&target))?;
    target.write_sheet(cfg.surveys.output.sheet, |w| Ok(w.write_all(&bytes)?))
}

/// How respondents are grouped and how long their window is.
pub struct Settings<'a> {
    pub grouping: CustomerGrouping,
    /// The cohort period of `--by-customer cohort`.
    pub cohort_by: Period,
    pub after: u32,
    pub rules: &'a SegmentRules,
    /// No warning on stderr.
    pub quiet: bool,
}

/// The feedback report of loaded responses (with dates and customer
/// values, in `scfg`'s `--since`/`--until` range) and orders (with dates
/// and customer ids, all of them history): the match table, NPS and CSAT
/// by group, behaviour after answering and the differences. `table` is the
/// per-customer stage over those orders, when the caller has built it. The metadata
/// holds the grouping, window and order data range; the inputs' are the
/// caller's.
pub fn compute(
    s: &Settings,
    scfg: &SurveyConfig,
    sloaded: &LoadedSurveys,
    oloaded: &LoadedOrders,
    table: Option<&CustomerTable>,
) -> Result<FeedbackReport> {
    let frame = &oloaded.frame;
    let built;
    let table = match table {
        Some(t) => t,
        None => {
            built = CustomerTable::of_frame(frame, None)
                .map_err(internal)?
                .ok_or_else(|| internal("orders read without dates"))?;
            &built
        }
    };
    let range = order_range(frame)?;
    let history = History::of_frame(table, frame).map_err(internal)?;
    let lookup = oloaded
        .customer_lookup
        .as_ref()
        .ok_or_else(|| internal("orders read without their customer ids"))?;
    // A customer has orders to link to when the per-customer stage has
    // some: a batched read numbers ids before the status filter, so a
    // customer whose every order was dropped has a code but no history
    // (the whole read numbers counted orders only).
    let counted = |c: u32| (c as usize) < table.n_codes() && !table.rows_of(c as usize).is_empty();
    let responses = link(scfg, &sloaded.frame, lookup, counted)?;
    let matched = check_match(&responses, lookup, counted)?;
    if let (Some(rate), false) = (matched.rate, s.quiet) {
        if rate < LOW_MATCH_PCT {
            eprintln!("engage: warning: {}", low_match_note(&matched));
        }
    }

    let by = match s.grouping {
        CustomerGrouping::History => By::History,
        CustomerGrouping::Rfm => By::Rfm(s.rules),
        CustomerGrouping::Spend => By::Spend,
        CustomerGrouping::Cohort => By::Cohort(s.cohort_by),
    };
    let mut grouped = groups(&history, &responses.customer, &responses.day, by);
    if s.grouping == CustomerGrouping::Rfm {
        // The segments after `new`: for people, the default table's names
        // in `--lang`, as `engage customers` shows them.
        let names = crate::report::lang::segment_names(s.rules, scfg.output.for_people());
        grouped.names.splice(1.., names);
    }
    let scores = Scores::of(scfg, sloaded);
    let by_group = group_table(s.grouping, &grouped, &responses, &scores);
    let answers = Answers {
        nps: &responses.nps,
        csat: &responses.csat,
        satisfied_from: scfg.csat_satisfied,
    };
    let behaviour = after(
        &history,
        &responses.customer,
        &responses.day,
        &answers,
        s.after,
        range.1,
    );

    let mut notes = Vec::new();
    if matched.rate.is_some_and(|r| r < LOW_MATCH_PCT) {
        notes.push(low_match_note(&matched));
    }
    notes.push(lang::fill("fb_rule", &[("days", &s.after.to_string())]));
    if behaviour.window_incomplete > 0 {
        notes.push(lang::fill(
            lang::one_or_many(
                behaviour.window_incomplete,
                "fb_left_out_one",
                "fb_left_out",
            ),
            &[
                ("n", &behaviour.window_incomplete.to_string()),
                ("days", &s.after.to_string()),
                ("last", &day(range.1)),
            ],
        ));
    }
    let families: Vec<usize> = (0..FEEDBACK_GROUPS.len())
        .filter(|&g| match g {
            SATISFIED | NOT_SATISFIED => scores.has_csat,
            _ => scores.has_nps,
        })
        .collect();
    let comparisons: Vec<(&str, usize, usize)> = [
        ("promoters - detractors", PROMOTERS, DETRACTORS),
        ("satisfied - not satisfied", SATISFIED, NOT_SATISFIED),
    ]
    .into_iter()
    .filter(|(_, a, _)| families.contains(a))
    .collect();
    let sentence = spend_sentence(&behaviour.groups, s.after);
    notes.extend(sentence.clone());
    let after_table = FeedbackTable {
        name: "after",
        title: lang::fill("fb_after", &[("days", &s.after.to_string())]),
        keys: vec!["group"],
        metrics: AFTER.to_vec(),
        rows: families
            .iter()
            .map(|&g| {
                (
                    vec![FEEDBACK_GROUPS[g].to_string()],
                    behaviour_values(&behaviour.groups[g]),
                )
            })
            .collect(),
        shown: AFTER.to_vec(),
    };
    let differences = FeedbackTable {
        name: "differences",
        title: lang::text("fb_differences").into(),
        keys: vec!["comparison", "metric"],
        metrics: DIFFERENCE.to_vec(),
        rows: comparisons
            .iter()
            .flat_map(|&(name, a, b)| {
                difference_rows(name, &behaviour.groups[a], &behaviour.groups[b])
            })
            .collect(),
        shown: DIFFERENCE.to_vec(),
    };

    let mut meta = Map::new();
    meta.insert("by_customer".into(), json!(flag_value(&s.grouping)));
    if s.grouping == CustomerGrouping::Cohort {
        meta.insert("cohort_by".into(), json!(flag_value(&s.cohort_by)));
    }
    meta.insert("after_days".into(), json!(s.after));
    meta.insert(
        "order_data_range".into(),
        json!({ "first": day(range.0), "last": day(range.1) }),
    );
    meta.insert(
        "window_incomplete".into(),
        json!(behaviour.window_incomplete),
    );
    meta.insert(
        "orders_on_response_day".into(),
        json!(behaviour.orders_on_response_day),
    );
    let grouping = match s.grouping {
        CustomerGrouping::Cohort => {
            let by = flag_value(&s.cohort_by).unwrap_or_default();
            lang::fill("fbg_cohort", &[("unit", lang::unit(&by))])
        }
        CustomerGrouping::History => lang::text("fbg_history").into(),
        CustomerGrouping::Rfm => lang::text("fbg_rfm").into(),
        CustomerGrouping::Spend => lang::text("fbg_spend").into(),
    };
    let nps_by_group = by_group
        .rows
        .iter()
        .filter(|(k, _)| k[0] != "all")
        .filter_map(|(k, v)| {
            let at = |m: &str| {
                let i = by_group.metrics.iter().position(|x| *x == m)?;
                v[i].number()
            };
            Some((k[0].clone(), at("nps")?, at("nps_margin")?))
        })
        .collect();
    Ok(FeedbackReport {
        title: lang::fill(
            "fb_title",
            &[
                ("grouping", &grouping),
                ("n", &responses.day.len().to_string()),
            ],
        ),
        tables: vec![match_table(&matched), by_group, after_table, differences],
        meta,
        notes,
        nps_by_group,
        sentence,
    })
}

/// The first and last counted order day.
fn order_range(frame: &DataFrame) -> Result<(i32, i32)> {
    use polars::prelude::ChunkAgg;
    let days = frame
        .column(DATE)
        .map_err(internal)?
        .i32()
        .map_err(internal)?;
    days.min()
        .zip(days.max())
        .ok_or_else(|| anyhow!("orders: no counted orders with a date"))
}

/// Respondents whose value links to no order customer are numbered from
/// here (order customer codes are `u32`).
const UNLINKED_FROM: u64 = 1 << 32;

/// The responses in the range, each linked to the order customer whose id
/// equals its customer value (both trimmed, e-mails lower-cased).
fn link<'a>(
    cfg: &SurveyConfig,
    frame: &'a DataFrame,
    lookup: &Lookup,
    counted: impl Fn(u32) -> bool,
) -> Result<Responses<'a>> {
    let answers = |name: &str| -> Result<Vec<Option<u8>>> {
        let ca = frame
            .column(name)
            .map_err(internal)?
            .i32()
            .map_err(internal)?;
        Ok(ca
            .iter()
            .map(|v| v.and_then(|x| u8::try_from(x).ok()))
            .collect())
    };
    let (nps, csat) = (answers(NPS)?, answers(CSAT)?);
    let days = frame
        .column(DATE)
        .map_err(internal)?
        .i32()
        .map_err(internal)?;
    let values = frame
        .column(CUSTOMER)
        .map_err(internal)?
        .str()
        .map_err(internal)?;
    let scope = &cfg.scope;
    let mut r = Responses {
        unlinked: Vec::new(),
        value: Vec::new(),
        customer: Vec::new(),
        day: Vec::new(),
        nps: Vec::new(),
        csat: Vec::new(),
    };
    let mut texts: Vec<Option<&str>> = Vec::new();
    for (i, (d, v)) in days.iter().zip(values.iter()).enumerate() {
        let Some(d) = d else { continue };
        if scope.since.is_some_and(|s| d < s) || scope.until.is_some_and(|u| d > u) {
            continue;
        }
        texts.push(v);
        r.day.push(d);
        r.nps.push(nps[i]);
        r.csat.push(csat[i]);
    }
    // Each value looked up in the order read's own id tables (no order id
    // is hashed again); only the values that link to no order customer
    // are numbered here.
    r.customer = lookup.codes(&texts);
    for c in &mut r.customer {
        *c = c.filter(|&c| counted(c));
    }
    let mut index: FastMap<&str, u64> = FastMap::default();
    r.value = texts
        .iter()
        .zip(&r.customer)
        .map(|(v, c)| match (v, c) {
            (_, Some(c)) => Some(u64::from(*c)),
            (Some(v), None) => Some(*index.entry(v).or_insert_with(|| {
                r.unlinked.push(v);
                UNLINKED_FROM + r.unlinked.len() as u64 - 1
            })),
            (None, None) => None,
        })
        .collect();
    if r.day.is_empty() {
        bail!(
            "surveys: no responses between {} and {}",
            scope.since.map_or("the start".into(), day),
            scope.until.map_or("the end".into(), day)
        );
    }
    Ok(r)
}

/// Responses, those with a customer value, those linked, and the rates.
struct Matched {
    responses: u64,
    with_customer: u64,
    linked: u64,
    /// 100 * linked / with_customer.
    rate: Option<f64>,
    /// 100 * linked / responses.
    share: f64,
}

/// The match counts; no link at all is an error that shows ids of both
/// sides, so that a different id scheme shows at once.
fn check_match(
    r: &Responses,
    order_ids: &Lookup,
    counted: impl Fn(u32) -> bool,
) -> Result<Matched> {
    let with_customer = r.value.iter().flatten().count() as u64;
    let linked = r.customer.iter().flatten().count() as u64;
    let responses = r.day.len() as u64;
    let m = Matched {
        responses,
        with_customer,
        linked,
        rate: (with_customer > 0).then(|| 100.0 * linked as f64 / with_customer as f64),
        share: 100.0 * linked as f64 / responses as f64,
    };
    if with_customer == 0 {
        bail!(
            "surveys: no response has a customer value ({responses} responses, every \
             customer cell blank); map the column with the respondent's id or e-mail \
             with --customer-col COLUMN"
        );
    }
    if linked == 0 {
        let quote = |ids: Vec<&str>| {
            ids.iter()
                .map(|s| format!("'{}'", crate::text::shorten(s)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // No value links: `unlinked` holds every value.
        let survey_ids: Vec<&str> = r.unlinked.iter().copied().take(EXAMPLES).collect();
        // The smallest ids: the same examples whatever order codes were
        // given in.
        let order_examples = order_ids.smallest(EXAMPLES, counted);
        let order_examples: Vec<&str> = order_examples.iter().map(String::as_str).collect();
        bail!(
            "no response links to an order customer: match rate 0% (0 of {with_customer} \
             responses with a customer value); survey ids: {}; order customer ids: {}; \
             the two sides must use the same ids (or both e-mails): map other columns \
             with --customer-col (surveys) or --orders-customer-col",
            quote(survey_ids),
            quote(order_examples)
        );
    }
    Ok(m)
}

fn low_match_note(m: &Matched) -> String {
    format!(
        "only {:.1}% of the responses with a customer value ({} of {}) link to an order \
         customer: the survey may carry another id or id scheme (ids vs e-mails) than the \
         orders; check --customer-col and --orders-customer-col",
        m.rate.unwrap_or(0.0),
        m.linked,
        m.with_customer
    )
}

fn match_table(m: &Matched) -> FeedbackTable {
    FeedbackTable {
        name: "match",
        title: lang::text("fb_match").into(),
        keys: vec!["group"],
        metrics: MATCH.to_vec(),
        rows: vec![(
            vec!["all".into()],
            vec![
                Value::Count(m.responses),
                Value::Count(m.with_customer),
                Value::Count(m.linked),
                Value::Percent(m.rate),
                Value::Percent(Some(m.share)),
            ],
        )],
        shown: MATCH.to_vec(),
    }
}

/// NPS and CSAT per customer group (groups with responses, in the
/// grouping's order), then `unlinked` and `all`.
fn group_table(
    grouping: CustomerGrouping,
    g: &crate::metrics::feedback::Groups,
    r: &Responses,
    scores: &Scores,
) -> FeedbackTable {
    let n = g.names.len();
    let mut counts = vec![SurveyCounts::default(); n + 2];
    let mut responses = vec![0u64; n + 2];
    // (group, customer value) pairs, counted once each below.
    let mut respondents: Vec<(u32, u64)> = Vec::with_capacity(2 * r.day.len());
    for i in 0..r.day.len() {
        let k = g.of[i].map_or(n, |k| k as usize);
        for k in [k, n + 1] {
            if let Some(a) = r.nps[i] {
                counts[k].nps[usize::from(a)] += 1;
            }
            if let Some(a) = r.csat[i] {
                counts[k].csat[usize::from(a)] += 1;
            }
            responses[k] += 1;
            if let Some(v) = r.value[i] {
                respondents.push((k as u32, v));
            }
        }
    }
    respondents.par_sort_unstable();
    respondents.dedup();
    let mut distinct = vec![0u64; n + 2];
    for &(k, _) in &respondents {
        distinct[k as usize] += 1;
    }
    let names = g.names.iter().map(String::as_str).chain([UNLINKED, "all"]);
    let rows = names
        .enumerate()
        .filter(|&(k, _)| responses[k] > 0)
        .map(|(k, name)| {
            let mut values = vec![Value::Count(responses[k]), Value::Count(distinct[k])];
            values.extend(scores.values(&counts[k]));
            (vec![name.to_string()], values)
        })
        .collect();
    let mut metrics = vec!["responses", "respondents"];
    metrics.extend(SURVEY_METRICS);
    let mut shown = vec!["responses", "respondents"];
    if scores.has_nps {
        shown.extend(["nps_responses", "nps", "nps_margin"]);
    }
    if scores.has_csat {
        shown.extend(["csat_responses", "csat", "csat_low", "csat_high"]);
    }
    let what = lang::text(match grouping {
        CustomerGrouping::History => "fb_history",
        CustomerGrouping::Rfm => "fb_rfm",
        CustomerGrouping::Spend => "fb_quartile",
        CustomerGrouping::Cohort => "fb_cohort",
    });
    FeedbackTable {
        name: "by_group",
        title: lang::fill("fb_by_group", &[("what", what)]),
        keys: vec!["group"],
        metrics,
        rows,
        shown,
    }
}

fn behaviour_values(b: &Behaviour) -> Vec<Value> {
    let interval = b.ordered_again_interval();
    vec![
        Value::Count(b.responses),
        Value::Count(b.ordered_again),
        Value::Percent(b.ordered_again_pct()),
        Value::Percent(interval.map(|i| i.0)),
        Value::Percent(interval.map(|i| i.1)),
        Value::Count(b.amounts.0.len() as u64),
        Value::Ratio(b.orders.mean()),
        Value::Cents(b.cents),
        Value::Money(b.revenue.mean()),
        Value::Money(b.aov()),
    ]
}

/// One row per behaviour metric: the difference a - b, its interval and
/// whether it is significant.
fn difference_rows(name: &str, a: &Behaviour, b: &Behaviour) -> Vec<(Vec<String>, Vec<Value>)> {
    let d = difference(a, b);
    let row = |metric: &str, c: Option<Change>, kind: fn(Option<f64>) -> Value| {
        (
            vec![name.to_string(), metric.to_string()],
            vec![
                kind(c.map(|c| c.delta)),
                kind(c.map(|c| c.low)),
                kind(c.map(|c| c.high)),
                c.map_or(Value::Null, |c| Value::Flag(c.significant())),
            ],
        )
    };
    vec![
        row("ordered_again_pct", d.ordered_again_pct, Value::Points),
        row("orders_per_respondent", d.orders_per_response, Value::Ratio),
        row(
            "revenue_per_respondent",
            d.revenue_per_response,
            Value::Money,
        ),
        row("aov", d.aov, Value::Money),
    ]
}

/// "Promoters spent 45.20 vs detractors 12.10 per respondent in the 90
/// days after answering", when that difference is significant.
pub fn spend_sentence(groups: &[Behaviour; 5], after: u32) -> Option<String> {
    let (p, d) = (&groups[PROMOTERS], &groups[DETRACTORS]);
    let c = difference(p, d).revenue_per_response?;
    if !c.significant() {
        return None;
    }
    let money = |x: Option<f64>| plain(&Value::Money(x));
    Some(lang::fill(
        "fb_spend",
        &[
            ("promoters", &money(p.revenue.mean())),
            ("detractors", &money(d.revenue.mean())),
            ("days", &after.to_string()),
            ("difference", &money(Some(c.delta))),
            ("low", &money(Some(c.low))),
            ("high", &money(Some(c.high))),
        ],
    ))
}
