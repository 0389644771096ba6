//! What each principle costs (the price of fairness): the cost of the full policy, of the policy with each
//! principle removed in turn, and with none (price only, capacities off), re-solved in parallel; each principle's
//! marginal cost and its share of the total premium; and the rows of the final allocation that are binding.

use crate::domain::{Objective, Policy, World};
use crate::model::Family;
use crate::solve::{self, Solved, Status};
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A principle that can be switched off for comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Principle {
    /// P2: spread among providers and resellers.
    Spread,
    /// P3: access for Quebec firms.
    QuebecFloor,
    /// P0: suppliers' capacities.
    Capacity,
    /// Art. 48 2°: weighted criteria instead of price alone.
    WeightedCriteria,
}

impl Principle {
    /// The principle's code in the guiding principles.
    pub fn code(self) -> &'static str {
        match self {
            Principle::Spread => "P2",
            Principle::QuebecFloor => "P3",
            Principle::Capacity => "P0",
            Principle::WeightedCriteria => "art. 48 2°",
        }
    }

    /// The principles a policy has switched on.
    pub fn active_in(policy: &Policy) -> Vec<Principle> {
        let mut v = Vec::new();
        if policy.spread.is_some() {
            v.push(Principle::Spread);
        }
        if policy.quebec.is_some_and(|q| q.min_share > Decimal::ZERO) {
            v.push(Principle::QuebecFloor);
        }
        if policy.capacity {
            v.push(Principle::Capacity);
        }
        if matches!(policy.objective, Objective::Weighted(_)) {
            v.push(Principle::WeightedCriteria);
        }
        v
    }

    /// The policy without this principle.
    pub fn remove_from(self, policy: &Policy) -> Policy {
        let mut p = policy.clone();
        match self {
            Principle::Spread => p.spread = None,
            Principle::QuebecFloor => p.quebec = None,
            Principle::Capacity => p.capacity = false,
            Principle::WeightedCriteria => p.objective = Objective::Price,
        }
        p
    }
}

/// One re-solve of the decomposition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    /// Principles removed (empty: the full policy).
    pub removed: Vec<Principle>,
    /// Status of the re-solve.
    pub status: Status,
    /// Total cost, exact (None when no allocation).
    pub total: Option<Decimal>,
}

/// One principle's cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrincipleCost {
    /// The principle.
    pub principle: Principle,
    /// `cost(all) − cost(all without it)` (None when either has no allocation).
    pub marginal: Option<Decimal>,
    /// `marginal / cost(all without it)`, rounded to 6 decimals.
    pub marginal_share: Option<Decimal>,
    /// `marginal / (cost(all) − cost(none))`: its part of the total premium, rounded to 6 decimals.
    pub part_of_premium: Option<Decimal>,
}

/// The decomposition of the premium of a policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceOfFairness {
    /// The full policy.
    pub all: Variant,
    /// With no principle at all (price only, no spread, no floor, no capacity).
    pub none: Variant,
    /// With each active principle removed in turn.
    pub without: Vec<Variant>,
    /// Each active principle's cost.
    pub principles: Vec<PrincipleCost>,
    /// `cost(all) − cost(none)`.
    pub premium: Option<Decimal>,
    /// `premium − Σ marginal`: what the principles cost together beyond their separate costs (may be negative).
    pub interaction: Option<Decimal>,
}

fn variant(world: &World, policy: &Policy, removed: Vec<Principle>) -> Variant {
    let mut p = policy.clone();
    for r in &removed {
        p = r.remove_from(&p);
    }
    // In a rayon task: one HiGHS thread (HiGHS keeps one scheduler per OS thread).
    p.solver.threads = 1;
    // Under the price objective every optimal allocation has the same total: the optimum alone is enough (no
    // draw). Under the weighted objective, allocations of equal score may differ in price, so the published
    // draw decides the total.
    let solved = match p.objective {
        Objective::Price => solve::solve_optimum(world, &p),
        Objective::Weighted(_) => solve::solve(world, &p, None),
    };
    match solved {
        Ok(s) if s.outcome.status.has_allocation() => Variant {
            removed,
            status: s.outcome.status,
            total: Some(s.outcome.awards.iter().map(|&e| world.estimates[e].price).sum()),
        },
        Ok(s) => Variant { removed, status: s.outcome.status, total: None },
        Err(_) => Variant { removed, status: Status::NoSolution, total: None },
    }
}

