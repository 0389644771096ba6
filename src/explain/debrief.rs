//! A fair debrief for one supplier (P1): the needs it bid on, won and lost, its total, and for each lost need what
//! was decisive: the price at which it would have won with everything else unchanged, or the rule that stood in
//! its way. A debrief never carries another supplier's price (art. 23 of the access law): only ranks, the
//! supplier's own figures, and thresholds as below.
//!
//! **What a debrief may reveal.** The threshold of a lost bid is close to the winning price (on price alone it is
//! the winner's price less a cent), so it is disclosed exactly only where the winning award is itself public:
//! its value is at or above [`PUBLICATION_THRESHOLD`], the value from which a public body must publish a contract
//! and its amount (LCOP art. 22, in the SEAO). Below it, the debrief states a band: how much lower, as a share of
//! the supplier's own price, its price would have had to be, in the bands of [`BAND_EDGES`] (at least 5 points
//! wide, so the winning price cannot be recovered to better than 5 % of the bid).
//!
//! Threshold of a lost bid `e` (not awarded, price `p`): let `z*` be the optimum (which does not use `e`, so it is
//! also the optimum with `e` forbidden) and `F(q)` the optimum with `e` forced at price `q`. The supplier wins at
//! `q` when `F(q) < z*`; the threshold is the highest such `q` below `p`, to the cent. Under the price objective
//! it is found by one MIP, maximising `q` as a column ([`highest_winning_price`]), and confirmed exactly. Where that
//! MIP does not settle it (weighted criteria, a re-solve stopped), forced re-solves estimate it: `F(p) = p + R`
//! gives the candidate `z* − R − 1¢`, confirmed when the allocation found still satisfies every rule there, else
//! refined, and as a last resort a bisection on cents. (Those re-solves find a winning price, not always the
//! highest: the rest `R` can fall with `q` through the value shares. On the reference, FLEUVE's debrief, they
//! understated 32 of the 80 thresholds it discloses, by $61.53 to $7,405.21.)

use super::forced::{self, Forced};
use crate::domain::{Objective, Policy, SolverSettings, World};
use crate::eligibility::Exclusion;
use crate::model::{Column, ColumnKind, ColumnName, Family, Sense};
use crate::solve::{objective_row, run, EndedBy, MipRequest, MipStatus, Solved, FAST_TOLERANCE};
use crate::verify::{verify_awards, Violation};
use rayon::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

/// What decided a lost bid.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "decisive", rename_all = "snake_case")]
pub enum Decisive {
    /// The estimate could not be awarded at all.
    Ineligible {
        /// Why.
        reasons: Vec<Exclusion>,
    },
    /// The supplier would have won at this price or less.
    Price {
        /// Highest price (to the cent) at which it wins, everything else unchanged.
        would_win_at: Decimal,
    },
    /// The supplier would have won with a price lower than its own by a share in this band (the winning award is
    /// not public, so the exact threshold is not disclosed).
    PriceBand {
        /// The reduction needed is at least this percentage of the bid's price.
        at_least_percent: u32,
        /// ... and less than this one (None: no upper edge).
        below_percent: Option<u32>,
    },
    /// No positive price wins: a principle or capacity stands in the way.
    Principle {
        /// What awarding it (everything else unchanged) would break, by principle code, e.g. `P2`.
        principles: Vec<String>,
    },
    /// The computation could not finish (time limit of a re-solve).
    Undetermined,
}

/// One bid of the supplier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bid {
    /// Need id.
    pub need: String,
    /// Offer id.
    pub offer: String,
    /// The supplier's own price.
    pub price: Decimal,
    /// Its rank by price among the need's eligible estimates (None: not eligible).
    pub rank: Option<usize>,
    /// Number of eligible estimates for the need.
    pub eligible_count: usize,
    /// Won.
    pub won: bool,
    /// For a lost bid, what was decisive.
    pub decisive: Option<Decisive>,
}

/// A supplier's debrief.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Debrief {
    /// Supplier id.
    pub supplier: String,
    /// Supplier name.
    pub name: String,
    /// Every bid where it is provider or reseller, by need then offer.
    pub bids: Vec<Bid>,
    /// Needs won.
    pub won: usize,
    /// Needs lost.
    pub lost: usize,
    /// Its awarded total.
    pub total: Decimal,
}

