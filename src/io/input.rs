//! Reading an input file safely: only a regular file is read (a FIFO, a device such as `/dev/zero` or
//! `/dev/urandom`, or a folder is refused before anything is read, so nothing hangs or fills the memory), and only
//! up to a documented size.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// The largest model CSV file read: 32 MiB, over 300 times the size of the largest file of `models/cti-2025`
/// (a whole year's portfolio).
pub const MAX_CSV_BYTES: u64 = 32 * 1024 * 1024;
/// The largest scenario file read: 1 MiB.
pub const MAX_SCENARIO_BYTES: u64 = 1024 * 1024;

/// Why an input file was not read.
#[derive(Debug)]
pub enum InputError {
    /// The path names something other than a regular file.
    NotRegular(&'static str),
    /// The file is larger than the limit, in bytes.
    TooLarge(u64),
    /// The operating system's error (not found, permission denied, …).
    Io(io::Error),
}

impl InputError {
    /// True when the file does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, InputError::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::NotRegular(what) => write!(f, "it is {what}, not a regular file"),
            InputError::TooLarge(limit) => {
                write!(f, "it is larger than the {} MiB accepted", limit / (1024 * 1024))
            }
            InputError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// What kind of non-regular file a file type is.
fn kind(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

fn open(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    // Opening a FIFO for reading waits for a writer; without blocking, the type check below sees it first.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    options.open(path)
}

/// Read the whole of `path`, which must be a regular file of at most `limit` bytes.
pub fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    // Checked before opening (a device is never opened) and again on the open file (it cannot be swapped).
    let meta = std::fs::metadata(path).map_err(InputError::Io)?;
    if !meta.is_file() {
        return Err(InputError::NotRegular(kind(meta.file_type())));
    }
    let file = open(path).map_err(InputError::Io)?;
    let meta = file.metadata().map_err(InputError::Io)?;
    if !meta.is_file() {
        return Err(InputError::NotRegular(kind(meta.file_type())));
    }
    if meta.len() > limit {
        return Err(InputError::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow while it is read: never read more than the limit.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(InputError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge(limit));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read_and_others_refused() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.csv");
        std::fs::write(&f, b"abc").unwrap();
        assert_eq!(read_input(&f, 10).unwrap(), b"abc");
        assert!(matches!(read_input(&f, 2), Err(InputError::TooLarge(2))));
        assert!(matches!(read_input(dir.path(), 10), Err(InputError::NotRegular("a folder"))));
        assert!(matches!(read_input(Path::new("/dev/zero"), 10), Err(InputError::NotRegular("a device"))));
        assert!(read_input(&dir.path().join("missing"), 10).unwrap_err().is_not_found());
    }
}
