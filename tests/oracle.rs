//! The optimiser against exhaustive enumeration on small random instances: same optimum, same infeasibility.

mod common;

use common::{random_policy, random_raw_world, Rng};
use courtier::domain::{Objective, World};
use courtier::eligibility;
use courtier::model;
use courtier::solve::{self, Status};
use courtier::verify::verify_awards;

/// Every allocation (one eligible estimate per servable need) that passes the exact verifier, with its objective.
fn all_valid(world: &World, policy: &courtier::domain::Policy) -> Vec<(Vec<usize>, f64)> {
    let elig = eligibility::assess(world, policy);
    let f = model::build(world, policy, &elig);
    let choices: Vec<&Vec<usize>> = elig.by_need.iter().filter(|v| !v.is_empty()).collect();
    let mut pick = vec![0usize; choices.len()];
    let mut all = Vec::new();
    loop {
        let awards: Vec<usize> = choices.iter().zip(&pick).map(|(c, &i)| c[i]).collect();
        if verify_awards(world, policy, &awards).is_empty() {
            let obj = f.objective_of(&awards);
            all.push((awards, obj));
        }
        let mut k = 0;
        loop {
            if k == pick.len() {
                return all;
            }
            pick[k] += 1;
            if pick[k] < choices[k].len() {
                break;
            }
            pick[k] = 0;
            k += 1;
        }
    }
}

/// The best objective over every valid allocation.
fn best_by_enumeration(world: &World, policy: &courtier::domain::Policy) -> Option<f64> {
    let elig = eligibility::assess(world, policy);
    let f = model::build(world, policy, &elig);
    let choices: Vec<&Vec<usize>> = elig.by_need.iter().filter(|v| !v.is_empty()).collect();
    let mut pick = vec![0usize; choices.len()];
    let mut best: Option<f64> = None;
    loop {
        let awards: Vec<usize> = choices.iter().zip(&pick).map(|(c, &i)| c[i]).collect();
        if verify_awards(world, policy, &awards).is_empty() {
            let obj = f.objective_of(&awards);
            best = Some(match (best, &policy.objective) {
                (None, _) => obj,
                (Some(b), Objective::Price) => b.min(obj),
                (Some(b), Objective::Weighted(_)) => b.max(obj),
            });
        }
        // Odometer increment.
        let mut k = 0;
        loop {
            if k == pick.len() {
                return best;
            }
            pick[k] += 1;
            if pick[k] < choices[k].len() {
                break;
            }
            pick[k] = 0;
            k += 1;
        }
    }
}

#[test]
fn optimiser_matches_exhaustive_enumeration_on_600_random_instances() {
    let mut infeasible = 0;
    let mut solved = 0;
    let mut with_ties = 0;
    for seed in 0..600u64 {
        let mut rng = Rng(seed);
        let world = World::new(random_raw_world(&mut rng, 7, 4)).expect("generated world is valid");
        let policy = random_policy(&mut rng);
        let got = solve::solve(&world, &policy, None).expect("HiGHS runs");
        let outcome = &got.outcome;
        if got.eligibility.by_need.iter().all(|v| v.is_empty()) {
            assert_eq!(outcome.status, Status::NoEligibleOffer, "seed {seed}");
            continue;
        }
        match best_by_enumeration(&world, &policy) {
            None => {
                assert_eq!(outcome.status, Status::Infeasible, "seed {seed}: enumeration finds no allocation");
                infeasible += 1;
            }
            Some(best) => {
                assert_eq!(outcome.status, Status::Optimal, "seed {seed}: enumeration finds {best}");
                let obj = outcome.objective.expect("an optimal outcome has an objective");
                assert!(
                    (obj - best).abs() <= 1e-6 * best.abs().max(1.0),
                    "seed {seed}: optimiser {obj} vs enumeration {best}"
                );
                let violations = verify_awards(&world, &policy, &outcome.awards);
                assert!(violations.is_empty(), "seed {seed}: optimiser's allocation breaks {violations:?}");
                solved += 1;
                check_draw(&world, &policy, &got, best, seed);
                if !outcome.tie_broken.is_empty() {
                    with_ties += 1;
                }
            }
        }
    }
    eprintln!("solved {solved}, infeasible {infeasible}, with ties {with_ties}");
    // The generator must exercise both outcomes and ties, or this test proves little.
    assert!(solved >= 200, "only {solved} feasible instances");
    assert!(infeasible >= 50, "only {infeasible} infeasible instances");
    assert!(with_ties >= 15, "only {with_ties} instances with ties");
}

/// The draw against enumeration: among the optimal allocations, the smallest sum of ranks wins; a need is flagged
/// `tie_broken` only if some optimal allocation gives it another offer, and always when an optimal allocation gives
/// it another offer with the same objective coefficient.
fn check_draw(world: &World, policy: &courtier::domain::Policy, got: &solve::Solved, best: f64, seed: u64) {
    let f = &got.formulation;
    let tol = solve::objective_tolerance(policy);
    let optimal: Vec<Vec<usize>> =
        all_valid(world, policy).into_iter().filter(|(_, o)| (o - best).abs() <= tol).map(|(a, _)| a).collect();
    let rank = |a: &[usize]| -> f64 { a.iter().map(|&e| f.tiebreak[f.column_of[e].unwrap()]).sum() };
    let drawn = optimal.iter().min_by(|a, b| rank(a).partial_cmp(&rank(b)).unwrap()).expect("an optimal allocation");
    assert_eq!(&got.outcome.awards, drawn, "seed {seed}: the draw picks the smallest sum of ranks");
    let award_of = |a: &[usize], n: usize| a.iter().copied().find(|&e| world.estimates[e].need == n);
    for n in 0..world.needs.len() {
        let Some(mine) = award_of(drawn, n) else { continue };
        let changes = optimal.iter().any(|a| award_of(a, n) != Some(mine));
        let equal_change = optimal.iter().any(|a| {
            award_of(a, n).is_some_and(|o| {
                o != mine
                    && (f.objective[f.column_of[o].unwrap()] - f.objective[f.column_of[mine].unwrap()]).abs() <= tol
            })
        });
        let flagged = got.outcome.tie_broken.contains(&n);
        assert!(!flagged || changes, "seed {seed}: need {n} flagged but no optimal allocation changes it");
        assert!(flagged || !equal_change, "seed {seed}: need {n} has an equal-price optimal alternative, not flagged");
    }
}
