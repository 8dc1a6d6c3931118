//! Presets: what a platform's export looks like (which header is which
//! role, how many header rows, how dates are written, which statuses count).
//! The built-in ones are `presets.toml`, compiled in; a user's `engage.toml`
//! adds more with the same keys, read by the same code. A preset is named
//! with `--preset`, or chosen from the first file's header when exactly one
//! preset's `detect` headers are all there.
//!
//! Applying a preset only fills in what the command line left open: a
//! `--*-col`, status or `--date-order` flag always wins.

use std::collections::BTreeMap;

use anyhow::{bail, Result};
use serde::Deserialize;

use super::columns::{find_named, normalize};
use super::parse::DateOrder;
use super::{read_header_block, Source};
use crate::config::{usage, InputOptions, OrderColumns, StatusRule, SurveyColumns};

/// Which command a preset is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Orders,
    Surveys,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Orders => "orders",
            Kind::Surveys => "surveys",
        }
    }
}

/// One preset. Column keys are alternatives, tried in order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub kind: Kind,
    #[serde(default)]
    pub description: String,
    /// Headers that must all be present for the preset to be detected.
    #[serde(default)]
    pub detect: Vec<String>,
    #[serde(default)]
    pub order_id: Vec<String>,
    #[serde(default)]
    pub customer: Vec<String>,
    #[serde(default)]
    pub date: Vec<String>,
    #[serde(default)]
    pub amount: Vec<String>,
    #[serde(default)]
    pub status: Vec<String>,
    pub include_status: Option<Vec<String>>,
    pub exclude_status: Option<Vec<String>>,
    #[serde(default)]
    pub nps: Vec<String>,
    #[serde(default)]
    pub csat: Vec<String>,
    /// A word of the NPS question's text, looked for in the header and the
    /// extra header rows (Qualtrics puts the text under a column id).
    pub nps_question: Option<String>,
    pub csat_question: Option<String>,
    /// Rows between the header and the data.
    #[serde(default)]
    pub header_rows: usize,
    pub date_order: Option<DateOrder>,
    pub decimal_comma: Option<bool>,
}

/// Every preset by name: the built-in ones, then a config file's (which may
/// replace a built-in one of the same name).
pub type Presets = BTreeMap<String, Preset>;

const BUILTIN: &str = include_str!("presets.toml");

/// The built-in presets.
pub fn builtin() -> Result<Presets> {
    toml::from_str(BUILTIN)
        .map_err(|e| anyhow::anyhow!("internal error in the built-in presets: {e}"))
}

/// Which preset was used, for notes and metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub name: String,
    pub description: String,
    /// Chosen from the header rather than named with `--preset`.
    pub detected: bool,
}

/// The preset for these sources: the one named, or the one detected from
/// the first file's header (the most `detect` headers present, if that is
/// one preset); `None` when nothing is named and nothing fits.
pub fn choose<'a>(
    presets: &'a Presets,
    kind: Kind,
    named: Option<&str>,
    sources: &[Source],
) -> Result<Option<(Chosen, &'a Preset)>> {
    if let Some(name) = named {
        let Some(p) = presets.get(name) else {
            let known: Vec<&str> = presets
                .iter()
                .filter(|(_, p)| p.kind == kind)
                .map(|(n, _)| n.as_str())
                .collect();
            return Err(usage(format!(
                "--preset {name}: no such {} preset; known: {}",
                kind.name(),
                known.join(", ")
            )));
        };
        if p.kind != kind {
            return Err(usage(format!(
                "--preset {name} is a preset for {} files, not {}",
                p.kind.name(),
                kind.name()
            )));
        }
        let chosen = Chosen {
            name: name.to_string(),
            description: p.description.clone(),
            detected: false,
        };
        return Ok(Some((chosen, p)));
    }
    let Some(first) = sources.first() else {
        return Ok(None);
    };
    // Detection reads the header only: a preset's extra rows are not known
    // yet, and the header is the first row whatever the preset.
    let (header, _) = read_header_block(first)?;
    let mut fits: Vec<(usize, &String, &Preset)> = presets
        .iter()
        .filter(|(_, p)| p.kind == kind && !p.detect.is_empty())
        .filter(|(_, p)| p.detect.iter().all(|d| find_named(&header, d).is_some()))
        .map(|(n, p)| (p.detect.len(), n, p))
        .collect();
    fits.sort_by_key(|f| std::cmp::Reverse(f.0));
    match fits.as_slice() {
        [] => Ok(None),
        [(n, ..), (m, ..), ..] if n == m => Ok(None),
        [(_, name, p), ..] => Ok(Some((
            Chosen {
                name: name.to_string(),
                description: p.description.clone(),
                detected: true,
            },
            p,
        ))),
    }
}

