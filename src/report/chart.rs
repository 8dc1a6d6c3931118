//! SVG charts for the HTML report, drawn with plotters' SVG backend: a
//! metric's trend over the periods (with its margin of error as a band),
//! and the NPS answer distribution. Text is left to the browser's
//! sans-serif font (no font files are read), and plotters escapes every
//! string it writes into the SVG; the hover titles added here are written
//! with maud, which escapes them. Colours are the Okabe-Ito palette, which readers with
//! any common colour-vision deficiency tell apart.

use plotters::prelude::*;

use super::lang;

const WIDTH: u32 = 520;
const HEIGHT: u32 = 260;
const LINE: RGBColor = RGBColor(0, 114, 178);
const DETRACTOR: RGBColor = RGBColor(213, 94, 0);
const PASSIVE: RGBColor = RGBColor(153, 153, 153);
const PROMOTER: RGBColor = RGBColor(0, 158, 115);

fn failed(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("internal error while drawing a chart: {e}")
}

/// The y range a chart shows: the values' range with some air, and never
/// empty.
fn y_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let pad = ((hi - lo) * 0.1).max(hi.abs().max(1.0) * 0.05);
    (lo - pad, hi + pad)
}

/// Axes for `n` categories at x = 0, 1, ... n - 1 and values in `y`, under
/// `title`.
fn categories<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    title: &str,
    n: f64,
    y: std::ops::Range<f64>,
) -> anyhow::Result<
    ChartContext<
        'a,
        SVGBackend<'b>,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
> {
    categories_with(root, title, n, y, (28, 56))
}

/// [`categories`] with `(x, y)` label areas of the given heights/widths
/// (larger when the axes carry titles).
fn categories_with<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    title: &str,
    n: f64,
    y: std::ops::Range<f64>,
    (x_area, y_area): (u32, u32),
) -> anyhow::Result<
    ChartContext<
        'a,
        SVGBackend<'b>,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
> {
    ChartBuilder::on(root)
        .caption(title, ("sans-serif", 16))
        .margin(12)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(-0.5..n - 0.5, y)
        .map_err(failed)
}

/// The label of the category at `x` (blank between categories).
fn category_label(labels: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() < 1e-9 && i >= 0.0 {
        labels.get(i as usize).cloned().unwrap_or_default()
    } else {
        String::new()
    }
}

/// A line through `values` over the period `labels`, broken where a period
/// has no value; `None` when no period has one.
pub fn trend(
    title: &str,
    labels: &[String],
    values: &[Option<f64>],
) -> anyhow::Result<Option<String>> {
    trend_with(&Series {
        title,
        x_title: "",
        y_title: "",
        labels,
        values,
        band: &[],
        light: &[],
    })
}

/// A trend to draw: one value per period label, optionally an interval
/// per period (shaded) and which periods have few answers (drawn hollow).
pub struct Series<'a> {
    pub title: &'a str,
    /// Axis titles (`week`, `% satisfied`); empty for none.
    pub x_title: &'a str,
    pub y_title: &'a str,
    pub labels: &'a [String],
    pub values: &'a [Option<f64>],
    /// Empty, or one `(low, high)` per label.
    pub band: &'a [Option<(f64, f64)>],
    /// Empty, or one flag per label.
    pub light: &'a [bool],
}