fn principles(violations: &[Violation]) -> Vec<String> {
    let mut v: Vec<String> = violations
        .iter()
        .filter_map(|v| match v {
            Violation::ShareCap { .. } | Violation::MinProviders { .. } => Some("P2"),
            Violation::QuebecFloor { .. } => Some("P3"),
            Violation::Capacity { .. } => Some("P0 capacity"),
            _ => None,
        })
        .map(str::to_string)
        .collect();
    v.sort();
    v.dedup();
    v
}

/// `F(q)`: the optimum with `e` forced at price `q`, exact, in CAD, with its allocation (None: infeasible; Err:
/// not finished).
fn forced_at(
    world: &World,
    policy: &Policy,
    solved: &Solved,
    e: usize,
    q: Decimal,
) -> Result<Option<(Decimal, Vec<usize>)>, ()> {
    match forced::optimum(world, policy, solved, e, q) {
        Forced::Optimal { total, awards } => Ok(Some((total, awards))),
        Forced::Infeasible => Ok(None),
        Forced::Unfinished(_) => Err(()),
    }
}

/// Whether `awards` satisfies the policy exactly once estimate `e` is priced at `q`.
/// Awards of this value or more are published with their value (LCOP art. 22: contracts of $25,000 or more, in
/// the SEAO), so a debrief may disclose an exact threshold only against such a winning award.
pub const PUBLICATION_THRESHOLD: Decimal = Decimal::from_parts(2_500_000, 0, 0, false, 2);

/// Edges, in percent of the bid's own price, of the bands a debrief states when the winning award is not public.
pub const BAND_EDGES: [u32; 5] = [5, 10, 20, 30, 50];

/// Whether an award of this value is published (see [`PUBLICATION_THRESHOLD`]).
pub fn is_public(value: Decimal) -> bool {
    value >= PUBLICATION_THRESHOLD
}

/// The band of [`BAND_EDGES`] holding the reduction from `price` down to the threshold `would_win_at`.
pub fn band(price: Decimal, would_win_at: Decimal) -> Decisive {
    let needed = if price.is_zero() { Decimal::ZERO } else { (price - would_win_at) / price * Decimal::ONE_HUNDRED };
    let mut at_least_percent = 0;
    for edge in BAND_EDGES {
        if needed < Decimal::from(edge) {
            return Decisive::PriceBand { at_least_percent, below_percent: Some(edge) };
        }
        at_least_percent = edge;
    }
    Decisive::PriceBand { at_least_percent, below_percent: None }
}

/// What a debrief may say about a lost bid: the exact threshold only when the winning award is public.
pub fn disclose(decisive: Decisive, price: Decimal, winner_value: Option<Decimal>) -> Decisive {
    match decisive {
        Decisive::Price { would_win_at } if !winner_value.is_some_and(is_public) => band(price, would_win_at),
        other => other,
    }
}

fn valid_at(world: &World, policy: &Policy, e: usize, q: Decimal, awards: &[usize]) -> bool {
    let mut w = world.clone();
    w.estimates[e].price = q;
    verify_awards(&w, policy, awards).is_empty()
}

/// What the threshold MIP found.
enum Found {
    /// The highest winning price, confirmed exactly.
    Wins(Decimal),
    /// No positive price below the bid's own wins.
    NoPrice,
    /// Not settled (not proven, or the exact check disagreed): the forced re-solves decide.
    Unsettled,
}

