//! `courtier solve`: solve a scenario, print the summary, write the result files.

use super::files::{refuse_unsafe_targets, write_error_code, write_files};
use super::output::{say, tell};
use super::{
    report_diagnostics, LangArg, ScenarioArg, EXIT_BAD_INPUT, EXIT_INFEASIBLE, EXIT_INTERNAL, EXIT_NO_SOLUTION, EXIT_OK,
};
use courtier::explain::audit::{self, InputHash, Timing};
use courtier::explain::{self, award::Depth};
use courtier::io::Loaded;
use courtier::report::{allocation_csv, explain_md, result_json, terminal, workbook};
use courtier::solve::{self, Solved, Status};
use courtier::summary;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Arguments of `solve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    scenario: ScenarioArg,
    /// Write allocation.csv, allocation.xlsx, result.json and audit.json into this folder (created if needed).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write the exact MIP that is solved (format by extension: .mps or .lp, gzip-compressed when followed by .gz),
    /// with readable names. Never an input of the run; the file appears only once complete.
    #[arg(long, value_name = "FILE.mps|FILE.lp[.gz]")]
    write_model: Option<PathBuf>,
    /// Also write explanations.json and explanations.md (needs --out).
    #[arg(long, requires = "out")]
    explain: bool,
    /// Language of the summary.
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
}

/// The exit code of a solved scenario.
pub fn exit_code(status: Status) -> i32 {
    match status {
        Status::Optimal | Status::WithinGap | Status::TimeLimit => EXIT_OK,
        Status::Infeasible | Status::NoEligibleOffer => EXIT_INFEASIBLE,
        Status::NoSolution => EXIT_NO_SOLUTION,
    }
}

/// A path relative to the scenario's folder, with `/` separators, so audit records do not depend on where the
/// command was run from.
pub fn relative_to(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The hashes of every input of a loaded scenario.
pub fn input_hashes(loaded: &Loaded) -> Vec<InputHash> {
    let base = loaded.scenario.path.parent().unwrap_or(Path::new(""));
    std::iter::once(&loaded.scenario.file)
        .chain(loaded.scenario.bases.iter())
        .chain(loaded.model.files.iter())
        .map(|f| InputHash { path: relative_to(base, &f.path), sha256: f.sha256.clone() })
        .collect()
}

/// `audit.json` in `dir`: the audit record with the wall time (the one output that differs between runs).
pub fn audit_files(dir: &Path, loaded: &Loaded, solved: &Solved, started: Instant) -> (PathBuf, Vec<u8>) {
    let (name, bytes) = audit_json(loaded, solved, started);
    (dir.join(name), bytes)
}

fn audit_json(loaded: &Loaded, solved: &Solved, started: Instant) -> (PathBuf, Vec<u8>) {
    let audit = audit::record(input_hashes(loaded), &loaded.scenario.policy, &solved.outcome);
    let timing = Timing {
        solve_seconds: solved.outcome.seconds,
        total_seconds: started.elapsed().as_secs_f64(),
        stages: solved.outcome.stages.clone(),
    };
    audit_file(Path::new(""), audit, timing)
}

/// `audit.json` in `dir` from an audit record and the wall time.
pub fn audit_file(dir: &Path, audit: audit::Audit, timing: Timing) -> (PathBuf, Vec<u8>) {
    #[derive(serde::Serialize)]
    struct AuditFile {
        audit: audit::Audit,
        timing: Timing,
    }
    let mut bytes = serde_json::to_vec_pretty(&AuditFile { audit, timing }).unwrap_or_default();
    bytes.push(b'\n');
    (dir.join("audit.json"), bytes)
}

/// The format of a model file by its name: `mps` or `lp`, and whether it is gzip-compressed (`.mps.gz`).
fn model_format(path: &Path) -> (String, bool) {
    let ext = |p: &Path| p.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext(path).as_str() {
        "gz" => (ext(Path::new(path.file_stem().unwrap_or_default())), true),
        other => (other.to_string(), false),
    }
}

/// Check `--write-model FILE` and create the temporary file HiGHS will write, next to it (HiGHS picks the format
/// by the extension, so the temporary file keeps it). The model is moved (or compressed) over FILE only once
/// complete.
pub fn model_temp(path: &Path, inputs: &[PathBuf]) -> Result<PathBuf, i32> {
    let (ext, _) = model_format(path);
    if !matches!(ext.as_str(), "mps" | "lp") {
        tell!(
            "error: --write-model {}: unknown format `{ext}`\n  hint: use a file name ending in .mps or .lp (.mps.gz \
             or .lp.gz for a compressed file)",
            path.display()
        );
        return Err(EXIT_BAD_INPUT);
    }
    refuse_unsafe_targets(&[path.to_path_buf()], inputs)?;
    courtier::io::create_temp_for(path, &format!(".{ext}")).map_err(|e| {
        tell!("error: could not write the model to {}: {e}", path.display());
        write_error_code(&e)
    })
}

/// Whether HiGHS wrote a whole model file: an MPS file ends with `ENDATA`, an LP file with `end`.
fn model_complete(path: &Path, bytes: &[u8]) -> bool {
    let last = bytes.trim_ascii_end().rsplit(|&b| b == b'\n').next().unwrap_or_default();
    let lp = model_format(path).0 == "lp";
    last.trim_ascii() == if lp { &b"end"[..] } else { &b"ENDATA"[..] }
}

/// Move the model HiGHS wrote over `path` once complete, compressed when `path` ends in `.gz` (or drop it when
/// the solve failed).
pub fn commit_model(path: &Path, temp: &Path, solved: bool) -> Result<(), i32> {
    let written = if solved && model_format(path).1 {
        courtier::io::commit_temp_gzipped(temp, path, |b| model_complete(path, b))
    } else if solved {
        courtier::io::commit_temp(temp, path, |b| model_complete(path, b))
    } else {
        let _ = std::fs::remove_file(temp);
        Ok(())
    };
    written.map_err(|e| {
        tell!("error: could not write the model to {}: {e}", path.display());
        write_error_code(&e)
    })
}

/// Run `solve`.
pub fn run(args: Args) -> i32 {
    let started = Instant::now();
    let loaded = match courtier::io::load(&args.scenario.scenario) {
        Ok(l) => l,
        Err(diags) => return report_diagnostics(&diags),
    };
    let inputs = loaded.input_paths();
    let model_file = match &args.write_model {
        Some(path) => match model_temp(path, &inputs) {
            Ok(temp) => Some((path, temp)),
            Err(code) => return code,
        },
        None => None,
    };
    let world = &loaded.model.world;
    let policy = &loaded.scenario.policy;
    let solved = solve::solve(world, policy, model_file.as_ref().map(|(_, temp)| temp.as_path()));
    if let Some((path, temp)) = &model_file {
        if let Err(code) = commit_model(path, temp, solved.is_ok()) {
            return code;
        }
    }
    let solved = match solved {
        Ok(s) => s,
        Err(e) => {
            tell!("error: {e}");
            return EXIT_INTERNAL;
        }
    };
    if let Some((path, _)) = &model_file {
        tell!("wrote {}", path.display());
    }
    let summary = summary::summarize(world, policy, &solved.eligibility, &solved.outcome);
    let sc = &loaded.scenario;
    let lang = args.lang.into();
    say!("{}", terminal::render(&sc.name, &sc.description, &summary, &solved.outcome, lang));
    if let Some(dir) = &args.out {
        let excluded = summary::excluded(world, &solved.eligibility);
        let audit = audit::record(input_hashes(&loaded), policy, &solved.outcome);
        let result = result_json::ResultFile {
            courtier_version: env!("CARGO_PKG_VERSION"),
            scenario: &sc.name,
            description: &sc.description,
            policy,
            objective: solved.outcome.objective,
            bound: solved.outcome.bound,
            gap: solved.outcome.gap,
            tiebreak_applied: solved.outcome.tiebreak_applied,
            summary: &summary,
            excluded: &excluded,
            audit: &audit,
        };
        let binding = explain::cost::binding_rows(world, policy, &solved);
        let book = workbook::allocation::Allocation {
            scenario: &sc.name,
            description: &sc.description,
            summary: &summary,
            binding: &binding,
            gap: solved.outcome.gap,
        };
        let book = match workbook::allocation::render(&book, lang) {
            Ok(bytes) => bytes,
            Err(e) => {
                tell!("error: could not build allocation.xlsx: {e}");
                return EXIT_INTERNAL;
            }
        };
        let mut files = vec![
            (dir.join("allocation.csv"), allocation_csv::render(&summary)),
            (dir.join("allocation.xlsx"), book),
            (dir.join("result.json"), result_json::render(&result)),
        ];
        if args.explain {
            let e = explain::explain_all(world, policy, &solved, Depth::Full);
            let mut json = serde_json::to_vec_pretty(&e).unwrap_or_default();
            json.push(b'\n');
            files.push((dir.join("explanations.json"), json));
            files.push((dir.join("explanations.md"), explain_md::render(&sc.name, &e, lang).into_bytes()));
        }
        files.push(audit_files(dir, &loaded, &solved, started));
        let code = write_files(dir, &files, &inputs, "results");
        if code != EXIT_OK {
            return code;
        }
    }
    exit_code(solved.outcome.status)
}
