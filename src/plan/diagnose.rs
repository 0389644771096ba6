//! When the calendar cannot hold: which needs miss which deadline, by how much, and the smallest change that would
//! make the plan feasible, computed by elastic re-solves rather than guessed.
//!
//! - **Windows**: a need whose earliest start (or the freeze) leaves no period to finish by its deadline, or
//!   whose migration does not fit in the horizon, is found directly.
//! - **Deadlines**: the plan is solved with every deadline lifted to the end of the horizon, minimising the total
//!   periods by which migrations finish after their deadline (capacities, precedences and principles hard). The
//!   late needs, grouped by where their deadline comes from, give the latest finish each deadline would need.
//! - **Capacity**: the plan is solved with the deadlines hard and a continuous slack on every capacity-per-period
//!   row, minimising the total extra capacity. Each slack, rounded up to the cent, is the capacity to add.
//!
//! Either change alone suffices: the elastic plan is feasible under it (deadlines moved to the latest finish of
//! their late needs; capacities raised by the rounded-up slack).

use super::inputs::{DeadlineSource, Migrations, PlanSettings};
use super::model::{build, build_with, Placement, PlanInputs};
use crate::domain::{Holder, Policy, World};
use crate::model::{Column, ColumnKind, Family};
use crate::solve::{run, MipRequest, MipStatus, SolveError, FAST_TOLERANCE};
use chrono::NaiveDate;
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// A need whose window is empty: no start period lets it finish by its deadline (or within the horizon).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoWindow {
    /// Need id.
    pub need: String,
    /// Its first possible start.
    pub first_start: Option<NaiveDate>,
    /// Its deadline.
    pub deadline: NaiveDate,
    /// Where the deadline comes from.
    pub source: DeadlineSource,
    /// The earliest it could finish (None: not within the horizon).
    pub earliest_finish: Option<NaiveDate>,
}

/// A need that misses its deadline in the elastic plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Late {
    /// Need id.
    pub need: String,
    /// Its deadline.
    pub deadline: NaiveDate,
    /// Where it comes from.
    pub source: DeadlineSource,
    /// When it would finish.
    pub finish: NaiveDate,
    /// By how many periods it is late.
    pub periods_late: u32,
}

/// A deadline to move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineMove {
    /// Which deadline.
    pub source: DeadlineSource,
    /// Today's date (the latest of the group's, for needs' own deadlines).
    pub from: NaiveDate,
    /// The date that would suffice.
    pub to: NaiveDate,
    /// The needs it concerns.
    pub needs: Vec<String>,
}

/// Capacity to add to one holder in one unit in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CapacityAdd {
    /// The holder.
    pub holder: Holder,
    /// `supplier` or `agency`.
    pub kind: String,
    /// Its id.
    pub id: String,
    /// Unit.
    pub unit: String,
    /// Period index.
    pub period: u32,
    /// Period label.
    pub label: String,
    /// First and last day of the period.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// How much to add (rounded up to the cent).
    pub amount: Decimal,
}

/// The diagnosis of an infeasible plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanDiagnosis {
    /// Needs with no possible start at all.
    pub no_window: Vec<NoWindow>,
    /// Whether the allocation alone (who, without the calendar) is feasible; when it is not, the policy itself
    /// is the problem (see `courtier solve`).
    pub allocation_feasible: bool,
    /// With deadlines lifted: the needs that would be late (None: even lifting them does not help).
    pub late: Option<Vec<Late>>,
    /// The deadline moves that would suffice.
    pub deadline_moves: Vec<DeadlineMove>,
    /// With deadlines hard: the capacity that would suffice (None: no extra capacity helps).
    pub capacity_adds: Option<Vec<CapacityAdd>>,
}

