//! HTML: one self-contained file (inline CSS and SVG, no script, no
//! network), built from the same rounded tables as the terminal and
//! Markdown output, plus charts for a report document. Every string that
//! comes from the data or the command line is escaped.

use std::fmt::Write;

use super::human::{document_grids, grid, sheet_grids, Grid};
use super::{chart, Document, Report, Section, Sheet, Value};
use crate::metrics::survey::LOW_SAMPLE;

/// Text made safe for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Readable on a laptop and in a mail client: system fonts, tables that
/// scroll sideways on narrow screens, no layout that needs modern CSS.
const STYLE: &str = "body{font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\
color:#111827;max-width:1100px;margin:24px auto;padding:0 16px;line-height:1.4}\
h1{font-size:22px}h2{font-size:17px;margin-top:28px}\
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:14px}\
th,td{padding:4px 10px;border-bottom:1px solid #e5e7eb;white-space:nowrap}\
th{text-align:left;background:#f9fafb}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\
.charts svg{max-width:100%;height:auto;margin:0 12px 12px 0;vertical-align:top}\
.notes li{margin:4px 0}.meta{color:#4b5563;font-size:13px}\
body{overflow-wrap:anywhere}.sub{color:#374151;margin-top:-8px}\
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:12px;margin:16px 0}\
.card{border:1px solid #e5e7eb;border-radius:8px;padding:10px 12px;color:#0072b2}\
.card .name{color:#374151;font-size:13px}.card .value{color:#111827;font-size:28px;font-weight:600;\
font-variant-numeric:tabular-nums}.card .change{font-size:13px;margin:2px 0 4px}\
.better{color:#1a7f37}.worse{color:#cf222e}.noise,.flat{color:#6b7280}\
.spark{display:block;max-width:100%}footer{margin-top:32px;border-top:1px solid #e5e7eb}\
@media print{body{max-width:none;margin:0;font-size:12px}.scroll{overflow:visible}\
h2{break-after:avoid}table,svg,.card{break-inside:avoid}.cards{grid-template-columns:repeat(4,1fr)}\
a{color:inherit;text-decoration:none}}";

pub(super) fn page(title: &str, body: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
    .into_bytes()
}

