//! The fuzz corpus replayed on stable, as CI runs it: every file of `tests/fuzz-corpus/<target>/` (structured
//! mutations of the fixtures and the hostile cases of issue 7, written by `tests/fuzz-corpus/generate.py`, plus
//! whatever `cargo fuzz` found and was added there) goes through the same reader entry points as the fuzz
//! targets (`fuzz/harness.rs`). No input may panic; a refused input must come back as located diagnostics with a
//! code. The result files also go through `courtier verify` itself, which must exit 0, 2 or 3.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_file_is_read_without_panic_and_refusals_are_located() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (target, run) in harness::TARGETS {
        let files = corpus(target);
        assert!(files.len() >= 30, "{target}: the corpus has only {} files", files.len());
        for file in files {
            let data = std::fs::read(&file).unwrap();
            count += 1;
            if let Err(panic) = std::panic::catch_unwind(|| run(&data)) {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{target}/{}: {message}", file.file_name().unwrap().to_string_lossy()));
            }
        }
    }
    assert!(count >= 300, "only {count} cases");
    assert!(failures.is_empty(), "{} of {count} cases failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn verify_reads_every_result_file_of_the_corpus_without_panic() {
    let scenario = harness::tiny_dir().join("scenario.toml");
    for file in corpus("result_json") {
        let out = Command::new(env!("CARGO_BIN_EXE_courtier"))
            .args(["verify", scenario.to_str().unwrap(), file.to_str().unwrap()])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(matches!(out.status.code(), Some(0 | 2 | 3)), "{}: {:?} {stderr}", file.display(), out.status);
        assert!(!stderr.contains("panicked"), "{}: {stderr}", file.display());
    }
}
