//! `courtier check`: validate a scenario and its model, listing every problem at once.

use super::output::{sayln, tell};
use super::{report_diagnostics, ScenarioArg, EXIT_OK};
use courtier::eligibility;

/// Arguments of `check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    scenario: ScenarioArg,
}

/// Run `check`.
pub fn run(args: Args) -> i32 {
    let loaded = match courtier::io::load(&args.scenario.scenario) {
        Ok(l) => l,
        Err(diags) => return report_diagnostics(&diags),
    };
    // A scenario with a migration calendar also gets its migration files and `[plan]` checked.
    let plan = match &loaded.scenario.plan {
        Some(_) => match courtier::io::load_plan(&loaded) {
            Ok(p) => Some(p),
            Err(diags) => return report_diagnostics(&diags),
        },
        None => None,
    };
    let w = &loaded.model.world;
    let elig = eligibility::assess(w, &loaded.scenario.policy);
    sayln!(
        "{}: valid. {} agencies, {} suppliers, {} offers, {} needs, {} estimates ({} eligible), {} capacities.",
        loaded.scenario.path.display(),
        w.agencies.len(),
        w.suppliers.len(),
        w.offers.len(),
        w.needs.len(),
        w.estimates.len(),
        elig.eligible.len(),
        w.capacities.len()
    );
    if let Some(p) = &plan {
        let cal = &p.settings.calendar;
        sayln!(
            "Plan: {} periods from {} to {}, {} precedences, {} capacity-per-period rows, {} committed awards.",
            cal.periods,
            cal.start,
            cal.end(),
            p.migrations.precedences.len(),
            p.migrations.capacities.len(),
            loaded.scenario.policy.committed.len()
        );
    }
    let unservable = elig.unservable();
    if !unservable.is_empty() {
        let ids: Vec<&str> = unservable.iter().map(|&n| w.needs[n].id.as_str()).collect();
        tell!(
            "warning: {} need{} no eligible estimate and will be reported unserved: {}",
            ids.len(),
            if ids.len() == 1 { " has" } else { "s have" },
            ids.join(", ")
        );
    }
    EXIT_OK
}
