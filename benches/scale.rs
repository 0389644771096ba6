//! The scale benchmark: courtier's engine stage by stage, beside HiGHS alone on the same model.
//!
//! ```text
//! cargo bench --bench scale -- engine SCENARIO.toml…        load, build, objective, draw + ties, explain, report
//! cargo bench --bench scale -- highs FILE.mps…               HiGHS alone on a written model (threads 1, seed 0)
//! cargo bench --bench scale -- both SCENARIO.toml…          courtier end to end, then HiGHS alone on its dense and
//!                                                             written models, back to back, with the ratios
//! ```
//!
//! Each line gives wall times beside the load-independent work (HiGHS nodes and LP iterations). See
//! `benches/README.md` for the figures and how the models were generated (`courtier generate`).

use courtier::domain::SolverSettings;
use courtier::report::{self, Lang};
use courtier::solve::{self, StageName};
use std::ffi::CString;
use std::path::Path;
use std::time::Instant;

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

/// What HiGHS alone did on a model file.
struct Alone {
    seconds: f64,
    nodes: i64,
    iterations: i64,
    objective: f64,
    status: i32,
}

/// HiGHS alone on an MPS or LP file, with the settings courtier pins (threads, seed, tolerance, gap, time).
fn highs_alone(path: &Path, settings: &SolverSettings) -> Alone {
    let file = CString::new(path.to_string_lossy().as_bytes()).expect("path without NUL");
    // SAFETY: plain use of the HiGHS C API on an instance created and destroyed here.
    unsafe {
        let h = highs_sys::Highs_create();
        let opt = |k: &str| CString::new(k).expect("option name");
        highs_sys::Highs_setBoolOptionValue(h, opt("output_flag").as_ptr(), 0);
        highs_sys::Highs_setIntOptionValue(h, opt("threads").as_ptr(), settings.threads as _);
        highs_sys::Highs_setIntOptionValue(h, opt("random_seed").as_ptr(), settings.random_seed as _);
        highs_sys::Highs_setDoubleOptionValue(h, opt("time_limit").as_ptr(), settings.time_limit_seconds);
        highs_sys::Highs_setDoubleOptionValue(h, opt("mip_rel_gap").as_ptr(), settings.mip_rel_gap);
        highs_sys::Highs_setDoubleOptionValue(h, opt("mip_feasibility_tolerance").as_ptr(), solve::FAST_TOLERANCE);
        highs_sys::Highs_setDoubleOptionValue(h, opt("primal_feasibility_tolerance").as_ptr(), solve::FAST_TOLERANCE);
        highs_sys::Highs_readModel(h, file.as_ptr());
        let started = Instant::now();
        highs_sys::Highs_run(h);
        let seconds = secs(started);
        let mut nodes: i64 = 0;
        let mut iterations: i32 = 0;
        highs_sys::Highs_getInt64InfoValue(h, opt("mip_node_count").as_ptr(), &mut nodes);
        // Every LP of the MIP run (HiGHS 1.16 has no `mip_total_lp_iterations`).
        highs_sys::Highs_getIntInfoValue(h, opt("simplex_iteration_count").as_ptr(), &mut iterations);
        let objective = highs_sys::Highs_getObjectiveValue(h);
        let status = highs_sys::Highs_getModelStatus(h) as i32;
        highs_sys::Highs_destroy(h);
        Alone { seconds, nodes, iterations: i64::from(iterations), objective, status }
    }
}

struct Engine {
    total: f64,
    solved: solve::Solved,
}

