//! `courtier verify`: re-check an allocation against a scenario in exact arithmetic, independently of the MIP.
//!
//! It checks every rule, recomputes every value the file states (each cell of an `allocation.csv`, each field of a
//! `result.json`, including the audit record's list of input files and their SHA-256, which must be exactly the
//! files the scenario reads), states the allocation's exact cost and compares it with the optimum (unless
//! `--no-optimality`). It never opens a path a result names: the inputs it hashes are the ones the scenario itself
//! resolves. Exit 0: valid (optimal or not, as the output says); 2: bad input, including an award naming an id the
//! model lacks; 3: a rule is broken or a value read differs from the one recomputed.

use super::output::{say, tell};
use super::{report_diagnostics, ScenarioArg, EXIT_INFEASIBLE, EXIT_INTERNAL, EXIT_OK};
use courtier::domain::{Policy, World};
use courtier::eligibility;
use courtier::explain::audit;
use courtier::io::{codes, AllocationRow, Diagnostic, Loaded, ResultRead};
use courtier::report::{result_json, verdict};
use courtier::solve::{Outcome, Solved, Status};
use courtier::summary;
use courtier::verify::mismatch::{self, Mismatch};
use courtier::verify::optimality::{self, Claims};
use courtier::verify::{resolve, verify_awards, Unresolved, Verdict};
use std::path::{Path, PathBuf};

/// Output format of `verify`.
#[derive(Copy, Clone, Debug, clap::ValueEnum)]
pub enum Format {
    /// Lines for people.
    Text,
    /// The verdict as JSON.
    Json,
}

/// Arguments of `verify`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    scenario: ScenarioArg,
    /// The allocation to check: an allocation.csv (the file `solve --out` writes, or only the columns `need` and
    /// `offer`), or a result.json (its awards, every figure it states, and its audit record); or a plan.csv (the
    /// file `plan --out` writes, or only `need`, `offer` and `start`): deadlines, capacities per period,
    /// precedences and every principle.
    allocation: PathBuf,
    /// Do not solve the scenario to compare the allocation with the optimum; the output then says that optimality
    /// (and what needs the optimum, such as the `tie_broken` flags) was not checked.
    #[arg(long)]
    no_optimality: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// What was read.
enum Input {
    Csv(Vec<AllocationRow>),
    Json(ResultRead),
}

fn unresolved(path: &Path, u: &Unresolved, need: &str, offer: &str) -> Diagnostic {
    let (field, message, expected) = match u {
        Unresolved::UnknownNeed => ("need", format!("need `{need}` is not in the model"), "a need id of needs.csv"),
        Unresolved::UnknownOffer => {
            ("offer", format!("offer `{offer}` is not in the model"), "an offer id of offers.csv")
        }
        Unresolved::NoEstimate => (
            "offer",
            format!("offer `{offer}` made no estimate for need `{need}`"),
            "an offer with an estimate for the need in estimates.csv",
        ),
    };
    Diagnostic::new(codes::UNKNOWN_AWARD, path, message)
        .field(field)
        .expected(expected)
        .hint("an allocation can only award estimates of the scenario's model: is it the allocation of this scenario?")
}

/// The awarded estimates, in file order; an award naming no estimate of the model is bad input.
fn resolve_all(world: &World, path: &Path, input: &Input) -> Result<Vec<usize>, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut awards = Vec::new();
    let mut push =
        |need: &str, offer: &str, locate: &dyn Fn(Diagnostic) -> Diagnostic| match resolve(world, need, offer) {
            Ok(e) => awards.push(e),
            Err(u) => diags.push(locate(unresolved(path, &u, need, offer))),
        };
    match input {
        Input::Csv(rows) => {
            for r in rows {
                push(&r.need, &r.offer, &|d| d.at(r.line, None));
            }
        }
        Input::Json(result) => {
            for a in &result.awards {
                push(&a.need, &a.offer, &|d| {
                    let field = format!("summary.awards[{}].{}", a.index, d.field.as_deref().unwrap_or("need"));
                    d.field(field)
                });
            }
        }
    }
    if diags.is_empty() {
        Ok(awards)
    } else {
        Err(diags)
    }
}

