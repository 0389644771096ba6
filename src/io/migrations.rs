//! The migration files of a model folder, read by `courtier plan` (`models/README.md`, "Migration plans"):
//! `migrations.csv` (each need's earliest start, deadline, duration in periods and legacy running cost),
//! `precedences.csv` (a need moves after, or with, another) and `period_capacities.csv` (a supplier's or an
//! agency's capacity per period in a unit, from a date); and the scenario's `[plan]` resolved against the model.
//! Every problem is reported with its file, line and column; a cycle of precedences is refused.

use super::diagnostic::{codes, Diagnostic};
use super::scenario::PlanSpec;
use super::table::{read_table, Row, Schema};
use super::{InputFile, Loaded};
use crate::domain::{Holder, World};
use crate::plan::calendar::MAX_PERIODS;
use crate::plan::inputs::{CapacityChange, Migrations, PeriodCapacity, PlanSettings, Precedence, Sequence, Timing};
use std::collections::{BTreeMap, BTreeSet};

const fn schema(file: &'static str, columns: &'static [&'static str]) -> Schema {
    Schema { file, columns, extra_columns_allowed: false, optional: true }
}

/// `migrations.csv`.
pub(crate) const MIGRATIONS: Schema =
    schema("migrations.csv", &["need", "earliest_start", "deadline", "periods", "legacy_monthly_cost"]);
/// `precedences.csv`.
pub(crate) const PRECEDENCES: Schema = schema("precedences.csv", &["need", "after", "mode"]);
/// `period_capacities.csv`.
pub(crate) const PERIOD_CAPACITIES: Schema =
    schema("period_capacities.csv", &["holder", "kind", "unit", "from", "limit"]);
/// The migration files, in reading order.
pub(crate) const MIGRATION_SCHEMAS: [Schema; 3] = [MIGRATIONS, PRECEDENCES, PERIOD_CAPACITIES];

const MODES: &[(&str, Sequence)] = &[("after", Sequence::After), ("with", Sequence::With)];
const KINDS: &[(&str, bool)] = &[("supplier", true), ("agency", false)];

/// A scenario's plan inputs.
#[derive(Debug, Clone)]
pub struct LoadedPlan {
    /// Timing, precedences and capacities per period.
    pub migrations: Migrations,
    /// The scenario's `[plan]`, resolved.
    pub settings: PlanSettings,
    /// The migration files read, with their hashes.
    pub files: Vec<InputFile>,
}

/// Read the model's migration files and resolve the scenario's `[plan]`. All problems are reported at once.
pub fn load_plan(loaded: &Loaded) -> Result<LoadedPlan, Vec<Diagnostic>> {
    let world = &loaded.model.world;
    let scenario = &loaded.scenario;
    let Some(spec) = &scenario.plan else {
        return Err(vec![Diagnostic::new(codes::BAD_PLAN, &scenario.path, "the scenario has no [plan] table")
            .field("plan")
            .expected("a [plan] table with start, period and periods")
            .hint("see scenarios/README.md, \"Migration plans\"; scenarios/decree-596.toml is an example")]);
    };
    let dir = &loaded.model.dir;
    let mut diags = Vec::new();
    let mut files = Vec::new();
    // A model workbook holds the same tables as sheets; a folder, as CSV files.
    let mut sheets = if super::is_workbook(dir) && dir.is_file() {
        // (The workbook is hashed once, with the model.)
        let (tables, _) = super::workbook::read_plan_sheets(dir, &MIGRATION_SCHEMAS, &mut diags);
        Some(tables.into_iter())
    } else {
        None
    };
    let mut table = |schema: Schema, files: &mut Vec<InputFile>, diags: &mut Vec<Diagnostic>| match &mut sheets {
        Some(tables) => tables.next().flatten(),
        None => read_table(&dir.join(schema.file), schema, files, diags),
    };
    let mut timing = vec![Timing::default(); world.needs.len()];
    if let Some(t) = table(MIGRATIONS, &mut files, &mut diags) {
        let mut seen = BTreeMap::new();
        for record in &t.records {
            let mut row = Row::new(&t, record, &mut diags);
            let need = row.reference("need");
            let earliest_start = row.optional_date("earliest_start");
            let deadline = row.optional_date("deadline");
            let periods = row.count_or("periods", 1, MAX_PERIODS, 1);
            let legacy_monthly_cost = row.amount_or_zero("legacy_monthly_cost");
            let line = row.line();
            let Some(need) = need else { continue };
            let Some(n) = world.need_index(&need) else {
                diags.push(t.diag(
                    codes::UNKNOWN_REFERENCE,
                    line,
                    "need",
                    format!("need `{need}` is not in needs.csv"),
                ));
                continue;
            };
            if let Some(first) = seen.insert(n, line) {
                diags.push(t.diag(
                    codes::DUPLICATE,
                    line,
                    "need",
                    format!("need `{need}` has two rows (first on line {first})"),
                ));
                continue;
            }
            if let (Some(earliest_start), Some(deadline), Some(periods), Some(legacy_monthly_cost)) =
                (earliest_start, deadline, periods, legacy_monthly_cost)
            {
                timing[n] = Timing { earliest_start, deadline, periods, legacy_monthly_cost };
            }
        }
    }
    let mut precedences = Vec::new();
    if let Some(t) = table(PRECEDENCES, &mut files, &mut diags) {
        let mut seen = BTreeSet::new();
        for record in &t.records {
            let mut row = Row::new(&t, record, &mut diags);
            let need = row.reference("need");
            let after = row.reference("after");
            let mode = row.word("mode", MODES, "mode");
            let line = row.line();
            let (Some(need), Some(after), Some(mode)) = (need, after, mode) else { continue };
            let ids = [("need", &need), ("after", &after)];
            let found: Vec<Option<usize>> = ids
                .iter()
                .map(|(column, id)| {
                    let n = world.need_index(id);
                    if n.is_none() {
                        diags.push(t.diag(
                            codes::UNKNOWN_REFERENCE,
                            line,
                            column,
                            format!("need `{id}` is not in needs.csv"),
                        ));
                    }
                    n
                })
                .collect();
            let (Some(n), Some(m)) = (found[0], found[1]) else { continue };
            if n == m {
                diags.push(t.diag(codes::BAD_MIGRATION, line, "after", format!("need `{need}` cannot follow itself")));
                continue;
            }
            if !seen.insert((n.min(m), n.max(m))) {
                diags.push(t.diag(
                    codes::DUPLICATE,
                    line,
                    "need",
                    format!("`{need}` and `{after}` are sequenced twice"),
                ));
                continue;
            }
            precedences.push((line, Precedence { need: n, other: m, mode }));
        }
        if let Some(cycle) = cycle(world, &precedences.iter().map(|(_, p)| *p).collect::<Vec<_>>()) {
            diags.push(
                Diagnostic::new(
                    codes::BAD_MIGRATION,
                    &t.path,
                    format!("the precedences form a cycle: {}", cycle.join(" → ")),
                )
                .hint("a need cannot wait, directly or through others, for itself; remove one of these rows"),
            );
        }
    }
    let mut capacities = Vec::new();
    if let Some(t) = table(PERIOD_CAPACITIES, &mut files, &mut diags) {
        let mut seen = BTreeMap::new();
        for record in &t.records {
            let mut row = Row::new(&t, record, &mut diags);
            let holder = row.reference("holder");
            let kind = row.word("kind", KINDS, "holder kind");
            let unit = row.id("unit");
            let from = row.date("from");
            let limit = row.quantity("limit");
            let line = row.line();
            let (Some(holder), Some(is_supplier), Some(unit), Some(from), Some(limit)) =
                (holder, kind, unit, from, limit)
            else {
                continue;
            };
            let Some(h) = resolve_holder(world, is_supplier, &holder) else {
                let what = if is_supplier { "supplier" } else { "agency" };
                diags.push(t.diag(
                    codes::UNKNOWN_REFERENCE,
                    line,
                    "holder",
                    format!("{what} `{holder}` is not in the model"),
                ));
                continue;
            };
            if let Some(first) = seen.insert((h, unit.clone(), from), line) {
                diags.push(t.diag(
                    codes::DUPLICATE,
                    line,
                    "from",
                    format!("{holder} already has a {unit} capacity from {from} (line {first})"),
                ));
                continue;
            }
            capacities.push(PeriodCapacity { holder: h, unit, from, limit });
        }
    }
    capacities.sort_by(|a, b| (a.holder, &a.unit, a.from).cmp(&(b.holder, &b.unit, b.from)));
    let settings = resolve_settings(world, spec, &capacities, &mut diags);
    if let Some(workbook) = sheets.is_some().then_some(dir) {
        // Checks made after reading (references, cycles) speak of files; in a workbook they are sheets.
        diags = diags.into_iter().map(|d| super::workbook::place_in(workbook, &MIGRATION_SCHEMAS, d)).collect();
    }
    check_committed_starts(loaded, spec, &mut diags);
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut precedences: Vec<Precedence> = precedences.into_iter().map(|(_, p)| p).collect();
    precedences.sort();
    Ok(LoadedPlan { migrations: Migrations { timing, precedences, capacities }, settings, files })
}

fn resolve_holder(world: &World, is_supplier: bool, id: &str) -> Option<Holder> {
    if is_supplier {
        world.supplier_index(id).map(Holder::Supplier)
    } else {
        world.agencies.binary_search_by(|a| a.id.as_str().cmp(id)).ok().map(Holder::Agency)
    }
}

fn resolve_settings(
    world: &World,
    spec: &PlanSpec,
    capacities: &[PeriodCapacity],
    diags: &mut Vec<Diagnostic>,
) -> PlanSettings {
    let mut agency_deadlines = BTreeMap::new();
    for l in &spec.agency_deadlines {
        let (id, date) = &l.value;
        if resolve_holder(world, false, id).is_none() {
            diags.push(l.diag(codes::UNKNOWN_REFERENCE, format!("agency `{id}` is not in the model")));
        } else {
            agency_deadlines.insert(id.clone(), *date);
        }
    }
    let mut capacity_changes = Vec::new();
    for ch in &spec.capacity_changes {
        let (is_supplier, id) = &ch.holder.value;
        let Some(holder) = resolve_holder(world, *is_supplier, id) else {
            let what = if *is_supplier { "supplier" } else { "agency" };
            diags.push(ch.holder.diag(codes::UNKNOWN_REFERENCE, format!("{what} `{id}` is not in the model")));
            continue;
        };
        let declared = capacities.iter().any(|c| c.holder == holder && ch.unit.as_ref().is_none_or(|u| *u == c.unit));
        if !declared {
            let unit = ch.unit.as_deref().map_or(String::new(), |u| format!(" in {u}"));
            diags.push(
                ch.holder
                    .diag(codes::BAD_PLAN, format!("`{id}` has no capacity per period{unit} to change"))
                    .hint("declare it in period_capacities.csv first"),
            );
            continue;
        }
        capacity_changes.push(CapacityChange {
            holder,
            unit: ch.unit.clone(),
            from: ch.from,
            to: ch.to,
            factor: ch.factor,
            add: ch.add,
        });
    }
    PlanSettings {
        calendar: spec.calendar,
        frozen_until: spec.frozen_until,
        network_deadlines: spec.network_deadlines.clone(),
        agency_deadlines,
        capacity_changes,
    }
}

/// A committed migration under way must start within the horizon.
fn check_committed_starts(loaded: &Loaded, spec: &PlanSpec, diags: &mut Vec<Diagnostic>) {
    let cal = &spec.calendar;
    for c in &loaded.scenario.policy.committed {
        let Some(start) = c.start else { continue };
        if cal.period_of(start).is_none() {
            let at = loaded.scenario.committed.as_ref().map(|l| l.at.clone());
            let d = Diagnostic {
                code: codes::BAD_PLAN,
                message: format!(
                    "committed award {} × {} starts on {start}, outside the plan's horizon {} to {}",
                    c.need,
                    c.offer,
                    cal.start,
                    cal.end()
                ),
                ..at.unwrap_or_else(|| Diagnostic::new(codes::BAD_PLAN, &loaded.scenario.path, ""))
            };
            diags.push(d.hint("leave `start` empty for a migration already finished, or start the plan earlier"));
        }
    }
}

/// A cycle of precedences, as need ids (None: none). `with` joins two needs into one group; `after` orders groups.
fn cycle(world: &World, precedences: &[Precedence]) -> Option<Vec<String>> {
    let n = world.needs.len();
    let mut group: Vec<usize> = (0..n).collect();
    fn find(g: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while g[r] != r {
            r = g[r];
        }
        let mut y = x;
        while g[y] != r {
            let next = g[y];
            g[y] = r;
            y = next;
        }
        r
    }
    for p in precedences.iter().filter(|p| p.mode == Sequence::With) {
        let (a, b) = (find(&mut group, p.need), find(&mut group, p.other));
        group[a.max(b)] = a.min(b);
    }
    let mut edges: BTreeMap<usize, Vec<(usize, usize, usize)>> = BTreeMap::new();
    for p in precedences.iter().filter(|p| p.mode == Sequence::After) {
        let (a, b) = (find(&mut group, p.other), find(&mut group, p.need));
        if a == b {
            return Some(vec![
                world.needs[p.need].id.clone(),
                world.needs[p.other].id.clone(),
                world.needs[p.need].id.clone(),
            ]);
        }
        edges.entry(a).or_default().push((b, p.other, p.need));
    }
    // Depth-first search with colours: 1 on the path, 2 done.
    let mut colour = vec![0u8; n];
    for &root in edges.keys() {
        if colour[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        let mut path: Vec<usize> = vec![];
        colour[root] = 1;
        while let Some(&mut (node, ref mut i)) = stack.last_mut() {
            let next = edges.get(&node).and_then(|e| e.get(*i)).copied();
            *i += 1;
            match next {
                Some((to, from_need, _)) if colour[to] == 1 => {
                    path.push(from_need);
                    let mut ids: Vec<String> = path.iter().map(|&x| world.needs[x].id.clone()).collect();
                    ids.push(world.needs[path[0]].id.clone());
                    return Some(ids);
                }
                Some((to, from_need, _)) if colour[to] == 0 => {
                    colour[to] = 1;
                    path.push(from_need);
                    stack.push((to, 0));
                }
                Some(_) => {}
                None => {
                    colour[node] = 2;
                    stack.pop();
                    path.pop();
                }
            }
        }
    }
    None
}
