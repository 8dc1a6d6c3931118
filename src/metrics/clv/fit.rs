//! Maximum likelihood for the CLV models: argmin's BFGS (with the
//! More-Thuente line search) minimises the mean negative log-likelihood over
//! the logarithms of the parameters, as lifetimes does (so parameters stay
//! positive without bounds); standard errors come from the Hessian at the
//! optimum, by central differences of the analytic gradient (finitediff).

use std::cell::RefCell;

use anyhow::{anyhow, bail, Result};
use argmin::core::{CostFunction, Executor, Gradient, TerminationStatus};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::BFGS;

use super::Grouped;

/// BFGS stops when the L2 norm of the mean log-likelihood's gradient (in
/// log-parameters) falls below this; lifetimes stops at 1e-7 (scipy's
/// BFGS, largest component). Below about 1e-9 rounding in the sums
/// decides the steps.
const GRAD_TOL: f64 = 1e-8;
/// A fit whose gradient norm is still above this when BFGS stops (no
/// further progress possible) has not converged.
const GRAD_ACCEPT: f64 = 1e-6;
/// BFGS iterations allowed; the fits here take a few dozen.
const MAX_ITERS: u64 = 1000;

/// A model's mean negative log-likelihood over its data, as a function of
/// the logarithms of its parameters.
pub(super) trait Objective {
    /// The mean negative log-likelihood and its gradient with respect to the
    /// log-parameters.
    fn cost_grad(&self, log_params: &[f64]) -> (f64, Vec<f64>);

    /// The Hessian of the mean negative log-likelihood in the
    /// log-parameters, where the model has it in closed form; `None`: by
    /// central differences of the gradient.
    fn hessian(&self, _log_params: &[f64]) -> Option<Vec<Vec<f64>>> {
        None
    }
}

/// Rows per piece of a likelihood sum.
const PIECE: usize = 4096;

/// The sum over rows `0..n` of `f`'s (log-likelihood, gradient) terms,
/// `f` summing one range of rows: pieces of `PIECE` rows in parallel, their
/// sums added in row order, so the result does not depend on the number of
/// threads (the same input always gives the same parameters).
pub(super) fn sum_rows<const K: usize>(
    n: usize,
    f: impl Fn(std::ops::Range<usize>) -> (f64, [f64; K]) + Sync,
) -> (f64, [f64; K]) {
    use rayon::prelude::*;
    let pieces: Vec<(f64, [f64; K])> = (0..n.div_ceil(PIECE))
        .into_par_iter()
        .map(|p| f(p * PIECE..((p + 1) * PIECE).min(n)))
        .collect();
    pieces
        .into_iter()
        .fold((0.0, [0.0; K]), |(ll, mut g), (pl, pg)| {
            for (gk, pk) in g.iter_mut().zip(pg) {
                *gk += pk;
            }
            (ll + pl, g)
        })
}

/// The sum over `data`'s rows, in row order, of each row's weight times its
/// term, as a sequential sum of the terms would give it: `terms` fills in
/// the terms of a piece of rows (pieces of `PIECE` rows, in parallel).
pub(super) fn sum_terms<const N: usize>(
    data: &super::Grouped<N>,
    terms: impl Fn(&[[f64; N]], &mut [f64]) + Sync,
) -> f64 {
    use rayon::prelude::*;
    let mut out = vec![0.0; data.rows.len()];
    out.par_chunks_mut(PIECE)
        .zip(data.rows.par_chunks(PIECE))
        .for_each(|(out, rows)| terms(rows, out));
    out.iter().zip(&data.weights).map(|(t, w)| w * t).sum()
}

/// A converged maximum-likelihood fit of a model with `K` parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit<const K: usize> {
    pub params: [f64; K],
    /// Standard errors of `params`: the square roots of the diagonal of the
    /// inverse observed information (the Hessian of the summed negative
    /// log-likelihood), by the delta method from log-parameters, as
    /// lifetimes' `standard_errors_`.
    pub se: [f64; K],
    /// The summed log-likelihood at `params`, on the data as given.
    pub loglik: f64,
    /// Customers in the fit (the sum of the weights).
    pub customers: f64,
    pub iterations: u64,
}

