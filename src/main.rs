//! The `courtier` command line: a thin layer over the library. Data goes to stdout, diagnostics to stderr.
//!
//! Exit codes: 0 solved (or valid), 1 internal failure, 2 bad input or usage, 3 no allocation satisfies the
//! policy (infeasible, or no need has an eligible offer; `verify`: the allocation breaks a rule), 4 the time limit
//! passed before any allocation was found.

mod cli;

use clap::Parser;

fn main() {
    let args = cli::Cli::parse();
    let code = cli::run(args);
    std::process::exit(code);
}
