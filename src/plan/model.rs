//! The migration plan's mixed-integer program: who takes each need **and** in which period its migration starts.
//!
//! # Formulation
//!
//! It extends the allocation's formulation ([`crate::model`]: columns `a_e`, rows `need[n]`, P2 share rows, P3
//! floor, total capacities), whose rows are unchanged: every principle holds exactly as in `solve`.
//! Periods `t = 0…T−1` of the calendar; a need `n` lasts `d_n` periods and may start in its window
//! `W_n = [f_n, l_n]`: `f_n` is the first period starting on or after its earliest start and the freeze, `l_n` the
//! last start that finishes by its deadline (its own, else its agency's, else its network's, else the horizon).
//! A committed award with a start date has the single window of that date's period; a committed award without
//! one has already migrated and takes no period.
//!
//! Columns: `x_{e,t} ∈ {0,1}`, estimate `e` of need `n` awarded and migrated from period `t ∈ W_n` (column
//! `x[need,offer,period]`), for the starts where `e` alone fits every capacity per period (another start can be
//! in no plan). Data: `u_{e,k}` what `e` consumes in unit `k` (`consumption.csv`), spread evenly over
//! its `d_n` periods; `C_{h,k,p}` the limit of holder `h` (a supplier, for the awards it provides or resells, or an
//! agency, for its own needs) in unit `k` in period `p`; `w_{n,t}` the legacy running cost until the migration
//! is finished, the monthly cost times the months from the horizon's start to the end of period `t + d_n − 1`.
//!
//! ```text
//! link[e]                           a_e − Σ_{t∈W_n} x_{e,t} = 0                                 the award is migrated once
//! period_capacity[h,k,p]            Σ_{e: h carries e} Σ_{t ≤ p < t+d_n} (u_{e,k}/d_n) x_{e,t} ≤ C_{h,k,p}
//! precedence[n after m]             Σ_{e,t} t x_{e,t} (of n) − Σ_{e,t} t x_{e,t} (of m) ≥ d_m
//! precedence[n with m]              Σ_{e,t} t x_{e,t} (of n) − Σ_{e,t} t x_{e,t} (of m) = 0
//! ```
//!
//! Objective: minimise `Σ_e c_e a_e + Σ_{e,t} w_{n,t} x_{e,t}`: contract cost plus what waiting costs, so earlier is
//! better where capacity allows. The draw (P1) ranks `a_e` as in `solve` and adds `10⁻⁶ · t / T` to `x_{e,t}`:
//! among optimal plans the published draw decides who, then the earliest start decides when.

use super::inputs::{period_limits, window, Migrations, PeriodLimits, PlanSettings, Sequence, Window};
use crate::domain::{Policy, World};
use crate::eligibility::{self, Eligibility};
use crate::model::{self, Column, ColumnKind, Family, Formulation, Row};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::BTreeMap;

/// Weight of the period in the draw's rank of `x_{e,t}`: the earliest start wins among equal plans, after the
/// draw of who.
const PERIOD_RANK: f64 = 1e-6;

/// Everything the plan needs besides the world and the policy.
#[derive(Debug, Clone, Copy)]
pub struct PlanInputs<'a> {
    /// The model's migration data.
    pub migrations: &'a Migrations,
    /// The scenario's `[plan]`.
    pub settings: &'a PlanSettings,
}

/// How a need is placed in the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Not planned: no eligible estimate (unserved), or a committed award already migrated.
    None,
    /// Planned within its window.
    Window(Window),
    /// A committed award whose migration starts in this period.
    Fixed(u32),
}

impl Placement {
    /// The periods its migration may start in.
    pub fn periods(&self) -> Vec<u32> {
        match self {
            Placement::None => vec![],
            Placement::Window(w) => w.periods().collect(),
            Placement::Fixed(t) => vec![*t],
        }
    }
}

/// The built plan model.
#[derive(Debug, Clone)]
pub struct PlanModel {
    /// Eligibility (committed awards included).
    pub eligibility: Eligibility,
    /// The MIP: the allocation's columns and rows, then `x_{e,t}` and the plan's rows.
    pub formulation: Formulation,
    /// How each need is placed.
    pub placement: Vec<Placement>,
    /// Every holder's limit in every period.
    pub limits: Vec<PeriodLimits>,
}

