//! The statistics behind the class report, on plain slices: mean, median, standard deviation,
//! Pearson correlation, Cronbach's alpha, normalized gain and the score histogram.
//!
//! Standard deviations and variances are sample figures (divided by n − 1), as in Moodle's quiz
//! statistics. Functions return `None` where a figure is undefined (too few values, no spread)
//! rather than NaN.

/// Tolerance for "the same score": scores are small fractions written as decimals.
pub const EPSILON: f64 = 1e-9;

/// Number of bins of the score histogram (10 points of percent each).
pub const HISTOGRAM_BINS: usize = 10;

/// The mean, or `None` for no values.
pub fn mean(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        None
    } else {
        Some(xs.iter().sum::<f64>() / xs.len() as f64)
    }
}

/// The median (mean of the two middle values for an even count), or `None` for no values.
pub fn median(xs: &[f64]) -> Option<f64> {
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted.get(mid).copied()
    } else {
        let (a, b) = (sorted.get(mid.checked_sub(1)?)?, sorted.get(mid)?);
        Some(f64::midpoint(*a, *b))
    }
}

/// The sample variance (n − 1), or `None` for fewer than two values.
pub fn variance(xs: &[f64]) -> Option<f64> {
    if xs.len() < 2 {
        return None;
    }
    let m = mean(xs)?;
    Some(xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len() - 1) as f64)
}

/// The sample standard deviation (n − 1), or `None` for fewer than two values.
pub fn sd(xs: &[f64]) -> Option<f64> {
    variance(xs).map(f64::sqrt)
}

/// Pearson's correlation of two equally long series, or `None` when it is undefined: fewer than
/// two pairs, different lengths, or a series with no spread.
pub fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    if xs.len() != ys.len() || xs.len() < 2 {
        return None;
    }
    let (mx, my) = (mean(xs)?, mean(ys)?);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        let (dx, dy) = (x - mx, y - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx <= EPSILON * EPSILON || syy <= EPSILON * EPSILON {
        return None;
    }
    Some((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// Cronbach's alpha of a score matrix (`rows[attempt][item]`, every row the same length):
/// k / (k − 1) × (1 − Σ var(item) / var(total)). `None` with fewer than two items or two
/// attempts, ragged rows, or totals with no spread.
pub fn cronbach_alpha(rows: &[Vec<f64>]) -> Option<f64> {
    let k = rows.first()?.len();
    if k < 2 || rows.len() < 2 || rows.iter().any(|r| r.len() != k) {
        return None;
    }
    let totals: Vec<f64> = rows.iter().map(|r| r.iter().sum()).collect();
    let total_var = variance(&totals)?;
    if total_var <= EPSILON {
        return None;
    }
    let mut item_var_sum = 0.0;
    for item in 0..k {
        let column: Vec<f64> = rows.iter().filter_map(|r| r.get(item).copied()).collect();
        item_var_sum += variance(&column)?;
    }
    let k = k as f64;
    Some(k / (k - 1.0) * (1.0 - item_var_sum / total_var))
}

/// Hake's normalized gain (post − pre) / (1 − pre) of one learner; `None` when the pre score is
/// already full (no room to gain).
pub fn normalized_gain(pre: f64, post: f64) -> Option<f64> {
    if pre >= 1.0 - EPSILON {
        None
    } else {
        Some((post - pre) / (1.0 - pre))
    }
}

/// Counts of scores (0..1) in ten bins of 10 points: [0, 10), [10, 20), … [90, 100]; a score of
/// exactly 1 falls in the last bin. Scores outside 0..1 are clamped.
pub fn histogram(scores: &[f64]) -> [usize; HISTOGRAM_BINS] {
    let mut bins = [0; HISTOGRAM_BINS];
    for &score in scores {
        let bin = bin_of(score);
        if let Some(count) = bins.get_mut(bin) {
            *count += 1;
        }
    }
    bins
}

/// The histogram bin of a score 0..1.
fn bin_of(score: f64) -> usize {
    let percent = (score.clamp(0.0, 1.0) * 100.0 + EPSILON).floor();
    // In 0..=100 after the clamp, so the conversion is exact.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "percent is clamped to 0..=100"
    )]
    let bin = (percent as usize) / 10;
    bin.min(HISTOGRAM_BINS - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn mean_median_sd() {
        assert_eq!(mean(&[]), None);
        assert_eq!(median(&[]), None);
        assert_eq!(sd(&[0.5]), None);
        assert_eq!(mean(&[1.0, 2.0, 6.0]), Some(3.0));
        assert_eq!(median(&[6.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 6.0]), Some(3.0));
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum 32, sample variance 32/7.
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert!(close(variance(&xs).unwrap(), 32.0 / 7.0));
        assert!(close(sd(&xs).unwrap(), (32.0_f64 / 7.0).sqrt()));
    }

    #[test]
    fn pearson_cases() {
        assert!(close(
            pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]).unwrap(),
            1.0
        ));
        assert!(close(
            pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]).unwrap(),
            -1.0
        ));
        // No spread in x: undefined.
        assert_eq!(pearson(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
        assert_eq!(pearson(&[1.0], &[1.0]), None);
        assert_eq!(pearson(&[1.0, 2.0], &[1.0]), None);
        // x = 1,0,1,0 ; y = 1,1,0,0: sxy = 0 → r = 0.
        assert!(close(
            pearson(&[1.0, 0.0, 1.0, 0.0], &[1.0, 1.0, 0.0, 0.0]).unwrap(),
            0.0
        ));
    }

    #[test]
    fn alpha_edge_cases() {
        assert_eq!(cronbach_alpha(&[]), None);
        assert_eq!(cronbach_alpha(&[vec![1.0], vec![0.0]]), None);
        assert_eq!(cronbach_alpha(&[vec![1.0, 1.0], vec![1.0, 1.0]]), None);
        assert_eq!(cronbach_alpha(&[vec![1.0, 1.0], vec![1.0]]), None);
        // Two identical items: var(item) = v each, var(total) = 4v → 2 × (1 − 2v/4v) = 1.
        let rows = vec![vec![1.0, 1.0], vec![0.0, 0.0], vec![1.0, 1.0]];
        assert!(close(cronbach_alpha(&rows).unwrap(), 1.0));
    }

    #[test]
    fn gain_and_histogram() {
        assert_eq!(normalized_gain(0.5, 0.75), Some(0.5));
        assert_eq!(normalized_gain(1.0, 0.5), None);
        assert_eq!(
            normalized_gain(0.6, 0.4).map(|g| (g * 1e9).round()),
            Some(-0.5e9)
        );
        let h = histogram(&[0.0, 0.05, 0.1, 0.65, 0.7, 0.999, 1.0, 1.5, -1.0]);
        assert_eq!(h, [3, 1, 0, 0, 0, 0, 1, 1, 0, 3]);
        // 0.7 written as a decimal is 0.69999…: still the 70–80 bin.
        assert_eq!(bin_of(0.7), 7);
        assert_eq!(bin_of(0.3), 3);
    }
}
