//! Why no allocation satisfies a policy, in terms a planner can act on: the needs no estimate can serve (with the
//! reasons), and, for each parameter of the policy, the smallest single change that makes the scenario feasible,
//! found by re-solving: bisection on share caps and the Quebec floor (to 0.1 percentage point), a descending search
//! on the minimum number of providers, and an elastic re-solve with a slack on every capacity row.
//!
//! Every suggested change is feasible by construction: it is the feasible end of the search, re-solved.

use crate::domain::{Policy, World};
use crate::eligibility::{self, Exclusion};
use crate::model::{self, Column, Family, Formulation};
use crate::solve::{run, MipRequest, MipStatus, Status, TIGHT_TOLERANCE};
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A need that no estimate can serve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadEnd {
    /// Need id.
    pub need: String,
    /// Agency id.
    pub agency: String,
    /// The need holds personal information.
    pub personal_info: bool,
    /// Number of estimates received.
    pub estimates: usize,
    /// For each kind of reason (`not_qualified`, `category`, `residency`, `certification`, `term`), how many of
    /// its estimates it excludes.
    pub reasons: Vec<(String, usize)>,
    /// Each estimate and its reasons.
    pub detail: Vec<(String, Vec<Exclusion>)>,
}

/// A single change of the policy that makes it feasible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Relaxation {
    /// Raise the provider share cap.
    RaiseProviderCap {
        /// Current cap.
        from: Decimal,
        /// Smallest feasible cap found (to 0.001).
        to: Decimal,
    },
    /// Raise the reseller share cap.
    RaiseResellerCap {
        /// Current cap.
        from: Decimal,
        /// Smallest feasible cap found.
        to: Decimal,
    },
    /// Raise the per-agency provider share cap.
    RaiseAgencyCap {
        /// Current cap.
        from: Decimal,
        /// Smallest feasible cap found.
        to: Decimal,
    },
    /// Lower the minimum number of providers.
    LowerMinProviders {
        /// Current minimum.
        from: u32,
        /// Largest feasible minimum.
        to: u32,
    },
    /// Lower the Quebec floor.
    LowerQuebecFloor {
        /// Current floor.
        from: Decimal,
        /// Largest feasible floor found (to 0.001).
        to: Decimal,
    },
    /// Raise suppliers' capacities (all of these together).
    RaiseCapacities {
        /// (supplier id, unit, current limit, limit needed).
        raises: Vec<(String, String, Decimal, Decimal)>,
    },
}

impl Relaxation {
    /// Apply the change to a policy and a world (capacities live in the world).
    pub fn apply(&self, policy: &Policy, world: &World) -> (Policy, World) {
        let (mut p, mut w) = (policy.clone(), world.clone());
        match self {
            Relaxation::RaiseProviderCap { to, .. } => {
                if let Some(s) = p.spread.as_mut() {
                    s.max_provider_share = Some(*to)
                }
            }
            Relaxation::RaiseResellerCap { to, .. } => {
                if let Some(s) = p.spread.as_mut() {
                    s.max_reseller_share = Some(*to)
                }
            }
            Relaxation::RaiseAgencyCap { to, .. } => {
                if let Some(s) = p.spread.as_mut() {
                    s.max_provider_share_per_agency = Some(*to)
                }
            }
            Relaxation::LowerMinProviders { to, .. } => {
                if let Some(s) = p.spread.as_mut() {
                    s.min_providers = Some(*to)
                }
            }
            Relaxation::LowerQuebecFloor { to, .. } => {
                if let Some(q) = p.quebec.as_mut() {
                    q.min_share = *to
                }
            }
            Relaxation::RaiseCapacities { raises } => {
                for (supplier, unit, _, to) in raises {
                    for c in w.capacities.iter_mut() {
                        if &w.suppliers[c.supplier].id == supplier && &c.unit == unit {
                            c.limit = *to;
                        }
                    }
                }
            }
        }
        (p, w)
    }
}

/// The diagnosis of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnosis {
    /// The policy is infeasible (no allocation of the servable needs satisfies it).
    pub infeasible: bool,
    /// Needs with no eligible estimate (reported whether or not the policy is feasible).
    pub dead_ends: Vec<DeadEnd>,
    /// Single changes, each of which makes the policy feasible on its own.
    pub relaxations: Vec<Relaxation>,
    /// When no single change suffices: the parameters that must all be loosened together (every principle off
    /// restores feasibility by construction).
    pub conflicting: Vec<String>,
}

fn kind(e: &Exclusion) -> &'static str {
    match e {
        Exclusion::NotQualified => "not_qualified",
        Exclusion::Category { .. } => "category",
        Exclusion::Residency { .. } => "residency",
        Exclusion::Certification { .. } => "certification",
        Exclusion::Term { .. } => "term",
        Exclusion::Committed { .. } => "committed",
    }
}

