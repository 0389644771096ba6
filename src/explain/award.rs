//! Why this award: for one need, the eligible offers ranked, the excluded ones with their reasons, and, when the
//! winner is not the lowest eligible price, the principle(s) that forced it, found by computation:
//!
//! 1. the swap test: the final allocation with this need moved to the cheaper offer and everything else unchanged,
//!    re-checked exactly by [`verify_awards`]; its violations are what the cheaper award would break, with figures;
//! 2. the counterfactual re-solve: the scenario re-optimised with the cheaper offer forced, giving the best cost
//!    achievable with it (or the fact that no allocation satisfies the policy with it).
//!
//! If the swap breaks nothing, the weighted criteria (art. 48 2°) or the published draw decided.

use super::forced::{self, Forced};
use crate::domain::{Objective, Policy, World};
use crate::eligibility::Exclusion;
use crate::model::weighted_score;
use crate::solve::{MipStatus, Solved};
use crate::verify::{verify_awards, Violation};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// An eligible offer for the need, with its ranks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedOffer {
    /// Offer id.
    pub offer: String,
    /// Provider id.
    pub provider: String,
    /// Reseller id.
    pub reseller: String,
    /// Price.
    pub price: Decimal,
    /// 1 = lowest price (equal prices share a rank).
    pub price_rank: usize,
    /// Weighted score (art. 48 2°), when that objective is authorised.
    pub score: Option<f64>,
    /// 1 = highest score, when weighted.
    pub score_rank: Option<usize>,
    /// This offer won the need.
    pub winner: bool,
}

/// An estimate received for the need that could not be awarded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExcludedOffer {
    /// Offer id.
    pub offer: String,
    /// Provider id.
    pub provider: String,
    /// Reseller id.
    pub reseller: String,
    /// Why.
    pub reasons: Vec<Exclusion>,
}

/// What awarding the need to a cheaper offer would have done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Counterfactual {
    /// The cheaper offer.
    pub offer: String,
    /// Its price.
    pub price: Decimal,
    /// The rules the simple swap (everything else unchanged) breaks.
    pub swap_breaks: Vec<Violation>,
    /// Re-optimised with this offer forced: the best total cost (None: no allocation satisfies the policy with it,
    /// or the re-solve could not finish in time; see `forced_status`).
    pub forced_total: Option<Decimal>,
    /// Status of the forced re-solve.
    pub forced_status: MipStatus,
    /// `forced_total − total` of the scenario.
    pub forced_extra_cost: Option<Decimal>,
}

/// A reason the winner is not the lowest eligible price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "ground", rename_all = "snake_case")]
pub enum Ground {
    /// A principle or capacity: the cheaper award would break these rules (P0 capacity, P2, P3).
    Principles {
        /// The principles involved, e.g. `["P2", "P3"]`.
        principles: Vec<String>,
    },
    /// The authorised weighted criteria rank the winner above the cheaper offers (art. 48 2°).
    WeightedCriteria {
        /// The winner's score.
        winner_score: f64,
        /// The best score among cheaper offers.
        best_cheaper_score: f64,
    },
    /// The allocation is not proven optimal: a better one could exist within the proven gap (None: no bound).
    NotProvenOptimal {
        /// The proven gap of the whole allocation.
        within: Option<crate::summary::ProvenGap>,
    },
}

/// The explanation of one need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedExplanation {
    /// Need id.
    pub need: String,
    /// Its title.
    pub title: String,
    /// Agency id.
    pub agency: String,
    /// The winning offer (None: unserved).
    pub winner: Option<RankedOffer>,
    /// Eligible offers, by price then offer id.
    pub eligible: Vec<RankedOffer>,
    /// Excluded estimates with reasons, by offer id.
    pub excluded: Vec<ExcludedOffer>,
    /// Lowest eligible price.
    pub lowest_price: Option<Decimal>,
    /// Premium paid over it.
    pub premium: Decimal,
    /// Not the lowest eligible price: the award needs the head of the organisation's authorisation (art. 48).
    pub ado_required: bool,
    /// Why not the cheapest (empty when it is the cheapest).
    pub grounds: Vec<Ground>,
    /// Each cheaper eligible offer and what awarding it would have done.
    pub counterfactuals: Vec<Counterfactual>,
    /// The published draw decided between equally good allocations for this need.
    pub decided_by_draw: bool,
}

/// How much computation an explanation may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Swap tests only (exact and instant).
    SwapOnly,
    /// Swap tests and a forced re-solve for every cheaper offer.
    Full,
}

fn principle_of(v: &Violation) -> Option<&'static str> {
    match v {
        Violation::ShareCap { .. } | Violation::MinProviders { .. } => Some("P2"),
        Violation::QuebecFloor { .. } => Some("P3"),
        Violation::Capacity { .. } => Some("P0 capacity"),
        _ => None,
    }
}