/// The objective as argmin sees it, remembering the lowest-cost point it
/// was asked about (argmin's line search gives up with an error, and no
/// state, when rounding leaves it no descent direction at the optimum) and
/// the last points evaluated: argmin asks for the cost and then the
/// gradient of one point, and BFGS asks again for the gradient of the
/// point its line search ended on, while one evaluation gives both.
struct Problem<'a, O> {
    obj: &'a O,
    best: &'a RefCell<Option<Evaluated>>,
    recent: RefCell<Vec<Evaluated>>,
}

/// A point (log-parameters) with its cost and gradient.
#[derive(Clone)]
struct Evaluated {
    at: Vec<f64>,
    cost: f64,
    grad: Vec<f64>,
}

/// Points [`Problem`] remembers; argmin asks again only for the last one
/// or two.
const RECENT: usize = 4;

impl<O: Objective> Problem<'_, O> {
    fn eval(&self, p: &[f64]) -> (f64, Vec<f64>) {
        let same = |e: &&Evaluated| e.at.iter().zip(p).all(|(a, b)| a.to_bits() == b.to_bits());
        if let Some(e) = self.recent.borrow().iter().find(same) {
            return (e.cost, e.grad.clone());
        }
        let (cost, grad) = self.obj.cost_grad(p);
        let e = Evaluated {
            at: p.to_vec(),
            cost,
            grad: grad.clone(),
        };
        let mut best = self.best.borrow_mut();
        if cost.is_finite() && best.as_ref().is_none_or(|b| cost < b.cost) {
            *best = Some(e.clone());
        }
        let mut recent = self.recent.borrow_mut();
        if recent.len() == RECENT {
            recent.remove(0);
        }
        recent.push(e);
        (cost, grad)
    }
}

impl<O: Objective> CostFunction for Problem<'_, O> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, p: &Vec<f64>) -> Result<f64, argmin::core::Error> {
        Ok(finite_or_max(self.eval(p).0))
    }
}

impl<O: Objective> Gradient for Problem<'_, O> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, p: &Vec<f64>) -> Result<Vec<f64>, argmin::core::Error> {
        Ok(self.eval(p).1)
    }
}

/// A step into a region where the likelihood underflows or overflows costs
/// the most a float can say, so the line search steps back.
fn finite_or_max(cost: f64) -> f64 {
    if cost.is_finite() {
        cost
    } else {
        f64::MAX
    }
}

/// Customers in the first stage of a large fit, about: see
/// [`minimize_in_stages`].
const SAMPLE_CUSTOMERS: u64 = 1 << 15;
/// Data with fewer than this many times `SAMPLE_CUSTOMERS` customers is
/// fitted in one stage (a sample would save too little).
const MIN_SAMPLE_STEP: u64 = 4;

/// The minimiser of the mean negative log-likelihood over `data`
/// (`objective` builds it for any set of rows), the BFGS iterations it
/// took on all of `data`, and the objective over all of it. Large data is
/// fitted in two stages: first a systematic sample of about
/// `SAMPLE_CUSTOMERS` customers ([`Grouped::sample`]) from `start`, then
/// all customers from the sample's optimum, with the inverse of the
/// sample's Hessian there as BFGS's first inverse Hessian: the first step
/// is then a Newton step, and the fit on all rows, each of whose
/// evaluations reads every row, takes a few iterations instead of dozens.
/// Both stages stop at the same gradient tolerance, so the optimum is the
/// same to that tolerance as a fit from `start`; smaller data (and a
/// sample whose fit fails) is fitted from `start` alone.
pub(super) fn minimize_in_stages<const N: usize, O: Objective>(
    data: &Grouped<N>,
    objective: impl Fn(&Grouped<N>) -> O,
    start: Vec<f64>,
    model: &str,
) -> Result<(O, Vec<f64>, u64)> {
    let step = data.total_weight() as u64 / SAMPLE_CUSTOMERS;
    let first = (step >= MIN_SAMPLE_STEP)
        .then(|| {
            let sample = objective(&data.sample(step));
            let (at, _) = minimize(&sample, start.clone(), None, model).ok()?;
            let inv = inverse(&hessian(&sample, &at).ok()?)?;
            Some((at, inv))
        })
        .flatten();
    let obj = objective(data);
    let (at, iterations) = match first {
        Some((at, inv)) => minimize(&obj, at, Some(inv), model)?,
        None => minimize(&obj, start, None, model)?,
    };
    Ok((obj, at, iterations))
}

