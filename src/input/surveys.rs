//! Survey exports -> one typed row per response.
//!
//! The same scan as for orders: only the mapped columns, parsed in place
//! (answers to whole numbers, dates to day numbers), collected once, then
//! validated. An unreadable or out-of-scale answer is a problem (an error
//! naming file, line and value, or a skipped row with `--skip-invalid`); a
//! blank answer is not: it is left out of that score and counted. CSAT
//! answers may be labels (`Very satisfied`): their set is chosen once the
//! column is read (see `labels`), and its length is the CSAT scale.

use std::collections::BTreeSet;
use std::sync::Arc;

use anyhow::{bail, Result};
use polars::prelude::*;

use super::columns;
use super::labels::{LabelSet, Matched, LABEL_BASE};
use super::loader;
use super::parse::{normalize_customer, parse_score, CellError};
use super::presets::{self, Chosen, Kind, Preset};
use super::validate::{date_check, internal, problem_codes, Check, Problem, Validator};
use super::{
    date_kind, encode_segments, names, read_header, scan_all, segment_column, trimmed, Cell,
    CellKind, Source, Typed, DATE,
};
use crate::config::{InputOptions, SurveyConfig};

/// Column names of the frame handed to `metrics`: answers as Int32, null
/// when blank (or when the file has no such column).
pub const NPS: &str = "_nps";
pub const CSAT: &str = "_csat";
/// The respondent's customer value (trimmed; e-mails lower-cased, as order
/// customer ids are), when `SurveyConfig::customer_ids` asks for it.
pub const CUSTOMER: &str = "_customer";

/// NPS answers run from 0 to 10.
pub const NPS_MAX: i32 = 10;

/// Which header column each role took, per file.
#[derive(Debug, Clone)]
pub struct FileColumns {
    pub header: Vec<String>,
    pub nps: Option<usize>,
    pub csat: Option<usize>,
    pub date: Option<usize>,
    pub customer: Option<usize>,
    pub segments: Vec<usize>,
}

pub struct LoadedSurveys {
    /// One row per valid response: _nps, _csat, _date (when dates are
    /// needed), _customer (when asked for), _seg0.. (u32 codes into
    /// `segment_values`).
    pub frame: DataFrame,
    pub segment_values: Vec<Vec<String>>,
    pub columns: Vec<FileColumns>,
    pub rows_read: u64,
    /// Whether any file has an NPS / a CSAT column.
    pub has_nps: bool,
    pub has_csat: bool,
    /// Blank answers among the valid responses, by score.
    pub blank_nps: u64,
    pub blank_csat: u64,
    pub skipped: super::Skipped,
    /// The first `file:line`s of each reason rows were skipped for (only
    /// when read for `engage check`).
    pub skipped_at: std::collections::BTreeMap<String, Vec<String>>,
    /// The preset the files were read with.
    pub preset: Option<Chosen>,
    /// The label set CSAT answers were read in, when they were labels.
    pub csat_labels: Option<Matched>,
}

/// Survey exports for the shared loader (see `loader`).
pub struct Surveys;

impl loader::Kind for Surveys {
    type Config = SurveyConfig;
    type Loaded = LoadedSurveys;
    const PRESETS: Kind = Kind::Surveys;

    fn files(cfg: &SurveyConfig) -> &[String] {
        &cfg.files
    }

    fn input(cfg: &SurveyConfig) -> &InputOptions {
        &cfg.input
    }

    fn apply(cfg: &mut SurveyConfig, preset: &Preset, sources: &mut [Source]) -> Result<()> {
        if let Some(labels) = &preset.csat_labels {
            // The set is named after its preset (the map `preset` is in).
            let name = cfg
                .input
                .presets
                .iter()
                .find(|(_, p)| std::ptr::eq(*p, preset))
                .map_or("preset", |(n, _)| n.as_str());
            let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
            let set = LabelSet::new(&format!("preset {name}"), &labels, None, None)
                .map_err(|e| crate::config::usage(format!("preset {name}: csat_labels: {e}")))?;
            cfg.labels = Arc::new(cfg.labels.with_first(set));
        }
        presets::apply_surveys(preset, sources, &mut cfg.input, &mut cfg.columns)
    }

