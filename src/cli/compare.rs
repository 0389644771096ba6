//! `courtier compare` and `courtier sweep`: policies side by side, and a parameter swept over a range.

use super::output::{say, tell};
use super::{report_diagnostics, LangArg, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK};
use courtier::compare::{self, Candidate};
use courtier::report::comparison::{self, Options};
use courtier::sweep;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Output format on the terminal.
#[derive(Copy, Clone, Debug, clap::ValueEnum)]
pub enum Format {
    /// A table.
    Table,
    /// Markdown.
    Md,
    /// CSV.
    Csv,
    /// JSON.
    Json,
    /// Self-contained HTML.
    Html,
}

/// Arguments of `compare`.
#[derive(clap::Args, Debug)]
pub struct CompareArgs {
    /// Scenario files.
    #[arg(required = true)]
    scenarios: Vec<PathBuf>,
    /// Write comparison.md, comparison.csv, comparison.json and report.html into this folder.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Format printed on stdout.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Language of the reports.
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
    /// Publication mode: withhold suppliers' prices and what would reveal them (art. 23 of the access law).
    #[arg(long)]
    redact: bool,
}

/// Arguments of `sweep`.
#[derive(clap::Args, Debug)]
pub struct SweepArgs {
    /// Scenario file.
    scenario: PathBuf,
    /// `key=lo..hi:step`, e.g. quebec.min_share=0..0.5:0.05; twice for a grid.
    #[arg(long = "param", required = true)]
    params: Vec<String>,
    /// Write sweep.md, sweep.csv, sweep.json and report.html into this folder.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language of the reports.
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
    /// Publication mode.
    #[arg(long)]
    redact: bool,
}

/// The scenarios as candidates, and every file they read (which outputs must not overwrite).
fn load(paths: &[PathBuf]) -> Result<(Vec<Candidate>, Vec<PathBuf>), i32> {
    let mut candidates = Vec::new();
    let mut inputs = Vec::new();
    let mut diags = Vec::new();
    for p in paths {
        match courtier::io::load(p) {
            Ok(l) => {
                inputs.extend(l.input_paths());
                candidates.push(Candidate {
                    name: l.scenario.name,
                    description: l.scenario.description,
                    world: l.model.world,
                    policy: l.scenario.policy,
                });
            }
            Err(d) => diags.extend(d),
        }
    }
    if diags.is_empty() {
        Ok((candidates, inputs))
    } else {
        Err(report_diagnostics(&diags))
    }
}

fn write(files: Vec<(PathBuf, Vec<u8>)>, dir: &std::path::Path, inputs: &[PathBuf]) -> i32 {
    super::files::write_files(dir, &files, inputs, "reports")
}

/// Run `compare`.
pub fn compare(args: CompareArgs) -> i32 {
    let (candidates, inputs) = match load(&args.scenarios) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let c = match compare::compare(&candidates) {
        Ok(c) => c,
        Err(e) => {
            tell!("error: {e}");
            return EXIT_INTERNAL;
        }
    };
    let o = Options { lang: args.lang.into(), redact: args.redact };
    let shown = match args.format {
        Format::Table => comparison::terminal(&c, &o).into_bytes(),
        Format::Md => comparison::markdown(&c, &o).into_bytes(),
        Format::Csv => comparison::csv(&c, &o),
        Format::Json => comparison::json(&c, None, &o),
        Format::Html => comparison::html(&c, None, &o).into_bytes(),
    };
    say!("{}", String::from_utf8_lossy(&shown));
    match &args.out {
        None => EXIT_OK,
        Some(dir) => write(
            vec![
                (dir.join("comparison.md"), comparison::markdown(&c, &o).into_bytes()),
                (dir.join("comparison.csv"), comparison::csv(&c, &o)),
                (dir.join("comparison.json"), comparison::json(&c, None, &o)),
                (dir.join("report.html"), comparison::html(&c, None, &o).into_bytes()),
            ],
            dir,
            &inputs,
        ),
    }
}

/// Run `sweep`.
pub fn sweep(args: SweepArgs) -> i32 {
    let mut params = Vec::new();
    for p in &args.params {
        match sweep::parse_param(p) {
            Ok(p) => params.push(p),
            Err(e) => {
                tell!("error: --param {e}\n  hint: parameters that can be swept: {}", sweep::KEYS.join(", "));
                return EXIT_BAD_INPUT;
            }
        }
    }
    if params.len() > 2 {
        tell!("error: at most two --param (a grid)\n  hint: sweep the others in separate runs");
        return EXIT_BAD_INPUT;
    }
    let (mut candidates, inputs) = match load(std::slice::from_ref(&args.scenario)) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let base = candidates.remove(0);
    let total: u64 = params.iter().map(|p| p.values.len() as u64).product();
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(total)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let tick = || bar.inc(1);
    let s = match sweep::sweep(&base.name, &base.world, &base.policy, &params, &tick) {
        Ok(s) => s,
        Err(e) => {
            tell!("error: {e}");
            return EXIT_INTERNAL;
        }
    };
    bar.finish_and_clear();
    let o = Options { lang: args.lang.into(), redact: args.redact };
    say!("{}", comparison::sweep_table(&s, &o, false));
    let Some(dir) = &args.out else { return EXIT_OK };
    // The report's comparison part shows the scenario at its own parameters.
    let c = match compare::compare(std::slice::from_ref(&base)) {
        Ok(c) => c,
        Err(e) => {
            tell!("error: {e}");
            return EXIT_INTERNAL;
        }
    };
    let md = format!("# {}\n\n{}", s.scenario, comparison::sweep_table(&s, &o, true));
    write(
        vec![
            (dir.join("sweep.md"), md.into_bytes()),
            (dir.join("sweep.csv"), comparison::sweep_csv(&s)),
            (dir.join("sweep.json"), comparison::json(&c, Some(&s), &o)),
            (dir.join("report.html"), comparison::html(&c, Some(&s), &o).into_bytes()),
        ],
        dir,
        &inputs,
    )
}
