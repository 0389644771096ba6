//! One HiGHS run over a [`Formulation`]: the columns and rows handed to HiGHS column-wise through the `highs`
//! crate, the settings pinned (threads, seed, tolerances), the limits that end a run (proven optimum, the
//! scenario's gap target, its deterministic node budget, and the whole run's wall-clock deadline as a safety net),
//! and what came back (status, values, bound, gap, nodes and LP iterations: work counts that do not depend on the
//! machine's load).

use crate::domain::SolverSettings;
use crate::model::{ColumnKind, Formulation, Row, Sense};
use highs::{HighsModelStatus, HighsSolutionStatus};
use serde::{Deserialize, Serialize};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MipStatus {
    /// Proven optimal (within the configured gap).
    Optimal,
    /// Stopped by a limit (node budget, gap target, or the wall clock) with a feasible solution.
    TimeLimit,
    /// Stopped by a limit without any feasible solution.
    NoSolution,
    /// No solution satisfies the rows.
    Infeasible,
}

/// What ended a run: the deterministic criteria first, the wall clock last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndedBy {
    /// The optimum was proven (gap 0 to the cent or the point).
    Optimum,
    /// Infeasibility was proven.
    Infeasibility,
    /// The scenario's gap target (`mip_rel_gap`) was reached: deterministic.
    GapTarget,
    /// The scenario's node budget (`node_limit`) was spent: deterministic.
    NodeBudget,
    /// A search asked to stop at its first improving solution found one: deterministic.
    FirstImprovement,
    /// Not run: a proof showed it was not needed.
    Skipped,
    /// Not run on its own: decided by the objective's proven optimum, whose objective carried the draw's ranks
    /// below a cent ([`super::lexicographic`]).
    WithObjective,
    /// The wall-clock safety net: the result depends on the machine's speed and load, and is not replayable.
    WallClock,
}

impl EndedBy {
    /// Whether the run's end is decided by deterministic criteria only.
    pub fn replayable(self) -> bool {
        self != EndedBy::WallClock
    }
}

/// What one HiGHS run returned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MipRun {
    /// Status.
    pub status: MipStatus,
    /// What ended the run.
    pub ended_by: EndedBy,
    /// Column values (present for Optimal and TimeLimit).
    pub values: Option<Vec<f64>>,
    /// Objective of the returned solution.
    pub objective: Option<f64>,
    /// Best bound proven.
    pub bound: Option<f64>,
    /// Relative gap between objective and bound.
    pub gap: Option<f64>,
    /// Branch-and-bound nodes (load-independent work).
    pub nodes: u64,
    /// Simplex iterations, all LPs of the run (load-independent work).
    pub lp_iterations: u64,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Every allocation HiGHS met on the way (its feasible solutions, improving or not: awarded estimates,
    /// ascending), each once and in lexicographic order, when the request asked for them ([`MipRequest::collect`]).
    pub seen: Vec<Vec<usize>>,
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
    /// Columns fixed to a value (0 or 1) for this run, by ascending column.
    pub fixed: &'a [(usize, f64)],
    /// The whole run's wall-clock deadline (the safety net shared by every stage), if any.
    pub deadline: Option<Instant>,
    /// Stop at the first solution better than `start` (used to find alternative optima).
    pub first_improvement: bool,
    /// Solve the LP relaxation only (binaries relaxed to [0, 1]); duals are then available in [`LpRun`].
    pub relaxation: bool,
    /// Run HiGHS's presolve (the default). Off for very large plans, where its inequality strengthening alone
    /// outlasts the root LP (see `crate::plan::solve`).
    pub presolve: bool,
    /// Stop at the first solution whose objective is better than this (minimising: below it), a target derived
    /// from a bound proven beforehand; the run is then ended by [`EndedBy::GapTarget`] (deterministic).
    pub objective_target: Option<f64>,
    /// Keep every allocation HiGHS finds on the way ([`MipRun::seen`]): alternative optima for the tie proofs. It
    /// observes only (a callback that HiGHS calls on each feasible solution); the search is the same.
    pub collect: bool,
}

