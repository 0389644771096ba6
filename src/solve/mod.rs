//! Solves a [`Formulation`]: the optimum, then the published tie-break draw among the optimal allocations, then
//! which awards the draw decided; with pinned solver settings, an exact re-check of the allocation, and an honest
//! status (optimal, within a proven gap, stopped by the wall clock, infeasible).
//!
//! # Stages
//!
//! 0. **Start** ([`start`]), when the scenario accepts a gap: the LP relaxation, then the MIP restricted around it.
//!    When its solution is within the gap of the LP bound, stage 1 has nothing to prove and is not run.
//! 1. **Objective** ([`mip`]): HiGHS minimises the price (or maximises the weighted score) over the formulation,
//!    from the start when there is one. Under price with no gap accepted, the objective also carries the draw's
//!    ranks, below a cent ([`lexicographic`]): its proven optimum is the draw's allocation.
//! 2. **Fixing** ([`fixing`]): once the optimum `z*` is proven, the LP relaxation's duals `y` give, for any column
//!    `j`, the Lagrangian bound `L(y) + d_j ≤ c·x` for every allocation `x` with `x_j = 1` (`d = c − Aᵀy`).
//!    A column with `L(y) + d_j > z* + τ` is in no optimal allocation and is fixed to 0 (symmetrically to 1).
//!    The bound is weak duality for any `y`, so the fixing is exact whatever the LP's accuracy.
//! 3. **Draw** ([`draw`]): among the optimal allocations, the smallest sum of published ranks wins. Skipped when
//!    the fixing leaves every need a single column: the optimum is then unique and the draw has nothing to decide;
//!    not run on its own when stage 1 carried the ranks (under price).
//! 4. **Ties** ([`draw`]): a need is `tie_broken` when another optimal allocation gives it another offer. Every
//!    alternative optimum found marks at once all the needs it changes, starting with those stage 1 met on its
//!    way; a search that finds none proves the rest.
//!
//! Every stage is ended by a deterministic criterion (a proven optimum, the scenario's gap target or node budget)
//! or by the whole run's wall-clock limit, the safety net; a run the clock stopped is reported as not replayable.

pub mod draw;
pub mod fixing;
pub mod lexicographic;
pub mod mip;
pub mod start;

pub use mip::{
    highs_version, lp_name, run, write_model, EndedBy, MipRequest, MipRun, MipStatus, SolveError, FAST_TOLERANCE,
    TIGHT_TOLERANCE,
};

use crate::domain::{Objective, Policy, World};
use crate::eligibility::{self, Eligibility};
use crate::model::{self, Family, Formulation, Row, Sense};
use crate::verify::verify_awards;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::{Duration, Instant};

/// The overall status of a solved scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven optimal; ties decided by the published draw.
    Optimal,
    /// Stopped by a deterministic criterion (the scenario's gap target or node budget) with an allocation proven
    /// within the reported gap of the best possible one. Replayable.
    WithinGap,
    /// Stopped by the wall-clock limit with an allocation: it may not be the best (see gap and bound), and another
    /// run, on a faster or quieter machine, may give another one. Not replayable.
    TimeLimit,
    /// No allocation satisfies the policy.
    Infeasible,
    /// The limits passed before any allocation satisfying the policy was found.
    NoSolution,
    /// No need has an eligible estimate: there is nothing to award.
    NoEligibleOffer,
}

impl Status {
    /// True when an allocation was produced.
    pub fn has_allocation(self) -> bool {
        matches!(self, Status::Optimal | Status::WithinGap | Status::TimeLimit)
    }
}

/// A stage of the solve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageName {
    /// The optimisation of the objective.
    Objective,
    /// Reduced-cost fixing from the LP relaxation.
    Fixing,
    /// The published draw among optimal allocations.
    Draw,
    /// Which awards the draw decided.
    Ties,
    /// A solution to start from, when a gap is accepted (plans: always): the LP relaxation, then the MIP
    /// restricted around it ([`start`]).
    Start,
}

/// What a stage did and what ended it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    /// Which stage.
    pub stage: StageName,
    /// What ended it.
    pub ended_by: EndedBy,
    /// HiGHS runs.
    pub runs: u32,
    /// Branch-and-bound nodes, all runs (load-independent).
    pub nodes: u64,
    /// Simplex iterations, all runs (load-independent).
    pub lp_iterations: u64,
    /// Wall time, seconds (kept out of deterministic files: only `audit.json` carries it).
    pub seconds: f64,
}

impl Stage {
    pub(crate) fn new(stage: StageName) -> Self {
        Stage { stage, ended_by: EndedBy::Skipped, runs: 0, nodes: 0, lp_iterations: 0, seconds: 0.0 }
    }