/// The minimiser of `obj` from `start` (log-parameters), BFGS's first
/// inverse Hessian `inv_hessian` (the identity when `None`), and the
/// iterations it took. Fails, naming `model`, when BFGS did not converge.
pub(super) fn minimize<O: Objective>(
    obj: &O,
    start: Vec<f64>,
    inv_hessian: Option<Vec<Vec<f64>>>,
    model: &str,
) -> Result<(Vec<f64>, u64)> {
    let k = start.len();
    let inv_hessian = inv_hessian.unwrap_or_else(|| {
        (0..k)
            .map(|i| (0..k).map(|j| f64::from(u8::from(i == j))).collect())
            .collect()
    });
    let solver = BFGS::new(MoreThuenteLineSearch::new())
        .with_tolerance_grad(GRAD_TOL)
        .and_then(|s| s.with_tolerance_cost(0.0))
        .map_err(|e| anyhow!("{model}: optimiser set-up failed: {e}"))?;
    let best = RefCell::new(None);
    let problem = Problem {
        obj,
        best: &best,
        recent: RefCell::new(Vec::new()),
    };
    let run = Executor::new(problem, solver)
        .configure(|s| s.param(start).inv_hessian(inv_hessian).max_iters(MAX_ITERS))
        .run();
    // Whatever stopped BFGS, the best point it saw is judged by its
    // gradient: a line search that ends in an error at the optimum has
    // converged, an iteration limit far from it has not.
    let (iterations, reason) = match run {
        Ok(res) => {
            let state = res.state();
            let reason = match &state.termination_status {
                TerminationStatus::Terminated(r) => r.text().to_string(),
                TerminationStatus::NotTerminated => "stopped".to_string(),
            };
            (state.iter, reason)
        }
        Err(e) => (0, e.to_string()),
    };
    let Some(Evaluated { at, cost, grad }) = best.take() else {
        bail!("{model}: the likelihood is not finite at the starting point ({reason})");
    };
    let norm = grad.iter().map(|g| g * g).sum::<f64>().sqrt();
    if !cost.is_finite() || norm.is_nan() || norm >= GRAD_ACCEPT {
        bail!(
            "{model}: the fit did not converge ({reason}; gradient norm {norm:.3e} at the best \
             point, needs < {GRAD_ACCEPT:e}); the data may not identify the model: {MORE_DATA}"
        );
    }
    Ok((at, iterations))
}

/// The fix when the data does not pin the model down: each parameter
/// describes how purchases vary between customers and over time.
const MORE_DATA: &str = "fit it on more customers or a longer order history";

/// Standard errors of the parameters `exp(log_params)`, from the Hessian of
/// the mean negative log-likelihood `obj` over log-parameters and the number
/// of customers `n` (the summed likelihood's Hessian is `n` times it):
/// `se_k = p_k * sqrt(inverse(n * H)_kk)`. Fails when the Hessian is not
/// positive definite (the optimum is not a strict maximum).
pub(super) fn standard_errors<O: Objective>(
    obj: &O,
    log_params: &[f64],
    n: f64,
    model: &str,
) -> Result<Vec<f64>> {
    let inv = inverse(&hessian(obj, log_params)?).ok_or_else(|| {
        anyhow!(
            "{model}: the likelihood's Hessian at the optimum is not positive definite, so the \
             parameters are not identified by this data: {MORE_DATA}"
        )
    })?;
    Ok(log_params
        .iter()
        .enumerate()
        .map(|(k, lp)| lp.exp() * (inv[k][k] / n).sqrt())
        .collect())
}

/// The Hessian of `obj` at `log_params`: its own ([`Objective::hessian`]),
/// or by central differences of its analytic gradient (finitediff): two
/// gradients per parameter.
fn hessian<O: Objective>(obj: &O, log_params: &[f64]) -> Result<Vec<Vec<f64>>> {
    if let Some(h) = obj.hessian(log_params) {
        return Ok(h);
    }
    let grad = |p: &Vec<f64>| -> Result<Vec<f64>, anyhow::Error> { Ok(obj.cost_grad(p).1) };
    let hessian = finitediff::vec::central_hessian(&grad)(&log_params.to_vec())?;
    Ok(hessian)
}

