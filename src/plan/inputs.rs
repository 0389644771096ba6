//! What a plan is made of besides the world and the policy: each need's timing (earliest start, deadline,
//! duration, legacy running cost), precedences between needs, capacities per period, and the scenario's plan
//! settings (calendar, freeze, the decree's deadlines, capacity changes). [`Windows`] turns them into, for each
//! need, the periods its migration may start in, and for each holder and unit, its limit in each period.

use super::calendar::Calendar;
pub use crate::domain::Holder;
use crate::domain::{Network, World};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One need's timing (`migrations.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timing {
    /// The migration may not start before this date.
    pub earliest_start: Option<NaiveDate>,
    /// The need's own deadline: its migration must be finished by this date.
    pub deadline: Option<NaiveDate>,
    /// Duration of the migration, in periods (at least 1).
    pub periods: u32,
    /// What the legacy site costs per month until the migration is finished (CAD).
    pub legacy_monthly_cost: Decimal,
}

impl Default for Timing {
    /// No own window, one period, no legacy cost.
    fn default() -> Self {
        Timing { earliest_start: None, deadline: None, periods: 1, legacy_monthly_cost: Decimal::ZERO }
    }
}

/// How a need is sequenced with another (`precedences.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sequence {
    /// Starts only once the other need's migration is finished.
    After,
    /// Starts in the same period as the other need.
    With,
}

/// `need` moves after (or with) `other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Precedence {
    /// Index of the need that waits.
    pub need: usize,
    /// Index of the need it waits for.
    pub other: usize,
    /// After, or with.
    pub mode: Sequence,
}

/// A capacity per period, in force from `from` until the holder's next row in the same unit
/// (`period_capacities.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodCapacity {
    /// Who holds it.
    pub holder: Holder,
    /// Unit (as in `consumption.csv`).
    pub unit: String,
    /// First day it applies to (periods starting on or after it).
    pub from: NaiveDate,
    /// Most that may be consumed in one period.
    pub limit: Decimal,
}

/// The model's migration data: timing per need (same order as the world's needs), precedences, capacities per
/// period (sorted by holder, unit, date).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Migrations {
    /// Timing of each need.
    pub timing: Vec<Timing>,
    /// Precedences, sorted.
    pub precedences: Vec<Precedence>,
    /// Capacities per period.
    pub capacities: Vec<PeriodCapacity>,
}

/// A change of capacity per period written in the scenario (`[[plan.capacity_change]]`): from a date on, the
/// holder's limit in a unit (every unit when None) is multiplied by `factor` or increased by `add`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapacityChange {
    /// Who.
    pub holder: Holder,
    /// Which unit (None: every unit of the holder).
    pub unit: Option<String>,
    /// Periods starting on or after this date…
    pub from: NaiveDate,
    /// …and on or before this one (None: to the end of the horizon).
    pub to: Option<NaiveDate>,
    /// Multiply the limit by this (1: unchanged).
    pub factor: Decimal,
    /// Then add this to it (0: unchanged).
    pub add: Decimal,
}

/// The scenario's `[plan]` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSettings {
    /// The horizon.
    pub calendar: Calendar,
    /// Periods starting before this date are under way: no new migration starts in them.
    pub frozen_until: Option<NaiveDate>,
    /// The decree's deadline of each network.
    pub network_deadlines: BTreeMap<Network, NaiveDate>,
    /// Deadlines of particular agencies (override their network's), by agency id.
    pub agency_deadlines: BTreeMap<String, NaiveDate>,
    /// Changes to capacities per period, in order.
    pub capacity_changes: Vec<CapacityChange>,
}

/// Where a need's deadline comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "source", content = "id", rename_all = "lowercase")]
pub enum DeadlineSource {
    /// Its own (`migrations.csv`).
    Need,
    /// Its agency's (`[plan.agency_deadlines]`).
    Agency(String),
    /// Its network's (`[plan.deadlines]`).
    Network(Network),
    /// None applies: the end of the horizon.
    Horizon,
}

