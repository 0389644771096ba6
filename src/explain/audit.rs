//! The audit record: what is needed to replay a result: the SHA-256 of every input file, courtier's and HiGHS's
//! versions, every solver setting, the tie-break seed, the status, objective, bound and gap. The wall time is kept
//! apart ([`Timing`]) so that the record itself is byte-identical for identical inputs.

use crate::domain::{Policy, SolverSettings};
use crate::solve::{EndedBy, Outcome, Stage, StageName, Status};
use serde::{Deserialize, Serialize};

/// One input file and its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputHash {
    /// Path relative to the scenario file's folder, with `/` separators.
    pub path: String,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

/// The replay record of a result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Audit {
    /// courtier's version.
    pub courtier_version: String,
    /// HiGHS's version.
    pub highs_version: String,
    /// Every input file read, in reading order.
    pub inputs: Vec<InputHash>,
    /// Solver settings.
    pub solver: SolverSettings,
    /// Seed of the published draw.
    pub tiebreak_seed: u64,
    /// Status.
    pub status: Status,
    /// Objective.
    pub objective: Option<f64>,
    /// Best bound.
    pub bound: Option<f64>,
    /// Relative gap.
    pub gap: Option<f64>,
    /// What ended each stage of the solve.
    pub stages: Vec<StageEnd>,
    /// Whether every stage was ended by deterministic criteria: when false, the wall-clock limit stopped the run
    /// and the same inputs may give another result on another machine or under another load.
    pub replayable: bool,
}

/// What ended one stage of the solve (deterministic; the work it took is in [`Timing`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageEnd {
    /// Which stage.
    pub stage: StageName,
    /// What ended it.
    pub ended_by: EndedBy,
}

/// The wall time of a run: kept out of the deterministic files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    /// Wall time of every HiGHS run, seconds.
    pub solve_seconds: f64,
    /// Wall time of the whole command, seconds.
    pub total_seconds: f64,
    /// Each stage's runs, nodes, LP iterations and wall time.
    pub stages: Vec<Stage>,
}

/// Build the audit record.
pub fn record(inputs: Vec<InputHash>, policy: &Policy, outcome: &Outcome) -> Audit {
    record_run(inputs, policy, outcome.status, [outcome.objective, outcome.bound, outcome.gap], &outcome.stages)
}

/// Build the audit record of any staged run (an allocation, a plan): `figures` are the objective, bound and gap.
pub fn record_run(
    inputs: Vec<InputHash>,
    policy: &Policy,
    status: Status,
    figures: [Option<f64>; 3],
    stages: &[Stage],
) -> Audit {
    let [objective, bound, gap] = figures;
    Audit {
        courtier_version: env!("CARGO_PKG_VERSION").to_string(),
        highs_version: crate::solve::highs_version(),
        inputs,
        solver: policy.solver.clone(),
        tiebreak_seed: policy.tiebreak_seed,
        status,
        objective,
        bound,
        gap,
        stages: stages.iter().map(|s| StageEnd { stage: s.stage, ended_by: s.ended_by }).collect(),
        replayable: stages.iter().all(|s| s.ended_by.replayable()),
    }
}
