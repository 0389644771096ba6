//! `--shard K/N` and `courtier merge`, driven through the binary: the shards of a `compare`, a `sweep` and an
//! `explain --all`, merged in any order, give byte for byte the files and the terminal output of a single run;
//! shards that do not make one whole run are refused with exit 2.

mod common;

use common::{courtier, root, text};

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

const COMPARE: [&str; 4] = [
    "compare",
    "tests/fixtures/shard/price.toml",
    "tests/fixtures/shard/spread.toml",
    "tests/fixtures/shard/floor.toml",
];

/// Every file of a folder, by name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Run `command` once as shard k of n for every k, into `dir`; the shard files, in order of k.
fn run_shards(command: &[&str], n: u32, dir: &Path) -> Vec<PathBuf> {
    (1..=n)
        .map(|k| {
            let spec = format!("{k}/{n}");
            let mut args = command.to_vec();
            args.extend(["--shard", &spec, "--out", path(dir)]);
            let out = courtier(&args);
            assert_eq!(code(&out), 0, "{args:?}: {}", text(&out.stderr));
            assert!(out.stdout.is_empty(), "a shard prints nothing on stdout: {}", text(&out.stdout));
            let file = dir.join(format!("shard-{k}-of-{n}.json"));
            assert!(file.is_file(), "{} written", file.display());
            file
        })
        .collect()
}

/// `command` run once with `render` (and `--out one`), and `merge` of `shards` (in the order given) with the same
/// `render` (and `--out merged`): the same exit code, stdout and files. `audit.json` carries the wall time: its
/// audit record must be identical, its timing may not.
fn assert_merge_is_single_run(command: &[&str], shards: &[PathBuf], render: &[&str], dir: &Path) {
    let (one, merged) = (dir.join("one"), dir.join("merged"));
    let _ = fs::remove_dir_all(&one);
    let _ = fs::remove_dir_all(&merged);
    let mut single = command.to_vec();
    single.extend(render);
    single.extend(["--out", path(&one)]);
    let a = courtier(&single);
    let mut merge = vec!["merge"];
    merge.extend(shards.iter().map(|p| path(p)));
    merge.extend(render);
    merge.extend(["--out", path(&merged)]);
    let b = courtier(&merge);
    assert_eq!(code(&a), code(&b), "{}\n{}", text(&a.stderr), text(&b.stderr));
    assert_eq!(text(&a.stdout), text(&b.stdout), "stdout of {single:?}");
    let (mut fa, mut fb) = (files(&one), files(&merged));
    assert!(!fa.is_empty());
    if let (Some(x), Some(y)) = (fa.remove("audit.json"), fb.remove("audit.json")) {
        let record = |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).unwrap()["audit"].clone();
        assert_eq!(record(&x), record(&y), "audit record of {single:?}");
        assert!(record(&x)["inputs"].as_array().is_some_and(|i| !i.is_empty()));
    }
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>(), "files of {single:?}");
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{name} of {single:?} differs after merge");
    }
}

/// Also without `--out`: the same stdout and exit code.
fn assert_merge_prints_as_single_run(command: &[&str], shards: &[PathBuf], render: &[&str]) {
    let mut single = command.to_vec();
    single.extend(render);
    let a = courtier(&single);
    let mut merge = vec!["merge"];
    merge.extend(shards.iter().map(|p| path(p)));
    merge.extend(render);
    let b = courtier(&merge);
    assert_eq!(code(&a), code(&b), "{}\n{}", text(&a.stderr), text(&b.stderr));
    assert!(!a.stdout.is_empty());
    assert_eq!(text(&a.stdout), text(&b.stdout), "stdout of {single:?}");
}

fn rotated(shards: &[PathBuf], by: usize) -> Vec<PathBuf> {
    let mut v = shards.to_vec();
    v.rotate_left(by);
    v
}

#[test]
fn three_shards_of_a_compare_merge_into_the_single_run_in_any_order() {
    let tmp = tempfile::tempdir().unwrap();
    let shards = run_shards(&COMPARE, 3, &tmp.path().join("shards"));
    for render in [&[][..], &["--format", "md", "--lang", "en", "--redact"], &["--format", "json"]] {
        assert_merge_is_single_run(&COMPARE, &shards, render, tmp.path());
    }
    let mut reversed = shards.clone();
    reversed.reverse();
    assert_merge_is_single_run(&COMPARE, &reversed, &["--format", "csv"], tmp.path());
    assert_merge_is_single_run(&COMPARE, &rotated(&shards, 1), &["--format", "html", "--lang", "en"], tmp.path());
    assert_merge_prints_as_single_run(&COMPARE, &rotated(&shards, 2), &["--lang", "en"]);
}

