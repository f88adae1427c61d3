//! Inline SVG charts for the HTML report: the score histogram, per-topic bars and the paired
//! pre/post chart. Colours come from the page's stylesheet through classes, so the charts print
//! in the same style as the page.

use std::fmt::Write as _;

use super::model::{GainPair, percent};
use super::stats::HISTOGRAM_BINS;

/// Escapes text for HTML and SVG content and double- or single-quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Cuts a label to `max` characters with an ellipsis.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn open(out: &mut String, width: f64, height: f64, label: &str) {
    write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        escape(label)
    )
    .ok();
    write!(out, "<title>{}</title>", escape(label)).ok();
}

/// A step for about five ticks up to `max`.
fn tick_step(max: usize) -> usize {
    max.div_ceil(5).max(1)
}

/// Bars of the number of attempts per 10-point score band.
pub fn histogram(bins: &[usize; HISTOGRAM_BINS], label: &str) -> String {
    let (w, h) = (600.0, 240.0);
    let (left, right, top, bottom) = (44.0, 10.0, 12.0, 44.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let max = bins.iter().copied().max().unwrap_or(0).max(1);
    let step = tick_step(max);
    let top_count = max.div_ceil(step) * step;
    let y = |count: usize| top + plot_h - plot_h * count as f64 / top_count as f64;
    let mut out = String::new();
    open(&mut out, w, h, label);
    let mut tick = 0;
    while tick <= top_count {
        let ty = y(tick);
        write!(
            out,
            r#"<line class="grid" x1="{left}" x2="{}" y1="{ty:.1}" y2="{ty:.1}"/><text class="tick" x="{}" y="{:.1}" text-anchor="end">{tick}</text>"#,
            w - right,
            left - 6.0,
            ty + 4.0
        )
        .ok();
        tick += step;
    }
    let slot = plot_w / HISTOGRAM_BINS as f64;
    for (i, &count) in bins.iter().enumerate() {
        let x = left + slot * i as f64;
        let by = y(count);
        write!(
            out,
            r#"<rect class="bar" x="{:.1}" y="{by:.1}" width="{:.1}" height="{:.1}"><title>{}–{}%: {count}</title></rect>"#,
            x + 3.0,
            slot - 6.0,
            top + plot_h - by,
            i * 10,
            (i + 1) * 10
        )
        .ok();
        if count > 0 {
            write!(
                out,
                r#"<text class="value" x="{:.1}" y="{:.1}" text-anchor="middle">{count}</text>"#,
                x + slot / 2.0,
                by - 3.0
            )
            .ok();
        }
        write!(
            out,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{}–{}</text>"#,
            x + slot / 2.0,
            top + plot_h + 16.0,
            i * 10,
            (i + 1) * 10
        )
        .ok();
    }
    write!(
        out,
        r#"<line class="axis" x1="{left}" x2="{}" y1="{:.1}" y2="{:.1}"/><text class="axis-label" x="{:.1}" y="{:.1}" text-anchor="middle">score (%)</text><text class="axis-label" x="12" y="{:.1}" transform="rotate(-90 12 {:.1})" text-anchor="middle">attempts</text></svg>"#,
        w - right,
        top + plot_h,
        top + plot_h,
        left + plot_w / 2.0,
        h - 6.0,
        top + plot_h / 2.0,
        top + plot_h / 2.0
    )
    .ok();
    out
}

/// One row of a bar chart: a label and one or two values 0..1 (the second drawn as "post").
pub struct BarRow<'a> {
    /// Row label.
    pub label: &'a str,
    /// First value (the mean, or the pre score).
    pub value: f64,
    /// Second value (the post score), for pre/post charts.
    pub second: Option<f64>,
}

