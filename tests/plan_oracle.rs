//! The plan's optimiser against brute force: on small random instances (random worlds and principles of
//! `tests/common`, random durations, deadlines, earliest starts, legacy costs, precedences and capacities per
//! period, some committed awards), every (estimate, start) combination is enumerated and checked exactly by
//! `plan::check`; the optimiser must find a plan exactly when one exists, its plan must pass the check, and its
//! cost must be the least of all valid plans, to the cent.

mod common;

use chrono::NaiveDate;
use common::{random_policy, random_raw_world, Rng};
use courtier::domain::{Commitment, Holder, Objective, Policy, World};
use courtier::plan::calendar::{Calendar, PeriodKind};
use courtier::plan::check::PlanEntry;
use courtier::plan::inputs::{Migrations, PeriodCapacity, PlanSettings, Precedence, Sequence, Timing};
use courtier::plan::model::{build, plan_cost, Placement, PlanInputs};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

const PERIODS: u32 = 3;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn random_migrations(rng: &mut Rng, world: &World, cal: &Calendar) -> Migrations {
    let timing = world
        .needs
        .iter()
        .map(|_| Timing {
            earliest_start: rng.chance(20).then(|| cal.period_start(rng.below(2) as u32)),
            deadline: rng.chance(15).then(|| cal.period_end(rng.range(0, 2) as u32)),
            periods: rng.range(1, 2) as u32,
            legacy_monthly_cost: Decimal::new(rng.range(0, 50) as i64 * 100, 2),
        })
        .collect();
    let n = world.needs.len();
    let mut precedences = Vec::new();
    if n >= 2 && rng.chance(40) {
        let a = rng.below(n as u64) as usize;
        let b = (a + 1 + rng.below(n as u64 - 1) as usize) % n;
        precedences.push(Precedence {
            need: a,
            other: b,
            mode: if rng.chance(70) { Sequence::After } else { Sequence::With },
        });
    }
    let mut capacities = Vec::new();
    for s in 0..world.suppliers.len() {
        if rng.chance(50) {
            capacities.push(PeriodCapacity {
                holder: Holder::Supplier(s),
                unit: "migration_days".into(),
                from: cal.start,
                limit: Decimal::from(rng.range(8, 24)),
            });
            if rng.chance(30) {
                capacities.push(PeriodCapacity {
                    holder: Holder::Supplier(s),
                    unit: "migration_days".into(),
                    from: cal.period_start(1),
                    limit: Decimal::from(rng.range(4, 20)),
                });
            }
        }
    }
    if rng.chance(30) {
        capacities.push(PeriodCapacity {
            holder: Holder::Agency(0),
            unit: "migration_days".into(),
            from: cal.start,
            limit: Decimal::from(rng.range(10, 30)),
        });
    }
    capacities.sort_by(|a, b| (a.holder, &a.unit, a.from).cmp(&(b.holder, &b.unit, b.from)));
    Migrations { timing, precedences, capacities }
}

/// Every valid plan's cost, by enumerating every (estimate, start) of every need.
fn best_by_enumeration(world: &World, policy: &Policy, inputs: &PlanInputs<'_>) -> Option<Decimal> {
    let model = build(world, policy, inputs);
    let by_need = world.estimates_by_need();
    let options: Vec<Vec<PlanEntry>> = (0..world.needs.len())
        .filter(|&n| !model.eligibility.by_need[n].is_empty())
        .map(|n| {
            let starts: Vec<Option<u32>> = match model.placement[n] {
                Placement::None => vec![None],
                _ => (0..PERIODS).map(Some).collect(),
            };
            by_need[n]
                .iter()
                .flat_map(|&e| starts.iter().map(move |&start| PlanEntry { need: n, estimate: e, start }))
                .collect()
        })
        .collect();
    let mut best: Option<Decimal> = None;
    let mut pick = vec![0usize; options.len()];
    loop {
        let plan: Vec<PlanEntry> = pick.iter().zip(&options).map(|(&i, o)| o[i]).collect();
        if courtier::plan::check(world, policy, inputs, &model.placement, &model.limits, &plan).is_empty() {
            let cost = plan_cost(world, inputs, &plan).total();
            best = Some(best.map_or(cost, |b: Decimal| b.min(cost)));
        }
        let mut k = 0;
        loop {
            if k == pick.len() {
                return best;
            }
            pick[k] += 1;
            if pick[k] < options[k].len() {
                break;
            }
            pick[k] = 0;
            k += 1;
        }
    }
}

#[test]
fn plans_match_exhaustive_enumeration_on_600_random_instances() {
    let cal = Calendar::new(date("2027-01-01"), PeriodKind::Month, PERIODS).unwrap();
    let (mut found, mut infeasible) = (0, 0);
    for seed in 0..600u64 {
        let mut rng = Rng(seed.wrapping_mul(7919));
        let Ok(world) = World::new(random_raw_world(&mut rng, 4, 2)) else { continue };
        let mut policy = random_policy(&mut rng);
        policy.objective = Objective::Price;
        policy.ado_authorized = false;
        if rng.chance(30) {
            if let Some(e) = world.estimates.first() {
                policy.committed = vec![Commitment {
                    need: world.needs[e.need].id.clone(),
                    offer: world.offers[e.offer].id.clone(),
                    start: rng.chance(50).then(|| cal.period_start(rng.below(PERIODS as u64) as u32)),
                }];
            }
        }
        let migrations = random_migrations(&mut rng, &world, &cal);
        let settings = PlanSettings {
            calendar: cal,
            frozen_until: rng.chance(20).then(|| cal.period_start(1)),
            network_deadlines: BTreeMap::new(),
            agency_deadlines: BTreeMap::new(),
            capacity_changes: vec![],
        };
        let inputs = PlanInputs { migrations: &migrations, settings: &settings };
        let best = best_by_enumeration(&world, &policy, &inputs);
        let got = courtier::plan::plan(&world, &policy, &inputs, None).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let model = &got.model;
        if model.eligibility.eligible.is_empty() {
            assert_eq!(got.outcome.status, courtier::solve::Status::NoEligibleOffer, "seed {seed}");
            continue;
        }
        match best {
            None => {
                assert!(!got.outcome.status.has_allocation(), "seed {seed}: a plan where enumeration finds none");
                infeasible += 1;
            }
            Some(best) => {
                assert_eq!(got.outcome.status, courtier::solve::Status::Optimal, "seed {seed}");
                let v = courtier::plan::check(
                    &world,
                    &policy,
                    &inputs,
                    &model.placement,
                    &model.limits,
                    &got.outcome.entries,
                );
                assert!(v.is_empty(), "seed {seed}: {v:?}");
                assert_eq!(plan_cost(&world, &inputs, &got.outcome.entries).total(), best, "seed {seed}");
                found += 1;
            }
        }
    }
    eprintln!("{found} instances with a plan, {infeasible} without");
    assert!(found > 150 && infeasible > 5, "found {found}, infeasible {infeasible}: the instances should mix both");
}
