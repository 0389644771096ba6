//! Where the outputs of a command go: never over one of its inputs, always all or nothing (see
//! [`courtier::io::write_all_atomic`]), and every failure reported with the operating system's reason and the
//! exit code of its cause: a path the user gave that cannot be written (missing folder, a file where a folder is
//! expected, no permission, read-only) is bad input (2); a device that fails (a full disk, an I/O error) is 1.

use super::output::tell;
use super::{EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK};
use std::io;
use std::path::{Path, PathBuf};

/// The exit code of a failed write: 2 when the path is the cause, 1 when the device is.
pub fn write_error_code(e: &io::Error) -> i32 {
    use io::ErrorKind::*;
    match e.kind() {
        NotFound | PermissionDenied | NotADirectory | IsADirectory | ReadOnlyFilesystem | InvalidInput
        | InvalidFilename | AlreadyExists | DirectoryNotEmpty => EXIT_BAD_INPUT,
        _ => EXIT_INTERNAL,
    }
}

/// A path made absolute and free of `..` and links as far as it exists (the file itself may not).
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
            resolved(parent).join(name)
        }
        _ => path.to_path_buf(),
    }
}

/// Refuse to write any of `targets` when it is one of `inputs` (compared after resolving links and `..`), or
/// when it exists and is not a regular file. Prints the problem and returns the exit code.
pub fn refuse_unsafe_targets(targets: &[PathBuf], inputs: &[PathBuf]) -> Result<(), i32> {
    let inputs: Vec<PathBuf> = inputs.iter().map(|p| resolved(p)).collect();
    for target in targets {
        if inputs.contains(&resolved(target)) {
            tell!(
                "error: {} is an input of this run: courtier never overwrites its inputs\n  hint: write the output \
                 elsewhere, e.g. into a folder of its own",
                target.display()
            );
            return Err(EXIT_BAD_INPUT);
        }
        if let Ok(meta) = std::fs::metadata(target) {
            if !meta.is_file() {
                tell!("error: {} exists and is not a regular file\n  hint: name a new file", target.display());
                return Err(EXIT_BAD_INPUT);
            }
        }
    }
    Ok(())
}

/// Write `files` into `dir` (created if needed) atomically, unless one would overwrite an input. Reports what was
/// written, or why nothing was, and returns the exit code.
pub fn write_files(dir: &Path, files: &[(PathBuf, Vec<u8>)], inputs: &[PathBuf], what: &str) -> i32 {
    let targets: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    if let Err(code) = refuse_unsafe_targets(&targets, inputs) {
        return code;
    }
    if let Err(e) = std::fs::create_dir_all(dir).and_then(|_| courtier::io::write_all_atomic(files)) {
        tell!("error: could not write {what} to {}: {e}", dir.display());
        return write_error_code(&e);
    }
    for (p, _) in files {
        tell!("wrote {}", p.display());
    }
    EXIT_OK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_that_cannot_be_written_is_bad_input_and_a_failing_device_is_internal() {
        assert_eq!(write_error_code(&io::Error::from(io::ErrorKind::NotADirectory)), EXIT_BAD_INPUT);
        assert_eq!(write_error_code(&io::Error::from(io::ErrorKind::PermissionDenied)), EXIT_BAD_INPUT);
        assert_eq!(write_error_code(&io::Error::from_raw_os_error(28)), EXIT_INTERNAL);
    }

    #[test]
    fn targets_are_compared_with_inputs_after_resolving_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("policy.toml");
        std::fs::write(&input, "x").unwrap();
        let sneaky = dir.path().join("sub/../policy.toml");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        assert_eq!(refuse_unsafe_targets(&[sneaky], std::slice::from_ref(&input)), Err(EXIT_BAD_INPUT));
        assert_eq!(refuse_unsafe_targets(&[dir.path().join("new.mps")], &[input]), Ok(()));
        assert_eq!(refuse_unsafe_targets(&[dir.path().to_path_buf()], &[]), Err(EXIT_BAD_INPUT));
    }
}
