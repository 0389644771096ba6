//! `courtier generate`: write a synthetic model of any size shaped like `models/cti-2025` with its reference
//! scenario, or convert one problem of an OR-Library GAP file into a model with its scenario, for benchmarks.

use super::output::{sayln, tell};
use super::{report_diagnostics, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK};
use courtier::generate::{self, gap, Generated, Params, DEFAULT_OFFERS_PER_NEED, MAX_NEEDS};
use courtier::io::{codes, Diagnostic};
use std::path::{Path, PathBuf};

/// Arguments of `generate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Number of needs of a synthetic model (1 to 1,000,000).
    #[arg(long, value_name = "N", required_unless_present = "gap", conflicts_with = "gap")]
    needs: Option<u64>,
    /// Seed of the synthetic model (the same arguments always write the same bytes); with --gap, the scenario's
    /// tie-break seed.
    #[arg(long, value_name = "S", default_value_t = 0)]
    seed: u64,
    /// Mean number of eligible estimates per need (2 to 100, default 5.4; the catalogue grows above 8).
    #[arg(long, value_name = "K", conflicts_with = "gap")]
    offers_per_need: Option<f64>,
    /// Also write the model's migration files (migrations.csv, precedences.csv, period_capacities.csv) and a
    /// plan.toml scenario for `courtier plan` over T months from 2027-01 (1 to 520).
    #[arg(long, value_name = "T", conflicts_with = "gap")]
    periods: Option<u32>,
    /// Convert an OR-Library generalised assignment problem file (gap1.txt … gapd.txt, or a one-problem file)
    /// instead: each job becomes a need, each agent a supplier with one offer and a capacity; writes gap.toml.
    #[arg(long, value_name = "FILE")]
    gap: Option<PathBuf>,
    /// Which problem of the GAP file, from 1 (may be left out when the file holds one problem).
    #[arg(long, value_name = "K", requires = "gap")]
    problem: Option<usize>,
    /// Folder to write the model and its scenario into (created if needed; files of the same names are replaced).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

/// Write the generated files into `dir`, all or none.
fn write(dir: &Path, generated: Generated) -> i32 {
    let files: Vec<(PathBuf, Vec<u8>)> =
        generated.files.into_iter().map(|(name, bytes)| (dir.join(name), bytes)).collect();
    if let Err(e) = std::fs::create_dir_all(dir).and_then(|_| courtier::io::write_all_atomic(&files)) {
        tell!("error: could not write the model to {}: {e}", dir.display());
        return EXIT_INTERNAL;
    }
    for (path, bytes) in &files {
        tell!("wrote {} ({} bytes)", path.display(), bytes.len());
    }
    EXIT_OK
}

/// Run `generate`.
pub fn run(args: Args) -> i32 {
    match (&args.gap, args.needs) {
        (Some(file), _) => run_gap(file, args.problem, args.seed, &args.out),
        (None, Some(needs)) => run_synthetic(needs, &args),
        // clap requires one of them
        (None, None) => EXIT_BAD_INPUT,
    }
}

/// Convert one problem of a GAP file.
fn run_gap(file: &Path, problem: Option<usize>, seed: u64, out: &Path) -> i32 {
    let text = match std::fs::read(file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                let d = Diagnostic::new(codes::UNREADABLE_FILE, file, "the file is not text (UTF-8)")
                    .hint("a GAP file holds whole numbers separated by spaces and line breaks");
                return report_diagnostics(&[d]);
            }
        },
        Err(e) => {
            let code =
                if e.kind() == std::io::ErrorKind::NotFound { codes::MISSING_FILE } else { codes::UNREADABLE_FILE };
            let d = Diagnostic::new(code, file, format!("cannot read the GAP file: {e}"))
                .hint("give the path of an OR-Library GAP file, e.g. gap1.txt");
            return report_diagnostics(&[d]);
        }
    };
    let parsed = match gap::parse(&text, file) {
        Ok(g) => g,
        Err(d) => return report_diagnostics(&[*d]),
    };
    let k = match problem {
        Some(k) => k,
        None if parsed.problems.len() == 1 => 1,
        None => {
            let d = Diagnostic::new(
                gap::codes::BAD_SIZE,
                file,
                format!("the file holds {} problems: say which one to convert", parsed.problems.len()),
            )
            .field("--problem")
            .expected(format!("--problem K with K from 1 to {}", parsed.problems.len()))
            .hint("problems are numbered from 1 in file order");
            return report_diagnostics(&[d]);
        }
    };
    let p = match gap::select(&parsed, k, file) {
        Ok(p) => p,
        Err(d) => return report_diagnostics(&[*d]),
    };
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = gap::problem_name(&stem, parsed.layout, k, p);
    let file_name = file.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let generated = gap::to_model(p, &name, &format!("{file_name} problem {k}"), seed);
    sayln!("GAP {name}: {} agents, {} jobs, {} estimates, all eligible.", p.agents, p.jobs, p.agents * p.jobs);
    let code = write(out, generated);
    if code == EXIT_OK {
        sayln!("Solve it with: courtier solve {}", out.join("gap.toml").display());
    }
    code
}

/// Generate a synthetic model.
fn run_synthetic(needs: u64, args: &Args) -> i32 {
    let offers_per_need = args.offers_per_need.unwrap_or(DEFAULT_OFFERS_PER_NEED);
    let params = Params { needs, seed: args.seed, offers_per_need, periods: args.periods };
    let generated = match generate::synthetic(&params) {
        Ok(g) => g,
        Err(e) => {
            tell!(
                "error: {e}\n  expected: --needs from 1 to {MAX_NEEDS}, --offers-per-need from {} to {}, at most \
                 {} estimates in all (needs × offers per need), --periods from 1 to {}\n  hint: see README.md, \
                 \"Synthetic and benchmark models\"",
                generate::MIN_OFFERS_PER_NEED,
                generate::MAX_OFFERS_PER_NEED,
                generate::MAX_ESTIMATES,
                generate::MAX_PLAN_PERIODS
            );
            return EXIT_BAD_INPUT;
        }
    };
    let s = generated.stats;
    sayln!(
        "{} agencies, {} suppliers, {} offers, {} needs, {} estimates ({} eligible under the reference policy; {} \
         needs without an eligible estimate), {} capacities.",
        s.agencies,
        s.suppliers,
        s.offers,
        s.needs,
        s.estimates,
        s.eligible,
        s.unservable,
        s.capacities
    );
    if args.periods.is_some() {
        sayln!("Migration plan: {} precedences, {} capacities per period.", s.precedences, s.period_capacities);
    }
    let code = write(&args.out, generated);
    if code == EXIT_OK {
        sayln!("Solve it with: courtier solve {}", args.out.join("reference.toml").display());
        if args.periods.is_some() {
            sayln!("Plan it with: courtier plan {}", args.out.join("plan.toml").display());
        }
    }
    code
}