/// The inverse of a symmetric positive definite matrix, by its Cholesky
/// factor L (A = L L^T): column k of the inverse solves A y = e_k. `None`
/// when the matrix is not positive definite.
fn inverse(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let k = a.len();
    let mut l = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..=i {
            let s: f64 = a[i][j] - (0..j).map(|m| l[i][m] * l[j][m]).sum::<f64>();
            if i == j {
                if s.is_nan() || s <= 0.0 {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    let columns: Vec<Vec<f64>> = (0..k)
        .map(|col| {
            // Forward: L z = e_col; back: L^T y = z.
            let mut z = vec![0.0; k];
            for i in 0..k {
                let e = f64::from(u8::from(i == col));
                z[i] = (e - (0..i).map(|m| l[i][m] * z[m]).sum::<f64>()) / l[i][i];
            }
            let mut y = vec![0.0; k];
            for i in (0..k).rev() {
                y[i] = (z[i] - (i + 1..k).map(|m| l[m][i] * y[m]).sum::<f64>()) / l[i][i];
            }
            y
        })
        .collect();
    // The inverse is symmetric: its columns are its rows.
    Some(columns)
}

/// Asserts that `obj`'s analytic gradient at `at` equals central
/// differences of its cost (finitediff) to 1e-7.
#[cfg(test)]
pub(super) fn assert_gradient_matches(obj: &impl Objective, at: &[f64]) {
    let (_, grad) = obj.cost_grad(at);
    let cost = |p: &Vec<f64>| -> Result<f64, anyhow::Error> { Ok(obj.cost_grad(p).0) };
    let numeric = finitediff::vec::central_diff(&cost)(&at.to_vec()).unwrap();
    for (g, n) in grad.iter().zip(&numeric) {
        assert!((g - n).abs() < 1e-7, "{grad:?} vs {numeric:?}");
    }
}

/// Asserts that `obj`'s own Hessian at `at` equals central differences of
/// its analytic gradient (finitediff) to 1e-6 of the largest entry.
#[cfg(test)]
pub(super) fn assert_hessian_matches(obj: &impl Objective, at: &[f64]) {
    let own = obj.hessian(at).expect("a closed-form Hessian");
    let grad = |p: &Vec<f64>| -> Result<Vec<f64>, anyhow::Error> { Ok(obj.cost_grad(p).1) };
    let numeric = finitediff::vec::central_hessian(&grad)(&at.to_vec()).unwrap();
    let scale = numeric.iter().flatten().fold(0.0f64, |m, v| m.max(v.abs()));
    for (own, numeric) in own.iter().flatten().zip(numeric.iter().flatten()) {
        assert!(
            (own - numeric).abs() < 1e-6 * scale,
            "{own} vs {numeric}: {:?}",
            obj.hessian(at)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A = [[4, 2], [2, 3]]: det 8, inverse [[3, -2], [-2, 4]] / 8.
    #[test]
    fn inverse_of_a_2x2_matrix() {
        let inv = inverse(&[vec![4.0, 2.0], vec![2.0, 3.0]]).unwrap();
        let want = [[0.375, -0.25], [-0.25, 0.5]];
        for (row, want) in inv.iter().zip(want) {
            for (v, w) in row.iter().zip(want) {
                assert!((v - w).abs() < 1e-15, "{inv:?}");
            }
        }
    }

    #[test]
    fn inverse_rejects_an_indefinite_matrix() {
        assert!(inverse(&[vec![1.0, 2.0], vec![2.0, 1.0]]).is_none());
    }

    /// (x - 1)^2 + 2 (y + 2)^2 in "log-parameters" x, y: minimum at (1, -2).
    struct Bowl;
    impl Objective for Bowl {
        fn cost_grad(&self, p: &[f64]) -> (f64, Vec<f64>) {
            let (x, y) = (p[0] - 1.0, p[1] + 2.0);
            (x * x + 2.0 * y * y, vec![2.0 * x, 4.0 * y])
        }
    }

    #[test]
    fn minimize_finds_the_bottom_of_a_bowl() {
        let (p, _) = minimize(&Bowl, vec![0.0, 0.0], None, "bowl").unwrap();
        assert!((p[0] - 1.0).abs() < 1e-8 && (p[1] + 2.0).abs() < 1e-8);
    }

    /// At the bottom the Hessian is diag(2, 4); with n = 2 the summed
    /// Hessian is diag(4, 8), so se_k = exp(p_k) * sqrt(1/4), exp(p_k) *
    /// sqrt(1/8).
    #[test]
    fn standard_errors_scale_with_the_parameters() {
        let se = standard_errors(&Bowl, &[1.0, -2.0], 2.0, "bowl").unwrap();
        assert!((se[0] - 1f64.exp() * 0.5).abs() < 1e-8);
        assert!((se[1] - (-2f64).exp() * 0.125f64.sqrt()).abs() < 1e-8);
    }
}
