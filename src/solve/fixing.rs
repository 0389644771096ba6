//! Reduced-cost fixing: which columns can be in an optimal allocation at all, proven from the LP relaxation.
//!
//! Written as a minimisation (a maximised objective is negated): for any multipliers `y` on the rows
//! `l ≤ A x ≤ u` (with `y_i > 0` only where `l_i` is finite and `y_i < 0` only where `u_i` is), weak duality gives,
//! for every `x` within its column bounds `[λ_j, μ_j]` (binaries `[0,1]`) satisfying the rows,
//!
//! ```text
//! c·x  =  yᵀA x + d·x  ≥  Σ_i (y_i > 0 ? y_i l_i : y_i u_i) + Σ_j min(d_j λ_j, d_j μ_j)  =:  L(y),   d = c − Aᵀy
//! ```
//!
//! and, for the allocations with a binary `x_j = 1` (where `d_j > 0`), `c·x ≥ L(y) + d_j`; with `x_j = 0` (where
//! `d_j < 0`), `c·x ≥ L(y) − d_j`. Continuous columns (the scopes' total values, whose bounds are implied by the
//! rows) are never fixed. Every optimal allocation has `c·x ≤ z* + τ` (the held objective), so a column with
//! `L(y) + |d_j| > z* + τ + ε` is fixed: to 0 when `d_j > 0`, to 1 when `d_j < 0`. The bound holds for any
//! `y`, whatever the accuracy of the LP that produced it; `L(y)` is recomputed here rather than read from HiGHS,
//! and `ε` covers the rounding of these sums. With the LP duals, `L(y)` is the LP bound, which on the broker's
//! models is within a few thousandths of a percent of the optimum: most columns are fixed.

use super::mip::{run_full, MipRequest, MipRun, SolveError};
use crate::domain::SolverSettings;
use crate::model::{Formulation, Sense};
use std::time::Instant;

/// The columns proven fixed, and the LP run that proved it.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// (column, value), ascending.
    pub columns: Vec<(usize, f64)>,
    /// The LP bound `L(y)` in the formulation's sense.
    pub bound: f64,
    /// The LP relaxation's run.
    pub run: MipRun,
}

/// The LP relaxation with its duals, ready to prove fixings at any target.
#[derive(Debug, Clone)]
pub struct Relaxation {
    /// The LP run (its values are the relaxation's solution).
    pub run: MipRun,
    /// `+1` minimising, `−1` maximising (the costs below are negated then).
    sign: f64,
    /// Reduced costs `d = c − Aᵀy`, minimisation sense.
    d: Vec<f64>,
    /// `L(y)`, minimisation sense.
    lower: f64,
    /// Rounding allowance of the sums.
    epsilon: f64,
    /// Whether each column is a binary free in [0, 1] (only those are fixed).
    binary: Vec<bool>,
}

impl Relaxation {
    /// The bound `L(y)` in the formulation's sense (a lower bound when minimising, an upper bound when
    /// maximising).
    pub fn bound(&self) -> f64 {
        self.sign * self.lower
    }

    /// The columns fixed in every solution whose objective is within `tolerance` of `target` (in the
    /// formulation's sense: at most `target + tolerance` minimising, at least `target − tolerance` maximising).
    pub fn fixed(&self, target: f64, tolerance: f64) -> Vec<(usize, f64)> {
        let z = self.sign * target;
        let slack = z + tolerance + self.epsilon - self.lower;
        if slack.is_nan() || slack < 0.0 {
            // An LP bound beyond the target can only come from numerical trouble (or an unreachable target):
            // prove nothing.
            return vec![];
        }
        self.d
            .iter()
            .enumerate()
            .filter(|&(j, _)| self.binary[j])
            .filter_map(|(j, &dj)| match dj {
                dj if dj > slack => Some((j, 0.0)),
                dj if -dj > slack => Some((j, 1.0)),
                _ => None,
            })
            .collect()
    }
}