/// Every cell of every row, compared with the row recomputed for its award.
fn csv_mismatches(
    world: &World,
    policy: &Policy,
    rows: &[AllocationRow],
    awards: &[usize],
    claims: Option<&Claims>,
    not_checked: &mut Vec<String>,
) -> Vec<Mismatch> {
    let elig = eligibility::assess(world, policy);
    let credit = summary::credit_rule(policy);
    let has_flag = rows.first().is_some_and(|r| r.cells.iter().any(|(c, _)| *c == "tie_broken"));
    let skip: &[&str] = if claims.is_none() && has_flag {
        not_checked
            .push("the tie_broken column (whether the published draw decided an award needs the optimum)".into());
        &["tie_broken"]
    } else {
        &[]
    };
    rows.iter()
        .zip(awards)
        .flat_map(|(row, &e)| {
            let tie_broken = claims.is_some_and(|c| c.tie_broken.contains(&world.estimates[e].need));
            let expected = summary::award_line(world, &elig, credit, e, tie_broken);
            let cells: Vec<(&str, &str)> = row.cells.iter().map(|(c, t)| (*c, t.as_str())).collect();
            mismatch::compare_row(&format!("line {} (need {})", row.line, row.need), &cells, &expected, skip)
        })
        .collect()
}

/// The fields a result states about its solve, which only the optimum settles.
const SOLVE_FIELDS: [&str; 18] = [
    "summary.status",
    "summary.proven_within",
    "summary.proven_within.amount",
    "summary.proven_within.unit",
    "summary.proven_within.relative",
    "audit.stages",
    "audit.stages[]",
    "audit.stages[].stage",
    "audit.stages[].ended_by",
    "audit.replayable",
    "audit.status",
    "tiebreak_applied",
    "summary.awards[].tie_broken",
    "summary.tie_broken_count",
    "bound",
    "audit.bound",
    "gap",
    "audit.gap",
];

/// Every field of a result, compared with the result recomputed from the inputs and the awards it lists.
#[allow(clippy::too_many_arguments)]
fn json_mismatches(
    loaded: &Loaded,
    result: &ResultRead,
    awards: &[usize],
    best: Option<&Solved>,
    claims: Option<&Claims>,
    not_checked: &mut Vec<String>,
) -> Vec<Mismatch> {
    let (world, policy, sc) = (&loaded.model.world, &loaded.scenario.policy, &loaded.scenario);
    let mut sorted = awards.to_vec();
    sorted.sort_unstable();
    let (elig, objective) = match best {
        Some(b) => (b.eligibility.clone(), optimality::reported_objective(policy, &b.formulation, &sorted)),
        None => {
            let f = optimality::formulation(world, policy);
            (eligibility::assess(world, policy), optimality::reported_objective(policy, &f, &sorted))
        }
    };
    let outcome = Outcome {
        status: claims.map_or(result.status.unwrap_or(Status::Optimal), |c| c.status),
        objective: (!sorted.is_empty()).then_some(objective),
        awards: sorted,
        tie_broken: claims.map_or(vec![], |c| c.tie_broken.clone()),
        tiebreak_applied: claims.is_some_and(|c| c.tiebreak_applied),
        bound: claims.and_then(|c| c.bound.flatten()),
        gap: claims.and_then(|c| c.gap.flatten()),
        // What ended each stage of the solve that found the optimum (deterministic: the same as the result's
        // when that run was replayable).
        stages: best.map(|b| b.outcome.stages.clone()).unwrap_or_default(),
        seconds: 0.0,
    };
    let summary = summary::summarize(world, policy, &elig, &outcome);
    let excluded = summary::excluded(world, &elig);
    let inputs = super::solve::input_hashes(loaded);
    let audit = audit::record(inputs.clone(), policy, &outcome);
    let expected = result_json::ResultFile {
        courtier_version: env!("CARGO_PKG_VERSION"),
        scenario: &sc.name,
        description: &sc.description,
        policy,
        objective: outcome.objective,
        bound: outcome.bound,
        gap: outcome.gap,
        tiebreak_applied: outcome.tiebreak_applied,
        summary: &summary,
        excluded: &excluded,
        audit: &audit,
    };
    let expected = serde_json::to_value(&expected).unwrap_or_default();
    let unsettled_bound = claims.is_some_and(|c| c.bound.is_none());
    let skip = |pattern: &str| {
        pattern == "audit.inputs"
            || (claims.is_none() && SOLVE_FIELDS.contains(&pattern))
            || (unsettled_bound && matches!(pattern, "bound" | "audit.bound" | "gap" | "audit.gap"))
    };
    let mut out = mismatch::compare_json(&result.document, &expected, &skip);
    out.extend(mismatch::compare_inputs(result.document.pointer("/audit/inputs"), &inputs));
    if claims.is_none() {
        not_checked.push(
            "status, bound, gap, tiebreak_applied and each award's tie_broken (what a result states about its solve \
             needs the optimum)"
                .into(),
        );
    }
    if let (true, Some(best)) = (unsettled_bound, best) {
        not_checked.push(
            "gap, and the bound's exact value (they depend on when the original run's time limit struck); the bound \
             was checked to be a valid bound on the optimum"
                .into(),
        );
        for key in ["bound", "audit.bound"] {
            let pointer = format!("/{}", key.replace('.', "/"));
            if let Some(b) = result.document.pointer(&pointer).and_then(serde_json::Value::as_f64) {
                if !optimality::bound_is_valid(policy, best, b) {
                    let optimum = best.outcome.objective.map_or("?".into(), |o| o.to_string());
                    let (row, column) = key.rsplit_once('.').unwrap_or(("", key));
                    out.push(
                        Mismatch::new(row, column, b.to_string(), format!("a bound on the optimum {optimum}"))
                            .note("the bound stated is beyond the optimum: it is not a bound"),
                    );
                }
            }
        }
    }
    out
}

