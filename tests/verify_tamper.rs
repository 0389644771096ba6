//! `verify` must not be fooled: tampered results and allocations, a result checked against another scenario, an
//! emptied or forged audit record, a valid but costlier allocation, unknown ids. Each case drives the binary on a
//! private copy of the tiny fixture (fast to solve) and checks the exit code and the words.

mod common;

use common::{courtier, root, text};

use courtier::domain::{Policy, World};
use courtier::solve::Status;
use courtier::verify::optimality::{self, Standing};
use rust_decimal::Decimal;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

/// A private copy of the tiny model and scenario, solved into `out/`.
struct Solved {
    dir: tempfile::TempDir,
}

impl Solved {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for f in fs::read_dir(root().join("tests/fixtures/tiny")).unwrap() {
            let f = f.unwrap();
            fs::copy(f.path(), dir.path().join(f.file_name())).unwrap();
        }
        let s = Solved { dir };
        let out = courtier(&["solve", &s.scenario(), "--out", s.path("out").to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        s
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn scenario(&self) -> String {
        self.path("scenario.toml").to_str().unwrap().to_string()
    }

    fn csv(&self) -> String {
        fs::read_to_string(self.path("out/allocation.csv")).unwrap()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&fs::read(self.path("out/result.json")).unwrap()).unwrap()
    }

    /// Write `content` under `name` and verify it against the scenario.
    fn verify(&self, name: &str, content: &str, extra: &[&str]) -> Output {
        let p = self.path(name);
        fs::write(&p, content).unwrap();
        let scenario = self.scenario();
        let mut args = vec!["verify", &scenario, p.to_str().unwrap()];
        args.extend_from_slice(extra);
        courtier(&args)
    }

    fn verify_json(&self, name: &str, doc: &serde_json::Value) -> Output {
        self.verify(name, &serde_json::to_string_pretty(doc).unwrap(), &[])
    }
}

fn assert_exit(out: &Output, code: i32) -> String {
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(code), "{all}");
    all
}

#[test]
fn untouched_files_are_valid_and_optimal_with_their_exact_cost() {
    let s = Solved::new();
    for f in ["allocation.csv", "result.json"] {
        let out = courtier(&["verify", &s.scenario(), s.path("out").join(f).to_str().unwrap()]);
        let all = assert_exit(&out, 0);
        assert!(all.contains("valid allocation of 5 awards under scenario."), "{all}");
        assert!(all.contains("cost: $"), "{all}");
        assert!(all.contains("optimality: optimal"), "{all}");
        assert!(!all.contains("not checked"), "{all}");
    }
}

#[test]
fn an_emptied_audit_record_is_not_valid() {
    let s = Solved::new();
    let mut doc = s.json();
    doc["audit"]["inputs"] = serde_json::json!([]);
    let all = assert_exit(&s.verify_json("emptied.json", &doc), 3);
    assert!(all.contains("input scenario.toml is missing from the audit record"), "{all}");
    assert!(all.contains("input estimates.csv is missing from the audit record"), "{all}");

    // Without any audit record at all.
    let mut doc = s.json();
    doc.as_object_mut().unwrap().remove("audit");
    let all = assert_exit(&s.verify_json("no-audit.json", &doc), 3);
    assert!(all.contains("audit"), "{all}");
}

#[test]
fn a_result_checked_against_another_scenario_is_not_valid() {
    let s = Solved::new();
    // The same policy with another description: the allocation satisfies it, but it is another scenario.
    let other = s.path("other.toml");
    let toml = fs::read_to_string(s.path("scenario.toml")).unwrap();
    fs::write(&other, toml.replace("Tiny model for tests", "Another scenario")).unwrap();
    let out = courtier(&["verify", other.to_str().unwrap(), s.path("out/result.json").to_str().unwrap()]);
    let all = assert_exit(&out, 3);
    assert!(all.contains("input other.toml is missing from the audit record"), "{all}");
    assert!(all.contains("scenario.toml is not an input of this scenario: refused, not read"), "{all}");
    assert!(all.contains("description"), "{all}");
}

#[test]
fn an_edited_scenario_is_caught_by_its_hash() {
    let s = Solved::new();
    let toml = fs::read_to_string(s.path("scenario.toml")).unwrap();
    fs::write(s.path("scenario.toml"), toml + "\n# edited after solving\n").unwrap();
    let out = courtier(&["verify", &s.scenario(), s.path("out/result.json").to_str().unwrap()]);
    let all = assert_exit(&out, 3);
    assert!(all.contains("input scenario.toml has changed since the result was computed"), "{all}");
}