/// Explain the award of need `n` (index into `world.needs`).
pub fn explain_need(world: &World, policy: &Policy, solved: &Solved, n: usize, depth: Depth) -> NeedExplanation {
    let need = &world.needs[n];
    let elig = &solved.eligibility;
    let awards = &solved.outcome.awards;
    let winner_e = awards.iter().copied().find(|&e| world.estimates[e].need == n);
    let lowest = elig.lowest_price[n];
    let score_of = |e: usize| match &policy.objective {
        Objective::Weighted(w) => Some(weighted_score(world, w, e, lowest.unwrap_or(world.estimates[e].price))),
        Objective::Price => None,
    };
    let mut eligible: Vec<(usize, RankedOffer)> = elig.by_need[n]
        .iter()
        .map(|&e| {
            let est = &world.estimates[e];
            (
                e,
                RankedOffer {
                    offer: world.offers[est.offer].id.clone(),
                    provider: world.suppliers[world.provider_of(e)].id.clone(),
                    reseller: world.suppliers[world.reseller_of(e)].id.clone(),
                    price: est.price,
                    price_rank: 1 + elig.by_need[n].iter().filter(|&&f| world.estimates[f].price < est.price).count(),
                    score: score_of(e),
                    score_rank: None,
                    winner: Some(e) == winner_e,
                },
            )
        })
        .collect();
    if matches!(policy.objective, Objective::Weighted(_)) {
        let scores: Vec<f64> = eligible.iter().map(|(_, r)| r.score.unwrap_or(0.0)).collect();
        for (i, (_, r)) in eligible.iter_mut().enumerate() {
            r.score_rank = Some(1 + scores.iter().filter(|&&s| s > scores[i]).count());
        }
    }
    eligible.sort_by(|a, b| (a.1.price, &a.1.offer).cmp(&(b.1.price, &b.1.offer)));
    let excluded = world
        .estimates
        .iter()
        .enumerate()
        .filter(|(e, est)| est.need == n && !elig.is_eligible(*e))
        .map(|(e, est)| ExcludedOffer {
            offer: world.offers[est.offer].id.clone(),
            provider: world.suppliers[world.provider_of(e)].id.clone(),
            reseller: world.suppliers[world.reseller_of(e)].id.clone(),
            reasons: elig.reasons(e).to_vec(),
        })
        .collect();
    let winner = eligible.iter().find(|(_, r)| r.winner).map(|(_, r)| r.clone());
    let premium = match (&winner, lowest) {
        (Some(w), Some(l)) => w.price - l,
        _ => Decimal::ZERO,
    };
    let mut grounds = Vec::new();
    let mut counterfactuals = Vec::new();
    if let (Some(w), Some(we)) = (&winner, winner_e) {
        let total: Decimal = awards.iter().map(|&e| world.estimates[e].price).sum();
        let cheaper: Vec<usize> = eligible.iter().filter(|(_, r)| r.price < w.price).map(|(e, _)| *e).collect();
        let mut principles: Vec<String> = Vec::new();
        for &c in &cheaper {
            let swapped: Vec<usize> = awards.iter().map(|&e| if e == we { c } else { e }).collect();
            let swap_breaks = verify_awards(world, policy, &swapped);
            for v in &swap_breaks {
                if let Some(p) = principle_of(v) {
                    if !principles.iter().any(|q| q == p) {
                        principles.push(p.to_string());
                    }
                }
            }
            let (forced_total, forced_status) = match depth {
                Depth::Full => forced_cost(world, policy, solved, c),
                Depth::SwapOnly => (None, MipStatus::NoSolution),
            };
            let est = &world.estimates[c];
            counterfactuals.push(Counterfactual {
                offer: world.offers[est.offer].id.clone(),
                price: est.price,
                swap_breaks,
                forced_extra_cost: forced_total.map(|t| t - total),
                forced_total,
                forced_status,
            });
        }
        principles.sort();
        if !principles.is_empty() {
            grounds.push(Ground::Principles { principles });
        }
        if let Some(ws) = w.score {
            let best_cheaper = eligible
                .iter()
                .filter(|(_, r)| r.price < w.price)
                .filter_map(|(_, r)| r.score)
                .fold(f64::NEG_INFINITY, f64::max);
            if !cheaper.is_empty() && ws >= best_cheaper {
                grounds.push(Ground::WeightedCriteria { winner_score: ws, best_cheaper_score: best_cheaper });
            }
        }
        if solved.outcome.status != crate::solve::Status::Optimal && !cheaper.is_empty() {
            let within = crate::summary::proven_gap(policy, &solved.outcome, total);
            grounds.push(Ground::NotProvenOptimal { within });
        }
    }
    NeedExplanation {
        need: need.id.clone(),
        title: need.title.clone(),
        agency: world.agencies[need.agency].id.clone(),
        ado_required: premium > Decimal::ZERO,
        winner,
        eligible: eligible.into_iter().map(|(_, r)| r).collect(),
        excluded,
        lowest_price: lowest,
        premium,
        grounds,
        counterfactuals,
        decided_by_draw: solved.outcome.tie_broken.binary_search(&n).is_ok(),
    }
}

/// Re-optimise (objective only, no draw needed: only the cost matters) with estimate `e` forced.
fn forced_cost(world: &World, policy: &Policy, solved: &Solved, e: usize) -> (Option<Decimal>, MipStatus) {
    match forced::optimum(world, policy, solved, e, world.estimates[e].price) {
        Forced::Optimal { total, .. } => (Some(total), MipStatus::Optimal),
        Forced::Infeasible => (None, MipStatus::Infeasible),
        Forced::Unfinished(status) => (None, status),
    }
}
