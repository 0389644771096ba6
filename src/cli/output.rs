//! The one way the binary prints: every byte for stdout and stderr goes through [`out`] and [`err`] (or the
//! [`say!`] and [`tell!`] macros), never `print!`, whose failure is a panic.
//!
//! Like ripgrep and other command-line tools, a closed pipe (`courtier compare … | head`) is not an error: the
//! reader has all it wanted, so what is left for stdout is dropped and the command finishes its work (files asked
//! for with `--out` are still written) and exits with its own code. Any other failure to write stdout (a full
//! device, an I/O error) is reported once on stderr with the operating system's reason, and the run exits with
//! code 1 (internal failure), since the output it was asked for is lost. Stderr that cannot be written is ignored:
//! there is nowhere left to report it.

use std::fmt;
use std::io::{self, Write};
use std::sync::atomic::{AtomicU8, Ordering};

/// Stdout is writable.
const OPEN: u8 = 0;
/// The reader closed the pipe: output is dropped, the exit code is the command's.
const CLOSED: u8 = 1;
/// Writing failed for another reason (reported): output is dropped, the run fails.
const FAILED: u8 = 2;

static STDOUT: AtomicU8 = AtomicU8::new(OPEN);

/// What to do after a failed write to stdout, by its error.
fn state_after(e: &io::Error) -> u8 {
    if e.kind() == io::ErrorKind::BrokenPipe {
        CLOSED
    } else {
        FAILED
    }
}

fn record_stdout_error(e: &io::Error) {
    let state = state_after(e);
    if STDOUT.swap(state, Ordering::SeqCst) == OPEN && state == FAILED {
        err(format_args!("error: cannot write to standard output: {e}\n"));
    }
}

/// Write to stdout (nothing once stdout has failed or been closed).
pub fn out(args: fmt::Arguments) {
    if STDOUT.load(Ordering::SeqCst) != OPEN {
        return;
    }
    let mut lock = io::stdout().lock();
    if let Err(e) = lock.write_fmt(args) {
        drop(lock);
        record_stdout_error(&e);
    }
}

/// Write to stderr, ignoring failures.
pub fn err(args: fmt::Arguments) {
    let _ = io::stderr().lock().write_fmt(args);
}

/// Flush stdout and turn the command's exit code into the run's: a failed stdout makes a successful command fail
/// with code 1 (the codes of commands that did not succeed are kept).
pub fn finish(code: i32) -> i32 {
    if STDOUT.load(Ordering::SeqCst) == OPEN {
        if let Err(e) = io::stdout().lock().flush() {
            record_stdout_error(&e);
        }
    }
    exit_code(code, STDOUT.load(Ordering::SeqCst))
}

fn exit_code(code: i32, state: u8) -> i32 {
    if state == FAILED && code == super::EXIT_OK {
        super::EXIT_INTERNAL
    } else {
        code
    }
}

/// `print!` that never panics (see the module doc).
macro_rules! say {
    ($($arg:tt)*) => { $crate::cli::output::out(format_args!($($arg)*)) };
}

/// `println!` that never panics.
macro_rules! sayln {
    () => { $crate::cli::output::out(format_args!("\n")) };
    ($($arg:tt)*) => {{
        $crate::cli::output::out(format_args!($($arg)*));
        $crate::cli::output::out(format_args!("\n"));
    }};
}

/// `eprintln!` that never panics.
macro_rules! tell {
    ($($arg:tt)*) => {{
        $crate::cli::output::err(format_args!($($arg)*));
        $crate::cli::output::err(format_args!("\n"));
    }};
}

pub(crate) use {say, sayln, tell};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_pipe_keeps_the_commands_exit_code_and_a_failed_write_fails_the_run() {
        assert_eq!(state_after(&io::Error::from(io::ErrorKind::BrokenPipe)), CLOSED);
        assert_eq!(state_after(&io::Error::from_raw_os_error(28)), FAILED);
        assert_eq!(exit_code(3, CLOSED), 3);
        assert_eq!(exit_code(0, FAILED), 1);
        assert_eq!(exit_code(3, FAILED), 3);
        assert_eq!(exit_code(2, FAILED), 2);
        assert_eq!(exit_code(0, OPEN), 0);
    }
}
