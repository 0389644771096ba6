//! `courtier explain`: why each award, what each principle costs, why a policy is infeasible, a supplier's
//! debrief.

use super::{report_diagnostics, LangArg, ScenarioArg, EXIT_BAD_INPUT, EXIT_INTERNAL};
use courtier::explain::award::{explain_need, Depth};
use courtier::explain::{self, cost, debrief, diagnose};
use courtier::report::{debrief_md, explain_md, Lang};
use courtier::solve;
use std::path::PathBuf;
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
            eprintln!("error: need `{id}` is not in the model\n  hint: `courtier check` lists the model; ids are case-sensitive");
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
            eprintln!("error: supplier `{id}` is not in the model\n  hint: one of {ids}");
            return EXIT_BAD_INPUT;
        }
        Some((_, Some(s))) => Some(s),
        None => None,
    };
    let solved = match solve::solve(world, policy, None) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_INTERNAL;
        }
    };
    if let Some(n) = need {
        let mut single = policy.clone();
        single.solver.threads = 1;
        print!("{}", explain_md::need(&explain_need(world, &single, &solved, n, depth), lang));
    }
    if let Some(s) = supplier {
        print!("{}", debrief_md::render(&debrief::debrief(world, policy, &solved, s), lang));
    }
    if args.all {
        let e = explain::explain_all(world, policy, &solved, depth);
        let md = explain_md::render(&loaded.scenario.name, &e, lang);
        match &args.out {
            None => print!("{md}"),
            Some(dir) => {
                let audit = super::solve::audit_files(dir, &loaded, &solved, started);
                let mut json = serde_json::to_vec_pretty(&e).unwrap_or_default();
                json.push(b'\n');
                let mut files =
                    vec![(dir.join("explanations.json"), json), (dir.join("explanations.md"), md.into_bytes())];
                files.push(audit);
                if let Err(err) = std::fs::create_dir_all(dir).and_then(|_| courtier::io::write_all_atomic(&files)) {
                    eprintln!("error: could not write explanations to {}: {err}", dir.display());
                    return EXIT_INTERNAL;
                }
                for (p, _) in &files {
                    eprintln!("wrote {}", p.display());
                }
            }
        }
    }
    if need.is_none() && supplier.is_none() && !args.all {
        // The scenario's overview: what the principles cost, what binds, what is wrong.
        let costs = cost::price_of_fairness(world, policy);
        println!("## {}\n", lang.pick("Ce que coûte chaque principe", "What each principle costs"));
        print!("{}", explain_md::costs(&costs, lang));
        if solved.outcome.status.has_allocation() {
            println!("\n## {}\n", lang.pick("Contraintes saturées", "Binding constraints"));
            for b in cost::binding_rows(world, policy, &solved) {
                println!("{}", explain_md::binding(&b, lang));
            }
        }
        let d = diagnose::diagnose(world, policy);
        let text = explain_md::diagnosis(&d, lang);
        if !text.is_empty() {
            println!("\n## {}\n\n{text}", lang.pick("Diagnostic", "Diagnosis"));
        }
    }
    super::solve::exit_code(solved.outcome.status)
}
