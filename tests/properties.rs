//! Invariants of the optimiser, in plain words, on random small instances.

mod common;

use common::{random_policy, random_raw_world, Rng};
use courtier::domain::{Objective, Policy, QuebecAccess, QuebecCredit, RawWorld, Spread, World};
use courtier::solve::{self, Status};
use rust_decimal::Decimal;

/// (need id, offer id) of every award.
fn allocation(world: &World, policy: &Policy) -> (Status, Vec<(String, String)>) {
    let s = solve::solve(world, policy, None).expect("HiGHS runs");
    let pairs = s
        .outcome
        .awards
        .iter()
        .map(|&e| {
            let est = &world.estimates[e];
            (world.needs[est.need].id.clone(), world.offers[est.offer].id.clone())
        })
        .collect();
    (s.outcome.status, pairs)
}

fn cost(world: &World, policy: &Policy) -> Option<Decimal> {
    let s = solve::solve(world, policy, None).expect("HiGHS runs");
    s.outcome.status.has_allocation().then(|| s.outcome.awards.iter().map(|&e| world.estimates[e].price).sum())
}

/// Rename every supplier (ids and names, in an order-reversing way) and reverse every list.
fn relabel_and_shuffle(raw: &RawWorld, rng: &mut Rng) -> RawWorld {
    let rename = |id: &str| format!("ZZ-{}", id.chars().rev().collect::<String>());
    let mut r = raw.clone();
    for s in &mut r.suppliers {
        s.id = rename(&s.id);
        s.name = format!("Renamed {}", s.name);
    }
    for o in &mut r.offers {
        o.provider = rename(&o.provider);
        o.reseller = rename(&o.reseller);
    }
    for c in &mut r.capacities {
        c.0 = rename(&c.0);
    }
    // Shuffle every list with a seeded Fisher-Yates.
    fn shuffle<T>(v: &mut [T], rng: &mut Rng) {
        for i in (1..v.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            v.swap(i, j);
        }
    }
    shuffle(&mut r.suppliers, rng);
    shuffle(&mut r.offers, rng);
    shuffle(&mut r.needs, rng);
    shuffle(&mut r.estimates, rng);
    shuffle(&mut r.capacities, rng);
    shuffle(&mut r.agencies, rng);
    r
}

#[test]
fn renaming_suppliers_and_shuffling_rows_changes_no_award() {
    for seed in 0..200u64 {
        let mut rng = Rng(seed);
        let raw = random_raw_world(&mut rng, 7, 4);
        let policy = random_policy(&mut rng);
        let world = World::new(raw.clone()).unwrap();
        let other = World::new(relabel_and_shuffle(&raw, &mut rng)).unwrap();
        assert_eq!(allocation(&world, &policy), allocation(&other, &policy), "seed {seed}");
    }
}

#[test]
fn two_runs_give_the_same_allocation() {
    for seed in 0..100u64 {
        let mut rng = Rng(seed);
        let world = World::new(random_raw_world(&mut rng, 7, 4)).unwrap();
        let policy = random_policy(&mut rng);
        let a = solve::solve(&world, &policy, None).unwrap().outcome;
        let b = solve::solve(&world, &policy, None).unwrap().outcome;
        assert_eq!((a.awards, a.tie_broken, a.objective), (b.awards, b.tie_broken, b.objective), "seed {seed}");
    }
}

fn price_policy(rng: &mut Rng) -> Policy {
    let mut p = random_policy(rng);
    p.objective = Objective::Price;
    p
}

