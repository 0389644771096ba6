//! The published draw among optimal allocations (P1), and which awards it decided.
//!
//! Given the proven optimum `z*` and the allocation of stage 1:
//! - the columns that cannot be in any optimal allocation are fixed ([`super::fixing`]);
//! - when every need is left with one column, the optimal allocation is unique: no draw, no tie;
//! - otherwise, when stage 1's objective did not already carry the ranks ([`super::lexicographic`], under price),
//!   the draw minimises the stage-1 objective plus the ranks ([`super::tiebreak_objective`]) with the objective
//!   held at `z*` (row `tiebreak.objective`) and the fixed columns removed;
//! - a need is `tie_broken` when some optimal allocation gives it another offer. The needs on which the stage-1
//!   and the drawn allocations differ are tied, and so are those on which any allocation stage 1 or the draw met
//!   on the way (HiGHS's feasible solutions, kept by a callback that only observes: [`super::MipRequest::collect`])
//!   differs from the drawn one, when it has the optimal objective and the exact check accepts it. The other
//!   candidates `U` are the needs whose drawn award `a(n)` has a free rival with the same objective coefficient (a
//!   tie made only of compensating swaps between offers of different prices is still decided by the draw, but is
//!   flagged only when one of the allocations above or below shows it). A rival at the same price that the exact check
//!   accepts in place of the award, everything else unchanged, proves the tie at once; for the rest `U`, one
//!   search with the objective held and the row `Σ_{n∈U} x_{a(n)} ≤ |U| − 1` either finds an optimal allocation
//!   that changes some of them (all it changes are marked at once, and the search repeats on what is left) or
//!   proves that none can change: a few searches instead of one per candidate.

use super::fixing;
use super::mip::{run, EndedBy, MipRequest, MipStatus, SolveError};
use super::{objective_row, tiebreak_objective, Stage, StageName};
use crate::domain::{Policy, SolverSettings, World};
use crate::model::{ColumnKind, Family, Formulation, Row, Sense};
use crate::verify::verify_awards;
use std::time::Instant;

/// Work allowed to the single-swap tie checks: allocation entries read, all checks together.
const SWAP_CHECK_BUDGET: usize = 20_000_000;

/// What the draw needs from stage 1.
pub struct DrawRequest<'a> {
    /// The policy (for the exact check of single swaps).
    pub policy: &'a Policy,
    /// Solver settings of the scenario.
    pub settings: &'a SolverSettings,
    /// HiGHS's feasibility tolerance.
    pub feasibility_tolerance: f64,
    /// The whole run's deadline.
    pub deadline: Option<Instant>,
    /// The proven optimum, exact.
    pub target: f64,
    /// Two objectives within this are equal.
    pub tolerance: f64,
    /// Stage 1's column values.
    pub stage1_values: &'a [f64],
    /// The allocations stage 1 met on the way ([`super::MipRequest::collect`]): those of the optimal objective
    /// mark ties without a search.
    pub seen: &'a [Vec<usize>],
    /// Whether stage 1's objective carried the ranks ([`super::lexicographic`]): its allocation is then the
    /// draw's, and only the tie proofs are left.
    pub drawn: bool,
}

/// The drawn allocation.
#[derive(Debug, Clone)]
pub struct Drawn {
    /// Awarded estimates, ascending.
    pub awards: Vec<usize>,
    /// Needs another optimal allocation serves with another offer, ascending.
    pub tie_broken: Vec<usize>,
    /// Whether the draw decided the allocation (false: a limit stopped it, the stage-1 allocation stands).
    pub applied: bool,
    /// The fixing, draw and ties stages.
    pub stages: Vec<Stage>,
}

/// The award column of each need in an allocation.
fn award_column_of_need(world: &World, f: &Formulation, values: &[f64]) -> Vec<Option<usize>> {
    let mut of = vec![None; world.needs.len()];
    for (c, col) in f.columns.iter().enumerate() {
        if let ColumnKind::Award { estimate } = col.kind {
            if values[c] > 0.5 {
                of[world.estimates[estimate].need] = Some(c);
            }
        }
    }
    of
}

