//! A solution to start from, found around the LP relaxation, and handed to HiGHS as its first incumbent. Two
//! neighbourhoods of the relaxation, each a MIP whose solutions are solutions of the whole problem:
//!
//! * [`from_relaxation`] (plans): the columns the LP relaxation sets to 1 (a need's award and start) are fixed to
//!   1 and the MIP over what is left, small since the relaxation splits few needs, is solved (RENS, "relaxation
//!   enforced neighbourhood search").
//! * [`within_gap_of_relaxation`] (allocations, when a gap is accepted): reduced-cost fixing at the gap's target
//!   removes only the columns that no solution within the gap uses, so the MIP over what is left holds every
//!   solution within the gap. It is tried first on a tenth of the gap ([`NEIGHBOURHOODS`]): a much smaller MIP,
//!   whose solutions are still solutions, that usually holds one within the whole gap. (Fixing the LP's ones
//!   instead left an allocation 0.008 % above the LP bound on a 10,000-need model, outside a 0.001 % target.)
//!
//! The LP relaxation's objective `z_LP` bounds every solution, so one of objective `z ≤ z_LP / (1 − g)`
//! (minimising; `z ≥ z_LP / (1 + g)` maximising) is already within the scenario's gap `g`: the restricted MIP stops
//! at its first such solution (HiGHS's objective target), and the caller need not solve the whole MIP at all
//! ([`within_gap`]). Otherwise it stops at its own gap `g / 2` (the neighbourhood holds nothing much better) or at a
//! node budget. Every criterion is deterministic, never the clock. A start never changes the optimum, only how
//! soon the search holds a good solution; when the restricted MIP has none, HiGHS starts without one.
//!
//! Measured (benches/README.md): on a generated 2,000-need, 24-month plan the relaxation splits 182 needs, nearly
//! all the loss of an integral plan is waiting cost, and the restricted MIP is where plans within 0.1 % are found;
//! on a generated 10,000-need allocation the relaxation is within 0.00013 % of the best allocation found, and the
//! start alone proves a 0.001 % gap in 14 s (2.6 s with the neighbourhood of a tenth of the gap first; 40 offers
//! per need: 14 s instead of 79 s).

use super::{relative_gap, run, EndedBy, MipRequest, MipRun, SolveError};
use crate::domain::SolverSettings;
use crate::model::{ColumnKind, Formulation, Sense};
use std::time::Instant;

/// Node budget of the restricted MIP.
const START_NODES: u64 = 2_000;
/// The restricted MIP's own gap target is the scenario's divided by this.
const OWN_GAP_DIVISOR: f64 = 2.0;
/// The allocations' neighbourhoods `(k, node budget)`, tried in turn until one holds a solution within the gap
/// `g`: the columns left by reduced-cost fixing at the target of the gap `g · k`. The last (`k = 1`) holds every
/// solution within the gap; the first is a quick try, given few nodes. Measured (benches/README.md): at 10,000
/// needs and `g = 1e-5`, `k = 0.1` leaves 11,600 of 52,281 columns free instead of 25,000 and reaches the target
/// in 1.8 s instead of 10.0 s; with 40 offers per need 14,600 of 353,818 (`k = 0.5`: 45,400), 7 s instead of 72 s
/// (`k = 0.25`: 14 s; `k = 0.5`: 51 s).
pub const NEIGHBOURHOODS: [(f64, u64); 2] = [(0.1, 100), (1.0, START_NODES)];

/// The start (a full column vector, None when none was found) and the HiGHS runs it took (the LP, the restricted
/// MIP, which is not run when the LP found no solution); `fixable`: the columns fixed to 1 when the LP sets them
/// to 1.
pub fn from_relaxation(
    f: &Formulation,
    settings: &SolverSettings,
    feasibility_tolerance: f64,
    deadline: Option<Instant>,
    presolve: bool,
    fixable: fn(&ColumnKind) -> bool,
) -> Result<(Option<Vec<f64>>, Vec<MipRun>), SolveError> {
    let lp = run(&MipRequest {
        relaxation: true,
        deadline,
        presolve,
        ..MipRequest::new(f, settings, feasibility_tolerance)
    })?;
    let Some(values) = lp.values.clone() else { return Ok((None, vec![lp])) };
    // The needs the LP relaxation decides whole keep that decision; the others are free.
    let fixed: Vec<(usize, f64)> = f
        .columns
        .iter()
        .enumerate()
        .filter(|(c, col)| fixable(&col.kind) && values[*c] >= 1.0 - 1e-6)
        .map(|(c, _)| (c, 1.0))
        .collect();
    let objective_target = lp.objective.and_then(|bound| gap_target(bound, settings.mip_rel_gap, f.sense));
    let around = Neighbourhood { fixed: &fixed, start: None, nodes: START_NODES };
    let restricted = restricted(f, settings, feasibility_tolerance, deadline, &around, objective_target)?;
    let start = restricted.values.clone();
    Ok((start, vec![lp, restricted]))
}

