//! How an allocation's cost compares with the best the scenario allows. [`best`] is the one place `verify` calls
//! the optimiser; everything else here is exact arithmetic on the allocation and that optimum. The same optimum
//! also gives the values a result can only state after a solve (status, bound, gap, whether the published draw
//! decided an award): [`Claims`].

use crate::domain::{Objective, Policy, World};
use crate::model::{self, Formulation, Sense};
use crate::solve::{SolveError, Solved, Status};
use rust_decimal::Decimal;
use serde::Serialize;

/// The best allocation the scenario allows, by the library's own solve (stage 1 and the published draw).
pub fn best(world: &World, policy: &Policy) -> Result<Solved, SolveError> {
    crate::solve::solve(world, policy, None)
}

/// The objective a result reports for an allocation: the formulation's objective, rounded as `solve` rounds it
/// (cents for price, 6 decimals for weighted points).
pub fn reported_objective(policy: &Policy, f: &Formulation, awards: &[usize]) -> f64 {
    let mut sorted = awards.to_vec();
    sorted.sort_unstable();
    let decimals = match policy.objective {
        Objective::Price => 2,
        Objective::Weighted(_) => 6,
    };
    let k = 10f64.powi(decimals);
    let r = (f.objective_of(&sorted) * k).round() / k;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Where an allocation stands against the optimum.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "standing", rename_all = "snake_case")]
pub enum Standing {
    /// Optimality was not checked (`--no-optimality`).
    NotChecked,
    /// As good as the optimum.
    Optimal {
        /// Cost of the optimum (the published draw's allocation).
        optimum_cost: Decimal,
        /// Needs where the allocation differs from the allocation the published draw selects among equals.
        differs_from_draw: Vec<String>,
    },
    /// Price basis: it costs more than the optimum.
    Costlier {
        /// Cost of the optimum.
        optimum_cost: Decimal,
        /// How much more.
        excess: Decimal,
        /// `excess / optimum_cost`.
        excess_share: Decimal,
    },
    /// Weighted basis: it scores fewer points than the optimum.
    ScoresLower {
        /// Its weighted score.
        score: f64,
        /// The optimum's.
        optimum_score: f64,
        /// Cost of the optimum.
        optimum_cost: Decimal,
    },
    /// Better than the optimum: only an allocation that breaks a rule can be.
    BeyondOptimum {
        /// Cost of the optimum.
        optimum_cost: Decimal,
    },
    /// The solve stopped at its time limit: the best allocation it found, not a proven optimum.
    NotProven {
        /// Cost of the best allocation found.
        best_cost: Decimal,
        /// The solver's bound on the objective.
        bound: Option<f64>,
    },
    /// The solve found no allocation that satisfies the policy.
    NoOptimum {
        /// The solve's status.
        status: Status,
    },
}

/// The exact cost of an allocation and how it compares with the best the scenario allows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Optimality {
    /// The allocation's exact cost: the sum of its awarded prices.
    pub cost: Decimal,
    /// Its standing.
    #[serde(flatten)]
    pub standing: Standing,
}

/// The exact cost of a set of awarded estimates.
pub fn cost(world: &World, awards: &[usize]) -> Decimal {
    awards.iter().map(|&e| world.estimates[e].price).sum()
}

/// Compare `awards` with the solve `best` (None: not checked).
pub fn assess(world: &World, policy: &Policy, awards: &[usize], best: Option<&Solved>) -> Optimality {
    let cost = cost(world, awards);
    let Some(best) = best else { return Optimality { cost, standing: Standing::NotChecked } };
    let outcome = &best.outcome;
    let optimum_cost = self::cost(world, &outcome.awards);
    let standing = match outcome.status {
        Status::Optimal => {
            let f = &best.formulation;
            let (mine, theirs) = (f.objective_of(&sorted(awards)), f.objective_of(&outcome.awards));
            // Price: exact cents; weighted: the tolerance within which the solve calls two scores equal.
            let order = match policy.objective {
                Objective::Price => cost.cmp(&optimum_cost).reverse(),
                Objective::Weighted(_) if (mine - theirs).abs() <= 1e-9 => std::cmp::Ordering::Equal,
                Objective::Weighted(_) => {
                    let better = if f.sense == Sense::Maximise { mine > theirs } else { mine < theirs };
                    if better {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Less
                    }
                }
            };
            match order {
                std::cmp::Ordering::Equal => {
                    Standing::Optimal { optimum_cost, differs_from_draw: differs(world, awards, &outcome.awards) }
                }
                std::cmp::Ordering::Greater => Standing::BeyondOptimum { optimum_cost },
                std::cmp::Ordering::Less => match policy.objective {
                    Objective::Price => Standing::Costlier {
                        optimum_cost,
                        excess: cost - optimum_cost,
                        excess_share: if optimum_cost.is_zero() {
                            Decimal::ZERO
                        } else {
                            (cost - optimum_cost) / optimum_cost
                        },
                    },
                    Objective::Weighted(_) => Standing::ScoresLower {
                        score: reported_objective(policy, f, awards),
                        optimum_score: reported_objective(policy, f, &outcome.awards),
                        optimum_cost,
                    },
                },
            }
        }
        Status::TimeLimit => Standing::NotProven { best_cost: optimum_cost, bound: outcome.bound },
        status => Standing::NoOptimum { status },
    };
    Optimality { cost, standing }
}

