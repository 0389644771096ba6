//! Answers "why?" with computed facts: why each award (and not the cheapest offer), what each principle costs,
//! which rows bind, why a policy is infeasible, and what each supplier could have done (debrief). Everything here
//! is data; the report layer words it.

pub mod audit;
pub mod award;
pub mod cost;
pub mod debrief;
pub mod diagnose;
pub mod forced;

use crate::domain::{Policy, World};
use crate::solve::Solved;
use award::{explain_need, Depth, NeedExplanation};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Explanations of a whole solved scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanations {
    /// One per need, by need id (served or not).
    pub needs: Vec<NeedExplanation>,
    /// What each principle costs.
    pub costs: cost::PriceOfFairness,
    /// Rows at their bound in the final allocation.
    pub binding: Vec<cost::Binding>,
    /// Dead ends, and the smallest changes when the policy is infeasible.
    pub diagnosis: diagnose::Diagnosis,
}

impl Explanations {
    /// The needs whose award requires an ADO (art. 48), by need id.
    pub fn ado_required(&self) -> impl Iterator<Item = &NeedExplanation> {
        self.needs.iter().filter(|n| n.ado_required)
    }
}

/// Explain every need (in parallel; every re-solve with one HiGHS thread), the principles' costs, the binding
/// rows and the diagnosis.
pub fn explain_all(world: &World, policy: &Policy, solved: &Solved, depth: Depth) -> Explanations {
    let needs: Vec<NeedExplanation> =
        (0..world.needs.len()).into_par_iter().map(|n| explain_one(world, policy, solved, n, depth)).collect();
    Explanations {
        needs,
        costs: cost::price_of_fairness_after(world, policy, solved),
        binding: cost::binding_rows(world, policy, solved),
        diagnosis: diagnose::diagnose_after(world, policy, solved.outcome.status),
    }
}

/// The explanation of need `n` as [`explain_all`] gives it (its re-solves with one HiGHS thread, safe inside
/// rayon tasks).
pub fn explain_one(world: &World, policy: &Policy, solved: &Solved, n: usize, depth: Depth) -> NeedExplanation {
    let mut single = policy.clone();
    single.solver.threads = 1;
    explain_need(world, &single, solved, n, depth)
}
