//! Helpers for the io tests: copies of the tiny fixture model with one thing changed.

use super::Diagnostic;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The tiny valid model shipped in `tests/fixtures/tiny`.
pub(crate) fn tiny_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny")
}

/// A temporary copy of the tiny model (with its scenario).
pub(crate) fn tiny_copy() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(tiny_dir()).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

/// Overwrite a file.
pub(crate) fn write(dir: &Path, file: &str, content: &str) {
    fs::write(dir.join(file), content).unwrap();
}

/// Replace the first occurrence of `from` by `to` in a file; panics when `from` is absent.
pub(crate) fn replace(dir: &Path, file: &str, from: &str, to: &str) {
    let text = fs::read_to_string(dir.join(file)).unwrap();
    assert!(text.contains(from), "`{from}` not found in {file}");
    fs::write(dir.join(file), text.replacen(from, to, 1)).unwrap();
}

/// Append a line to a file.
pub(crate) fn append(dir: &Path, file: &str, line: &str) {
    let text = fs::read_to_string(dir.join(file)).unwrap();
    fs::write(dir.join(file), format!("{text}{line}\n")).unwrap();
}

/// The diagnostics of loading the model in `dir` (panics if it loads).
pub(crate) fn model_errors(dir: &Path) -> Vec<Diagnostic> {
    match super::load_model(dir) {
        Ok(_) => panic!("the model should not load"),
        Err(d) => d,
    }
}

/// The single diagnostic in `diags`, checking its code, file name, line and field.
pub(crate) fn single<'a>(
    diags: &'a [Diagnostic],
    code: &str,
    file: &str,
    line: Option<u64>,
    field: Option<&str>,
) -> &'a Diagnostic {
    assert_eq!(diags.len(), 1, "expected one diagnostic, got:\n{}", render(diags));
    let d = &diags[0];
    assert_eq!((d.code, d.line, d.field.as_deref()), (code, line, field), "{d}");
    assert!(d.is_in(file), "{d}");
    d
}

/// All diagnostics, one per line block, for assertion messages.
pub(crate) fn render(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}