#[test]
fn more_shards_than_scenarios_leaves_some_empty_and_still_merges() {
    let tmp = tempfile::tempdir().unwrap();
    let shards = run_shards(&COMPARE, 5, &tmp.path().join("shards"));
    let last: serde_json::Value = serde_json::from_slice(&fs::read(&shards[4]).unwrap()).unwrap();
    assert_eq!(last["units"].as_array().map(Vec::len), Some(0));
    assert_merge_is_single_run(&COMPARE, &rotated(&shards, 3), &[], tmp.path());
}

#[test]
fn a_shard_takes_every_nth_unit_in_the_order_given() {
    let tmp = tempfile::tempdir().unwrap();
    let shards = run_shards(&COMPARE, 2, tmp.path());
    let shard: serde_json::Value = serde_json::from_slice(&fs::read(&shards[0]).unwrap()).unwrap();
    let index: Vec<u64> = shard["units"].as_array().unwrap().iter().map(|u| u["index"].as_u64().unwrap()).collect();
    assert_eq!(index, [0, 2]);
    assert_eq!(shard["run"]["command"], "compare");
    assert_eq!(shard["shard"], serde_json::json!({ "k": 1, "n": 2 }));
    let scenarios: Vec<&str> =
        shard["run"]["inputs"].as_array().unwrap().iter().map(|i| i["scenario"].as_str().unwrap()).collect();
    assert_eq!(scenarios, ["price", "spread", "floor"]);
    // Money travels as exact decimal strings.
    let total = &shard["units"][0]["result"]["row"]["total"];
    assert_eq!(total, "1360000.00");
}

#[test]
fn three_shards_of_a_sweep_merge_into_the_single_run() {
    let tmp = tempfile::tempdir().unwrap();
    let line = ["sweep", "tests/fixtures/shard/floor.toml", "--param", "quebec.min_share=0.3..0.7:0.1"];
    let shards = run_shards(&line, 3, &tmp.path().join("line"));
    assert_merge_is_single_run(&line, &rotated(&shards, 1), &[], tmp.path());
    assert_merge_is_single_run(&line, &shards, &["--lang", "en", "--redact"], tmp.path());
    assert_merge_prints_as_single_run(&line, &rotated(&shards, 2), &["--lang", "en"]);
    // A grid, where "the allocation changes" and "becomes infeasible" compare points of different shards.
    let grid = [
        "sweep",
        "tests/fixtures/shard/floor.toml",
        "--param",
        "spread.max_provider_share=0.4..0.6:0.1",
        "--param",
        "quebec.min_share=0.4..0.6:0.1",
    ];
    let shards = run_shards(&grid, 3, &tmp.path().join("grid"));
    assert_merge_is_single_run(&grid, &rotated(&shards, 2), &["--lang", "en"], tmp.path());
    let merged = fs::read_to_string(tmp.path().join("merged/sweep.md")).unwrap();
    assert!(merged.contains("becomes infeasible") && merged.contains("yes"), "{merged}");
}

#[test]
fn three_shards_of_explain_all_merge_into_the_single_run() {
    let tmp = tempfile::tempdir().unwrap();
    for (i, scenario) in ["floor", "weighted", "spread"].into_iter().enumerate() {
        let file = format!("tests/fixtures/shard/{scenario}.toml");
        let command = ["explain", &file, "--all"];
        let shards = run_shards(&command, 3, &tmp.path().join(scenario));
        assert_merge_is_single_run(&command, &rotated(&shards, i), &[], tmp.path());
        if scenario == "floor" {
            // The ADO need's counterfactual re-solves travel through the shards.
            let json = fs::read_to_string(tmp.path().join("merged/explanations.json")).unwrap();
            assert!(json.contains("\"forced_status\": \"optimal\""), "{json}");
        }
        assert_merge_is_single_run(&command, &rotated(&shards, i + 1), &["--lang", "en"], tmp.path());
        assert_merge_prints_as_single_run(&command, &shards, &["--lang", "en"]);
    }
    let floor = ["explain", "tests/fixtures/shard/floor.toml", "--all", "--swap-only"];
    let shards = run_shards(&floor, 3, &tmp.path().join("swap"));
    assert_merge_is_single_run(&floor, &shards, &["--lang", "en"], tmp.path());
    let json = fs::read_to_string(tmp.path().join("merged/explanations.json")).unwrap();
    assert!(json.contains("\"ado_required\": true"), "{json}");
}

