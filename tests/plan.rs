//! `courtier plan` driven through the binary on the hand-made model of `tests/fixtures/plan/` (three migrations,
//! one AZUR migration a month, a committed award), whose optimal plans are known by hand: the waves, a
//! precedence, a principle that counts the committed award, a calendar that cannot hold and the change that
//! fixes it, `verify` on every plan, bad input, and byte-identical outputs.

mod common;

use common::{courtier, root, text};
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    root().join("tests/fixtures/plan")
}

/// A copy of the fixture, to change its files.
fn copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

fn plan(scenario: &Path, out: &Path) -> (i32, String) {
    let o = courtier(&["plan", scenario.to_str().unwrap(), "--lang", "en", "--out", out.to_str().unwrap()]);
    (o.status.code().unwrap_or(-1), text(&o.stdout) + &text(&o.stderr))
}

/// (need, offer, start) of each row of a plan.csv.
fn rows(out: &Path) -> Vec<(String, String, String)> {
    let mut r = csv::Reader::from_path(out.join("plan.csv")).unwrap();
    r.records()
        .map(|rec| rec.unwrap())
        .map(|rec| (rec[0].to_string(), rec[2].to_string(), rec[6].to_string()))
        .collect()
}

fn row(need: &str, offer: &str, start: &str) -> (String, String, String) {
    (need.to_string(), offer.to_string(), start.to_string())
}

fn verify(scenario: &Path, plan_csv: &Path) -> (i32, String) {
    let o = courtier(&["verify", scenario.to_str().unwrap(), plan_csv.to_str().unwrap()]);
    (o.status.code().unwrap_or(-1), text(&o.stdout) + &text(&o.stderr))
}

#[test]
fn the_costliest_legacy_site_moves_first() {
    let out = tempfile::tempdir().unwrap();
    let (code, said) = plan(&fixture().join("waves.toml"), out.path());
    assert_eq!(code, 0, "{said}");
    // One AZUR migration a month; waiting costs 5,000, 3,000 and 1,000 a month: N1, then N2, then N3 (waiting
    // 5,000 + 2 × 3,000 + 3 × 1,000 = 14,000). Moving N3 to NORD in January would save 2,000 of waiting for
    // 10,000 more in contract. The committed award keeps its offer and has no migration.
    assert_eq!(
        rows(out.path()),
        [
            row("N0", "AZUR-IAAS", ""),
            row("N1", "AZUR-IAAS", "2027-01-01"),
            row("N2", "AZUR-IAAS", "2027-02-01"),
            row("N3", "AZUR-IAAS", "2027-03-01"),
        ]
    );
    assert!(said.contains("Waiting (legacy sites): $14,000.00"), "{said}");
    assert!(said.contains("Status: optimal"), "{said}");
    let (code, said) = verify(&fixture().join("waves.toml"), &out.path().join("plan.csv"));
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("VALID"), "{said}");
    assert!(said.contains("this plan costs $0.00 more"), "{said}");
}

