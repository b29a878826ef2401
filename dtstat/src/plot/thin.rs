//! Thinning a long line to what its pixels can show.

/// Reduces `points` to at most four per column when there are more than that: for each run
/// of consecutive points falling in the same of `columns` equal slices of `span`, it keeps
/// the first, lowest, highest and last, in their order. Drawn `columns` pixels wide, the
/// line looks the same; the chart file stays small for long recordings.
pub(crate) fn thin(points: &[(f64, f64)], span: (f64, f64), columns: usize) -> Vec<(f64, f64)> {
    let columns = columns.max(1);
    if points.len() <= 4 * columns {
        return points.to_vec();
    }
    let width = (span.1 - span.0).max(f64::MIN_POSITIVE);
    let column_of = |x: f64| (((x - span.0) / width * columns as f64) as usize).min(columns - 1);
    let mut kept = Vec::with_capacity(4 * columns);
    let mut run_start = 0;
    for index in 1..=points.len() {
        let same_column =
            index < points.len() && column_of(points[index].0) == column_of(points[run_start].0);
        if !same_column {
            keep_run(&points[run_start..index], run_start, points, &mut kept);
            run_start = index;
        }
    }
    kept
}

fn keep_run(run: &[(f64, f64)], offset: usize, points: &[(f64, f64)], kept: &mut Vec<(f64, f64)>) {
    let by_value = |a: &(usize, &(f64, f64)), b: &(usize, &(f64, f64))| a.1 .1.total_cmp(&b.1 .1);
    let low = run
        .iter()
        .enumerate()
        .min_by(by_value)
        .map_or(0, |(i, _)| i);
    let high = run
        .iter()
        .enumerate()
        .max_by(by_value)
        .map_or(0, |(i, _)| i);
    let mut chosen = [0, low, high, run.len() - 1];
    chosen.sort_unstable();
    let mut previous = None;
    for index in chosen {
        if previous != Some(index) {
            kept.push(points[offset + index]);
            previous = Some(index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_kept_whole() {
        let points: Vec<_> = (0..40).map(|i| (f64::from(i), f64::from(i % 7))).collect();
        assert_eq!(thin(&points, (0.0, 39.0), 10), points);
    }

    #[test]
    fn long_lines_keep_ends_and_extremes_within_four_per_column() {
        let mut points: Vec<_> = (0..10_000)
            .map(|i| (f64::from(i), f64::from(i % 100)))
            .collect();
        points[5_000].1 = 1e9;
        points[7_000].1 = -5.0;
        let thinned = thin(&points, (0.0, 9_999.0), 50);
        assert!(thinned.len() <= 200, "{}", thinned.len());
        assert_eq!(thinned.first(), points.first());
        assert_eq!(thinned.last(), points.last());
        assert!(thinned.contains(&(5_000.0, 1e9)));
        assert!(thinned.contains(&(7_000.0, -5.0)));
        assert!(thinned.windows(2).all(|w| w[0].0 < w[1].0), "order is kept");
    }
}