/// Solve the LP relaxation and compute `L(y)` and the reduced costs from its duals. None when the LP relaxation
/// could not be solved.
pub fn relax(
    f: &Formulation,
    settings: &SolverSettings,
    feasibility_tolerance: f64,
    deadline: Option<Instant>,
) -> Result<Option<Relaxation>, SolveError> {
    let sign = match f.sense {
        Sense::Minimise => 1.0,
        Sense::Maximise => -1.0,
    };
    let cost: Vec<f64> = f.objective.iter().map(|&c| sign * c).collect();
    let (mut run, lp) = run_full(&MipRequest {
        objective: &cost,
        sense: Sense::Minimise,
        relaxation: true,
        deadline,
        // Without HiGHS's presolve: on the 354,000-column relaxation of a 10,000-need model with 40 offers per
        // need, its search for dependent equations alone took 350 MB of factor workspace (peak 555 MB instead of
        // 732 MB, and faster); the relaxations measured gave the same duals and fixings (benches/README.md).
        presolve: false,
        ..MipRequest::new(f, settings, feasibility_tolerance)
    })?;
    let Some(lp) = lp else { return Ok(None) };
    // The run's objective in the formulation's sense.
    run.objective = run.objective.map(|o| sign * o);
    run.bound = run.bound.map(|b| sign * b);
    let y: Vec<f64> = f
        .rows
        .iter()
        .zip(&lp.row_duals)
        .map(|(r, &y)| if (y > 0.0 && r.lower.is_finite()) || (y < 0.0 && r.upper.is_finite()) { y } else { 0.0 })
        .collect();
    let mut d = cost.clone();
    let mut lower = 0.0;
    let mut magnitude = 0.0;
    for (r, &yi) in f.rows.iter().zip(&y) {
        if yi == 0.0 {
            continue;
        }
        let b = if yi > 0.0 { r.lower } else { r.upper };
        lower += yi * b;
        magnitude += (yi * b).abs();
        for &(c, a) in &r.terms {
            d[c] -= yi * a;
            magnitude += (yi * a).abs();
        }
    }
    for (dj, col) in d.iter().zip(&f.columns) {
        lower += (dj * col.lower).min(dj * col.upper);
        if !col.kind.is_integer() {
            magnitude += (dj * col.upper).abs().max((dj * col.lower).abs());
        }
    }
    magnitude += cost.iter().map(|c| c.abs()).sum::<f64>();
    // Rounding of the sums above: a generous multiple of the unit roundoff times the magnitudes involved.
    let epsilon = 1e-9 * magnitude + 1e-6;
    // A binary whose bounds already fix it (an estimate forced into the allocation) has its value in `L(y)`.
    let binary = f.columns.iter().map(|c| c.kind.is_integer() && c.lower == 0.0 && c.upper == 1.0).collect();
    Ok(Some(Relaxation { run, sign, d, lower, epsilon, binary }))
}

/// Prove which columns are fixed in every allocation whose objective is within `tolerance` of `target` (the
/// proven optimum). Returns None when the LP relaxation could not be solved (nothing is fixed then).
pub fn fix(
    f: &Formulation,
    settings: &SolverSettings,
    feasibility_tolerance: f64,
    deadline: Option<Instant>,
    target: f64,
    tolerance: f64,
) -> Result<Option<Fixed>, SolveError> {
    Ok(relax(f, settings, feasibility_tolerance, deadline)?.map(|r| Fixed {
        columns: r.fixed(target, tolerance),
        bound: r.bound(),
        run: r.run,
    }))
}

/// The columns [`fix`] proves fixed, its LP run counted in `stage` (a stage the wall clock stopped fixes nothing and
/// says so).
pub fn fixed_columns(
    f: &Formulation,
    settings: &SolverSettings,
    feasibility_tolerance: f64,
    deadline: Option<Instant>,
    target: f64,
    tolerance: f64,
    stage: &mut super::Stage,
) -> Result<Vec<(usize, f64)>, SolveError> {
    Ok(match fix(f, settings, feasibility_tolerance, deadline, target, tolerance)? {
        Some(fx) => {
            stage.add(&fx.run);
            fx.columns
        }
        None => {
            stage.ended_by = super::EndedBy::WallClock;
            vec![]
        }
    })
}
