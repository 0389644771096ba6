//! The verdict on a migration plan read from a file (`verify SCENARIO plan.csv`): what the exact check found
//! ([`crate::plan::check`]), every stated value that differs from its recomputation, and how its cost compares
//! with the best plan the scenario's solver finds. Gathered here for the report layer
//! ([`crate::report::plan_verdict`]), which words it as lines or JSON.

use crate::plan::model::PlanCost;
use crate::plan::PlanViolation;
use rust_decimal::Decimal;
use serde::Serialize;

/// A value of the plan file that differs from its recomputation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanMismatch {
    /// Line of the file (1 is the header).
    pub line: u64,
    /// The line's need.
    pub need: String,
    /// Column name.
    pub column: String,
    /// What the file says.
    pub read: String,
    /// What courtier recomputes.
    pub recomputed: String,
}

/// How the plan's cost compares with the best plan the scenario's solver finds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "checked", rename_all = "snake_case")]
pub enum PlanOptimality {
    /// `--no-optimality`, or the plan breaks a rule (comparing the cost of a broken plan says nothing).
    NotChecked,
    /// The solver finds no plan to compare with.
    NoBestPlan,
    /// Compared.
    Compared {
        /// The best plan's exact cost.
        best_cost: Decimal,
        /// Whether that plan is proven optimal.
        proven_optimal: bool,
        /// This plan's cost minus the best plan's (negative: this plan is cheaper).
        difference: Decimal,
    },
}

/// Everything `verify` concludes about a plan file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanVerdict {
    /// Scenario name.
    pub scenario: String,
    /// Planned and committed needs in the file.
    pub needs: usize,
    /// The plan's exact cost.
    pub cost: PlanCost,
    /// Rules broken.
    pub violations: Vec<PlanViolation>,
    /// Stated values that differ from their recomputation.
    pub mismatches: Vec<PlanMismatch>,
    /// The comparison with the best plan.
    pub optimality: PlanOptimality,
    /// No rule broken and every stated value right.
    pub valid: bool,
}

impl PlanVerdict {
    /// A verdict; `valid` follows from the violations and mismatches.
    pub fn new(
        scenario: &str,
        needs: usize,
        cost: PlanCost,
        violations: Vec<PlanViolation>,
        mismatches: Vec<PlanMismatch>,
        optimality: PlanOptimality,
    ) -> Self {
        let valid = violations.is_empty() && mismatches.is_empty();
        PlanVerdict { scenario: scenario.into(), needs, cost, violations, mismatches, optimality, valid }
    }
}
