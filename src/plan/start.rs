//! A plan to start from, built from the LP relaxation and handed to HiGHS as its first incumbent (RENS, "relaxation
//! enforced neighbourhood search"): the plan's MIP restricted to the columns the LP relaxation uses (value above
//! 10⁻⁶), every other column fixed to 0, is a small MIP whose plans are plans of the whole problem. It is solved
//! to the scenario's gap or a node budget (deterministic), never the clock. A start never changes the optimum,
//! only how soon the search holds a good plan; when the restricted MIP has no plan, HiGHS starts without one.

use crate::domain::SolverSettings;
use crate::model::{ColumnKind, Formulation};
use crate::solve::{run, MipRequest, MipRun, SolveError};
use std::time::Instant;

/// Node budget of the restricted MIP.
const START_NODES: u64 = 2_000;

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
    let settings = SolverSettings {
        node_limit: Some(START_NODES.min(settings.node_limit.unwrap_or(u64::MAX))),
        ..settings.clone()
    };
    let restricted =
        run(&MipRequest { fixed: &fixed, deadline, ..MipRequest::new(f, &settings, feasibility_tolerance) })?;
    let start = restricted.values.clone();
    Ok((start, vec![lp, restricted]))
}