    fn load_from(
        cfg: &SurveyConfig,
        sources: &[Source],
        positions: bool,
    ) -> Result<Option<LoadedSurveys>> {
        load_from(cfg, sources, positions)
    }

    fn set_preset(loaded: &mut LoadedSurveys, preset: Option<Chosen>) {
        loaded.preset = preset;
    }
}

/// See [`loader::prepare`].
pub fn prepare(cfg: &SurveyConfig) -> Result<(SurveyConfig, Vec<Source>, Option<Chosen>)> {
    loader::prepare::<Surveys>(cfg)
}

/// See [`loader::prepare_sources`].
pub fn prepare_sources(
    cfg: &SurveyConfig,
    sources: Vec<Source>,
) -> Result<(SurveyConfig, Vec<Source>, Option<Chosen>)> {
    loader::prepare_sources::<Surveys>(cfg, sources)
}

/// See [`loader::check_sources`].
pub fn check_sources(cfg: &SurveyConfig, sources: &[Source]) -> Result<LoadedSurveys> {
    loader::check_sources::<Surveys>(cfg, sources)
}

/// See [`loader::load`]; the configuration returned has the CSAT scale of
/// the label set the answers were read in ([`adopt_labels`]).
pub fn load(cfg: &SurveyConfig) -> Result<(SurveyConfig, Vec<Source>, LoadedSurveys)> {
    let (mut cfg, sources, loaded) = loader::load::<Surveys>(cfg)?;
    adopt_labels(&mut cfg, &loaded);
    Ok((cfg, sources, loaded))
}

/// When CSAT answers were labels: the scale is the set's length, and
/// "satisfied" starts where the set says unless `--csat-satisfied` was
/// given (checked against the set when read).
pub fn adopt_labels(cfg: &mut SurveyConfig, loaded: &LoadedSurveys) {
    if let Some(m) = &loaded.csat_labels {
        cfg.csat_scale = m.set.labels.len() as u8;
        if !cfg.csat_satisfied_given {
            cfg.csat_satisfied = m.set.satisfied_from;
        }
    }
}

/// See [`loader::load_sources`].
pub fn load_sources(cfg: &SurveyConfig, sources: &[Source]) -> Result<LoadedSurveys> {
    loader::load_sources::<Surveys>(cfg, sources)
}

