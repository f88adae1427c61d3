//! GUI-free, deterministic layout of a bank's relationship map: a force-directed placement from a
//! fixed seed, then a pass that moves nodes until no two labels overlap at the default zoom.
//!
//! Positions are in a unit box (0..1 on both axes, y down). The map screen scales them to its
//! canvas; [`label_rects`] gives the label boxes for a canvas size and font, so the screen and the
//! tests agree on what "overlap" means. All relations are used for the layout (whatever the year),
//! so nodes stay put while the year slider filters edges with [`BankMap::active_in`].

#![expect(
    clippy::indexing_slicing,
    reason = "positions and displacements are parallel vectors indexed by node number, \
              and edges refer to nodes by index checked when the layout is built"
)]

use crate::model::BankMap;

/// Seed of the shipped layout. Changing it moves every node.
pub const DEFAULT_SEED: u64 = 0x15C0_2015;

/// Canvas size in points the default zoom is designed for (width, height).
pub const DEFAULT_CANVAS: (f64, f64) = (960.0, 640.0);

/// Estimated width of one label character in points (a 13-point proportional font).
pub const CHAR_WIDTH: f64 = 7.5;

/// Height of a label box in points, padding included.
pub const LABEL_HEIGHT: f64 = 22.0;

/// Horizontal padding on each side of a label, in points.
pub const LABEL_PADDING: f64 = 6.0;

/// Gap kept between label boxes, in points.
const LABEL_GAP: f64 = 4.0;

/// Options of [`layout_with`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutParams {
    /// Seed of the initial placement.
    pub seed: u64,
    /// Force-directed iterations.
    pub iterations: usize,
    /// Canvas (width, height) in points, for the label-overlap pass.
    pub canvas: (f64, f64),
}

impl Default for LayoutParams {
    fn default() -> Self {
        Self {
            seed: DEFAULT_SEED,
            iterations: 400,
            canvas: DEFAULT_CANVAS,
        }
    }
}

/// Where one group is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct NodePosition {
    /// Group id.
    pub id: String,
    /// Horizontal position, 0 (left) to 1 (right).
    pub x: f64,
    /// Vertical position, 0 (top) to 1 (bottom).
    pub y: f64,
}

/// A computed layout: one position per group, in the map's group order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// Node positions.
    pub nodes: Vec<NodePosition>,
}

impl Layout {
    /// The position of group `id`, if it is in the layout.
    pub fn position(&self, id: &str) -> Option<(f64, f64)> {
        self.nodes.iter().find(|n| n.id == id).map(|n| (n.x, n.y))
    }
}

/// An axis-aligned rectangle in unit-box coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub min_x: f64,
    /// Top edge.
    pub min_y: f64,
    /// Right edge.
    pub max_x: f64,
    /// Bottom edge.
    pub max_y: f64,
}

impl Rect {
    /// Whether the two rectangles share any area (touching edges do not count).
    pub fn overlaps(&self, other: &Self) -> bool {
        self.min_x < other.max_x
            && other.min_x < self.max_x
            && self.min_y < other.max_y
            && other.min_y < self.max_y
    }
}

/// Label width in points for `label`: characters × [`CHAR_WIDTH`] plus padding.
pub fn label_width(label: &str) -> f64 {
    f64::from(u32::try_from(label.chars().count()).unwrap_or(u32::MAX)) * CHAR_WIDTH
        + 2.0 * LABEL_PADDING
}

/// Label boxes, centred on each node, for a canvas of `canvas` points (width, height); in the
/// layout's node order.
pub fn label_rects(map: &BankMap, layout: &Layout, canvas: (f64, f64)) -> Vec<Rect> {
    layout
        .nodes
        .iter()
        .map(|n| {
            let label = map.group(&n.id).map_or(n.id.as_str(), |g| g.label.as_str());
            let half_w = label_width(label) / canvas.0 / 2.0;
            let half_h = LABEL_HEIGHT / canvas.1 / 2.0;
            Rect {
                min_x: n.x - half_w,
                min_y: n.y - half_h,
                max_x: n.x + half_w,
                max_y: n.y + half_h,
            }
        })
        .collect()
}

/// The shipped layout: [`layout_with`] and the default parameters.
pub fn layout(map: &BankMap) -> Layout {
    layout_with(map, &LayoutParams::default())
}

/// A small deterministic generator (`SplitMix64`), so the layout does not depend on a crate's
/// random-number algorithm.
struct SplitMix(u64);

impl SplitMix {
    fn next_unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        // The top 53 bits as a fraction in 0..1.
        #[expect(clippy::cast_precision_loss, reason = "53 bits fit an f64 exactly")]
        let fraction = (z >> 11) as f64 / (1u64 << 53) as f64;
        fraction
    }
}

