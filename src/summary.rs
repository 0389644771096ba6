//! Figures of a solved scenario, recomputed exactly from the chosen estimates: cost, premium over the cheapest
//! eligible choice, shares and concentration (HHI) by provider and reseller, the Quebec share, the awards that need
//! an ADO. Pure data; the report layer renders it.

use crate::domain::{Policy, QuebecCredit, World};
use crate::eligibility::{Eligibility, Exclusion};
use crate::solve::{Outcome, Status};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One award.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardLine {
    /// Need id.
    pub need: String,
    /// Agency id.
    pub agency: String,
    /// Offer id.
    pub offer: String,
    /// Provider id.
    pub provider: String,
    /// Reseller id.
    pub reseller: String,
    /// Price of the awarded estimate.
    pub price: Decimal,
    /// Lowest eligible price for the need.
    pub lowest_eligible_price: Decimal,
    /// `price − lowest_eligible_price`.
    pub premium: Decimal,
    /// The published draw decided this award.
    pub tie_broken: bool,
    /// Not the lowest eligible price: art. 48 requires the head of the organisation's authorisation (ADO).
    pub ado_required: bool,
    /// Counts toward the Quebec share.
    pub quebec: bool,
    /// An award already made (the scenario's committed awards), not decided by this run.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub committed: bool,
}

/// A supplier's part of the allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierShare {
    /// Supplier id.
    pub id: String,
    /// Supplier name.
    pub name: String,
    /// A Quebec firm.
    pub quebec_firm: bool,
    /// Number of awards.
    pub awards: usize,
    /// Awarded value.
    pub value: Decimal,
    /// Share of the total awarded value, in [0, 1], rounded to 6 decimals.
    pub share: Decimal,
}

/// A need that could not be served.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unserved {
    /// Need id.
    pub need: String,
    /// Agency id.
    pub agency: String,
    /// Each estimate received, with why it was excluded.
    pub estimates: Vec<(String, Vec<Exclusion>)>,
}

/// The figures of one solved scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Status.
    pub status: Status,
    /// Awards, by need id.
    pub awards: Vec<AwardLine>,
    /// Needs with no eligible estimate.
    pub unserved: Vec<Unserved>,
    /// Total awarded value (exact).
    pub total_cost: Decimal,
    /// Sum of the lowest eligible price of each awarded need.
    pub lowest_total: Decimal,
    /// `total_cost − lowest_total`.
    pub premium: Decimal,
    /// Providers, by id.
    pub providers: Vec<SupplierShare>,
    /// Resellers, by id.
    pub resellers: Vec<SupplierShare>,
    /// Value credited to Quebec firms (per the scenario's credit rule, `either` when P3 is off).
    pub quebec_value: Decimal,
    /// Its share of the total.
    pub quebec_share: Decimal,
    /// Herfindahl-Hirschman index of provider value shares (0 to 10 000).
    pub hhi_providers: Decimal,
    /// Herfindahl-Hirschman index of reseller value shares.
    pub hhi_resellers: Decimal,
    /// Awards not at the lowest eligible price (each needs an ADO).
    pub ado_count: usize,
    /// Awards decided by the published draw.
    pub tie_broken_count: usize,
    /// When the allocation is not proven optimal: how far from the best possible allocation it may be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proven_within: Option<ProvenGap>,
    /// With committed awards: how the year's shares stand with the committed awards alone and with the new ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<YearShares>,
}

/// The year's shares before and after this run's awards, when the scenario names committed awards (rolling use).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearShares {
    /// Committed awards.
    pub committed_awards: usize,
    /// Their value.
    pub committed_value: Decimal,
    /// Awards of this run.
    pub new_awards: usize,
    /// Their value.
    pub new_value: Decimal,
    /// Each supplier's share, committed alone and with the new awards, providers then resellers.
    pub suppliers: Vec<ShareChange>,
    /// Quebec share of the committed awards alone.
    pub quebec_committed: Decimal,
    /// Quebec share with the new awards.
    pub quebec_with_new: Decimal,
}

/// A supplier's share before and after this run's awards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareChange {
    /// `provider` or `reseller`.
    pub role: String,
    /// Supplier id.
    pub id: String,
    /// Share of the committed value.
    pub committed: Decimal,
    /// Share of the year's value, new awards included.
    pub with_new: Decimal,
}