    pub(crate) fn add(&mut self, run: &MipRun) {
        self.runs += 1;
        self.nodes += run.nodes;
        self.lp_iterations += run.lp_iterations;
        self.seconds += run.seconds;
        self.ended_by = run.ended_by;
    }
}

/// A solved scenario: the allocation and how it was obtained.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Status.
    pub status: Status,
    /// Awarded estimates, ascending (one per servable need when an allocation exists).
    pub awards: Vec<usize>,
    /// Needs whose award the draw decided: another allocation exists with the same objective and another offer.
    pub tie_broken: Vec<usize>,
    /// Whether the tie-break stage ran (it runs only after a proven optimum).
    pub tiebreak_applied: bool,
    /// Objective (formulation units: CAD for price, points for weighted).
    pub objective: Option<f64>,
    /// Best proven bound on the objective.
    pub bound: Option<f64>,
    /// Relative gap.
    pub gap: Option<f64>,
    /// What each stage did and what ended it.
    pub stages: Vec<Stage>,
    /// Total wall time of every HiGHS run, seconds.
    pub seconds: f64,
}

impl Outcome {
    /// Whether every stage was ended by deterministic criteria (the same inputs give the same outcome).
    pub fn replayable(&self) -> bool {
        self.stages.iter().all(|s| s.ended_by.replayable())
    }

    fn empty(status: Status, stages: Vec<Stage>, seconds: f64) -> Self {
        Outcome {
            status,
            awards: vec![],
            tie_broken: vec![],
            tiebreak_applied: false,
            objective: None,
            bound: None,
            gap: None,
            stages,
            seconds,
        }
    }
}

/// A world solved under a policy: everything later stages need.
#[derive(Debug, Clone)]
pub struct Solved {
    /// Eligibility of each estimate.
    pub eligibility: Eligibility,
    /// The MIP.
    pub formulation: Formulation,
    /// The result.
    pub outcome: Outcome,
}

/// The tolerance within which two objectives are the same: half a cent for price; 1e-9 points otherwise.
pub fn objective_tolerance(policy: &Policy) -> f64 {
    match policy.objective {
        Objective::Price => 0.005,
        Objective::Weighted(_) => 1e-9,
    }
}

/// The row that holds the objective at (or better than) `target`.
pub fn objective_row(f: &Formulation, target: f64, tolerance: f64) -> Row {
    let terms = f.objective.iter().enumerate().filter(|(_, &a)| a != 0.0).map(|(c, &a)| (c, a)).collect();
    let (lower, upper) = match f.sense {
        Sense::Minimise => (f64::NEG_INFINITY, target + tolerance),
        Sense::Maximise => (target - tolerance, f64::INFINITY),
    };
    Row { name: "tiebreak.objective".into(), family: Family::TiebreakObjective, terms, lower, upper }
}

/// Eligibility, formulation and staged solve of a world under a policy.
pub fn solve(world: &World, policy: &Policy, write_model: Option<&Path>) -> Result<Solved, SolveError> {
    let eligibility = eligibility::assess(world, policy);
    let formulation = model::build(world, policy, &eligibility);
    crate::memory::release_free();
    let outcome = solve_formulation(world, policy, &formulation, write_model)?;
    Ok(Solved { eligibility, formulation, outcome })
}

/// The optimum's value, for a figure every optimal allocation gives alike (the total price when the objective is
/// price: what a principle costs, a baseline): stages 0 and 1 only. The draw and the tie proofs are skipped, so
/// `awards` is an optimal allocation but not necessarily the published one (`tiebreak_applied` is false) and must
/// not be reported as an award.
pub fn solve_optimum(world: &World, policy: &Policy) -> Result<Solved, SolveError> {
    let eligibility = eligibility::assess(world, policy);
    let formulation = model::build(world, policy, &eligibility);
    let outcome = staged(world, policy, &formulation, None, Stages::OptimumOnly)?;
    Ok(Solved { eligibility, formulation, outcome })
}

/// Which stages a solve runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stages {
    /// Every stage: the optimum, the published draw and which awards it decided.
    All,
    /// The optimum only (stages 0 and 1).
    OptimumOnly,
}

/// The staged solve of a built formulation. The allocation is re-checked exactly ([`verify_awards`]); if HiGHS's
/// tolerance let a row slip, the solve is repeated with a tighter tolerance, and an allocation that still fails the
/// exact check is an error, never a result.
pub fn solve_formulation(
    world: &World,
    policy: &Policy,
    f: &Formulation,
    write_model: Option<&Path>,
) -> Result<Outcome, SolveError> {
    staged(world, policy, f, write_model, Stages::All)
}