/// Consecutive runs of present values, as `(index, value)`.
fn runs<T: Copy>(values: &[Option<T>]) -> Vec<Vec<(usize, T)>> {
    let mut out = vec![Vec::new()];
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => out.last_mut().map_or((), |r| r.push((i, *v))),
            None => out.push(Vec::new()),
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// `series` drawn as a line with its band; each point carries an SVG
/// `<title>` with its period, value and interval (shown on hover). `None`
/// when no period has a value.
pub fn trend_with(series: &Series) -> anyhow::Result<Option<String>> {
    let values = series.values;
    let points: Vec<(f64, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i as f64, v)))
        .collect();
    if points.is_empty() {
        return Ok(None);
    }
    let band = |i: usize| series.band.get(i).copied().flatten();
    let light = |i: usize| series.light.get(i).copied().unwrap_or(false);
    let extent = points
        .iter()
        .map(|p| p.1)
        .chain((0..values.len()).filter_map(band).flat_map(|(l, h)| [l, h]));
    let (lo, hi) = y_range(extent);
    let labels = series.labels;
    let n = labels.len().max(1) as f64;
    let mut svg = String::new();
    let mut hovers = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        // Room for the axis titles when there are any.
        let areas = match (series.x_title.is_empty(), series.y_title.is_empty()) {
            (true, true) => (28, 56),
            _ => (40, 68),
        };
        let mut chart = categories_with(&root, series.title, n, lo..hi, areas)?;
        let label = |x: &f64| category_label(labels, *x);
        // At most 6 period labels on 520 px: a label is 8-10 characters
        // (`2024-W12`), about 60 px at 12 px type, so they never overlap.
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .x_labels(labels.len().clamp(1, 6))
            .x_label_formatter(&label)
            .y_labels(5)
            .x_desc(series.x_title)
            .y_desc(series.y_title)
            .label_style(("sans-serif", 12))
            .axis_desc_style(("sans-serif", 12))
            .draw()
            .map_err(failed)?;
        let bands: Vec<Option<(f64, f64)>> = (0..values.len()).map(band).collect();
        for run in runs(&bands) {
            let shade = LINE.mix(0.18).filled();
            if let [(i, (l, h))] = run[..] {
                let x = i as f64;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x - 0.08, l), (x + 0.08, h)],
                        shade,
                    )))
                    .map_err(failed)?;
                continue;
            }
            let outline: Vec<(f64, f64)> = run
                .iter()
                .map(|&(i, (_, h))| (i as f64, h))
                .chain(run.iter().rev().map(|&(i, (l, _))| (i as f64, l)))
                .collect();
            chart
                .draw_series(std::iter::once(Polygon::new(outline, shade)))
                .map_err(failed)?;
        }
        for run in runs(values).into_iter().filter(|r| r.len() > 1) {
            let line = run.into_iter().map(|(i, v)| (i as f64, v));
            chart
                .draw_series(LineSeries::new(line, LINE.stroke_width(2)))
                .map_err(failed)?;
        }
        chart
            .draw_series(points.iter().map(|&p| {
                if light(p.0 as usize) {
                    Circle::new(p, 3, WHITE.filled())
                } else {
                    Circle::new(p, 3, LINE.filled())
                }
            }))
            .map_err(failed)?;
        chart
            .draw_series(
                points
                    .iter()
                    .filter(|p| light(p.0 as usize))
                    .map(|&p| Circle::new(p, 3, LINE.mix(0.5).stroke_width(1))),
            )
            .map_err(failed)?;
        for &(x, v) in &points {
            let i = x as usize;
            let (cx, cy) = chart.backend_coord(&(x, v));
            let mut text = format!("{}: {v:.1}", labels.get(i).map_or("", String::as_str));
            if let Some((l, h)) = band(i) {
                let (low, high) = (format!("{l:.1}"), format!("{h:.1}"));
                text.push_str(&lang::fill(
                    "hover_interval",
                    &[("low", &low), ("high", &high)],
                ));
            }
            if light(i) {
                text.push_str(lang::text("hover_few"));
            }
            let hover = maud::html! {
                circle cx=(cx) cy=(cy) r="8" fill="transparent" { title { (text) } }
                "\n"
            };
            hovers.push_str(&hover.into_string());
        }
        root.present().map_err(failed)?;
    }
    if let Some(end) = svg.rfind("</svg>") {
        svg.insert_str(end, &hovers);
    }
    Ok(Some(svg))
}

/// Hardie's tracking plot: cumulative expected (blue) and actual (red)
/// purchases at the end of each week of a holdout, from 0 at its start.
pub fn tracking(title: &str, expected: &[f64], actual: &[f64]) -> anyhow::Result<String> {
    let weeks = expected.len().max(1) as f64;
    let (lo, hi) = y_range(expected.iter().chain(actual).copied().chain([0.0]));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(28)
            .y_label_area_size(56)
            .build_cartesian_2d(0.0..weeks, lo.max(0.0)..hi)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .x_desc(super::lang::text("clv_chart_x"))
            .y_labels(5)
            .label_style(("sans-serif", 12))
            .draw()
            .map_err(failed)?;
        let series = |values: &[f64]| -> Vec<(f64, f64)> {
            std::iter::once((0.0, 0.0))
                .chain(values.iter().enumerate().map(|(i, v)| ((i + 1) as f64, *v)))
                .collect()
        };
        chart
            .draw_series(LineSeries::new(series(expected), LINE.stroke_width(2)))
            .map_err(failed)?
            .label(super::labels::column("expected"))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], LINE.stroke_width(2)));
        chart
            .draw_series(LineSeries::new(series(actual), DETRACTOR.stroke_width(2)))
            .map_err(failed)?
            .label(super::labels::column("actual"))
            .legend(|(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], DETRACTOR.stroke_width(2))
            });
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE)
            .border_style(PASSIVE)
            .label_font(("sans-serif", 12))
            .draw()
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