/// The year's shares, when some awards are committed (None otherwise).
pub fn year_shares(world: &World, awards: &[AwardLine]) -> Option<YearShares> {
    let committed: Vec<AwardLine> = awards.iter().filter(|a| a.committed).cloned().collect();
    if committed.is_empty() {
        return None;
    }
    let committed_value: Decimal = committed.iter().map(|a| a.price).sum();
    let total: Decimal = awards.iter().map(|a| a.price).sum();
    let mut suppliers = Vec::new();
    type Key = fn(&AwardLine) -> &str;
    let roles: [(&str, Key); 2] = [("provider", |a| &a.provider), ("reseller", |a| &a.reseller)];
    for (role, key) in roles {
        let before: BTreeMap<String, Decimal> =
            shares(world, &committed, key, committed_value).into_iter().map(|s| (s.id, s.share)).collect();
        for s in shares(world, awards, key, total) {
            let committed = before.get(&s.id).copied().unwrap_or_default();
            suppliers.push(ShareChange { role: role.into(), committed, with_new: s.share, id: s.id });
        }
    }
    let q = |set: &[AwardLine], total| share(set.iter().filter(|a| a.quebec).map(|a| a.price).sum(), total);
    Some(YearShares {
        committed_awards: committed.len(),
        committed_value,
        new_awards: awards.len() - committed.len(),
        new_value: total - committed_value,
        suppliers,
        quebec_committed: q(&committed, committed_value),
        quebec_with_new: q(awards, total),
    })
}

/// How far an allocation that is not proven optimal may be from the best possible one: the distance between its
/// objective and the best bound HiGHS proved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvenGap {
    /// The distance: CAD under the price basis (rounded up to the cent), points under the weighted basis.
    pub amount: Decimal,
    /// Whether `amount` is money (`cad`) or weighted points (`points`).
    pub unit: GapUnit,
    /// `amount` relative to the allocation's objective (a fraction, e.g. 0.00001 for 0.001 %).
    pub relative: Decimal,
}

/// The unit of a [`ProvenGap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapUnit {
    /// Canadian dollars (price basis).
    Cad,
    /// Points of the weighted score (art. 48 2°).
    Points,
}

/// The proven gap of an allocation whose status is not optimal, from its exact objective and HiGHS's bound.
pub fn proven_gap(policy: &Policy, outcome: &Outcome, total_cost: Decimal) -> Option<ProvenGap> {
    use rust_decimal::prelude::FromPrimitive;
    if outcome.status == Status::Optimal || !outcome.status.has_allocation() {
        return None;
    }
    let bound = Decimal::from_f64(outcome.bound?)?;
    let (objective, unit, dp) = match policy.objective {
        crate::domain::Objective::Price => (total_cost, GapUnit::Cad, 2),
        crate::domain::Objective::Weighted(_) => (Decimal::from_f64(outcome.objective?)?, GapUnit::Points, 6),
    };
    Some(ProvenGap::between(objective, bound, unit, dp))
}

impl ProvenGap {
    /// The gap between an objective and a proven bound: the distance rounded up to `dp` decimals, and relative to
    /// the objective (8 decimals).
    pub fn between(objective: Decimal, bound: Decimal, unit: GapUnit, dp: u32) -> Self {
        use rust_decimal::RoundingStrategy;
        let amount = (objective - bound).abs().round_dp_with_strategy(dp, RoundingStrategy::AwayFromZero);
        let relative = if objective.is_zero() { Decimal::ZERO } else { (amount / objective.abs()).round_dp(8) };
        ProvenGap { amount, unit, relative }
    }
}

/// An estimate that may not be awarded, with every reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExcludedLine {
    /// Need id.
    pub need: String,
    /// Offer id.
    pub offer: String,
    /// Why it is excluded.
    pub reasons: Vec<Exclusion>,
}

/// Every excluded estimate, by need then offer.
pub fn excluded(world: &World, elig: &Eligibility) -> Vec<ExcludedLine> {
    elig.excluded
        .iter()
        .map(|(e, reasons)| {
            let est = &world.estimates[*e];
            ExcludedLine {
                need: world.needs[est.need].id.clone(),
                offer: world.offers[est.offer].id.clone(),
                reasons: reasons.clone(),
            }
        })
        .collect()
}

/// `part / total` rounded to 6 decimals (0 when the total is 0).
pub fn share(part: Decimal, total: Decimal) -> Decimal {
    if total.is_zero() {
        Decimal::ZERO
    } else {
        (part / total).round_dp(6)
    }
}

fn shares(world: &World, awards: &[AwardLine], key: impl Fn(&AwardLine) -> &str, total: Decimal) -> Vec<SupplierShare> {
    let mut m: BTreeMap<&str, (usize, Decimal)> = BTreeMap::new();
    for a in awards {
        let entry = m.entry(key(a)).or_default();
        entry.0 += 1;
        entry.1 += a.price;
    }
    m.into_iter()
        .map(|(id, (count, value))| {
            let s = world.supplier_index(id).map(|i| &world.suppliers[i]);
            SupplierShare {
                id: id.to_string(),
                name: s.map(|s| s.name.clone()).unwrap_or_default(),
                quebec_firm: s.is_some_and(|s| s.quebec_firm),
                awards: count,
                value,
                share: share(value, total),
            }
        })
        .collect()
}

