//! Writing output files so that a failed run never leaves a half-written file: each file is written to a
//! temporary file in its own folder, flushed to disk, then renamed over the target (a rename within a folder is
//! atomic on the platforms courtier supports).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A temporary path next to `path`, unique within this process and, through the process id, across processes.
fn temp_path(path: &Path) -> io::Result<PathBuf> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("`{}` has no file name", path.display())))?;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = format!(".{}.{}.{n}.tmp", name.to_string_lossy(), std::process::id());
    Ok(path.with_file_name(temp))
}

/// Write `bytes` to a new temporary file next to `path` and return the temporary's path.
fn write_temp(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let temp = temp_path(path)?;
    let result = (|| {
        let mut file: File = OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Write `bytes` to `path` atomically: readers see the old content or the new, never a part.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = write_temp(path, bytes)?;
    fs::rename(&temp, path).inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })
}

/// Write several files: every temporary file is written first, and only when all succeeded are they renamed over
/// their targets, so a failure while writing changes no target. On failure the temporary files are removed. (If a
/// rename itself fails midway, the targets already renamed keep their new content.)
pub fn write_all_atomic(files: &[(PathBuf, Vec<u8>)]) -> io::Result<()> {
    let mut temps: Vec<(PathBuf, &Path)> = Vec::with_capacity(files.len());
    let cleanup = |temps: &[(PathBuf, &Path)]| {
        for (temp, _) in temps {
            let _ = fs::remove_file(temp);
        }
    };
    for (path, bytes) in files {
        match write_temp(path, bytes) {
            Ok(temp) => temps.push((temp, path)),
            Err(e) => {
                cleanup(&temps);
                return Err(e);
            }
        }
    }
    for (i, (temp, path)) in temps.iter().enumerate() {
        if let Err(e) = fs::rename(temp, path) {
            cleanup(&temps[i..]);
            return Err(e);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn write_atomic_replaces_content_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_atomic(&path, b"old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["out.csv"]);
    }

    #[test]
    fn write_atomic_into_missing_folder_fails_without_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(&dir.path().join("nope/out.csv"), b"x").is_err());
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn write_all_atomic_writes_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![(dir.path().join("a.md"), b"A".to_vec()), (dir.path().join("b.json"), b"B".to_vec())];
        write_all_atomic(&files).unwrap();
        assert_eq!(fs::read(dir.path().join("a.md")).unwrap(), b"A");
        assert_eq!(fs::read(dir.path().join("b.json")).unwrap(), b"B");
        assert_eq!(names(dir.path()), ["a.md", "b.json"]);
    }

    #[test]
    fn write_all_atomic_changes_nothing_when_one_file_cannot_be_written() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.md");
        fs::write(&a, b"before").unwrap();
        let files = vec![(a.clone(), b"after".to_vec()), (dir.path().join("missing/b.json"), b"B".to_vec())];
        assert!(write_all_atomic(&files).is_err());
        assert_eq!(fs::read(&a).unwrap(), b"before");
        assert_eq!(names(dir.path()), ["a.md"]);
    }
}