#[test]
fn a_precedence_changes_the_order() {
    let dir = copy();
    std::fs::write(dir.path().join("precedences.csv"), "need,after,mode\nN1,N3,after\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let (code, said) = plan(&dir.path().join("waves.toml"), out.path());
    assert_eq!(code, 0, "{said}");
    // N3 (identity) before N1: N3 in January, N1 in February, N2 in March (waiting 1,000 + 10,000 + 9,000).
    assert_eq!(
        rows(out.path())[1..],
        [
            row("N1", "AZUR-IAAS", "2027-02-01"),
            row("N2", "AZUR-IAAS", "2027-03-01"),
            row("N3", "AZUR-IAAS", "2027-01-01"),
        ]
    );
    assert!(said.contains("Waiting (legacy sites): $20,000.00"), "{said}");
    let (code, said) = verify(&dir.path().join("waves.toml"), &out.path().join("plan.csv"));
    assert_eq!(code, 0, "{said}");
}

#[test]
fn committed_awards_count_toward_the_shares_and_never_move() {
    let out = tempfile::tempdir().unwrap();
    let (code, said) = plan(&fixture().join("capped.toml"), out.path());
    assert_eq!(code, 0, "{said}");
    // AZUR ≤ 60 % of the year's value: the committed 300,000 to AZUR leaves no room, every new need goes to NORD
    // (without the committed award, two would: see below).
    let r = rows(out.path());
    assert_eq!(r[0], row("N0", "AZUR-IAAS", ""));
    assert!(r[1..].iter().all(|(_, offer, _)| offer == "NORD-IAAS"), "{r:?}");
    assert!(said.contains("The year's shares"), "{said}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("plan.json")).unwrap()).unwrap();
    assert_eq!(json["summary"]["year"]["committed_awards"], 1);
    assert_eq!(json["policy"]["committed"][0]["need"], "N0");
    let (code, said) = verify(&fixture().join("capped.toml"), &out.path().join("plan.csv"));
    assert_eq!(code, 0, "{said}");

    // Without the committed award (N0 is then a need like the others), AZUR keeps more of them.
    let dir = copy();
    let text =
        std::fs::read_to_string(dir.path().join("waves.toml")).unwrap().replace("committed = \"committed.csv\"\n", "");
    std::fs::write(dir.path().join("waves.toml"), text).unwrap();
    let out2 = tempfile::tempdir().unwrap();
    let (code, said) = plan(&dir.path().join("capped.toml"), out2.path());
    assert_eq!(code, 0, "{said}");
    let nord = rows(out2.path())[1..].iter().filter(|(_, o, _)| o == "NORD-IAAS").count();
    assert!(nord < 3, "{said}");

    // Moving the committed award is a broken rule.
    let tampered = out.path().join("moved.csv");
    let csv = std::fs::read_to_string(out.path().join("plan.csv"))
        .unwrap()
        .replace("N0,MIN-TEST,AZUR-IAAS", "N0,MIN-TEST,NORD-IAAS");
    std::fs::write(&tampered, csv).unwrap();
    let (code, said) = verify(&fixture().join("capped.toml"), &tampered);
    assert_eq!(code, 3, "{said}");
    assert!(said.contains("BROKEN"), "{said}");
}

#[test]
fn solve_counts_committed_awards_too() {
    let o = courtier(&["solve", fixture().join("capped.toml").to_str().unwrap(), "--lang", "en"]);
    let said = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{said}{}", text(&o.stderr));
    // The year's shares: AZUR holds all of the committed value, and 47.6 % once the new awards go to NORD.
    assert!(said.contains("The year's shares: 1 committed ($300,000.00)  + 3 new ($330,000.00)"), "{said}");
    assert!(said.contains("100.0%") && said.contains("47.6%"), "{said}");
}

#[test]
fn a_calendar_that_cannot_hold_gets_a_diagnosis_whose_changes_suffice() {
    let out = tempfile::tempdir().unwrap();
    let (code, said) = plan(&fixture().join("tight.toml"), out.path());
    assert_eq!(code, 3, "{said}");
    // RSSS by February, one AZUR migration a month, NORD at 5 days a month (each migration needs 10): one of the
    // three is a month late. The cheapest to leave late is N3; either change alone suffices.
    assert!(said.contains("The calendar cannot hold."), "{said}");
    assert!(said.contains("N3 (RSSS deadline 2027-02-28) would finish on 2027-03-31, 1 period(s) late"), "{said}");
    assert!(said.contains("rsss = 2027-03-31"), "{said}");
    assert!(said.contains("add = 5.00"), "{said}");
    assert!(!out.path().join("plan.csv").exists(), "an infeasible plan writes no plan");

    // Apply the first suggestion: move the deadline.
    let dir = copy();
    let tight = std::fs::read_to_string(dir.path().join("tight.toml"))
        .unwrap()
        .replace("rsss = 2027-02-28", "rsss = 2027-03-31");
    std::fs::write(dir.path().join("tight.toml"), tight).unwrap();
    let (code, said) = plan(&dir.path().join("tight.toml"), out.path());
    assert_eq!(code, 0, "{said}");

    // Or the second: the capacity it names, in the period it names.
    let dir = copy();
    let snippet = said_snippet(&plan(&fixture().join("tight.toml"), out.path()).1);
    let mut tight = std::fs::read_to_string(dir.path().join("tight.toml")).unwrap();
    tight.push_str(&snippet);
    std::fs::write(dir.path().join("tight.toml"), tight).unwrap();
    let out3 = tempfile::tempdir().unwrap();
    let (code, said) = plan(&dir.path().join("tight.toml"), out3.path());
    assert_eq!(code, 0, "{snippet}\n{said}");
    let (code, said) = verify(&dir.path().join("tight.toml"), &out3.path().join("plan.csv"));
    assert_eq!(code, 0, "{said}");
}

/// The `[[plan.capacity_change]]` lines a diagnosis prints.
fn said_snippet(said: &str) -> String {
    let start = said.find("    [[plan.capacity_change]]").expect("a capacity suggestion");
    said[start..].lines().take(6).map(|l| format!("{}\n", l.trim())).collect()
}

#[test]
fn plans_replay_byte_for_byte() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    plan(&fixture().join("capped.toml"), a.path());
    plan(&fixture().join("capped.toml"), b.path());
    for f in ["plan.csv", "plan.json", "plan.html", "plan.xlsx"] {
        assert_eq!(std::fs::read(a.path().join(f)).unwrap(), std::fs::read(b.path().join(f)).unwrap(), "{f}");
    }
}

#[test]
fn bad_migration_files_are_located() {
    let dir = copy();
    std::fs::write(
        dir.path().join("migrations.csv"),
        "need,earliest_start,deadline,periods,legacy_monthly_cost\nN1,2027-02-30,,1,10\nN9,,,1,10\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("precedences.csv"), "need,after,mode\nN1,N2,after\nN2,N3,after\nN3,N1,after\n")
        .unwrap();
    std::fs::write(
        dir.path().join("period_capacities.csv"),
        "holder,kind,unit,from,limit\nNOBODY,supplier,migration_days,2027-01-01,10\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let (code, said) = plan(&dir.path().join("waves.toml"), out.path());
    assert_eq!(code, 2, "{said}");
    assert!(said.contains("E115") && said.contains("migrations.csv:2"), "{said}");
    // `check` reports the same problems for a scenario with a calendar.
    let o = courtier(&["check", dir.path().join("waves.toml").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("E208"), "{}", text(&o.stderr));
    assert!(said.contains("E202") && said.contains("migrations.csv:3"), "{said}");
    assert!(said.contains("E208") && said.contains("cycle"), "{said}");
    assert!(said.contains("period_capacities.csv:2"), "{said}");
}

#[test]
fn a_scenario_without_a_plan_table_is_told_so() {
    let o = courtier(&["plan", root().join("scenarios/price-only.toml").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("no [plan] table"), "{}", text(&o.stderr));
}

#[test]
fn explain_says_why_each_need_moves_when_it_does() {
    let o = courtier(&[
        "plan",
        fixture().join("waves.toml").to_str().unwrap(),
        "--lang",
        "en",
        "--explain",
        "--need",
        "N2",
    ]);
    let said = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        said.contains("N2 — starts 2027-02: not in 2027-01: supplier AZUR would use 20.00 / 10.00 migration_days"),
        "{said}"
    );
    assert!(!said.contains("N1 — starts"), "{said}");
}

#[test]
fn weekly_calendars_have_real_dates() {
    let dir = copy();
    let weekly = std::fs::read_to_string(dir.path().join("waves.toml"))
        .unwrap()
        .replace("start = 2027-01-01\nperiod = \"month\"", "start = 2027-01-04\nperiod = \"week\"");
    std::fs::write(dir.path().join("waves.toml"), weekly).unwrap();
    let out = tempfile::tempdir().unwrap();
    let (code, said) = plan(&dir.path().join("waves.toml"), out.path());
    assert_eq!(code, 0, "{said}");
    // Weeks start on Mondays; the same order as by month. Waiting: 5,000 × 84/365 + 3,000 × 168/365 + 1,000 ×
    // 252/365 per need, each rounded to the cent: 1,150.68 + 1,380.82 + 690.41.
    assert_eq!(
        rows(out.path())[1..],
        [
            row("N1", "AZUR-IAAS", "2027-01-04"),
            row("N2", "AZUR-IAAS", "2027-01-11"),
            row("N3", "AZUR-IAAS", "2027-01-18"),
        ]
    );
    assert!(said.contains("Waiting (legacy sites): $3,221.91"), "{said}");
    let (code, said) = verify(&dir.path().join("waves.toml"), &out.path().join("plan.csv"));
    assert_eq!(code, 0, "{said}");
    // A weekly plan that does not start on a Monday is refused where it is written.
    let bad = std::fs::read_to_string(dir.path().join("waves.toml")).unwrap().replace("2027-01-04", "2027-01-05");
    std::fs::write(dir.path().join("waves.toml"), bad).unwrap();
    let (code, said) = plan(&dir.path().join("waves.toml"), out.path());
    assert_eq!(code, 2, "{said}");
    assert!(said.contains("E317") && said.contains("Monday"), "{said}");
}

#[test]
fn verify_words_a_plan_as_json_too() {
    let out = tempfile::tempdir().unwrap();
    let scenario = fixture().join("waves.toml");
    let (code, said) = plan(&scenario, out.path());
    assert_eq!(code, 0, "{said}");
    let json = |csv: &Path| {
        let o = courtier(&["verify", scenario.to_str().unwrap(), csv.to_str().unwrap(), "--format", "json"]);
        let v: serde_json::Value =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o.stdout)));
        (o.status.code().unwrap_or(-1), v)
    };
    let (code, v) = json(&out.path().join("plan.csv"));
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["valid"], true);
    assert_eq!(v["needs"], 4);
    assert_eq!(v["cost"]["waiting"], "14000.00");
    assert_eq!(v["optimality"]["checked"], "compared");
    assert_eq!(v["optimality"]["difference"], "0.00");
    assert_eq!(v["violations"].as_array().unwrap().len(), 0);

    // A stated waiting cost changed by hand is a mismatch, located; the verdict says not valid.
    let tampered = out.path().join("tampered.csv");
    let csv = std::fs::read_to_string(out.path().join("plan.csv")).unwrap();
    let line = csv.lines().find(|l| l.starts_with("N3,")).unwrap().to_string();
    let mut cells: Vec<&str> = line.split(',').collect();
    let waiting = cells[10];
    cells[10] = "1.00";
    std::fs::write(&tampered, csv.replace(&line, &cells.join(","))).unwrap();
    let (code, v) = json(&tampered);
    assert_eq!(code, 3, "{v}");
    assert_eq!(v["valid"], false);
    assert_eq!(v["mismatches"][0]["need"], "N3");
    assert_eq!(v["mismatches"][0]["column"], "waiting_cost");
    assert_eq!(v["mismatches"][0]["read"], "1.00");
    assert_eq!(v["mismatches"][0]["recomputed"], waiting);
}
