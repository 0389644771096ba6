//! `courtier solve`: solve a scenario, print the summary, write the result files.

use super::{report_diagnostics, LangArg, ScenarioArg, EXIT_INFEASIBLE, EXIT_INTERNAL, EXIT_NO_SOLUTION, EXIT_OK};
use courtier::report::{allocation_csv, result_json, terminal};
use courtier::solve::{self, Status};
use courtier::summary;
use std::path::PathBuf;

/// Arguments of `solve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    scenario: ScenarioArg,
    /// Write allocation.csv and result.json into this folder (created if needed).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write the exact MIP that is solved (format by extension: .mps or .lp), with readable names.
    #[arg(long, value_name = "FILE.mps|FILE.lp")]
    write_model: Option<PathBuf>,
    /// Language of the summary.
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
}

/// Run `solve`.
pub fn run(args: Args) -> i32 {
    let loaded = match courtier::io::load(&args.scenario.scenario) {
        Ok(l) => l,
        Err(diags) => return report_diagnostics(&diags),
    };
    if let Some(path) = &args.write_model {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "mps" | "lp") {
            eprintln!(
                "error: --write-model {}: unknown format `{ext}`\n  hint: use a file name ending in .mps or .lp",
                path.display()
            );
            return super::EXIT_BAD_INPUT;
        }
    }
    let world = &loaded.model.world;
    let policy = &loaded.scenario.policy;
    let solved = match solve::solve(world, policy, args.write_model.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_INTERNAL;
        }
    };
    let summary = summary::summarize(world, policy, &solved.eligibility, &solved.outcome);
    let sc = &loaded.scenario;
    print!("{}", terminal::render(&sc.name, &sc.description, &summary, &solved.outcome, args.lang.into()));
    if let Some(dir) = &args.out {
        let excluded = summary::excluded(world, &solved.eligibility);
        let result = result_json::ResultFile {
            courtier_version: env!("CARGO_PKG_VERSION"),
            scenario: &sc.name,
            description: &sc.description,
            policy,
            objective: solved.outcome.objective,
            bound: solved.outcome.bound,
            gap: solved.outcome.gap,
            tiebreak_applied: solved.outcome.tiebreak_applied,
            summary: &summary,
            excluded: &excluded,
        };
        let files = vec![
            (dir.join("allocation.csv"), allocation_csv::render(&summary)),
            (dir.join("result.json"), result_json::render(&result)),
        ];
        if let Err(e) = std::fs::create_dir_all(dir).and_then(|_| courtier::io::write_all_atomic(&files)) {
            eprintln!("error: could not write results to {}: {e}", dir.display());
            return EXIT_INTERNAL;
        }
        eprintln!("wrote {} and {}", files[0].0.display(), files[1].0.display());
    }
    match solved.outcome.status {
        Status::Optimal | Status::TimeLimit => EXIT_OK,
        Status::Infeasible | Status::NoEligibleOffer => EXIT_INFEASIBLE,
        Status::NoSolution => EXIT_NO_SOLUTION,
    }
}
