//! `courtier verify`: re-check an allocation against a scenario in exact arithmetic, independently of the MIP.
//! Given a `result.json`, it also checks that the inputs are the ones the result was computed from (SHA-256).

use super::{report_diagnostics, ScenarioArg, EXIT_BAD_INPUT, EXIT_INFEASIBLE, EXIT_OK};
use courtier::explain::audit::InputHash;
use courtier::io::InputFile;
use courtier::verify::verify_pairs;
use std::path::{Path, PathBuf};

/// Arguments of `verify`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    scenario: ScenarioArg,
    /// The allocation to check: an allocation.csv (columns `need` and `offer` at least), or a result.json (its
    /// awards, and the hashes of the inputs it was computed from).
    allocation: PathBuf,
}

/// What a result.json holds that verify needs.
#[derive(serde::Deserialize)]
struct ResultFile {
    summary: ResultSummary,
    audit: ResultAudit,
}

#[derive(serde::Deserialize)]
struct ResultSummary {
    awards: Vec<ResultAward>,
}

#[derive(serde::Deserialize)]
struct ResultAward {
    need: String,
    offer: String,
}

#[derive(serde::Deserialize)]
struct ResultAudit {
    inputs: Vec<InputHash>,
}

/// Inputs whose current bytes differ from the hashes recorded in a result.
fn changed_inputs(scenario: &Path, inputs: &[InputHash]) -> Vec<String> {
    let base = scenario.parent().unwrap_or(Path::new(""));
    inputs
        .iter()
        .filter_map(|i| {
            let path = base.join(&i.path);
            match std::fs::read(&path) {
                Ok(bytes) if InputFile::of(&path, &bytes).sha256 == i.sha256 => None,
                Ok(bytes) => Some(format!(
                    "input {} has changed since the result was computed (sha256 {} recorded, {} now)",
                    path.display(),
                    i.sha256,
                    InputFile::of(&path, &bytes).sha256
                )),
                Err(e) => Some(format!("input {} cannot be read: {e}", path.display())),
            }
        })
        .collect()
}

/// Run `verify`.
pub fn run(args: Args) -> i32 {
    let scenario = &args.scenario.scenario;
    let loaded = match courtier::io::load(scenario) {
        Ok(l) => l,
        Err(diags) => return report_diagnostics(&diags),
    };
    let is_json = args.allocation.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let (pairs, mut problems): (Vec<(String, String)>, Vec<String>) = if is_json {
        let parsed = std::fs::read(&args.allocation)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice::<ResultFile>(&b).map_err(|e| e.to_string()));
        match parsed {
            Ok(r) => (
                r.summary.awards.into_iter().map(|a| (a.need, a.offer)).collect(),
                changed_inputs(scenario, &r.audit.inputs),
            ),
            Err(e) => {
                eprintln!(
                    "error: {}: not a courtier result file: {e}\n  hint: pass the result.json written by `courtier solve --out`",
                    args.allocation.display()
                );
                return EXIT_BAD_INPUT;
            }
        }
    } else {
        match courtier::io::read_allocation(&args.allocation) {
            Ok(rows) => (rows.into_iter().map(|r| (r.need, r.offer)).collect(), vec![]),
            Err(diags) => return report_diagnostics(&diags),
        }
    };
    problems.extend(verify_pairs(&loaded.model.world, &loaded.scenario.policy, &pairs).iter().map(|v| v.to_string()));
    if problems.is_empty() {
        println!(
            "{}: valid allocation of {} awards under {}.",
            args.allocation.display(),
            pairs.len(),
            loaded.scenario.name
        );
        return EXIT_OK;
    }
    for p in &problems {
        println!("violation: {p}");
    }
    eprintln!(
        "{}: {} problem{}",
        args.allocation.display(),
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    EXIT_INFEASIBLE
}
