//! Solves a [`Formulation`] with HiGHS through good_lp, in two stages (objective, then the published tie-break
//! draw), with pinned solver settings, and reports the status honestly: optimal, feasible at the time limit (with
//! bound and gap), infeasible, or no solution found in time.

use crate::domain::{Objective, Policy, SolverSettings, World};
use crate::eligibility::{self, Eligibility};
use crate::model::{self, Family, Formulation, Row, Sense};
use crate::verify::verify_awards;
use good_lp::{constraint, variable, Expression, ProblemVariables, SolverModel, Variable};
use highs::{HighsModelStatus, HighsSolutionStatus};
use serde::Serialize;
use std::ffi::CString;
use std::path::Path;
use std::time::Instant;

/// Why a solve could not run at all (distinct from an infeasible policy, which is an outcome).
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    /// HiGHS refused an option, the model, or failed internally.
    #[error("HiGHS failed: {0}")]
    Highs(String),
    /// Writing the model file failed.
    #[error("could not write the model to {path}: HiGHS status {status}")]
    WriteModel {
        /// Target path.
        path: String,
        /// HiGHS return code.
        status: i32,
    },
}

/// Status of one MIP run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MipStatus {
    /// Proven optimal (within the configured gap).
    Optimal,
    /// Stopped at the time limit with a feasible solution.
    TimeLimit,
    /// Stopped at the time limit without any feasible solution.
    NoSolution,
    /// No solution satisfies the rows.
    Infeasible,
}

/// What one HiGHS run returned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MipRun {
    /// Status.
    pub status: MipStatus,
    /// Column values (present for Optimal and TimeLimit).
    pub values: Option<Vec<f64>>,
    /// Objective of the returned solution.
    pub objective: Option<f64>,
    /// Best bound proven.
    pub bound: Option<f64>,
    /// Relative gap between objective and bound.
    pub gap: Option<f64>,
    /// Wall time in seconds.
    pub seconds: f64,
}

/// A request for one HiGHS run over a formulation's columns and rows plus extra rows.
pub struct MipRequest<'a> {
    /// The formulation.
    pub formulation: &'a Formulation,
    /// Objective coefficient per column.
    pub objective: &'a [f64],
    /// Direction.
    pub sense: Sense,
    /// Rows added after the formulation's own.
    pub extra_rows: &'a [Row],
    /// Solver settings.
    pub settings: &'a SolverSettings,
    /// A starting solution (ignored by HiGHS when infeasible).
    pub start: Option<&'a [f64]>,
    /// Write the exact model (MPS or LP, by extension) before solving.
    pub write_model: Option<&'a Path>,
    /// HiGHS's primal and MIP feasibility tolerance.
    pub feasibility_tolerance: f64,
}

/// The feasibility tolerance of a first attempt; HiGHS's default (1e-6) lets share rows slip, 1e-9 is slow.
pub const FAST_TOLERANCE: f64 = 1e-7;
/// The tolerance of the retry when the exact check rejects a first attempt's allocation.
pub const TIGHT_TOLERANCE: f64 = 1e-9;

fn highs_err(what: &str, e: impl std::fmt::Debug) -> SolveError {
    SolveError::Highs(format!("{what}: {e:?}"))
}

/// A name HiGHS accepts in an MPS file: no whitespace.
fn c_name(name: &str) -> CString {
    let clean: String = name.chars().map(|c| if c.is_whitespace() || c == '\0' { '_' } else { c }).collect();
    CString::new(clean).unwrap_or_default()
}

/// A name legal in the LP file format, which forbids `[`, `]`, `=` and `-` among others: `need[N-0412]` becomes
/// `need(N_0412)`, `spread.max_share[provider=NIMBUS]` becomes `spread.max_share(provider.NIMBUS)`. (MPS files keep
/// names exactly.) Should two names collide, HiGHS falls back to generic names rather than write a wrong file.
pub fn lp_name(name: &str) -> String {
    const LEGAL: &str = "!\"#$%&(),.;?@_{}~";
    name.chars()
        .map(|c| match c {
            '[' => '(',
            ']' => ')',
            '=' => '.',
            c if c.is_ascii_alphanumeric() || LEGAL.contains(c) => c,
            _ => '_',
        })
        .collect()
}

