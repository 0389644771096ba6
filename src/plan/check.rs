//! The exact re-check of a plan, in decimal arithmetic and from the inputs alone (never the MIP): the allocation
//! rules of [`crate::verify::verify_awards`] (eligibility, committed awards, P2, P3, total capacities), then
//! every start within its window, committed starts unchanged, capacity per period, and precedences. The
//! optimiser's plans, a plan file read back by `verify`, and the oracle's candidates all go through it.

use super::inputs::{PeriodLimits, Sequence};
use super::model::{Placement, PlanInputs};
use crate::domain::{Holder, Policy, World};
use crate::verify::{verify_awards, Violation};
use rust_decimal::Decimal;
use serde::Serialize;

/// One need of a plan: its award and the period its migration starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PlanEntry {
    /// Need index.
    pub need: usize,
    /// Awarded estimate.
    pub estimate: usize,
    /// Start period (None: not migrated in the horizon, a committed award already migrated).
    pub start: Option<u32>,
}

/// One way a plan breaks the rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "violation", rename_all = "snake_case")]
pub enum PlanViolation {
    /// A rule of the allocation (who), as `verify` states it.
    Allocation(Violation),
    /// A need that must migrate in the horizon has no start period.
    NotScheduled {
        /// Need id.
        need: String,
    },
    /// A need that has already migrated (committed, no start) is given a start.
    ScheduledTwice {
        /// Need id.
        need: String,
    },
    /// A start outside the need's window.
    OutsideWindow {
        /// Need id.
        need: String,
        /// Its start period's label.
        start: String,
        /// First allowed start.
        first: String,
        /// Last allowed start (empty: none).
        last: String,
    },
    /// A committed award's migration moved.
    CommittedMoved {
        /// Need id.
        need: String,
        /// The period given.
        start: String,
        /// The committed period.
        committed: String,
    },
    /// A holder's capacity exceeded in a period.
    PeriodCapacity {
        /// `supplier` or `agency`.
        kind: String,
        /// Holder id.
        holder: String,
        /// Unit.
        unit: String,
        /// Period label.
        period: String,
        /// What the plan uses (rounded to 1/100 for display).
        used: Decimal,
        /// The limit.
        limit: Decimal,
    },
    /// A precedence not honoured.
    Precedence {
        /// The need that waits.
        need: String,
        /// The need it waits for.
        other: String,
        /// `after` or `with`.
        mode: Sequence,
    },
}

impl std::fmt::Display for PlanViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanViolation::Allocation(v) => write!(f, "{v}"),
            PlanViolation::NotScheduled { need } => write!(f, "{need} has no migration period"),
            PlanViolation::ScheduledTwice { need } => {
                write!(f, "{need} has already migrated (committed award without a start) but is given a period")
            }
            PlanViolation::OutsideWindow { need, start, first, last } if last.is_empty() => {
                write!(f, "{need} starts in {start}, but no period from {first} lets it finish by its deadline")
            }
            PlanViolation::OutsideWindow { need, start, first, last } => {
                write!(f, "{need} starts in {start}, outside its window {first} to {last}")
            }
            PlanViolation::CommittedMoved { need, start, committed } => {
                write!(f, "{need} is committed to start in {committed}, not {start}")
            }
            PlanViolation::PeriodCapacity { kind, holder, unit, period, used, limit } => {
                write!(f, "{kind} {holder} uses {used} {unit} in {period}, above its {limit}")
            }
            PlanViolation::Precedence { need, other, mode: Sequence::After } => {
                write!(f, "{need} starts before {other} has finished")
            }
            PlanViolation::Precedence { need, other, mode: Sequence::With } => {
                write!(f, "{need} does not start with {other}")
            }
        }
    }
}

/// What one holder uses of one unit in each period, exactly: `numerator[p] / scale` (the scale is the least
/// common multiple of the durations involved, so that spreading a consumption over its periods stays exact).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Usage {
    /// Index in the limits.
    pub limit: usize,
    /// Σ u_e · (scale / d_n) per period.
    pub numerator: Vec<Decimal>,
    /// The common denominator.
    pub scale: Decimal,
}

impl Usage {
    /// The use in period `p`, for display (rounded to 1/100).
    pub fn used(&self, p: usize) -> Decimal {
        (self.numerator[p] / self.scale).round_dp(2)
    }

