//! A plan to start from, built from the LP relaxation and handed to HiGHS as its first incumbent (RENS, "relaxation
//! enforced neighbourhood search"): the plan's MIP restricted to the columns the LP relaxation uses (value above
//! 10⁻⁶), every other column fixed to 0, is a small MIP whose plans are plans of the whole problem. A start never
//! changes the optimum, only how soon the search holds a good plan; when the restricted MIP has no plan, HiGHS
//! starts without one.
//!
//! The LP relaxation's objective `z_LP` bounds every plan, so a plan of objective `z ≤ z_LP / (1 − g)` is already
//! within the scenario's gap `g`: the restricted MIP stops at its first such plan (HiGHS's objective target), and
//! the whole MIP proves the gap at its root. Otherwise it stops at its own gap `g / 10` (the neighbourhood holds
//! nothing much better) or at a node budget. Every criterion is deterministic, never the clock.
//!
//! Measured on a generated 2,000-need, 24-month plan (benches/README.md): the relaxation has 182 needs split
//! between periods or offers; nearly all the loss of an integral plan is waiting cost (the splits fill capacity
//! exactly), and the restricted MIP is where plans within 0.1 % are found.

use crate::domain::SolverSettings;
use crate::model::{ColumnKind, Formulation, Sense};
use crate::solve::{run, MipRequest, MipRun, SolveError};
use std::time::Instant;

/// Node budget of the restricted MIP.
const START_NODES: u64 = 2_000;
/// The restricted MIP's own gap target is the scenario's divided by this.
const OWN_GAP_DIVISOR: f64 = 2.0;

/// The start (a full column vector, None when none was found) and the HiGHS runs it took (the LP, the restricted
/// MIP).
pub fn from_relaxation(
    f: &Formulation,
    settings: &SolverSettings,
    feasibility_tolerance: f64,
    deadline: Option<Instant>,
    presolve: bool,
) -> Result<(Option<Vec<f64>>, Vec<MipRun>), SolveError> {
    let lp = run(&MipRequest {
        relaxation: true,
        deadline,
        presolve,
        ..MipRequest::new(f, settings, feasibility_tolerance)
    })?;
    let Some(values) = lp.values.clone() else { return Ok((None, vec![lp])) };
    // The needs the LP relaxation migrates whole (one start column at 1) keep that award and start; the others
    // are free.
    let fixed: Vec<(usize, f64)> = f
        .columns
        .iter()
        .enumerate()
        .filter(|(c, col)| matches!(col.kind, ColumnKind::Scheduled { .. }) && values[*c] >= 1.0 - 1e-6)
        .map(|(c, _)| (c, 1.0))
        .collect();
    let gap = settings.mip_rel_gap;
    let objective_target = match (lp.objective, f.sense) {
        (Some(bound), Sense::Minimise) if gap > 0.0 && gap < 1.0 && bound > 0.0 => Some(bound / (1.0 - gap)),
        _ => None,
    };
    let settings = SolverSettings {
        node_limit: Some(START_NODES.min(settings.node_limit.unwrap_or(u64::MAX))),
        mip_rel_gap: gap / OWN_GAP_DIVISOR,
        ..settings.clone()
    };
    let restricted = run(&MipRequest {
        fixed: &fixed,
        deadline,
        objective_target,
        ..MipRequest::new(f, &settings, feasibility_tolerance)
    })?;
    let start = restricted.values.clone();
    Ok((start, vec![lp, restricted]))
}
