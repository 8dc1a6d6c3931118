//! Satisfaction answers exported as text (`Very satisfied`, `מרוצה מאוד`,
//! `พอใจมาก`) read as CSAT scores, from one table of label sets.
//!
//! A set lists its labels from worst to best; an answer's score is its
//! position (1 = worst). The built-in sets are [`BUILTIN`]; `engage.toml`
//! adds others (`[csat_labels.NAME]`, optionally only for a CSAT column
//! whose header contains a word) and a preset may carry its own
//! (`csat_labels = [...]`); these come before the built-in ones.
//!
//! Reading is two steps, because one label can belong to several sets
//! (`Extremely satisfied` is in the 5-point and the 7-point sets): each
//! cell is first coded by its text ([`LabelSets::code`]); once the whole
//! column is read, the first set (in the order above) that holds every
//! label seen is chosen and the codes become positions in it. When no set
//! holds them all, the set holding the most is chosen and the other answers
//! are errors naming their line. This module reads no file.

use std::collections::{BTreeSet, HashMap};

use super::columns::normalize;

/// Label codes start here: far above any number `parse_score` reads
/// (at most three digits), so a code is never a score.
pub const LABEL_BASE: i32 = 1_000_000;

/// The built-in sets, each `(name, labels worst to best)`; a position may
/// have several spellings (`a|b`), the first shown in messages. In this
/// order: the smaller set first, so that a column whose answers fit both
/// the 3-point and the 5-point Likert set is read on 3 points. Sources are
/// in the README ("Satisfaction labels").
pub const BUILTIN: &[(&str, &[&str])] = &[
    ("en-3", &["Dissatisfied", "Neutral", "Satisfied"]),
    (
        "en-5",
        &[
            "Very dissatisfied",
            "Dissatisfied",
            "Neutral",
            "Satisfied",
            "Very satisfied",
        ],
    ),
    (
        "en-5-somewhat",
        &[
            "Very dissatisfied",
            "Somewhat dissatisfied",
            "Neither satisfied nor dissatisfied|Neither satisfied or dissatisfied",
            "Somewhat satisfied",
            "Very satisfied",
        ],
    ),
    (
        "en-5-extremely",
        &[
            "Extremely dissatisfied",
            "Somewhat dissatisfied",
            "Neither satisfied nor dissatisfied|Neither satisfied or dissatisfied",
            "Somewhat satisfied",
            "Extremely satisfied",
        ],
    ),
    // Hebrew: the five CSAT options of QuestionPro's Hebrew guide to
    // measuring customer satisfaction, with the common other spellings.
    (
        "he-5",
        &[
            "מאוד לא מרוצה|לא מרוצה בכלל",
            "לא מרוצה",
            "ניטרלי|ניטראלי",
            "מרוצה|שבע רצון",
            "מרוצה מאוד|מאוד מרוצה",
        ],
    ),
    // Arabic: the 1-5 anchors of LimeSurvey's Arabic CSAT calculator
    // (غير راضٍ تمامًا ... راضٍ تمامًا) with the usual variants.
    (
        "ar-5",
        &[
            "غير راضٍ على الإطلاق|غير راضٍ تمامًا|غير راضٍ جدًا",
            "غير راضٍ",
            "محايد|درجة حيادية",
            "راضٍ",
            "راضٍ جدًا|راضٍ تمامًا",
        ],
    ),
    // Thai: the 1-5 anchors of LimeSurvey's Thai CSAT calculator
    // (ไม่พอใจอย่างมาก ... พอใจมาก), neutral as Thai forms write it.
    (
        "th-5",
        &[
            "ไม่พอใจอย่างมาก|ไม่พอใจมาก",
            "ไม่พอใจ",
            "เฉยๆ|ปานกลาง",
            "พอใจ",
            "พอใจมาก",
        ],
    ),
    (
        "en-7",
        &[
            "Extremely dissatisfied",
            "Moderately dissatisfied",
            "Slightly dissatisfied",
            "Neither satisfied nor dissatisfied|Neither satisfied or dissatisfied",
            "Slightly satisfied",
            "Moderately satisfied",
            "Extremely satisfied",
        ],
    ),
];