fn load_from(
    cfg: &SurveyConfig,
    sources: &[Source],
    positions: bool,
) -> Result<Option<LoadedSurveys>> {
    let need_dates = cfg.scope.needs_dates();
    let (all, mapped) = scan_all(
        sources,
        "responses",
        positions,
        |source| map_columns(cfg, source, need_dates),
        |cols| typed(cfg, cols, need_dates),
    )?;
    let rows_read = all.height() as u64;
    let (all, csat_labels) = read_labels(cfg, sources, all, &mapped)?;
    let csat_scale = csat_labels
        .as_ref()
        .map_or(cfg.csat_scale, |m| m.set.labels.len() as u8);
    let headers = mapped.iter().map(|c| c.header.as_slice()).collect();
    let mut validator = Validator::new(sources, headers, cfg.scope.skip_invalid);
    let per_file = |f: fn(&FileColumns) -> Option<usize>| {
        mapped.iter().map(|c| f(c).unwrap_or(0)).collect::<Vec<_>>()
    };
    let mut checks = vec![
        score_check(
            per_file(|c| c.nps),
            NPS,
            0..=NPS_MAX,
            NPS_UNREADABLE,
            NPS_RANGE,
        ),
        score_check(
            per_file(|c| c.csat),
            CSAT,
            1..=i32::from(csat_scale),
            CSAT_UNREADABLE,
            match csat_labels {
                Some(_) => CSAT_LABEL_RANGE,
                None => csat_range(cfg.csat_scale),
            },
        ),
    ];
    if need_dates {
        checks.push(date_check(per_file(|c| c.date), Some(DATE_BLANK)));
    }
    let rows = validator.validate(all, &checks)?;
    if !validator.proceed(positions)? {
        return Ok(None);
    }
    if rows.height() == 0 {
        // As for orders: the first skipped row by its line.
        if !positions {
            return Ok(None);
        }
        let what = format!(
            "{}: no valid responses left after skipping invalid rows ({})",
            names(sources),
            validator.reasons()
        );
        return Err(validator.nothing_left(what, rows_read));
    }
    let has_nps = mapped.iter().any(|c| c.nps.is_some());
    let has_csat = mapped.iter().any(|c| c.csat.is_some());
    let blanks = |name: &str, has: bool| -> Result<u64> {
        Ok(match has {
            true => rows.column(name).map_err(|e| internal(&e))?.null_count() as u64,
            false => 0,
        })
    };
    let (blank_nps, blank_csat) = (blanks(NPS, has_nps)?, blanks(CSAT, has_csat)?);
    let mut columns = vec![
        rows.column(NPS).map_err(|e| internal(&e))?.clone(),
        rows.column(CSAT).map_err(|e| internal(&e))?.clone(),
    ];
    if need_dates {
        columns.push(rows.column(DATE).map_err(|e| internal(&e))?.clone());
    }
    if cfg.customer_ids {
        columns.push(rows.column(CUSTOMER).map_err(|e| internal(&e))?.clone());
    }
    let (segments, segment_values) =
        encode_segments(&rows, cfg.scope.segments.len(), Vec::new()).map_err(|e| internal(&e))?;
    columns.extend(segments);
    let frame = DataFrame::new_infer_height(columns).map_err(|e| internal(&e))?;
    let skipped_at = if positions {
        validator.examples()
    } else {
        Default::default()
    };
    let skipped = validator.into_counts();
    Ok(Some(LoadedSurveys {
        frame,
        segment_values,
        columns: mapped,
        rows_read,
        has_nps,
        has_csat,
        blank_nps,
        blank_csat,
        skipped,
        skipped_at,
        preset: None,
        csat_labels,
    }))
}

/// Whether any answer (a value that is not blank) is `f`: one pass over
/// each chunk's values and blanks side by side (polars' `max` and its
/// iterator of options over a column with blanks walk its set bits one at
/// a time).
fn any_answer(ca: &Int32Chunked, f: impl Fn(i32) -> bool) -> bool {
    ca.downcast_iter().any(|arr| match arr.validity() {
        None => arr.values().iter().any(|&x| f(x)),
        Some(valid) => arr
            .values()
            .iter()
            .zip(valid.iter())
            .any(|(&x, answered)| answered && f(x)),
    })
}

/// A CSAT value that is a label outside the chosen set (below any score
/// `parse_score` reads).
const OUTSIDE_SET: i32 = i32::MIN;