/// The threshold as one MIP (price objective). The bid's award `x_e` is fixed to 1 and its price becomes an integer
/// column `q` (cents, from 1 to its own price less a cent): its term in the objective becomes the row
/// `Σ_{a≠e} p_a x_a + q/100 ≤ z* − ½¢` (every total is a whole number of cents, so this is `< z*`), and its value
/// `v_e = p/s` in the share, Quebec and total rows becomes `v_e · q/(100 p)` (values are proportional to prices),
/// linear since `x_e = 1`. Maximising `q` gives the highest winning price in one search, even where the rest of the
/// allocation moves with the price through the value shares (where the forced re-solves needed several, and a
/// bisection). The answer is confirmed exactly: the allocation found satisfies every rule with the bid at `q`
/// and costs less than `z*`.
fn highest_winning_price(world: &World, policy: &Policy, solved: &Solved, e: usize, z: Decimal) -> Found {
    let mut f = solved.formulation.clone();
    let price = world.estimates[e].price;
    let (Some(c), Some(p), Some(z_f)) = (f.column_of[e], price.to_f64(), z.to_f64()) else { return Found::Unsettled };
    let top = (price * Decimal::ONE_HUNDRED).ceil() - Decimal::ONE;
    let Some(top) = top.to_f64().filter(|&t| t >= 1.0) else { return Found::Unsettled };
    let q = f.columns.len();
    f.columns.push(Column {
        name: ColumnName::Given(format!("debrief.price[{}]", f.column_name(c)).into()),
        kind: ColumnKind::Price { estimate: e },
        lower: 1.0,
        upper: top,
    });
    f.objective.push(0.0);
    f.tiebreak.push(0.0);
    f.columns[c].lower = 1.0;
    for row in f.rows.iter_mut().filter(|r| {
        matches!(
            r.family,
            Family::ProviderShare { .. }
                | Family::ResellerShare { .. }
                | Family::AgencyShare { .. }
                | Family::QuebecFloor
                | Family::TotalValue { .. }
        )
    }) {
        for t in row.terms.iter_mut().filter(|t| t.0 == c) {
            *t = (q, t.1 / (100.0 * p));
        }
    }
    // The objective held below `z*`, the bid's price term replaced by `q/100`.
    let mut cost = objective_row(&f, z_f - 0.005, 0.0);
    cost.name = "debrief.cost".into();
    cost.terms.retain(|t| t.0 != c);
    cost.terms.push((q, 0.01));
    let mut objective = vec![0.0; f.columns.len()];
    objective[q] = -1.0;
    // A start: the scenario's allocation with the need moved to the bid at a cent below the winner's price, when
    // it satisfies every rule there (it then costs `z* − 1¢`).
    let need = world.estimates[e].need;
    let winner = solved.outcome.awards.iter().copied().find(|&a| world.estimates[a].need == need);
    let start = winner.and_then(|w| {
        let at = world.estimates[w].price - Decimal::new(1, 2);
        let swapped = forced::swap(world, &solved.outcome.awards, e);
        (at > Decimal::ZERO && at < price && valid_at(world, policy, e, at, &swapped)).then(|| {
            let mut values = f.column_values(world, &swapped);
            values[q] = (at * Decimal::ONE_HUNDRED).to_f64().unwrap_or(1.0);
            f.set_totals(&mut values);
            values
        })
    });
    // The highest price, not one within a gap.
    let settings = SolverSettings { mip_rel_gap: 0.0, ..policy.solver.clone() };
    let req = MipRequest {
        objective: &objective,
        sense: Sense::Minimise,
        extra_rows: std::slice::from_ref(&cost),
        start: start.as_deref(),
        ..MipRequest::new(&f, &settings, FAST_TOLERANCE)
    };
    match run(&req) {
        Ok(r) if r.status == MipStatus::Infeasible => Found::NoPrice,
        Ok(r) if r.status == MipStatus::Optimal && r.ended_by == EndedBy::Optimum => {
            let Some(values) = r.values else { return Found::Unsettled };
            let at = Decimal::new(values[q].round() as i64, 2);
            let awards = f.awarded(&values);
            let total: Decimal = awards.iter().map(|&a| if a == e { at } else { world.estimates[a].price }).sum();
            if awards.binary_search(&e).is_ok() && total < z && valid_at(world, policy, e, at, &awards) {
                Found::Wins(at)
            } else {
                Found::Unsettled
            }
        }
        _ => Found::Unsettled,
    }
}

