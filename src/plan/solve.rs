//! Solving the plan's MIP ([`super::model`]) in stages, as `solve` does for an allocation: the optimum (contract
//! cost plus waiting cost), then reduced-cost fixing and the published draw among the optimal plans, each stage
//! ended by a deterministic criterion or by the whole run's wall clock; the plan is re-checked exactly
//! ([`super::check`]) and solved again with a tighter tolerance if HiGHS let a row slip.

use super::check::{check, PlanEntry, PlanViolation};
use super::model::{build, PlanInputs, PlanModel};
use crate::domain::{Objective, Policy, SolverSettings, World};
use crate::model::{ColumnKind, Formulation};
use crate::solve::{
    fixing, objective_row, relative_gap, round_to, run, tiebreak_objective, EndedBy, MipRequest, MipStatus, SolveError,
    Stage, StageName, Status, FAST_TOLERANCE, TIGHT_TOLERANCE,
};
use crate::summary::{GapUnit, ProvenGap};
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use std::path::Path;
use std::time::{Duration, Instant};

/// A solved plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanOutcome {
    /// Status, as for an allocation.
    pub status: Status,
    /// One entry per planned or committed need, by need.
    pub entries: Vec<PlanEntry>,
    /// Whether the draw decided among optimal plans.
    pub tiebreak_applied: bool,
    /// Objective: contract cost plus waiting cost (CAD, HiGHS's figure rounded to the cent).
    pub objective: Option<f64>,
    /// Best proven bound.
    pub bound: Option<f64>,
    /// Relative gap of the plan returned against the bound.
    pub gap: Option<f64>,
    /// What each stage did and what ended it.
    pub stages: Vec<Stage>,
    /// Wall time of every HiGHS run, seconds.
    pub seconds: f64,
}

impl PlanOutcome {
    /// A plan not proven optimal: its exact cost (`total`, contracts plus waiting) against the best bound HiGHS
    /// proved, in dollars rounded up to the cent and relative to the cost, as for an allocation
    /// ([`crate::summary::proven_gap`]).
    pub fn proven_within(&self, total: rust_decimal::Decimal) -> Option<ProvenGap> {
        use rust_decimal::prelude::FromPrimitive;
        if self.status == Status::Optimal || !self.status.has_allocation() {
            return None;
        }
        let bound = rust_decimal::Decimal::from_f64(self.bound?)?;
        Some(ProvenGap::between(total, bound, GapUnit::Cad, 2))
    }

    /// Whether every stage was ended by deterministic criteria.
    pub fn replayable(&self) -> bool {
        self.stages.iter().all(|s| s.ended_by.replayable())
    }
}

/// A plan and the model it was solved on.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The model.
    pub model: PlanModel,
    /// The outcome.
    pub outcome: PlanOutcome,
}

/// Errors of planning.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// HiGHS failed.
    #[error(transparent)]
    Solve(#[from] SolveError),
    /// A plan needs the price objective (waiting costs are in dollars).
    #[error("a plan minimises contract cost plus waiting cost in dollars: it needs `[objective] basis = \"price\"`")]
    NotPrice,
}

/// Above this many nonzeros, the plan's MIP is solved without HiGHS's presolve. Measured (benches/README.md): on
/// the decree example (107,000 nonzeros) presolve pays (1.3 % gap in 26 s, 107 s without); on a generated
/// 2,000-need, 24-month plan (1.7 million) its inequality strengthening ran past 100 s before the root LP, which
/// without presolve is solved in 19 s. A property of the model alone, so runs stay replayable.
pub const PRESOLVE_MAX_NONZEROS: usize = 500_000;

/// Whether HiGHS's presolve is worth running on a plan's MIP.
fn presolve_pays(f: &Formulation) -> bool {
    f.rows.iter().map(|r| r.terms.len()).sum::<usize>() <= PRESOLVE_MAX_NONZEROS
}

