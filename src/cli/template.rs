//! `courtier template`: write an empty model workbook ready to fill in (every sheet with its header, notes, lists
//! and formats).

use super::output::tell;
use super::{LangArg, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK};
use std::path::{Path, PathBuf};

/// Arguments of `template`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The workbook to write, e.g. model.xlsx.
    workbook: PathBuf,
    /// Language of the notes on the header cells.
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
    /// Replace the workbook if it exists.
    #[arg(long)]
    force: bool,
}

/// Refuse to write `path` when it is not an .xlsx file, or exists and `force` is not given.
pub fn check_target(path: &Path, force: bool) -> Result<(), i32> {
    if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
        tell!("error: {}: courtier writes workbooks as .xlsx\n  hint: name the file model.xlsx", path.display());
        return Err(EXIT_BAD_INPUT);
    }
    if path.exists() && !force {
        tell!("error: {} already exists\n  hint: add --force to replace it", path.display());
        return Err(EXIT_BAD_INPUT);
    }
    Ok(())
}

/// Write `bytes` to `path` atomically, reporting the outcome.
pub fn write(path: &Path, bytes: &[u8]) -> i32 {
    if let Err(e) = courtier::io::write_atomic(path, bytes) {
        tell!("error: could not write {}: {e}", path.display());
        return EXIT_INTERNAL;
    }
    tell!("wrote {}", path.display());
    EXIT_OK
}

/// Run `template`.
pub fn run(args: Args) -> i32 {
    if let Err(code) = check_target(&args.workbook, args.force) {
        return code;
    }
    match courtier::io::template(args.lang.into()) {
        Ok(bytes) => write(&args.workbook, &bytes),
        Err(e) => {
            tell!("error: could not build the workbook: {e}");
            EXIT_INTERNAL
        }
    }
}
