//! The scenario's `[plan]` table (the migration calendar: start, period, number of periods, freeze, the decree's
//! deadlines, capacity changes) and its `committed` key, checked as far as the scenario alone allows. Ids
//! (agencies, suppliers) are resolved against the model later, with the place each is written kept for the
//! diagnostic ([`Located`]).

use super::policy::{span_of, Checker};
use super::raw::{DateInput, RawPlan, RawPlanCapacityChange};
use crate::domain::Network;
use crate::io::diagnostic::{codes, Diagnostic};
use crate::plan::calendar::{Calendar, PeriodKind, MAX_PERIODS};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::PathBuf;
use toml::Spanned;

/// A value with the place in the scenario where it is written, to report a problem found against the model.
#[derive(Debug, Clone)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// A diagnostic at its place (code and message are replaced when used).
    pub at: Diagnostic,
}

impl<T> Located<T> {
    /// A diagnostic at the value's place.
    pub fn diag(&self, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { code, message: message.into(), ..self.at.clone() }
    }
}

/// A capacity change as written: the holder by id.
#[derive(Debug, Clone)]
pub struct ChangeSpec {
    /// `supplier` or `agency`, and the id.
    pub holder: Located<(bool, String)>,
    /// Unit (None: every unit).
    pub unit: Option<String>,
    /// From.
    pub from: NaiveDate,
    /// To.
    pub to: Option<NaiveDate>,
    /// Factor.
    pub factor: Decimal,
    /// Added amount.
    pub add: Decimal,
}

/// `[plan]` as the scenario alone can check it.
#[derive(Debug, Clone)]
pub struct PlanSpec {
    /// The horizon.
    pub calendar: Calendar,
    /// The freeze.
    pub frozen_until: Option<NaiveDate>,
    /// Deadlines by network.
    pub network_deadlines: BTreeMap<Network, NaiveDate>,
    /// Deadlines by agency id.
    pub agency_deadlines: Vec<Located<(String, NaiveDate)>>,
    /// Capacity changes.
    pub capacity_changes: Vec<ChangeSpec>,
}

const NETWORKS: &[(&str, Network)] =
    &[("ministry", Network::Ministry), ("agency", Network::Agency), ("rsss", Network::Rsss), ("rees", Network::Rees)];
const PERIODS: &[(&str, PeriodKind)] = &[("month", PeriodKind::Month), ("week", PeriodKind::Week)];

fn date(c: &mut Checker, key: &str, v: &Spanned<DateInput>) -> Option<NaiveDate> {
    match v.get_ref().to_date() {
        Ok(d) => Some(d),
        Err(message) => {
            let d = c.diag(codes::BAD_DATE, span_of(v), key, message);
            c.push(d.expected("a date YYYY-MM-DD, e.g. 2027-01-01"));
            None
        }
    }
}

/// The path `committed` names, resolved from the scenario's folder.
pub(super) fn committed(c: &mut Checker, raw: &Option<Spanned<String>>) -> Option<Located<PathBuf>> {
    let v = raw.as_ref()?;
    if v.get_ref().trim().is_empty() {
        let d = c.diag(codes::MISSING_KEY, span_of(v), "committed", "`committed` is empty");
        c.push(d.expected("a path to the committed awards' CSV file, relative to the scenario's folder"));
        return None;
    }
    let path = c.src.path.parent().unwrap_or(std::path::Path::new("")).join(v.get_ref());
    Some(Located { value: path, at: c.diag(codes::BAD_PLAN, span_of(v), "committed", "") })
}