/// Lays out `map` by Fruchterman-Reingold from a seeded start, then separates overlapping labels.
/// The same map and parameters always give the same positions.
pub fn layout_with(map: &BankMap, params: &LayoutParams) -> Layout {
    let n = map.groups.len();
    let mut rng = SplitMix(params.seed);
    let mut pos: Vec<(f64, f64)> = (0..n).map(|_| (rng.next_unit(), rng.next_unit())).collect();
    let edges: Vec<(usize, usize)> = map
        .relations
        .iter()
        .filter_map(|r| {
            let a = map.groups.iter().position(|g| g.id == r.from)?;
            let b = map.groups.iter().position(|g| g.id == r.to)?;
            Some((a, b))
        })
        .collect();
    if n > 1 {
        force_directed(&mut pos, &edges, params.iterations);
        normalise(&mut pos);
    }
    let sizes: Vec<(f64, f64)> = map
        .groups
        .iter()
        .map(|g| {
            (
                (label_width(&g.label) + LABEL_GAP) / params.canvas.0,
                (LABEL_HEIGHT + LABEL_GAP) / params.canvas.1,
            )
        })
        .collect();
    separate_labels(&mut pos, &sizes);
    Layout {
        nodes: map
            .groups
            .iter()
            .zip(pos)
            .map(|(g, (x, y))| NodePosition {
                id: g.id.clone(),
                x,
                y,
            })
            .collect(),
    }
}

fn force_directed(pos: &mut [(f64, f64)], edges: &[(usize, usize)], iterations: usize) {
    let n = pos.len();
    #[expect(clippy::cast_precision_loss, reason = "a map has few nodes")]
    let k = (1.0 / n as f64).sqrt();
    let mut temperature = 0.1;
    let cooling = temperature / (iterations.max(1) as f64 + 1.0);
    let mut disp = vec![(0.0, 0.0); n];
    for _ in 0..iterations {
        disp.fill((0.0, 0.0));
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy, d) = delta(pos[i], pos[j]);
                let force = k * k / d;
                let (fx, fy) = (dx / d * force, dy / d * force);
                disp[i].0 += fx;
                disp[i].1 += fy;
                disp[j].0 -= fx;
                disp[j].1 -= fy;
            }
        }
        for &(a, b) in edges {
            let (dx, dy, d) = delta(pos[a], pos[b]);
            let force = d * d / k;
            let (fx, fy) = (dx / d * force, dy / d * force);
            disp[a].0 -= fx;
            disp[a].1 -= fy;
            disp[b].0 += fx;
            disp[b].1 += fy;
        }
        for (p, d) in pos.iter_mut().zip(&disp) {
            let len = (d.0 * d.0 + d.1 * d.1).sqrt().max(1e-9);
            let step = len.min(temperature);
            p.0 = (p.0 + d.0 / len * step).clamp(0.0, 1.0);
            p.1 = (p.1 + d.1 / len * step).clamp(0.0, 1.0);
        }
        temperature -= cooling;
    }
}

/// Difference `a - b` and its length (never zero, so forces stay finite).
fn delta(a: (f64, f64), b: (f64, f64)) -> (f64, f64, f64) {
    let (dx, dy) = (a.0 - b.0, a.1 - b.1);
    let d = (dx * dx + dy * dy).sqrt();
    if d < 1e-9 {
        (1e-9, 0.0, 1e-9)
    } else {
        (dx, dy, d)
    }
}

/// Stretches the positions to fill 0.1..0.9 on both axes.
fn normalise(pos: &mut [(f64, f64)]) {
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in pos.iter() {
        min_x = min_x.min(p.0);
        min_y = min_y.min(p.1);
        max_x = max_x.max(p.0);
        max_y = max_y.max(p.1);
    }
    let span_x = (max_x - min_x).max(1e-9);
    let span_y = (max_y - min_y).max(1e-9);
    for p in pos.iter_mut() {
        p.0 = 0.1 + 0.8 * (p.0 - min_x) / span_x;
        p.1 = 0.1 + 0.8 * (p.1 - min_y) / span_y;
    }
}

