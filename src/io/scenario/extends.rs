//! `extends`: a scenario built on others. The chain of files is read (each checked on its own for syntax, unknown
//! keys and types), merged from the farthest base to the file itself, and problems in merged values are placed
//! back in the file that wrote the value.

use super::policy::span_of;
use super::raw::RawScenario;
use super::whatifs::Sites;
use super::{model_ref, scenario_from_raw, toml_error, ModelRef, Parse, Source};
use crate::io::diagnostic::{codes, Diagnostic};
use crate::io::input::{read_input, InputError, MAX_SCENARIO_BYTES};
use crate::io::InputFile;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The most files a scenario may extend through its chain of `extends` (its base, the base's base, …).
pub(crate) const MAX_EXTENDS_DEPTH: usize = 32;

/// A scenario that extends others: the chain's TOML tables are merged (the extending file's keys override its
/// base's, tables merge key by key, arrays are replaced), then checked as one. Each file was already checked on
/// its own for syntax, unknown keys and types, with its own lines; problems in the merged values are located in
/// the file that wrote the value. Every step is linear in the length of the chain, which is bounded by
/// [`MAX_EXTENDS_DEPTH`].
pub(super) fn extended(path: &Path, text: &str, file: InputFile) -> Parse {
    extended_up_to(path, text, file, MAX_EXTENDS_DEPTH)
}

/// [`extended`] with a given depth limit.
fn extended_up_to(path: &Path, text: &str, file: InputFile, max_depth: usize) -> Parse {
    let mut chain: Vec<(PathBuf, String, InputFile)> = vec![(path.to_path_buf(), text.to_string(), file)];
    // The files already in the chain, by canonical path, to find a loop without comparing with each of them.
    let mut seen: HashSet<PathBuf> = path.canonicalize().into_iter().collect();
    let mut diags = Vec::new();
    loop {
        let (cur_path, cur_text, _) = chain.last().expect("chain starts with the file");
        let src = Source::new(cur_path, cur_text);
        let raw = match toml::from_str::<RawScenario>(cur_text) {
            Ok(r) => r,
            Err(e) => {
                diags.push(toml_error(&src, &e));
                break;
            }
        };
        let Some(ext) = raw.extends else { break };
        let base = cur_path.parent().unwrap_or(Path::new("")).join(ext.get_ref());
        let at = |code, msg: String| src.diag(code, span_of(&ext), "extends", msg);
        if chain.len() > max_depth {
            diags.push(
                at(
                    codes::EXTENDS_TOO_DEEP,
                    format!("the chain of `extends` from {} is deeper than {max_depth} files", path.display()),
                )
                .expected(format!("a scenario extends at most {max_depth} files, directly or through others"))
                .hint("extend a scenario nearer the top of the chain, or merge some of the files"),
            );
            break;
        }
        let canonical = base.canonicalize().ok();
        if canonical.as_ref().is_some_and(|c| seen.contains(c)) {
            let names: Vec<String> = chain.iter().map(|(p, _, _)| p.display().to_string()).collect();
            diags.push(
                at(codes::BAD_EXTENDS, format!("`extends` loops: {} → {}", names.join(" → "), base.display()))
                    .hint("a scenario cannot extend itself, directly or through others"),
            );
            break;
        }
        seen.extend(canonical);
        match read_input(&base, MAX_SCENARIO_BYTES) {
            Ok(bytes) => match std::str::from_utf8(&bytes) {
                Ok(t) => chain.push((base.clone(), t.to_string(), InputFile::of(&base, &bytes))),
                Err(_) => {
                    diags.push(at(codes::BAD_EXTENDS, format!("{} is not valid UTF-8", base.display())));
                    break;
                }
            },
            Err(e) => {
                let d = at(codes::BAD_EXTENDS, format!("cannot read the base scenario {}: {e}", base.display()));
                diags.push(match e {
                    InputError::Io(_) => {
                        d.hint("`extends` is a path relative to this file's folder, e.g. \"reference.toml\"")
                    }
                    _ => {
                        d.expected(format!("a regular TOML file of at most {} MiB", MAX_SCENARIO_BYTES / (1024 * 1024)))
                    }
                });
                break;
            }
        }
    }
    if !diags.is_empty() {
        return Parse { result: Err(diags), model: None };
    }
    // Merge from the farthest base to the file itself; the paths (`model`, `committed`) are re-expressed relative
    // to the file's folder.
    let here = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut merged = toml::Table::new();
    for (p, t, _) in chain.iter().rev() {
        let Ok(mut table) = toml::from_str::<toml::Table>(t) else { continue };
        table.remove("extends");
        for key in ["model", "committed"] {
            if let Some(toml::Value::String(m)) = table.get(key).cloned() {
                let dir = p.parent().unwrap_or(Path::new(""));
                if dir != here {
                    let joined = dir.join(&m);
                    let abs = joined.canonicalize().unwrap_or(joined);
                    table.insert(key.into(), toml::Value::String(abs.to_string_lossy().into_owned()));
                }
            }
        }
        merge(&mut merged, table);
    }
    let merged_text = toml::to_string(&merged).unwrap_or_default();
    let src = Source::new(path, &merged_text);
    let model = model_ref(&src).map(|m| ModelRef { at: None, ..m });
    let texts: Vec<(PathBuf, String)> = chain.iter().map(|(p, t, _)| (p.clone(), t.clone())).collect();
    let sites = Sites::new(&texts);
    let (file, bases) = {
        let mut files: Vec<InputFile> = chain.into_iter().map(|(_, _, f)| f).collect();
        let first = files.remove(0);
        (first, files)
    };
    let result = toml::from_str::<RawScenario>(&merged_text)
        .map_err(|e| vec![toml_error(&src, &e)])
        .and_then(|raw| scenario_from_raw(&raw, &src, &sites, file, bases))
        .map_err(|ds| relocate(ds, &texts));
    Parse { result, model }
}

/// Merge `over` into `base`: tables key by key, anything else replaced.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// Diagnostics about merged values, placed in the file (of the chain, nearest first) that writes the key. What-if
/// diagnostics are already placed (see [`Sites`]).
fn relocate(diags: Vec<Diagnostic>, chain: &[(PathBuf, String)]) -> Vec<Diagnostic> {
    let keys: Vec<(&Path, KeyPlaces)> = chain.iter().map(|(p, t)| (p.as_path(), key_places(t))).collect();
    diags
        .into_iter()
        .map(|d| {
            let Some(field) = d.field.clone() else { return Diagnostic { line: None, column: None, ..d } };
            if field.starts_with("whatif") {
                return d;
            }
            for (f, places) in &keys {
                if let Some(&(line, column)) = places.get(&field) {
                    return Diagnostic { file: f.to_path_buf(), line: Some(line), column: Some(column), ..d };
                }
            }
            Diagnostic { line: None, column: None, ..d }
        })
        .collect()
}

/// Line and column of the value of each dotted key of a file.
type KeyPlaces = HashMap<String, (u64, u64)>;

/// Line and column of the value of every dotted key (`spread.max_provider_share`) of a TOML text, first
/// occurrence, in one pass.
fn key_places(text: &str) -> KeyPlaces {
    let mut places = HashMap::new();
    let mut current = String::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            current = t.trim_matches(|c| c == '[' || c == ']').trim().to_string();
            continue;
        }
        if let Some((k, _)) = t.split_once('=') {
            let key = if current.is_empty() { k.trim().to_string() } else { format!("{current}.{}", k.trim()) };
            let col = line.find('=').map_or(1, |c| c + 2 + line[c + 1..].len() - line[c + 1..].trim_start().len());
            places.entry(key).or_insert((i as u64 + 1, col as u64));
        }
    }
    places
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading a chain of `extends` is linear in its length: 5,000 files (7.5 s for 800 and no end for 5,000
    /// when each step compared the base with every file before it) load in well under a second.
    #[test]
    fn a_long_chain_is_read_in_linear_time() {
        let dir = tempfile::tempdir().unwrap();
        let n = 5000;
        std::fs::write(dir.path().join("b0.toml"), "model = \".\"\ndescription = \"base\"\n[solver]\nthreads = 2\n")
            .unwrap();
        for i in 1..=n {
            let text = format!("extends = \"b{}.toml\"\ndescription = \"level {i}\"\n", i - 1);
            std::fs::write(dir.path().join(format!("b{i}.toml")), text).unwrap();
        }
        let path = dir.path().join(format!("b{n}.toml"));
        let text = std::fs::read_to_string(&path).unwrap();
        let file = InputFile::of(&path, text.as_bytes());
        let s = extended_up_to(&path, &text, file, usize::MAX).result.unwrap();
        assert_eq!((s.bases.len(), s.description.as_str(), s.policy.solver.threads), (n, "level 5000", 2));
    }
}
