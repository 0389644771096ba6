//! A constructive plan handed to HiGHS as a starting solution: each need's cheapest eligible offer (committed
//! awards kept), then, by earliest deadline first, the earliest start in its window that its precedences and the
//! capacities per period allow. HiGHS checks it and ignores it when it breaks a row (a share cap, say); a start
//! never changes the optimum, only how soon the search has a good plan in hand.

use super::check::PlanEntry;
use super::inputs::Sequence;
use super::model::{Placement, PlanInputs, PlanModel};
use crate::domain::{Policy, World};
use crate::model::ColumnKind;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

/// The start (a full column vector), or None when the greedy schedule leaves a need without a period.
pub fn constructive(world: &World, _policy: &Policy, inputs: &PlanInputs<'_>, model: &PlanModel) -> Option<Vec<f64>> {
    let f = &model.formulation;
    let elig = &model.eligibility;
    let mut plan: Vec<PlanEntry> = Vec::new();
    for (n, ests) in elig.by_need.iter().enumerate() {
        let Some(cheapest) = ests.iter().copied().min_by_key(|&e| (world.estimates[e].price, e)) else { continue };
        let start = match model.placement[n] {
            Placement::Fixed(t) => Some(t),
            _ => None,
        };
        plan.push(PlanEntry { need: n, estimate: cheapest, start });
    }
    // What each holder uses in each period so far (f64: a start only has to be good, HiGHS checks it).
    let periods = inputs.settings.calendar.periods;
    let mut load: Vec<Vec<f64>> = vec![vec![0.0; periods as usize]; model.limits.len()];
    let demand = |e: usize| -> Vec<(usize, f64)> {
        let d = inputs.migrations.timing[world.estimates[e].need].periods.max(1);
        model
            .limits
            .iter()
            .enumerate()
            .filter(|(_, l)| l.holder.carries(world, e))
            .filter_map(|(li, l)| world.estimates[e].consumption.get(&l.unit).map(|&u| (li, to_f64(u) / f64::from(d))))
            .filter(|&(_, u)| u > 0.0)
            .collect()
    };
    for p in &plan {
        if let Some(t) = p.start {
            let d = inputs.migrations.timing[p.need].periods.max(1);
            for (li, u) in demand(p.estimate) {
                for q in t..(t + d).min(periods) {
                    load[li][q as usize] += u;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..plan.len()).filter(|&i| matches!(model.placement[plan[i].need], Placement::Window(_))).collect();
    order.sort_by_key(|&i| match model.placement[plan[i].need] {
        Placement::Window(w) => (w.last, world.needs[plan[i].need].id.clone()),
        _ => (i64::MAX, String::new()),
    });
    let index_of: Vec<Option<usize>> = {
        let mut v = vec![None; world.needs.len()];
        for (i, p) in plan.iter().enumerate() {
            v[p.need] = Some(i);
        }
        v
    };
    for i in order {
        let n = plan[i].need;
        let Placement::Window(w) = model.placement[n] else { continue };
        let mut placed = false;
        for t in w.periods() {
            let preds_ok = inputs.migrations.precedences.iter().filter(|p| p.need == n).all(|p| {
                match index_of[p.other].and_then(|j| plan[j].start) {
                    Some(s) => match p.mode {
                        Sequence::After => t >= s + inputs.migrations.timing[p.other].periods.max(1),
                        Sequence::With => t == s,
                    },
                    None => true,
                }
            });
            if !preds_ok {
                continue;
            }
            let d = inputs.migrations.timing[n].periods.max(1);
            let needs = demand(plan[i].estimate);
            let fits = needs.iter().all(|&(li, u)| {
                (t..(t + d).min(periods)).all(|q| load[li][q as usize] + u <= to_f64(model.limits[li].limits[q as usize]) + 1e-9)
            });
            if fits {
                for &(li, u) in &needs {
                    for q in t..(t + d).min(periods) {
                        load[li][q as usize] += u;
                    }
                }
                plan[i].start = Some(t);
                placed = true;
                break;
            }
        }
        if !placed {
            return None;
        }
    }
    let mut values = f.column_values(world, &plan.iter().map(|p| p.estimate).collect::<Vec<_>>());
    for (c, col) in f.columns.iter().enumerate() {
        if let ColumnKind::Scheduled { estimate, period } = col.kind {
            let n = world.estimates[estimate].need;
            let chosen = index_of[n].map(|i| plan[i]);
            values[c] = if chosen.is_some_and(|p| p.estimate == estimate && p.start == Some(period)) { 1.0 } else { 0.0 };
        }
    }
    Some(values)
}