/// One label set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelSet {
    pub name: String,
    /// Worst to best; each position one or more spellings.
    pub labels: Vec<Vec<String>>,
    /// The first satisfied position (1-based).
    pub satisfied_from: u8,
    /// Only for a CSAT column whose header contains this word.
    pub question: Option<String>,
}

/// The most labels a set may have: CSAT scales run up to 10.
pub const MAX_LABELS: usize = 10;

impl LabelSet {
    /// A set from its labels (each may hold `a|b` spellings); satisfied
    /// from `satisfied` when given (a label of the set), else the top two
    /// boxes, or the top one for three labels or fewer.
    pub fn new(
        name: &str,
        labels: &[&str],
        satisfied: Option<&str>,
        question: Option<&str>,
    ) -> Result<LabelSet, String> {
        if !(2..=MAX_LABELS).contains(&labels.len()) {
            return Err(format!(
                "label set '{name}': give 2 to {MAX_LABELS} labels, worst first"
            ));
        }
        let labels: Vec<Vec<String>> = labels
            .iter()
            .map(|l| l.split('|').map(|s| s.trim().to_string()).collect())
            .collect();
        let mut keys = BTreeSet::new();
        for spelling in labels.iter().flatten() {
            let k = key(spelling);
            if k.is_empty() {
                return Err(format!(
                    "label set '{name}': \"{}\" has no letters or digits",
                    crate::text::shorten(spelling)
                ));
            }
            if !keys.insert(k) {
                return Err(format!(
                    "label set '{name}': \"{}\" is listed twice (case, spaces and punctuation are ignored)",
                    crate::text::shorten(spelling)
                ));
            }
        }
        let n = labels.len();
        let satisfied_from = match satisfied {
            None if n <= 3 => n,
            None => n - 1,
            Some(s) => {
                let k = key(s);
                1 + labels
                    .iter()
                    .position(|p| p.iter().any(|l| key(l) == k))
                    .ok_or_else(|| {
                        format!(
                            "label set '{name}': satisfied_from = \"{}\" is not one of its labels",
                            crate::text::shorten(s)
                        )
                    })?
            }
        };
        Ok(LabelSet {
            name: name.to_string(),
            labels,
            satisfied_from: satisfied_from as u8,
            question: question.map(key).filter(|q| !q.is_empty()),
        })
    }

    /// The label shown for a position (1-based).
    pub fn shown(&self, position: usize) -> &str {
        self.labels
            .get(position.wrapping_sub(1))
            .and_then(|p| p.first())
            .map_or("", String::as_str)
    }

    /// `1 = Very dissatisfied ... 5 = Very satisfied`.
    pub fn range(&self) -> String {
        let n = self.labels.len();
        format!("1 = {} ... {n} = {}", self.shown(1), self.shown(n))
    }
}

/// The label sets in effect, in the order they are tried, with every
/// spelling coded.
#[derive(Debug, Clone)]
pub struct LabelSets {
    sets: Vec<LabelSet>,
    /// Spelling key -> label code (index into `members`).
    codes: HashMap<String, u32>,
    /// Per code: the (set, position) pairs it stands for.
    members: Vec<Vec<(usize, u8)>>,
}

impl Default for LabelSets {
    fn default() -> Self {
        LabelSets::new(Vec::new()).unwrap_or_else(|_| LabelSets::empty())
    }
}

/// The set chosen for a column's labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    pub set: LabelSet,
    /// Every label seen is in the set (else some answers are errors).
    pub complete: bool,
}

impl LabelSets {
    fn empty() -> LabelSets {
        LabelSets {
            sets: Vec::new(),
            codes: HashMap::new(),
            members: Vec::new(),
        }
    }

    /// `first` (a config file's and a preset's sets), then the built-in
    /// ones.
    pub fn new(first: Vec<LabelSet>) -> Result<LabelSets, String> {
        let mut all = LabelSets::empty();
        for s in first.into_iter().chain(builtin()?) {
            all.push(s);
        }
        Ok(all)
    }

    /// These sets with `set` tried before them (a preset's).
    pub fn with_first(&self, set: LabelSet) -> LabelSets {
        let mut all = LabelSets::empty();
        for s in std::iter::once(set).chain(self.sets.iter().cloned()) {
            all.push(s);
        }
        all
    }

