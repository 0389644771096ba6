//! `courtier merge`: combine the shards a `compare`, `sweep` or `explain --all` run with `--shard K/N` wrote into
//! exactly the outputs of a single run (same files, byte for byte, and the same terminal output); and the writing
//! of a shard file, shared by those commands.

use super::compare::{compare_view, show_comparison, show_sweep, sweep_view, Format};
use super::output::tell;
use super::{LangArg, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK};
use courtier::shard::{self, Merged, Shard};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Arguments of `merge`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The shard files (shard-K-of-N.json), every one of the run, in any order.
    #[arg(required = true, value_name = "SHARD.json")]
    shards: Vec<PathBuf>,
    /// Write the files the single run writes with --out into this folder.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Format printed on stdout (compare only; as `compare --format`, default table).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Language of the reports.
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
    /// Publication mode (compare and sweep).
    #[arg(long)]
    redact: bool,
}

/// Write `shard` as `shard-K-of-N.json` into `dir` (atomically) and say so on stderr.
pub fn write_shard(shard: &Shard, dir: &Path) -> i32 {
    let path = dir.join(shard.shard.file_name());
    let mut bytes = match serde_json::to_vec_pretty(shard) {
        Ok(b) => b,
        Err(e) => {
            tell!("error: could not encode shard {}: {e}", shard.shard);
            return EXIT_INTERNAL;
        }
    };
    bytes.push(b'\n');
    if let Err(e) = std::fs::create_dir_all(dir).and_then(|_| courtier::io::write_atomic(&path, &bytes)) {
        tell!("error: could not write {}: {e}", path.display());
        return EXIT_INTERNAL;
    }
    tell!(
        "wrote {} ({} of the {} units of this {})",
        path.display(),
        shard.units.len(),
        shard.run.units,
        shard.run.command
    );
    EXIT_OK
}

const HINT: &str = "hint: give the shard-K-of-N.json files that `courtier compare|sweep|explain --all … --shard K/N \
                    --out DIR` wrote, one for every K from 1 to N";

fn read(path: &Path) -> Result<Shard, i32> {
    let bad = |what: String| {
        tell!("error: {}: {what}\n  {HINT}", path.display());
        EXIT_BAD_INPUT
    };
    let bytes = std::fs::read(path).map_err(|e| bad(format!("cannot read the shard: {e}")))?;
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| bad(format!("not a courtier shard (not JSON: {e})")))?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(shard::FORMAT) => {}
        Some(other) => {
            return Err(bad(format!("a shard of format `{other}`; this courtier reads `{}`", shard::FORMAT)))
        }
        None => return Err(bad("not a courtier shard (no `format` field)".into())),
    }
    Shard::deserialize(value).map_err(|e| bad(format!("not a readable courtier shard: {e}")))
}

/// Run `merge`.
pub fn run(args: Args) -> i32 {
    let mut shards = Vec::new();
    for p in &args.shards {
        match read(p) {
            Ok(s) => shards.push((p.display().to_string(), s)),
            Err(code) => return code,
        }
    }
    let command = shards.first().map(|(_, s)| s.run.command);
    if args.format.is_some() && command != Some(shard::Command::Compare) {
        tell!("error: --format applies to the shards of `compare` only\n  hint: leave it out");
        return EXIT_BAD_INPUT;
    }
    if args.redact && command == Some(shard::Command::ExplainAll) {
        tell!("error: --redact does not apply to `explain --all`\n  hint: leave it out");
        return EXIT_BAD_INPUT;
    }
    let merged = match shard::merge(shards) {
        Ok(m) => m,
        Err(e) => {
            tell!("error: {e}\n  {HINT}");
            return EXIT_BAD_INPUT;
        }
    };
    match merged {
        Merged::Compare(c) => {
            let view = compare_view(args.out, args.format.unwrap_or(Format::Table), args.lang, args.redact);
            show_comparison(&c, &view, &args.shards)
        }
        Merged::Sweep { sweep, base } => {
            show_sweep(&sweep, || Ok(base), &sweep_view(args.out, args.lang, args.redact), &args.shards)
        }
        Merged::ExplainAll { scenario, explanations, audit, timing } => {
            let status = audit.status;
            let audit = |dir: &Path| super::solve::audit_file(dir, audit, timing);
            let shown = super::explain::show_all(
                &scenario,
                &explanations,
                args.lang.into(),
                args.out.as_deref(),
                audit,
                &args.shards,
            );
            match shown {
                Ok(()) => super::solve::exit_code(status),
                Err(code) => code,
            }
        }
    }
}