pub(super) fn table(g: &Grid) -> String {
    let class = |numeric: bool| if numeric { " class=\"n\"" } else { "" };
    let mut out = String::from("<div class=\"scroll\"><table>\n<thead><tr>");
    for (h, &n) in g.header.iter().zip(&g.numeric) {
        let _ = write!(out, "<th{}>{}</th>", class(n), escape(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &g.rows {
        out.push_str("<tr>");
        for (c, &n) in row.iter().zip(&g.numeric) {
            let _ = write!(out, "<td{}>{}</td>", class(n), escape(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    out
}

pub(super) fn notes(notes: &[String]) -> String {
    if notes.is_empty() {
        return String::new();
    }
    let items: String = notes
        .iter()
        .map(|n| format!("<li>{}</li>\n", escape(n)))
        .collect();
    format!("<ul class=\"notes\">\n{items}</ul>\n")
}

/// The inputs each part of the report read, from the metadata: file names
/// only (a report mailed on must not show the analyst's folders).
fn inputs(meta: &serde_json::Map<String, serde_json::Value>) -> String {
    let mut out = String::new();
    for kind in ["orders", "surveys"] {
        let files = meta
            .get(kind)
            .and_then(|m| m.get("inputs"))
            .and_then(|i| i.as_array());
        if let Some(files) = files {
            let names: Vec<String> = files
                .iter()
                .map(|f| escape(&file_name(f.as_str().unwrap_or_default())))
                .collect();
            let _ = writeln!(out, "<p class=\"meta\">{kind}: {}</p>", names.join(", "));
        }
    }
    out
}

/// The last component of a path as given (`/home/ana/shop/orders.csv` ->
/// `orders.csv`; `-` stays `-`), split at `/` and, as Windows writes
/// paths, `\\`.
fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\'])
        .find(|p| !p.is_empty())
        .unwrap_or(path)
        .to_string()
}

/// A single-table report (`engage orders` / `engage survey`) as HTML.
pub fn render(report: &Report) -> anyhow::Result<Vec<u8>> {
    let title = format!("engage {}", report.command);
    let mut body = format!("<h1>{}</h1>\n{}", escape(&title), table(&grid(report)));
    for a in &report.appendix {
        let numeric = (0..a.header.len()).map(|i| i > 0).collect();
        let g = Grid {
            header: a.header.clone(),
            rows: a.rows.clone(),
            numeric,
        };
        let _ = write!(body, "<h2>{}</h2>\n{}", escape(&a.title), table(&g));
    }
    body.push_str(&notes(&report.notes));
    Ok(page(&title, &body))
}

/// The trend of each charted metric the document has (NPS and CSAT with
/// their 95% margins as a band, low-sample periods hollow), then the NPS
/// answers of the headline period.
fn charts(doc: &Document) -> anyhow::Result<String> {
    let mut svgs = Vec::new();
    let mut banded = false;
    if let Some(periods) = doc.table(&Section::Periods) {
        let labels: Vec<String> = periods.rows.iter().map(|r| r.period.clone()).collect();
        let unit = doc
            .meta
            .get("report")
            .and_then(|r| r.get("by"))
            .and_then(|b| b.as_str())
            .unwrap_or("period");
        for (metric, y_title) in [
            ("aov", "currency of the data"),
            ("repeat_purchase_rate", "% of customers"),
            ("nps", "points, -100 to 100"),
            ("csat", "% satisfied"),
        ] {
            if !doc.metrics.contains(&metric) {
                continue;
            }
            let number = |r: &super::DocRow, m: &str| doc.get(r, m).and_then(|v| v.number());
            let band: Vec<Option<(f64, f64)>> = periods
                .rows
                .iter()
                .map(|r| match metric {
                    "nps" => number(r, "nps")
                        .zip(number(r, "nps_margin"))
                        .map(|(v, m)| (v - m, v + m)),
                    "csat" => number(r, "csat_low").zip(number(r, "csat_high")),
                    _ => None,
                })
                .collect();
            let light: Vec<bool> = periods
                .rows
                .iter()
                .map(|r| {
                    matches!(metric, "nps" | "csat")
                        && matches!(doc.get(r, "low_sample"), Some(Value::Flag(true)))
                })
                .collect();
            let series = chart::Series {
                title: super::labels::name(metric),
                x_title: unit,
                y_title,
                labels: &labels,
                values: &periods
                    .rows
                    .iter()
                    .map(|r| number(r, metric))
                    .collect::<Vec<_>>(),
                band: &band,
                light: &light,
            };
            if let Some(svg) = chart::trend_with(&series)? {
                banded |= band.iter().any(Option::is_some);
                svgs.push(svg);
            }
        }
    }
    let headline = doc.table(&Section::Headline).and_then(|t| t.rows.first());
    if let Some(row) = headline {
        let counts = row
            .extra
            .iter()
            .find(|(k, _)| k == "nps_distribution")
            .and_then(|(_, v)| serde_json::from_value::<Vec<u64>>(v.clone()).ok());
        if let Some(counts) = counts.filter(|c| c.iter().any(|&n| n > 0)) {
            let title = format!("NPS answers, {}", row.period);
            svgs.push(chart::nps_distribution(&title, &counts)?);
        }
    }
    if svgs.is_empty() {
        return Ok(String::new());
    }
    let legend = if banded {
        format!(
            "<p class=\"meta\">Shaded: the 95% margin of error. Hollow points: fewer than \
             {LOW_SAMPLE} answers in that period. Hover a point for its value.</p>\n"
        )
    } else {
        String::new()
    };
    Ok(format!(
        "<h2>Charts</h2>\n{legend}<div class=\"charts\">\n{}</div>\n",
        svgs.concat()
    ))
}

/// A report document as one HTML page: the heading, the KPI cards, the
/// headline, charts, the other tables, notes, and a footer naming the
/// input files and the day the report was made.
pub fn render_document(doc: &Document) -> anyhow::Result<Vec<u8>> {
    let mut body = String::new();
    match &doc.heading {
        Some(h) => {
            let _ = write!(
                body,
                "<h1>{}</h1>\n<p class=\"sub\">{}</p>\n",
                escape(h),
                escape(&doc.title)
            );
        }
        None => {
            let _ = writeln!(body, "<h1>{}</h1>", escape(&doc.title));
        }
    }
    body.push_str(&super::cards::cards(doc));
    let grids = document_grids(doc);
    let notes_for_people = super::human::document_notes(doc, &grids);
    let mut grids = grids.iter();
    // The headline (and its NPS answers) first, then the charts.
    if let Some((title, g)) = grids.next() {
        let _ = write!(body, "<h2>{}</h2>\n{}", escape(title), table(g));
    }
    body.push_str(&notes(&notes_for_people));
    body.push_str(&charts(doc)?);
    for (title, g) in grids {
        let _ = write!(body, "<h2>{}</h2>\n{}", escape(title), table(g));
    }
    if let Some(c) = &doc.cohorts {
        let _ = writeln!(body, "<h2>{}</h2>", escape(&c.section_title()));
        body.push_str(&c.heatmaps()?);
    }
    if let Some(f) = &doc.feedback {
        let _ = writeln!(body, "<h2>{}</h2>", escape(&f.title));
        body.push_str(&super::feedback::figures(f)?);
        for (title, g) in super::feedback::grids(f) {
            let _ = write!(body, "<h2>{}</h2>\n{}", escape(&title), table(&g));
        }
    }
    let _ = write!(
        body,
        "<footer>\n{}<p class=\"meta\">Generated on {} by engage {}</p>\n</footer>\n",
        inputs(&doc.meta),
        escape(&doc.generated_on),
        env!("CARGO_PKG_VERSION")
    );
    let title = match &doc.heading {
        Some(h) => format!("{h}: {}", doc.title),
        None => doc.title.clone(),
    };
    Ok(page(&title, &body))
}

/// A sheet (`engage check`) as one HTML page.
pub fn render_sheet(sheet: &Sheet) -> anyhow::Result<Vec<u8>> {
    render_sheet_with(sheet, "")
}

/// A sheet as one HTML page with `figures` (SVG charts, markup made by
/// `chart`) under its title.
pub fn render_sheet_with(sheet: &Sheet, figures: &str) -> anyhow::Result<Vec<u8>> {
    let mut body = format!("<h1>{}</h1>\n{figures}", escape(&sheet.title));
    for (title, g) in sheet_grids(sheet) {
        let _ = write!(body, "<h2>{}</h2>\n{}", escape(&title), table(&g));
    }
    body.push_str(&notes(&sheet.notes));
    Ok(page(&sheet.title, &body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_footer_names_files_without_their_folders() {
        assert_eq!(file_name("/home/ana/shop/orders.csv"), "orders.csv");
        assert_eq!(file_name("C:\\Users\\ana\\orders.csv"), "orders.csv");
        assert_eq!(file_name("orders.csv"), "orders.csv");
        assert_eq!(file_name("-"), "-");
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }
}