/// Re-solve the policy with every principle, with each removed in turn, and with none, in parallel.
pub fn price_of_fairness(world: &World, policy: &Policy) -> PriceOfFairness {
    let (all, (none, without)) = rayon::join(|| variant(world, policy, vec![]), || without_principles(world, policy));
    assemble(policy, all, none, without)
}

/// [`price_of_fairness`] for a scenario already solved: its solve, when it proved its optimum, stands for the
/// variant with every principle (the same total: that of the published allocation); only the others are re-solved.
pub fn price_of_fairness_after(world: &World, policy: &Policy, solved: &Solved) -> PriceOfFairness {
    let (none, without) = without_principles(world, policy);
    assemble(policy, variant_with_every_principle(world, policy, Some(solved)), none, without)
}

/// The variant with every principle: from the scenario's solve when it proved its optimum, else re-solved.
fn variant_with_every_principle(world: &World, policy: &Policy, solved: Option<&Solved>) -> Variant {
    match solved {
        Some(s) if s.outcome.status == Status::Optimal => Variant {
            removed: vec![],
            status: s.outcome.status,
            total: Some(s.outcome.awards.iter().map(|&e| world.estimates[e].price).sum()),
        },
        _ => variant(world, policy, vec![]),
    }
}

/// The scenario's own solve and, beside it on the other cores, the re-solves of [`price_of_fairness`]; the
/// solve, when it proves its optimum, stands for the variant with every principle (the same total: that of the
/// published allocation). The scenario's solve stays on the calling thread, with the scenario's HiGHS threads
/// (HiGHS keeps one scheduler per OS thread, and the re-solves use one thread each in rayon's workers).
pub fn solve_with_costs(world: &World, policy: &Policy) -> (Result<Solved, solve::SolveError>, PriceOfFairness) {
    let (solved, (none, without)) = std::thread::scope(|scope| {
        let others = scope.spawn(|| without_principles(world, policy));
        let solved = solve::solve(world, policy, None);
        (solved, others.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    let all = variant_with_every_principle(world, policy, solved.as_ref().ok());
    (solved, assemble(policy, all, none, without))
}

/// The variants with no principle and with each active principle removed in turn, solved in parallel.
fn without_principles(world: &World, policy: &Policy) -> (Variant, Vec<Variant>) {
    let active = Principle::active_in(policy);
    let mut jobs: Vec<Vec<Principle>> = vec![active.clone()];
    jobs.extend(active.iter().map(|&p| vec![p]));
    let mut results: Vec<Variant> = jobs.into_par_iter().map(|removed| variant(world, policy, removed)).collect();
    let without = results.split_off(1);
    (results.pop().expect("one variant"), without)
}

/// The decomposition from its variants.
fn assemble(policy: &Policy, all: Variant, none: Variant, without: Vec<Variant>) -> PriceOfFairness {
    let active = Principle::active_in(policy);
    let premium = all.total.zip(none.total).map(|(a, n)| a - n);
    let principles: Vec<PrincipleCost> = active
        .iter()
        .zip(&without)
        .map(|(&principle, w)| {
            let marginal = all.total.zip(w.total).map(|(a, b)| a - b);
            PrincipleCost {
                principle,
                marginal,
                marginal_share: marginal.zip(w.total).map(|(m, b)| crate::summary::share(m, b)),
                part_of_premium: marginal.zip(premium).map(|(m, p)| crate::summary::share(m, p)),
            }
        })
        .collect();
    let interaction =
        premium.and_then(|p| principles.iter().map(|c| c.marginal).sum::<Option<Decimal>>().map(|sum| p - sum));
    PriceOfFairness { all, none, without, principles, premium, interaction }
}

/// A constraint at (or within a hair of) its bound in the final allocation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Binding {
    /// Row name, e.g. `spread.max_share[provider=NIMBUS]`.
    pub row: String,
    /// Its principle.
    pub principle: String,
    /// The allocation's value: a share in [0, 1], a number of providers, or a capacity used.
    pub value: Decimal,
    /// The bound: the cap, floor, minimum or limit.
    pub bound: Decimal,
}

/// Within this distance of a share cap or floor (0.1 percentage point), a share row counts as binding: awards are
/// indivisible, so a cap is rarely met exactly.
pub const SHARE_TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 3);

/// The constraints of the policy that are binding for the final allocation, computed exactly from the awarded
/// prices: shares within [`SHARE_TOLERANCE`] of their cap or floor, the minimum number of providers when met
/// exactly, and capacities too full to take any further eligible estimate of that supplier.
pub fn binding_rows(world: &World, policy: &Policy, solved: &Solved) -> Vec<Binding> {
    if !solved.outcome.status.has_allocation() {
        return Vec::new();
    }
    let f = &solved.formulation;
    let awards = &solved.outcome.awards;
    let price = |e: usize| world.estimates[e].price;
    let in_scope = |family: &Family, e: usize| match family {
        Family::AgencyShare { agency, .. } => world.agency_of(e) == *agency,
        _ => true,
    };
    let member = |family: &Family, e: usize| match family {
        Family::ProviderShare { provider } | Family::AgencyShare { provider, .. } => world.provider_of(e) == *provider,
        Family::ResellerShare { reseller } => world.reseller_of(e) == *reseller,
        _ => false,
    };
    let mut out = Vec::new();
    let total: Decimal = awards.iter().map(|&e| price(e)).sum();
    for row in &f.rows {
        let (value, bound) = match &row.family {
            Family::ProviderShare { .. } | Family::ResellerShare { .. } | Family::AgencyShare { .. } => {
                let scope_total: Decimal =
                    awards.iter().filter(|&&e| in_scope(&row.family, e)).map(|&e| price(e)).sum();
                let mine: Decimal = awards
                    .iter()
                    .filter(|&&e| in_scope(&row.family, e) && member(&row.family, e))
                    .map(|&e| price(e))
                    .sum();
                let spread = policy.spread.as_ref();
                let cap = match &row.family {
                    Family::ProviderShare { .. } => spread.and_then(|s| s.max_provider_share),
                    Family::ResellerShare { .. } => spread.and_then(|s| s.max_reseller_share),
                    _ => spread.and_then(|s| s.max_provider_share_per_agency),
                };
                let Some(cap) = cap else { continue };
                let share = crate::summary::share(mine, scope_total);
                if cap - share > SHARE_TOLERANCE {
                    continue;
                }
                (share, cap)
            }
            Family::QuebecFloor => {
                let Some(q) = policy.quebec.map(|q| (q.min_share, q.credit)) else { continue };
                let value: Decimal = awards.iter().filter(|&&e| q.1.counts(world, e)).map(|&e| price(e)).sum();
                let share = crate::summary::share(value, total);
                if share - q.0 > SHARE_TOLERANCE {
                    continue;
                }
                (share, q.0)
            }
            Family::MinProviders => {
                let mut providers: Vec<usize> = awards.iter().map(|&e| world.provider_of(e)).collect();
                providers.sort_unstable();
                providers.dedup();
                let k = Decimal::from_f64_retain(row.lower).unwrap_or_default();
                let count = Decimal::from(providers.len());
                if count > k {
                    continue;
                }
                (count, k)
            }
            Family::Capacity { supplier, unit } => {
                let touches = |e: usize| world.provider_of(e) == *supplier || world.reseller_of(e) == *supplier;
                let Some(cap) = world.capacities.iter().find(|c| c.supplier == *supplier && &c.unit == unit) else {
                    continue;
                };
                let (used, limit) = (crate::verify::capacity_used(world, cap, awards), cap.limit);
                let smallest = solved
                    .eligibility
                    .eligible
                    .iter()
                    .filter(|&&e| touches(e) && awards.binary_search(&e).is_err())
                    .filter_map(|&e| world.estimates[e].consumption.get(unit))
                    .filter(|u| **u > Decimal::ZERO)
                    .min()
                    .copied();
                if smallest.is_some_and(|u| limit - used >= u) {
                    continue;
                }
                (used, limit)
            }
            _ => continue,
        };
        out.push(Binding { row: row.name.clone(), principle: row.family.principle().to_string(), value, bound });
    }
    out
}
