//! The days a report covers: its headline span and the span it is compared
//! with (by the headline rule of `--period`, `--by` or `--since/--until`),
//! whether the data reaches the headline, and the walk over the periods of
//! the per-period table. Pure: the days with data come from a [`Coverage`]
//! the command implements over what it read.

use anyhow::{bail, Result};

use super::period::{day, label, period_end, period_start, previous_start};
use crate::cli::Period;
use crate::config::Headline;

/// Days a row covers: a period, the previous period, or a range.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub label: String,
    /// Inclusive; `None` when the data has no dates (a whole-file report).
    pub days: Option<(i32, i32)>,
}

impl Span {
    pub fn of(from: i32, to: i32, label: String) -> Span {
        Span {
            label,
            days: Some((from, to)),
        }
    }

    pub fn since(&self) -> Option<i32> {
        self.days.map(|d| d.0)
    }

    pub fn until(&self) -> Option<i32> {
        self.days.map(|d| d.1)
    }

    /// Whether the span is a range of days (labelled `from/to`), not a
    /// calendar period.
    pub fn is_range(&self) -> bool {
        self.days
            .is_some_and(|(a, b)| self.label == range_label(a, b))
    }

    /// Days in the span.
    pub fn day_count(&self) -> Option<i32> {
        self.days.map(|(a, b)| b - a + 1)
    }
}

/// `2024-01-01/2024-03-31`: an ISO 8601 interval.
pub fn range_label(from: i32, to: i32) -> String {
    format!("{}/{}", day(from), day(to))
}

/// The days with data in what a report read.
pub trait Coverage {
    /// The first and last day with data within `since..=until`, over every
    /// kind of file read.
    fn range(&self, since: Option<i32>, until: Option<i32>) -> Option<(i32, i32)>;
    /// The last day with data of the kind whose data ends first.
    fn last_common_day(&self, since: Option<i32>, until: Option<i32>) -> Option<i32>;
}

/// What a report's spans are built from: the headline rule, the
/// `--since`/`--until` bounds and the comparison.
#[derive(Debug, Clone, Copy)]
pub struct Request {
    pub headline: Headline,
    pub since: Option<i32>,
    pub until: Option<i32>,
    pub compare: bool,
}

/// The headline span, the one it is compared with, and a note on the
/// headline (first among the report's notes).
#[derive(Debug, Clone, PartialEq)]
pub struct Spans {
    pub head: Span,
    pub prev: Option<Span>,
    pub note: Option<HeadNote>,
}

/// What the note on the headline says; the report words it.
#[derive(Debug, Clone, PartialEq)]
pub enum HeadNote {
    /// `--by`: the latest period (`period`) runs to `to`, past the data's
    /// `last` day (`--period last-BY` reports the last complete one).
    Incomplete {
        period: String,
        to: i32,
        last: i32,
        by: Period,
    },
    /// `--period` on data that stops short of the headline.
    Stale(Stale),
}

/// A `--period` headline (`period`, `from` to `to`) the data (`first` to
/// `last`) stops short of: `empty` when none of it has data (an error but
/// with `--allow-empty`), else cut short (a warning). `--as-of
/// {suggest_day}` would report `suggest`, the period of the last day.
#[derive(Debug, Clone, PartialEq)]
pub struct Stale {
    pub period: String,
    pub from: i32,
    pub to: i32,
    pub first: i32,
    pub last: i32,
    pub unit: Period,
    pub empty: bool,
    pub suggest_day: i32,
    pub suggest: String,
}

/// The headline and compared spans of a report.
///
/// - `--period last-UNIT`: the last complete UNIT before `--as-of`, clipped
///   to `--since/--until`; compared with the whole UNIT before. A note
///   when the data stops short of it (`Stale`).
/// - `--by UNIT`: the UNIT of the last day every kind of file has data;
///   a note when it runs past the data.
/// - a range: `--since/--until` (or the data's days), compared with the
///   equal-length span just before it.
pub fn spans(r: &Request, data: &impl Coverage) -> Result<Spans> {
    let (since, until) = (r.since, r.until);
    let previous = |from: i32, unit: Period| {
        let start = previous_start(from, unit);
        Span::of(start, from - 1, label(start, unit))
    };
    let clip = |from: i32, to: i32| -> Result<(i32, i32)> {
        let (a, b) = (
            since.map_or(from, |s| from.max(s)),
            until.map_or(to, |u| to.min(u)),
        );
        if a > b {
            bail!(
                "the headline period {} to {} lies outside --since/--until",
                day(from),
                day(to)
            );
        }
        Ok((a, b))
    };
    match r.headline {
        Headline::LastComplete { unit, as_of } => {
            let to = period_start(as_of, unit) - 1;
            let from = period_start(to, unit);
            let (a, b) = clip(from, to)?;
            let head = Span::of(a, b, label(from, unit));
            let note = stale_period(data, &head, (a, b), unit);
            Ok(Spans {
                prev: r.compare.then(|| previous(from, unit)),
                head,
                note: note.map(HeadNote::Stale),
            })
        }
        Headline::Latest(by) => {
            let Some(last) = data.last_common_day(since, until) else {
                bail!(
                    "no orders or answers between {} and {}",
                    since.map_or("the start".into(), day),
                    until.map_or("the end".into(), day)
                );
            };
            let from = period_start(last, by);
            let to = period_end(from, by);
            let (a, b) = clip(from, to)?;
            let head = Span::of(a, b, label(from, by));
            let note = (b > last).then(|| HeadNote::Incomplete {
                period: head.label.clone(),
                to: b,
                last,
                by,
            });
            Ok(Spans {
                prev: r.compare.then(|| previous(from, by)),
                head,
                note,
            })
        }
        Headline::Range => {
            let bounds = match (since, until) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => data
                    .range(since, until)
                    .map(|(a, b)| (since.unwrap_or(a), until.unwrap_or(b))),
            };
            let Some((a, b)) = bounds else {
                let head = Span {
                    label: "all data".into(),
                    days: None,
                };
                return Ok(Spans {
                    head,
                    prev: None,
                    note: None,
                });
            };
            // Config guarantees both bounds with a comparison.
            let prev = r.compare.then(|| {
                let len = b - a + 1;
                Span::of(a - len, a - 1, range_label(a - len, a - 1))
            });
            Ok(Spans {
                head: Span::of(a, b, range_label(a, b)),
                prev,
                note: None,
            })
        }
    }
}