/// Diagnose an infeasible plan. `seconds` bounds each elastic re-solve.
pub fn diagnose(
    world: &World,
    policy: &Policy,
    inputs: &PlanInputs<'_>,
    seconds: f64,
) -> Result<PlanDiagnosis, SolveError> {
    let cal = &inputs.settings.calendar;
    let model = build(world, policy, inputs);
    let mut no_window = Vec::new();
    for (n, place) in model.placement.iter().enumerate() {
        let Placement::Window(w) = place else { continue };
        if !w.is_empty() {
            continue;
        }
        let timing = &inputs.migrations.timing[n];
        let (deadline, source) = inputs.settings.deadline(world, timing, n);
        let finish = w.first + timing.periods.max(1) - 1;
        no_window.push(NoWindow {
            need: world.needs[n].id.clone(),
            first_start: (w.first < cal.periods).then(|| cal.period_start(w.first)),
            deadline,
            source,
            earliest_finish: (finish < cal.periods).then(|| cal.period_end(finish)),
        });
    }
    let allocation_feasible = crate::explain::diagnose::feasible(world, policy);
    let deadline = Instant::now().checked_add(Duration::from_secs_f64(seconds.min(1e9)));
    let settings = crate::domain::SolverSettings { mip_rel_gap: 0.0, ..policy.solver.clone() };

    // Deadlines lifted.
    let lifted = PlanSettings {
        network_deadlines: BTreeMap::new(),
        agency_deadlines: BTreeMap::new(),
        ..inputs.settings.clone()
    };
    let migrations = Migrations {
        timing: inputs
            .migrations
            .timing
            .iter()
            .map(|t| super::inputs::Timing { deadline: None, ..t.clone() })
            .collect(),
        ..inputs.migrations.clone()
    };
    let elastic = build(world, policy, &PlanInputs { migrations: &migrations, settings: &lifted });
    let last_of = |n: usize| match model.placement[n] {
        Placement::Window(w) => w.last,
        _ => i64::MAX,
    };
    // Periods late, and, to choose among equally late plans, the cheapest (its cost scaled below half a period).
    let ef = &elastic.formulation;
    let scale = 0.5 / (1.0 + ef.objective.iter().map(|c| c.abs()).sum::<f64>());
    let lateness: Vec<f64> = ef
        .columns
        .iter()
        .zip(&ef.objective)
        .map(|(c, &cost)| {
            let late = match c.kind {
                ColumnKind::Scheduled { estimate, period } => {
                    (i64::from(period) - last_of(world.estimates[estimate].need)).max(0) as f64
                }
                _ => 0.0,
            };
            late + scale * cost
        })
        .collect();
    let r = run(&MipRequest {
        objective: &lateness,
        deadline,
        ..MipRequest::new(&elastic.formulation, &settings, FAST_TOLERANCE)
    })?;
    let (late, deadline_moves) = match (r.status, r.values) {
        (MipStatus::Optimal | MipStatus::TimeLimit, Some(v)) => {
            let entries = super::solve::entries(world, &elastic.formulation, &v);
            let mut late = Vec::new();
            let mut moves: BTreeMap<DeadlineSource, DeadlineMove> = BTreeMap::new();
            for p in &entries {
                let Some(t) = p.start else { continue };
                let Placement::Window(w) = model.placement[p.need] else { continue };
                let end = t + inputs.migrations.timing[p.need].periods.max(1) - 1;
                if i64::from(t) <= w.last {
                    continue;
                }
                let (deadline, source) = inputs.settings.deadline(world, &inputs.migrations.timing[p.need], p.need);
                let finish = cal.period_end(end);
                let need = world.needs[p.need].id.clone();
                late.push(Late {
                    need: need.clone(),
                    deadline,
                    source: source.clone(),
                    finish,
                    periods_late: (i64::from(t) - w.last) as u32,
                });
                let m = moves.entry(source.clone()).or_insert(DeadlineMove {
                    source,
                    from: deadline,
                    to: finish,
                    needs: vec![],
                });
                m.from = m.from.max(deadline);
                m.to = m.to.max(finish);
                m.needs.push(need);
            }
            (Some(late), moves.into_values().collect())
        }
        _ => (None, vec![]),
    };

    // Capacity elastic: every start, even one that no capacity fits today.
    let mut f = build_with(world, policy, inputs, false).formulation;
    let scale = 1e-3 / (1.0 + f.objective.iter().map(|c| c.abs()).sum::<f64>());
    let mut objective: Vec<f64> = f.objective.iter().map(|c| scale * c).collect();
    let rows: Vec<usize> =
        (0..f.rows.len()).filter(|&i| matches!(f.rows[i].family, Family::PeriodCapacity { .. })).collect();
    for &i in &rows {
        let c = f.columns.len();
        f.columns.push(Column::slack(format!("slack[{}]", f.rows[i].name), i));
        f.objective.push(0.0);
        f.tiebreak.push(0.0);
        objective.push(1.0);
        f.rows[i].terms.push((c, -1.0));
    }
    let r = run(&MipRequest { objective: &objective, deadline, ..MipRequest::new(&f, &settings, FAST_TOLERANCE) })?;
    let capacity_adds = match (r.status, r.values) {
        (MipStatus::Optimal | MipStatus::TimeLimit, Some(v)) => {
            let mut adds = Vec::new();
            for (c, col) in f.columns.iter().enumerate() {
                let ColumnKind::Slack { row } = col.kind else { continue };
                if v[c] <= 1e-6 {
                    continue;
                }
                let Family::PeriodCapacity { holder, unit, period } = &f.rows[row].family else { continue };
                // Rounded up to the cent, after the last digits of HiGHS's arithmetic are dropped.
                let amount = Decimal::from_f64(v[c])
                    .unwrap_or_default()
                    .round_dp(6)
                    .round_dp_with_strategy(2, RoundingStrategy::AwayFromZero);
                let mut amount = amount;
                amount.rescale(2);
                adds.push(CapacityAdd {
                    holder: *holder,
                    kind: super::model::holder_kind(*holder).into(),
                    id: holder.id(world).into(),
                    unit: unit.clone(),
                    period: *period,
                    label: cal.label(*period),
                    from: cal.period_start(*period),
                    to: cal.period_end(*period),
                    amount,
                });
            }
            Some(adds)
        }
        _ => None,
    };
    Ok(PlanDiagnosis { no_window, allocation_feasible, late, deadline_moves, capacity_adds })
}

/// The scenario with a diagnosis's deadline moves applied (to check that they suffice).
pub fn with_deadlines_moved(
    settings: &PlanSettings,
    migrations: &Migrations,
    world: &World,
    moves: &[DeadlineMove],
) -> (PlanSettings, Migrations) {
    let mut s = settings.clone();
    let mut m = migrations.clone();
    for mv in moves {
        match &mv.source {
            DeadlineSource::Network(n) => {
                s.network_deadlines.insert(*n, mv.to);
            }
            DeadlineSource::Agency(a) => {
                s.agency_deadlines.insert(a.clone(), mv.to);
            }
            DeadlineSource::Need => {
                for id in &mv.needs {
                    if let Some(n) = world.need_index(id) {
                        m.timing[n].deadline = Some(mv.to);
                    }
                }
            }
            DeadlineSource::Horizon => {}
        }
    }
    (s, m)
}

/// The scenario with a diagnosis's capacity additions applied.
pub fn with_capacity_added(settings: &PlanSettings, adds: &[CapacityAdd]) -> PlanSettings {
    let mut s = settings.clone();
    for a in adds {
        s.capacity_changes.push(super::inputs::CapacityChange {
            holder: a.holder,
            unit: Some(a.unit.clone()),
            from: a.from,
            to: Some(a.to),
            factor: Decimal::ONE,
            add: a.amount,
        });
    }
    s
}
