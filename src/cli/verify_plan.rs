//! `courtier verify SCENARIO plan.csv`: re-check a plan in exact arithmetic, independently of the MIP: every rule
//! of the allocation, every start within its window (deadline, earliest start, freeze), committed starts
//! unchanged, every capacity per period, every precedence; every value the file states is recomputed; and,
//! unless `--no-optimality`, its cost is compared with the best plan the scenario's solver settings find.

use super::output::{say, tell};
use super::{report_diagnostics, EXIT_INFEASIBLE, EXIT_INTERNAL, EXIT_OK};
use courtier::io::{codes, Diagnostic, Loaded};
use courtier::plan::check::PlanEntry;
use courtier::plan::model::{build, plan_cost, PlanInputs};
use courtier::plan::{check, waves};
use courtier::report::plan_verdict;
use courtier::verify::plan::{PlanMismatch, PlanOptimality, PlanVerdict};
use std::path::Path;

/// Verify a plan file; `optimality`: also solve the plan to compare the cost; `json`: the verdict as JSON.
pub fn run(loaded: &Loaded, path: &Path, optimality: bool, json: bool) -> i32 {
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
                mismatches.push(PlanMismatch {
                    line: r.line,
                    need: r.need.clone(),
                    column: (*column).to_string(),
                    read: read.clone(),
                    recomputed: expected[i].clone(),
                });
            }
        }
    }
    let cost = plan_cost(world, &inputs, &plan);
    let standing = if optimality && violations.is_empty() {
        match courtier::plan::plan(world, policy, &inputs, None) {
            Ok(best) if best.outcome.status.has_allocation() => {
                let best_cost = plan_cost(world, &inputs, &best.outcome.entries).total();
                PlanOptimality::Compared {
                    best_cost,
                    proven_optimal: best.outcome.status == courtier::solve::Status::Optimal,
                    difference: cost.total() - best_cost,
                }
            }
            Ok(_) => PlanOptimality::NoBestPlan,
            Err(e) => {
                tell!("error: solving the plan to compare with: {e}");
                return EXIT_INTERNAL;
            }
        }
    } else {
        PlanOptimality::NotChecked
    };
    let verdict = PlanVerdict::new(&loaded.scenario.name, plan.len(), cost, violations, mismatches, standing);
    let file = path.display().to_string();
    if json {
        say!("{}", String::from_utf8_lossy(&plan_verdict::json(&file, &verdict)));
    } else {
        say!("{}", plan_verdict::terminal(&file, &verdict));
    }
    if verdict.valid {
        return EXIT_OK;
    }
    let problems = verdict.violations.len() + verdict.mismatches.len();
    tell!("{}: {problems} problem{}", courtier::report::verdict::inert(&file), if problems == 1 { "" } else { "s" });
    EXIT_INFEASIBLE
}
