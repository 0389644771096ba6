//! `courtier plan`: who takes each need and when its migration happens; print the waves, write plan.csv,
//! plan.json, plan.html, plan.xlsx and audit.json; or, when the calendar cannot hold, the diagnosis.

use super::files::write_files;
use super::output::{say, tell};
use super::solve::{audit_file, exit_code, input_hashes};
use super::{report_diagnostics, LangArg, ScenarioArg, EXIT_BAD_INPUT, EXIT_INFEASIBLE, EXIT_INTERNAL, EXIT_OK};
use courtier::explain::audit::{self, Timing};
use courtier::plan::model::PlanInputs;
use courtier::plan::{diagnose, waves, why, PlanError};
use courtier::report::{plan_csv, plan_html, plan_json, plan_terminal, plan_words, workbook, Lang};
use courtier::solve::Status;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `plan`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    scenario: ScenarioArg,
    /// Write plan.csv, plan.json, plan.html, plan.xlsx and audit.json into this folder (created if needed).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Say why each need moves when it does (capacity, precedence, deadline, cost of waiting).
    #[arg(long)]
    explain: bool,
    /// With --explain: only this need.
    #[arg(long, requires = "explain", value_name = "NEED")]
    need: Option<String>,
    /// Write the exact MIP that is solved (.mps or .lp).
    #[arg(long, value_name = "FILE.mps|FILE.lp[.gz]")]
    write_model: Option<PathBuf>,
    /// Language of the summary.
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
}

/// Run `plan`.
pub fn run(args: Args) -> i32 {
    let started = Instant::now();
    let loaded = match courtier::io::load(&args.scenario.scenario) {
        Ok(l) => l,
        Err(diags) => return report_diagnostics(&diags),
    };
    let mut loaded_plan = match courtier::io::load_plan(&loaded) {
        Ok(p) => p,
        Err(diags) => return report_diagnostics(&diags),
    };
    let world = &loaded.model.world;
    let policy = &loaded.scenario.policy;
    if let Some(id) = &args.need {
        if world.need_index(id).is_none() {
            tell!("error: --need {id}: no such need in the model");
            return EXIT_BAD_INPUT;
        }
    }
    let inputs = PlanInputs { migrations: &loaded_plan.migrations, settings: &loaded_plan.settings };
    let lang: Lang = args.lang.into();
    let input_paths = loaded.input_paths();
    let model_file = match &args.write_model {
        Some(path) => match super::solve::model_temp(path, &input_paths) {
            Ok(temp) => Some((path, temp)),
            Err(code) => return code,
        },
        None => None,
    };
    let planned = courtier::plan::plan(world, policy, &inputs, model_file.as_ref().map(|(_, t)| t.as_path()));
    if let Some((path, temp)) = &model_file {
        if let Err(code) = super::solve::commit_model(path, temp, planned.is_ok()) {
            return code;
        }
    }
    let planned = match planned {
        Ok(p) => p,
        Err(PlanError::NotPrice) => {
            tell!("error: {}", PlanError::NotPrice);
            return EXIT_BAD_INPUT;
        }
        Err(e) => {
            tell!("error: {e}");
            return EXIT_INTERNAL;
        }
    };
    let sc = &loaded.scenario;
    let cal = &loaded_plan.settings.calendar;
    let outcome = &planned.outcome;
    if !outcome.status.has_allocation() {
        say!(
            "{}",
            plan_terminal::render(&sc.name, &sc.description, cal, outcome, &waves::PlanSummary::default(), lang)
        );
        if outcome.status == Status::Infeasible {
            match diagnose::diagnose(world, policy, &inputs, policy.solver.time_limit_seconds) {
                Ok(d) => say!("{}", plan_words::diagnosis(&d, lang)),
                Err(e) => tell!("error: the diagnosis failed: {e}"),
            }
        }
        return exit_code(outcome.status);
    }
    let mut summary = waves::summarize(world, policy, &inputs, &planned.model, &outcome.entries);
    summary.proven_within = outcome.proven_within(summary.cost.total());
    say!("{}", plan_terminal::render(&sc.name, &sc.description, cal, outcome, &summary, lang));
    let reasons = why::why(world, &inputs, &planned.model, &outcome.entries);
    if args.explain {
        let shown = reasons.iter().filter(|w| args.need.as_ref().is_none_or(|n| *n == w.need));
        let lines: Vec<String> = shown.map(|w| format!("- {}", plan_words::why(w, lang))).collect();
        say!(
            "{}\n{}\n",
            lang.pick("Pourquoi chaque migration a lieu quand elle a lieu", "Why each migration happens when it does"),
            lines.join("\n")
        );
    }
    if let Some(dir) = &args.out {
        let hashes: Vec<_> = input_hashes(&loaded)
            .into_iter()
            .chain(loaded_plan.files.drain(..).map(|f| courtier::explain::audit::InputHash {
                path: super::solve::relative_to(sc.path.parent().unwrap_or(std::path::Path::new("")), &f.path),
                sha256: f.sha256,
            }))
            .collect();
        let record = audit::record_run(
            hashes,
            policy,
            outcome.status,
            [outcome.objective, outcome.bound, outcome.gap],
            &outcome.stages,
        );
        let file = plan_json::PlanFile {
            courtier_version: env!("CARGO_PKG_VERSION"),
            scenario: &sc.name,
            description: &sc.description,
            policy,
            plan: &loaded_plan.settings,
            status: outcome.status,
            objective: outcome.objective,
            bound: outcome.bound,
            gap: outcome.gap,
            tiebreak_applied: outcome.tiebreak_applied,
            summary: &summary,
            why: &reasons,
            audit: &record,
        };
        let timing = Timing {
            solve_seconds: outcome.seconds,
            total_seconds: started.elapsed().as_secs_f64(),
            stages: outcome.stages.clone(),
        };
        let book = match workbook::plan::render(&sc.name, &sc.description, cal, &summary, lang) {
            Ok(bytes) => bytes,
            Err(e) => {
                tell!("error: could not build plan.xlsx: {e}");
                return EXIT_INTERNAL;
            }
        };
        let files = vec![
            (dir.join("plan.csv"), plan_csv::render(&summary)),
            (dir.join("plan.json"), plan_json::render(&file)),
            (dir.join("plan.html"), plan_html::render(&sc.name, &sc.description, cal, &summary, lang).into_bytes()),
            (dir.join("plan.xlsx"), book),
            audit_file(dir, record.clone(), timing),
        ];
        let code = write_files(dir, &files, &input_paths, "plan");
        if code != EXIT_OK {
            return code;
        }
    }
    if outcome.status == Status::Infeasible {
        return EXIT_INFEASIBLE;
    }
    exit_code(outcome.status)
}
