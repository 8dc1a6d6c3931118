//! Buy-till-you-die numerics for `engage clv`: the BG/NBD model of purchase
//! counts (Fader, Hardie & Lee 2005, "Counting your customers the easy
//! way") and the Gamma-Gamma model of spend per purchase (Fader, Hardie &
//! Lee 2005, JMR), fitted by maximum likelihood, and the predictions built on
//! them (P(alive), expected purchases, expected average value, discounted
//! CLV), with lifetimes 0.11.3's definitions.
//!
//! Owns: log-likelihoods, their gradients, the optimiser call (argmin's
//! BFGS on log-parameters), standard errors, predictions. Does not own:
//! the per-customer summary (frequency, recency, T, monetary value), which
//! is the customers stage's, nor any I/O.
//!
//! Customers enter as unique (frequency, recency, T) triples with a weight
//! (how many customers share it): the likelihood of a million customers is
//! then a sum over far fewer terms. See [`group`].

mod bgnbd;
mod fit;
mod gamma_gamma;
mod hyp2f1;
pub mod predict;
mod value;

pub use bgnbd::{fit_bgnbd, BgNbd};
pub use fit::Fit;
pub use gamma_gamma::{fit_gamma_gamma, GammaGamma};
pub use value::{MonthlyDiscount, DAYS_PER_MONTH, WEEKS_PER_MONTH};

/// Rows of `N` numbers grouped into unique rows with weights, and for each
/// input row the index of its unique row.
///
/// Unique rows are sorted (by total order of their values), so that sums
/// over them, and hence fitted parameters, do not depend on the input's row
/// order.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouped<const N: usize> {
    pub rows: Vec<[f64; N]>,
    pub weights: Vec<f64>,
    /// For each input row, its index in `rows`.
    pub index: Vec<u32>,
}

impl<const N: usize> Grouped<N> {
    /// Sum of the weights: the number of input rows.
    pub fn total_weight(&self) -> f64 {
        self.weights.iter().sum()
    }

    /// A systematic sample: input rows 0, `step`, 2 `step`... counted in
    /// the unique rows' order (each standing for its weight's worth of
    /// input rows), grouped as these are, so about total / `step` rows,
    /// spread evenly over the sorted rows. Its `index` is empty: the
    /// sample is for fitting, not for predicting input rows.
    pub fn sample(&self, step: u64) -> Grouped<N> {
        let step = step.max(1);
        let (mut rows, mut weights) = (Vec::new(), Vec::new());
        // Input rows before this unique row's.
        let mut before = 0u64;
        for (row, &w) in self.rows.iter().zip(&self.weights) {
            let after = before + w as u64;
            // Multiples of `step` in before..after.
            let taken = after.div_ceil(step) - before.div_ceil(step);
            if taken > 0 {
                rows.push(*row);
                weights.push(taken as f64);
            }
            before = after;
        }
        Grouped {
            rows,
            weights,
            index: Vec::new(),
        }
    }
}

/// Groups rows into unique rows with weights (see [`Grouped`]). Values are
/// compared bit for bit (`-0.0` and `0.0` are told apart; NaN never
/// reaches here: the caller validates rows first). The rows are sorted
/// as integer keys in the order of `f64::total_cmp`, in parallel, and
/// equal neighbours merged: no hash table, whose lookups miss the cache
/// on every row of a few million.
pub fn group<const N: usize>(input: impl IntoIterator<Item = [f64; N]>) -> Grouped<N> {
    use rayon::prelude::*;
    let mut keyed: Vec<([i64; N], u32)> = input
        .into_iter()
        .zip(0u32..)
        .map(|(row, i)| (row.map(order_key), i))
        .collect();
    keyed.par_sort_unstable();
    let mut rows: Vec<[f64; N]> = Vec::new();
    let mut weights: Vec<f64> = Vec::new();
    let mut index = vec![0u32; keyed.len()];
    for (k, (row, i)) in keyed.iter().enumerate() {
        if k == 0 || keyed[k - 1].0 != *row {
            rows.push(row.map(from_order_key));
            weights.push(0.0);
        }
        let at = rows.len() - 1;
        weights[at] += 1.0;
        index[*i as usize] = at as u32;
    }
    Grouped {
        rows,
        weights,
        index,
    }
}