/// The legacy running cost of need `n` if its migration starts in period `t`: the monthly cost times the months
/// from the horizon's start to the end of its last period, rounded to the cent (half away from zero).
pub fn waiting_cost(inputs: &PlanInputs<'_>, need: usize, start: u32) -> Decimal {
    let timing = &inputs.migrations.timing[need];
    let end = start + timing.periods.max(1) - 1;
    (timing.legacy_monthly_cost * inputs.settings.calendar.months_to_end_of(end))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// What a plan costs, exactly: the contracts, and the legacy sites' running cost until each migration is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct PlanCost {
    /// Σ of the awarded estimates' prices (committed awards included).
    pub contracts: Decimal,
    /// Σ of the waiting costs of the migrations planned in the horizon.
    pub waiting: Decimal,
}

impl PlanCost {
    /// Contracts plus waiting.
    pub fn total(&self) -> Decimal {
        self.contracts + self.waiting
    }
}

/// The exact cost of a plan.
pub fn plan_cost(world: &World, inputs: &PlanInputs<'_>, plan: &[super::check::PlanEntry]) -> PlanCost {
    let mut cost = PlanCost::default();
    for p in plan {
        cost.contracts += world.estimates[p.estimate].price;
        if let Some(t) = p.start {
            cost.waiting += waiting_cost(inputs, p.need, t);
        }
    }
    cost
}

/// The period of a committed start date (None: no date, or outside the horizon).
pub fn committed_start(policy: &Policy, world: &World, settings: &PlanSettings, need: usize) -> Option<u32> {
    let start = policy.commitment(&world.needs[need].id)?.start?;
    settings.calendar.period_of(start)
}

/// How each need is placed.
pub fn placements(world: &World, policy: &Policy, inputs: &PlanInputs<'_>, elig: &Eligibility) -> Vec<Placement> {
    (0..world.needs.len())
        .map(|n| {
            if elig.by_need[n].is_empty() {
                return Placement::None;
            }
            match policy.commitment(&world.needs[n].id) {
                Some(c) if c.start.is_none() => Placement::None,
                Some(_) => committed_start(policy, world, inputs.settings, n).map_or(Placement::None, Placement::Fixed),
                None => Placement::Window(window(inputs.settings, world, &inputs.migrations.timing[n], n)),
            }
        })
        .collect()
}

fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

/// Build the plan's MIP.
pub fn build(world: &World, policy: &Policy, inputs: &PlanInputs<'_>) -> PlanModel {
    build_with(world, policy, inputs, true)
}

