//! `engage survey`: survey exports in, NPS and CSAT out.

use anyhow::{bail, Result};
use serde_json::{json, Map};

use super::{day, emit, keyed_rows, warn_skipped};
use crate::config::SurveyConfig;
use crate::input::surveys::{self as input, LoadedSurveys};
use crate::input::Source;
use crate::metrics::scope::Grouping;
use crate::metrics::survey::{survey_counts, SurveyCounts, LOW_SAMPLE};
use crate::report::{output::Target, Appendix, Report, Value};

/// Metric keys, in output order (METRICS.md), then the low-sample flag.
pub const METRICS: [&str; 16] = [
    "nps_responses",
    "promoters",
    "passives",
    "detractors",
    "promoters_pct",
    "passives_pct",
    "detractors_pct",
    "nps",
    "nps_margin",
    "csat_responses",
    "satisfied",
    "csat",
    "csat_mean",
    "csat_low",
    "csat_high",
    "low_sample",
];

/// How answer counts become metric values: which scores the data has and
/// where "satisfied" starts.
#[derive(Debug, Clone, Copy)]
pub struct Scores {
    pub has_nps: bool,
    pub has_csat: bool,
    pub satisfied_from: u8,
}

impl Scores {
    pub fn of(cfg: &SurveyConfig, loaded: &LoadedSurveys) -> Self {
        Scores {
            has_nps: loaded.has_nps,
            has_csat: loaded.has_csat,
            satisfied_from: cfg.csat_satisfied,
        }
    }

    /// The metric values of one scope, in `METRICS` order.
    pub fn values(&self, c: &SurveyCounts) -> Vec<Value> {
        let from = self.satisfied_from;
        let interval = c.csat_interval(from);
        vec![
            Value::Count(c.nps_responses()),
            Value::Count(c.promoters()),
            Value::Count(c.passives()),
            Value::Count(c.detractors()),
            Value::Percent(c.nps_pct(c.promoters())),
            Value::Percent(c.nps_pct(c.passives())),
            Value::Percent(c.nps_pct(c.detractors())),
            Value::Points(c.nps()),
            Value::Points(c.nps_margin()),
            Value::Count(c.csat_responses()),
            Value::Count(c.satisfied(from)),
            Value::Percent(c.csat(from)),
            Value::Ratio(c.csat_mean()),
            Value::Percent(interval.map(|i| i.0)),
            Value::Percent(interval.map(|i| i.1)),
            Value::Flag(c.low_sample(self.has_nps, self.has_csat)),
        ]
    }
}

/// `engage: note: 2 blank NPS answers left out`, on stderr; and which
/// label set CSAT answers were read in, when they were labels.
pub fn note_blanks(loaded: &LoadedSurveys, quiet: bool) {
    if quiet {
        return;
    }
    if let Some(m) = &loaded.csat_labels {
        let s = &m.set;
        eprintln!(
            "engage: note: CSAT answers read as labels of the set '{}' ({}; satisfied from {} = {})",
            s.name,
            s.range(),
            s.satisfied_from,
            s.shown(usize::from(s.satisfied_from))
        );
    }
    for (n, what) in [(loaded.blank_nps, "NPS"), (loaded.blank_csat, "CSAT")] {
        if n > 0 {
            let s = if n == 1 { "" } else { "s" };
            eprintln!("engage: note: {n} blank {what} answer{s} left out");
        }
    }
}

pub fn run(cfg: SurveyConfig) -> Result<()> {
    let target = Target::open(cfg.output.path.as_deref(), &cfg.files)?;
    let (cfg, sources, loaded) = input::load(&cfg)?;
    super::note_preset(&loaded.preset, &sources, cfg.output.quiet);
    super::note_calendar(&loaded.frame, &cfg.input, cfg.output.quiet);
    warn_skipped(&loaded.skipped, cfg.output.quiet);
    note_blanks(&loaded, cfg.output.quiet);
    let report = build(&cfg, &sources, &loaded)?;
    emit(&report, &cfg.output, target)
}