fn set_option<V: highs::HighsOptionValue>(model: &mut highs::Model, name: &str, value: V) -> Result<(), SolveError> {
    model.try_set_option(name, value).map_err(|e| highs_err(&format!("setting option {name}"), e))
}

fn expression(terms: &[(usize, f64)], vars: &[Variable]) -> Expression {
    let mut expr = Expression::with_capacity(terms.len());
    for &(c, a) in terms {
        expr.add_mul(a, vars[c]);
    }
    expr
}

/// Run HiGHS once.
pub fn run(req: &MipRequest<'_>) -> Result<MipRun, SolveError> {
    let f = req.formulation;
    let started = Instant::now();
    let mut problem = ProblemVariables::new();
    let vars: Vec<Variable> = f
        .columns
        .iter()
        .map(|c| match c.kind {
            model::ColumnKind::Slack { .. } => problem.add(variable().min(0.0)),
            _ => problem.add(variable().binary()),
        })
        .collect();
    let mut obj = Expression::with_capacity(vars.len());
    for (c, &a) in req.objective.iter().enumerate() {
        if a != 0.0 {
            obj.add_mul(a, vars[c]);
        }
    }
    let unsolved = match req.sense {
        Sense::Minimise => problem.minimise(obj),
        Sense::Maximise => problem.maximise(obj),
    };
    let mut lp = unsolved.using(good_lp::solvers::highs::highs);
    let rows: Vec<&Row> = f.rows.iter().chain(req.extra_rows.iter()).collect();
    for row in &rows {
        let expr = expression(&row.terms, &vars);
        // One constraint per row keeps HiGHS's row order equal to ours, so names line up.
        let c = if row.lower == row.upper {
            constraint::eq(expr, row.upper)
        } else if row.lower.is_finite() {
            constraint::geq(expr, row.lower)
        } else {
            constraint::leq(expr, row.upper)
        };
        lp = lp.with(c);
    }
    let mut model = lp.try_into_inner().map_err(|e| highs_err("building the model", e))?;
    let s = req.settings;
    set_option(&mut model, "output_flag", false)?;
    set_option(&mut model, "threads", s.threads as i32)?;
    set_option(&mut model, "random_seed", s.random_seed)?;
    set_option(&mut model, "time_limit", s.time_limit_seconds)?;
    set_option(&mut model, "mip_rel_gap", s.mip_rel_gap)?;
    set_option(&mut model, "mip_feasibility_tolerance", req.feasibility_tolerance)?;
    set_option(&mut model, "primal_feasibility_tolerance", req.feasibility_tolerance)?;
    if let Some(start) = req.start {
        model.set_solution(Some(start), None, None, None);
    }
    if let Some(path) = req.write_model {
        let lp_format = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("lp"));
        let name_of = |n: &str| if lp_format { c_name(&lp_name(n)) } else { c_name(n) };
        let ptr = model.as_mut_ptr();
        for (i, col) in f.columns.iter().enumerate() {
            let name = name_of(&col.name);
            // SAFETY: `ptr` is a live Highs instance owned by `model`; index is within the column count.
            unsafe { highs_sys::Highs_passColName(ptr, i as _, name.as_ptr()) };
        }
        for (i, row) in rows.iter().enumerate() {
            let name = name_of(&row.name);
            // SAFETY: as above, for rows.
            unsafe { highs_sys::Highs_passRowName(ptr, i as _, name.as_ptr()) };
        }
        let file = c_name(&path.to_string_lossy());
        // SAFETY: as above; HiGHS writes the file and returns a status code.
        let status = unsafe { highs_sys::Highs_writeModel(ptr, file.as_ptr()) };
        // 0 is ok, 1 a warning (HiGHS still writes the file), anything else an error.
        if status != 0 && status != 1 {
            return Err(SolveError::WriteModel { path: path.display().to_string(), status: status as i32 });
        }
    }
    let solved = model.try_solve().map_err(|e| highs_err("solving", e))?;
    let seconds = started.elapsed().as_secs_f64();
    let has_solution = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let status = match solved.status() {
        HighsModelStatus::Optimal => MipStatus::Optimal,
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => MipStatus::Infeasible,
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ObjectiveBound
        | HighsModelStatus::ObjectiveTarget
        | HighsModelStatus::Unknown => {
            if has_solution {
                MipStatus::TimeLimit
            } else {
                MipStatus::NoSolution
            }
        }
        other => return Err(highs_err("HiGHS stopped with status", other)),
    };
    if !has_solution || status == MipStatus::Infeasible {
        return Ok(MipRun { status, values: None, objective: None, bound: None, gap: None, seconds });
    }
    // Binaries are rounded (HiGHS returns them within its tolerance of 0 or 1); slacks are continuous.
    let values: Vec<f64> = solved
        .get_solution()
        .columns()
        .iter()
        .zip(&f.columns)
        .map(|(&v, c)| if matches!(c.kind, model::ColumnKind::Slack { .. }) { v } else { v.round() })
        .collect();
    let objective = solved.objective_value();
    let bound = solved.double_info_value(c"mip_dual_bound").ok();
    let gap = Some(solved.mip_gap()).filter(|g| g.is_finite());
    Ok(MipRun { status, values: Some(values), objective: Some(objective), bound, gap, seconds })
}

