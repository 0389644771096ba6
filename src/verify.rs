//! Independent re-verification of an allocation against the world and the policy, in exact decimal arithmetic.
//!
//! The rules ([`verify_awards`]) never look at the MIP: they re-derive every rule from the domain, so they can check
//! an allocation from any source (the optimiser, a spreadsheet, a hand edit) and serve as the oracle's feasibility
//! test. [`mismatch`] compares every value a file states about an allocation with the value recomputed from the
//! inputs; [`optimality`] compares the allocation's cost with the best the scenario allows (the one place `verify`
//! calls the optimiser). [`Verdict`] gathers the three for the report layer; [`plan`] does the same for a migration
//! plan.

pub mod mismatch;
pub mod optimality;
pub mod plan;

use crate::domain::{Policy, World};
use crate::eligibility::{self, Exclusion};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One way an allocation breaks the rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "violation", rename_all = "snake_case")]
pub enum Violation {
    /// A need is awarded more than once.
    AwardedTwice {
        /// Need id.
        need: String,
        /// How many awards.
        count: usize,
    },
    /// A need with eligible estimates is not awarded.
    NotAwarded {
        /// Need id.
        need: String,
    },
    /// The awarded estimate is not eligible.
    Ineligible {
        /// Need id.
        need: String,
        /// Offer id.
        offer: String,
        /// Why.
        reasons: Vec<Exclusion>,
    },
    /// A share cap is exceeded (P2).
    ShareCap {
        /// `provider`, `reseller`, or `provider in agency <id>`.
        scope: String,
        /// Supplier id.
        supplier: String,
        /// Its value.
        value: Decimal,
        /// The total it is a share of.
        total: Decimal,
        /// The cap.
        cap: Decimal,
    },
    /// Fewer distinct providers than required (P2).
    MinProviders {
        /// Distinct providers awarded.
        count: usize,
        /// Required.
        min: u32,
    },
    /// The Quebec floor is not met (P3).
    QuebecFloor {
        /// Value credited to Quebec firms.
        value: Decimal,
        /// Total awarded value.
        total: Decimal,
        /// The floor.
        floor: Decimal,
    },
    /// A capacity is exceeded (P0).
    Capacity {
        /// Supplier id.
        supplier: String,
        /// Unit.
        unit: String,
        /// Consumed.
        used: Decimal,
        /// Limit.
        limit: Decimal,
    },
}

fn pct(part: Decimal, total: Decimal) -> String {
    if total.is_zero() {
        return "0 %".into();
    }
    format!("{:.2} %", part / total * Decimal::ONE_HUNDRED)
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Violation::AwardedTwice { need, count } => write!(f, "need {need} is awarded {count} times"),
            Violation::NotAwarded { need } => write!(f, "need {need} has eligible estimates but is not awarded"),
            Violation::Ineligible { need, offer, reasons } => {
                let r: Vec<String> = reasons.iter().map(|r| r.to_string()).collect();
                write!(f, "award of {need} to {offer} is not eligible: {}", r.join("; "))
            }
            Violation::ShareCap { scope, supplier, value, total, cap } => write!(
                f,
                "{scope} {supplier} holds {} of the awarded value, above the cap of {} (P2)",
                pct(*value, *total),
                pct(*cap, Decimal::ONE)
            ),
            Violation::MinProviders { count, min } => {
                write!(f, "{count} distinct providers awarded, at least {min} required (P2)")
            }
            Violation::QuebecFloor { value, total, floor } => write!(
                f,
                "Quebec firms hold {} of the awarded value, below the floor of {} (P3)",
                pct(*value, *total),
                pct(*floor, Decimal::ONE)
            ),
            Violation::Capacity { supplier, unit, used, limit } => {
                write!(f, "supplier {supplier} would use {used} {unit}, above its capacity of {limit} (P0)")
            }
        }
    }
}

/// What an allocation consumes of a capacity: the consumption, in its unit, of every awarded estimate whose
/// provider or reseller is the capacity's supplier (once per estimate, even when the supplier is both).
pub fn capacity_used(world: &World, cap: &crate::domain::Capacity, awards: &[usize]) -> Decimal {
    awards
        .iter()
        .filter(|&&e| world.provider_of(e) == cap.supplier || world.reseller_of(e) == cap.supplier)
        .filter_map(|&e| world.estimates[e].consumption.get(&cap.unit))
        .sum()
}

/// Why a (need, offer) pair read from an allocation names no estimate of the model. This is bad input (the
/// allocation cannot even be priced), not a broken rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Unresolved {
    /// The need is not in the model.
    UnknownNeed,
    /// The offer is not in the model.
    UnknownOffer,
    /// Need and offer exist, but the offer made no estimate for the need.
    NoEstimate,
}

/// The estimate an award names, by need id and offer id.
pub fn resolve(world: &World, need: &str, offer: &str) -> Result<usize, Unresolved> {
    let n = world.need_index(need).ok_or(Unresolved::UnknownNeed)?;
    let o = world.offer_index(offer).ok_or(Unresolved::UnknownOffer)?;
    world.estimate_index(n, o).ok_or(Unresolved::NoEstimate)
}