    fn push(&mut self, set: LabelSet) {
        let k = self.sets.len();
        for (i, spellings) in set.labels.iter().enumerate() {
            for s in spellings {
                let next = self.members.len() as u32;
                let code = *self.codes.entry(key(s)).or_insert(next);
                if code == next {
                    self.members.push(Vec::new());
                }
                let m = &mut self.members[code as usize];
                if !m.iter().any(|&(set, _)| set == k) {
                    m.push((k, i as u8 + 1));
                }
            }
        }
        self.sets.push(set);
    }

    /// The code of a label answer (at least [`LABEL_BASE`]), `None` when no
    /// set has it.
    pub fn code(&self, text: &str) -> Option<i32> {
        self.codes.get(&key(text)).map(|&c| LABEL_BASE + c as i32)
    }

    /// The set for the label codes `seen` (each minus [`LABEL_BASE`]), among
    /// the sets that apply to CSAT columns with these headers: the first
    /// that holds them all, else the one that holds the most (the first of
    /// equals). `None` when no set applies.
    pub fn choose(&self, seen: &BTreeSet<u32>, headers: &[String]) -> Option<Matched> {
        let headers: Vec<String> = headers.iter().map(|h| key(h)).collect();
        let applies = |s: &LabelSet| {
            s.question
                .as_ref()
                .is_none_or(|q| headers.iter().any(|h| h.contains(q.as_str())))
        };
        let held = |k: usize| {
            seen.iter()
                .filter(|&&c| self.position(c, k).is_some())
                .count()
        };
        let mut best: Option<(usize, usize)> = None;
        for (k, s) in self.sets.iter().enumerate().filter(|(_, s)| applies(s)) {
            let n = held(k);
            if n == seen.len() {
                return Some(Matched {
                    set: s.clone(),
                    complete: true,
                });
            }
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((k, n));
            }
        }
        best.map(|(k, _)| Matched {
            set: self.sets[k].clone(),
            complete: false,
        })
    }

    /// The position of label code `code` in the set named `name`.
    pub fn position_in(&self, code: u32, name: &str) -> Option<u8> {
        let k = self.sets.iter().position(|s| s.name == name)?;
        self.position(code, k)
    }

    fn position(&self, code: u32, set: usize) -> Option<u8> {
        self.members
            .get(code as usize)?
            .iter()
            .find(|&&(s, _)| s == set)
            .map(|&(_, p)| p)
    }

    /// The sets, in the order they are tried.
    #[cfg(test)]
    pub fn sets(&self) -> &[LabelSet] {
        &self.sets
    }
}

/// The built-in sets as [`LabelSet`]s.
fn builtin() -> Result<Vec<LabelSet>, String> {
    BUILTIN
        .iter()
        .map(|(name, labels)| LabelSet::new(name, labels, None, None))
        .collect()
}