/// The overall status of a solved scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven optimal; ties decided by the published draw.
    Optimal,
    /// Feasible at the time limit: the allocation may not be the best (see gap and bound).
    TimeLimit,
    /// No allocation satisfies the policy.
    Infeasible,
    /// The time limit passed before any allocation satisfying the policy was found.
    NoSolution,
    /// No need has an eligible estimate: there is nothing to award.
    NoEligibleOffer,
}

impl Status {
    /// True when an allocation was produced.
    pub fn has_allocation(self) -> bool {
        matches!(self, Status::Optimal | Status::TimeLimit)
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
    /// Total wall time of every HiGHS run, seconds.
    pub seconds: f64,
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
fn objective_tolerance(policy: &Policy) -> f64 {
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

/// Eligibility, formulation and two-stage solve of a world under a policy.
pub fn solve(world: &World, policy: &Policy, write_model: Option<&Path>) -> Result<Solved, SolveError> {
    let eligibility = eligibility::assess(world, policy);
    let formulation = model::build(world, policy, &eligibility);
    let outcome = solve_formulation(world, policy, &formulation, write_model)?;
    Ok(Solved { eligibility, formulation, outcome })
}

/// The two-stage solve of a built formulation. The allocation is re-checked exactly ([`verify_awards`]); if HiGHS's
/// tolerance let a row slip, the solve is repeated with a tighter tolerance, and an allocation that still fails the
/// exact check is an error, never a result.
pub fn solve_formulation(
    world: &World,
    policy: &Policy,
    f: &Formulation,
    write_model: Option<&Path>,
) -> Result<Outcome, SolveError> {
    let mut spent = 0.0;
    for tolerance in [FAST_TOLERANCE, TIGHT_TOLERANCE] {
        let mut outcome = solve_at(world, policy, f, write_model, tolerance)?;
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
) -> Result<Outcome, SolveError> {
    if f.columns.is_empty() {
        return Ok(Outcome {
            status: Status::NoEligibleOffer,
            awards: vec![],
            tie_broken: vec![],
            tiebreak_applied: false,
            objective: None,
            bound: None,
            gap: None,
            seconds: 0.0,
        });
    }
    let settings = &policy.solver;
    let first = run(&MipRequest {
        formulation: f,
        objective: &f.objective,
        sense: f.sense,
        extra_rows: &[],
        settings,
        start: None,
        write_model,
        feasibility_tolerance,
    })?;
    let mut seconds = first.seconds;
    let (status, values) = match (first.status, first.values) {
        (MipStatus::Infeasible, _) | (_, None) => {
            let status = if first.status == MipStatus::NoSolution { Status::NoSolution } else { Status::Infeasible };
            return Ok(Outcome {
                status,
                awards: vec![],
                tie_broken: vec![],
                tiebreak_applied: false,
                objective: None,
                bound: first.bound.map(|b| round_to(b, objective_decimals(policy))),
                gap: None,
                seconds,
            });
        }
        (MipStatus::Optimal, Some(v)) => (Status::Optimal, v),
        (_, Some(v)) => (Status::TimeLimit, v),
    };
    if status != Status::Optimal {
        let awards = f.awarded(&values);
        return Ok(Outcome {
            status,
            objective: Some(round_to(f.objective_of(&awards), objective_decimals(policy))),
            awards,
            tie_broken: vec![],
            tiebreak_applied: false,
            bound: first.bound.map(|b| round_to(b, objective_decimals(policy))),
            gap: first.gap.map(|g| round_to(g, 6)),
            seconds,
        });
    }
    // Stage 2: the objective held at its optimum, the draw decides among equals.
    let stage1_awards = f.awarded(&values);
    let target = exact_objective(world, policy, f, &stage1_awards);
    let tol = objective_tolerance(policy);
    let hold = [objective_row(f, target, tol)];
    let objective = tiebreak_objective(f);
    let second = run(&MipRequest {
        formulation: f,
        objective: &objective,
        sense: f.sense,
        extra_rows: &hold,
        settings,
        start: Some(&values),
        write_model: None,
        feasibility_tolerance,
    })?;
    seconds += second.seconds;
    let (awards, tiebreak_applied) = match (second.status, second.values) {
        (MipStatus::Optimal, Some(v)) => (f.awarded(&v), true),
        // The draw could not be completed in time: keep the first optimum, and say so.
        _ => (stage1_awards, false),
    };
    let (tie_broken, more) = if tiebreak_applied {
        tied_needs(world, policy, f, &awards, &hold, feasibility_tolerance)?
    } else {
        (vec![], 0.0)
    };
    seconds += more;
    Ok(Outcome {
        status,
        objective: Some(round_to(f.objective_of(&awards), objective_decimals(policy))),
        awards,
        tie_broken,
        tiebreak_applied,
        bound: first.bound.map(|b| round_to(b, objective_decimals(policy))),
        gap: first.gap.map(|g| round_to(g, 6)),
        seconds,
    })
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
fn round_to(x: f64, decimals: i32) -> f64 {
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

/// Needs where another offer with the same objective coefficient could have been awarded without worsening the
/// objective: for each candidate, a feasibility solve with the winner forbidden and the objective held.
fn tied_needs(
    world: &World,
    policy: &Policy,
    f: &Formulation,
    awards: &[usize],
    hold: &[Row],
    feasibility_tolerance: f64,
) -> Result<(Vec<usize>, f64), SolveError> {
    let tol = objective_tolerance(policy);
    let zero = vec![0.0; f.columns.len()];
    let mut tied = Vec::new();
    let mut seconds = 0.0;
    for &e in awards {
        let Some(c) = f.column_of[e] else { continue };
        let need = world.estimates[e].need;
        let rivals_equal = f.columns.iter().enumerate().any(|(c2, col)| match col.kind {
            model::ColumnKind::Award { estimate } => {
                estimate != e
                    && world.estimates[estimate].need == need
                    && (f.objective[c2] - f.objective[c]).abs() <= tol
            }
            _ => false,
        });
        if !rivals_equal {
            continue;
        }
        let mut rows = hold.to_vec();
        rows.push(Row {
            name: format!("tiebreak.forbid[{}]", f.columns[c].name),
            family: Family::TiebreakObjective,
            terms: vec![(c, 1.0)],
            lower: f64::NEG_INFINITY,
            upper: 0.0,
        });
        let run = run(&MipRequest {
            formulation: f,
            objective: &zero,
            sense: Sense::Minimise,
            extra_rows: &rows,
            settings: &policy.solver,
            start: None,
            write_model: None,
            feasibility_tolerance,
        })?;
        seconds += run.seconds;
        if run.values.is_some() {
            tied.push(need);
        }
    }
    tied.sort_unstable();
    Ok((tied, seconds))
}

/// HiGHS's version, for audit records.
pub fn highs_version() -> String {
    // SAFETY: Highs_version returns a pointer to a static NUL-terminated string.
    unsafe { std::ffi::CStr::from_ptr(highs_sys::Highs_version()) }.to_string_lossy().into_owned()
}