/// The entries of a column vector: each awarded estimate with its start period.
pub fn entries(world: &World, f: &Formulation, values: &[f64]) -> Vec<PlanEntry> {
    let mut out: Vec<PlanEntry> = Vec::new();
    let mut start_of = vec![None; world.needs.len()];
    for (col, &v) in f.columns.iter().zip(values) {
        if let ColumnKind::Scheduled { estimate, period } = col.kind {
            if v > 0.5 {
                start_of[world.estimates[estimate].need] = Some(period);
            }
        }
    }
    for e in f.awarded(values) {
        let need = world.estimates[e].need;
        out.push(PlanEntry { need, estimate: e, start: start_of[need] });
    }
    out.sort();
    out
}

/// Build and solve a plan.
pub fn plan(
    world: &World,
    policy: &Policy,
    inputs: &PlanInputs<'_>,
    write_model: Option<&Path>,
) -> Result<Planned, PlanError> {
    if !matches!(policy.objective, Objective::Price) {
        return Err(PlanError::NotPrice);
    }
    let model = build(world, policy, inputs);
    let started = Instant::now();
    let deadline = started.checked_add(Duration::from_secs_f64(policy.solver.time_limit_seconds.min(1e9)));
    let mut spent = 0.0;
    for tolerance in [FAST_TOLERANCE, TIGHT_TOLERANCE] {
        let mut outcome = solve_at(world, policy, inputs, &model, write_model, tolerance, deadline)?;
        spent += outcome.seconds;
        outcome.seconds = spent;
        let violations = if outcome.status.has_allocation() {
            check(world, policy, inputs, &model.placement, &model.limits, &outcome.entries)
        } else {
            vec![]
        };
        if violations.is_empty() {
            return Ok(Planned { model, outcome });
        }
        if tolerance == TIGHT_TOLERANCE {
            let v: Vec<String> = violations.iter().map(PlanViolation::to_string).collect();
            return Err(
                SolveError::Highs(format!("the plan HiGHS returned fails the exact check: {}", v.join("; "))).into()
            );
        }
    }
    unreachable!("the loop returns on its last tolerance")
}

fn solve_at(
    world: &World,
    policy: &Policy,
    inputs: &PlanInputs<'_>,
    model: &PlanModel,
    write_model: Option<&Path>,
    feasibility_tolerance: f64,
    deadline: Option<Instant>,
) -> Result<PlanOutcome, SolveError> {
    let f = &model.formulation;
    let mut objective_stage = Stage::new(StageName::Objective);
    let empty = |status, stages: Vec<Stage>, seconds| PlanOutcome {
        status,
        entries: vec![],
        tiebreak_applied: false,
        objective: None,
        bound: None,
        gap: None,
        stages,
        seconds,
    };
    if f.columns.is_empty() {
        return Ok(empty(Status::NoEligibleOffer, vec![objective_stage], 0.0));
    }
    let settings = &policy.solver;
    let presolve = presolve_pays(f);
    let mut start_stage = Stage::new(StageName::Start);
    let (start, start_runs) =
        crate::solve::start::from_relaxation(f, settings, feasibility_tolerance, deadline, presolve, |k| {
            matches!(k, ColumnKind::Scheduled { .. })
        })?;
    for r in &start_runs {
        start_stage.add(r);
    }
    let first = run(&MipRequest {
        write_model,
        deadline,
        presolve,
        start: start.as_deref(),
        ..MipRequest::new(f, settings, feasibility_tolerance)
    })?;
    objective_stage.add(&first);
    let bound = first.bound.map(|b| round_to(b, 2));
    let values = match (first.status, first.values) {
        (MipStatus::Infeasible, _) | (_, None) => {
            let status = if first.status == MipStatus::NoSolution { Status::NoSolution } else { Status::Infeasible };
            let seconds = start_stage.seconds + first.seconds;
            let mut out = empty(status, vec![start_stage, objective_stage], seconds);
            out.bound = bound;
            return Ok(out);
        }
        (_, Some(v)) => v,
    };
    let closed = matches!((first.objective, first.bound), (Some(o), Some(b)) if (o - b).abs() <= 0.005);
    if first.ended_by == EndedBy::GapTarget && closed {
        objective_stage.ended_by = EndedBy::Optimum;
    }
    let status = match (first.status, objective_stage.ended_by) {
        (MipStatus::Optimal, EndedBy::Optimum) => Status::Optimal,
        (_, EndedBy::WallClock) => Status::TimeLimit,
        _ => Status::WithinGap,
    };
    let stage1 = entries(world, f, &values);
    let cost = super::model::plan_cost(world, inputs, &stage1);
    let objective = round_to(cost.total().to_f64().unwrap_or(f64::NAN), 2);
    let target = objective;
    if status != Status::Optimal {
        return Ok(PlanOutcome {
            status,
            entries: stage1,
            tiebreak_applied: false,
            objective: Some(objective),
            bound,
            gap: bound.map(|b| round_to(relative_gap(objective, b), 6)),
            seconds: start_stage.seconds + first.seconds,
            stages: vec![start_stage, objective_stage],
        });
    }
    let (drawn, applied, stages) = draw(world, f, settings, feasibility_tolerance, deadline, target, &values)?;
    let mut all = vec![start_stage, objective_stage];
    all.extend(stages);
    let seconds = all.iter().map(|s| s.seconds).sum();
    Ok(PlanOutcome {
        status,
        entries: entries(world, f, drawn.as_deref().unwrap_or(&values)),
        tiebreak_applied: applied,
        objective: Some(objective),
        bound,
        gap: Some(0.0),
        stages: all,
        seconds,
    })
}

