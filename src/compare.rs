//! Policies side by side: each scenario and its price-only baseline solved in parallel, and the figures a deputy
//! minister reads: cost, premium over the baseline, how many suppliers, the largest shares, concentration (HHI),
//! the Quebec share, ADO count, unserved needs, status and gap. Pure data; `report` renders it.

use crate::domain::{Objective, Policy, World};
use crate::solve::{self, Status};
use crate::summary::{self, share, Summary, SupplierShare};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A scenario to compare.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Name (file stem).
    pub name: String,
    /// One sentence.
    pub description: String,
    /// The world after the scenario's what-ifs.
    pub world: World,
    /// The policy.
    pub policy: Policy,
}

/// The largest share and who holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Largest {
    /// Supplier id.
    pub id: String,
    /// Share in [0, 1].
    pub share: Decimal,
}

/// One scenario's line of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Scenario name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// The policy (for assumptions in words).
    pub policy: Policy,
    /// Status.
    pub status: Status,
    /// Relative gap, when known.
    pub gap: Option<f64>,
    /// Total cost (None without an allocation).
    pub total: Option<Decimal>,
    /// Total of the price-only baseline (same world and eligibility, price, no P2/P3, capacities kept).
    pub baseline: Option<Decimal>,
    /// `total − baseline`.
    pub premium: Option<Decimal>,
    /// `premium / baseline`, 6 decimals.
    pub premium_share: Option<Decimal>,
    /// Distinct providers awarded.
    pub providers: usize,
    /// Distinct resellers awarded.
    pub resellers: usize,
    /// Largest provider share.
    pub largest_provider: Option<Largest>,
    /// Largest reseller share.
    pub largest_reseller: Option<Largest>,
    /// HHI of provider shares.
    pub hhi_providers: Decimal,
    /// HHI of reseller shares.
    pub hhi_resellers: Decimal,
    /// Quebec share.
    pub quebec_share: Decimal,
    /// Awards that need an ADO.
    pub ado: usize,
    /// Needs with no eligible offer.
    pub unserved: usize,
    /// Figures and awards.
    pub summary: Summary,
    /// The rules of the scenario's policy that bind its allocation (for `comparison.xlsx`).
    #[serde(default)]
    pub binding: Vec<crate::explain::cost::Binding>,
    /// Whether the result was decided by deterministic criteria only (false: the wall clock stopped a stage).
    #[serde(default = "yes")]
    pub replayable: bool,
}

fn yes() -> bool {
    true
}

/// A comparison of scenarios, in the order given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// One row per scenario.
    pub rows: Vec<Row>,
}

/// The price-only baseline of a policy: art. 48 1°, no spread, no Quebec floor; eligibility and capacities kept
/// (capacities are physical limits, not a choice).
pub fn baseline_policy(policy: &Policy) -> Policy {
    let mut p = policy.clone();
    p.objective = Objective::Price;
    p.spread = None;
    p.quebec = None;
    p
}

fn largest(shares: &[SupplierShare]) -> Option<Largest> {
    // Ties on the share go to the lower id for a stable report (a display choice, not an award).
    shares
        .iter()
        .max_by(|a, b| a.share.cmp(&b.share).then(b.id.cmp(&a.id)))
        .map(|s| Largest { id: s.id.clone(), share: s.share })
}

/// Solve one scenario and its baseline, with one HiGHS thread each (safe inside rayon tasks).
pub fn row(c: &Candidate) -> Result<Row, solve::SolveError> {
    let mut policy = c.policy.clone();
    policy.solver.threads = 1;
    let solved = solve::solve(&c.world, &policy, None)?;
    // The baseline's total only (price objective: every optimal allocation costs the same), without the draw.
    let base = solve::solve_optimum(&c.world, &baseline_policy(&policy))?;
    let s = summary::summarize(&c.world, &c.policy, &solved.eligibility, &solved.outcome);
    let has = solved.outcome.status.has_allocation();
    let total = has.then_some(s.total_cost);
    let baseline = base
        .outcome
        .status
        .has_allocation()
        .then(|| base.outcome.awards.iter().map(|&e| c.world.estimates[e].price).sum::<Decimal>());
    let premium = total.zip(baseline).map(|(t, b)| t - b);
    let binding = crate::explain::cost::binding_rows(&c.world, &policy, &solved);
    let replayable = solved.outcome.replayable() && base.outcome.replayable();
    Ok(Row {
        name: c.name.clone(),
        description: c.description.clone(),
        policy: c.policy.clone(),
        status: solved.outcome.status,
        gap: solved.outcome.gap,
        total,
        baseline,
        premium,
        premium_share: premium.zip(baseline).map(|(p, b)| share(p, b)),
        providers: s.providers.len(),
        resellers: s.resellers.len(),
        largest_provider: largest(&s.providers),
        largest_reseller: largest(&s.resellers),
        hhi_providers: s.hhi_providers,
        hhi_resellers: s.hhi_resellers,
        quebec_share: s.quebec_share,
        ado: s.ado_count,
        unserved: s.unserved.len(),
        summary: s,
        binding,
        replayable,
    })
}

/// Compare scenarios, solving them in parallel.
pub fn compare(candidates: &[Candidate]) -> Result<Comparison, solve::SolveError> {
    Ok(Comparison { rows: crate::parallel::try_map_in_order(candidates.iter().collect(), row)? })
}