/// [`group`]'s unique rows and weights for pairs, without the index (left
/// empty, as a sample's): what a fit reads. Only the rows' keys are sorted
/// (16 bytes a row, not 24 with the position), in parallel, each pair as
/// one `u128` (its two [`order_key`]s with the sign bit flipped, so that
/// unsigned order is theirs: one comparison of integers instead of a
/// slice's, element by element); the rows may come in any order (a
/// parallel filter's).
pub fn group_weights(input: impl rayon::iter::ParallelIterator<Item = [f64; 2]>) -> Grouped<2> {
    use rayon::prelude::*;
    const SIGN: u64 = 1 << 63;
    let half = |v: f64| u128::from(order_key(v) as u64 ^ SIGN);
    let value = |k: u128| from_order_key((k as u64 ^ SIGN) as i64);
    let mut keys: Vec<u128> = input.map(|[a, b]| (half(a) << 64) | half(b)).collect();
    keys.par_sort_unstable();
    let mut rows: Vec<[f64; 2]> = Vec::new();
    let mut weights: Vec<f64> = Vec::new();
    for (k, &key) in keys.iter().enumerate() {
        match weights.last_mut() {
            Some(w) if keys[k - 1] == key => *w += 1.0,
            _ => {
                rows.push([value(key >> 64), value(key)]);
                weights.push(1.0);
            }
        }
    }
    Grouped {
        rows,
        weights,
        index: Vec::new(),
    }
}