fn sorted(awards: &[usize]) -> Vec<usize> {
    let mut v = awards.to_vec();
    v.sort_unstable();
    v
}

/// Needs awarded differently in `awards` and in the draw's allocation `draw`.
fn differs(world: &World, awards: &[usize], draw: &[usize]) -> Vec<String> {
    let mut out: Vec<String> =
        awards.iter().filter(|e| !draw.contains(e)).map(|&e| world.needs[world.estimates[e].need].id.clone()).collect();
    out.sort();
    out.dedup();
    out
}

/// What a result states about the solve that produced it, as recomputed from the optimum. A value of `None`
/// cannot be recomputed (it depends on when a time limit struck) and is not compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Claims {
    /// The status the result must state.
    pub status: Status,
    /// Whether the published draw ran.
    pub tiebreak_applied: bool,
    /// Needs whose award the published draw decided, ascending need index.
    pub tie_broken: Vec<usize>,
    /// The bound, when it can be recomputed.
    pub bound: Option<Option<f64>>,
    /// The gap, when it can be recomputed.
    pub gap: Option<Option<f64>>,
}

/// The claims a result must make about `awards`, given the optimum; `claimed` is the status the file states
/// (`allocation.csv` states none). `None` when the optimum does not settle them (optimality not checked, or the
/// solve itself was not proven).
pub fn claims(
    world: &World,
    awards: &[usize],
    optimality: &Optimality,
    best: Option<&Solved>,
    claimed: Option<Status>,
) -> Option<Claims> {
    let best = best?;
    let outcome = &best.outcome;
    match (&optimality.standing, claimed) {
        // A proven optimum: the result states what the solve states; the draw decided an award only where the
        // award is the draw's own choice.
        (Standing::Optimal { .. }, Some(Status::Optimal) | None) => Some(Claims {
            status: Status::Optimal,
            tiebreak_applied: outcome.tiebreak_applied,
            tie_broken: outcome
                .tie_broken
                .iter()
                .copied()
                .filter(|&n| awards.iter().any(|&e| world.estimates[e].need == n && outcome.awards.contains(&e)))
                .collect(),
            bound: Some(outcome.bound),
            gap: Some(outcome.gap),
        }),
        // Any other allocation can only come from a run stopped by its time limit, where no draw ran; its bound
        // and gap depend on when the limit struck.
        (Standing::Optimal { .. } | Standing::Costlier { .. } | Standing::ScoresLower { .. }, _)
        | (Standing::BeyondOptimum { .. }, _) => Some(Claims {
            status: Status::TimeLimit,
            tiebreak_applied: false,
            tie_broken: vec![],
            bound: None,
            gap: None,
        }),
        _ => None,
    }
}

/// Whether a bound a result states is a valid bound on the optimum `best` (a minimum cannot lie below it; a
/// maximum cannot lie above it), within the solve's rounding.
pub fn bound_is_valid(policy: &Policy, best: &Solved, bound: f64) -> bool {
    let Some(optimum) = best.outcome.objective else { return true };
    let slack = match policy.objective {
        Objective::Price => 0.005,
        Objective::Weighted(_) => 1e-6,
    };
    match best.formulation.sense {
        Sense::Minimise => bound <= optimum + slack,
        Sense::Maximise => bound >= optimum - slack,
    }
}

/// The formulation an allocation is scored in (for [`reported_objective`] without a solve).
pub fn formulation(world: &World, policy: &Policy) -> Formulation {
    model::build(world, policy, &crate::eligibility::assess(world, policy))
}
