//! Gauss's hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1, the one
//! special function of the BG/NBD conditional expectation (Fader, Hardie &
//! Lee 2005, eq. 10) that statrs does not have.
//!
//! Why by its series here: no maintained pure-Rust crate has 2F1 (statrs,
//! puruspe and `special` do not); the Cephes binding (special-fun) compiles
//! its own `log`, `exp`, `sqrt`... into the binary next to the system's and
//! prints errors on stdout. For z in [0, 1) the power series converges; the
//! BG/NBD argument is z = t / (alpha + T + t), below 1 for every customer.

/// Relative size of the neglected tail at which the sum stops.
const TAIL_TOL: f64 = 1e-16;
/// Terms allowed; z = 0.999 needs about 40,000.
const MAX_TERMS: u32 = 2_000_000;

/// 2F1(a, b; c; z) = sum over n of (a)_n (b)_n / ((c)_n n!) z^n, for
/// 0 <= z < 1 and c not a non-positive integer. Term n+1 is term n times
/// rho_n = (a+n)(b+n) z / ((c+n)(n+1)), which tends to z; the sum stops
/// once the terms shrink (rho_n < 1) and the tail, at most
/// |term| * q / (1 - q) with q = max(rho_n, z) (the ratios approach z
/// monotonically from there), is below 1e-16 of the sum. `None` when z is
/// out of range or the series has not converged within `MAX_TERMS` terms.
#[cfg(test)]
pub(super) fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    let mut out = [0.0];
    hyp2f1_many(a, b, c, &[z], &mut out).then_some(out[0])
}

/// Series [`hyp2f1_many`] sums at once, at most.
pub(super) const MAX_Z: usize = 32;

/// [`hyp2f1`] at every `zs[k]` into `out[k]`, the series summed side by
/// side: (a+n)(b+n)/((c+n)(n+1)) is computed once per term for all of
/// them (the expected purchases over a year and over each of its months
/// differ only in z). False when some z is out of range or its series
/// has not converged.
pub(super) fn hyp2f1_many(a: f64, b: f64, c: f64, zs: &[f64], out: &mut [f64]) -> bool {
    let k = zs.len();
    if k > MAX_Z || out.len() != k || zs.iter().any(|z| !(0.0..1.0).contains(z)) {
        return false;
    }
    let mut term = [1.0; MAX_Z];
    let mut done = [false; MAX_Z];
    out.fill(1.0);
    let mut left = k;
    for n in 0..MAX_TERMS {
        let n = f64::from(n);
        let base = (a + n) * (b + n) / ((c + n) * (n + 1.0));
        for j in 0..k {
            if done[j] {
                continue;
            }
            let rho = base * zs[j];
            term[j] *= rho;
            out[j] += term[j];
            let q = rho.abs().max(zs[j]);
            if rho.abs() < 1.0 && term[j].abs() * q / (1.0 - q) <= TAIL_TOL * out[j].abs() {
                if !out[j].is_finite() {
                    return false;
                }
                done[j] = true;
                left -= 1;
            }
        }
        if left == 0 {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(x: f64, y: f64) -> bool {
        ((x - y) / y).abs() < 1e-13
    }

    /// 2F1(1, 1; 2; z) = -ln(1 - z) / z (Abramowitz & Stegun 15.1.3).
    #[test]
    fn matches_the_logarithm_identity() {
        for z in [0.1, 0.5, 0.9, 0.99] {
            assert!(close(
                hyp2f1(1.0, 1.0, 2.0, z).unwrap(),
                -(1.0 - z).ln() / z
            ));
        }
    }

    /// 2F1(a, b; b; z) = (1 - z)^-a (A&S 15.1.8), here with non-integer a.
    #[test]
    fn matches_the_binomial_identity() {
        for z in [0.0, 0.3, 0.93] {
            assert!(close(
                hyp2f1(1.7, 2.3, 2.3, z).unwrap(),
                (1.0 - z).powf(-1.7)
            ));
        }
    }

    /// c negative (a + b + x - 1 < 0 for x = 0): 2F1(a, b; b; z) still
    /// holds with b = c = -0.5.
    #[test]
    fn sums_with_a_negative_c() {
        assert!(close(
            hyp2f1(0.3, -0.5, -0.5, 0.6).unwrap(),
            0.4f64.powf(-0.3)
        ));
    }

    #[test]
    fn refuses_z_outside_the_unit_interval() {
        assert!(hyp2f1(1.0, 1.0, 2.0, 1.0).is_none());
        assert!(hyp2f1(1.0, 1.0, 2.0, -0.1).is_none());
        let mut out = [0.0; 2];
        assert!(!hyp2f1_many(1.0, 1.0, 2.0, &[0.5, 1.0], &mut out));
    }

    /// Series summed side by side equal each one summed alone (the
    /// logarithm identity at several z, a zero z among them).
    #[test]
    fn many_at_once_equal_one_at_a_time() {
        let zs = [0.0, 0.05, 0.3, 0.7, 0.95];
        let mut out = [0.0; 5];
        assert!(hyp2f1_many(1.0, 1.0, 2.0, &zs, &mut out));
        for (z, got) in zs.iter().zip(out) {
            assert_eq!(got, hyp2f1(1.0, 1.0, 2.0, *z).unwrap());
            if *z > 0.0 {
                assert!(close(got, -(1.0 - z).ln() / z));
            }
        }
    }
}
