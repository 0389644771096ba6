//! The fuzz harness shared by the cargo-fuzz targets (`fuzz/fuzz_targets/*.rs`) and the corpus replay that CI runs
//! on stable (`tests/fuzz_replay.rs`): one function per reader, taking the fuzzer's bytes, driving the same entry
//! point the binary uses, and panicking only when a reader breaks its contract: a refused input must come back as
//! diagnostics, each with a code (`E` and three digits) and a file, and a cell or key problem with its line.
//!
//! A model or a scenario spans several files: its bytes are a *bundle*, files separated by lines `=== NAME`
//! (`=== agencies.csv`, `=== scenario.toml`, `=== base.toml`, …). Files a bundle does not give are taken from the
//! tiny fixture model (`tests/fixtures/tiny`), so a mutation of one file meets valid others.
#![allow(dead_code)]

use courtier::io::Diagnostic;
use std::path::{Path, PathBuf};

/// The tiny fixture model every bundle starts from.
pub fn tiny_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(if Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").is_dir() {
        "tests/fixtures/tiny"
    } else {
        "../tests/fixtures/tiny"
    })
}

/// The files of a bundle: (name, bytes). A name is kept only when it is a plain file name.
pub fn unbundle(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for line in data.split_inclusive(|&b| b == b'\n') {
        if let Some(name) = line.strip_prefix(b"=== ") {
            let name = String::from_utf8_lossy(name).trim().to_string();
            let plain = !name.is_empty()
                && name.len() < 64
                && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
                && !name.starts_with('.');
            if plain {
                files.push((name, Vec::new()));
                continue;
            }
        }
        if let Some((_, bytes)) = files.last_mut() {
            bytes.extend_from_slice(line);
        }
    }
    files
}

/// A temporary folder holding the tiny model, then the bundle's files over it.
fn workspace(data: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for entry in std::fs::read_dir(tiny_dir()).expect("tiny fixture") {
        let entry = entry.expect("tiny fixture entry");
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy fixture");
    }
    for (name, bytes) in unbundle(data) {
        std::fs::write(dir.path().join(name), bytes).expect("write bundle file");
    }
    dir
}

/// The contract of refused input: at least one diagnostic, each with a code, a file, and a line when it is about
/// a CSV cell or row (codes E1xx and E2xx).
pub fn assert_located(diags: &[Diagnostic], what: &str) {
    assert!(!diags.is_empty(), "{what}: refused without a diagnostic");
    for d in diags {
        let code = d.code.as_bytes();
        assert!(code.len() == 4 && code[0] == b'E' && code[1..].iter().all(u8::is_ascii_digit), "{what}: {d}");
        assert!(!d.file.as_os_str().is_empty(), "{what}: no file in {d}");
        if matches!(code[1], b'1' | b'2') && d.file.extension().is_some_and(|e| e == "csv") {
            assert!(d.line.is_some(), "{what}: a cell problem without a line: {d}");
        }
        // Every diagnostic renders (no panic in Display).
        let _ = d.to_string();
    }
}

/// Target `model_csv`: a bundle of model CSV files, read as a model folder.
pub fn model_csv(data: &[u8]) {
    let dir = workspace(data);
    std::fs::remove_file(dir.path().join("scenario.toml")).ok();
    if let Err(diags) = courtier::io::load_model(dir.path()) {
        assert_located(&diags, "model");
    }
}

/// Target `scenario_toml`: a bundle with `scenario.toml` (and the bases it extends, and model files), loaded with
/// its model and what-ifs, as every command does.
pub fn scenario_toml(data: &[u8]) {
    let dir = workspace(data);
    match courtier::io::load(&dir.path().join("scenario.toml")) {
        Ok(loaded) => {
            // Whatever loads can be summed: the world the solver gets has bounded, positive prices.
            for e in &loaded.model.world.estimates {
                assert!(e.price > rust_decimal::Decimal::ZERO && e.price <= courtier::domain::MAX_AMOUNT);
            }
        }
        Err(diags) => assert_located(&diags, "scenario"),
    }
}

/// Target `allocation_csv`: an allocation read back for `verify`, then checked against the tiny model.
pub fn allocation_csv(data: &[u8]) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("allocation.csv");
    std::fs::write(&path, data).expect("write allocation");
    match courtier::io::read_allocation(&path) {
        Ok(rows) => {
            let loaded = courtier::io::load(&tiny_dir().join("scenario.toml")).expect("tiny scenario loads");
            let pairs: Vec<(String, String)> = rows.into_iter().map(|r| (r.need, r.offer)).collect();
            check_pairs(&loaded, &pairs);
        }
        Err(diags) => assert_located(&diags, "allocation"),
    }
}

/// Target `result_json`: a result file's awards, as `verify` reads them, checked against the tiny model. (The
/// replay also runs `courtier verify` itself on each file.)
pub fn result_json(data: &[u8]) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    let awards = value.pointer("/summary/awards").and_then(|a| a.as_array()).cloned().unwrap_or_default();
    let pairs: Vec<(String, String)> = awards
        .iter()
        .filter_map(|a| Some((a.get("need")?.as_str()?.to_string(), a.get("offer")?.as_str()?.to_string())))
        .collect();
    let loaded = courtier::io::load(&tiny_dir().join("scenario.toml")).expect("tiny scenario loads");
    check_pairs(&loaded, &pairs);
}

/// Resolve every (need, offer) as `verify` does; when all name an estimate, check the rules exactly.
fn check_pairs(loaded: &courtier::io::Loaded, pairs: &[(String, String)]) {
    let world = &loaded.model.world;
    let awards: Result<Vec<usize>, _> = pairs.iter().map(|(n, o)| courtier::verify::resolve(world, n, o)).collect();
    if let Ok(awards) = awards {
        let _ = courtier::verify::verify_awards(world, &loaded.scenario.policy, &awards);
    }
}

/// A fuzz target: the bytes of one input.
pub type Target = fn(&[u8]);

/// The targets by name, for the replay.
pub const TARGETS: [(&str, Target); 4] = [
    ("model_csv", model_csv),
    ("scenario_toml", scenario_toml),
    ("allocation_csv", allocation_csv),
    ("result_json", result_json),
];