/// Horizontal bars 0..100 %, one row per topic (two bars per row for pre/post).
pub fn bars(rows: &[BarRow<'_>], label: &str, legend: Option<(&str, &str)>) -> String {
    let paired = rows.iter().any(|r| r.second.is_some());
    let row_h = if paired { 34.0 } else { 24.0 };
    let (left, right, top) = (210.0, 60.0, if legend.is_some() { 30.0 } else { 10.0 });
    let w = 600.0;
    let plot_w = w - left - right;
    let h = top + row_h * rows.len() as f64 + 28.0;
    let x = |v: f64| left + plot_w * v.clamp(0.0, 1.0);
    let mut out = String::new();
    open(&mut out, w, h, label);
    if let Some((first, second)) = legend {
        write!(
            out,
            r#"<rect class="bar pre" x="{left}" y="8" width="12" height="12"/><text class="tick" x="{}" y="18">{}</text><rect class="bar post" x="{}" y="8" width="12" height="12"/><text class="tick" x="{}" y="18">{}</text>"#,
            left + 16.0,
            escape(first),
            left + 110.0,
            left + 126.0,
            escape(second)
        )
        .ok();
    }
    let bottom = top + row_h * rows.len() as f64;
    for pct in [0, 25, 50, 75, 100] {
        let gx = x(f64::from(pct) / 100.0);
        write!(
            out,
            r#"<line class="grid" x1="{gx:.1}" x2="{gx:.1}" y1="{top}" y2="{bottom:.1}"/><text class="tick" x="{gx:.1}" y="{:.1}" text-anchor="middle">{pct}%</text>"#,
            bottom + 16.0
        )
        .ok();
    }
    for (i, row) in rows.iter().enumerate() {
        let y0 = top + row_h * i as f64;
        write!(
            out,
            r#"<text class="label" x="{:.1}" y="{:.1}" text-anchor="end">{}<title>{}</title></text>"#,
            left - 8.0,
            y0 + row_h / 2.0 + 4.0,
            escape(&cut(row.label, 30)),
            escape(row.label)
        )
        .ok();
        let series: Vec<(f64, &str)> = match row.second {
            Some(second) => vec![(row.value, "bar pre"), (second, "bar post")],
            None if paired => vec![(row.value, "bar pre")],
            None => vec![(row.value, "bar")],
        };
        let bar_h = (row_h - 8.0) / series.len() as f64;
        for (k, (value, class)) in series.iter().enumerate() {
            let by = y0 + 4.0 + bar_h * k as f64;
            write!(
                out,
                r#"<rect class="{class}" x="{left}" y="{by:.1}" width="{:.1}" height="{:.1}"/><text class="value" x="{:.1}" y="{:.1}">{}</text>"#,
                x(*value) - left,
                bar_h - 2.0,
                x(*value) + 4.0,
                by + bar_h - 4.0,
                percent(*value)
            )
            .ok();
        }
    }
    out.push_str("</svg>");
    out
}

/// The paired chart: one line per learner from the pre score to the post score, and the mean
/// as a thick line.
pub fn paired(pairs: &[GainPair], label: &str) -> String {
    let (w, h) = (600.0, 320.0);
    let (top, bottom) = (16.0, 40.0);
    let (x_pre, x_post) = (170.0, 430.0);
    let plot_h = h - top - bottom;
    let y = |v: f64| top + plot_h * (1.0 - v.clamp(0.0, 1.0));
    let mut out = String::new();
    open(&mut out, w, h, label);
    for pct in [0, 25, 50, 75, 100] {
        let gy = y(f64::from(pct) / 100.0);
        write!(
            out,
            r#"<line class="grid" x1="{}" x2="{}" y1="{gy:.1}" y2="{gy:.1}"/><text class="tick" x="{}" y="{:.1}" text-anchor="end">{pct}%</text>"#,
            x_pre - 40.0,
            x_post + 40.0,
            x_pre - 48.0,
            gy + 4.0
        )
        .ok();
    }
    for x in [x_pre, x_post] {
        write!(
            out,
            r#"<line class="axis" x1="{x}" x2="{x}" y1="{top}" y2="{:.1}"/>"#,
            top + plot_h
        )
        .ok();
    }
    for p in pairs {
        let class = if p.post > p.pre + 1e-9 {
            "up"
        } else if p.post < p.pre - 1e-9 {
            "down"
        } else {
            "flat"
        };
        let tip = format!("{}: {} → {}", p.learner, percent(p.pre), percent(p.post));
        write!(
            out,
            r#"<g class="pair {class}"><title>{}</title><line x1="{x_pre}" x2="{x_post}" y1="{:.1}" y2="{:.1}"/><circle cx="{x_pre}" cy="{:.1}" r="4"/><circle cx="{x_post}" cy="{:.1}" r="4"/></g>"#,
            escape(&tip),
            y(p.pre),
            y(p.post),
            y(p.pre),
            y(p.post)
        )
        .ok();
    }
    let n = pairs.len().max(1) as f64;
    let mean_pre = pairs.iter().map(|p| p.pre).sum::<f64>() / n;
    let mean_post = pairs.iter().map(|p| p.post).sum::<f64>() / n;
    if !pairs.is_empty() {
        write!(
            out,
            r#"<g class="mean"><title>mean: {} → {}</title><line x1="{x_pre}" x2="{x_post}" y1="{:.1}" y2="{:.1}"/></g><text class="value" x="{:.1}" y="{:.1}">mean {}</text><text class="value" x="{:.1}" y="{:.1}">mean {}</text>"#,
            percent(mean_pre),
            percent(mean_post),
            y(mean_pre),
            y(mean_post),
            x_post + 10.0,
            y(mean_post) + 4.0,
            percent(mean_post),
            x_pre + 8.0,
            y(mean_pre) - 8.0,
            percent(mean_pre)
        )
        .ok();
    }
    write!(
        out,
        r#"<text class="axis-label" x="{x_pre}" y="{:.1}" text-anchor="middle">pre</text><text class="axis-label" x="{x_post}" y="{:.1}" text-anchor="middle">post</text></svg>"#,
        h - 12.0,
        h - 12.0
    )
    .ok();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_cuts() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
    }

    #[test]
    fn charts_are_closed_svg_with_escaped_labels() {
        let h = histogram(&[0, 1, 0, 0, 0, 0, 2, 5, 1, 1], "Scores <all>");
        assert!(h.starts_with("<svg") && h.ends_with("</svg>"));
        assert!(h.contains("Scores &lt;all&gt;"));
        assert_eq!(h.matches("<rect").count(), 10);
        let b = bars(
            &[BarRow {
                label: "A & B",
                value: 0.5,
                second: Some(0.75),
            }],
            "t",
            Some(("pre", "post")),
        );
        assert!(b.contains("A &amp; B") && b.contains("75.0%") && b.ends_with("</svg>"));
        let p = paired(
            &[GainPair {
                learner: "<script>".into(),
                pre: 0.5,
                post: 0.75,
                gain: Some(0.5),
            }],
            "pairs",
        );
        assert!(p.contains("&lt;script&gt;") && !p.contains("<script>"));
        assert!(p.contains(r#"class="pair up""#));
    }
}
