//! The solve engine's promises, driven through the binary: a result never depends on the clock (the same inputs
//! give the same files alone and with both cores busy), the wall-clock limit bounds the whole run and a run it
//! stops says it is not replayable, and a gap the scenario accepts is stated in money and percent.

mod common;

use common::{courtier, root, text};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The reference scenario with extra `[solver]` lines, written into `dir` (its model path made absolute).
fn reference_with(dir: &Path, name: &str, solver: &str) -> PathBuf {
    let scenario = fs::read_to_string(root().join("scenarios/reference.toml")).unwrap();
    let model = root().join("models/cti-2025");
    let rewritten =
        scenario.replace("model = \"../models/cti-2025\"", &format!("model = {:?}", model.display().to_string()));
    let path = dir.join(format!("{name}.toml"));
    fs::write(&path, format!("{rewritten}\n[solver]\n{solver}\n")).unwrap();
    path
}

/// Both cores busy while `f` runs.
fn under_load<T>(f: impl FnOnce() -> T) -> T {
    let stop = Arc::new(AtomicBool::new(false));
    let spinners: Vec<_> = (0..2)
        .map(|_| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut x = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
                }
            })
        })
        .collect();
    let out = f();
    stop.store(true, Ordering::Relaxed);
    for s in spinners {
        s.join().unwrap();
    }
    out
}

fn solve(scenario: &Path, out: &Path) -> Output {
    courtier(&["solve", scenario.to_str().unwrap(), "--out", out.to_str().unwrap(), "--lang", "en"])
}

#[test]
fn a_node_budget_gives_the_same_files_alone_and_with_both_cores_busy() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = reference_with(tmp.path(), "budget", "node_limit = 40");
    let (a, b) = (tmp.path().join("alone"), tmp.path().join("busy"));
    let alone = solve(&scenario, &a);
    assert_eq!(alone.status.code(), Some(0), "{}", text(&alone.stderr));
    let busy = under_load(|| solve(&scenario, &b));
    assert_eq!(busy.status.code(), Some(0), "{}", text(&busy.stderr));
    for f in ["allocation.csv", "result.json"] {
        assert_eq!(fs::read(a.join(f)).unwrap(), fs::read(b.join(f)).unwrap(), "{f} depends on the machine's load");
    }
    let stdout = text(&alone.stdout);
    assert!(stdout.contains("within a proven gap of the optimum"), "{stdout}");
    assert!(stdout.contains("proven within $"), "the gap is stated in money: {stdout}");
    let result: serde_json::Value = serde_json::from_slice(&fs::read(a.join("result.json")).unwrap()).unwrap();
    assert_eq!(result["audit"]["status"], "within_gap");
    assert_eq!(result["audit"]["replayable"], true);
    assert_eq!(result["audit"]["stages"][0]["ended_by"], "node_budget");
    let gap = &result["summary"]["proven_within"];
    assert_eq!(gap["unit"], "cad");
    let amount: f64 = gap["amount"].as_str().unwrap().parse().unwrap();
    assert!(amount > 0.0, "{gap}");
    let audit: serde_json::Value = serde_json::from_slice(&fs::read(a.join("audit.json")).unwrap()).unwrap();
    assert_eq!(audit["timing"]["stages"][0]["nodes"].as_u64(), Some(40), "{audit}");
}

#[test]
fn an_optimum_is_the_same_alone_and_with_both_cores_busy() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("alone"), tmp.path().join("busy"));
    let scenario = root().join("scenarios/no-quebec-floor.toml");
    let alone = solve(&scenario, &a);
    assert_eq!(alone.status.code(), Some(0), "{}", text(&alone.stderr));
    let busy = under_load(|| solve(&scenario, &b));
    assert_eq!(busy.status.code(), Some(0), "{}", text(&busy.stderr));
    for f in ["allocation.csv", "result.json"] {
        assert_eq!(fs::read(a.join(f)).unwrap(), fs::read(b.join(f)).unwrap(), "{f} depends on the machine's load");
    }
    let result: serde_json::Value = serde_json::from_slice(&fs::read(a.join("result.json")).unwrap()).unwrap();
    assert_eq!(result["audit"]["status"], "optimal");
    assert_eq!(result["audit"]["replayable"], true);
    assert!(result["summary"].get("proven_within").is_none());
    // Under price the draw rides in stage 1's objective: no search of its own.
    let stages = result["audit"]["stages"].as_array().unwrap();
    let draw = stages.iter().find(|s| s["stage"] == "draw").expect("a draw stage");
    assert_eq!(draw["ended_by"], "with_objective", "{stages:?}");
}

#[test]
fn the_wall_clock_limit_bounds_the_whole_run_and_says_it_is_not_replayable() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = reference_with(tmp.path(), "hurried", "time_limit_seconds = 0.3");
    let out = tmp.path().join("out");
    let run = solve(&scenario, &out);
    let stdout = text(&run.stdout);
    match run.status.code() {
        // Stopped with an allocation: said in every output.
        Some(0) => {
            assert!(stdout.contains("not replayable"), "{stdout}");
            let result: serde_json::Value =
                serde_json::from_slice(&fs::read(out.join("result.json")).unwrap()).unwrap();
            assert_eq!(result["audit"]["replayable"], false);
            assert!(result["audit"]["stages"].as_array().unwrap().iter().any(|s| s["ended_by"] == "wall_clock"));
        }
        // Stopped before any allocation.
        Some(4) => assert!(text(&run.stderr).contains("not replayable") || stdout.contains("limit"), "{stdout}"),
        other => panic!("exit {other:?}: {stdout}{}", text(&run.stderr)),
    }
}