/// `--period` counts back from --as-of (today): on an export that ends
/// earlier the headline is empty or cut short, which must not pass
/// silently (the report makes it an error or a warning, naming the data's
/// range and the flags that report the data there is).
fn stale_period(
    data: &impl Coverage,
    head: &Span,
    (a, b): (i32, i32),
    unit: Period,
) -> Option<Stale> {
    let (first, last) = data.range(None, None)?;
    let empty = data.range(Some(a), Some(b)).is_none();
    let latest = period_start(last, unit);
    (empty || last < b).then(|| Stale {
        period: head.label.clone(),
        from: a,
        to: b,
        first,
        last,
        unit,
        empty,
        suggest_day: period_end(latest, unit) + 1,
        suggest: label(latest, unit),
    })
}

/// The periods of a per-period table: from the period of `first` to that
/// of `last`, each clipped to `since..=until`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Walk {
    pub by: Period,
    pub first: i32,
    pub last: i32,
    pub since: Option<i32>,
    pub until: Option<i32>,
}

impl Walk {
    /// The table of a report: a `--period` report's runs up to the headline
    /// period; the others' over --since/--until, from the first to the last
    /// day with data. `None` when there is no such day.
    pub fn of(r: &Request, by: Period, head: &Span, data: &impl Coverage) -> Option<Walk> {
        let last_complete = matches!(r.headline, Headline::LastComplete { .. });
        let since = r.since;
        let until = if last_complete { head.until() } else { r.until };
        let range = data.range(since, until);
        let first = since
            .or(range.map(|r| r.0))
            .or(head.since().filter(|_| last_complete));
        let last = if last_complete {
            head.until()
        } else {
            range.map(|r| r.1)
        };
        Some(Walk {
            by,
            first: first?,
            last: last?,
            since,
            until,
        })
    }

    /// The whole period before the first one shown (its comparison).
    pub fn before(&self) -> Span {
        let start = period_start(self.first, self.by);
        let before = previous_start(start, self.by);
        Span::of(before, start - 1, label(before, self.by))
    }

