//! `courtier verify SCENARIO plan.csv`: re-check a plan in exact arithmetic, independently of the MIP: every rule
//! of the allocation, every start within its window (deadline, earliest start, freeze), committed starts
//! unchanged, every capacity per period, every precedence; every value the file states is recomputed; and,
//! unless `--no-optimality`, its cost is compared with the best plan the scenario's solver settings find.

use super::output::{sayln, tell};
use super::{report_diagnostics, EXIT_INFEASIBLE, EXIT_INTERNAL, EXIT_OK};
use courtier::io::{codes, Diagnostic, Loaded};
use courtier::plan::check::PlanEntry;
use courtier::plan::model::{build, plan_cost, PlanInputs};
use courtier::plan::{check, waves};
use courtier::report::format::{money, Lang};
use courtier::report::plan_csv::HEADER;
use std::path::Path;

/// Verify a plan file; `optimality`: also solve the plan to compare the cost.
pub fn run(loaded: &Loaded, path: &Path, optimality: bool) -> i32 {
    let rows = match courtier::io::read_plan(path) {
        Ok(r) => r,
        Err(d) => return report_diagnostics(&d),
    };
    let loaded_plan = match courtier::io::load_plan(loaded) {
        Ok(p) => p,
        Err(d) => return report_diagnostics(&d),
    };
    let (world, policy) = (&loaded.model.world, &loaded.scenario.policy);
    let inputs = PlanInputs { migrations: &loaded_plan.migrations, settings: &loaded_plan.settings };
    let cal = &loaded_plan.settings.calendar;
    let mut diags = Vec::new();
    let mut plan = Vec::new();
    for r in &rows {
        let at = |field: &str, message: String| {
            Diagnostic::new(codes::UNKNOWN_AWARD, path, message).at(r.line, None).field(field.to_string())
        };
        let (Some(n), Some(o)) = (world.need_index(&r.need), world.offer_index(&r.offer)) else {
            diags.push(at("need", format!("`{}` × `{}` is not a need and an offer of the model", r.need, r.offer)));
            continue;
        };
        let Some(e) = world.estimate_index(n, o) else {
            diags.push(at("offer", format!("offer `{}` made no estimate for need `{}`", r.offer, r.need)));
            continue;
        };
        let start = match r.start {
            None => None,
            Some(d) => match cal.period_of(d).filter(|&t| cal.period_start(t) == d) {
                Some(t) => Some(t),
                None => {
                    diags.push(
                        at("start", format!("{d} is not the first day of a period of the plan")).expected(format!(
                            "the first day of a period from {} to {}",
                            cal.start,
                            cal.end()
                        )),
                    );
                    continue;
                }
            },
        };
        plan.push(PlanEntry { need: n, estimate: e, start });
    }
    if !diags.is_empty() {
        return report_diagnostics(&diags);
    }
    plan.sort();
    let model = build(world, policy, &inputs);
    let violations = check(world, policy, &inputs, &model.placement, &model.limits, &plan);
    let summary = waves::summarize(world, policy, &inputs, &model, &plan);
    let mut mismatches = Vec::new();
    for r in rows.iter().filter(|r| !r.cells.is_empty()) {
        let Some(line) = summary.lines.iter().find(|l| l.need == r.need) else { continue };
        let expected = courtier::report::plan_csv::record(line);
        for (i, (column, read)) in r.cells.iter().enumerate() {
            if *read != expected[i] {
                mismatches.push(format!(
                    "line {}: {column} reads `{read}`, recomputed `{}` ({})",
                    r.line, expected[i], HEADER[i]
                ));
            }
        }
    }
    let cost = plan_cost(world, &inputs, &plan);
    let lang = Lang::En;
    sayln!("Plan {}: {} needs", path.display(), plan.len());
    sayln!(
        "Cost (exact): contracts {}, waiting {}, total {}",
        money(cost.contracts, lang),
        money(cost.waiting, lang),
        money(cost.total(), lang)
    );
    for v in &violations {
        sayln!("BROKEN: {v}");
    }
    for m in &mismatches {
        sayln!("MISMATCH: {m}");
    }
    if optimality && violations.is_empty() {
        match courtier::plan::plan(world, policy, &inputs, None) {
            Ok(best) if best.outcome.status.has_allocation() => {
                let best_cost = plan_cost(world, &inputs, &best.outcome.entries).total();
                let proven = best.outcome.status == courtier::solve::Status::Optimal;
                let diff = cost.total() - best_cost;
                sayln!(
                    "The scenario's solver finds {} ({}): this plan costs {} {}",
                    money(best_cost, lang),
                    if proven { "proven optimal" } else { "not proven optimal" },
                    money(diff.abs(), lang),
                    if diff >= rust_decimal::Decimal::ZERO { "more" } else { "less" }
                );
            }
            Ok(_) => sayln!("The scenario's solver finds no plan to compare with."),
            Err(e) => {
                tell!("error: solving the plan to compare with: {e}");
                return EXIT_INTERNAL;
            }
        }
    } else if !optimality {
        sayln!("Optimality not checked (--no-optimality).");
    }
    if violations.is_empty() && mismatches.is_empty() {
        sayln!("VALID: every deadline, capacity per period, precedence and principle holds.");
        EXIT_OK
    } else {
        EXIT_INFEASIBLE
    }
}