/// `f64::total_cmp`'s key: the bits as a signed integer, the magnitude
/// bits flipped for negative values.
fn order_key(v: f64) -> i64 {
    let bits = v.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

/// The value of an [`order_key`].
fn from_order_key(k: i64) -> f64 {
    f64::from_bits((k ^ (((k >> 63) as u64) >> 1) as i64) as u64)
}

/// [`group`] for rows whose values are mostly whole numbers of a unit:
/// column c's of `1 / scales[c]` (counts with scale 1, times in days of
/// the time unit with scale its days). When every value is one exactly
/// (non-negative, and giving back its own bits from the whole number),
/// the whole numbers are ordered as the values are and tell the same
/// values apart, so rows are sorted as one integer each, the whole numbers
/// and the row's position packed into 64 bits: the same result as
/// [`group`], sorting 8 bytes a row instead of 32. Otherwise (or when the
/// numbers need more than 64 bits) it is [`group`]'s.
pub fn group_scaled<const N: usize>(
    n: usize,
    row: impl Fn(usize) -> [f64; N] + Sync,
    scales: [f64; N],
) -> Grouped<N> {
    use rayon::prelude::*;
    // Below 2^53 whole numbers are exact doubles (and shifts stay in range).
    const LIMIT: f64 = 9_007_199_254_740_992.0;
    // The whole number nearest v * scale (halves up), by a conversion to
    // an integer rather than a call to `round` (two per value and pass);
    // 0 outside [0, 2^53), which the check below refuses.
    let whole = |v: f64, scale: f64| {
        let y = v * scale;
        match (0.0..LIMIT).contains(&y) {
            true => (y + 0.5) as u64,
            false => 0,
        }
    };
    let exact = |i: usize| {
        let r = row(i);
        let mut w = [0u64; N];
        for c in 0..N {
            let k = whole(r[c], scales[c]);
            if (k as f64 / scales[c]).to_bits() != r[c].to_bits() || k as f64 >= LIMIT {
                return None;
            }
            w[c] = k;
        }
        Some(w)
    };
    let max = (0..n).into_par_iter().map(exact).try_reduce(
        || [0u64; N],
        |a, b| Some(std::array::from_fn(|c| a[c].max(b[c]))),
    );
    let bits = |v: u64| 64 - v.leading_zeros();
    let at_bits = bits(n.saturating_sub(1) as u64);
    let widths = max.map(|m| m.map(bits));
    let Some(widths) = widths.filter(|w| n > 0 && w.iter().sum::<u32>() + at_bits <= 64) else {
        return group((0..n).map(row));
    };
    let mut keys: Vec<u64> = (0..n)
        .into_par_iter()
        .map(|i| {
            let r = row(i);
            let key = (0..N).fold(0u64, |k, c| (k << widths[c]) | whole(r[c], scales[c]));
            (key << at_bits) | i as u64
        })
        .collect();
    // The positions, the low bits, are in order already.
    radix_sort_from(&mut keys, at_bits, at_bits + widths.iter().sum::<u32>());
    let mask = (1u64 << at_bits) - 1;
    // A unique row from its key: each whole number over its scale gives
    // back the row's own bits (checked above), so the rows are not read
    // again, each at random (in key order): the loop took 0.13-0.17 s of
    // clv on 10M orders, and takes 0.04-0.07 s.
    let unpack = |key: u64| {
        let mut v = key >> at_bits;
        let mut row = [0.0; N];
        for c in (0..N).rev() {
            row[c] = (v & ((1u64 << widths[c]) - 1)) as f64 / scales[c];
            v >>= widths[c];
        }
        row
    };
    let mut rows: Vec<[f64; N]> = Vec::new();
    let mut weights: Vec<f64> = Vec::new();
    let mut index = vec![0u32; n];
    for (k, &key) in keys.iter().enumerate() {
        let i = (key & mask) as usize;
        if k == 0 || keys[k - 1] >> at_bits != key >> at_bits {
            rows.push(unpack(key));
            weights.push(0.0);
        }
        let at = rows.len() - 1;
        weights[at] += 1.0;
        index[i] = at as u32;
    }
    Grouped {
        rows,
        weights,
        index,
    }
}

/// Bits of a key sorted in one pass of [`radix_sort_from`].
const RADIX_BITS: u32 = 11;

/// Sorts `keys` by their bits `low..high` (the bits above `high` are
/// zero), keeping the order of keys equal in those bits: a least
/// significant digit radix sort, `RADIX_BITS` bits a pass, a pass skipped
/// when every key has the same digit. When the bits below `low` are in
/// order already (row positions, in order), the keys end sorted, as
/// `sort_unstable` would leave them, in a few sequential passes over
/// them instead of a comparison sort's log n.
fn radix_sort_from(keys: &mut Vec<u64>, low: u32, high: u32) {
    let mut out = vec![0u64; keys.len()];
    for shift in (low..high).step_by(RADIX_BITS as usize) {
        let mask = (1u64 << RADIX_BITS.min(high - shift)) - 1;
        let digit = |k: u64| ((k >> shift) & mask) as usize;
        let mut starts = vec![0usize; mask as usize + 1];
        for &k in keys.iter() {
            starts[digit(k)] += 1;
        }
        if starts.contains(&keys.len()) {
            continue;
        }
        let mut at = 0;
        for s in starts.iter_mut() {
            (*s, at) = (at, at + *s);
        }
        for &k in keys.iter() {
            let slot = &mut starts[digit(k)];
            out[*slot] = k;
            *slot += 1;
        }
        std::mem::swap(keys, &mut out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cdnow(file: &str) -> String {
        let path = format!("{}/testdata/cdnow/{file}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap()
    }

    /// The CDNOW week summary's rows (frequency, recency, T, monetary
    /// value), and lifetimes' parameters and BG/NBD log-likelihood
    /// (params_week.json, from make_expected.py) and standard errors
    /// (se_week.json, from make_se.py) for it.
    fn cdnow_week() -> (Vec<[f64; 4]>, serde_json::Value, serde_json::Value) {
        let text = cdnow("summary_week.csv");
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let rows = rdr
            .records()
            .map(|r| {
                let r = r.unwrap();
                [1, 2, 3, 4].map(|i| r[i].parse::<f64>().unwrap())
            })
            .collect();
        let params = serde_json::from_str(&cdnow("params_week.json")).unwrap();
        let se = serde_json::from_str(&cdnow("se_week.json")).unwrap();
        (rows, params, se)
    }

    /// Asserts that `fit`'s parameters equal the JSON object `params`'
    /// values (in its key order) to 1e-5 relative, and its standard errors
    /// times `se_times` those of `se` to 1e-4.
    fn assert_lifetimes<const K: usize>(
        fit: &Fit<K>,
        params: &serde_json::Value,
        se: &serde_json::Value,
        se_times: f64,
    ) {
        let values = |v: &serde_json::Value| -> Vec<f64> {
            let map = v.as_object().unwrap();
            map.values().map(|v| v.as_f64().unwrap()).collect()
        };
        let close = |got: &[f64], want: Vec<f64>, times: f64, rel: f64| {
            got.iter()
                .zip(want)
                .all(|(g, w)| ((g * times - w) / w).abs() < rel)
        };
        assert!(close(&fit.params, values(params), 1.0, 1e-5), "{fit:?}");
        assert!(close(&fit.se, values(se), se_times, 1e-4), "{fit:?}");
    }

    /// Both fits on the CDNOW sample's week summary (testdata/cdnow) must
    /// reproduce lifetimes' parameters, BG/NBD log-likelihood and standard
    /// errors. Both optimise the same likelihood, so they agree far below
    /// the 3 significant digits published.
    #[test]
    fn fits_reproduce_lifetimes_on_cdnow() {
        let (rows, params, se) = cdnow_week();
        let bg = fit_bgnbd(&group(rows.iter().map(|r| [r[0], r[1], r[2]]))).unwrap();
        assert_lifetimes(&bg, &params["bgnbd"], &se["bgnbd_se"], 1.0);
        let want_ll = params["bgnbd_loglik"].as_f64().unwrap();
        assert!((bg.loglik - want_ll).abs() < 1e-6, "{bg:?}");
        assert_eq!(bg.customers, 2357.0);

        let repeat = rows.iter().filter(|r| r[0] > 0.0 && r[3] > 0.0);
        let gg = fit_gamma_gamma(&group(repeat.map(|r| [r[0], r[3]]))).unwrap();
        assert_lifetimes(&gg, &params["gamma_gamma"], &se["gamma_gamma_se"], 1.0);
        assert_eq!(gg.customers, 946.0);
    }

    /// The CDNOW sample with every customer counted 100 times (235,700
    /// customers) has the same mean likelihood, so the same optimum, and
    /// standard errors a tenth of CDNOW's (the information is 100 times
    /// larger); at that size the fits start from a sample's fit, so
    /// they reach it in fewer iterations on all customers than from
    /// lifetimes' start.
    #[test]
    fn fits_in_two_stages_reproduce_lifetimes_on_cdnow_times_100() {
        fn times_100<const N: usize>(mut g: Grouped<N>) -> Grouped<N> {
            g.weights.iter_mut().for_each(|w| *w *= 100.0);
            g
        }
        let (rows, params, se) = cdnow_week();
        let triples = group(rows.iter().map(|r| [r[0], r[1], r[2]]));
        let one_stage = fit_bgnbd(&triples).unwrap();
        let bg = fit_bgnbd(&times_100(triples)).unwrap();
        assert_eq!(bg.customers, 235_700.0);
        assert!(bg.iterations < one_stage.iterations, "{bg:?}");
        assert_lifetimes(&bg, &params["bgnbd"], &se["bgnbd_se"], 10.0);

        let repeat = rows.iter().filter(|r| r[0] > 0.0 && r[3] > 0.0);
        let pairs = group(repeat.map(|r| [r[0], r[3]]));
        let one_stage = fit_gamma_gamma(&pairs).unwrap();
        let gg = fit_gamma_gamma(&times_100(pairs)).unwrap();
        assert!(gg.iterations < one_stage.iterations, "{gg:?}");
        assert_lifetimes(&gg, &params["gamma_gamma"], &se["gamma_gamma_se"], 10.0);
    }

    #[test]
    fn group_counts_unique_rows_in_sorted_order() {
        let g = group([[2.0, 1.0], [0.0, 5.0], [2.0, 1.0], [1.0, 0.0]]);
        assert_eq!(g.rows, vec![[0.0, 5.0], [1.0, 0.0], [2.0, 1.0]]);
        assert_eq!(g.weights, vec![1.0, 1.0, 2.0]);
        assert_eq!(g.index, vec![2, 0, 2, 1]);
        assert_eq!(g.total_weight(), 4.0);
    }

    /// Unique rows standing for input rows 0-2, 3, 4-8, 9 (weights 3, 1,
    /// 5, 1); every 4th input row (0, 4, 8) falls in the first row and
    /// twice in the third.
    #[test]
    fn sample_takes_every_step_th_input_row() {
        let g = group([
            [1.0],
            [1.0],
            [1.0],
            [2.0],
            [3.0],
            [3.0],
            [3.0],
            [3.0],
            [3.0],
            [4.0],
        ]);
        let s = g.sample(4);
        assert_eq!(s.rows, vec![[1.0], [3.0]]);
        assert_eq!(s.weights, vec![1.0, 2.0]);
        assert_eq!(g.sample(1).weights, g.weights);
    }

    /// Whole days in weeks (scale 7) pack; a fraction of a day, a
    /// negative value or -0.0 sends the rows to `group`: either way the
    /// result is `group`'s.
    #[test]
    fn group_scaled_equals_group() {
        let days = [
            [2.0, 9.0, 30.0],
            [0.0, 0.0, 30.0],
            [2.0, 9.0, 30.0],
            [1.0, 0.0, 4.0],
        ];
        let weeks: Vec<[f64; 3]> = days
            .iter()
            .map(|r| [r[0], r[1] / 7.0, r[2] / 7.0])
            .collect();
        let scaled = group_scaled(weeks.len(), |i| weeks[i], [1.0, 7.0, 7.0]);
        assert_eq!(scaled, group(weeks.iter().copied()));
        assert_eq!(scaled.weights, vec![1.0, 1.0, 2.0]);
        for odd in [0.5 / 7.0, -1.0 / 7.0, -0.0] {
            let mut rows = weeks.clone();
            rows[3][1] = odd;
            let scaled = group_scaled(rows.len(), |i| rows[i], [1.0, 7.0, 7.0]);
            assert_eq!(scaled, group(rows.iter().copied()));
        }
        let none = group_scaled(0, |_| [0.0; 3], [1.0; 3]);
        assert!(none.rows.is_empty() && none.index.is_empty());
    }

    /// The same unique rows and weights as `group`, whatever the order of
    /// the rows.
    #[test]
    fn group_weights_equals_group_without_the_index() {
        use rayon::prelude::*;
        let rows = [
            [2.0, 1.0],
            [0.0, 5.0],
            [-0.0, 5.0],
            [2.0, 1.0],
            [1.0, -3.5],
            [-7.25, 1e300],
            [1.0, -0.0],
            [1.0, 0.0],
            [-7.25, -1e-300],
            [f64::INFINITY, f64::NEG_INFINITY],
        ];
        let all = group(rows);
        let weights = group_weights(rows.into_par_iter().rev());
        assert_eq!((weights.rows, weights.weights), (all.rows, all.weights));
        assert!(weights.index.is_empty());
    }

    /// Keys whose low 4 bits are in order come out sorted, by digits of
    /// up to `RADIX_BITS` bits (25 bits above the low 4: three passes, the
    /// last of 3 bits).
    #[test]
    fn radix_sort_from_sorts_above_ordered_low_bits() {
        let mut state = 12345u64;
        let mut keys: Vec<u64> = (0..5000u64)
            .map(|i| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((state >> 39) << 4) | (i * 16 / 5000)
            })
            .collect();
        keys.sort_unstable_by_key(|k| k & 15);
        let mut want = keys.clone();
        want.sort_unstable();
        radix_sort_from(&mut keys, 4, 29);
        assert_eq!(keys, want);
        // Every key's digits equal: nothing moves.
        let mut same = vec![7u64 << 4, (7 << 4) | 1];
        radix_sort_from(&mut same, 4, 29);
        assert_eq!(same, [7 << 4, (7 << 4) | 1]);
    }

    /// Negative values, and -0.0 before 0.0, in `f64::total_cmp`'s order.
    #[test]
    fn group_orders_negative_values_and_signed_zeros() {
        let g = group([[2.0], [-1.5], [0.0], [-0.0], [-1.5], [-3.0]]);
        let bits: Vec<u64> = g.rows.iter().map(|r| r[0].to_bits()).collect();
        let want: Vec<u64> = [-3.0, -1.5, -0.0, 0.0, 2.0f64].map(f64::to_bits).to_vec();
        assert_eq!(bits, want);
        assert_eq!(g.weights, vec![1.0, 2.0, 1.0, 1.0, 1.0]);
        assert_eq!(g.index, vec![4, 1, 3, 2, 1, 0]);
    }
}