/// HHI from exact values: Σ (100 · value / total)², rounded to 2 decimals.
pub fn hhi(values: impl IntoIterator<Item = Decimal>, total: Decimal) -> Decimal {
    if total.is_zero() {
        return Decimal::ZERO;
    }
    values
        .into_iter()
        .map(|v| {
            let pct = v * Decimal::ONE_HUNDRED / total;
            pct * pct
        })
        .sum::<Decimal>()
        .round_dp(2)
}

/// The line of one awarded estimate, every figure recomputed from the world.
pub fn award_line(world: &World, elig: &Eligibility, credit: QuebecCredit, e: usize, tie_broken: bool) -> AwardLine {
    award_line_under(world, None, elig, credit, e, tie_broken)
}

/// [`award_line`], marking the awards the policy names as committed.
pub fn award_line_under(
    world: &World,
    policy: Option<&Policy>,
    elig: &Eligibility,
    credit: QuebecCredit,
    e: usize,
    tie_broken: bool,
) -> AwardLine {
    let est = &world.estimates[e];
    let need = &world.needs[est.need];
    let lowest = elig.lowest_price[est.need].unwrap_or(est.price);
    AwardLine {
        need: need.id.clone(),
        agency: world.agencies[need.agency].id.clone(),
        offer: world.offers[est.offer].id.clone(),
        provider: world.suppliers[world.provider_of(e)].id.clone(),
        reseller: world.suppliers[world.reseller_of(e)].id.clone(),
        price: est.price,
        lowest_eligible_price: lowest,
        premium: est.price - lowest,
        tie_broken,
        ado_required: est.price > lowest,
        quebec: credit.counts(world, e),
        committed: policy
            .is_some_and(|p| p.commitment(&need.id).is_some_and(|c| c.offer == world.offers[est.offer].id)),
    }
}

/// The Quebec credit rule a summary uses: the scenario's, `either` when P3 is off.
pub fn credit_rule(policy: &Policy) -> QuebecCredit {
    policy.quebec.map_or(QuebecCredit::Either, |q| q.credit)
}

/// Summarise an outcome.
pub fn summarize(world: &World, policy: &Policy, elig: &Eligibility, outcome: &Outcome) -> Summary {
    let credit = credit_rule(policy);
    let mut awards: Vec<AwardLine> = outcome
        .awards
        .iter()
        .map(|&e| {
            let tie_broken = outcome.tie_broken.binary_search(&world.estimates[e].need).is_ok();
            award_line_under(world, Some(policy), elig, credit, e, tie_broken)
        })
        .collect();
    awards.sort_by(|a, b| a.need.cmp(&b.need));
    let unserved = elig
        .unservable()
        .into_iter()
        .map(|n| Unserved {
            need: world.needs[n].id.clone(),
            agency: world.agencies[world.needs[n].agency].id.clone(),
            estimates: world
                .estimates
                .iter()
                .enumerate()
                .filter(|(_, est)| est.need == n)
                .map(|(e, est)| (world.offers[est.offer].id.clone(), elig.reasons(e).to_vec()))
                .collect(),
        })
        .collect();
    let total_cost: Decimal = awards.iter().map(|a| a.price).sum();
    let lowest_total: Decimal = awards.iter().map(|a| a.lowest_eligible_price).sum();
    let providers = shares(world, &awards, |a| &a.provider, total_cost);
    let resellers = shares(world, &awards, |a| &a.reseller, total_cost);
    let quebec_value: Decimal = awards.iter().filter(|a| a.quebec).map(|a| a.price).sum();
    Summary {
        status: outcome.status,
        unserved,
        total_cost,
        lowest_total,
        premium: total_cost - lowest_total,
        hhi_providers: hhi(providers.iter().map(|s| s.value), total_cost),
        hhi_resellers: hhi(resellers.iter().map(|s| s.value), total_cost),
        providers,
        resellers,
        quebec_value,
        quebec_share: share(quebec_value, total_cost),
        ado_count: awards.iter().filter(|a| a.ado_required).count(),
        tie_broken_count: awards.iter().filter(|a| a.tie_broken).count(),
        proven_within: proven_gap(policy, outcome, total_cost),
        year: year_shares(world, &awards),
        awards,
    }
}
