//! Writing output files so that a failed run never leaves a half-written file: each file is written to a
//! temporary file in its own folder, flushed to disk, then renamed over the target (a rename within a folder is
//! atomic on the platforms courtier supports).
//!
//! Temporary files are named `.<target>.<pid>.<n>.tmp` (with the target's extension after it when another program,
//! HiGHS, writes them: `.<target>.<pid>.<n>.tmp.mps`). A run killed before its rename leaves one behind; the next
//! write into that folder removes those of processes that are no longer alive ([`clean_stale_temps`]), and only
//! those: a file of a running process, or any other file, is never touched.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A temporary path next to `path`, unique within this process and, through the process id, across processes.
fn temp_path(path: &Path) -> io::Result<PathBuf> {
    temp_path_ending(path, "")
}

/// A temporary path next to `path` ending in `suffix` (e.g. `.mps`, for a program that picks the format by it).
fn temp_path_ending(path: &Path, suffix: &str) -> io::Result<PathBuf> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("`{}` has no file name", path.display())))?;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = format!(".{}.{}.{n}.tmp{suffix}", name.to_string_lossy(), std::process::id());
    Ok(path.with_file_name(temp))
}

/// The process id in the name of one of our temporary files, or `None` when the name is not ours.
fn temp_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let rest = rest.strip_suffix(".tmp").or_else(|| {
        let (stem, ext) = rest.rsplit_once('.')?;
        matches!(ext, "mps" | "lp").then_some(stem)?.strip_suffix(".tmp")
    })?;
    let (rest, n) = rest.rsplit_once('.')?;
    let (target, pid) = rest.rsplit_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (!target.is_empty() && digits(n) && digits(pid)).then(|| pid.parse().ok())?
}

/// Whether process `pid` is alive (when it cannot be told, it is taken to be alive).
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else { return true };
        // SAFETY: kill with signal 0 sends nothing; it only checks that the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Remove the temporary files a killed run left in `dir`: only regular files named like ours whose process is no
/// longer alive. Returns how many were removed. Errors (a folder that cannot be listed) are ignored: cleaning is a
/// courtesy, never a reason to fail.
pub fn clean_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else { continue };
        let regular = entry.file_type().is_ok_and(|t| t.is_file());
        if regular && !alive(pid) && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A new, empty temporary file next to `path`, ending in `suffix`, for another program (HiGHS) to write; creating
/// it first gives the operating system's reason when the folder cannot be written.
pub fn create_temp_for(path: &Path, suffix: &str) -> io::Result<PathBuf> {
    clean_stale_temps(parent_of(path));
    let temp = temp_path_ending(path, suffix)?;
    OpenOptions::new().write(true).create_new(true).open(&temp)?;
    Ok(temp)
}

/// Move a temporary file that another program wrote over its target, once it is complete (`complete` judges its
/// bytes) and on disk; on failure, the temporary file is removed and the target is untouched.
pub fn commit_temp(temp: &Path, path: &Path, complete: impl Fn(&[u8]) -> bool) -> io::Result<()> {
    let result = (|| {
        let bytes = fs::read(temp)?;
        if !complete(&bytes) {
            // The writer's own error is lost; appending to the file tells the OS's reason (a full disk).
            let mut f = OpenOptions::new().append(true).open(temp)?;
            f.write_all(b"\n")?;
            f.sync_all()?;
            return Err(io::Error::other("the file written is incomplete"));
        }
        File::open(temp)?.sync_all()?;
        fs::rename(temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(temp);
    }
    result
}

/// As [`commit_temp`], with the target gzip-compressed (`path` ends in `.gz`): the temporary file another program
/// wrote is judged complete on its plain bytes, compressed into `path` atomically, then removed.
pub fn commit_temp_gzipped(temp: &Path, path: &Path, complete: impl Fn(&[u8]) -> bool) -> io::Result<()> {
    let result = (|| {
        let bytes = fs::read(temp)?;
        if !complete(&bytes) {
            return Err(io::Error::other("the file written is incomplete"));
        }
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&bytes)?;
        write_atomic(path, &encoder.finish()?)
    })();
    let _ = fs::remove_file(temp);
    result
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
    clean_stale_temps(parent_of(path));
    let temp = write_temp(path, bytes)?;
    fs::rename(&temp, path).inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })
}

/// Write several files: every temporary file is written first, and only when all succeeded are they renamed over
/// their targets, so a failure while writing changes no target. On failure the temporary files are removed. (If a
/// rename itself fails midway, the targets already renamed keep their new content.)
pub fn write_all_atomic(files: &[(PathBuf, Vec<u8>)]) -> io::Result<()> {
    let mut dirs: Vec<&Path> = files.iter().map(|(p, _)| parent_of(p)).collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        clean_stale_temps(dir);
    }
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
    fn only_our_temporary_files_of_dead_processes_are_cleaned() {
        assert_eq!(temp_owner(".allocation.csv.123.0.tmp"), Some(123));
        assert_eq!(temp_owner(".reference.mps.77.3.tmp.mps"), Some(77));
        assert_eq!(temp_owner(".m.lp.77.3.tmp.lp"), Some(77));
        for other in ["allocation.csv.123.0.tmp", ".allocation.csv.tmp", ".a.x.1.tmp", ".a.1.2.tmp.txt", ".a.1.2.tmpx"]
        {
            assert_eq!(temp_owner(other), None, "{other}");
        }
        let dir = tempfile::tempdir().unwrap();
        // A process id that cannot be alive (above the kernel's maximum) and our own, alive.
        let dead = format!(".allocation.csv.{}.0.tmp", i32::MAX as u32 - 1);
        let mine = format!(".result.json.{}.0.tmp", std::process::id());
        for name in [dead.as_str(), mine.as_str(), "keep.csv", ".keep.1.tmp"] {
            fs::write(dir.path().join(name), b"x").unwrap();
        }
        assert_eq!(clean_stale_temps(dir.path()), 1);
        let mut expected = vec![".keep.1.tmp".to_string(), mine, "keep.csv".to_string()];
        expected.sort();
        assert_eq!(names(dir.path()), expected);
    }

    #[test]
    fn an_incomplete_file_from_another_writer_is_not_moved_over_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("m.mps");
        fs::write(&target, b"old").unwrap();
        let temp = create_temp_for(&target, ".mps").unwrap();
        fs::write(&temp, b"NAME\nROWS\n").unwrap();
        let e = commit_temp(&temp, &target, |b| b.ends_with(b"ENDATA\n")).unwrap_err();
        assert!(e.to_string().contains("incomplete"), "{e}");
        assert_eq!(fs::read(&target).unwrap(), b"old");
        let temp = create_temp_for(&target, ".mps").unwrap();
        fs::write(&temp, b"NAME\nENDATA\n").unwrap();
        commit_temp(&temp, &target, |b| b.ends_with(b"ENDATA\n")).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"NAME\nENDATA\n");
        assert_eq!(names(dir.path()), ["m.mps"]);
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