/// When CSAT answers are labels: the set they are read in, and the frame
/// with each label as its position in that set (a label outside it as
/// [`OUTSIDE_SET`]). Errors when `--csat-scale` or `--csat-satisfied`
/// contradict the set.
fn read_labels(
    cfg: &SurveyConfig,
    sources: &[Source],
    mut all: DataFrame,
    mapped: &[FileColumns],
) -> Result<(DataFrame, Option<Matched>)> {
    let ca = all
        .column(CSAT)
        .map_err(|e| internal(&e))?
        .i32()
        .map_err(|e| internal(&e))?;
    if !any_answer(ca, |v| v >= LABEL_BASE) {
        return Ok((all, None));
    }
    let seen: BTreeSet<u32> = ca
        .iter()
        .flatten()
        .filter(|&v| v >= LABEL_BASE)
        .map(|v| (v - LABEL_BASE) as u32)
        .collect();
    let headers: Vec<String> = mapped
        .iter()
        .filter_map(|c| c.csat.map(|i| c.header[i].clone()))
        .collect();
    let Some(matched) = cfg.labels.choose(&seen, &headers) else {
        return Ok((all, None));
    };
    let set = &matched.set;
    let n = set.labels.len();
    let file = sources.first().map_or("", |s| s.name.as_str());
    let column = headers.first().map_or("", String::as_str);
    let what = format!(
        "{file}: CSAT answers in column '{}' are labels of the {n}-point set '{}' ({})",
        crate::text::shorten(column),
        set.name,
        set.range()
    );
    if cfg.csat_scale_given && usize::from(cfg.csat_scale) != n {
        bail!(
            "{what}, but the CSAT scale is given as {}; drop --csat-scale (or csat_scale in engage.toml), or define the labels as a set in engage.toml [csat_labels]",
            cfg.csat_scale
        );
    }
    if cfg.csat_satisfied_given && usize::from(cfg.csat_satisfied) > n {
        bail!(
            "{what}, but satisfied answers are given as {} and up; give --csat-satisfied from 1 to {n}",
            cfg.csat_satisfied
        );
    }
    let positions: Int32Chunked = ca
        .iter()
        .map(|v| {
            v.map(|v| match v >= LABEL_BASE {
                false => v,
                true => cfg
                    .labels
                    .position_in((v - LABEL_BASE) as u32, &set.name)
                    .map_or(OUTSIDE_SET, i32::from),
            })
        })
        .collect();
    all.with_column(positions.with_name(CSAT.into()).into_column())
        .map_err(|e| internal(&e))?;
    Ok((all, Some(matched)))
}

fn map_columns(cfg: &SurveyConfig, source: &Source, need_dates: bool) -> Result<FileColumns> {
    let header = read_header(source)?;
    let c = &cfg.columns;
    let name = source.name.as_str();
    let find = |role: &columns::Role, mapped: &Option<String>| {
        columns::find(name, &header, role, mapped.as_deref())
    };
    let nps = find(&columns::NPS, &c.nps)?;
    let csat = find(&columns::CSAT, &c.csat)?;
    if nps.is_none() && csat.is_none() {
        let has = |role: &columns::Role| columns::find(name, &header, role, None);
        if has(&columns::AMOUNT)?.is_some() || has(&columns::UNIT_PRICE)?.is_some() {
            bail!(
                "{name}: this looks like an orders export (an amount column, no NPS or CSAT \
                 column; found: {}), not survey answers: give it to `engage orders` or \
                 `engage report --orders`, or map a score with --nps-col COLUMN or --csat-col COLUMN",
                columns::list(&header)
            );
        }
        bail!(
            "{name}: no NPS or CSAT column (found: {}); map one with --nps-col COLUMN or --csat-col COLUMN",
            columns::list(&header)
        );
    }
    let date = match need_dates {
        true => Some(columns::require(
            name,
            &header,
            &columns::SUBMITTED_AT,
            c.date.as_deref(),
        )?),
        false => find(&columns::SUBMITTED_AT, &c.date)?,
    };
    let segments = columns::segments(name, &header, &cfg.scope.segments)?;
    Ok(FileColumns {
        nps,
        csat,
        date,
        customer: find(&columns::CUSTOMER_ID, &c.customer)?,
        segments,
        header,
    })
}

