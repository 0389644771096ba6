//! `courtier generate` driven as a benchmarker would: synthetic models that the reader accepts, byte for byte
//! reproducible and feasible under the reference policy; an OR-Library GAP problem converted and solved to its
//! known optimum; bad arguments and malformed GAP files refused with exit code 2 and a located message.

mod common;

use common::{courtier, root, text};

use sha2::{Digest, Sha256};
use std::fs;
use std::path::Path;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The files of a folder, sorted by name, with their bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read(&p).unwrap()))
        .collect();
    v.sort();
    v
}

/// The number just before `word` in `line`, e.g. `eligible` in "… (1583 eligible …".
fn number_before(line: &str, word: &str) -> usize {
    let before = &line[..line.find(word).unwrap_or_else(|| panic!("no `{word}` in {line}"))];
    let digits: String = before.trim_end().chars().rev().take_while(|c| c.is_ascii_digit()).collect();
    digits.chars().rev().collect::<String>().parse().unwrap()
}

#[test]
fn a_synthetic_model_is_valid_reproducible_and_feasible_under_the_reference_policy() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("c"));
    let out = courtier(&["generate", "--needs", "120", "--seed", "7", "--out", s(&a)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("120 needs"), "{said}");

    // Same arguments, same bytes; another seed, other estimates.
    let out = courtier(&["generate", "--needs", "120", "--seed", "7", "--out", s(&b)]);
    assert_eq!(out.status.code(), Some(0));
    let (fa, fb) = (files(&a), files(&b));
    let names: Vec<&str> = fa.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "agencies.csv",
            "capacities.csv",
            "consumption.csv",
            "estimates.csv",
            "needs.csv",
            "offers.csv",
            "reference.toml",
            "suppliers.csv"
        ]
    );
    assert_eq!(fa, fb, "two runs with the same arguments differ");
    assert!(courtier(&["generate", "--needs", "120", "--seed", "8", "--out", s(&c)]).status.success());
    assert_ne!(fs::read(a.join("estimates.csv")).unwrap(), fs::read(c.join("estimates.csv")).unwrap());

    // Version-stable: these bytes are pinned. A change of the random stream, of a conversion or of the
    // generator's logic changes them; update the hash only for an intended change of the generated models.
    let estimates = fs::read(a.join("estimates.csv")).unwrap();
    let digest: String = Sha256::digest(&estimates).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        digest, "8aa920f9927b210c8b5709af1095cf9388a9d2aaeca318039d3e1744f60e5cc0",
        "estimates.csv of --needs 120 --seed 7 changed"
    );

    // The reader accepts it, and counts the eligible estimates the generator announced.
    let check = courtier(&["check", s(&a.join("reference.toml"))]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    let checked = text(&check.stdout);
    assert!(checked.contains("120 needs"), "{checked}");
    assert_eq!(number_before(&checked, "eligible"), number_before(&said, "eligible"), "{checked}\n{said}");

    // The reference policy is feasible (solved with a 1 % gap to keep the test short).
    fs::write(
        a.join("fast.toml"),
        "extends = \"reference.toml\"\ndescription = \"Reference, 1 % gap.\"\n\n[solver]\nmip_rel_gap = 0.01\n",
    )
    .unwrap();
    let solved = courtier(&["solve", s(&a.join("fast.toml")), "--lang", "en"]);
    assert_eq!(solved.status.code(), Some(0), "{}{}", text(&solved.stdout), text(&solved.stderr));
    // A 1 % gap accepted is a result within a proven gap (or optimal), stated in money.
    let out = text(&solved.stdout);
    assert!(
        out.contains("Status: optimal") || out.contains("Status: within a proven gap of the optimum — proven within $"),
        "{out}"
    );
}

