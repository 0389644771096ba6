//! `courtier explain`: why each award, what each principle costs, why a policy is infeasible, a supplier's
//! debrief.

use super::output::{say, sayln, tell};
use super::{report_diagnostics, LangArg, ScenarioArg, EXIT_BAD_INPUT, EXIT_INTERNAL};
use courtier::explain::award::{explain_need, Depth};
use courtier::explain::{self, audit, cost, debrief, diagnose, Explanations};
use courtier::report::{debrief_md, explain_md, Lang};
use courtier::shard::{self, ShardSpec};
use courtier::solve;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Arguments of `explain`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    scenario: ScenarioArg,
    /// Explain one need (e.g. N-0412): ranks, exclusions, and why not the cheapest offer.
    #[arg(long, value_name = "NEED")]
    need: Option<String>,
    /// Explain every need, the principles' costs and the diagnosis; with --out, write explanations.json,
    /// explanations.md and audit.json.
    #[arg(long)]
    all: bool,
    /// A supplier's debrief (its bids, wins, losses and the price at which it would have won).
    #[arg(long, value_name = "SUPPLIER")]
    supplier: Option<String>,
    /// Only swap tests for the cheaper offers (no forced re-solve): fast, exact on what a swap breaks.
    #[arg(long)]
    swap_only: bool,
    /// Folder for the files of --all.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language.
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
    /// With --all: explain only the K-th of N slices of the needs (and scenario-wide parts) and write
    /// shard-K-of-N.json into --out, for `courtier merge` (which takes --lang).
    #[arg(long, value_name = "K/N", requires_all = ["all", "out"], conflicts_with_all = ["need", "supplier", "lang"])]
    shard: Option<ShardSpec>,
}

/// Run `explain`.
pub fn run(args: Args) -> i32 {
    let started = Instant::now();
    let loaded = match courtier::io::load(&args.scenario.scenario) {
        Ok(l) => l,
        Err(diags) => return report_diagnostics(&diags),
    };
    let lang: Lang = args.lang.into();
    let world = &loaded.model.world;
    let policy = &loaded.scenario.policy;
    let depth = if args.swap_only { Depth::SwapOnly } else { Depth::Full };
    let need = match args.need.as_deref().map(|id| (id, world.need_index(id))) {
        Some((id, None)) => {
            let id = courtier::report::escape::terminal(id);
            tell!("error: need `{id}` is not in the model\n  hint: `courtier check` lists the model; ids are case-sensitive");
            return EXIT_BAD_INPUT;
        }
        Some((_, Some(n))) => Some(n),
        None => None,
    };
    let supplier = match args.supplier.as_deref().map(|id| (id, world.supplier_index(id))) {
        Some((id, None)) => {
            let ids: Vec<&str> = world.suppliers.iter().map(|s| s.id.as_str()).collect();
            let id = courtier::report::escape::terminal(id);
            let ids = courtier::report::escape::terminal(&ids.join(", "));
            tell!("error: supplier `{id}` is not in the model\n  hint: one of {ids}");
            return EXIT_BAD_INPUT;
        }
        Some((_, Some(s))) => Some(s),
        None => None,
    };
    // The overview also re-solves the scenario without each principle: those solves run beside the scenario's
    // own, on the other cores (each with one HiGHS thread; the results do not depend on the order).
    let overview = need.is_none() && supplier.is_none() && !args.all;
    let (solved, costs) = if overview {
        let (solved, costs) = cost::solve_with_costs(world, policy);
        (solved, Some(costs))
    } else {
        (solve::solve(world, policy, None), None)
    };
    let solved = match solved {
        Ok(s) => s,
        Err(e) => {
            tell!("error: {e}");
            return EXIT_INTERNAL;
        }
    };
    if let (Some(spec), Some(dir)) = (args.shard, &args.out) {
        let mut given = vec!["--all".to_string()];
        if args.swap_only {
            given.push("--swap-only".into());
        }
        let inputs =
            vec![shard::Inputs { scenario: loaded.scenario.name.clone(), files: super::solve::input_hashes(&loaded) }];
        let run = shard::Run::new(shard::Command::ExplainAll, given, inputs, shard::explain_unit_count(world));
        let summary = courtier::summary::summarize(world, policy, &solved.eligibility, &solved.outcome);
        let context = shard::Context::ExplainAll {
            scenario: loaded.scenario.name.clone(),
            audit: audit::record(super::solve::input_hashes(&loaded), policy, &solved.outcome),
            awards: summary.awards.iter().map(|a| (a.need.clone(), a.offer.clone())).collect(),
        };
        let units = shard::explain_units(world, policy, &solved, depth, spec);
        let mut s = shard::Shard::new(run, spec, context, units);
        s.timing = Some(audit::Timing {
            solve_seconds: solved.outcome.seconds,
            total_seconds: started.elapsed().as_secs_f64(),
            stages: solved.outcome.stages.clone(),
        });
        return super::merge::write_shard(&s, dir);
    }
    if let Some(n) = need {
        let mut single = policy.clone();
        single.solver.threads = 1;
        say!("{}", explain_md::need(&explain_need(world, &single, &solved, n, depth), lang));
    }
    if let Some(s) = supplier {
        say!("{}", debrief_md::render(&debrief::debrief(world, policy, &solved, s), lang));
    }
    if args.all {
        let e = explain::explain_all(world, policy, &solved, depth);
        let audit = |dir: &Path| super::solve::audit_files(dir, &loaded, &solved, started);
        if let Err(code) = show_all(&loaded.scenario.name, &e, lang, args.out.as_deref(), audit, &loaded.input_paths())
        {
            return code;
        }
    }
    if let Some(costs) = costs {
        // The scenario's overview: what the principles cost, what binds, what is wrong.
        sayln!("## {}\n", lang.pick("Ce que coûte chaque principe", "What each principle costs"));
        say!("{}", explain_md::costs(&costs, lang));
        if solved.outcome.status.has_allocation() {
            sayln!("\n## {}\n", lang.pick("Contraintes saturées", "Binding constraints"));
            for b in cost::binding_rows(world, policy, &solved) {
                sayln!("{}", explain_md::binding(&b, lang));
            }
        }
        let d = diagnose::diagnose_after(world, policy, solved.outcome.status);
        let text = explain_md::diagnosis(&d, lang);
        if !text.is_empty() {
            sayln!("\n## {}\n\n{text}", lang.pick("Diagnostic", "Diagnosis"));
        }
    }
    super::solve::exit_code(solved.outcome.status)
}

/// Print the explanations of `--all`, or write them with `audit.json` into `out`, as `explain --all` does.
pub fn show_all(
    scenario: &str,
    e: &Explanations,
    lang: Lang,
    out: Option<&Path>,
    audit: impl FnOnce(&Path) -> (PathBuf, Vec<u8>),
    inputs: &[PathBuf],
) -> Result<(), i32> {
    let md = explain_md::render(scenario, e, lang);
    match out {
        None => say!("{md}"),
        Some(dir) => {
            let audit = audit(dir);
            let mut json = serde_json::to_vec_pretty(e).unwrap_or_default();
            json.push(b'\n');
            let mut files = vec![(dir.join("explanations.json"), json), (dir.join("explanations.md"), md.into_bytes())];
            files.push(audit);
            let code = super::files::write_files(dir, &files, inputs, "explanations");
            if code != super::EXIT_OK {
                return Err(code);
            }
        }
    }
    Ok(())
}