fn build(cfg: &SurveyConfig, sources: &[Source], loaded: &LoadedSurveys) -> Result<Report> {
    let scope = &cfg.scope;
    let grouping = Grouping::of(scope);
    let (rows, total) = survey_counts(&loaded.frame, &grouping)
        .map_err(|e| anyhow::anyhow!("internal error while computing survey metrics: {e}"))?;
    if total.nps_responses() + total.csat_responses() == 0 {
        match (scope.since, scope.until) {
            (None, None) => bail!("no NPS or CSAT answers: every answer is blank"),
            (since, until) => bail!(
                "no NPS or CSAT answers between {} and {}",
                since.map_or("the start".into(), day),
                until.map_or("the end".into(), day)
            ),
        }
    }
    let read = Scores::of(cfg, loaded);
    let values = |c: &SurveyCounts| read.values(c);
    let scale = usize::from(cfg.csat_scale);
    let extra = |c: &SurveyCounts| {
        vec![
            ("nps_distribution".to_string(), json!(c.nps)),
            ("csat_distribution".to_string(), json!(c.csat[1..=scale])),
        ]
    };
    let (key_names, report_rows, report_total) =
        keyed_rows(scope, &loaded.segment_values, &rows, &total, values, extra);
    let low = report_rows
        .iter()
        .chain(&report_total)
        .filter(|r| r.values.last() == Some(&Value::Flag(true)))
        .count();
    let mut notes = Vec::new();
    if low > 0 {
        let key = crate::report::lang::one_or_many(low as u64, "low_sample_row", "low_sample_rows");
        notes.push(crate::report::lang::fill(
            key,
            &[("rows", &low.to_string()), ("n", &LOW_SAMPLE.to_string())],
        ));
    }
    let appendix = read
        .has_nps
        .then(|| distribution(&total))
        .into_iter()
        .collect();
    Ok(Report {
        command: "survey",
        key_names,
        metric_names: METRICS.map(Into::into).to_vec(),
        rows: report_rows,
        total: report_total,
        meta: meta(cfg, sources, loaded),
        notes,
        appendix,
    })
}

/// The NPS answers 0-10 over the whole range, for people.
fn distribution(total: &SurveyCounts) -> Appendix {
    use crate::report::lang;
    let n = total.nps_responses();
    Appendix {
        title: lang::text("nps_answers_whole").into(),
        header: ["answer", "responses", "share"]
            .map(|k| lang::text(k).into())
            .into(),
        rows: (0..=10)
            .map(|k| {
                let count = total.nps[k];
                let pct = (n > 0).then(|| 100.0 * count as f64 / n as f64);
                vec![
                    lang::digits(k.to_string()),
                    crate::report::human::cell(&Value::Count(count)),
                    crate::report::human::cell(&Value::Percent(pct)),
                ]
            })
            .collect(),
    }
}

pub fn meta(
    cfg: &SurveyConfig,
    sources: &[Source],
    loaded: &LoadedSurveys,
) -> Map<String, serde_json::Value> {
    let columns = sources
        .iter()
        .zip(&loaded.columns)
        .map(|(source, c)| {
            let name = |i: Option<usize>| i.map(|i| c.header[i].clone());
            json!({
                "file": source.name,
                "nps": name(c.nps),
                "csat": name(c.csat),
                "submitted_at": name(c.date),
                "customer_id": name(c.customer),
                "segments": c.segments.iter().map(|&i| c.header[i].clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut filters = Map::new();
    filters.insert("csat_scale".into(), json!(cfg.csat_scale));
    filters.insert("csat_satisfied_from".into(), json!(cfg.csat_satisfied));
    // The label set CSAT answers were read in (null: numbers).
    filters.insert(
        "csat_labels".into(),
        json!(loaded.csat_labels.as_ref().map(|m| &m.set.name)),
    );
    let mut extra = Map::new();
    extra.insert(
        "blank_answers".into(),
        json!({ "nps": loaded.blank_nps, "csat": loaded.blank_csat }),
    );
    super::meta(
        sources,
        loaded.preset.as_ref(),
        columns,
        &cfg.scope,
        cfg.input.zone,
        filters,
        loaded.rows_read,
        &loaded.skipped,
        extra,
    )
}