/// The needs with no eligible estimate, with counted reasons.
pub fn dead_ends(world: &World, policy: &Policy) -> Vec<DeadEnd> {
    let elig = eligibility::assess(world, policy);
    elig.unservable()
        .into_iter()
        .map(|n| {
            let detail: Vec<(String, Vec<Exclusion>)> = world
                .estimates
                .iter()
                .enumerate()
                .filter(|(_, e)| e.need == n)
                .map(|(e, est)| (world.offers[est.offer].id.clone(), elig.reasons(e).to_vec()))
                .collect();
            let mut reasons: Vec<(String, usize)> = Vec::new();
            for k in ["not_qualified", "category", "residency", "certification", "term"] {
                let count = detail.iter().filter(|(_, r)| r.iter().any(|x| kind(x) == k)).count();
                if count > 0 {
                    reasons.push((k.to_string(), count));
                }
            }
            DeadEnd {
                need: world.needs[n].id.clone(),
                agency: world.agencies[world.needs[n].agency].id.clone(),
                personal_info: world.needs[n].personal_info,
                estimates: detail.len(),
                reasons,
                detail,
            }
        })
        .collect()
}

/// Whether some allocation satisfies the policy (a feasibility solve: no objective).
pub fn feasible(world: &World, policy: &Policy) -> bool {
    let elig = eligibility::assess(world, policy);
    let f = model::build(world, policy, &elig);
    if f.columns.is_empty() {
        return true;
    }
    let zero = vec![0.0; f.columns.len()];
    let mut settings = policy.solver.clone();
    settings.threads = 1;
    let req = MipRequest {
        formulation: &f,
        objective: &zero,
        sense: f.sense,
        extra_rows: &[],
        settings: &settings,
        ..MipRequest::new(&f, &settings, TIGHT_TOLERANCE)
    };
    matches!(run(&req), Ok(r) if r.values.is_some())
}

const STEP: Decimal = Decimal::from_parts(1, 0, 0, false, 3);