/// The first of `names` that `header` has, as the header spells it.
fn pick(names: &[String], header: &[String]) -> Option<String> {
    names
        .iter()
        .find_map(|n| find_named(header, n))
        .map(|i| header[i].clone())
}

/// The column whose header or extra header rows contain `word` (Qualtrics'
/// `Q1_NPS_GROUP` companion columns excluded).
fn by_question(word: &str, header: &[String], extra: &[Vec<String>]) -> Option<String> {
    let word = normalize(word);
    (0..header.len())
        .filter(|&i| !normalize(&header[i]).ends_with("npsgroup"))
        .find(|&i| {
            std::iter::once(&header[i])
                .chain(extra.iter().filter_map(|r| r.get(i)))
                .any(|text| normalize(text).contains(&word))
        })
        .map(|i| header[i].clone())
}

/// What every preset sets: its extra header rows on every source, and its
/// date order and decimal comma where the flags left them open. Returns the
/// first file's header and extra header rows.
fn apply_layout(
    preset: &Preset,
    sources: &mut [Source],
    input: &mut InputOptions,
) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    for s in sources.iter_mut() {
        s.extra_header_rows = preset.header_rows;
    }
    input.date_order = input.date_order.or(preset.date_order);
    input.decimal_comma |= preset.decimal_comma.unwrap_or(false);
    match sources.first() {
        Some(first) => read_header_block(first),
        None => bail!("no input files"),
    }
}

/// Applies an orders preset: columns, status rule (unless given), layout.
pub fn apply_orders(
    preset: &Preset,
    sources: &mut [Source],
    input: &mut InputOptions,
    columns: &mut OrderColumns,
    status: &mut Option<StatusRule>,
) -> Result<()> {
    let (header, _) = apply_layout(preset, sources, input)?;
    let fill = |slot: &mut Option<String>, names: &[String]| {
        if slot.is_none() {
            *slot = pick(names, &header);
        }
    };
    fill(&mut columns.order_id, &preset.order_id);
    fill(&mut columns.customer, &preset.customer);
    fill(&mut columns.date, &preset.date);
    fill(&mut columns.amount, &preset.amount);
    fill(&mut columns.status, &preset.status);
    let lower = |l: &Vec<String>| l.iter().map(|s| s.trim().to_lowercase()).collect();
    if status.is_none() {
        *status = match (&preset.include_status, &preset.exclude_status) {
            (Some(l), _) => Some(StatusRule::Include(lower(l))),
            (None, Some(l)) => Some(StatusRule::Exclude(lower(l))),
            (None, None) => None,
        };
    }
    Ok(())
}

/// Applies a surveys preset: score columns (by name or question text),
/// date and customer columns, layout.
pub fn apply_surveys(
    preset: &Preset,
    sources: &mut [Source],
    input: &mut InputOptions,
    columns: &mut SurveyColumns,
) -> Result<()> {
    let (header, extra) = apply_layout(preset, sources, input)?;
    let fill = |slot: &mut Option<String>, names: &[String], question: &Option<String>| {
        if slot.is_none() {
            *slot = pick(names, &header).or_else(|| {
                question
                    .as_deref()
                    .and_then(|q| by_question(q, &header, &extra))
            });
        }
    };
    fill(&mut columns.nps, &preset.nps, &preset.nps_question);
    fill(&mut columns.csat, &preset.csat, &preset.csat_question);
    fill(&mut columns.date, &preset.date, &None);
    fill(&mut columns.customer, &preset.customer, &None);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_presets_parse_and_cover_each_platform() {
        let p = builtin().unwrap();
        let names: Vec<&str> = p.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "qualtrics",
                "shopify",
                "stripe",
                "surveymonkey",
                "typeform",
                "woocommerce"
            ]
        );
        assert_eq!(p["surveymonkey"].date_order, Some(DateOrder::Mdy));
        assert_eq!(p["qualtrics"].header_rows, 2);
    }

    #[test]
    fn question_text_finds_the_score_column_but_not_the_nps_group() {
        let header: Vec<String> = ["ResponseId", "Q1_NPS_GROUP", "Q1", "Q2"]
            .map(String::from)
            .to_vec();
        let extra = vec![[
            "Response ID",
            "How likely to recommend? - Group",
            "How likely are you to recommend us?",
            "How satisfied are you?",
        ]
        .map(String::from)
        .to_vec()];
        assert_eq!(
            by_question("recommend", &header, &extra).as_deref(),
            Some("Q1")
        );
        assert_eq!(
            by_question("satisf", &header, &extra).as_deref(),
            Some("Q2")
        );
        assert_eq!(by_question("effort", &header, &extra), None);
    }
}