#[test]
fn a_plan_benchmark_is_reproducible_and_plans_and_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, plain) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("plain"));
    let args = |dir: &Path| -> Vec<String> {
        ["generate", "--needs", "40", "--seed", "3", "--periods", "6", "--out", s(dir)].map(String::from).to_vec()
    };
    let run = |dir: &Path| {
        let a = args(dir);
        let out = courtier(&a.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        out
    };
    let said = text(&run(&a).stdout);
    assert!(said.contains("Plan it with: courtier plan"), "{said}");
    run(&b);
    let (fa, fb) = (files(&a), files(&b));
    let names: Vec<&str> = fa.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "agencies.csv",
            "capacities.csv",
            "consumption.csv",
            "estimates.csv",
            "migrations.csv",
            "needs.csv",
            "offers.csv",
            "period_capacities.csv",
            "plan.toml",
            "precedences.csv",
            "reference.toml",
            "suppliers.csv"
        ]
    );
    assert_eq!(fa, fb, "two runs with the same arguments differ");

    // Without --periods, the same model, byte for byte.
    let out = courtier(&["generate", "--needs", "40", "--seed", "3", "--out", s(&plain)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for (name, bytes) in files(&plain) {
        assert_eq!(fs::read(a.join(&name)).unwrap(), bytes, "{name} differs with --periods");
    }

    // It plans, and the plan verifies.
    let result = tmp.path().join("result");
    let planned = courtier(&["plan", s(&a.join("plan.toml")), "--out", s(&result), "--lang", "en"]);
    assert_eq!(planned.status.code(), Some(0), "{}{}", text(&planned.stdout), text(&planned.stderr));
    let verified = courtier(&["verify", s(&a.join("plan.toml")), s(&result.join("plan.csv")), "--no-optimality"]);
    assert_eq!(verified.status.code(), Some(0), "{}{}", text(&verified.stdout), text(&verified.stderr));
    assert!(text(&verified.stdout).contains("VALID"), "{}", text(&verified.stdout));

    // Out of range.
    let never = tmp.path().join("never");
    for t in ["0", "521"] {
        let out = courtier(&["generate", "--needs", "40", "--periods", t, "--out", s(&never)]);
        assert_eq!(out.status.code(), Some(2), "--periods {t}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains(&format!("--periods {t} is outside 1..=520")), "{}", text(&out.stderr));
        assert!(!never.exists());
    }
}

#[test]
fn more_offers_per_need_give_that_many_eligible_estimates() {
    let tmp = tempfile::tempdir().unwrap();
    let out =
        courtier(&["generate", "--needs", "150", "--seed", "3", "--offers-per-need", "40", "--out", s(tmp.path())]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let check = courtier(&["check", s(&tmp.path().join("reference.toml"))]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    let checked = text(&check.stdout);
    let eligible = number_before(&checked, "eligible") as f64;
    // 150 needs, of which 1 entered with 48 months and 1 with personal information hosted outside Quebec.
    let per_need = eligible / 148.0;
    assert!((37.0..=43.0).contains(&per_need), "{per_need} eligible estimates per servable need: {checked}");
}

#[test]
fn bad_arguments_are_refused_with_exit_code_2_and_nothing_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("never");
    let gap1 = "tests/fixtures/gap/gap1.txt";
    let cases: [&[&str]; 8] = [
        &["--needs", "0"],
        &["--needs", "1000001"],
        &["--needs", "10", "--offers-per-need", "1"],
        &["--needs", "200000", "--offers-per-need", "60"],
        &["--needs", "10", "--offers-per-need", "many"],
        &["--needs", "-3"],
        &["--seed", "1"],
        &["--needs", "10", "--gap", gap1],
    ];
    for case in cases {
        let mut args = vec!["generate"];
        args.extend_from_slice(case);
        args.extend_from_slice(&["--out", s(&dir)]);
        let out = courtier(&args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{case:?}: {err}");
        assert!(err.contains("error"), "{case:?}: {err}");
        assert!(!dir.exists(), "{case:?} wrote something");
    }
    let out = courtier(&["generate", "--needs", "0", "--out", s(&dir)]);
    let err = text(&out.stderr);
    assert!(err.contains("--needs 0") && err.contains("hint:"), "{err}");
    let out = courtier(&["generate", "--needs", "1000001", "--out", s(&dir)]);
    assert!(text(&out.stderr).contains("above the maximum of 1000000"), "{}", text(&out.stderr));
}

#[test]
fn gap1_problem_1_solves_to_its_known_optimum() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("c515-1");
    let out = courtier(&["generate", "--gap", "tests/fixtures/gap/gap1.txt", "--problem", "1", "--out", s(&model)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("GAP c515-1: 5 agents, 15 jobs"), "{}", text(&out.stdout));
    let result = tmp.path().join("result");
    let solved = courtier(&["solve", s(&model.join("gap.toml")), "--out", s(&result), "--lang", "en"]);
    assert_eq!(solved.status.code(), Some(0), "{}{}", text(&solved.stdout), text(&solved.stderr));
    let json: serde_json::Value = serde_json::from_slice(&fs::read(result.join("result.json")).unwrap()).unwrap();
    assert_eq!(json["summary"]["status"], "optimal");
    // OR-Library c515-1, solved as a minimisation (the published OR-Library table for gap1..12 is for the
    // maximisation, 336): minimum 261.
    assert_eq!(json["summary"]["total_cost"], "261.00");
    assert_eq!(json["summary"]["awards"].as_array().unwrap().len(), 15);
    let verified = courtier(&["verify", s(&model.join("gap.toml")), s(&result.join("allocation.csv"))]);
    assert_eq!(verified.status.code(), Some(0), "{}{}", text(&verified.stdout), text(&verified.stderr));
}

#[test]
fn a_malformed_gap_file_is_refused_with_its_location() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("never");
    let gap1 = fs::read_to_string(root().join("tests/fixtures/gap/gap1.txt")).unwrap();
    let convert = |name: &str, content: &str, extra: &[&str]| {
        let file = tmp.path().join(name);
        fs::write(&file, content).unwrap();
        let mut args = vec!["generate", "--gap", s(&file)];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--out", s(&dir)]);
        let out = courtier(&args);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", text(&out.stderr));
        assert!(!dir.exists(), "{name}: something was written");
        (file, text(&out.stderr))
    };

    // A value that is not a whole number: line 3 of gap1.txt is " 17 21 22 …"; `2l` replaces `21`.
    let mut lines: Vec<&str> = gap1.lines().collect();
    let third = lines[2].replacen("21", "2l", 1);
    assert_ne!(third, lines[2]);
    lines[2] = &third;
    let (file, err) = convert("letter.txt", &lines.join("\n"), &["--problem", "1"]);
    assert!(err.contains(&format!("error[E401]: {}:3:5", file.display())), "{err}");
    assert!(err.contains("`2l` is not a whole number") && err.contains("hint:"), "{err}");

    // Cut short in the last problem.
    let cut = &gap1[..gap1.trim_end().rfind(char::is_whitespace).unwrap()];
    let (_, err) = convert("short.txt", cut, &["--problem", "1"]);
    assert!(err.contains("error[E402]") && err.contains("problem 5: the file ends after"), "{err}");

    // A problem the file does not hold, or no problem named in a file of five.
    let (_, err) = convert("six.txt", &gap1, &["--problem", "6"]);
    assert!(err.contains("error[E403]") && err.contains("--problem 6: the file holds 5 problems"), "{err}");
    let (_, err) = convert("which.txt", &gap1, &[]);
    assert!(err.contains("error[E403]") && err.contains("say which one"), "{err}");

    // A missing file.
    let out = courtier(&["generate", "--gap", "tests/fixtures/gap/nowhere.txt", "--problem", "1", "--out", s(&dir)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("error[E001]"), "{}", text(&out.stderr));
}