#[test]
fn paths_named_by_a_result_are_never_opened() {
    let s = Solved::new();
    let fifo = s.path("fifo");
    let made_fifo = Command::new("mkfifo").arg(&fifo).status().is_ok_and(|st| st.success());
    let mut doc = s.json();
    let inputs = doc["audit"]["inputs"].as_array_mut().unwrap();
    for p in ["/dev/zero", "/etc/hostname", "../../../../etc/passwd"] {
        inputs.push(serde_json::json!({"path": p, "sha256": "00"}));
    }
    if made_fifo {
        inputs.push(serde_json::json!({"path": fifo.to_str().unwrap(), "sha256": "00"}));
    }
    // Reading /dev/zero or the FIFO would never end; the test finishing is part of the check.
    let all = assert_exit(&s.verify_json("forged.json", &doc), 3);
    assert!(all.contains("/dev/zero is not an input of this scenario: refused, not read"), "{all}");
    assert!(all.contains("/etc/hostname is not an input of this scenario: refused"), "{all}");
    assert!(all.contains("../../../../etc/passwd is not an input of this scenario: refused"), "{all}");
}

/// Replace the cell `column` of the row of `need` in an allocation.csv.
fn edit_cell(csv: &str, need: &str, column: &str, value: &str) -> (String, String) {
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let c = header.iter().position(|h| *h == column).unwrap();
    let row = lines.iter().position(|l| l.starts_with(&format!("{need},"))).unwrap();
    let mut cells: Vec<String> = lines[row].split(',').map(str::to_string).collect();
    let old = std::mem::replace(&mut cells[c], value.to_string());
    lines[row] = cells.join(",");
    (lines.join("\n") + "\n", old)
}

#[test]
fn every_altered_column_of_an_allocation_csv_is_a_violation_naming_row_column_and_values() {
    let s = Solved::new();
    let csv = s.csv();
    let cases = [
        ("price", "1.00"),
        ("provider", "QCLOUD"),
        ("reseller", "QCLOUD"),
        ("agency", "MCN-X"),
        ("lowest_eligible_price", "5.00"),
        ("premium", "7.00"),
        ("tie_broken", "true"),
    ];
    for (column, value) in cases {
        let (edited, old) = edit_cell(&csv, "N-004", column, value);
        let all = assert_exit(&s.verify(&format!("{column}.csv"), &edited, &[]), 3);
        let line = 1 + csv.lines().skip(1).position(|l| l.starts_with("N-004,")).unwrap() + 1;
        let want = format!("violation: line {line} (need N-004), {column}: read `{value}`, recomputed `{old}`");
        assert!(all.contains(&want), "{column}: {all}");
    }
    // The same amount written as a spreadsheet keeps it is the same value.
    let (edited, old) = edit_cell(&csv, "N-004", "price", "");
    let (edited, _) = edit_cell(&edited, "N-004", "price", old.trim_end_matches(".00"));
    assert_exit(&s.verify("trailing.csv", &edited, &[]), 0);
}

#[test]
fn every_altered_field_of_a_result_json_is_a_violation() {
    let s = Solved::new();
    let original = s.json();
    let n = original["summary"]["awards"].as_array().unwrap().iter().position(|a| a["need"] == "N-004").unwrap();
    let offer = original["summary"]["awards"][n]["offer"].as_str().unwrap().to_string();
    let row = format!("summary.awards[need=N-004,offer={offer}]");
    let edits: [(&str, serde_json::Value); 4] = [
        ("/summary/awards/N/price", "1.00".into()),
        ("/summary/awards/N/provider", "QCLOUD".into()),
        ("/summary/total_cost", "2.00".into()),
        ("/policy/quebec/min_share", "0.0".into()),
    ];
    for (pointer, value) in edits {
        let mut doc = original.clone();
        *doc.pointer_mut(&pointer.replace("/N/", &format!("/{n}/"))).unwrap() = value.clone();
        let all = assert_exit(&s.verify_json("edited.json", &doc), 3);
        let field = pointer.rsplit('/').next().unwrap();
        assert!(all.contains(&format!(", {field}: read `{}`", value.as_str().unwrap())), "{pointer}: {all}");
        if pointer.contains("/awards/") {
            assert!(all.contains(&row), "{all}");
        }
    }
    // A field added or removed is a mismatch too; so is a claim about the solve.
    let mut doc = original.clone();
    doc["summary"]["note"] = "trust me".into();
    doc["audit"]["status"] = "time_limit".into();
    let all = assert_exit(&s.verify_json("added.json", &doc), 3);
    assert!(all.contains("summary, note: read `trust me`, recomputed `(absent)`"), "{all}");
    assert!(all.contains("audit, status: read `time_limit`, recomputed `optimal`"), "{all}");
}

