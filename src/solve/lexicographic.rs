//! The price and the published draw in one search (art. 48 1°, then P1), where the objective is price and no gap
//! is accepted.
//!
//! The draw orders the optimal allocations by the sum of their ranks. Searched apart, it must prove the optimum a
//! second time (the objective held at `z*`, the ranks minimised): on the reference that second search cost as
//! much as the first (1,245 nodes after 1,834). Because prices are whole cents, the ranks can instead ride in the
//! first search's objective, weighted below a cent:
//!
//! ```text
//! F(x) = Σ_e [ 100 (c_e − m_n(e)) + ω (ρ_e − r_n(e)) ] x_e      (in cents)
//! m_n = min_{e∈E(n)} c_e,   r_n = min_{e∈E(n)} ρ_e,   D = Σ_n (max_{e∈E(n)} ρ_e − r_n),   ω = 1 / (2 max(D, 1))
//! ```
//!
//! Every served need takes exactly one of its columns (`need[n]`), so `F(x) = 100 (c(x) − M) + ω (ρ(x) − R)` with
//! the constants `M = Σ_n m_n` and `R = Σ_n r_n`, and `0 ≤ ω (ρ(x) − R) ≤ ω D ≤ ½`. Two allocations of different
//! prices differ by at least a cent: if `c(y) < c(x)` then `F(y) ≤ F(x) − 1 + ½`. So `F` orders allocations by
//! price first and, among allocations of the same price, by their sum of ranks: its minimum is the optimum the
//! draw selects, and HiGHS's proof of it proves both (within its tolerance: a margin of half a cent on the price;
//! on the ranks, `mip_feasibility_tolerance / ω`, about 4·10⁻⁵ of a rank on the reference, where the draw's own
//! search resolved about 10⁻⁷).
//!
//! The shifts by `m_n` and `r_n` change no allocation's order; they keep the objective's values small (the
//! premium over the cheapest offers, about 2·10⁸ cents on the reference, rather than the total, 5·10⁹), so that
//! the last bits of a sum are far below the tolerance.

use crate::domain::World;
use crate::model::{ColumnKind, Formulation};
use rust_decimal::prelude::ToPrimitive;

/// The objective of the search, and what turns its bound back into a price bound.
pub struct Lexicographic {
    /// `F`'s coefficient per column (0 off the award columns).
    pub objective: Vec<f64>,
    /// `M`: the sum of the needs' lowest prices, in cents (whole, exact in f64).
    lowest_cents: f64,
    /// `ω D ≤ ½`: the most the ranks can add to `F`, cents.
    rank_span: f64,
}

impl Lexicographic {
    /// `F` for a formulation whose objective is the price of the world's estimates.
    pub fn new(world: &World, f: &Formulation) -> Self {
        let needs = world.needs.len();
        let mut lowest = vec![None; needs];
        let mut rank_min = vec![f64::INFINITY; needs];
        let mut rank_max = vec![f64::NEG_INFINITY; needs];
        for (c, col) in f.columns.iter().enumerate() {
            if let ColumnKind::Award { estimate } = col.kind {
                let e = &world.estimates[estimate];
                let n = e.need;
                if lowest[n].is_none_or(|m| e.price < m) {
                    lowest[n] = Some(e.price);
                }
                rank_min[n] = rank_min[n].min(f.tiebreak[c]);
                rank_max[n] = rank_max[n].max(f.tiebreak[c]);
            }
        }
        let span: f64 = (0..needs).filter(|&n| lowest[n].is_some()).map(|n| rank_max[n] - rank_min[n]).sum();
        let weight = 1.0 / (2.0 * span.max(1.0));
        let objective = f
            .columns
            .iter()
            .enumerate()
            .map(|(c, col)| match col.kind {
                ColumnKind::Award { estimate } => {
                    let e = &world.estimates[estimate];
                    let above = lowest[e.need].map(|m| e.price - m).unwrap_or_default();
                    // Whole cents, exact in f64.
                    let cents = (above * rust_decimal::Decimal::ONE_HUNDRED).to_f64().unwrap_or(f64::NAN);
                    cents + weight * (f.tiebreak[c] - rank_min[e.need])
                }
                _ => 0.0,
            })
            .collect();
        let lowest_total: rust_decimal::Decimal = lowest.iter().flatten().copied().sum();
        let lowest_cents = (lowest_total * rust_decimal::Decimal::ONE_HUNDRED).to_f64().unwrap_or(f64::NAN);
        Lexicographic { objective, lowest_cents, rank_span: weight * span }
    }

    /// A lower bound on the price (CAD) of every allocation, from a lower bound on `F`: `100 c(x) ≥ 100 M + F − ω D`,
    /// rounded up to the cent (prices are whole cents), so that a proven optimum's bound is its price.
    pub fn price_bound(&self, bound: f64) -> f64 {
        // 1e-6 of a cent: the sum's rounding, far below a cent.
        (self.lowest_cents + bound - self.rank_span - 1e-6).ceil() / 100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use std::collections::BTreeMap;

    /// On the tiny model with prices made to tie, `F` ranks every allocation (one column per need) by price, then
    /// by ranks, and turns back into the allocation's price.
    #[test]
    fn the_objective_orders_allocations_by_price_then_by_ranks() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny/scenario.toml");
        let loaded = crate::io::load(&path).expect("the tiny fixture loads");
        let mut world = loaded.model.world;
        // N-001's and N-003's two offers at one price each: ties the draw must decide.
        for e in &mut world.estimates {
            match world.needs[e.need].id.as_str() {
                "N-001" => e.price = Decimal::new(42_000_000, 2),
                "N-003" => e.price = Decimal::new(61_000_000, 2),
                _ => {}
            }
        }
        let policy = loaded.scenario.policy;
        let f = crate::model::build(&world, &policy, &crate::eligibility::assess(&world, &policy));
        let lex = Lexicographic::new(&world, &f);
        let mut by_need: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (c, col) in f.columns.iter().enumerate() {
            if let ColumnKind::Award { estimate } = col.kind {
                by_need.entry(world.estimates[estimate].need).or_default().push(c);
            }
        }
        let mut all: Vec<Vec<usize>> = vec![vec![]];
        for cs in by_need.values() {
            all = all.iter().flat_map(|a| cs.iter().map(move |&c| [a.clone(), vec![c]].concat())).collect();
        }
        assert!(all.len() >= 16, "{} allocations", all.len());
        let sum = |v: &[f64], a: &[usize]| -> f64 { a.iter().map(|&c| v[c]).sum() };
        let (mut by_price, mut by_rank) = (0, 0);
        for a in &all {
            let (pa, fa) = (sum(&f.objective, a), sum(&lex.objective, a));
            // An allocation's own `F` bounds its price exactly (the ranks weigh less than a cent).
            assert!((lex.price_bound(fa) - pa).abs() < 1e-6, "the bound {} for the price {pa}", lex.price_bound(fa));
            for b in &all {
                let (pb, fb) = (sum(&f.objective, b), sum(&lex.objective, b));
                if pa < pb - 0.005 {
                    by_price += 1;
                    assert!(fa < fb, "{a:?} is cheaper than {b:?}");
                } else if (pa - pb).abs() <= 0.005 && sum(&f.tiebreak, a) < sum(&f.tiebreak, b) {
                    by_rank += 1;
                    assert!(fa < fb, "{a:?} has the same price as {b:?} and a smaller sum of ranks");
                }
            }
        }
        assert!(by_price > 0 && by_rank > 0, "{by_price} pairs ordered by price, {by_rank} by ranks");
    }
}
