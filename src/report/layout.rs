//! The wide layout of a per-period, per-segment report (`--layout wide`):
//! one row per period and a column per metric and segment value, the shape
//! a spreadsheet chart or pivot wants. Pure reshaping of the long rows.

use std::borrow::Cow;

use super::{Report, Row, Value};

/// How a segment value is written in a wide column name when blank.
pub const BLANK: &str = "(blank)";

/// The column of `metric` for the segment value `value` (several segment
/// columns' values joined by `/`): `orders:web`. Metric keys hold no `:`,
/// so the name splits back at its first one.
fn column(metric: &str, value: &[Option<String>]) -> String {
    let value: Vec<&str> = value
        .iter()
        .map(|v| v.as_deref().unwrap_or(BLANK))
        .collect();
    format!("{metric}:{}", value.join("/"))
}

/// The metric key and segment value of a wide column name, when it is one.
pub fn split(name: &str) -> Option<(&str, &str)> {
    name.split_once(':')
}

/// Segment texts compared in byte order, a blank (null) last: the order of
/// every table's segment rows.
pub fn blank_last<S: AsRef<str>>(a: &[Option<S>], b: &[Option<S>]) -> std::cmp::Ordering {
    a.iter()
        .zip(b)
        .map(|(x, y)| match (x, y) {
            (Some(x), Some(y)) => x.as_ref().cmp(y.as_ref()),
            _ => x.is_none().cmp(&y.is_none()),
        })
        .find(|o| o.is_ne())
        .unwrap_or(std::cmp::Ordering::Equal)
}

/// `report` (keys: the first `period_keys` name the period, the others are
/// segment columns) with one row per period, in the long rows' order, and
/// for each metric, for each segment value seen in any period, the column
/// `metric:value`. A period without rows for a value has empty (null)
/// cells there, as a spreadsheet's pivot of the long rows would. The total
/// (over every segment) and the JSON-only fields of the rows are left out.
pub fn wide(report: &Report, period_keys: usize) -> Report {
    let split_keys = |r: &Row| {
        let (period, segment) = r.keys.split_at(period_keys.min(r.keys.len()));
        (period.to_vec(), segment.to_vec())
    };
    let mut values: Vec<Vec<Option<String>>> = Vec::new();
    let mut periods: Vec<Vec<Option<String>>> = Vec::new();
    for r in &report.rows {
        let (period, value) = split_keys(r);
        if !values.contains(&value) {
            values.push(value);
        }
        if periods.last() != Some(&period) {
            periods.push(period);
        }
    }
    values.sort_by(|a, b| blank_last(a, b));
    let n = values.len();
    let metrics = report.metric_names.len();
    let mut rows: Vec<Row> = periods
        .into_iter()
        .map(|keys| Row {
            keys,
            values: vec![Value::Null; metrics * n],
            extra: Vec::new(),
        })
        .collect();
    // The long rows come period by period: each one's wide row is the
    // current one or a later one.
    let mut at = 0;
    for r in &report.rows {
        let (period, value) = split_keys(r);
        let Some(step) = rows[at..].iter().position(|w| w.keys == period) else {
            continue;
        };
        at += step;
        let v = values.iter().position(|x| *x == value).unwrap_or_default();
        for (m, cell) in r.values.iter().enumerate() {
            if let Some(slot) = rows[at].values.get_mut(m * n + v) {
                *slot = *cell;
            }
        }
    }
    let metric_names = report
        .metric_names
        .iter()
        .flat_map(|m| values.iter().map(move |v| Cow::Owned(column(m, v))))
        .collect();
    Report {
        command: report.command,
        key_names: report.key_names[..period_keys.min(report.key_names.len())].to_vec(),
        metric_names,
        rows,
        total: None,
        meta: report.meta.clone(),
        notes: report.notes.clone(),
        appendix: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(period: &str, channel: Option<&str>, orders: u64) -> Row {
        Row {
            keys: vec![Some(period.into()), channel.map(Into::into)],
            values: vec![Value::Count(orders), Value::Percent(Some(orders as f64))],
            extra: Vec::new(),
        }
    }

    #[test]
    fn one_row_per_period_and_a_column_per_metric_and_value() {
        let long = Report {
            command: "orders",
            key_names: vec!["period".into(), "channel".into()],
            metric_names: vec!["orders".into(), "csat".into()],
            rows: vec![
                row("2024-01", Some("web"), 3),
                row("2024-01", None, 1),
                row("2024-02", Some("app"), 2),
            ],
            total: None,
            meta: Default::default(),
            notes: Vec::new(),
            appendix: Vec::new(),
        };
        let w = wide(&long, 1);
        assert_eq!(w.key_names, ["period"]);
        let names: Vec<&str> = w.metric_names.iter().map(|m| m.as_ref()).collect();
        assert_eq!(
            names,
            [
                "orders:app",
                "orders:web",
                "orders:(blank)",
                "csat:app",
                "csat:web",
                "csat:(blank)"
            ]
        );
        assert_eq!(w.rows.len(), 2);
        assert_eq!(w.rows[0].keys, [Some("2024-01".to_string())]);
        assert_eq!(
            w.rows[0].values[..3],
            [Value::Null, Value::Count(3), Value::Count(1)]
        );
        assert_eq!(
            w.rows[1].values[..3],
            [Value::Count(2), Value::Null, Value::Null]
        );
        assert_eq!(split("orders:web/DE"), Some(("orders", "web/DE")));
    }
}