impl<'a> MipRequest<'a> {
    /// A request for the formulation's own objective and rows, with every option at its default.
    pub fn new(formulation: &'a Formulation, settings: &'a SolverSettings, feasibility_tolerance: f64) -> Self {
        MipRequest {
            formulation,
            objective: &formulation.objective,
            sense: formulation.sense,
            extra_rows: &[],
            settings,
            start: None,
            write_model: None,
            feasibility_tolerance,
            fixed: &[],
            deadline: None,
            first_improvement: false,
            relaxation: false,
            presolve: true,
            objective_target: None,
            collect: false,
        }
    }
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

/// The seconds left before a deadline (None: no deadline), or None when it has passed.
fn seconds_left(settings: &SolverSettings, deadline: Option<Instant>) -> Option<f64> {
    match deadline {
        None => Some(settings.time_limit_seconds),
        Some(d) => {
            let left = d.saturating_duration_since(Instant::now()).as_secs_f64();
            (left > 0.0).then_some(left.min(settings.time_limit_seconds))
        }
    }
}

/// The HiGHS model of a request, and the formulation's column of each of its columns: a column fixed to 0 is left
/// out (with 40 offers per need, a restricted MIP keeps 15,000 of 354,000 columns), one fixed to 1 is kept with
/// both bounds at 1.
struct Built {
    model: highs::Model,
    kept: Vec<usize>,
}

/// Build the HiGHS model for a request, column-wise: the matrix is counted, then filled in place (each column's
/// entries in row order) and passed to HiGHS in one call. (Built column by column through `highs::ColProblem`, the
/// per-column vectors and the problem's growing arrays took twice the matrix's memory at 40 offers per need.)
fn build(req: &MipRequest<'_>) -> Result<Built, SolveError> {
    let f = req.formulation;
    let rows: Vec<&Row> = f.rows.iter().chain(req.extra_rows.iter()).collect();
    let mut fixed_at: Vec<Option<f64>> = vec![None; f.columns.len()];
    for &(c, v) in req.fixed {
        fixed_at[c] = Some(v);
    }
    // The HiGHS index of each formulation column (None: fixed to 0, left out).
    let mut index: Vec<Option<usize>> = vec![None; f.columns.len()];
    let mut kept = Vec::with_capacity(f.columns.len());
    for c in 0..f.columns.len() {
        if fixed_at[c] != Some(0.0) {
            index[c] = Some(kept.len());
            kept.push(c);
        }
    }
    let too_large = |what: &str| SolveError::Highs(format!("the model has too many {what} for HiGHS"));
    let int = |n: usize, what: &str| highs_sys::HighsInt::try_from(n).map_err(|_| too_large(what));
    // Column starts from the count of each column's entries, then the entries in row order.
    let mut start = vec![0usize; kept.len() + 1];
    for row in &rows {
        for &(c, _) in &row.terms {
            if let Some(k) = index[c] {
                start[k + 1] += 1;
            }
        }
    }
    for k in 0..kept.len() {
        start[k + 1] += start[k];
    }
    let nonzeros = start[kept.len()];
    let mut next = start.clone();
    let mut a_index: Vec<highs_sys::HighsInt> = vec![0; nonzeros];
    let mut a_value = vec![0.0; nonzeros];
    for (i, row) in rows.iter().enumerate() {
        let i = int(i, "rows")?;
        for &(c, a) in &row.terms {
            if let Some(k) = index[c] {
                a_index[next[k]] = i;
                a_value[next[k]] = a;
                next[k] += 1;
            }
        }
    }
    drop(next);
    let a_start = start[..kept.len()].iter().map(|&s| int(s, "nonzeros")).collect::<Result<Vec<_>, _>>()?;
    drop(start);
    let cost: Vec<f64> = kept.iter().map(|&c| req.objective[c]).collect();
    let (col_lower, col_upper): (Vec<f64>, Vec<f64>) = kept
        .iter()
        .map(|&c| match fixed_at[c] {
            Some(v) => (v, v),
            None => f.columns[c].solver_bounds(),
        })
        .unzip();
    let row_lower: Vec<f64> = rows.iter().map(|r| r.lower).collect();
    let row_upper: Vec<f64> = rows.iter().map(|r| r.upper).collect();
    let integrality: Vec<highs_sys::HighsInt> =
        kept.iter().map(|&c| (!req.relaxation && f.columns[c].kind.is_integer()) as highs_sys::HighsInt).collect();
    let (num_col, num_row, num_nz) =
        (int(kept.len(), "columns")?, int(rows.len(), "rows")?, int(nonzeros, "nonzeros")?);
    let sense = match req.sense {
        Sense::Minimise => highs_sys::OBJECTIVE_SENSE_MINIMIZE,
        Sense::Maximise => highs_sys::OBJECTIVE_SENSE_MAXIMIZE,
    };
    let mut model = highs::Model::try_new(highs::ColProblem::new()).map_err(|e| highs_err("creating the model", e))?;
    // No integrality array for a model without integer columns: HiGHS then takes it as an LP (as `Highs_passLp`).
    let integrality_ptr = if integrality.iter().any(|&i| i != 0) { integrality.as_ptr() } else { std::ptr::null() };
    // SAFETY: `model` owns a live Highs instance; every array has the length HiGHS expects for the counts passed
    // (columns: cost, bounds, starts, integrality; rows: bounds; nonzeros: indices and values), and HiGHS copies
    // them before returning.
    let status = unsafe {
        highs_sys::Highs_passMip(
            model.as_mut_ptr(),
            num_col,
            num_row,
            num_nz,
            highs_sys::MATRIX_FORMAT_COLUMN_WISE,
            sense,
            0.0,
            cost.as_ptr(),
            col_lower.as_ptr(),
            col_upper.as_ptr(),
            row_lower.as_ptr(),
            row_upper.as_ptr(),
            a_start.as_ptr(),
            a_index.as_ptr(),
            a_value.as_ptr(),
            integrality_ptr,
        )
    };
    // 0 is ok, 1 a warning (HiGHS took the model), anything else an error.
    if status != 0 && status != 1 {
        return Err(SolveError::Highs(format!("HiGHS refused the model (status {status})")));
    }
    Ok(Built { model, kept })
}

fn configure(built: &mut Built, req: &MipRequest<'_>, time_limit: f64) -> Result<(), SolveError> {
    let model = &mut built.model;
    let s = req.settings;
    // HiGHS's own log on the console, for benchmarks and investigations only (never changes a result).
    let log = std::env::var_os("COURTIER_HIGHS_LOG").is_some();
    set_option(model, "output_flag", log)?;
    set_option(model, "log_to_console", log)?;
    if !req.presolve {
        set_option(model, "presolve", "off")?;
    }
    pin_scheduler(s.threads);
    set_option(model, "threads", s.threads as i32)?;
    set_option(model, "random_seed", s.random_seed)?;
    set_option(model, "time_limit", time_limit)?;
    set_option(model, "mip_rel_gap", s.mip_rel_gap)?;
    set_option(model, "mip_feasibility_tolerance", req.feasibility_tolerance)?;
    set_option(model, "primal_feasibility_tolerance", req.feasibility_tolerance)?;
    if let Some(nodes) = s.node_limit {
        set_option(model, "mip_max_nodes", i32::try_from(nodes).unwrap_or(i32::MAX))?;
    }
    if req.first_improvement {
        set_option(model, "mip_max_improving_sols", 1)?;
    }
    if let Some(target) = req.objective_target {
        set_option(model, "objective_target", target)?;
    }
    if let Some(start) = req.start {
        let start: Vec<f64> = built.kept.iter().map(|&c| start[c]).collect();
        model.try_set_solution(Some(&start), None, None, None).map_err(|e| highs_err("passing the start", e))?;
    }
    Ok(())
}

thread_local! {
    /// The thread count of the last HiGHS run on this OS thread.
    static SCHEDULER_THREADS: std::cell::Cell<Option<u32>> = const { std::cell::Cell::new(None) };
}

/// HiGHS keeps one task scheduler per OS thread, sized by the first run on it; a later run asking another thread
/// count fails with a bare error (a scenario with `threads = 2` solved on the main thread, then a feasibility
/// check with one thread there, was reported as infeasible). Reset this thread's scheduler when the count
/// changes; the schedulers of other threads are untouched.
fn pin_scheduler(threads: u32) {
    SCHEDULER_THREADS.with(|last| {
        if last.get().is_some_and(|n| n != threads) {
            // SAFETY: resets the calling thread's HiGHS scheduler (thread-local in HiGHS); no HiGHS run is in
            // progress on this thread (runs are synchronous and this is called before configuring one).
            unsafe { highs_sys::Highs_resetGlobalScheduler(1) };
        }
        last.set(Some(threads));
    });
}

fn write_model_file(built: &mut Built, f: &Formulation, rows: &[&Row], path: &Path) -> Result<(), SolveError> {
    let lp_format = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("lp"));
    let name_of = |n: &str| if lp_format { c_name(&lp_name(n)) } else { c_name(n) };
    let ptr = built.model.as_mut_ptr();
    for (i, &c) in built.kept.iter().enumerate() {
        let name = name_of(&f.column_name(c));
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
    Ok(())
}

fn int64_info(model: &highs::SolvedModel, name: &std::ffi::CStr) -> u64 {
    let mut value: i64 = 0;
    // SAFETY: the pointer is a live Highs instance; `name` is NUL-terminated; HiGHS writes one int64.
    let status =
        unsafe { highs_sys::Highs_getInt64InfoValue(model.as_ptr() as *mut _, name.as_ptr(), &mut value as *mut i64) };
    if status == 0 {
        value.max(0) as u64
    } else {
        0
    }
}

fn int_info(model: &highs::SolvedModel, name: &std::ffi::CStr) -> u64 {
    model.int_info_value(name).map(|v| v.max(0) as u64).unwrap_or(0)
}

/// A run that did not start because the deadline had passed.
fn out_of_time(seconds: f64) -> MipRun {
    MipRun {
        status: MipStatus::NoSolution,
        ended_by: EndedBy::WallClock,
        values: None,
        objective: None,
        bound: None,
        gap: None,
        nodes: 0,
        lp_iterations: 0,
        seconds,
        seen: vec![],
    }
}

/// Write the exact model of a request (MPS or LP, by the path's extension) without solving it.
pub fn write_model(req: &MipRequest<'_>, path: &Path) -> Result<(), SolveError> {
    let f = req.formulation;
    let mut built = build(req)?;
    configure(&mut built, req, req.settings.time_limit_seconds)?;
    let rows: Vec<&Row> = f.rows.iter().chain(req.extra_rows.iter()).collect();
    write_model_file(&mut built, f, &rows, path)
}

/// What the solution callback gathers: the allocations HiGHS meets ([`MipRequest::collect`]).
struct Harvest<'a> {
    formulation: &'a Formulation,
    /// The formulation's column of each HiGHS column.
    kept: &'a [usize],
    seen: std::collections::BTreeSet<Vec<usize>>,
}

