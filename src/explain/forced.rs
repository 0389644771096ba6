//! The optimum with one estimate forced into the allocation, at its own price or another: what awarding a cheaper
//! offer would have cost (the counterfactuals of [`super::award`]) and the price at which a lost bid wins (the
//! thresholds of [`super::debrief`]).
//!
//! Each is a MIP as large as the scenario's, but next to one already solved: the scenario's allocation with the
//! need moved to the forced estimate (the *swap*) is, when it satisfies every rule, usually within a few dollars of
//! the forced optimum, and the LP relaxation is within a few thousandths of a percent of it. So the optimum is
//! proven as follows (minimising; a maximised objective is the mirror image):
//!
//! 1. the LP relaxation of the forced problem, with its duals, gives the bound `L`;
//! 2. with an incumbent of objective `U` (the swap), reduced-cost fixing ([`crate::solve::fixing`]) at `U` fixes
//!    every column that no solution of objective `U` or less uses, so the MIP over the columns left has the same
//!    optimum as the whole, and is solved from the incumbent;
//! 3. without one (the swap breaks a rule), the MIP over the columns left by fixing at `T_k = L + |L|·δ_k`
//!    ([`NEIGHBOURHOODS`]) is solved: its optimum, when at most `T_k`, is the optimum of the whole (every solution
//!    of objective `T_k` or less is in it); a solution above `T_k` is the incumbent of step 2; none sends the
//!    search to the next, larger neighbourhood, and after the last to the whole MIP.
//!
//! Every step is ended by a proven optimum or infeasibility, never by the clock (except the scenario's own time
//! limit, per run, as before), and each gives the same optimum as one run of the whole forced MIP.

use crate::domain::{Policy, World};
use crate::eligibility;
use crate::model::{self, Formulation, Sense};
use crate::solve::fixing::{self, Relaxation};
use crate::solve::{objective_tolerance, run, MipRequest, MipRun, MipStatus, Solved, FAST_TOLERANCE};
use crate::verify::verify_awards;
use rust_decimal::Decimal;

/// The relative widths `δ_k` of the neighbourhoods above the LP bound tried when no incumbent is known.
pub const NEIGHBOURHOODS: [f64; 3] = [1e-5, 1e-4, 1e-3];

/// The forced optimum.
#[derive(Debug, Clone, PartialEq)]
pub enum Forced {
    /// Proven optimal (to the scenario's gap): the total price, exact, and the allocation.
    Optimal {
        /// Total price of the allocation, with the forced estimate at the price asked.
        total: Decimal,
        /// Awarded estimates, ascending.
        awards: Vec<usize>,
    },
    /// No allocation satisfies the policy with the estimate forced.
    Infeasible,
    /// A run ended without a proof (its status; the scenario's time limit).
    Unfinished(MipStatus),
}

/// The scenario's allocation with the need of estimate `e` moved to `e`, everything else unchanged (ascending).
pub fn swap(world: &World, allocation: &[usize], e: usize) -> Vec<usize> {
    let need = world.estimates[e].need;
    let mut swapped: Vec<usize> = allocation.iter().copied().filter(|&a| world.estimates[a].need != need).collect();
    swapped.push(e);
    swapped.sort_unstable();
    swapped
}

/// The optimum with estimate `e` awarded at `price`, everything else as in `world`, next to the scenario `solved`
/// (whose formulation serves as it is when the price is the estimate's own, and whose allocation gives the swap).
/// Re-solves with the policy's settings.
pub fn optimum(world: &World, policy: &Policy, solved: &Solved, e: usize, price: Decimal) -> Forced {
    let repriced;
    let (world, mut f) = if world.estimates[e].price == price {
        (world, solved.formulation.clone())
    } else {
        let mut w = world.clone();
        w.estimates[e].price = price;
        repriced = w;
        let f = model::build(&repriced, policy, &eligibility::assess(&repriced, policy));
        (&repriced, f)
    };
    let Some(c) = f.column_of.get(e).copied().flatten() else { return Forced::Infeasible };
    f.columns[c].lower = 1.0;
    let swapped = swap(world, &solved.outcome.awards, e);
    let incumbent = verify_awards(world, policy, &swapped).is_empty().then(|| f.column_values(world, &swapped));
    let run = match search(&f, policy, incumbent) {
        Ok(run) => run,
        Err(_) => return Forced::Unfinished(MipStatus::NoSolution),
    };
    match (run.status, run.values) {
        (MipStatus::Infeasible, _) => Forced::Infeasible,
        (MipStatus::Optimal, Some(values)) => {
            let awards = f.awarded(&values);
            Forced::Optimal { total: awards.iter().map(|&a| world.estimates[a].price).sum(), awards }
        }
        (status, _) => Forced::Unfinished(status),
    }
}

/// The optimum of the forced formulation `f` (steps 1–3 of the module's doc); `incumbent`: a full column vector
/// satisfying every row, if known.
fn search(f: &Formulation, policy: &Policy, incumbent: Option<Vec<f64>>) -> Result<MipRun, crate::solve::SolveError> {
    let settings = &policy.solver;
    let tolerance = objective_tolerance(policy);
    let whole = |start: Option<&[f64]>| run(&MipRequest { start, ..MipRequest::new(f, settings, FAST_TOLERANCE) });
    let Some(relaxation) = fixing::relax(f, settings, FAST_TOLERANCE, None)? else {
        // No LP solution: infeasible (or trouble), which the whole MIP says.
        return whole(incumbent.as_deref());
    };
    let objective = |v: &[f64]| f.objective.iter().zip(v).map(|(c, x)| c * x).sum::<f64>();
    if let Some(start) = incumbent {
        return around(f, policy, &relaxation, objective(&start), &start);
    }
    let bound = relaxation.bound();
    for delta in NEIGHBOURHOODS {
        let width = bound.abs().max(1.0) * delta;
        let target = match f.sense {
            Sense::Minimise => bound + width,
            Sense::Maximise => bound - width,
        };
        let fixed = relaxation.fixed(target, tolerance);
        let found = run(&MipRequest { fixed: &fixed, ..MipRequest::new(f, settings, FAST_TOLERANCE) })?;
        match (found.status, found.values.as_deref()) {
            (MipStatus::Infeasible, _) => continue,
            (MipStatus::Optimal, Some(v)) => {
                let z = objective(v);
                let reached = match f.sense {
                    Sense::Minimise => z <= target + tolerance,
                    Sense::Maximise => z >= target - tolerance,
                };
                if reached {
                    return Ok(found);
                }
                return around(f, policy, &relaxation, z, v);
            }
            (_, Some(v)) => return around(f, policy, &relaxation, objective(v), v),
            (_, None) => return Ok(found),
        }
    }
    whole(None)
}

/// Step 2: the MIP over the columns that a solution of objective `upper` or better may use, from `start`.
fn around(
    f: &Formulation,
    policy: &Policy,
    relaxation: &Relaxation,
    upper: f64,
    start: &[f64],
) -> Result<MipRun, crate::solve::SolveError> {
    let fixed = relaxation.fixed(upper, objective_tolerance(policy));
    run(&MipRequest { fixed: &fixed, start: Some(start), ..MipRequest::new(f, &policy.solver, FAST_TOLERANCE) })
}
