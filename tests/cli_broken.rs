//! The binary on broken inputs: every problem located (file, line, field), with a hint, exit code 2, no panic.

use std::path::PathBuf;
use std::process::Command;

fn check(fixture: &str) -> (Option<i32>, String) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let scenario = root.join("tests/fixtures/broken").join(fixture).join("scenario.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_courtier")).arg("check").arg(&scenario).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn every_broken_fixture_is_refused_with_a_located_message_and_a_hint() {
    // (fixture, text the message must contain: file:line[:column] and the field)
    let cases = [
        ("bad-price-exponent", "estimates.csv:4:3 (field `price`)"),
        ("bad-price-decimals", "estimates.csv:"),
        ("negative-price", "(field `price`)"),
        ("unknown-agency", "needs.csv:"),
        ("duplicate-need", "needs.csv:"),
        ("wrong-column-count", "offers.csv:3"),
        ("missing-file", "suppliers.csv"),
        ("reseller-as-provider", "offers.csv:"),
        ("share-out-of-range", "scenario.toml:"),
        ("unknown-toml-key", "scenario.toml:19:1 (field `minimum_share`)"),
        ("weighted-without-ado", "scenario.toml:5:9 (field `objective.basis`)"),
        ("term-over-36", "scenario.toml:"),
    ];
    for (fixture, located) in cases {
        let (code, stderr) = check(fixture);
        assert_eq!(code, Some(2), "{fixture}: {stderr}");
        assert!(stderr.contains(located), "{fixture}: expected `{located}` in\n{stderr}");
        assert!(stderr.contains("hint:"), "{fixture}: no hint in\n{stderr}");
        assert!(!stderr.contains("panicked"), "{fixture}: panic\n{stderr}");
    }
}

#[test]
fn check_lists_every_problem_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(root.join("tests/fixtures/tiny")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), tmp.path().join(entry.file_name())).unwrap();
    }
    // Break three things in two files.
    let est = std::fs::read_to_string(tmp.path().join("estimates.csv")).unwrap();
    let mut lines: Vec<String> = est.lines().map(str::to_string).collect();
    let cols = lines[1].split(',').count();
    let mut f: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    f[2] = "12.345".into();
    lines[1] = f.join(",");
    let mut g: Vec<String> = lines[2].split(',').map(str::to_string).collect();
    g[2] = "1e3".into();
    lines[2] = g.join(",");
    assert_eq!(lines[1].split(',').count(), cols);
    std::fs::write(tmp.path().join("estimates.csv"), lines.join("\n") + "\n").unwrap();
    let sc = std::fs::read_to_string(tmp.path().join("scenario.toml")).unwrap();
    std::fs::write(tmp.path().join("scenario.toml"), sc.replace("[tiebreak]", "[tiebreak]\nsalt = 2")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_courtier"))
        .arg("check")
        .arg(tmp.path().join("scenario.toml"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("12.345"), "{stderr}");
    assert!(stderr.contains("1e3"), "{stderr}");
    assert!(stderr.contains("salt"), "{stderr}");
    assert!(stderr.contains("3 problems found"), "{stderr}");
}