/// The tiny scenario's optimum awards N-005 to the cheapest eligible estimate; a costlier one is still valid.
fn costlier(csv: &str) -> String {
    let (edited, offer) = edit_cell(csv, "N-005", "offer", "O-QC-IAAS");
    assert_eq!(offer, "O-AWS-IAAS", "the test assumes the optimum awards N-005 to O-AWS-IAAS");
    // Keep only the need and offer columns (a hand-made allocation).
    edited.lines().map(|l| l.split(',').take(3).collect::<Vec<_>>()).map(|c| format!("{},{}\n", c[0], c[2])).collect()
}

#[test]
fn a_valid_but_costlier_allocation_is_valid_and_says_by_how_much() {
    let s = Solved::new();
    let out = s.verify("costlier.csv", &costlier(&s.csv()), &[]);
    let all = assert_exit(&out, 0);
    assert!(all.contains("valid allocation of 5 awards under scenario, but NOT optimal."), "{all}");
    assert!(all.contains("not optimal: costs $14,000.00 ("), "{all}");
    assert!(all.contains("%) more than the optimum $"), "{all}");

    let out = s.verify("costlier.csv", &costlier(&s.csv()), &["--format", "json"]);
    assert_exit(&out, 0);
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((j["valid"].as_bool(), j["optimality"]["standing"].as_str()), (Some(true), Some("costlier")));
    assert_eq!(j["optimality"]["excess"], "14000.00");

    let out = s.verify("costlier.csv", &costlier(&s.csv()), &["--no-optimality"]);
    let all = assert_exit(&out, 0);
    assert!(all.contains("\noptimality not checked\n"), "{all}");
    assert!(!all.contains("NOT optimal"), "{all}");
}

#[test]
fn a_costlier_result_claiming_optimality_is_caught() {
    let s = Solved::new();
    let mut doc = s.json();
    let awards = doc["summary"]["awards"].as_array_mut().unwrap();
    let a = awards.iter_mut().find(|a| a["need"] == "N-005").unwrap();
    a["offer"] = "O-QC-IAAS".into();
    let all = assert_exit(&s.verify_json("costlier.json", &doc), 3);
    assert!(all.contains("summary, status: read `optimal`, recomputed `time_limit`"), "{all}");
    assert!(all.contains("not optimal: costs $14,000.00"), "{all}");
}

#[test]
fn the_tie_broken_flags_need_the_optimum_and_are_otherwise_said_unchecked() {
    let s = Solved::new();
    let (edited, _) = edit_cell(&s.csv(), "N-001", "tie_broken", "true");
    assert_exit(&s.verify("flag.csv", &edited, &[]), 3);
    let all = assert_exit(&s.verify("flag.csv", &edited, &["--no-optimality"]), 0);
    assert!(all.contains("not checked: the tie_broken column"), "{all}");
}

#[test]
fn unknown_ids_are_bad_input_with_a_location() {
    let s = Solved::new();
    let (edited, _) = edit_cell(&s.csv(), "N-004", "offer", "O-NOPE");
    let all = assert_exit(&s.verify("unknown-offer.csv", &edited, &[]), 2);
    assert!(
        all.contains("error[E502]") && all.contains("(field `offer`): offer `O-NOPE` is not in the model"),
        "{all}"
    );
    assert!(all.contains("unknown-offer.csv:"), "{all}");

    let (edited, _) = edit_cell(&s.csv(), "N-004", "need", "N-999");
    let all = assert_exit(&s.verify("unknown-need.csv", &edited, &[]), 2);
    assert!(all.contains("need `N-999` is not in the model"), "{all}");

    // An offer that made no estimate for the need (O-QC-IAAS is IaaS; N-004 received PaaS estimates only).
    let (edited, _) = edit_cell(&s.csv(), "N-004", "offer", "O-QC-IAAS");
    let all = assert_exit(&s.verify("no-estimate.csv", &edited, &[]), 2);
    assert!(all.contains("offer `O-QC-IAAS` made no estimate for need `N-004`"), "{all}");

    let mut doc = s.json();
    doc["summary"]["awards"][1]["need"] = "N-999".into();
    let all = assert_exit(&s.verify_json("unknown.json", &doc), 2);
    assert!(all.contains("(field `summary.awards[1].need`): need `N-999` is not in the model"), "{all}");
}

