//! Why each need of a plan moves when it does: as early as its window allows (the horizon, the freeze, its
//! earliest start), or held back, period by period, by what moving it alone (same offer) to an earlier period
//! would break — a holder's capacity in a period, or a precedence — computed exactly; and whether its deadline
//! leaves it any period to spare.

use super::check::{usage, PlanEntry};
use super::inputs::{FirstSetBy, Sequence};
use super::model::{Placement, PlanInputs, PlanModel};
use crate::domain::World;
use rust_decimal::Decimal;
use serde::Serialize;

/// What keeps a migration from one earlier period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "blocked_by", rename_all = "snake_case")]
pub enum Blocker {
    /// A holder's capacity would be exceeded.
    Capacity {
        /// `supplier` or `agency`.
        kind: String,
        /// Holder id.
        holder: String,
        /// Unit.
        unit: String,
        /// The period where it would be exceeded.
        period: String,
        /// What it would use there (rounded to 1/100).
        would_use: Decimal,
        /// Its limit there.
        limit: Decimal,
    },
    /// A precedence.
    Precedence {
        /// The other need.
        other: String,
        /// `after` (it must wait for the other) or `with` (they start together).
        mode: Sequence,
    },
    /// Nothing: moving it alone is allowed and costs the same (no legacy cost), or the plan is not proven
    /// optimal.
    Nothing,
}

/// Why one need starts when it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Why {
    /// Need id.
    pub need: String,
    /// Start period label.
    pub start: String,
    /// When it starts in the first period of its window: what sets that period.
    pub earliest_allowed: Option<FirstSetBy>,
    /// For each earlier period of its window, latest first: what moving it there alone would break.
    pub held_back: Vec<(String, Blocker)>,
    /// It finishes in the last period its deadline allows.
    pub at_deadline: bool,
    /// Legacy running cost per month (what each period of waiting costs).
    pub legacy_monthly_cost: Decimal,
    /// A committed award (its period is fixed).
    pub committed: bool,
}

/// Why each need of a plan starts when it does, by need id.
pub fn why(world: &World, inputs: &PlanInputs<'_>, model: &PlanModel, plan: &[PlanEntry]) -> Vec<Why> {
    let cal = &inputs.settings.calendar;
    let uses = usage(world, inputs, &model.limits, plan);
    let mut start_of = vec![None; world.needs.len()];
    for p in plan {
        start_of[p.need] = p.start;
    }
    let mut out = Vec::new();
    for p in plan {
        let Some(t) = p.start else { continue };
        let timing = &inputs.migrations.timing[p.need];
        let d = timing.periods.max(1);
        let mut why = Why {
            need: world.needs[p.need].id.clone(),
            start: cal.label(t),
            earliest_allowed: None,
            held_back: vec![],
            at_deadline: false,
            legacy_monthly_cost: timing.legacy_monthly_cost,
            committed: false,
        };
        let window = match model.placement[p.need] {
            Placement::Window(w) => w,
            _ => {
                why.committed = true;
                out.push(why);
                continue;
            }
        };
        let (_, source) = inputs.settings.deadline(world, timing, p.need);
        why.at_deadline = i64::from(t) == window.last && source != super::inputs::DeadlineSource::Horizon;
        if t == window.first {
            why.earliest_allowed = Some(window.first_set_by);
        }
        for earlier in (window.first..t).rev() {
            let blocker = precedence_blocker(world, inputs, &start_of, p.need, earlier)
                .or_else(|| capacity_blocker(world, inputs, model, &uses, p, earlier, d))
                .unwrap_or(Blocker::Nothing);
            why.held_back.push((cal.label(earlier), blocker));
        }
        out.push(why);
    }
    out.sort_by(|a, b| a.need.cmp(&b.need));
    out
}

fn precedence_blocker(
    world: &World,
    inputs: &PlanInputs<'_>,
    start_of: &[Option<u32>],
    need: usize,
    at: u32,
) -> Option<Blocker> {
    for pr in &inputs.migrations.precedences {
        let (other, ok) = if pr.need == need {
            let Some(s) = start_of[pr.other] else { continue };
            let ok = match pr.mode {
                Sequence::After => at >= s + inputs.migrations.timing[pr.other].periods.max(1),
                Sequence::With => at == s,
            };
            (pr.other, ok)
        } else if pr.other == need {
            let Some(s) = start_of[pr.need] else { continue };
            let ok = match pr.mode {
                Sequence::After => s >= at + inputs.migrations.timing[need].periods.max(1),
                Sequence::With => at == s,
            };
            (pr.need, ok)
        } else {
            continue;
        };
        if !ok {
            return Some(Blocker::Precedence { other: world.needs[other].id.clone(), mode: pr.mode });
        }
    }
    None
}

fn capacity_blocker(
    world: &World,
    inputs: &PlanInputs<'_>,
    model: &PlanModel,
    uses: &[super::check::Usage],
    entry: &PlanEntry,
    at: u32,
    d: u32,
) -> Option<Blocker> {
    let cal = &inputs.settings.calendar;
    let from = entry.start?;
    for u in uses {
        let l = &model.limits[u.limit];
        if !l.holder.carries(world, entry.estimate) {
            continue;
        }
        let Some(&amount) = world.estimates[entry.estimate].consumption.get(&l.unit) else { continue };
        if amount.is_zero() {
            continue;
        }
        let share = amount * u.scale / Decimal::from(d);
        for q in at..(at + d).min(cal.periods) {
            let mut n = u.numerator[q as usize] + share;
            if q >= from && q < from + d {
                n -= share;
            }
            if n > l.limits[q as usize] * u.scale {
                return Some(Blocker::Capacity {
                    kind: super::model::holder_kind(l.holder).into(),
                    holder: l.holder.id(world).into(),
                    unit: l.unit.clone(),
                    period: cal.label(q),
                    would_use: (n / u.scale).round_dp(2),
                    limit: l.limits[q as usize],
                });
            }
        }
    }
    None
}