impl PlanSettings {
    /// A need's deadline and where it comes from: its own, else its agency's, else its network's, else the end
    /// of the horizon.
    pub fn deadline(&self, world: &World, timing: &Timing, need: usize) -> (NaiveDate, DeadlineSource) {
        let agency = &world.agencies[world.needs[need].agency];
        if let Some(d) = timing.deadline {
            (d, DeadlineSource::Need)
        } else if let Some(&d) = self.agency_deadlines.get(&agency.id) {
            (d, DeadlineSource::Agency(agency.id.clone()))
        } else if let Some(&d) = self.network_deadlines.get(&agency.network) {
            (d, DeadlineSource::Network(agency.network))
        } else {
            (self.calendar.end(), DeadlineSource::Horizon)
        }
    }
}

/// The periods a migration may start in, `first..=last` (empty when `first > last`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    /// First period it may start in (earliest start, freeze, horizon).
    pub first: u32,
    /// Last period it may start in and still finish by its deadline.
    pub last: i64,
    /// What sets `first`.
    pub first_set_by: FirstSetBy,
}

impl Window {
    /// Whether no period fits.
    pub fn is_empty(&self) -> bool {
        i64::from(self.first) > self.last
    }
    /// The periods, ascending.
    pub fn periods(&self) -> impl Iterator<Item = u32> {
        let last = self.last.clamp(-1, i64::from(u32::MAX));
        (i64::from(self.first)..=last).map(|t| t as u32)
    }
}

/// What keeps a migration from starting earlier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FirstSetBy {
    /// The start of the horizon.
    Horizon,
    /// The freeze (periods under way).
    Freeze,
    /// The need's earliest start.
    EarliestStart,
}

/// The limits of one holder in one unit, per period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodLimits {
    /// Who.
    pub holder: Holder,
    /// Unit.
    pub unit: String,
    /// Limit in each period of the horizon (0 before the holder's first row).
    pub limits: Vec<Decimal>,
}

/// A need's start window.
pub fn window(settings: &PlanSettings, world: &World, timing: &Timing, need: usize) -> Window {
    let cal = &settings.calendar;
    let mut first = 0;
    let mut first_set_by = FirstSetBy::Horizon;
    if let Some(f) = settings.frozen_until {
        let t = cal.first_starting_from(f);
        if t > first {
            (first, first_set_by) = (t, FirstSetBy::Freeze);
        }
    }
    if let Some(e) = timing.earliest_start {
        let t = cal.first_starting_from(e);
        if t > first {
            (first, first_set_by) = (t, FirstSetBy::EarliestStart);
        }
    }
    let (deadline, _) = settings.deadline(world, timing, need);
    let last_end = cal.last_ending_by(deadline.min(cal.end())).map_or(-1, i64::from);
    Window { first, last: last_end - i64::from(timing.periods.max(1)) + 1, first_set_by }
}

/// Every holder's limit in every period, with the scenario's capacity changes applied in order.
pub fn period_limits(settings: &PlanSettings, migrations: &Migrations) -> Vec<PeriodLimits> {
    let cal = &settings.calendar;
    let mut out: Vec<PeriodLimits> = Vec::new();
    for c in &migrations.capacities {
        let fresh = out.last().is_none_or(|l| (l.holder, &l.unit) != (c.holder, &c.unit));
        if fresh {
            out.push(PeriodLimits {
                holder: c.holder,
                unit: c.unit.clone(),
                limits: vec![Decimal::ZERO; cal.periods as usize],
            });
        }
        let l = out.last_mut().expect("pushed above");
        for t in cal.first_starting_from(c.from)..cal.periods {
            l.limits[t as usize] = c.limit;
        }
    }
    for ch in &settings.capacity_changes {
        for l in out.iter_mut().filter(|l| l.holder == ch.holder && ch.unit.as_ref().is_none_or(|u| *u == l.unit)) {
            for t in cal.first_starting_from(ch.from)..cal.periods {
                if ch.to.is_some_and(|to| cal.period_start(t) > to) {
                    break;
                }
                let v = &mut l.limits[t as usize];
                *v = (*v * ch.factor + ch.add).max(Decimal::ZERO);
            }
        }
    }
    out
}
