//! Presets applied: what a platform's export looks like (which header is
//! which role, how many header rows, how dates are written, which statuses
//! count). The definitions ([`Preset`], the built-in `presets.toml` and a
//! user's `engage.toml`, read by the same code) are the run configuration's
//! (`config.rs`); this module only reads them. A preset is named
//! with `--preset`, or chosen from the first file's header when exactly one
//! preset's `detect` headers are all there.
//!
//! Applying a preset only fills in what the command line left open: a
//! `--*-col`, status or `--date-order` flag always wins.

use anyhow::{bail, Result};

use super::columns::{self, find_named, normalize};
use super::{read_header_block, Source};
use crate::config::{usage, InputOptions, OrderColumns, StatusRule, SurveyColumns};
pub use crate::config::{Kind, Preset, Presets};

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
        .filter(|(_, p)| {
            p.detect
                .iter()
                .all(|d| d.names().iter().any(|n| find_named(&header, n).is_some()))
        })
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
    if preset.customer_fallback && columns.customer.is_none() {
        // The first customer column present, and the next one after it.
        let present: Vec<String> = preset
            .customer
            .iter()
            .filter_map(|n| find_named(&header, n).map(|i| header[i].clone()))
            .collect();
        columns.customer = present.first().cloned();
        columns.customer_fallback = present.get(1).cloned();
    }
    // An amount flag rules out the preset's quantity and unit price, and
    // a quantity or unit-price flag its amount (the amount is preferred
    // when the file has both).
    let by_line = columns.quantity.is_some() || columns.unit_price.is_some();
    if columns.amount.is_none() {
        fill(&mut columns.quantity, &preset.quantity);
        fill(&mut columns.unit_price, &preset.unit_price);
    }
    if !by_line {
        fill(&mut columns.amount, &preset.amount);
    }
    fill(&mut columns.order_id, &preset.order_id);
    fill(&mut columns.customer, &preset.customer);
    fill(&mut columns.date, &preset.date);
    fill(&mut columns.status, &preset.status);
    fill(&mut columns.refund, &preset.refund);
    if status.is_none() {
        *status = status_rule(preset);
    }
    Ok(())
}

/// The status rule a preset gives, if any.
pub fn status_rule(preset: &Preset) -> Option<StatusRule> {
    let lower = |l: &Vec<String>| l.iter().map(|s| s.trim().to_lowercase()).collect();
    match (&preset.include_status, &preset.exclude_status) {
        (Some(l), _) => Some(StatusRule::Include(lower(l))),
        (None, Some(l)) => Some(StatusRule::Exclude(lower(l))),
        (None, None) => None,
    }
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
    // The preset's question word, then (when it has one) the role's words
    // in every language engage knows (`columns::NPS.contains`...).
    let fill =
        |slot: &mut Option<String>, names: &[String], question: &Option<String>, words: &[&str]| {
            if slot.is_none() {
                *slot = pick(names, &header).or_else(|| {
                    let q = question.as_deref()?;
                    std::iter::once(q)
                        .chain(words.iter().copied())
                        .find_map(|w| by_question(w, &header, &extra))
                });
            }
        };
    fill(
        &mut columns.nps,
        &preset.nps,
        &preset.nps_question,
        columns::NPS.contains,
    );
    fill(
        &mut columns.csat,
        &preset.csat,
        &preset.csat_question,
        columns::CSAT.contains,
    );
    fill(&mut columns.date, &preset.date, &None, &[]);
    fill(&mut columns.customer, &preset.customer, &None, &[]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::parse::DateOrder;

    #[test]
    fn builtin_presets_parse_and_cover_each_platform() {
        let p = crate::config::builtin_presets().unwrap();
        let names: Vec<&str> = p.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "online-retail",
                "qualtrics",
                "questionpro",
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