#[test]
fn a_comparison_states_the_proven_gap_in_money_and_percent() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = reference_with(tmp.path(), "budget", "node_limit = 40");
    let table = courtier(&["compare", scenario.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(table.status.code(), Some(0), "{}", text(&table.stderr));
    let stdout = text(&table.stdout);
    assert!(stdout.contains("within a proven gap of the optimum"), "{stdout}");
    assert!(stdout.contains("≤ $"), "the gap in money: {stdout}");
    let json = courtier(&["compare", scenario.to_str().unwrap(), "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let row = &value["scenarios"][0];
    assert_eq!(row["proven_within"]["unit"], "cad", "{row}");
    assert!(row["proven_within"]["relative"].as_str().unwrap().parse::<f64>().unwrap() > 0.0);
}

#[test]
fn a_plan_is_the_same_alone_and_with_both_cores_busy() {
    // The decree example stops at its 1 % gap target (deterministic), after a start from the LP relaxation.
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("alone"), tmp.path().join("busy"));
    let scenario = root().join("scenarios/decree-596.toml");
    let plan = |out: &Path| courtier(&["plan", scenario.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let alone = plan(&a);
    assert_eq!(alone.status.code(), Some(0), "{}", text(&alone.stderr));
    let busy = under_load(|| plan(&b));
    assert_eq!(busy.status.code(), Some(0), "{}", text(&busy.stderr));
    for f in ["plan.csv", "plan.json"] {
        assert_eq!(fs::read(a.join(f)).unwrap(), fs::read(b.join(f)).unwrap(), "{f} depends on the machine's load");
    }
    let json: serde_json::Value = serde_json::from_slice(&fs::read(a.join("plan.json")).unwrap()).unwrap();
    assert_eq!(json["audit"]["status"], "within_gap");
    assert_eq!(json["audit"]["replayable"], true);
    assert_eq!(json["audit"]["stages"][0]["stage"], "start");
    // The proven gap is stated, exactly and in words, against the best possible plan.
    let gap = &json["summary"]["proven_within"];
    assert_eq!(gap["unit"], "cad", "{gap}");
    let relative: f64 = gap["relative"].as_str().unwrap().parse().unwrap();
    assert!(relative > 0.0 && relative <= 0.01, "{gap}");
    assert!(text(&alone.stdout).contains("du meilleur plan possible"), "{}", text(&alone.stdout));
    let html = fs::read_to_string(a.join("plan.html")).unwrap();
    assert!(html.contains("class=\"caveat\""), "the HTML states the gap");
}

#[test]
fn an_allocation_within_the_gap_of_the_lp_bound_needs_no_further_proof() {
    // A generated 2,000-need model at a 0.01 % gap: the LP relaxation's bound is that close to the optimum, the
    // start stage finds an allocation within the gap of it (in its first neighbourhood, fixed at a tenth of the
    // gap), and stage 1 is not run. The allocation is valid, its
    // stated gap is against the LP bound and within the target, and it replays byte for byte with both cores busy.
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("model");
    let made = courtier(&["generate", "--needs", "2000", "--seed", "7", "--out", model.to_str().unwrap()]);
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    let reference = fs::read_to_string(model.join("reference.toml")).unwrap();
    let scenario = model.join("gap.toml");
    fs::write(&scenario, format!("{reference}\n[solver]\nmip_rel_gap = 0.0001\n")).unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let first = solve(&scenario, &a);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let audit: serde_json::Value = serde_json::from_slice(&fs::read(a.join("audit.json")).unwrap()).unwrap();
    let stages = audit["timing"]["stages"].as_array().unwrap();
    assert_eq!(stages[0]["stage"], "start", "{audit}");
    assert_eq!(stages[0]["ended_by"], "gap_target", "{audit}");
    assert_eq!(stages[0]["runs"], 2, "the LP, then the first (small) neighbourhood reached the target: {audit}");
    assert_eq!(stages[1]["stage"], "objective", "{audit}");
    assert_eq!(stages[1]["runs"], 0, "stage 1 had nothing to prove: {audit}");
    let result: serde_json::Value = serde_json::from_slice(&fs::read(a.join("result.json")).unwrap()).unwrap();
    let gap = &result["summary"]["proven_within"];
    assert_eq!(gap["unit"], "cad", "{result}");
    assert!(gap["relative"].as_str().unwrap().parse::<f64>().unwrap() <= 0.0001, "{gap}");
    let verified = courtier(&[
        "verify",
        scenario.to_str().unwrap(),
        a.join("allocation.csv").to_str().unwrap(),
        "--no-optimality",
    ]);
    assert_eq!(verified.status.code(), Some(0), "{}", text(&verified.stdout));
    let second = under_load(|| solve(&scenario, &b));
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    for file in ["allocation.csv", "result.json"] {
        assert_eq!(fs::read(a.join(file)).unwrap(), fs::read(b.join(file)).unwrap(), "{file} differs");
    }
}
