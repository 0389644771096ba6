//! Command-line parsing and dispatch; one file per command.

mod check;
mod compare;
mod explain;
mod export_model;
mod files;
mod generate;
mod merge;
pub mod output;
mod plan;
mod solve;
mod template;
mod verify;
mod verify_plan;

use clap::{Parser, Subcommand, ValueEnum};
use courtier::io::Diagnostic;
use courtier::report::Lang;
use output::tell;
use std::path::PathBuf;

/// Exit code: solved, or valid.
pub const EXIT_OK: i32 = 0;
/// Exit code: internal failure (HiGHS, I/O).
pub const EXIT_INTERNAL: i32 = 1;
/// Exit code: bad input or usage.
pub const EXIT_BAD_INPUT: i32 = 2;
/// Exit code: no allocation satisfies the policy, or the allocation checked breaks a rule.
pub const EXIT_INFEASIBLE: i32 = 3;
/// Exit code: time limit reached before any allocation was found.
pub const EXIT_NO_SOLUTION: i32 = 4;

/// Decide, explain and compare how the cloud broker awards contracts.
#[derive(Parser, Debug)]
#[command(name = "courtier", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Report language.
#[derive(Copy, Clone, Debug, ValueEnum)]
pub enum LangArg {
    /// Français (Canada).
    Fr,
    /// English (Canada).
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Fr => Lang::Fr,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Solve a scenario: print a summary, optionally write allocation.csv and result.json.
    Solve(solve::Args),
    /// Plan the migrations: who takes each need and when it moves, under the decree's deadlines and capacities.
    Plan(plan::Args),
    /// Validate a scenario and its model, listing every problem.
    Check(check::Args),
    /// Explain the awards, what each principle costs, why a policy is infeasible, or a supplier's debrief.
    Explain(explain::Args),
    /// Compare scenarios side by side (solved in parallel).
    Compare(compare::CompareArgs),
    /// Sweep one or two policy parameters over a range and report the cost frontier.
    Sweep(compare::SweepArgs),
    /// Re-check an allocation (allocation.csv) against a scenario, independently of the optimiser.
    Verify(verify::Args),
    /// Write a synthetic model of any size (shaped like models/cti-2025), or an OR-Library GAP problem, as a model.
    Generate(generate::Args),
    /// Combine the shards of a `compare`, `sweep` or `explain --all` run with --shard K/N into its outputs.
    Merge(merge::Args),
    /// Write an empty model workbook ready to fill in (sheets, headers, notes, lists).
    Template(template::Args),
    /// Turn a model folder (CSV) into a workbook.
    ExportModel(export_model::ExportArgs),
    /// Turn a model workbook into a folder of CSV files.
    ImportModel(export_model::ImportArgs),
}

/// Run a command and return the exit code (after flushing stdout; see [`output`]).
pub fn run(cli: Cli) -> i32 {
    let code = match cli.command {
        Command::Solve(a) => solve::run(a),
        Command::Plan(a) => plan::run(a),
        Command::Check(a) => check::run(a),
        Command::Compare(a) => compare::compare(a),
        Command::Sweep(a) => compare::sweep(a),
        Command::Explain(a) => explain::run(a),
        Command::Verify(a) => verify::run(a),
        Command::Generate(a) => generate::run(a),
        Command::Merge(a) => merge::run(a),
        Command::Template(a) => template::run(a),
        Command::ExportModel(a) => export_model::export(a),
        Command::ImportModel(a) => export_model::import(a),
    };
    output::finish(code)
}

/// Print diagnostics to stderr and return the bad-input exit code.
pub fn report_diagnostics(diags: &[Diagnostic]) -> i32 {
    use std::fmt::Write;
    // Stderr is unbuffered: the text is assembled first and written at once, not in one system call per piece.
    let mut text = String::new();
    for d in diags {
        let _ = writeln!(text, "{d}");
    }
    let _ = write!(text, "{} problem{} found", diags.len(), if diags.len() == 1 { "" } else { "s" });
    tell!("{text}");
    EXIT_BAD_INPUT
}

/// A scenario path argument.
#[derive(clap::Args, Debug)]
pub struct ScenarioArg {
    /// Scenario file (TOML), e.g. scenarios/reference.toml.
    pub scenario: PathBuf,
}