/// The drawn plan's column values (None: the stage-1 plan stands), whether the draw decided, and its stages.
type Drawn = (Option<Vec<f64>>, bool, Vec<Stage>);

/// The published draw among the optimal plans: columns no optimal plan uses are fixed from the LP's duals; when
/// every need is left one award and one start, the optimum is unique and nothing is drawn.
fn draw(
    world: &World,
    f: &Formulation,
    settings: &SolverSettings,
    feasibility_tolerance: f64,
    deadline: Option<Instant>,
    target: f64,
    stage1: &[f64],
) -> Result<Drawn, SolveError> {
    let settings = SolverSettings { mip_rel_gap: 0.0, ..settings.clone() };
    let mut fixing_stage = Stage::new(StageName::Fixing);
    let mut draw_stage = Stage::new(StageName::Draw);
    let tolerance = 0.005;
    let fixed_columns =
        fixing::fixed_columns(f, &settings, feasibility_tolerance, deadline, target, tolerance, &mut fixing_stage)?;
    // Unique when every need is left at most one award column and one start column.
    let mut zero = vec![false; f.columns.len()];
    for &(c, v) in &fixed_columns {
        zero[c] = v == 0.0;
    }
    let mut free = vec![(0u32, 0u32); world.needs.len()];
    for (c, col) in f.columns.iter().enumerate() {
        match col.kind {
            ColumnKind::Award { estimate } if !zero[c] => free[world.estimates[estimate].need].0 += 1,
            ColumnKind::Scheduled { estimate, .. } if !zero[c] => free[world.estimates[estimate].need].1 += 1,
            _ => {}
        }
    }
    let unique = free.iter().all(|&(a, x)| a <= 1 && x <= 1);
    if unique {
        return Ok((None, true, vec![fixing_stage, draw_stage]));
    }
    let hold = objective_row(f, target, tolerance);
    let objective = tiebreak_objective(f);
    let drawn = run(&MipRequest {
        presolve: presolve_pays(f),
        objective: &objective,
        extra_rows: std::slice::from_ref(&hold),
        start: Some(stage1),
        fixed: &fixed_columns,
        deadline,
        ..MipRequest::new(f, &settings, feasibility_tolerance)
    })?;
    draw_stage.add(&drawn);
    match (drawn.status, drawn.ended_by, drawn.values) {
        (MipStatus::Optimal, EndedBy::Optimum, Some(v)) => Ok((Some(v), true, vec![fixing_stage, draw_stage])),
        _ => Ok((None, false, vec![fixing_stage, draw_stage])),
    }
}