/// The objective every solution within the gap `gap` of the bound `bound` reaches: `bound / (1 − g)` minimising,
/// `bound / (1 + g)` maximising (None: no gap accepted, or a bound that is not positive).
fn gap_target(bound: f64, gap: f64, sense: Sense) -> Option<f64> {
    if !(gap > 0.0 && gap < 1.0 && bound > 0.0) {
        return None;
    }
    Some(match sense {
        Sense::Minimise => bound / (1.0 - gap),
        Sense::Maximise => bound / (1.0 + gap),
    })
}

/// A neighbourhood of the LP relaxation: the columns fixed, a start, and the nodes allowed.
struct Neighbourhood<'a> {
    fixed: &'a [(usize, f64)],
    start: Option<&'a [f64]>,
    nodes: u64,
}

/// The restricted MIP over a neighbourhood, stopped at the objective target, its own gap `g / 2` or the
/// neighbourhood's node budget.
fn restricted(
    f: &Formulation,
    settings: &SolverSettings,
    feasibility_tolerance: f64,
    deadline: Option<Instant>,
    around: &Neighbourhood<'_>,
    objective_target: Option<f64>,
) -> Result<MipRun, SolveError> {
    let settings = SolverSettings {
        node_limit: Some(around.nodes.min(settings.node_limit.unwrap_or(u64::MAX))),
        mip_rel_gap: settings.mip_rel_gap / OWN_GAP_DIVISOR,
        ..settings.clone()
    };
    run(&MipRequest {
        fixed: around.fixed,
        start: around.start,
        deadline,
        objective_target,
        ..MipRequest::new(f, &settings, feasibility_tolerance)
    })
}

/// Whether a start of objective `objective` is within the gap `gap` of the LP relaxation's bound `lp_bound`: the
/// whole MIP then has nothing to prove.
pub fn within_gap(objective: f64, lp_bound: f64, gap: f64, sense: Sense) -> bool {
    let on_the_right_side = match sense {
        Sense::Minimise => objective >= lp_bound - 1e-6 * lp_bound.abs().max(1.0),
        Sense::Maximise => objective <= lp_bound + 1e-6 * lp_bound.abs().max(1.0),
    };
    gap > 0.0 && on_the_right_side && relative_gap(objective, lp_bound) <= gap
}

/// The start of an allocation when the scenario accepts a gap `g > 0`: every solution within the gap has an
/// objective of at most `T = z_LP / (1 − g)` (minimising), so reduced-cost fixing at `T` ([`super::fixing`])
/// removes only columns that no such solution uses, and the MIP over what is left holds every solution within
/// the gap. It is solved to the objective target `T` (or its own gap `g / 2`, or the node budget), first over the
/// smaller neighbourhoods of [`NEIGHBOURHOODS`], each from the solution of the one before. Returns the start, the
/// LP bound, and the HiGHS runs.
pub fn within_gap_of_relaxation(
    f: &Formulation,
    settings: &SolverSettings,
    feasibility_tolerance: f64,
    deadline: Option<Instant>,
) -> Result<Start, SolveError> {
    let Some(relaxation) = super::fixing::relax(f, settings, feasibility_tolerance, deadline)? else {
        return Ok(Start { values: None, lp_bound: None, runs: vec![] });
    };
    let bound = relaxation.bound();
    let Some(target) = gap_target(bound, settings.mip_rel_gap, f.sense) else {
        return Ok(Start { values: None, lp_bound: Some(bound), runs: vec![relaxation.run] });
    };
    let mut runs = Vec::new();
    let mut values: Option<Vec<f64>> = None;
    for (share, nodes) in NEIGHBOURHOODS {
        let fix_at = gap_target(bound, settings.mip_rel_gap * share, f.sense).unwrap_or(target);
        let fixed = relaxation.fixed(fix_at, 0.0);
        let around = Neighbourhood { fixed: &fixed, start: values.as_deref(), nodes };
        let found = restricted(f, settings, feasibility_tolerance, deadline, &around, Some(target))?;
        let stopped = found.ended_by == EndedBy::WallClock;
        if found.values.is_some() {
            values = found.values.clone();
        }
        runs.push(found);
        let objective = |v: &[f64]| f.objective.iter().zip(v).map(|(c, x)| c * x).sum::<f64>();
        let reached = values.as_deref().is_some_and(|v| within_gap(objective(v), bound, settings.mip_rel_gap, f.sense));
        if reached || stopped {
            break;
        }
    }
    runs.insert(0, relaxation.run);
    Ok(Start { values, lp_bound: Some(bound), runs })
}

/// A start found around the LP relaxation.
#[derive(Debug, Clone)]
pub struct Start {
    /// The start, a full column vector (None: none found).
    pub values: Option<Vec<f64>>,
    /// The LP relaxation's bound (None: the LP was not solved).
    pub lp_bound: Option<f64>,
    /// The HiGHS runs: the LP, then the restricted MIPs.
    pub runs: Vec<MipRun>,
}