fn engine(path: &Path, with_explain: bool) -> Engine {
    let all = Instant::now();
    let t = Instant::now();
    let loaded = courtier::io::load(path).unwrap_or_else(|d| panic!("{} does not load: {d:?}", path.display()));
    let load = secs(t);
    let (world, policy) = (&loaded.model.world, &loaded.scenario.policy);
    let t = Instant::now();
    let elig = courtier::eligibility::assess(world, policy);
    let f = courtier::model::build(world, policy, &elig);
    let build = secs(t);
    let nonzeros: usize = f.rows.iter().map(|r| r.terms.len()).sum();
    let outcome = solve::solve_formulation(world, policy, &f, None).expect("solves");
    let solved = solve::Solved { eligibility: elig, formulation: f, outcome };
    let t = Instant::now();
    let summary = courtier::summary::summarize(world, policy, &solved.eligibility, &solved.outcome);
    let text = report::terminal::render("bench", "", &summary, &solved.outcome, Lang::En);
    let csv = report::allocation_csv::render(&summary);
    let rep = secs(t);
    let explain = if with_explain {
        let t = Instant::now();
        let costs = courtier::explain::cost::price_of_fairness(world, policy);
        std::hint::black_box(costs);
        Some(secs(t))
    } else {
        None
    };
    let total = secs(all);
    std::hint::black_box((text, csv));
    let o = &solved.outcome;
    println!(
        "{}: {} needs, {} columns, {} rows, {} nonzeros; status {:?}, objective {:.2}",
        path.display(),
        world.needs.len(),
        solved.formulation.columns.len(),
        solved.formulation.rows.len(),
        nonzeros,
        o.status,
        o.objective.unwrap_or(f64::NAN)
    );
    println!("  load {load:.3} s, build {build:.3} s, report {rep:.3} s");
    for s in &o.stages {
        println!(
            "  {:<9} {:>8.3} s  {:>3} runs  {:>7} nodes  {:>9} LP iterations  ended by {:?}",
            format!("{:?}", s.stage).to_lowercase(),
            s.seconds,
            s.runs,
            s.nodes,
            s.lp_iterations,
            s.ended_by
        );
    }
    println!("  tie-broken needs {}, draw applied {}", o.tie_broken.len(), o.tiebreak_applied);
    if let Some(e) = explain {
        println!("  explain (price of fairness) {e:.3} s");
    }
    println!("  end to end {total:.3} s");
    Engine { total, solved }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let Some((mode, rest)) = args.split_first() else {
        eprintln!("usage: cargo bench --bench scale -- engine|highs|both FILE…");
        return;
    };
    match mode.as_str() {
        "engine" => {
            for p in rest {
                engine(Path::new(p), true);
            }
        }
        "highs" => {
            for p in rest {
                let a = highs_alone(Path::new(p), &SolverSettings::default());
                println!(
                    "{p}: HiGHS alone {:.3} s, {} nodes, {} LP iterations, objective {:.2}, status {}",
                    a.seconds, a.nodes, a.iterations, a.objective, a.status
                );
            }
        }
        "both" => {
            for p in rest {
                let path = Path::new(p);
                let e = engine(path, false);
                let dir = std::env::temp_dir().join(format!("courtier-bench-{}", std::process::id()));
                std::fs::create_dir_all(&dir).expect("temp dir");
                let mps = dir.join("model.mps");
                let loaded = courtier::io::load(path).expect("loads");
                let f = &e.solved.formulation;
                let req = solve::MipRequest::new(f, &loaded.scenario.policy.solver, solve::FAST_TOLERANCE);
                solve::write_model(&req, &mps).expect("writes");
                let a = highs_alone(&mps, &loaded.scenario.policy.solver);
                let stage1 = e.solved.outcome.stages.iter().find(|s| s.stage == StageName::Objective);
                println!(
                    "  HiGHS alone on the written model: {:.3} s, {} nodes, {} LP iterations, objective {:.2}",
                    a.seconds, a.nodes, a.iterations, a.objective
                );
                println!(
                    "  ratio courtier end to end / HiGHS alone: {:.2} (stage 1 alone: {:.2})",
                    e.total / a.seconds,
                    stage1.map_or(f64::NAN, |s| s.seconds) / a.seconds
                );
                let _ = std::fs::remove_dir_all(&dir);
            }
        }
        other => eprintln!("unknown mode {other}: engine, highs or both"),
    }
}