/// The highest price (to the cent) at which bid `e` wins, or what stands in its way: [`highest_winning_price`]
/// under the price objective; otherwise (or when it does not settle), forced re-solves. One at the bid's price
/// gives the rest `R` and an allocation; the candidate `z* − R − 0.01` is confirmed exactly (no solve) when that
/// allocation still satisfies every rule at the candidate price, since then `F(candidate) ≤ candidate + R < z*`.
/// Otherwise the candidate is refined by re-solving at it, and as a last resort by bisection on cents.
pub fn threshold(world: &World, policy: &Policy, solved: &Solved, e: usize) -> Decisive {
    let z: Decimal = solved.outcome.awards.iter().map(|&a| world.estimates[a].price).sum();
    let cent = Decimal::new(1, 2);
    let blocked = || {
        let swapped = forced::swap(world, &solved.outcome.awards, e);
        Decisive::Principle { principles: principles(&verify_awards(world, policy, &swapped)) }
    };
    if matches!(policy.objective, Objective::Price) {
        match highest_winning_price(world, policy, solved, e, z) {
            Found::Wins(at) => return Decisive::Price { would_win_at: at },
            Found::NoPrice => return blocked(),
            Found::Unsettled => {}
        }
    }
    let below = |rest: Decimal| ((z - rest) * Decimal::ONE_HUNDRED).ceil() / Decimal::ONE_HUNDRED - cent;
    let mut q = world.estimates[e].price;
    for _ in 0..6 {
        let (fq, awards) = match forced_at(world, policy, solved, e, q) {
            Err(()) => return Decisive::Undetermined,
            Ok(None) => return blocked(),
            Ok(Some(x)) => x,
        };
        if fq < z && q < world.estimates[e].price {
            return Decisive::Price { would_win_at: q };
        }
        let candidate = below(fq - q);
        if candidate <= Decimal::ZERO {
            break;
        }
        if valid_at(world, policy, e, candidate, &awards) {
            return Decisive::Price { would_win_at: candidate };
        }
        q = candidate;
    }
    // Bisection on cents in (0, q]: the largest price that wins.
    let wins = |x: Decimal| forced_at(world, policy, solved, e, x).map(|r| r.is_some_and(|(fx, _)| fx < z));
    let (mut lo, mut hi) = (Decimal::ZERO, q.max(cent));
    match wins(hi) {
        Err(()) => return Decisive::Undetermined,
        Ok(true) => return Decisive::Price { would_win_at: hi },
        Ok(false) => {}
    }
    while hi - lo > cent {
        let mid = ((lo + hi) / Decimal::TWO).round_dp(2);
        match wins(mid) {
            Ok(true) => lo = mid,
            Ok(false) => hi = mid,
            Err(()) => return Decisive::Undetermined,
        }
    }
    if lo <= Decimal::ZERO {
        blocked()
    } else {
        Decisive::Price { would_win_at: lo }
    }
}

/// The debrief of supplier `s` (index into `world.suppliers`). Lost bids are computed in parallel.
pub fn debrief(world: &World, policy: &Policy, solved: &Solved, s: usize) -> Debrief {
    let mut single = policy.clone();
    single.solver.threads = 1;
    let elig = &solved.eligibility;
    let awarded = |e: usize| solved.outcome.awards.binary_search(&e).is_ok();
    let mine: Vec<usize> =
        (0..world.estimates.len()).filter(|&e| world.provider_of(e) == s || world.reseller_of(e) == s).collect();
    let bids: Vec<Bid> = mine
        .par_iter()
        .map(|&e| {
            let est = &world.estimates[e];
            let eligible = elig.is_eligible(e);
            let peers = &elig.by_need[est.need];
            let won = awarded(e);
            let decisive = if won {
                None
            } else if !eligible {
                Some(Decisive::Ineligible { reasons: elig.reasons(e).to_vec() })
            } else if !solved.outcome.status.has_allocation() {
                Some(Decisive::Undetermined)
            } else {
                let winner = solved.outcome.awards.iter().find(|&&a| world.estimates[a].need == est.need);
                let winner_value = winner.map(|&a| world.estimates[a].price);
                Some(disclose(threshold(world, &single, solved, e), est.price, winner_value))
            };
            Bid {
                need: world.needs[est.need].id.clone(),
                offer: world.offers[est.offer].id.clone(),
                price: est.price,
                rank: eligible.then(|| 1 + peers.iter().filter(|&&f| world.estimates[f].price < est.price).count()),
                eligible_count: peers.len(),
                won,
                decisive,
            }
        })
        .collect();
    let total = mine.iter().filter(|&&e| awarded(e)).map(|&e| world.estimates[e].price).sum();
    let won = bids.iter().filter(|b| b.won).count();
    Debrief {
        supplier: world.suppliers[s].id.clone(),
        name: world.suppliers[s].name.clone(),
        lost: bids.len() - won,
        won,
        bids,
        total,
    }
}