/// Smallest value in [lo, hi] (to 0.001) for which `ok` holds, given `ok(hi)`; `ok` is monotone increasing.
fn lowest_ok(mut lo: Decimal, mut hi: Decimal, ok: impl Fn(Decimal) -> bool) -> Decimal {
    // Invariant: ok(hi); lo is not known to be ok (the current value is not).
    while hi - lo > STEP {
        let mid = ((lo + hi) / Decimal::TWO).round_dp(3);
        if mid <= lo || mid >= hi {
            break;
        }
        if ok(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// Largest value in [lo, hi] for which `ok` holds, given `ok(lo)`; `ok` is monotone decreasing.
fn highest_ok(mut lo: Decimal, mut hi: Decimal, ok: impl Fn(Decimal) -> bool) -> Decimal {
    while hi - lo > STEP {
        let mid = ((lo + hi) / Decimal::TWO).round_dp(3);
        if mid <= lo || mid >= hi {
            break;
        }
        if ok(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// A knob of the policy that can be loosened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Knob {
    ProviderCap,
    ResellerCap,
    AgencyCap,
    MinProviders,
    QuebecFloor,
    Capacity,
}

impl Knob {
    fn name(self) -> &'static str {
        match self {
            Knob::ProviderCap => "spread.max_provider_share",
            Knob::ResellerCap => "spread.max_reseller_share",
            Knob::AgencyCap => "spread.max_provider_share_per_agency",
            Knob::MinProviders => "spread.min_providers",
            Knob::QuebecFloor => "quebec.min_share",
            Knob::Capacity => "capacity",
        }
    }

    fn present(policy: &Policy, world: &World) -> Vec<Knob> {
        let mut v = Vec::new();
        if let Some(s) = &policy.spread {
            if s.max_provider_share.is_some_and(|c| c < Decimal::ONE) {
                v.push(Knob::ProviderCap);
            }
            if s.max_reseller_share.is_some_and(|c| c < Decimal::ONE) {
                v.push(Knob::ResellerCap);
            }
            if s.max_provider_share_per_agency.is_some_and(|c| c < Decimal::ONE) {
                v.push(Knob::AgencyCap);
            }
            if s.min_providers.is_some_and(|k| k > 1) {
                v.push(Knob::MinProviders);
            }
        }
        if policy.quebec.is_some_and(|q| q.min_share > Decimal::ZERO) {
            v.push(Knob::QuebecFloor);
        }
        if policy.capacity && !world.capacities.is_empty() {
            v.push(Knob::Capacity);
        }
        v
    }

    /// The policy with this knob at its loosest.
    fn loosen(self, policy: &Policy) -> Policy {
        let mut p = policy.clone();
        if let Some(s) = p.spread.as_mut() {
            match self {
                Knob::ProviderCap => s.max_provider_share = None,
                Knob::ResellerCap => s.max_reseller_share = None,
                Knob::AgencyCap => s.max_provider_share_per_agency = None,
                Knob::MinProviders => s.min_providers = None,
                _ => {}
            }
        }
        match self {
            Knob::QuebecFloor => p.quebec = None,
            Knob::Capacity => p.capacity = false,
            _ => {}
        }
        p
    }
}

/// The smallest change of `knob` that makes the policy feasible, given that loosening it fully does.
fn relax(world: &World, policy: &Policy, knob: Knob) -> Option<Relaxation> {
    let spread = policy.spread.clone().unwrap_or_default();
    let with = |f: &dyn Fn(&mut Policy)| {
        let mut p = policy.clone();
        f(&mut p);
        feasible(world, &p)
    };
    Some(match knob {
        Knob::ProviderCap => {
            let from = spread.max_provider_share?;
            let to = lowest_ok(from, Decimal::ONE, |c| {
                with(&|p| p.spread.as_mut().into_iter().for_each(|s| s.max_provider_share = Some(c)))
            });
            Relaxation::RaiseProviderCap { from, to }
        }
        Knob::ResellerCap => {
            let from = spread.max_reseller_share?;
            let to = lowest_ok(from, Decimal::ONE, |c| {
                with(&|p| p.spread.as_mut().into_iter().for_each(|s| s.max_reseller_share = Some(c)))
            });
            Relaxation::RaiseResellerCap { from, to }
        }
        Knob::AgencyCap => {
            let from = spread.max_provider_share_per_agency?;
            let to = lowest_ok(from, Decimal::ONE, |c| {
                with(&|p| p.spread.as_mut().into_iter().for_each(|s| s.max_provider_share_per_agency = Some(c)))
            });
            Relaxation::RaiseAgencyCap { from, to }
        }
        Knob::MinProviders => {
            let from = spread.min_providers?;
            let to = (1..from).rev().find(|&k| {
                with(&|p: &mut Policy| p.spread.as_mut().into_iter().for_each(|s| s.min_providers = Some(k)))
            })?;
            Relaxation::LowerMinProviders { from, to }
        }
        Knob::QuebecFloor => {
            let from = policy.quebec?.min_share;
            let to = highest_ok(Decimal::ZERO, from, |q| {
                with(&|p| p.quebec.as_mut().into_iter().for_each(|x| x.min_share = q))
            });
            Relaxation::LowerQuebecFloor { from, to }
        }
        Knob::Capacity => capacity_raises(world, policy)?,
    })
}

/// Elastic re-solve: a slack on every capacity row, minimising the capacity added (relative to each limit).
fn capacity_raises(world: &World, policy: &Policy) -> Option<Relaxation> {
    let elig = eligibility::assess(world, policy);
    let mut f: Formulation = model::build(world, policy, &elig);
    let cap_rows: Vec<usize> = f
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.family, Family::Capacity { .. }))
        .map(|(i, _)| i)
        .collect();
    for &i in &cap_rows {
        let col = f.columns.len();
        f.columns.push(Column::slack(format!("slack[{}]", f.rows[i].name), i));
        f.tiebreak.push(0.0);
        let limit = f.rows[i].upper.max(1.0);
        f.objective.push(1.0 / limit);
        f.rows[i].terms.push((col, -1.0));
    }
    let n_award = f.objective.len() - cap_rows.len();
    for c in f.objective.iter_mut().take(n_award) {
        *c = 0.0;
    }
    let mut settings = policy.solver.clone();
    settings.threads = 1;
    let req = MipRequest {
        formulation: &f,
        objective: &f.objective,
        sense: model::Sense::Minimise,
        extra_rows: &[],
        settings: &settings,
        ..MipRequest::new(&f, &settings, TIGHT_TOLERANCE)
    };
    let values = run(&req).ok().filter(|r| r.status == MipStatus::Optimal)?.values?;
    // Needed limit per row: the exact consumption of the elastic allocation, where it exceeds the limit.
    let awards = f.awarded(&values);
    let mut raises = Vec::new();
    for cap in &world.capacities {
        let used = crate::verify::capacity_used(world, cap, &awards);
        if used > cap.limit {
            raises.push((world.suppliers[cap.supplier].id.clone(), cap.unit.clone(), cap.limit, used));
        }
    }
    (!raises.is_empty()).then_some(Relaxation::RaiseCapacities { raises })
}

/// [`diagnose`] for a policy already solved: one that gave an allocation is feasible without a re-solve.
pub fn diagnose_after(world: &World, policy: &Policy, status: Status) -> Diagnosis {
    diagnosis(world, policy, status.has_allocation() || feasible(world, policy))
}

/// Diagnose a scenario: dead-end needs always; relaxations when the policy is infeasible. The searches for the
/// different knobs run in parallel.
pub fn diagnose(world: &World, policy: &Policy) -> Diagnosis {
    diagnosis(world, policy, feasible(world, policy))
}

fn diagnosis(world: &World, policy: &Policy, is_feasible: bool) -> Diagnosis {
    let dead_ends = dead_ends(world, policy);
    if is_feasible {
        return Diagnosis { infeasible: false, dead_ends, relaxations: vec![], conflicting: vec![] };
    }
    let knobs = Knob::present(policy, world);
    let relaxations: Vec<Relaxation> = knobs
        .par_iter()
        .filter(|&&k| feasible(world, &k.loosen(policy)))
        .filter_map(|&k| relax(world, policy, k))
        .collect();
    let conflicting =
        if relaxations.is_empty() { knobs.iter().map(|k| k.name().to_string()).collect() } else { vec![] };
    Diagnosis { infeasible: true, dead_ends, relaxations, conflicting }
}