    /// Each period's first day and its span, clipped to `since..=until`.
    pub fn periods(&self) -> impl Iterator<Item = (i32, Span)> + '_ {
        let mut start = period_start(self.first, self.by);
        std::iter::from_fn(move || {
            if start > self.last {
                return None;
            }
            let end = period_end(start, self.by);
            let span = Span::of(
                self.since.map_or(start, |d| start.max(d)),
                self.until.map_or(end, |d| end.min(d)),
                label(start, self.by),
            );
            let this = start;
            start = end + 1;
            Some((this, span))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::parse::days_from_date;

    fn d(s: &str) -> i32 {
        days_from_date(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    /// Orders from `orders.0` to `orders.1`, answers from `answers.0` to
    /// `answers.1`.
    struct Days {
        orders: (i32, i32),
        answers: (i32, i32),
    }

    impl Coverage for Days {
        fn range(&self, since: Option<i32>, until: Option<i32>) -> Option<(i32, i32)> {
            let (a, b) = (
                self.orders.0.min(self.answers.0),
                self.orders.1.max(self.answers.1),
            );
            let (a, b) = (since.map_or(a, |s| a.max(s)), until.map_or(b, |u| b.min(u)));
            (a <= b).then_some((a, b))
        }
        fn last_common_day(&self, _: Option<i32>, until: Option<i32>) -> Option<i32> {
            let last = self.orders.1.min(self.answers.1);
            Some(until.map_or(last, |u| last.min(u)))
        }
    }

    fn march() -> Days {
        Days {
            orders: (d("2024-03-04"), d("2024-03-24")),
            answers: (d("2024-03-05"), d("2024-03-27")),
        }
    }

    fn request(headline: Headline) -> Request {
        Request {
            headline,
            since: None,
            until: None,
            compare: true,
        }
    }

    #[test]
    fn last_week_is_the_complete_week_before_as_of_compared_with_the_one_before() {
        let r = request(Headline::LastComplete {
            unit: Period::Week,
            as_of: d("2024-03-25"),
        });
        let s = spans(&r, &march()).unwrap();
        assert_eq!(
            s.head,
            Span::of(d("2024-03-18"), d("2024-03-24"), "2024-W12".into())
        );
        assert_eq!(
            s.prev,
            Some(Span::of(
                d("2024-03-11"),
                d("2024-03-17"),
                "2024-W11".into()
            ))
        );
        assert_eq!(s.note, None);
    }

    #[test]
    fn a_period_after_the_data_is_stale_and_empty() {
        let r = request(Headline::LastComplete {
            unit: Period::Month,
            as_of: d("2024-05-01"),
        });
        // The data runs from 2024-03-04 to 2024-03-27: April has none, and
        // --as-of 2024-04-01 would report March.
        let s = spans(&r, &march()).unwrap();
        let want = Stale {
            period: "2024-04".into(),
            from: d("2024-04-01"),
            to: d("2024-04-30"),
            first: d("2024-03-04"),
            last: d("2024-03-27"),
            unit: Period::Month,
            empty: true,
            suggest_day: d("2024-04-01"),
            suggest: "2024-03".into(),
        };
        assert_eq!(s.note, Some(HeadNote::Stale(want)));
    }

    #[test]
    fn data_ending_inside_the_period_is_stale_but_not_empty() {
        let r = request(Headline::LastComplete {
            unit: Period::Month,
            as_of: d("2024-04-01"),
        });
        let s = spans(&r, &march()).unwrap();
        let Some(HeadNote::Stale(stale)) = s.note else {
            panic!("{:?}", s.note);
        };
        assert!(!stale.empty);
        assert_eq!((stale.to, stale.last), (d("2024-03-31"), d("2024-03-27")));
    }

    #[test]
    fn latest_is_the_period_of_the_last_day_every_kind_has() {
        let s = spans(&request(Headline::Latest(Period::Week)), &march()).unwrap();
        // Orders end on Sunday 2024-03-24 (W12), answers on 03-27 (W13).
        assert_eq!(s.head.label, "2024-W12");
        assert_eq!(s.prev.unwrap().label, "2024-W11");
        assert_eq!(s.note, None);
        // The orders (the kind whose data ends first) end on 2024-03-24,
        // inside March.
        let s = spans(&request(Headline::Latest(Period::Month)), &march()).unwrap();
        assert_eq!(
            s.note,
            Some(HeadNote::Incomplete {
                period: "2024-03".into(),
                to: d("2024-03-31"),
                last: d("2024-03-24"),
                by: Period::Month,
            })
        );
    }

    #[test]
    fn a_range_is_compared_with_the_equal_length_span_before() {
        let mut r = request(Headline::Range);
        (r.since, r.until) = (Some(d("2024-03-10")), Some(d("2024-03-19")));
        let s = spans(&r, &march()).unwrap();
        assert_eq!(s.head.label, "2024-03-10/2024-03-19");
        assert_eq!(s.prev.unwrap().label, "2024-02-29/2024-03-09");
        r.compare = false;
        (r.since, r.until) = (None, None);
        let s = spans(&r, &march()).unwrap();
        assert_eq!(s.head.label, "2024-03-04/2024-03-27");
    }

    #[test]
    fn the_walk_clips_its_first_and_last_periods() {
        let mut r = request(Headline::Range);
        (r.since, r.until) = (Some(d("2024-03-06")), Some(d("2024-03-19")));
        let head = spans(&r, &march()).unwrap().head;
        let w = Walk::of(&r, Period::Week, &head, &march()).unwrap();
        let periods: Vec<(String, Option<(i32, i32)>)> =
            w.periods().map(|(_, s)| (s.label, s.days)).collect();
        assert_eq!(
            periods,
            [
                ("2024-W10".into(), Some((d("2024-03-06"), d("2024-03-10")))),
                ("2024-W11".into(), Some((d("2024-03-11"), d("2024-03-17")))),
                ("2024-W12".into(), Some((d("2024-03-18"), d("2024-03-19")))),
            ]
        );
        assert_eq!(
            w.before(),
            Span::of(d("2024-02-26"), d("2024-03-03"), "2024-W09".into())
        );
    }

    #[test]
    fn a_period_report_walks_up_to_its_headline() {
        let r = request(Headline::LastComplete {
            unit: Period::Week,
            as_of: d("2024-03-18"),
        });
        let head = spans(&r, &march()).unwrap().head;
        let w = Walk::of(&r, Period::Week, &head, &march()).unwrap();
        let labels: Vec<String> = w.periods().map(|(_, s)| s.label).collect();
        assert_eq!(labels, ["2024-W10", "2024-W11"]);
    }
}