#[test]
fn a_column_verify_would_not_check_is_refused() {
    let s = Solved::new();
    let csv: String = s.csv().lines().map(|l| format!("{l},x\n")).collect();
    let csv = csv.replacen(",x\n", ",note\n", 1);
    let all = assert_exit(&s.verify("note.csv", &csv, &[]), 2);
    assert!(all.contains("error[E004]") && all.contains("would go unchecked"), "{all}");
}

#[test]
fn a_result_that_is_not_a_regular_file_is_refused() {
    let s = Solved::new();
    let dir = s.path("dir.json");
    fs::create_dir(&dir).unwrap();
    let all = assert_exit(&courtier(&["verify", &s.scenario(), dir.to_str().unwrap()]), 2);
    assert!(all.contains("not a regular file"), "{all}");
}

fn two_offer(needs: &[(&str, i64, i64)]) -> World {
    World::new(common::two_offer_world(needs)).unwrap()
}

#[test]
fn the_library_states_cost_and_standing_exactly() {
    let w = two_offer(&[("N-1", 100, 150), ("N-2", 200, 260)]);
    let policy = Policy::default();
    let best = optimality::best(&w, &policy).unwrap();
    let opt = optimality::assess(&w, &policy, &best.outcome.awards, Some(&best));
    assert_eq!(opt.cost, Decimal::new(30000, 2));
    assert!(matches!(&opt.standing, Standing::Optimal { differs_from_draw, .. } if differs_from_draw.is_empty()));
    let e = |need: usize, offer: &str| w.estimate_index(need, w.offer_index(offer).unwrap()).unwrap();
    let worse = [e(0, "OB"), e(1, "OA")];
    let costlier = optimality::assess(&w, &policy, &worse, Some(&best));
    assert_eq!(costlier.cost, Decimal::new(35000, 2));
    match &costlier.standing {
        Standing::Costlier { optimum_cost, excess, excess_share } => {
            assert_eq!((*optimum_cost, *excess), (Decimal::new(30000, 2), Decimal::new(5000, 2)));
            assert!((*excess_share * Decimal::from(6) - Decimal::ONE).abs() < Decimal::new(1, 20));
        }
        other => panic!("{other:?}"),
    }
    let claims = optimality::claims(&w, &worse, &costlier, Some(&best), Some(Status::Optimal)).unwrap();
    assert_eq!((claims.status, claims.bound), (Status::TimeLimit, None));
    assert_eq!(optimality::assess(&w, &policy, &worse, None).standing, Standing::NotChecked);
}

#[test]
fn among_equal_allocations_the_one_the_draw_did_not_select_is_optimal_and_said_so() {
    // Two needs priced alike through both offers: four allocations cost the same.
    let w = two_offer(&[("N-1", 100, 100), ("N-2", 200, 200)]);
    let policy = Policy::default();
    let best = optimality::best(&w, &policy).unwrap();
    let flipped: Vec<usize> = best
        .outcome
        .awards
        .iter()
        .map(|&a| {
            let need = w.estimates[a].need;
            (0..w.estimates.len()).find(|&o| o != a && w.estimates[o].need == need).unwrap()
        })
        .collect();
    let opt = optimality::assess(&w, &policy, &flipped, Some(&best));
    match &opt.standing {
        Standing::Optimal { differs_from_draw, .. } => assert_eq!(differs_from_draw, &["N-1", "N-2"]),
        other => panic!("{other:?}"),
    }
    // The draw decided neither award of the flipped allocation.
    let claims = optimality::claims(&w, &flipped, &opt, Some(&best), Some(Status::Optimal)).unwrap();
    assert!(claims.tie_broken.is_empty());
}
