//! `courtier export-model` and `courtier import-model`: a CSV model folder as a workbook, and back, without losing
//! a character of any CSV file.

use super::output::tell;
use super::template::{check_target, write};
use super::{report_diagnostics, LangArg, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK};
use std::path::PathBuf;

/// Arguments of `export-model`.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// The model folder (CSV files), e.g. models/cti-2025.
    dir: PathBuf,
    /// The workbook to write, e.g. models/cti-2025.xlsx.
    workbook: PathBuf,
    /// Language of the notes on the header cells.
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
    /// Replace the workbook if it exists.
    #[arg(long)]
    force: bool,
}

/// Arguments of `import-model`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The model workbook (.xlsx or .ods).
    workbook: PathBuf,
    /// The folder to write the CSV files into (created if needed).
    dir: PathBuf,
    /// Replace CSV files that exist in the folder.
    #[arg(long)]
    force: bool,
}

/// Run `export-model`.
pub fn export(args: ExportArgs) -> i32 {
    if let Err(code) = check_target(&args.workbook, args.force) {
        return code;
    }
    match courtier::io::export_model(&args.dir, args.lang.into()) {
        Ok(bytes) => write(&args.workbook, &bytes),
        Err(diags) => report_diagnostics(&diags),
    }
}

/// Run `import-model`.
pub fn import(args: ImportArgs) -> i32 {
    let files = match courtier::io::import_model(&args.workbook) {
        Ok(f) => f,
        Err(diags) => return report_diagnostics(&diags),
    };
    let files: Vec<(PathBuf, Vec<u8>)> = files.into_iter().map(|(name, b)| (args.dir.join(name), b)).collect();
    if !args.force {
        if let Some((p, _)) = files.iter().find(|(p, _)| p.exists()) {
            tell!("error: {} already exists\n  hint: add --force to replace the model's files", p.display());
            return EXIT_BAD_INPUT;
        }
    }
    if let Err(e) = std::fs::create_dir_all(&args.dir).and_then(|_| courtier::io::write_all_atomic(&files)) {
        tell!("error: could not write the model to {}: {e}", args.dir.display());
        return EXIT_INTERNAL;
    }
    for (p, _) in &files {
        tell!("wrote {}", p.display());
    }
    EXIT_OK
}