/// Check `[plan]`.
pub(super) fn plan(c: &mut Checker, raw: &Option<RawPlan>) -> Option<PlanSpec> {
    let p = raw.as_ref()?;
    let missing = |c: &mut Checker, key: &str, expected: &str| {
        let d = c.diag(codes::MISSING_KEY, None, key, format!("`{key}` is missing from [plan]"));
        c.push(d.expected(expected.to_string()));
    };
    let start = match &p.start {
        Some(v) => date(c, "plan.start", v),
        None => {
            missing(c, "plan.start", "the first day of the plan, e.g. start = 2027-01-01");
            None
        }
    };
    let kind = match &p.period {
        Some(v) => c.word("plan.period", v, PERIODS),
        None => Some(PeriodKind::Month),
    };
    let periods = match &p.periods {
        Some(v) => c.integer(
            "plan.periods",
            v,
            1..=i64::from(MAX_PERIODS),
            &format!("a whole number of periods from 1 to {MAX_PERIODS}"),
        ),
        None => {
            missing(c, "plan.periods", "the number of periods of the horizon, e.g. periods = 24");
            None
        }
    };
    let calendar = match (start, kind, periods) {
        (Some(s), Some(k), Some(n)) => match Calendar::new(s, k, n as u32) {
            Ok(cal) => Some(cal),
            Err(message) => {
                let span = p.start.as_ref().and_then(span_of);
                let d = c.diag(codes::BAD_PLAN, span, "plan.start", message);
                c.push(d.hint("a monthly plan starts on the 1st; a weekly plan on a Monday"));
                None
            }
        },
        _ => None,
    };
    let frozen_until = p.frozen_until.as_ref().and_then(|v| date(c, "plan.frozen_until", v));
    let mut network_deadlines = BTreeMap::new();
    for (key, v) in p.deadlines.iter().flatten() {
        let name = format!("plan.deadlines.{key}");
        let network = match crate::io::values::parse_word(key, NETWORKS, "network") {
            Ok(n) => Some(n),
            Err(e) => {
                let d = c.diag(codes::BAD_TOML_ENUM, span_of(v), &name, e.message).maybe_hint(e.hint);
                c.push(d.expected("one of `ministry`, `agency`, `rsss`, `rees`"));
                None
            }
        };
        if let (Some(n), Some(d)) = (network, date(c, &name, v)) {
            network_deadlines.insert(n, d);
        }
    }
    let mut agency_deadlines = Vec::new();
    for (key, v) in p.agency_deadlines.iter().flatten() {
        let name = format!("plan.agency_deadlines.{key}");
        if let Some(d) = date(c, &name, v) {
            agency_deadlines
                .push(Located { value: (key.clone(), d), at: c.diag(codes::BAD_PLAN, span_of(v), &name, "") });
        }
    }
    let mut capacity_changes = Vec::new();
    for v in p.capacity_change.iter().flatten() {
        if let Some(ch) = change(c, v) {
            capacity_changes.push(ch);
        }
    }
    Some(PlanSpec { calendar: calendar?, frozen_until, network_deadlines, agency_deadlines, capacity_changes })
}

fn change(c: &mut Checker, v: &Spanned<RawPlanCapacityChange>) -> Option<ChangeSpec> {
    let r = v.get_ref();
    let key = "plan.capacity_change";
    let holder = match (&r.supplier, &r.agency) {
        (Some(s), None) => Some((true, s)),
        (None, Some(a)) => Some((false, a)),
        _ => {
            let d = c.diag(codes::BAD_PLAN, span_of(v), key, "a capacity change names one `supplier` or one `agency`");
            c.push(d.expected("supplier = \"NIMBUS\" or agency = \"CHUM\""));
            None
        }
    };
    let from = match &r.from {
        Some(f) => date(c, "plan.capacity_change.from", f),
        None => {
            let d = c.diag(codes::MISSING_KEY, span_of(v), "plan.capacity_change.from", "`from` is missing");
            c.push(d.expected("the first day the change applies, e.g. from = 2028-01-01"));
            None
        }
    };
    let to = match &r.to {
        Some(t) => Some(date(c, "plan.capacity_change.to", t)?),
        None => None,
    };
    let number = |c: &mut Checker, name: &str, value: &Option<Spanned<DecimalInput>>, default: Decimal| {
        let Some(value) = value else { return Some(default) };
        let d = c.decimal(name, value)?;
        if d < Decimal::ZERO {
            let diag = c.diag(codes::OUT_OF_RANGE, span_of(value), name, format!("`{name}` = {d} is negative"));
            c.push(diag.expected("a number at least 0"));
            return None;
        }
        Some(d)
    };
    let factor = number(c, "plan.capacity_change.factor", &r.factor, Decimal::ONE);
    let add = number(c, "plan.capacity_change.add", &r.add, Decimal::ZERO);
    if r.factor.is_none() && r.add.is_none() {
        let d = c.diag(codes::BAD_PLAN, span_of(v), key, "a capacity change needs `factor` or `add`");
        c.push(d.expected("factor = 0.5 (halve) or add = 120 (per period)"));
        return None;
    }
    let (is_supplier, id) = holder?;
    Some(ChangeSpec {
        holder: Located {
            value: (is_supplier, id.get_ref().clone()),
            at: c.diag(codes::BAD_PLAN, span_of(id), if is_supplier { "supplier" } else { "agency" }, ""),
        },
        unit: r.unit.as_ref().map(|u| u.get_ref().clone()),
        from: from?,
        to,
        factor: factor?,
        add: add?,
    })
}

use super::raw::DecimalInput;
