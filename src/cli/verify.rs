//! `courtier verify`: re-check an allocation against a scenario in exact arithmetic, independently of the MIP.

use super::{report_diagnostics, ScenarioArg, EXIT_INFEASIBLE, EXIT_OK};
use courtier::verify::verify_pairs;
use std::path::PathBuf;

/// Arguments of `verify`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    scenario: ScenarioArg,
    /// The allocation to check (CSV with at least the columns `need` and `offer`).
    allocation: PathBuf,
}

/// Run `verify`.
pub fn run(args: Args) -> i32 {
    let (loaded, rows) =
        match (courtier::io::load(&args.scenario.scenario), courtier::io::read_allocation(&args.allocation)) {
            (Ok(l), Ok(r)) => (l, r),
            (l, r) => {
                let mut diags = l.err().unwrap_or_default();
                diags.extend(r.err().unwrap_or_default());
                return report_diagnostics(&diags);
            }
        };
    let pairs: Vec<(String, String)> = rows.into_iter().map(|r| (r.need, r.offer)).collect();
    let violations = verify_pairs(&loaded.model.world, &loaded.scenario.policy, &pairs);
    if violations.is_empty() {
        println!(
            "{}: valid allocation of {} awards under {}.",
            args.allocation.display(),
            pairs.len(),
            loaded.scenario.name
        );
        return EXIT_OK;
    }
    for v in &violations {
        println!("violation: {v}");
    }
    eprintln!(
        "{}: {} violation{}",
        args.allocation.display(),
        violations.len(),
        if violations.len() == 1 { "" } else { "s" }
    );
    EXIT_INFEASIBLE
}
