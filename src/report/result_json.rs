//! `result.json`: the whole result, machine-readable and deterministic (ordered fields, no timings).

use crate::domain::Policy;
use crate::explain::audit::Audit;
use crate::summary::{ExcludedLine, Summary};
use serde::Serialize;

/// What `result.json` holds.
#[derive(Debug, Serialize)]
pub struct ResultFile<'a> {
    /// courtier's version.
    pub courtier_version: &'a str,
    /// Scenario name (file stem).
    pub scenario: &'a str,
    /// Scenario description.
    pub description: &'a str,
    /// The policy applied.
    pub policy: &'a Policy,
    /// Objective value in the formulation's units.
    pub objective: Option<f64>,
    /// Best bound.
    pub bound: Option<f64>,
    /// Relative gap.
    pub gap: Option<f64>,
    /// Whether the published draw ran.
    pub tiebreak_applied: bool,
    /// Figures and awards.
    pub summary: &'a Summary,
    /// Every estimate that could not be awarded, with its reasons.
    pub excluded: &'a [ExcludedLine],
    /// What is needed to replay the result (input hashes, versions, settings); no wall time.
    pub audit: &'a Audit,
}

/// Render as pretty JSON with a final newline.
pub fn render(result: &ResultFile<'_>) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(result).unwrap_or_default();
    out.push(b'\n');
    out
}