fn typed(cfg: &SurveyConfig, cols: &FileColumns, need_dates: bool) -> Typed {
    let cell = |name: &str, i: Option<usize>, kind: CellKind| Cell {
        name: name.to_string(),
        column: i.map(|i| (i, cols.header[i].clone())),
        kind,
    };
    let nps = CellKind::Int32(Arc::new(|v: Option<&str>| parse_score(v.unwrap_or(""))));
    // A CSAT answer that is no number may be a label: coded, and read once
    // the column's label set is known (`read_labels`).
    let labels = cfg.labels.clone();
    let csat = CellKind::Int32(Arc::new(move |v: Option<&str>| {
        let text = v.unwrap_or("");
        parse_score(text).or_else(|e| labels.code(text).map(Some).ok_or(e))
    }));
    let mut cells = vec![cell(NPS, cols.nps, nps), cell(CSAT, cols.csat, csat)];
    if need_dates {
        let rules = cfg
            .input
            .date_rules_for(cols.date.map_or("", |i| &cols.header[i]));
        cells.push(cell(DATE, cols.date, date_kind(rules)));
    }
    if cfg.customer_ids {
        cells.push(cell(
            CUSTOMER,
            cols.customer,
            CellKind::Text(normalize_customer),
        ));
    }
    for (k, &i) in cols.segments.iter().enumerate() {
        cells.push(cell(&segment_column(k), Some(i), CellKind::Text(trimmed)));
    }
    Typed {
        width: cols.header.len(),
        cells,
    }
}

const NPS_UNREADABLE: Problem = Problem {
    reason: "unreadable NPS answer",
    fix: "answers are whole numbers from 0 to 10, alone or labelled like \"9 - Likely\"",
};
const NPS_RANGE: Problem = Problem {
    reason: "NPS answer outside 0-10",
    fix: "NPS answers run from 0 to 10",
};
const CSAT_UNREADABLE: Problem = Problem {
    reason: "unreadable CSAT answer",
    fix: "answers are whole numbers, alone or labelled like \"4 (Satisfied)\", or labels of a satisfaction label set (README, \"Satisfaction labels\"; define others in engage.toml [csat_labels])",
};
const CSAT_LABEL_RANGE: Problem = Problem {
    reason: "CSAT number outside the label set's scale",
    fix: "the column's answers are labels of a set (engage check names it), and a number there must run from 1 to the set's length",
};
const CSAT_OUTSIDE_SET: Problem = Problem {
    reason: "CSAT label outside the column's label set",
    fix: "the column's other labels matched one set (engage check names it) and this label is not in it; answers must come from one set (define yours in engage.toml [csat_labels])",
};
const DATE_BLANK: Problem = Problem {
    reason: "blank date",
    fix: "fill in the response date",
};

fn csat_range(scale: u8) -> Problem {
    let (reason, fix) = match scale {
        7 => (
            "CSAT answer outside 1-7",
            "answers run from 1 to 7 with --csat-scale 7; give the export's scale with --csat-scale 5|7|10",
        ),
        10 => (
            "CSAT answer outside 1-10",
            "answers run from 1 to 10 with --csat-scale 10; give the export's scale with --csat-scale 5|7|10",
        ),
        _ => (
            "CSAT answer outside 1-5",
            "answers run from 1 to 5 by default; give the export's scale with --csat-scale 5|7|10",
        ),
    };
    Problem { reason, fix }
}

/// Unreadable answers, and answers outside `scale`.
fn score_check(
    columns: Vec<usize>,
    column: &'static str,
    scale: std::ops::RangeInclusive<i32>,
    unreadable: Problem,
    range: Problem,
) -> Check {
    let (min, max) = (*scale.start(), *scale.end());
    Check {
        columns,
        find: Box::new(move |df| {
            let problems = problem_codes(df, column)?;
            let ca = df.column(column)?.i32()?;
            let clean = !any_answer(ca, |x| !scale.contains(&x));
            if clean && problems.is_none() {
                return Ok(None);
            }
            Ok(Some(
                ca.iter()
                    .enumerate()
                    .map(|(i, v)| match (problems.as_ref().and_then(|p| p[i]), v) {
                        (Some(CellError::MixedDigits(m)), _) => Some(m.problem()),
                        (Some(_), _) => Some(unreadable),
                        (None, Some(OUTSIDE_SET)) => Some(CSAT_OUTSIDE_SET),
                        (None, Some(x)) if x < min || x > max => Some(range),
                        _ => None,
                    })
                    .collect(),
            ))
        }),
    }
}