/// Run the draw and the tie proofs after a proven optimum.
pub fn decide(world: &World, f: &Formulation, req: &DrawRequest<'_>) -> Result<Drawn, SolveError> {
    // The draw and the proofs are exact searches whatever gap the scenario accepted for stage 1.
    let settings = SolverSettings { mip_rel_gap: 0.0, ..req.settings.clone() };
    let mut fixing_stage = Stage::new(StageName::Fixing);
    let mut draw_stage = Stage::new(StageName::Draw);
    let mut ties_stage = Stage::new(StageName::Ties);
    let stage1_awards = f.awarded(req.stage1_values);

    let fixed_columns = fixing::fixed_columns(
        f,
        &settings,
        req.feasibility_tolerance,
        req.deadline,
        req.target,
        req.tolerance,
        &mut fixing_stage,
    )?;
    let mut is_fixed_zero = vec![false; f.columns.len()];
    for &(c, v) in &fixed_columns {
        is_fixed_zero[c] = v == 0.0;
    }
    let mut free_per_need = vec![0usize; world.needs.len()];
    for (c, col) in f.columns.iter().enumerate() {
        if let ColumnKind::Award { estimate } = col.kind {
            if !is_fixed_zero[c] {
                free_per_need[world.estimates[estimate].need] += 1;
            }
        }
    }
    let open: Vec<usize> = (0..world.needs.len()).filter(|&n| free_per_need[n] > 1).collect();
    let done = |awards, tie_broken, applied, stages: [Stage; 3]| Drawn {
        awards,
        tie_broken,
        applied,
        stages: stages.to_vec(),
    };
    if open.is_empty() {
        // Every need has one possible column in an optimal allocation: the optimum is unique.
        return Ok(done(stage1_awards, vec![], true, [fixing_stage, draw_stage, ties_stage]));
    }

    // (A range row [z* − τ, z* + τ], valid since stage 1 proved the optimum, was measured slower: 80,006 LP
    // iterations instead of 34,686 on the reference; see benches/README.md.)
    let hold = objective_row(f, req.target, req.tolerance);
    let mut seen_by_draw = vec![];
    let values = if req.drawn {
        draw_stage.ended_by = EndedBy::WithObjective;
        req.stage1_values.to_vec()
    } else {
        let draw_objective = tiebreak_objective(f);
        let drawn = run(&MipRequest {
            objective: &draw_objective,
            extra_rows: std::slice::from_ref(&hold),
            start: Some(req.stage1_values),
            fixed: &fixed_columns,
            deadline: req.deadline,
            // Every allocation it meets holds the optimal objective: those that differ show ties.
            collect: true,
            ..MipRequest::new(f, &settings, req.feasibility_tolerance)
        })?;
        draw_stage.add(&drawn);
        seen_by_draw = drawn.seen;
        match (drawn.status, drawn.ended_by, drawn.values) {
            (MipStatus::Optimal, EndedBy::Optimum, Some(v)) => v,
            // The draw could not be completed: keep the stage-1 optimum, and say so.
            _ => return Ok(done(stage1_awards, vec![], false, [fixing_stage, draw_stage, ties_stage])),
        }
    };
    let awards = f.awarded(&values);
    let chosen = award_column_of_need(world, f, &values);
    // The needs on which stage 1's allocation and the drawn one differ are tied.
    let mut tied = vec![false; world.needs.len()];
    mark_changed(world, &awards, &stage1_awards, &mut tied);

    // Allocations stage 1 and the draw met on the way that are optimal too: every need they serve otherwise is
    // tied.
    for other in req.seen.iter().chain(&seen_by_draw).filter(|other| is_other_optimum(world, f, req, &awards, other)) {
        mark_changed(world, &awards, other, &mut tied);
    }

    // Candidates for a tie: needs whose drawn award has a free rival with the same objective coefficient. The
    // rival itself, everything else unchanged, is an optimal allocation whenever the exact check accepts it: such
    // needs are tied without a search (bounded work: each check reads the whole allocation).
    let mut candidate = vec![false; world.needs.len()];
    let mut budget = SWAP_CHECK_BUDGET / awards.len().max(1);
    for (c, col) in f.columns.iter().enumerate() {
        if let ColumnKind::Award { estimate } = col.kind {
            let n = world.estimates[estimate].need;
            if let Some(a) = chosen[n] {
                if a != c && !is_fixed_zero[c] && (f.objective[c] - f.objective[a]).abs() <= req.tolerance {
                    candidate[n] = true;
                    if !tied[n] && budget > 0 {
                        budget -= 1;
                        let ColumnKind::Award { estimate: won } = f.columns[a].kind else { continue };
                        let swapped: Vec<usize> = awards.iter().map(|&e| if e == won { estimate } else { e }).collect();
                        tied[n] = verify_awards(world, req.policy, &swapped).is_empty();
                    }
                }
            }
        }
    }
    loop {
        let unsettled: Vec<usize> = open.iter().copied().filter(|&n| candidate[n] && !tied[n]).collect();
        if unsettled.is_empty() {
            if ties_stage.runs == 0 {
                ties_stage.ended_by = EndedBy::Skipped;
            }
            break;
        }
        let keep = Row {
            name: "tiebreak.change_one".into(),
            family: Family::TiebreakObjective,
            terms: {
                let mut t: Vec<(usize, f64)> = unsettled.iter().filter_map(|&n| chosen[n]).map(|c| (c, 1.0)).collect();
                t.sort_unstable_by_key(|x| x.0);
                t
            },
            lower: f64::NEG_INFINITY,
            upper: unsettled.len() as f64 - 1.0,
        };
        let mut objective = vec![0.0; f.columns.len()];
        for &(c, a) in &keep.terms {
            objective[c] = a;
        }
        let rows = [hold.clone(), keep];
        let found = run(&MipRequest {
            objective: &objective,
            sense: Sense::Minimise,
            extra_rows: &rows,
            fixed: &fixed_columns,
            deadline: req.deadline,
            first_improvement: true,
            ..MipRequest::new(f, &settings, req.feasibility_tolerance)
        })?;
        ties_stage.add(&found);
        match found.values {
            Some(v) if found.status != MipStatus::Infeasible => {
                let before = tied.iter().filter(|&&t| t).count();
                mark_changed(world, &awards, &f.awarded(&v), &mut tied);
                if tied.iter().filter(|&&t| t).count() == before {
                    // Cannot happen with the row above; stop rather than loop.
                    break;
                }
            }
            _ => break,
        }
    }
    let tie_broken = (0..world.needs.len()).filter(|&n| tied[n]).collect();
    Ok(done(awards, tie_broken, true, [fixing_stage, draw_stage, ties_stage]))
}