    /// Whether period `p` is within `limit`, exactly.
    pub fn within(&self, p: usize, limit: Decimal) -> bool {
        self.numerator[p] <= limit * self.scale
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// The use of every holder's capacity in every period.
pub fn usage(world: &World, inputs: &PlanInputs<'_>, limits: &[PeriodLimits], plan: &[PlanEntry]) -> Vec<Usage> {
    let periods = inputs.settings.calendar.periods;
    let duration = |n: usize| u64::from(inputs.migrations.timing[n].periods.max(1));
    limits
        .iter()
        .enumerate()
        .map(|(li, l)| {
            let carried: Vec<(&PlanEntry, Decimal)> = plan
                .iter()
                .filter(|p| p.start.is_some() && l.holder.carries(world, p.estimate))
                .filter_map(|p| world.estimates[p.estimate].consumption.get(&l.unit).map(|&u| (p, u)))
                .filter(|(_, u)| !u.is_zero())
                .collect();
            let scale = carried.iter().fold(1u64, |acc, (p, _)| {
                let d = duration(p.need);
                let l = acc / gcd(acc, d) * d;
                if l > 1_000_000_000 {
                    acc
                } else {
                    l
                }
            });
            let mut numerator = vec![Decimal::ZERO; periods as usize];
            for (p, u) in carried {
                let d = duration(p.need);
                let start = p.start.expect("filtered above");
                let share = if scale % d == 0 {
                    u * Decimal::from(scale / d)
                } else {
                    u * Decimal::from(scale) / Decimal::from(d)
                };
                for t in start..(start + d as u32).min(periods) {
                    numerator[t as usize] += share;
                }
            }
            Usage { limit: li, numerator, scale: Decimal::from(scale) }
        })
        .collect()
}

/// Every way `plan` breaks the rules (empty: the plan holds).
pub fn check(
    world: &World,
    policy: &Policy,
    inputs: &PlanInputs<'_>,
    placement: &[Placement],
    limits: &[PeriodLimits],
    plan: &[PlanEntry],
) -> Vec<PlanViolation> {
    let cal = &inputs.settings.calendar;
    let awards: Vec<usize> = plan.iter().map(|p| p.estimate).collect();
    let mut out: Vec<PlanViolation> =
        verify_awards(world, policy, &awards).into_iter().map(PlanViolation::Allocation).collect();
    let mut start_of: Vec<Option<u32>> = vec![None; world.needs.len()];
    for p in plan {
        let need = world.needs[p.need].id.clone();
        start_of[p.need] = p.start;
        match (placement[p.need], p.start) {
            (Placement::None, Some(_)) => out.push(PlanViolation::ScheduledTwice { need }),
            (Placement::None, None) => {}
            (_, None) => out.push(PlanViolation::NotScheduled { need }),
            (Placement::Fixed(c), Some(t)) if c != t => {
                out.push(PlanViolation::CommittedMoved { need, start: cal.label(t), committed: cal.label(c) })
            }
            (Placement::Fixed(_), Some(_)) => {}
            (Placement::Window(w), Some(t)) => {
                if i64::from(t) > w.last || t < w.first {
                    let last = if w.last >= i64::from(w.first) { cal.label(w.last as u32) } else { String::new() };
                    let first = if w.first < cal.periods { cal.label(w.first) } else { "after the horizon".into() };
                    out.push(PlanViolation::OutsideWindow { need, start: cal.label(t), first, last });
                }
            }
        }
    }
    for u in usage(world, inputs, limits, plan) {
        let l = &limits[u.limit];
        for p in 0..cal.periods as usize {
            if !u.within(p, l.limits[p]) {
                out.push(PlanViolation::PeriodCapacity {
                    kind: super::model::holder_kind(l.holder).into(),
                    holder: l.holder.id(world).into(),
                    unit: l.unit.clone(),
                    period: cal.label(p as u32),
                    used: u.used(p),
                    limit: l.limits[p],
                });
            }
        }
    }
    for pr in &inputs.migrations.precedences {
        let (Some(mine), Some(theirs)) = (start_of[pr.need], start_of[pr.other]) else { continue };
        let ok = match pr.mode {
            Sequence::After => mine >= theirs + inputs.migrations.timing[pr.other].periods.max(1),
            Sequence::With => mine == theirs,
        };
        if !ok {
            out.push(PlanViolation::Precedence {
                need: world.needs[pr.need].id.clone(),
                other: world.needs[pr.other].id.clone(),
                mode: pr.mode,
            });
        }
    }
    out
}

/// The holders' ids, for messages.
pub fn holder_label(world: &World, h: Holder) -> String {
    format!("{} {}", super::model::holder_kind(h), h.id(world))
}