/// What `verify` found about one allocation: broken rules, values the file states that the inputs do not give,
/// how its cost compares with the best the scenario allows, and what could not be checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Scenario name.
    pub scenario: String,
    /// Number of awards checked.
    pub awards: usize,
    /// No broken rule and no mismatch.
    pub valid: bool,
    /// Broken rules.
    pub violations: Vec<Violation>,
    /// Values read that differ from the values recomputed from the inputs.
    pub mismatches: Vec<mismatch::Mismatch>,
    /// Cost and optimality.
    pub optimality: optimality::Optimality,
    /// What was not checked, and why (e.g. optimality with `--no-optimality`).
    pub not_checked: Vec<String>,
}

impl Verdict {
    /// Gather the findings; the allocation is valid when no rule is broken and nothing read differs.
    pub fn new(
        scenario: &str,
        awards: usize,
        violations: Vec<Violation>,
        mismatches: Vec<mismatch::Mismatch>,
        optimality: optimality::Optimality,
        not_checked: Vec<String>,
    ) -> Self {
        Verdict {
            scenario: scenario.to_string(),
            awards,
            valid: violations.is_empty() && mismatches.is_empty(),
            violations,
            mismatches,
            optimality,
            not_checked,
        }
    }
}

/// Check an allocation given as estimate indices. An empty result means the allocation is valid.
pub fn verify_awards(world: &World, policy: &Policy, awards: &[usize]) -> Vec<Violation> {
    let mut v = Vec::new();
    let elig = eligibility::assess(world, policy);
    let mut count = vec![0usize; world.needs.len()];
    for &e in awards {
        count[world.estimates[e].need] += 1;
    }
    for (n, &c) in count.iter().enumerate() {
        if c > 1 {
            v.push(Violation::AwardedTwice { need: world.needs[n].id.clone(), count: c });
        } else if c == 0 && !elig.by_need[n].is_empty() {
            v.push(Violation::NotAwarded { need: world.needs[n].id.clone() });
        }
    }
    for &e in awards {
        let reasons = elig.reasons(e);
        if !reasons.is_empty() {
            let est = &world.estimates[e];
            v.push(Violation::Ineligible {
                need: world.needs[est.need].id.clone(),
                offer: world.offers[est.offer].id.clone(),
                reasons: reasons.to_vec(),
            });
        }
    }
    let price = |e: usize| world.estimates[e].price;
    let total: Decimal = awards.iter().map(|&e| price(e)).sum();
    let sum_by = |key: &dyn Fn(usize) -> usize, subset: &dyn Fn(usize) -> bool| {
        let mut m: BTreeMap<usize, Decimal> = BTreeMap::new();
        for &e in awards.iter().filter(|&&e| subset(e)) {
            *m.entry(key(e)).or_default() += price(e);
        }
        m
    };
    if let Some(spread) = &policy.spread {
        let mut caps: Vec<(&str, Decimal, BTreeMap<usize, Decimal>)> = Vec::new();
        if let Some(cap) = spread.max_provider_share {
            caps.push(("provider", cap, sum_by(&|e| world.provider_of(e), &|_| true)));
        }
        if let Some(cap) = spread.max_reseller_share {
            caps.push(("reseller", cap, sum_by(&|e| world.reseller_of(e), &|_| true)));
        }
        for (scope, cap, values) in caps {
            for (s, value) in values {
                if value > cap * total {
                    v.push(Violation::ShareCap {
                        scope: scope.into(),
                        supplier: world.suppliers[s].id.clone(),
                        value,
                        total,
                        cap,
                    });
                }
            }
        }
        if let Some(min) = spread.min_providers {
            let distinct = sum_by(&|e| world.provider_of(e), &|_| true).len();
            if distinct < min as usize {
                v.push(Violation::MinProviders { count: distinct, min });
            }
        }
        if let Some(cap) = spread.max_provider_share_per_agency {
            for a in elig.agencies_with_served_needs(world, spread.per_agency_min_needs) {
                let in_agency = |e: usize| world.agency_of(e) == a;
                let agency_total: Decimal = awards.iter().filter(|&&e| in_agency(e)).map(|&e| price(e)).sum();
                for (p, value) in sum_by(&|e| world.provider_of(e), &in_agency) {
                    if value > cap * agency_total {
                        v.push(Violation::ShareCap {
                            scope: format!("provider in agency {}", world.agencies[a].id),
                            supplier: world.suppliers[p].id.clone(),
                            value,
                            total: agency_total,
                            cap,
                        });
                    }
                }
            }
        }
    }
    if let Some(q) = &policy.quebec {
        let value: Decimal = awards.iter().filter(|&&e| q.credit.counts(world, e)).map(|&e| price(e)).sum();
        if value < q.min_share * total {
            v.push(Violation::QuebecFloor { value, total, floor: q.min_share });
        }
    }
    if policy.capacity {
        for cap in &world.capacities {
            let used = capacity_used(world, cap, awards);
            if used > cap.limit {
                v.push(Violation::Capacity {
                    supplier: world.suppliers[cap.supplier].id.clone(),
                    unit: cap.unit.clone(),
                    used,
                    limit: cap.limit,
                });
            }
        }
    }
    v
}
