//! The figures of a solved plan, recomputed exactly from the inputs: one line per need (offer, start and end
//! dates, deadline, slack, waiting cost), the waves (per period: migrations starting and under way per supplier,
//! needs at risk), each holder's capacity used of available per period, the plan's cost, and the year's shares
//! with and without the new awards. Pure data; the report layer renders it.

use super::check::{usage, PlanEntry};
use super::inputs::DeadlineSource;
use super::model::{plan_cost, waiting_cost, Placement, PlanCost, PlanInputs, PlanModel};
use crate::domain::{Policy, World};
use crate::summary::{award_line_under, credit_rule, year_shares, ProvenGap, YearShares};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// One need of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanLine {
    /// Need id.
    pub need: String,
    /// Agency id.
    pub agency: String,
    /// Offer id.
    pub offer: String,
    /// Provider id.
    pub provider: String,
    /// Reseller id.
    pub reseller: String,
    /// Contract price.
    pub price: Decimal,
    /// First day of the migration (None: already migrated).
    pub start: Option<NaiveDate>,
    /// Last day of the migration.
    pub end: Option<NaiveDate>,
    /// First period, as a label.
    pub start_period: Option<u32>,
    /// Last period.
    pub end_period: Option<u32>,
    /// Deadline (None when not planned in the horizon).
    pub deadline: Option<NaiveDate>,
    /// Where the deadline comes from.
    pub deadline_source: Option<DeadlineSource>,
    /// Periods the migration could still slip and finish by its deadline (0: at risk).
    pub slack_periods: Option<u32>,
    /// Legacy running cost until the migration is finished.
    pub waiting_cost: Decimal,
    /// A committed award.
    pub committed: bool,
}

/// One period of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Wave {
    /// Period index.
    pub period: u32,
    /// Its label (`2027-03`).
    pub label: String,
    /// First day.
    pub start: NaiveDate,
    /// Migrations starting in it.
    pub starting: usize,
    /// Migrations under way in it (started now or before).
    pub under_way: usize,
    /// Migrations starting, per provider id.
    pub starting_by_provider: BTreeMap<String, usize>,
    /// Needs finishing in it with no period to spare before their deadline.
    pub at_risk: Vec<String>,
}

/// A holder's capacity per period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CapacityUse {
    /// `supplier` or `agency`.
    pub kind: String,
    /// Holder id.
    pub holder: String,
    /// Unit.
    pub unit: String,
    /// Used per period (rounded to 1/100).
    pub used: Vec<Decimal>,
    /// Limit per period.
    pub limit: Vec<Decimal>,
}

/// The figures of a plan (empty by default: no plan).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct PlanSummary {
    /// One line per need, by need id.
    pub lines: Vec<PlanLine>,
    /// One wave per period.
    pub waves: Vec<Wave>,
    /// Capacity per holder, unit and period.
    pub capacity: Vec<CapacityUse>,
    /// Exact cost.
    pub cost: PlanCost,
    /// Needs with no eligible estimate, by id.
    pub unserved: Vec<String>,
    /// With committed awards: the year's shares.
    pub year: Option<YearShares>,
    /// A plan not proven optimal: how far it may be from the best possible plan (set from the solve's outcome,
    /// [`crate::plan::PlanOutcome::proven_within`]; None for a plan read from a file).
    pub proven_within: Option<ProvenGap>,
}

/// Summarise a plan.
pub fn summarize(
    world: &World,
    policy: &Policy,
    inputs: &PlanInputs<'_>,
    model: &PlanModel,
    plan: &[PlanEntry],
) -> PlanSummary {
    let cal = &inputs.settings.calendar;
    let credit = credit_rule(policy);
    let mut lines = Vec::new();
    let mut awards = Vec::new();
    let mut waves: Vec<Wave> = (0..cal.periods)
        .map(|t| Wave {
            period: t,
            label: cal.label(t),
            start: cal.period_start(t),
            starting: 0,
            under_way: 0,
            starting_by_provider: BTreeMap::new(),
            at_risk: vec![],
        })
        .collect();
    for p in plan {
        let award = award_line_under(world, Some(policy), &model.eligibility, credit, p.estimate, false);
        let timing = &inputs.migrations.timing[p.need];
        let d = timing.periods.max(1);
        let end_period = p.start.map(|t| t + d - 1);
        let planned = !matches!(model.placement[p.need], Placement::None);
        let (deadline, source) = if planned {
            let (d, s) = inputs.settings.deadline(world, timing, p.need);
            (Some(d), Some(s))
        } else {
            (None, None)
        };
        let last_end = deadline.and_then(|d| cal.last_ending_by(d.min(cal.end())));
        let slack = match (end_period, last_end) {
            (Some(e), Some(l)) if l >= e => Some(l - e),
            (Some(_), _) => Some(0),
            _ => None,
        };
        if let Some(t) = p.start {
            let w = &mut waves[t as usize];
            w.starting += 1;
            *w.starting_by_provider.entry(award.provider.clone()).or_default() += 1;
            for q in t..(t + d).min(cal.periods) {
                waves[q as usize].under_way += 1;
            }
            let decree = source.as_ref().is_some_and(|s| *s != DeadlineSource::Horizon);
            if slack == Some(0) && !award.committed && decree {
                if let Some(e) = end_period.filter(|&e| e < cal.periods) {
                    waves[e as usize].at_risk.push(award.need.clone());
                }
            }
        }
        lines.push(PlanLine {
            need: award.need.clone(),
            agency: award.agency.clone(),
            offer: award.offer.clone(),
            provider: award.provider.clone(),
            reseller: award.reseller.clone(),
            price: award.price,
            start: p.start.map(|t| cal.period_start(t)),
            end: end_period.map(|e| cal.period_end(e)),
            start_period: p.start,
            end_period,
            deadline,
            deadline_source: source,
            slack_periods: slack,
            waiting_cost: p.start.map_or(Decimal::ZERO, |t| waiting_cost(inputs, p.need, t)),
            committed: award.committed,
        });
        awards.push(award);
    }
    lines.sort_by(|a, b| a.need.cmp(&b.need));
    awards.sort_by(|a, b| a.need.cmp(&b.need));
    let capacity = usage(world, inputs, &model.limits, plan)
        .into_iter()
        .map(|u| {
            let l = &model.limits[u.limit];
            CapacityUse {
                kind: super::model::holder_kind(l.holder).into(),
                holder: l.holder.id(world).into(),
                unit: l.unit.clone(),
                used: (0..cal.periods as usize).map(|p| u.used(p)).collect(),
                limit: l.limits.clone(),
            }
        })
        .collect();
    PlanSummary {
        lines,
        waves,
        capacity,
        cost: plan_cost(world, inputs, plan),
        unserved: model.eligibility.unservable().into_iter().map(|n| world.needs[n].id.clone()).collect(),
        year: year_shares(world, &awards),
        proven_within: None,
    }
}