/// Run `verify`.
pub fn run(args: Args) -> i32 {
    let loaded = match courtier::io::load(&args.scenario.scenario) {
        Ok(l) => l,
        Err(diags) => return report_diagnostics(&diags),
    };
    let (world, policy) = (&loaded.model.world, &loaded.scenario.policy);
    let path = &args.allocation;
    if courtier::io::looks_like_plan(path) {
        return super::verify_plan::run(&loaded, path, !args.no_optimality, matches!(args.format, Format::Json));
    }
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let read = if is_json {
        courtier::io::read_result(path).map(Input::Json)
    } else {
        courtier::io::read_allocation(path).map(Input::Csv)
    };
    let input = match read {
        Ok(i) => i,
        Err(diags) => return report_diagnostics(&diags),
    };
    let awards = match resolve_all(world, path, &input) {
        Ok(a) => a,
        Err(diags) => return report_diagnostics(&diags),
    };
    let violations = verify_awards(world, policy, &awards);
    let mut not_checked = Vec::new();
    let best = if args.no_optimality {
        None
    } else {
        match optimality::best(world, policy) {
            Ok(s) => Some(s),
            Err(e) => {
                tell!("error: solving the scenario to compare with the optimum: {e}");
                return EXIT_INTERNAL;
            }
        }
    };
    let optimality = optimality::assess(world, policy, &awards, best.as_ref());
    let claimed = match &input {
        Input::Json(r) => r.status,
        Input::Csv(_) => None,
    };
    let claims = optimality::claims(world, &awards, &optimality, best.as_ref(), claimed);
    let mismatches = match &input {
        Input::Csv(rows) => csv_mismatches(world, policy, rows, &awards, claims.as_ref(), &mut not_checked),
        Input::Json(r) => json_mismatches(&loaded, r, &awards, best.as_ref(), claims.as_ref(), &mut not_checked),
    };
    let verdict = Verdict::new(&loaded.scenario.name, awards.len(), violations, mismatches, optimality, not_checked);
    let file = path.display().to_string();
    match args.format {
        Format::Text => say!("{}", verdict::terminal(&file, &verdict)),
        Format::Json => say!("{}", String::from_utf8_lossy(&verdict::json(&file, &verdict))),
    }
    if verdict.valid {
        return EXIT_OK;
    }
    let problems = verdict.violations.len() + verdict.mismatches.len();
    tell!("{}: {problems} problem{}", verdict::inert(&file), if problems == 1 { "" } else { "s" });
    EXIT_INFEASIBLE
}