#[test]
fn tightening_a_share_cap_never_lowers_the_cost() {
    let mut checked = 0;
    for seed in 0..600u64 {
        let mut rng = Rng(seed);
        let world = World::new(random_raw_world(&mut rng, 7, 4)).unwrap();
        let mut loose = price_policy(&mut rng);
        let spread = loose.spread.get_or_insert_with(Spread::default);
        let cap = spread.max_provider_share.unwrap_or(Decimal::ONE);
        let mut tight = loose.clone();
        let tighter = (cap - Decimal::new(rng.range(2, 15) as i64, 2)).max(Decimal::ZERO);
        tight.spread.as_mut().unwrap().max_provider_share = Some(tighter);
        match (cost(&world, &loose), cost(&world, &tight)) {
            (Some(a), Some(b)) => {
                assert!(b >= a, "seed {seed}: cap {cap} costs {a}, tighter cap {tighter} costs {b}");
                checked += 1;
            }
            (None, Some(b)) => panic!("seed {seed}: the looser cap is infeasible but the tighter costs {b}"),
            _ => {}
        }
    }
    eprintln!("{checked} comparable pairs");
    assert!(checked >= 80, "only {checked} comparable pairs");
}

#[test]
fn raising_the_quebec_floor_never_lowers_the_cost() {
    let mut checked = 0;
    for seed in 0..600u64 {
        let mut rng = Rng(seed);
        let world = World::new(random_raw_world(&mut rng, 7, 4)).unwrap();
        let low = price_policy(&mut rng);
        let floor = low.quebec.map_or(Decimal::ZERO, |q| q.min_share);
        let credit = low.quebec.map_or(QuebecCredit::Either, |q| q.credit);
        let mut high = low.clone();
        let raised = (floor + Decimal::new(rng.range(5, 30) as i64, 2)).min(Decimal::ONE);
        high.quebec = Some(QuebecAccess { min_share: raised, credit });
        match (cost(&world, &low), cost(&world, &high)) {
            (Some(a), Some(b)) => {
                assert!(b >= a, "seed {seed}: floor {floor} costs {a}, floor {raised} costs {b}");
                checked += 1;
            }
            (None, Some(b)) => panic!("seed {seed}: the lower floor is infeasible but the higher costs {b}"),
            _ => {}
        }
    }
    eprintln!("{checked} comparable pairs");
    assert!(checked >= 80, "only {checked} comparable pairs");
}

#[test]
fn the_rows_admit_exactly_the_allocations_the_exact_check_admits() {
    // The share rows name the scope's total value `W` rather than every award in the scope: with `W` set from its
    // defining row, an allocation satisfies every row exactly when the exact check (Decimal) finds no violation.
    let (mut admitted, mut rejected) = (0, 0);
    for seed in 0..300u64 {
        let mut rng = Rng(seed);
        let world = World::new(random_raw_world(&mut rng, 7, 4)).unwrap();
        let policy = random_policy(&mut rng);
        let elig = courtier::eligibility::assess(&world, &policy);
        let f = courtier::model::build(&world, &policy, &elig);
        for _ in 0..20 {
            let awards: Vec<usize> = elig
                .by_need
                .iter()
                .filter(|ests| !ests.is_empty())
                .map(|ests| ests[rng.below(ests.len() as u64) as usize])
                .collect();
            let values = f.column_values(&world, &awards);
            let activities = courtier::model::activities(&f, &values);
            let margin = |r: &courtier::model::Row, a: f64| (a - r.lower).min(r.upper - a);
            // Rows within a hair of a bound are left out: there f64 and Decimal may round apart.
            if f.rows.iter().zip(&activities).any(|(r, &a)| margin(r, a).abs() < 1e-7) {
                continue;
            }
            let rows_hold = f.rows.iter().zip(&activities).all(|(r, &a)| margin(r, a) >= 0.0);
            let exact = courtier::verify::verify_awards(&world, &policy, &awards);
            assert_eq!(rows_hold, exact.is_empty(), "seed {seed}, awards {awards:?}: {exact:?}");
            if rows_hold {
                admitted += 1;
            } else {
                rejected += 1;
            }
        }
    }
    assert!(admitted >= 100 && rejected >= 30, "both kinds tested: {admitted} admitted, {rejected} rejected");
}
