//! Charts as inline SVG: readable without JavaScript, printable, and each paired with
//! its data table by the page that shows it.

use std::fmt::Write;

use crate::outcomes::Figure;
use crate::xml::escape;

/// One series of a stacked bar chart.
#[derive(Clone, Debug)]
pub(crate) struct Series {
    /// Legend label.
    pub name: String,
    /// One figure per category: drawn at its value (a lower bound when incomplete), and
    /// described as shown on the page (`≥ 272`).
    pub values: Vec<Figure>,
}

impl Series {
    fn value(&self, i: usize) -> i64 {
        self.values.get(i).map_or(0, |f| f.value).max(0)
    }
}

/// Fill colours by series index; themes may restyle `.series-N` with CSS.
const PALETTE: [&str; 8] = [
    "#1f5fa8", "#4f9a48", "#c8102e", "#e3a21a", "#7a4fa0", "#5b6770", "#138d90", "#a0522d",
];

/// A stacked bar chart: one bar per category, one segment per series.
///
/// `id` makes the SVG's title and description ids unique on the page.
pub(crate) fn stacked_bars(
    id: &str,
    title: &str,
    categories: &[String],
    series: &[Series],
) -> String {
    // A narrow drawing with large type: scaled to a 390 px phone the text stays as large as
    // the body text (18 units ≈ 15 px there), and the legend wraps onto as many lines as it needs.
    let width = 400.0_f64;
    let font = 18.0_f64;
    let legend = legend_layout(series, width, font);
    let legend_lines = legend.last().map_or(0, |&(_, line)| line + 1);
    let (left, right, top, plot_h) = (60.0, 8.0, 14.0, 200.0);
    let height = top + plot_h + font + 14.0 + legend_lines as f64 * (font + 8.0) + 6.0;
    let plot_w = width - left - right;
    let totals: Vec<i64> = (0..categories.len())
        .map(|i| series.iter().map(|s| s.value(i)).sum())
        .collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1);
    let step = nice_step(max);
    let top_value = (max + step - 1) / step * step;
    let scale = plot_h / top_value as f64;
    let id = escape(id);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{}</title><desc id="{id}-desc">"#,
        escape(title)
    );
    for (c, category) in categories.iter().enumerate() {
        let parts: Vec<String> = series
            .iter()
            .map(|s| {
                let shown = s.values.get(c).map_or_else(|| "0".into(), Figure::text);
                format!("{} {shown}", s.name)
            })
            .collect();
        let _ = write!(svg, "{}：{}。", escape(category), escape(&parts.join("，")));
    }
    svg.push_str("</desc>");
    // Grid lines and the value axis.
    let mut v = 0;
    while v <= top_value {
        let y = top + plot_h - v as f64 * scale;
        let _ = write!(
            svg,
            r##"<line class="grid" x1="{left}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#d0d4d9" stroke-width="1"/><text class="axis" x="{:.1}" y="{:.1}" text-anchor="end" font-size="{font}" fill="#333">{v}</text>"##,
            width - right,
            left - 6.0,
            y + font * 0.35
        );
        v += step;
    }
    let slot = plot_w / categories.len().max(1) as f64;
    let bar = (slot * 0.6).min(48.0);
    for (c, category) in categories.iter().enumerate() {
        let x = left + slot * c as f64 + (slot - bar) / 2.0;
        let mut y = top + plot_h;
        for (i, s) in series.iter().enumerate() {
            let value = s.value(c);
            if value == 0 {
                continue;
            }
            let h = value as f64 * scale;
            y -= h;
            let _ = write!(
                svg,
                r#"<rect class="series-{i}" x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{h:.1}" fill="{}"><title>{} {}：{value}</title></rect>"#,
                PALETTE[i % PALETTE.len()],
                escape(category),
                escape(&s.name)
            );
        }
        let _ = write!(
            svg,
            r##"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="middle" font-size="{font}" fill="#222">{}</text>"##,
            x + bar / 2.0,
            top + plot_h + font + 4.0,
            escape(category)
        );
    }
    // Legend.
    let legend_top = top + plot_h + font + 14.0;
    for (i, (s, &(lx, line))) in series.iter().zip(&legend).enumerate() {
        let ly = legend_top + line as f64 * (font + 8.0) + font;
        let _ = write!(
            svg,
            r##"<rect class="legend-swatch series-{i}" x="{lx:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"/><text x="{:.1}" y="{ly:.1}" font-size="{font}" fill="#222">{}</text>"##,
            ly - font * 0.8,
            font * 0.7,
            font * 0.7,
            PALETTE[i % PALETTE.len()],
            lx + font,
            escape(&s.name)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Where each legend entry starts: its x and its line, wrapping at `width`.
fn legend_layout(series: &[Series], width: f64, font: f64) -> Vec<(f64, usize)> {
    let (start, mut x, mut line) = (8.0, 8.0, 0);
    let mut out = Vec::with_capacity(series.len());
    for s in series {
        let w = font + font * s.name.chars().count() as f64 + font * 0.8;
        if x > start && x + w > width {
            x = start;
            line += 1;
        }
        out.push((x, line));
        x += w;
    }
    out
}

/// A round step for the value axis: about four grid lines.
fn nice_step(max: i64) -> i64 {
    let rough = (max as f64 / 4.0).max(1.0);
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * magnitude);
    step.max(1.0) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_carry_accessible_text_and_escape_labels() {
        let svg = stacked_bars(
            "c1",
            "申请<办理>",
            &["2019".into(), "2020".into()],
            &[
                Series {
                    name: "予以公开".into(),
                    values: vec![fig(1, 0), fig(3, 0)],
                },
                Series {
                    name: "不予公开".into(),
                    values: vec![fig(0, 0), fig(2, 1)],
                },
            ],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("申请&lt;办理&gt;"));
        assert!(
            svg.contains("2020：予以公开 3，不予公开 ≥ 2。"),
            "an incomplete figure is described as a lower bound"
        );
        assert_eq!(
            svg.matches("<rect class=\"series-").count(),
            3,
            "zero segments are not drawn"
        );
        assert_eq!(
            svg.matches("<rect class=\"legend-swatch series-").count(),
            2,
            "the legend's swatches take the series' classes, so a theme recolours both"
        );
    }

    fn fig(value: i64, missing: usize) -> Figure {
        Figure {
            value,
            missing,
            derived: 0,
        }
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(4), 1);
        assert_eq!(nice_step(37), 10);
        assert_eq!(nice_step(180), 50);
    }
}
