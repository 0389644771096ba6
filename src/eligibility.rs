//! P0 and art. 48 eligibility: which estimates may be awarded at all, and why each other one may not.
//!
//! An estimate is eligible when its offer is qualified, is in the need's category, holds every certification the
//! need requires, hosts the data where it may go (a need holding personal information must be hosted in Quebec,
//! region [`QUEBEC_REGION`], or in a region the scenario declares equivalent), and its term, renewals included, is
//! within the policy's maximum (at most 36 months, art. 48 RCTI). Every exclusion keeps all its reasons.

use crate::domain::{Category, Policy, World, QUEBEC_REGION};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One reason an estimate cannot be awarded.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Exclusion {
    /// The offer was not qualified by the broker's call for interest.
    NotQualified,
    /// The offer is qualified for another category.
    Category {
        /// The offer's category.
        offer: Category,
        /// The need's category.
        need: Category,
    },
    /// The need holds personal information and the estimate hosts it elsewhere.
    Residency {
        /// Where the estimate would host the data.
        region: String,
    },
    /// The offer lacks certifications the need requires.
    Certification {
        /// The missing ones.
        missing: Vec<String>,
    },
    /// The term, renewals included, exceeds the maximum.
    Term {
        /// The estimate's term.
        months: u32,
        /// The maximum allowed.
        max: u32,
    },
    /// The need was already awarded (the scenario's committed awards) to another offer.
    Committed {
        /// The offer it was awarded to.
        offer: String,
    },
}

impl std::fmt::Display for Exclusion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exclusion::NotQualified => write!(f, "offer not qualified"),
            Exclusion::Category { offer, need } => write!(f, "offer is {offer}, need is {need}"),
            Exclusion::Residency { region } => {
                write!(f, "need holds personal information but data would be hosted in `{region}`")
            }
            Exclusion::Certification { missing } => write!(f, "missing certification {}", missing.join(", ")),
            Exclusion::Term { months, max } => write!(f, "term of {months} months exceeds {max} (art. 48 RCTI)"),
            Exclusion::Committed { offer } => write!(f, "the need is already awarded to {offer}"),
        }
    }
}

/// The eligibility of every estimate of a world under a policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Eligibility {
    /// Indices of eligible estimates, ascending.
    pub eligible: Vec<usize>,
    /// Excluded estimates with their reasons, ascending by estimate.
    pub excluded: Vec<(usize, Vec<Exclusion>)>,
    /// For each need, its eligible estimates.
    pub by_need: Vec<Vec<usize>>,
    /// For each need, the lowest eligible price (None: no eligible estimate).
    pub lowest_price: Vec<Option<rust_decimal::Decimal>>,
}

impl Eligibility {
    /// Needs with no eligible estimate, ascending.
    pub fn unservable(&self) -> Vec<usize> {
        (0..self.by_need.len()).filter(|&n| self.by_need[n].is_empty()).collect()
    }

    /// The agencies a per-agency cap applies to: those with at least `min_needs` servable needs.
    pub fn agencies_with_served_needs(&self, world: &crate::domain::World, min_needs: u32) -> Vec<usize> {
        let mut served = vec![0u32; world.agencies.len()];
        for (n, ests) in self.by_need.iter().enumerate() {
            if !ests.is_empty() {
                served[world.needs[n].agency] += 1;
            }
        }
        (0..served.len()).filter(|&a| served[a] >= min_needs.max(1)).collect()
    }

    /// Whether one estimate is eligible.
    pub fn is_eligible(&self, estimate: usize) -> bool {
        self.eligible.binary_search(&estimate).is_ok()
    }

    /// The reasons an estimate is excluded (empty when eligible).
    pub fn reasons(&self, estimate: usize) -> &[Exclusion] {
        match self.excluded.binary_search_by_key(&estimate, |(e, _)| *e) {
            Ok(i) => &self.excluded[i].1,
            Err(_) => &[],
        }
    }
}

/// Every reason estimate `e` is excluded under `policy` (empty: eligible). A committed award is eligible whatever
/// the rules (it was made already); the need's other estimates are excluded.
pub fn exclusions(world: &World, policy: &Policy, e: usize) -> Vec<Exclusion> {
    let est = &world.estimates[e];
    let need = &world.needs[est.need];
    let offer = &world.offers[est.offer];
    if let Some(c) = policy.commitment(&need.id) {
        return if c.offer == offer.id { vec![] } else { vec![Exclusion::Committed { offer: c.offer.clone() }] };
    }
    let mut reasons = Vec::new();
    if !offer.qualified {
        reasons.push(Exclusion::NotQualified);
    }
    if offer.category != need.category {
        reasons.push(Exclusion::Category { offer: offer.category, need: need.category });
    }
    if need.personal_info
        && *est.region != *QUEBEC_REGION
        && !policy.eligibility.equivalent_regions.contains(&*est.region)
    {
        reasons.push(Exclusion::Residency { region: est.region.to_string() });
    }
    let missing: BTreeSet<&String> = need.certifications.difference(&offer.certifications).collect();
    if !missing.is_empty() {
        reasons.push(Exclusion::Certification { missing: missing.into_iter().cloned().collect() });
    }
    if est.term_months > policy.eligibility.max_term_months {
        reasons.push(Exclusion::Term { months: est.term_months, max: policy.eligibility.max_term_months });
    }
    reasons
}

/// Assess every estimate.
pub fn assess(world: &World, policy: &Policy) -> Eligibility {
    let mut eligible = Vec::new();
    let mut excluded = Vec::new();
    let mut by_need = vec![Vec::new(); world.needs.len()];
    let mut lowest_price: Vec<Option<rust_decimal::Decimal>> = vec![None; world.needs.len()];
    for (e, est) in world.estimates.iter().enumerate() {
        let reasons = exclusions(world, policy, e);
        if reasons.is_empty() {
            eligible.push(e);
            by_need[est.need].push(e);
            let low = &mut lowest_price[est.need];
            *low = Some(low.map_or(est.price, |p| p.min(est.price)));
        } else {
            excluded.push((e, reasons));
        }
    }
    Eligibility { eligible, excluded, by_need, lowest_price }
}
