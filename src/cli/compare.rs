//! `courtier compare` and `courtier sweep`: policies side by side, and a parameter swept over a range.

use super::output::{say, tell};
use super::{report_diagnostics, LangArg, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK};
use courtier::compare::{self, Candidate, Comparison};
use courtier::report::comparison::{self, Options};
use courtier::report::workbook;
use courtier::shard::{self, Inputs, ShardSpec};
use courtier::solve::SolveError;
use courtier::sweep::{self, Sweep};
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
    /// Write comparison.md, comparison.csv, comparison.json, comparison.xlsx and report.html into this folder.
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
    /// Solve only the K-th of N slices of the scenarios and write shard-K-of-N.json into --out, for
    /// `courtier merge` (which takes --format, --lang and --redact).
    #[arg(long, value_name = "K/N", requires = "out", conflicts_with_all = ["format", "lang", "redact"])]
    shard: Option<ShardSpec>,
}

/// Arguments of `sweep`.
#[derive(clap::Args, Debug)]
pub struct SweepArgs {
    /// Scenario file.
    scenario: PathBuf,
    /// `key=lo..hi:step`, e.g. quebec.min_share=0..0.5:0.05; twice for a grid.
    #[arg(long = "param", required = true)]
    params: Vec<String>,
    /// Write sweep.md, sweep.csv, sweep.json, sweep.xlsx and report.html into this folder.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language of the reports.
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
    /// Publication mode.
    #[arg(long)]
    redact: bool,
    /// Solve only the K-th of N slices of the points and write shard-K-of-N.json into --out, for
    /// `courtier merge` (which takes --lang and --redact).
    #[arg(long, value_name = "K/N", requires = "out", conflicts_with_all = ["lang", "redact"])]
    shard: Option<ShardSpec>,
}

/// What `merge` renders a comparison with, as `compare` would.
pub fn compare_view(out: Option<PathBuf>, format: Format, lang: LangArg, redact: bool) -> CompareArgs {
    CompareArgs { scenarios: Vec::new(), out, format, lang, redact, shard: None }
}

/// What `merge` renders a sweep with, as `sweep` would.
pub fn sweep_view(out: Option<PathBuf>, lang: LangArg, redact: bool) -> SweepArgs {
    SweepArgs { scenario: PathBuf::new(), params: Vec::new(), out, lang, redact, shard: None }
}

/// The scenarios, the hashes of their inputs (what identifies the run of a shard), and every file they read
/// (which outputs must not overwrite).
type Loaded = (Vec<Candidate>, Vec<Inputs>, Vec<PathBuf>);