/// Bars of the NPS answers 0-10, coloured detractor, passive, promoter.
pub fn nps_distribution(title: &str, counts: &[u64]) -> anyhow::Result<String> {
    let top = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(28)
            .y_label_area_size(56)
            .build_cartesian_2d(-0.5..10.5, 0.0..top * 1.1)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .x_labels(11)
            .x_label_formatter(&|x: &f64| format!("{}", x.round() as i64))
            .y_labels(5)
            // Counts are whole: ticks between them stay unlabelled.
            .y_label_formatter(&|y: &f64| {
                if (y - y.round()).abs() < 1e-9 {
                    format!("{}", y.round() as i64)
                } else {
                    String::new()
                }
            })
            .label_style(("sans-serif", 12))
            .draw()
            .map_err(failed)?;
        chart
            .draw_series(counts.iter().enumerate().map(|(k, &c)| {
                let colour = match k {
                    0..=6 => DETRACTOR,
                    7 | 8 => PASSIVE,
                    _ => PROMOTER,
                };
                let x = k as f64;
                Rectangle::new([(x - 0.38, 0.0), (x + 0.38, c as f64)], colour.filled())
            }))
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

/// Bars of NPS per group, each with its 95% margin of error as a whisker
/// (`groups`: label, NPS, margin), on the NPS scale clipped to -100..100.
pub fn nps_by_group(title: &str, groups: &[(String, f64, f64)]) -> anyhow::Result<String> {
    let n = groups.len().max(1) as f64;
    let (lo, hi) = y_range(
        groups
            .iter()
            .flat_map(|(_, v, m)| [v - m, v + m, 0.0])
            .map(|v| v.clamp(-100.0, 100.0)),
    );
    let width = WIDTH.max(90 * groups.len() as u32 + 120);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut chart = categories(&root, title, n, lo..hi)?;
        let labels: Vec<String> = groups.iter().map(|g| g.0.clone()).collect();
        let label = |x: &f64| category_label(&labels, *x);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .x_labels(groups.len().max(1))
            .x_label_formatter(&label)
            .y_labels(5)
            .label_style(("sans-serif", 12))
            .draw()
            .map_err(failed)?;
        chart
            .draw_series(groups.iter().enumerate().map(|(i, (_, v, _))| {
                let x = i as f64;
                let colour = if *v >= 0.0 { PROMOTER } else { DETRACTOR };
                Rectangle::new([(x - 0.3, 0.0), (x + 0.3, *v)], colour.filled())
            }))
            .map_err(failed)?;
        chart
            .draw_series(groups.iter().enumerate().map(|(i, (_, v, m))| {
                let x = i as f64;
                let (a, b) = ((v - m).max(lo), (v + m).min(hi));
                PathElement::new(
                    vec![
                        (x, a),
                        (x, b),
                        (x - 0.08, b),
                        (x + 0.08, b),
                        (x, b),
                        (x, a),
                        (x - 0.08, a),
                        (x + 0.08, a),
                    ],
                    BLACK.stroke_width(1),
                )
            }))
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trend_draws_a_line_and_escapes_labels() {
        let labels = vec!["<W1>".to_string(), "W2".into(), "W3".into()];
        let svg = trend("AOV & more", &labels, &[Some(1.0), Some(3.0), None])
            .unwrap()
            .unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("<polyline"), "{svg}");
        assert!(svg.contains("AOV &amp; more"));
        assert!(!svg.contains("<W1>"));
    }

    #[test]
    fn a_band_is_shaded_and_points_carry_hover_titles() {
        let labels = vec!["W1".to_string(), "W2".into(), "W3".into()];
        let series = Series {
            title: "NPS",
            x_title: "week",
            y_title: "points",
            labels: &labels,
            values: &[Some(10.0), Some(20.0), Some(-5.0)],
            band: &[Some((0.0, 20.0)), Some((5.0, 35.0)), Some((-30.0, 20.0))],
            light: &[false, true, false],
        };
        let svg = trend_with(&series).unwrap().unwrap();
        assert!(svg.contains("<polygon"), "{svg}");
        assert_eq!(svg.matches("<title>").count(), 3, "{svg}");
        assert!(svg.contains("W2: 20.0 (95% interval 5.0 to 35.0), few answers"));
        assert!(
            svg.contains("\nweek\n") && svg.contains("\npoints\n"),
            "{svg}"
        );
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn trend_without_values_is_no_chart() {
        assert!(trend("NPS", &["W1".into()], &[None]).unwrap().is_none());
    }

    #[test]
    fn nps_by_group_draws_a_bar_and_a_whisker_per_group() {
        let groups = vec![
            ("new".to_string(), 20.0, 30.0),
            ("<b>".to_string(), -10.0, 15.0),
        ];
        let svg = nps_by_group("NPS", &groups).unwrap();
        assert_eq!(svg.matches("<rect").count(), 2 + 1 /* background */);
        assert!(!svg.contains("<b>") && svg.contains("&lt;b&gt;"));
    }

    #[test]
    fn distribution_has_eleven_bars() {
        let svg = nps_distribution("NPS", &[1, 0, 0, 0, 0, 0, 2, 1, 0, 3, 4]).unwrap();
        assert_eq!(svg.matches("<rect").count(), 11 + 1 /* background */);
    }
}