/// Whether an allocation met during the search is another optimal allocation: not the drawn one, of the optimal
/// objective (exactly, to the cent under price) and satisfying every rule exactly (HiGHS accepts its tolerance).
fn is_other_optimum(world: &World, f: &Formulation, req: &DrawRequest<'_>, awards: &[usize], other: &[usize]) -> bool {
    other != awards
        && (super::exact_objective(world, req.policy, f, other) - req.target).abs() <= req.tolerance
        && verify_awards(world, req.policy, other).is_empty()
}

/// Mark tied every need whose award in `awards` is not its award in `other`.
fn mark_changed(world: &World, awards: &[usize], other: &[usize], tied: &mut [bool]) {
    let mut award_of_need: Vec<Option<usize>> = vec![None; world.needs.len()];
    for &e in other {
        award_of_need[world.estimates[e].need] = Some(e);
    }
    for &e in awards {
        let n = world.estimates[e].need;
        tied[n] |= award_of_need[n] != Some(e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    /// An optimal allocation met during the search marks the needs it serves otherwise, even where no offer ties
    /// on price (a compensating swap no tie search looks for); one that is not optimal marks nothing.
    #[test]
    fn an_optimal_allocation_met_on_the_way_marks_the_needs_it_changes() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny/scenario.toml");
        let loaded = crate::io::load(&path).expect("the tiny fixture loads");
        let mut world = loaded.model.world;
        // At this price two allocations tie, differing on N-002, N-003 and N-005 by compensating moves between
        // offers of different prices (no need has two offers at one price, so no tie search looks there).
        for e in &mut world.estimates {
            if world.needs[e.need].id == "N-003" && world.offers[e.offer].id == "O-AWS-IAAS" {
                e.price = Decimal::new(56_849_950, 2);
            }
        }
        let policy = loaded.scenario.policy;
        let solved = crate::solve::solve(&world, &policy, None).expect("HiGHS runs");
        let f = &solved.formulation;
        let drawn = solved.outcome.awards.clone();
        let price = |a: &[usize]| a.iter().map(|&e| world.estimates[e].price).sum::<Decimal>();
        // Every allocation of one offer per need (the tiny model has 2^5).
        let mut all: Vec<Vec<usize>> = vec![vec![]];
        for n in 0..world.needs.len() {
            let offers: Vec<usize> = (0..world.estimates.len()).filter(|&e| world.estimates[e].need == n).collect();
            all = all.iter().flat_map(|a| offers.iter().map(move |&e| [a.clone(), vec![e]].concat())).collect();
        }
        for a in &mut all {
            a.sort_unstable();
        }
        let valid = |a: &Vec<usize>| verify_awards(&world, &policy, a).is_empty();
        let other = all.iter().find(|a| **a != drawn && price(a) == price(&drawn) && valid(a)).expect("a tie");
        let worse = all.iter().find(|a| price(a) > price(&drawn) && valid(a)).expect("a dearer allocation");
        let flagged = |seen: &[Vec<usize>]| {
            let values = f.column_values(&world, &drawn);
            let req = DrawRequest {
                policy: &policy,
                settings: &policy.solver,
                feasibility_tolerance: crate::solve::FAST_TOLERANCE,
                deadline: None,
                target: price(&drawn).try_into().expect("a price"),
                tolerance: crate::solve::objective_tolerance(&policy),
                stage1_values: &values,
                seen,
                drawn: true,
            };
            decide(&world, f, &req).expect("HiGHS runs").tie_broken
        };
        let changed: Vec<usize> = (0..world.needs.len())
            .filter(|&n| drawn.iter().zip(other).any(|(&d, &o)| world.estimates[d].need == n && d != o))
            .collect();
        assert!(!changed.is_empty());
        let without = flagged(&[]);
        assert!(changed.iter().all(|n| !without.contains(n)), "no search meets this tie: {without:?}");
        assert_eq!(flagged(std::slice::from_ref(worse)), without, "a dearer allocation marks nothing");
        let with = flagged(std::slice::from_ref(other));
        assert!(changed.iter().all(|n| with.contains(n)), "{changed:?} not all in {with:?}");
    }
}