fn load_with_inputs(paths: &[PathBuf]) -> Result<Loaded, i32> {
    let mut candidates = Vec::new();
    let mut inputs = Vec::new();
    let mut read = Vec::new();
    let mut diags = Vec::new();
    for p in paths {
        match courtier::io::load(p) {
            Ok(l) => {
                inputs.push(Inputs { scenario: l.scenario.name.clone(), files: super::solve::input_hashes(&l) });
                read.extend(l.input_paths());
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
        Ok((candidates, inputs, read))
    } else {
        Err(report_diagnostics(&diags))
    }
}

fn write(files: Vec<(PathBuf, Vec<u8>)>, dir: &std::path::Path, inputs: &[PathBuf]) -> i32 {
    super::files::write_files(dir, &files, inputs, "reports")
}

/// Run `compare`.
pub fn compare(args: CompareArgs) -> i32 {
    let (candidates, inputs, read) = match load_with_inputs(&args.scenarios) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if let (Some(spec), Some(dir)) = (args.shard, &args.out) {
        let run = shard::Run::new(shard::Command::Compare, Vec::new(), inputs, candidates.len());
        return match shard::compare_units(&candidates, spec) {
            Ok(units) => super::merge::write_shard(&shard::Shard::new(run, spec, shard::Context::Compare, units), dir),
            Err(e) => {
                tell!("error: {e}");
                EXIT_INTERNAL
            }
        };
    }
    let c = match compare::compare(&candidates) {
        Ok(c) => c,
        Err(e) => {
            tell!("error: {e}");
            return EXIT_INTERNAL;
        }
    };
    show_comparison(&c, &args, &read)
}

/// Print a comparison and write its files, as `compare` does; `inputs` are files the outputs must not replace.
pub fn show_comparison(c: &Comparison, args: &CompareArgs, inputs: &[PathBuf]) -> i32 {
    let o = Options { lang: args.lang.into(), redact: args.redact };
    let shown = match args.format {
        Format::Table => comparison::terminal(c, &o).into_bytes(),
        Format::Md => comparison::markdown(c, &o).into_bytes(),
        Format::Csv => comparison::csv(c, &o),
        Format::Json => comparison::json(c, None, &o),
        Format::Html => comparison::html(c, None, &o).into_bytes(),
    };
    say!("{}", String::from_utf8_lossy(&shown));
    match &args.out {
        None => EXIT_OK,
        Some(dir) => {
            let binding: Vec<_> = c.rows.iter().map(|r| r.binding.clone()).collect();
            let book = match workbook::comparison::render(c, &binding, &o) {
                Ok(b) => b,
                Err(e) => {
                    tell!("error: could not build comparison.xlsx: {e}");
                    return EXIT_INTERNAL;
                }
            };
            write(
                vec![
                    (dir.join("comparison.md"), comparison::markdown(c, &o).into_bytes()),
                    (dir.join("comparison.csv"), comparison::csv(c, &o)),
                    (dir.join("comparison.json"), comparison::json(c, None, &o)),
                    (dir.join("comparison.xlsx"), book),
                    (dir.join("report.html"), comparison::html(c, None, &o).into_bytes()),
                ],
                dir,
                inputs,
            )
        }
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
    let (mut candidates, inputs, read) = match load_with_inputs(std::slice::from_ref(&args.scenario)) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let base = candidates.remove(0);
    let mut total: u64 = params.iter().map(|p| p.values.len() as u64).product();
    if let Some(spec) = args.shard {
        total = spec.units(shard::sweep_unit_count(&params)).len() as u64;
    }
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(total)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let tick = || bar.inc(1);
    if let (Some(spec), Some(dir)) = (args.shard, &args.out) {
        let given = args.params.iter().flat_map(|p| ["--param".to_string(), p.clone()]).collect();
        let run = shard::Run::new(shard::Command::Sweep, given, inputs, shard::sweep_unit_count(&params));
        let units = shard::sweep_units(&base, &params, spec, &tick);
        bar.finish_and_clear();
        return match units {
            Ok(units) => {
                let context = shard::Context::Sweep { scenario: base.name.clone(), params };
                super::merge::write_shard(&shard::Shard::new(run, spec, context, units), dir)
            }
            Err(e) => {
                tell!("error: {e}");
                EXIT_INTERNAL
            }
        };
    }
    // The scenario at its own parameters (for the report's comparison part, written with --out) is solved beside
    // the points, as one more task of the pool, rather than after them on one core.
    let (s, own) = rayon::join(
        || sweep::sweep(&base.name, &base.world, &base.policy, &params, &tick),
        || args.out.as_ref().map(|_| compare::compare(std::slice::from_ref(&base))),
    );
    let s = match s {
        Ok(s) => s,
        Err(e) => {
            tell!("error: {e}");
            return EXIT_INTERNAL;
        }
    };
    bar.finish_and_clear();
    show_sweep(&s, || own.unwrap_or_else(|| compare::compare(std::slice::from_ref(&base))), &args, &read)
}

/// Print a sweep and write its files, as `sweep` does; `base` gives the scenario at its own parameters, `inputs`
/// the files the outputs must not replace.
pub fn show_sweep(
    s: &Sweep,
    base: impl FnOnce() -> Result<Comparison, SolveError>,
    args: &SweepArgs,
    inputs: &[PathBuf],
) -> i32 {
    let o = Options { lang: args.lang.into(), redact: args.redact };
    say!("{}", comparison::sweep_table(s, &o, false));
    let Some(dir) = &args.out else { return EXIT_OK };
    // The report's comparison part shows the scenario at its own parameters.
    let c = match base() {
        Ok(c) => c,
        Err(e) => {
            tell!("error: {e}");
            return EXIT_INTERNAL;
        }
    };
    let binding: Vec<_> = c.rows.iter().map(|r| r.binding.clone()).collect();
    let book = match workbook::comparison::render_sweep(s, &c, &binding, &o) {
        Ok(b) => b,
        Err(e) => {
            tell!("error: could not build sweep.xlsx: {e}");
            return EXIT_INTERNAL;
        }
    };
    let md = format!("# {}\n\n{}", s.scenario, comparison::sweep_table(s, &o, true));
    write(
        vec![
            (dir.join("sweep.md"), md.into_bytes()),
            (dir.join("sweep.csv"), comparison::sweep_csv(s)),
            (dir.join("sweep.json"), comparison::json(&c, Some(s), &o)),
            (dir.join("sweep.xlsx"), book),
            (dir.join("report.html"), comparison::html(&c, Some(s), &o).into_bytes()),
        ],
        dir,
        inputs,
    )
}
