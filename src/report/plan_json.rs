//! `plan.json`: the whole plan, machine-readable and deterministic (ordered fields, no timings), with its audit
//! record.

use crate::domain::Policy;
use crate::explain::audit::Audit;
use crate::plan::inputs::PlanSettings;
use crate::plan::waves::PlanSummary;
use crate::plan::why::Why;
use crate::solve::Status;
use serde::Serialize;

/// What `plan.json` holds.
#[derive(Debug, Serialize)]
pub struct PlanFile<'a> {
    /// courtier's version.
    pub courtier_version: &'a str,
    /// Scenario name (file stem).
    pub scenario: &'a str,
    /// Scenario description.
    pub description: &'a str,
    /// The policy applied (committed awards included).
    pub policy: &'a Policy,
    /// The calendar, freeze, deadlines and capacity changes.
    pub plan: &'a PlanSettings,
    /// Status.
    pub status: Status,
    /// Objective (contracts plus waiting, CAD).
    pub objective: Option<f64>,
    /// Best bound.
    pub bound: Option<f64>,
    /// Relative gap.
    pub gap: Option<f64>,
    /// Whether the published draw decided among optimal plans.
    pub tiebreak_applied: bool,
    /// Lines, waves, capacity use, cost, the year's shares, the proven gap of a plan not proven optimal.
    pub summary: &'a PlanSummary,
    /// Why each need moves when it does.
    pub why: &'a [Why],
    /// What is needed to replay the plan (input hashes, versions, settings); no wall time.
    pub audit: &'a Audit,
}

/// Render as pretty JSON with a final newline.
pub fn render(file: &PlanFile<'_>) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(file).unwrap_or_default();
    out.push(b'\n');
    out
}