/// How a label is compared: as a header name is ([`normalize`]).
pub fn key(text: &str) -> String {
    normalize(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(sets: &LabelSets, labels: &[&str]) -> BTreeSet<u32> {
        labels
            .iter()
            .map(|l| (sets.code(l).unwrap() - LABEL_BASE) as u32)
            .collect()
    }

    #[test]
    fn builtin_sets_are_valid_and_worst_first() {
        let sets = LabelSets::default();
        assert_eq!(sets.sets().len(), BUILTIN.len());
        for s in sets.sets() {
            let n = s.labels.len();
            assert!(key(s.shown(1)).contains("dis") || !s.name.starts_with("en"));
            assert_eq!(s.satisfied_from as usize, if n <= 3 { n } else { n - 1 });
        }
    }

    #[test]
    fn any_case_and_spacing_reads() {
        let sets = LabelSets::default();
        assert_eq!(sets.code("VERY SATISFIED"), sets.code(" very  satisfied "));
        assert_eq!(sets.code("very-satisfied"), sets.code("Very satisfied"));
        assert_eq!(sets.code("Quite satisfied"), None);
    }

    #[test]
    fn the_first_set_holding_every_label_is_chosen() {
        let sets = LabelSets::default();
        let pick = |labels: &[&str]| sets.choose(&codes(&sets, labels), &[]).unwrap();
        let m = pick(&["Satisfied", "Neutral"]);
        assert_eq!((m.set.name.as_str(), m.complete), ("en-3", true));
        let m = pick(&["Very satisfied", "Satisfied"]);
        assert_eq!(m.set.name, "en-5");
        let m = pick(&["Very satisfied", "Somewhat dissatisfied"]);
        assert_eq!(m.set.name, "en-5-somewhat");
        let m = pick(&["Extremely satisfied", "Somewhat satisfied"]);
        assert_eq!(m.set.name, "en-5-extremely");
        let m = pick(&["Extremely satisfied", "Moderately satisfied"]);
        assert_eq!(m.set.name, "en-7");
        let c = codes(&sets, &["Moderately satisfied"]);
        let code = *c.first().unwrap();
        assert_eq!(sets.position_in(code, "en-7"), Some(6));
    }

    #[test]
    fn labels_from_two_sets_choose_the_one_holding_most() {
        let sets = LabelSets::default();
        let seen = codes(
            &sets,
            &[
                "Moderately satisfied",
                "Slightly satisfied",
                "Very satisfied",
            ],
        );
        let m = sets.choose(&seen, &[]).unwrap();
        assert_eq!((m.set.name.as_str(), m.complete), ("en-7", false));
    }

    #[test]
    fn config_sets_come_first_and_may_be_limited_to_a_question() {
        let effort = LabelSet::new(
            "effort",
            &[
                "Very difficult",
                "Difficult",
                "Neutral",
                "Easy",
                "Very easy",
            ],
            Some("Easy"),
            Some("effort"),
        )
        .unwrap();
        assert_eq!(effort.satisfied_from, 4);
        let sets = LabelSets::new(vec![effort]).unwrap();
        let seen = codes(&sets, &["Neutral", "Easy"]);
        let headers = ["How easy was it? (effort)".to_string()];
        assert_eq!(sets.choose(&seen, &headers).unwrap().set.name, "effort");
        let seen = codes(&sets, &["Neutral", "Satisfied"]);
        assert_eq!(
            sets.choose(&seen, &["CSAT".into()]).unwrap().set.name,
            "en-3"
        );
    }

    #[test]
    fn bad_config_sets_are_refused() {
        assert!(LabelSet::new("x", &["Only"], None, None).is_err());
        assert!(LabelSet::new("x", &["Bad", "bad!"], None, None).is_err());
        assert!(LabelSet::new("x", &["Bad", "Good"], Some("Great"), None).is_err());
        assert!(LabelSet::new("x", &["Bad", "--"], None, None).is_err());
    }

    #[test]
    fn hebrew_arabic_and_thai_five_point_sets() {
        let sets = LabelSets::default();
        let pick = |labels: &[&str]| sets.choose(&codes(&sets, labels), &[]).unwrap().set.name;
        assert_eq!(pick(&["מרוצה מאוד", "לא מרוצה", "ניטרלי"]), "he-5");
        assert_eq!(pick(&["راضٍ جدًا", "غير راض", "محايد"]), "ar-5");
        assert_eq!(pick(&["พอใจมาก", "เฉย ๆ", "ไม่พอใจอย่างมาก"]), "th-5");
        let pos = |label: &str, set: &str| {
            let c = (sets.code(label).unwrap() - LABEL_BASE) as u32;
            sets.position_in(c, set)
        };
        assert_eq!(pos("מאוד מרוצה", "he-5"), Some(5));
        assert_eq!(pos("שבע רצון", "he-5"), Some(4));
        assert_eq!(pos("غير راضٍ على الإطلاق", "ar-5"), Some(1));
        assert_eq!(pos("راضٍ تمامًا", "ar-5"), Some(5));
        assert_eq!(pos("ไม่พอใจ", "th-5"), Some(2));
    }

    #[test]
    fn arabic_points_and_alef_spellings_are_folded() {
        assert_eq!(key("راضٍ جدًا"), key("راض جدا"));
        assert_eq!(key("أ"), key("ا"));
        assert_eq!(key("מְרוּצֶה"), key("מרוצה"));
        assert_ne!(key("พอใจ"), key("พอใจมาก"));
    }
}