/// Build the plan's MIP; `prune`: leave out the starts an estimate alone cannot fit (off for the elastic
/// re-solves of a diagnosis, where capacity may be added).
pub fn build_with(world: &World, policy: &Policy, inputs: &PlanInputs<'_>, prune: bool) -> PlanModel {
    let eligibility = eligibility::assess(world, policy);
    let mut f = model::build(world, policy, &eligibility);
    let placement = placements(world, policy, inputs, &eligibility);
    let limits = period_limits(inputs.settings, inputs.migrations);
    let periods = inputs.settings.calendar.periods;

    // x_{e,t} and the link rows.
    let mut slots_of_need: Vec<Vec<(usize, u32)>> = vec![Vec::new(); world.needs.len()];
    let mut links = Vec::new();
    for (n, place) in placement.iter().enumerate() {
        let starts = place.periods();
        if matches!(place, Placement::None) {
            continue;
        }
        for &e in &eligibility.by_need[n] {
            let Some(a) = f.column_of[e] else { continue };
            let mut terms = vec![(a, 1.0)];
            let fixed = matches!(place, Placement::Fixed(_)) || !prune;
            for &t in starts.iter().filter(|&&t| fixed || fits_alone(world, inputs, &limits, e, t)) {
                let c = f.columns.len();
                f.columns.push(Column::binary(
                    format!("x[{},{},{}]", world.needs[n].id, world.offers[world.estimates[e].offer].id, t),
                    ColumnKind::Scheduled { estimate: e, period: t },
                ));
                f.objective.push(to_f64(waiting_cost(inputs, n, t)));
                f.tiebreak.push(PERIOD_RANK * f64::from(t) / f64::from(periods));
                terms.push((c, -1.0));
                slots_of_need[n].push((c, t));
            }
            links.push(Row {
                name: format!("link[{},{}]", world.needs[n].id, world.offers[world.estimates[e].offer].id),
                family: Family::MigrationLink { estimate: e },
                terms,
                lower: 0.0,
                upper: 0.0,
            });
        }
    }
    f.rows.extend(links);

    // Capacity per holder, unit and period.
    let mut loads: BTreeMap<(usize, u32), Vec<(usize, f64)>> = BTreeMap::new();
    for (c, col) in f.columns.iter().enumerate() {
        let ColumnKind::Scheduled { estimate: e, period: t } = col.kind else { continue };
        let est = &world.estimates[e];
        let d = inputs.migrations.timing[est.need].periods.max(1);
        for (li, l) in limits.iter().enumerate() {
            let Some(&u) = est.consumption.get(&l.unit) else { continue };
            if u.is_zero() || !l.holder.carries(world, e) {
                continue;
            }
            let per_period = to_f64(u) / f64::from(d);
            for p in t..(t + d).min(periods) {
                loads.entry((li, p)).or_default().push((c, per_period));
            }
        }
    }
    for ((li, p), terms) in loads {
        let l = &limits[li];
        f.rows.push(Row {
            name: format!(
                "period_capacity[{}={},unit={},period={}]",
                holder_kind(l.holder),
                l.holder.id(world),
                l.unit,
                inputs.settings.calendar.label(p)
            ),
            family: Family::PeriodCapacity { holder: l.holder, unit: l.unit.clone(), period: p },
            terms,
            lower: f64::NEG_INFINITY,
            upper: to_f64(l.limits[p as usize]),
        });
    }

    // Precedences.
    for pr in &inputs.migrations.precedences {
        let (mine, theirs) = (&slots_of_need[pr.need], &slots_of_need[pr.other]);
        if mine.is_empty() || theirs.is_empty() {
            continue;
        }
        let mut terms: Vec<(usize, f64)> = mine
            .iter()
            .map(|&(c, t)| (c, f64::from(t)))
            .chain(theirs.iter().map(|&(c, t)| (c, -f64::from(t))))
            .filter(|&(_, a)| a != 0.0)
            .collect();
        terms.sort_by_key(|t| t.0);
        let d_other = f64::from(inputs.migrations.timing[pr.other].periods.max(1));
        let (lower, upper, word) = match pr.mode {
            Sequence::After => (d_other, f64::INFINITY, "after"),
            Sequence::With => (0.0, 0.0, "with"),
        };
        f.rows.push(Row {
            name: format!("precedence[{},{word},{}]", world.needs[pr.need].id, world.needs[pr.other].id),
            family: Family::Precedence { need: pr.need, other: pr.other },
            terms,
            lower,
            upper,
        });
    }
    PlanModel { eligibility, formulation: f, placement, limits }
}

/// Whether estimate `e` migrated from period `t` fits every capacity per period on its own (a start that does not
/// can be in no plan, and gets no column).
pub fn fits_alone(world: &World, inputs: &PlanInputs<'_>, limits: &[PeriodLimits], e: usize, t: u32) -> bool {
    let est = &world.estimates[e];
    let d = inputs.migrations.timing[est.need].periods.max(1);
    let periods = inputs.settings.calendar.periods;
    limits.iter().all(|l| {
        let Some(&u) = est.consumption.get(&l.unit) else { return true };
        if u.is_zero() || !l.holder.carries(world, e) {
            return true;
        }
        (t..(t + d).min(periods)).all(|p| u <= l.limits[p as usize] * Decimal::from(d))
    })
}

/// `supplier` or `agency`.
pub fn holder_kind(h: crate::domain::Holder) -> &'static str {
    match h {
        crate::domain::Holder::Supplier(_) => "supplier",
        crate::domain::Holder::Agency(_) => "agency",
    }
}