fn refused(args: &[&str], expected: &str) {
    let out = courtier(args);
    let err = text(&out.stderr);
    assert_eq!(code(&out), 2, "{args:?}: {err}");
    assert!(err.contains(expected), "{args:?}: expected `{expected}` in:\n{err}");
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
}

#[test]
fn shards_that_are_not_one_whole_run_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let shards = run_shards(&COMPARE, 3, &tmp.path().join("a"));
    let [s1, s2, s3] = [path(&shards[0]), path(&shards[1]), path(&shards[2])];
    let out = tmp.path().join("out");
    let o = path(&out);
    refused(&["merge", s1, s3, "--out", o], "shard 2 of 3 is missing");
    refused(&["merge", s1, "--out", o], "shards 2, 3 of 3 are missing");
    refused(&["merge", s1, s2, s3, s2, "--out", o], "shard 2/3 is given twice");
    // A 2-way cut of the same run.
    let halves = run_shards(&COMPARE, 2, &tmp.path().join("halves"));
    refused(&["merge", s1, s2, path(&halves[1]), "--out", o], "the shards were cut differently");
    // The same scenarios, but one input changed: a model file.
    let copy = tmp.path().join("copy");
    for sub in ["tiny", "shard"] {
        fs::create_dir_all(copy.join(sub)).unwrap();
        for e in fs::read_dir(root().join("tests/fixtures").join(sub)).unwrap() {
            let e = e.unwrap();
            fs::copy(e.path(), copy.join(sub).join(e.file_name())).unwrap();
        }
    }
    let estimates = copy.join("tiny/estimates.csv");
    let changed = fs::read_to_string(&estimates).unwrap().replace("98000.00", "98000.01");
    fs::write(&estimates, changed).unwrap();
    let other: Vec<String> = ["price", "spread", "floor"]
        .iter()
        .map(|s| copy.join(format!("shard/{s}.toml")).display().to_string())
        .collect();
    let mut command = vec!["compare"];
    command.extend(other.iter().map(String::as_str));
    let foreign = run_shards(&command, 3, &tmp.path().join("foreign"));
    refused(&["merge", s1, s2, path(&foreign[2]), "--out", o], "input `../tiny/estimates.csv` of scenario `price`");
    refused(&["merge", s1, s2, path(&foreign[2])], "not from the same run as");
    // Another command.
    let sweep = ["sweep", "tests/fixtures/shard/price.toml", "--param", "tiebreak.seed=1..3"];
    let sweeps = run_shards(&sweep, 3, &tmp.path().join("sweep"));
    refused(&["merge", s1, s2, path(&sweeps[2])], "it is a shard of `sweep`, not of `compare`");
    // Other arguments.
    let seeds = ["sweep", "tests/fixtures/shard/price.toml", "--param", "tiebreak.seed=1..4"];
    let more = run_shards(&seeds, 3, &tmp.path().join("seeds"));
    refused(&["merge", path(&sweeps[0]), path(&more[1]), path(&sweeps[2])], "its arguments are");
    // Rendering options that the command does not have.
    refused(&["merge", path(&sweeps[0]), path(&sweeps[1]), path(&sweeps[2]), "--format", "md"], "--format");
    // Not a shard at all.
    let junk = tmp.path().join("junk.json");
    fs::write(&junk, "{\"rows\": []}").unwrap();
    refused(&["merge", s1, s2, path(&junk)], "not a courtier shard");
    fs::write(&junk, "not json").unwrap();
    refused(&["merge", path(&junk)], "not a courtier shard");
    refused(&["merge", path(&tmp.path().join("absent.json"))], "cannot read the shard");
    assert!(!out.exists(), "a refused merge writes nothing");
}

#[test]
fn a_bad_shard_argument_is_refused_with_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let o = path(tmp.path());
    for (spec, expected) in [
        ("4/3", "k must be between 1 and n"),
        ("0/3", "k must be between 1 and n"),
        ("1/0", "n must be between 1 and 1000"),
        ("1/1001", "n must be between 1 and 1000"),
        ("two/3", "is not of the form k/n"),
        ("3", "is not of the form k/n"),
    ] {
        let mut args = COMPARE.to_vec();
        args.extend(["--shard", spec, "--out", o]);
        refused(&args, expected);
    }
    refused(&["compare", COMPARE[1], "--shard", "1/2"], "--out");
    refused(&["explain", COMPARE[1], "--shard", "1/2", "--out", o], "--all");
    refused(&["compare", COMPARE[1], "--shard", "1/2", "--out", o, "--lang", "en"], "cannot be used with");
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0, "nothing written");
}
