//! Regression tests for issue 7 (hardening), driving the binary with hostile inputs and environments: closed
//! pipes, full devices, special files, huge or deep inputs, outputs that would overwrite inputs. Each test is
//! named after the defect it pins; none is timed (the linear-time tests use sizes that would take minutes if the
//! step were quadratic).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn courtier() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_courtier"));
    c.current_dir(root());
    c
}

fn run(args: &[&str]) -> Output {
    courtier().args(args).output().expect("binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A temporary copy of the tiny fixture (model and scenario).
fn tiny_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(root().join("tests/fixtures/tiny")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Run with stdout connected to a pipe whose reading end is already closed: every write fails with EPIPE.
fn with_closed_stdout(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let child = courtier().args(args).stdout(writer).stderr(Stdio::piped()).spawn().unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_stdout_pipe_ends_quietly_with_the_commands_exit_code() {
    for args in [
        &["explain", "scenarios/price-only.toml", "--all", "--swap-only"][..],
        &["compare", "tests/fixtures/tiny/scenario.toml", "--format", "html"][..],
        &["check", "tests/fixtures/tiny/scenario.toml"][..],
    ] {
        let out = with_closed_stdout(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "{args:?} printed: {}", text(&out.stderr));
    }
}

#[test]
fn a_closed_stdout_pipe_still_writes_the_files_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let out = with_closed_stdout(&["solve", "tests/fixtures/tiny/scenario.toml", "--out", s(tmp.path())]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(tmp.path().join("allocation.csv").is_file());
}

#[test]
fn a_full_stdout_device_is_a_clear_error_with_exit_1() {
    let full = fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = courtier()
        .args(["solve", "tests/fixtures/tiny/scenario.toml"])
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write to standard output: No space left on device"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