fn staged(
    world: &World,
    policy: &Policy,
    f: &Formulation,
    write_model: Option<&Path>,
    stages: Stages,
) -> Result<Outcome, SolveError> {
    let started = Instant::now();
    let deadline = started.checked_add(Duration::from_secs_f64(policy.solver.time_limit_seconds.min(1e9)));
    let mut spent = 0.0;
    for tolerance in [FAST_TOLERANCE, TIGHT_TOLERANCE] {
        let mut outcome = solve_at(world, policy, f, write_model, tolerance, deadline, stages)?;
        spent += outcome.seconds;
        outcome.seconds = spent;
        let violations = verify_awards(world, policy, &outcome.awards);
        if !outcome.status.has_allocation() || violations.is_empty() {
            return Ok(outcome);
        }
        if tolerance == TIGHT_TOLERANCE {
            let v: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
            return Err(SolveError::Highs(format!(
                "the allocation HiGHS returned fails the exact check: {}",
                v.join("; ")
            )));
        }
    }
    unreachable!("the loop returns on its last tolerance")
}

fn solve_at(
    world: &World,
    policy: &Policy,
    f: &Formulation,
    write_model: Option<&Path>,
    feasibility_tolerance: f64,
    deadline: Option<Instant>,
    which: Stages,
) -> Result<Outcome, SolveError> {
    let mut objective_stage = Stage::new(StageName::Objective);
    if f.columns.is_empty() {
        return Ok(Outcome::empty(Status::NoEligibleOffer, vec![objective_stage], 0.0));
    }
    let settings = &policy.solver;
    let decimals = objective_decimals(policy);
    let mut stages = Vec::new();
    let mut start_values = None;
    let mut proven_by_start = None;
    if settings.mip_rel_gap > 0.0 {
        let mut start_stage = Stage::new(StageName::Start);
        let found = start::within_gap_of_relaxation(f, settings, feasibility_tolerance, deadline)?;
        for r in &found.runs {
            start_stage.add(r);
        }
        if let (Some(values), Some(lp_bound)) = (&found.values, found.lp_bound) {
            let objective: f64 = f.objective.iter().zip(values).map(|(c, v)| c * v).sum();
            if start::within_gap(objective, lp_bound, settings.mip_rel_gap, f.sense) {
                proven_by_start = Some(MipRun {
                    status: MipStatus::Optimal,
                    ended_by: EndedBy::GapTarget,
                    values: Some(values.clone()),
                    objective: Some(objective),
                    bound: Some(lp_bound),
                    gap: Some(relative_gap(objective, lp_bound)),
                    nodes: 0,
                    lp_iterations: 0,
                    seconds: 0.0,
                    seen: vec![],
                });
            }
        }
        start_values = found.values;
        stages.push(start_stage);
    }
    // The price and the draw in one search when the draw will follow a proven optimum ([`lexicographic`]).
    let lexicographic =
        (which == Stages::All && matches!(policy.objective, Objective::Price) && settings.mip_rel_gap == 0.0)
            .then(|| lexicographic::Lexicographic::new(world, f));
    let first = match proven_by_start {
        // The start is within the gap of the LP bound: the whole MIP has nothing to prove (its model is still
        // written when asked).
        Some(run) => {
            if let Some(path) = write_model {
                mip::write_model(&MipRequest::new(f, settings, feasibility_tolerance), path)?;
            }
            objective_stage.ended_by = EndedBy::GapTarget;
            run
        }
        None => {
            // The model written is the allocation's, in its own units (CAD for price), whatever objective the
            // search carries: the one an auditor re-solves with any solver.
            if let (Some(path), Some(_)) = (write_model, &lexicographic) {
                mip::write_model(&MipRequest::new(f, settings, feasibility_tolerance), path)?;
            }
            let mut first = run(&MipRequest {
                write_model: write_model.filter(|_| lexicographic.is_none()),
                deadline,
                start: start_values.as_deref(),
                objective: lexicographic.as_ref().map_or(&f.objective, |l| &l.objective),
                // The allocations met on the way that turn out optimal are ties found for free (stage 4).
                collect: which == Stages::All,
                ..MipRequest::new(f, settings, feasibility_tolerance)
            })?;
            if let Some(l) = &lexicographic {
                // `F`'s bound, back in CAD (the allocation's price is recomputed exactly below).
                first.bound = first.bound.map(|b| l.price_bound(b));
            }
            objective_stage.add(&first);
            first
        }
    };
    let bound = first.bound.map(|b| round_to(b, decimals));
    let values = match (first.status, first.values) {
        (MipStatus::Infeasible, _) | (_, None) => {
            let status = if first.status == MipStatus::NoSolution { Status::NoSolution } else { Status::Infeasible };
            stages.push(objective_stage);
            let seconds = stages.iter().map(|s| s.seconds).sum();
            let mut outcome = Outcome::empty(status, stages, seconds);
            outcome.bound = bound;
            return Ok(outcome);
        }
        (_, Some(v)) => v,
    };
    // A gap target reached with nothing left to close (below half a cent, or 1e-9 points) is a proven optimum.
    let closed =
        matches!((first.objective, first.bound), (Some(o), Some(b)) if (o - b).abs() <= objective_tolerance(policy));
    if first.ended_by == EndedBy::GapTarget && closed {
        objective_stage.ended_by = EndedBy::Optimum;
    }
    let status = match (first.status, objective_stage.ended_by) {
        (MipStatus::Optimal, EndedBy::Optimum) => Status::Optimal,
        (_, EndedBy::WallClock) => Status::TimeLimit,
        _ => Status::WithinGap,
    };
    let stage1_awards = f.awarded(&values);
    if status != Status::Optimal || which == Stages::OptimumOnly {
        let objective = round_to(f.objective_of(&stage1_awards), decimals);
        // The gap of the allocation returned, against the bound proven (never HiGHS's figure for another solution).
        let gap = match status {
            Status::Optimal => Some(0.0),
            _ => bound.map(|b| round_to(relative_gap(objective, b), 6)),
        };
        stages.push(objective_stage);
        return Ok(Outcome {
            status,
            objective: Some(objective),
            awards: stage1_awards,
            tie_broken: vec![],
            tiebreak_applied: false,
            bound,
            gap,
            seconds: stages.iter().map(|s| s.seconds).sum(),
            stages,
        });
    }
    // Stages 2–4: the published draw among the optimal allocations, and which awards it decided.
    let target = exact_objective(world, policy, f, &stage1_awards);
    let tie = draw::decide(
        world,
        f,
        &draw::DrawRequest {
            policy,
            settings,
            feasibility_tolerance,
            deadline,
            target,
            tolerance: objective_tolerance(policy),
            stage1_values: &values,
            seen: &first.seen,
            drawn: lexicographic.is_some(),
        },
    )?;
    stages.push(objective_stage);
    stages.extend(tie.stages);
    let seconds = stages.iter().map(|s| s.seconds).sum();
    Ok(Outcome {
        status,
        objective: Some(round_to(f.objective_of(&tie.awards), decimals)),
        awards: tie.awards,
        tie_broken: tie.tie_broken,
        tiebreak_applied: tie.applied,
        bound,
        gap: Some(0.0),
        seconds,
        stages,
    })
}