/// Moves nodes apart until no two label boxes (`sizes`: full width and height, unit box) overlap,
/// keeping every box inside the unit box. Pairs are handled in a fixed order, so the result is
/// deterministic.
fn separate_labels(pos: &mut [(f64, f64)], sizes: &[(f64, f64)]) {
    let n = pos.len();
    for _ in 0..2000 {
        let mut moved = false;
        for i in 0..n {
            for j in (i + 1)..n {
                let (wi, hi) = sizes[i];
                let (wj, hj) = sizes[j];
                let overlap_x = f64::midpoint(wi, wj) - (pos[i].0 - pos[j].0).abs();
                let overlap_y = f64::midpoint(hi, hj) - (pos[i].1 - pos[j].1).abs();
                if overlap_x <= 0.0 || overlap_y <= 0.0 {
                    continue;
                }
                moved = true;
                // Push along the axis that needs the smaller move (scaled by aspect, so short
                // vertical moves are preferred for wide labels).
                if overlap_y <= overlap_x {
                    let sign = if pos[i].1 <= pos[j].1 { -1.0 } else { 1.0 };
                    pos[i].1 += sign * (overlap_y / 2.0 + 1e-6);
                    pos[j].1 -= sign * (overlap_y / 2.0 + 1e-6);
                } else {
                    let sign = if pos[i].0 <= pos[j].0 { -1.0 } else { 1.0 };
                    pos[i].0 += sign * (overlap_x / 2.0 + 1e-6);
                    pos[j].0 -= sign * (overlap_x / 2.0 + 1e-6);
                }
                for k in [i, j] {
                    let (w, h) = sizes[k];
                    pos[k].0 = pos[k].0.clamp(w / 2.0, 1.0 - w / 2.0);
                    pos[k].1 = pos[k].1.clamp(h / 2.0, 1.0 - h / 2.0);
                }
            }
        }
        if !moved {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Group, GroupKind, Relation, RelationKind};

    fn map(n: usize) -> BankMap {
        let groups = (0..n)
            .map(|i| Group {
                id: format!("g{i}"),
                name: format!("Group number {i}"),
                label: format!("Group number {i}"),
                kind: GroupKind::MilitantGroup,
                description: String::new(),
                start: None,
                end: None,
                sources: vec![],
            })
            .collect();
        let relations = (1..n)
            .map(|i| Relation {
                id: format!("r{i}"),
                from: format!("g{i}"),
                to: "g0".into(),
                kind: RelationKind::AlliedWith,
                start: None,
                end: None,
                summary: String::new(),
                sources: vec![],
                questions: vec![],
            })
            .collect();
        BankMap {
            groups,
            relations,
            phases: vec![],
        }
    }

    #[test]
    fn same_seed_same_layout_other_seed_other_layout() {
        let m = map(12);
        let a = layout(&m);
        let b = layout(&m);
        assert_eq!(a, b);
        let other = layout_with(
            &m,
            &LayoutParams {
                seed: 7,
                ..LayoutParams::default()
            },
        );
        assert_ne!(a, other);
    }

    #[test]
    fn positions_stay_in_the_unit_box_and_labels_do_not_overlap() {
        let m = map(20);
        let l = layout(&m);
        assert_eq!(l.nodes.len(), 20);
        for node in &l.nodes {
            assert!((0.0..=1.0).contains(&node.x) && (0.0..=1.0).contains(&node.y));
        }
        let rects = label_rects(&m, &l, DEFAULT_CANVAS);
        for (i, a) in rects.iter().enumerate() {
            for b in &rects[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn the_hub_ends_up_nearer_the_centre_than_the_leaves() {
        let m = map(12);
        let l = layout(&m);
        let dist = |id: &str| {
            let (x, y) = l.position(id).unwrap();
            ((x - 0.5).powi(2) + (y - 0.5).powi(2)).sqrt()
        };
        let hub = dist("g0");
        let leaves = (1..12).map(|i| dist(&format!("g{i}"))).fold(0.0, f64::max);
        assert!(hub < leaves, "hub {hub}, farthest leaf {leaves}");
    }

    #[test]
    fn empty_and_single_maps_are_fine() {
        assert!(layout(&BankMap::default()).nodes.is_empty());
        let one = layout(&map(1));
        assert_eq!(one.nodes.len(), 1);
        assert!(one.position("g0").is_some());
        assert!(one.position("nope").is_none());
    }

    #[test]
    fn label_width_counts_characters() {
        assert!((label_width("ISKP") - (4.0 * CHAR_WIDTH + 2.0 * LABEL_PADDING)).abs() < 1e-9);
        let r = Rect {
            min_x: 0.0,
            min_y: 0.0,
            max_x: 1.0,
            max_y: 1.0,
        };
        let touching = Rect { min_x: 1.0, ..r };
        assert!(!r.overlaps(&Rect {
            max_x: 2.0,
            ..touching
        }));
        assert!(r.overlaps(&Rect { min_x: 0.5, ..r }));
    }
}