/// HiGHS's callback on each feasible solution of the MIP (not of its sub-MIPs): the allocation, kept once.
unsafe extern "C" fn on_solution(
    kind: std::os::raw::c_int,
    _message: *const std::os::raw::c_char,
    out: *const highs_sys::HighsCallbackDataOut,
    _into: *mut highs_sys::HighsCallbackDataIn,
    data: *mut std::os::raw::c_void,
) {
    if kind != highs_sys::kHighsCallbackMipSolution as std::os::raw::c_int || out.is_null() || data.is_null() {
        return;
    }
    // SAFETY: `data` is the `Harvest` registered by `run_full`, alive and not otherwise borrowed during the
    // solve; `mip_solution` holds one value per column of the model HiGHS was given (`kept`).
    let (harvest, values) = unsafe {
        let solution = (*out).mip_solution;
        if solution.is_null() {
            return;
        }
        let harvest = &mut *(data as *mut Harvest<'_>);
        let values = std::slice::from_raw_parts(solution, harvest.kept.len());
        (harvest, values)
    };
    // No panic may cross into C++ (it would abort): should one happen, the allocation is not kept.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut awards: Vec<usize> = harvest
            .kept
            .iter()
            .zip(values)
            .filter_map(|(&c, &v)| match harvest.formulation.columns[c].kind {
                ColumnKind::Award { estimate } if v > 0.5 => Some(estimate),
                _ => None,
            })
            .collect();
        awards.sort_unstable();
        harvest.seen.insert(awards);
    }));
}