pub(crate) fn relative_gap(objective: f64, bound: f64) -> f64 {
    let denom = objective.abs().max(1e-9);
    (objective - bound).abs() / denom
}

/// Stage 2's objective: the stage-1 objective plus the draw's rank, weighted by [`DRAW_WEIGHT`] and signed to
/// count against the allocation. Under the `tiebreak.objective` row every feasible allocation has the optimal
/// stage-1 objective, so this orders them by the draw alone (lexicographic), while keeping the stage-1 objective
/// in the LP relaxation makes HiGHS's bounds as strong as in stage 1 (a pure draw objective is far slower).
pub fn tiebreak_objective(f: &Formulation) -> Vec<f64> {
    let sign = match f.sense {
        Sense::Minimise => 1.0,
        Sense::Maximise => -1.0,
    };
    f.objective.iter().zip(&f.tiebreak).map(|(&c, &r)| c + sign * DRAW_WEIGHT * r).collect()
}

/// Weight of a draw rank in stage 2's objective, in objective units (one dollar, or one point).
pub const DRAW_WEIGHT: f64 = 1.0;

/// Decimals worth reporting for the objective: cents for price, 6 for weighted points.
fn objective_decimals(policy: &Policy) -> i32 {
    match policy.objective {
        Objective::Price => 2,
        Objective::Weighted(_) => 6,
    }
}

/// Round HiGHS's floating figures (bound, gap) to what is meaningful, so that reports do not carry the last bits
/// of a search path (which depend on the thread count) and stay byte-identical.
pub(crate) fn round_to(x: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    let r = (x * k).round() / k;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// The objective of an allocation computed from exact prices where the objective is price.
fn exact_objective(world: &World, policy: &Policy, f: &Formulation, awards: &[usize]) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    match policy.objective {
        Objective::Price => {
            awards.iter().map(|&e| world.estimates[e].price).sum::<rust_decimal::Decimal>().to_f64().unwrap_or(f64::NAN)
        }
        Objective::Weighted(_) => f.objective_of(awards),
    }
}