/// Run HiGHS once.
pub fn run(req: &MipRequest<'_>) -> Result<MipRun, SolveError> {
    Ok(run_full(req)?.0)
}

/// An LP relaxation's solution: primal values and row duals (HiGHS's sign convention: `d = c − Aᵀy`).
#[derive(Debug, Clone)]
pub struct LpRun {
    /// Row duals, one per row (formulation rows then extra rows).
    pub row_duals: Vec<f64>,
    /// LP objective.
    pub objective: f64,
}

/// Run HiGHS once, also returning the LP duals when the request is a relaxation.
pub fn run_full(req: &MipRequest<'_>) -> Result<(MipRun, Option<LpRun>), SolveError> {
    let f = req.formulation;
    let started = Instant::now();
    let Some(time_limit) = seconds_left(req.settings, req.deadline) else {
        return Ok((out_of_time(0.0), None));
    };
    let mut built = build(req)?;
    configure(&mut built, req, time_limit)?;
    if let Some(path) = req.write_model {
        let rows: Vec<&Row> = f.rows.iter().chain(req.extra_rows.iter()).collect();
        write_model_file(&mut built, f, &rows, path)?;
    }
    let Built { mut model, kept } = built;
    let mut harvest = Harvest { formulation: f, kept: &kept, seen: Default::default() };
    if req.collect {
        // SAFETY: `harvest` outlives the solve below (the only time HiGHS calls back), and the callback reads
        // only what HiGHS hands it for the duration of the call.
        let status = unsafe {
            let ptr = model.as_mut_ptr();
            highs_sys::Highs_setCallback(ptr, Some(on_solution), (&mut harvest as *mut Harvest<'_>).cast())
                .max(highs_sys::Highs_startCallback(ptr, highs_sys::kHighsCallbackMipSolution))
        };
        if status > 1 {
            return Err(SolveError::Highs(format!("HiGHS refused the solution callback (status {status})")));
        }
    }
    let solved = model.try_solve().map_err(|e| highs_err("solving", e))?;
    let seen: Vec<Vec<usize>> = std::mem::take(&mut harvest.seen).into_iter().collect();
    let seconds = started.elapsed().as_secs_f64();
    let has_solution = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let nodes = int64_info(&solved, c"mip_node_count");
    // HiGHS 1.16 counts every LP of a MIP run (nodes, cuts, heuristics) in `simplex_iteration_count`; it has no
    // `mip_total_lp_iterations`, and asking for it printed an error line in its log.
    let lp_iterations = int_info(&solved, c"simplex_iteration_count");
    let gap = Some(solved.mip_gap()).filter(|g| g.is_finite());
    let (status, ended_by) = match solved.status() {
        HighsModelStatus::Optimal => {
            let closed = req.relaxation || req.settings.mip_rel_gap <= 0.0 || gap.is_none_or(|g| g <= 0.0);
            (MipStatus::Optimal, if closed { EndedBy::Optimum } else { EndedBy::GapTarget })
        }
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
            (MipStatus::Infeasible, EndedBy::Infeasibility)
        }
        HighsModelStatus::ReachedSolutionLimit if req.first_improvement && has_solution => {
            (MipStatus::TimeLimit, EndedBy::FirstImprovement)
        }
        HighsModelStatus::ReachedSolutionLimit | HighsModelStatus::ReachedIterationLimit => {
            (if has_solution { MipStatus::TimeLimit } else { MipStatus::NoSolution }, EndedBy::NodeBudget)
        }
        HighsModelStatus::ObjectiveTarget if req.objective_target.is_some() && has_solution => {
            (MipStatus::TimeLimit, EndedBy::GapTarget)
        }
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ObjectiveBound
        | HighsModelStatus::ObjectiveTarget
        | HighsModelStatus::Unknown => {
            (if has_solution { MipStatus::TimeLimit } else { MipStatus::NoSolution }, EndedBy::WallClock)
        }
        other => return Err(highs_err("HiGHS stopped with status", other)),
    };
    if !has_solution || status == MipStatus::Infeasible {
        let run = MipRun {
            status,
            ended_by,
            values: None,
            objective: None,
            bound: None,
            gap: None,
            nodes,
            lp_iterations,
            seconds,
            seen,
        };
        return Ok((run, None));
    }
    let solution = solved.get_solution();
    // Binaries are rounded (HiGHS returns them within its tolerance of 0 or 1); slacks and totals are continuous.
    let mut values = vec![0.0; f.columns.len()];
    for (&c, &v) in kept.iter().zip(solution.columns()) {
        values[c] = if req.relaxation || !f.columns[c].kind.is_integer() { v } else { v.round() };
    }
    let objective = solved.objective_value();
    let lp = req.relaxation.then(|| LpRun { row_duals: solution.dual_rows().to_vec(), objective });
    let bound = if req.relaxation { Some(objective) } else { solved.double_info_value(c"mip_dual_bound").ok() };
    let run = MipRun {
        status,
        ended_by,
        values: Some(values),
        objective: Some(objective),
        bound,
        gap,
        nodes,
        lp_iterations,
        seconds,
        seen,
    };
    Ok((run, lp))
}

/// HiGHS's version, for audit records.
pub fn highs_version() -> String {
    // SAFETY: Highs_version returns a pointer to a static NUL-terminated string.
    unsafe { std::ffi::CStr::from_ptr(highs_sys::Highs_version()) }.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The solution callback only observes: the same search, nodes and allocation with and without it, and what
    /// it keeps are allocations HiGHS found, each once, among them the one it returned.
    #[test]
    fn collecting_the_allocations_met_leaves_the_search_unchanged() {
        let params = crate::generate::Params { needs: 120, seed: 3, offers_per_need: 5.0, periods: None };
        let generated = crate::generate::synthetic(&params).expect("a valid size");
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (name, bytes) in &generated.files {
            std::fs::write(dir.path().join(name), bytes).expect("written");
        }
        let loaded = crate::io::load(&dir.path().join("reference.toml")).expect("the generated model loads");
        let (world, policy) = (loaded.model.world, loaded.scenario.policy);
        let f = crate::model::build(&world, &policy, &crate::eligibility::assess(&world, &policy));
        let plain = run(&MipRequest::new(&f, &policy.solver, FAST_TOLERANCE)).expect("HiGHS runs");
        let watched = run(&MipRequest { collect: true, ..MipRequest::new(&f, &policy.solver, FAST_TOLERANCE) })
            .expect("HiGHS runs");
        assert!(plain.seen.is_empty(), "nothing is kept unless asked");
        assert_eq!((plain.nodes, plain.lp_iterations), (watched.nodes, watched.lp_iterations));
        assert_eq!(plain.values, watched.values);
        let returned = f.awarded(watched.values.as_deref().expect("an optimum"));
        assert!(watched.seen.len() >= 2, "HiGHS met {} allocations: the test shows little", watched.seen.len());
        assert!(watched.seen.contains(&returned), "the allocation returned is among those met");
        assert!(watched.seen.windows(2).all(|w| w[0] < w[1]), "each once, in order");
        for a in &watched.seen {
            assert!(a.windows(2).all(|w| w[0] < w[1]), "ascending");
            assert_eq!(a.len(), returned.len(), "every served need once");
        }
    }
}
