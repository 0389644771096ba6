//! Reading a scenario file (TOML, `scenarios/README.md`) into a [`Policy`]. The file is first deserialised as
//! written into [`RawScenario`] (every key optional, unknown keys refused), then [`policy_from_raw`] applies the
//! defaults and checks every value, reporting each problem at the line and column of its key's value.

use super::diagnostic::{codes, Diagnostic};
use super::model::missing_model_dir;
use super::values;
use super::InputFile;
use crate::domain::{Category, Network};
use crate::domain::{
    EligibilityRules, Objective, Policy, QuebecAccess, QuebecCredit, SolverSettings, Spread, Weights,
    ART48_MAX_TERM_MONTHS,
};
use crate::whatif::{AddedEstimate, AddedNeed, NeedFilter, PriceFilter, WhatIf};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use toml::Spanned;

/// A scenario: a policy to apply to a model.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The scenario file, as given.
    pub path: PathBuf,
    /// The file stem, e.g. `baseline` for `scenarios/baseline.toml`.
    pub name: String,
    /// The one-sentence description.
    pub description: String,
    /// The model folder, resolved relative to the scenario file's folder.
    pub model_dir: PathBuf,
    /// The policy.
    pub policy: Policy,
    /// The scenario file's hash.
    pub file: InputFile,
    /// The files it extends, nearest first, with their hashes.
    pub bases: Vec<InputFile>,
    /// Changes to the model (`[whatif]`), in the order they apply.
    pub whatifs: Vec<WhatIf>,
}

/// The scenario file as written. Every key is optional here so that files can be layered before defaults apply;
/// [`policy_from_raw`] applies the defaults and the rules.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScenario {
    pub extends: Option<Spanned<String>>,
    pub whatif: Option<RawWhatIf>,
    pub model: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub objective: Option<RawObjective>,
    pub eligibility: Option<RawEligibility>,
    pub spread: Option<Spanned<RawSpread>>,
    pub quebec: Option<Spanned<RawQuebec>>,
    pub capacity: Option<RawCapacity>,
    pub tiebreak: Option<RawTiebreak>,
    pub solver: Option<RawSolver>,
}

/// `[whatif]`: changes to the model.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWhatIf {
    pub remove_suppliers: Option<Vec<String>>,
    pub scale_prices: Option<Vec<RawScale>>,
    pub capacities: Option<Vec<RawCapacityChange>>,
    pub drop_needs: Option<RawNeedFilter>,
    pub add_needs: Option<Vec<RawAddNeed>>,
}

/// `[[whatif.add_needs]]`: a new need and its estimates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAddNeed {
    pub id: String,
    pub agency: String,
    pub title: String,
    pub category: String,
    #[serde(default)]
    pub personal_info: bool,
    #[serde(default)]
    pub certifications: Vec<String>,
    pub term_months: u32,
    #[serde(default)]
    pub estimates: Vec<RawAddEstimate>,
}

/// An estimate of an added need; `price` is a string such as "125000.00" (exact cents).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAddEstimate {
    pub offer: String,
    pub price: String,
    pub region: String,
    #[serde(default)]
    pub migration_days: Option<DecimalInput>,
}

/// `[[whatif.scale_prices]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScale {
    pub factor: DecimalInput,
    pub provider: Option<String>,
    pub reseller: Option<String>,
    pub category: Option<String>,
}

/// `[[whatif.capacities]]`: `limit = "none"` lifts the limit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCapacityChange {
    pub supplier: String,
    pub unit: String,
    pub limit: DecimalInput,
}

/// `[whatif.drop_needs]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNeedFilter {
    #[serde(default)]
    pub needs: Vec<String>,
    #[serde(default)]
    pub agencies: Vec<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub networks: Vec<String>,
}

/// `[objective]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawObjective {
    pub basis: Option<Spanned<String>>,
    pub ado_authorized: Option<Spanned<bool>>,
    pub weights: Option<Spanned<RawWeights>>,
}

/// `[objective.weights]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWeights {
    pub price: Option<Spanned<DecimalInput>>,
    pub compatibility: Option<Spanned<DecimalInput>>,
    pub accessibility: Option<Spanned<DecimalInput>>,
    pub performance: Option<Spanned<DecimalInput>>,
    pub support: Option<Spanned<DecimalInput>>,
}

/// `[eligibility]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEligibility {
    pub max_term_months: Option<Spanned<i64>>,
    pub equivalent_regions: Option<Vec<Spanned<String>>>,
}

/// `[spread]` (P2).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSpread {
    pub enabled: Option<bool>,
    pub max_provider_share: Option<Spanned<DecimalInput>>,
    pub max_reseller_share: Option<Spanned<DecimalInput>>,
    pub min_providers: Option<Spanned<i64>>,
    pub max_provider_share_per_agency: Option<Spanned<DecimalInput>>,
    pub per_agency_min_needs: Option<Spanned<i64>>,
}

/// `[quebec]` (P3).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuebec {
    pub enabled: Option<bool>,
    pub min_share: Option<Spanned<DecimalInput>>,
    pub credit: Option<Spanned<String>>,
}

/// `[capacity]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCapacity {
    pub enabled: Option<bool>,
}

/// `[tiebreak]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTiebreak {
    pub seed: Option<Spanned<i64>>,
}

/// `[solver]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSolver {
    pub time_limit_seconds: Option<Spanned<f64>>,
    pub mip_rel_gap: Option<Spanned<f64>>,
    pub threads: Option<Spanned<i64>>,
    pub random_seed: Option<Spanned<i64>>,
    pub node_limit: Option<Spanned<i64>>,
}

/// A decimal as written in TOML: a float, an integer or a string. Floats are converted through their shortest
/// decimal representation (`0.4` is exactly 0.4), never through binary arithmetic.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DecimalInput {
    Float(f64),
    Integer(i64),
    Text(String),
}

impl<'de> Deserialize<'de> for DecimalInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DecimalInput;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a decimal number such as 0.4, or a string such as \"0.4\"")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<DecimalInput, E> {
                Ok(DecimalInput::Float(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DecimalInput, E> {
                Ok(DecimalInput::Integer(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DecimalInput, E> {
                i64::try_from(v).map(DecimalInput::Integer).map_err(|_| E::custom("number too large"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DecimalInput, E> {
                Ok(DecimalInput::Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl DecimalInput {
    fn to_decimal(&self) -> Result<Decimal, String> {
        match self {
            DecimalInput::Float(f) if !f.is_finite() => Err(format!("`{f}` is not a finite number")),
            DecimalInput::Float(f) => Decimal::from_str(&f.to_string()).map_err(|_| format!("`{f}` is too large")),
            DecimalInput::Integer(i) => Ok(Decimal::from(*i)),
            DecimalInput::Text(s) => values::parse_decimal(s).map_err(|p| p.message),
        }
    }
}

/// The scenario file's text, to turn byte offsets into lines and columns.
pub(crate) struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl Source<'_> {
    /// 1-based line and character column of a byte offset.
    pub fn locate(&self, offset: usize) -> (u64, u64) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line = before.matches('\n').count() as u64 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() as u64 + 1;
        (line, column)
    }

    /// A diagnostic at a span of the file (or about the whole file), about `key` unless it is empty.
    pub fn diag(
        &self,
        code: &'static str,
        span: Option<Range<usize>>,
        key: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let d = Diagnostic::new(code, self.path, message);
        let d = if key.is_empty() { d } else { d.field(key) };
        match span {
            Some(span) => {
                let (line, column) = self.locate(span.start);
                d.at(line, Some(column))
            }
            None => d,
        }
    }

    /// The key on the line where `offset` is (text before `=`), for errors that do not name their key.
    fn key_at(&self, offset: usize) -> Option<String> {
        let (line, _) = self.locate(offset);
        let text = self.text.lines().nth(line as usize - 1)?;
        let (key, _) = text.split_once('=')?;
        Some(key.trim().trim_matches('"').to_string()).filter(|k| !k.is_empty())
    }
}

/// The model folder a scenario names, and where it names it.
pub(crate) struct ModelRef {
    pub dir: PathBuf,
    scenario: PathBuf,
    at: Option<(u64, u64)>,
}

impl ModelRef {
    /// The diagnostic for a model folder that does not exist, placed at the scenario's `model` key.
    pub fn missing_dir(&self) -> Diagnostic {
        let from_dir = missing_model_dir(&self.dir);
        let d = Diagnostic { file: self.scenario.clone(), field: Some("model".into()), ..from_dir };
        let d = match self.at {
            Some((line, column)) => d.at(line, Some(column)),
            None => d,
        };
        d.hint("`model` is a path relative to the scenario file's folder, e.g. \"../models/cti-2025\"")
    }
}

/// A scenario read as far as possible: the result, and the model folder it names if that could be read.
pub(crate) struct Parse {
    pub result: Result<Scenario, Vec<Diagnostic>>,
    pub model: Option<ModelRef>,
}

/// Read and check a scenario file. Only the scenario is checked, not the model it names (see [`super::load`]).
pub fn load_scenario(path: &Path) -> Result<Scenario, Vec<Diagnostic>> {
    parse(path).result
}

/// Read a scenario file, and find its model folder even when the rest of the file is wrong.
pub(crate) fn parse(path: &Path) -> Parse {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Parse { result: Err(vec![unreadable(path, &e)]), model: None },
    };
    let file = InputFile::of(path, &bytes);
    let Ok(text) = std::str::from_utf8(&bytes) else {
        let d = Diagnostic::new(codes::UNREADABLE_FILE, path, "the scenario file is not valid UTF-8")
            .hint("save the file as UTF-8");
        return Parse { result: Err(vec![d]), model: None };
    };
    let src = Source { path, text };
    let raw = match toml::from_str::<RawScenario>(text) {
        Ok(raw) => raw,
        Err(e) => return Parse { result: Err(vec![toml_error(&src, &e)]), model: model_ref(&src) },
    };
    if raw.extends.is_none() {
        let model = model_ref(&src);
        return Parse { result: scenario_from_raw(&raw, &src, file, vec![]), model };
    }
    extended(path, text, file)
}

/// A scenario that extends others: the chain's TOML tables are merged (the extending file's keys override its
/// base's, tables merge key by key, arrays are replaced), then checked as one. Each file was already checked on
/// its own for syntax, unknown keys and types, with its own lines; problems in the merged values are located in
/// the file that wrote the value.
fn extended(path: &Path, text: &str, file: InputFile) -> Parse {
    let mut chain: Vec<(PathBuf, String, InputFile)> = vec![(path.to_path_buf(), text.to_string(), file)];
    let mut diags = Vec::new();
    loop {
        let (cur_path, cur_text, _) = chain.last().expect("chain starts with the file");
        let src = Source { path: cur_path, text: cur_text };
        let raw = match toml::from_str::<RawScenario>(cur_text) {
            Ok(r) => r,
            Err(e) => {
                diags.push(toml_error(&src, &e));
                break;
            }
        };
        let Some(ext) = raw.extends else { break };
        let base = cur_path.parent().unwrap_or(Path::new("")).join(ext.get_ref());
        let at = |msg: String| src.diag(codes::BAD_EXTENDS, span_of(&ext), "extends", msg);
        if chain.iter().any(|(p, _, _)| same_file(p, &base)) {
            let names: Vec<String> = chain.iter().map(|(p, _, _)| p.display().to_string()).collect();
            diags.push(
                at(format!("`extends` loops: {} → {}", names.join(" → "), base.display()))
                    .hint("a scenario cannot extend itself, directly or through others"),
            );
            break;
        }
        match std::fs::read(&base) {
            Ok(bytes) => match String::from_utf8(bytes.clone()) {
                Ok(t) => chain.push((base.clone(), t, InputFile::of(&base, &bytes))),
                Err(_) => {
                    diags.push(at(format!("{} is not valid UTF-8", base.display())));
                    break;
                }
            },
            Err(e) => {
                diags.push(
                    at(format!("cannot read the base scenario {}: {e}", base.display()))
                        .hint("`extends` is a path relative to this file's folder, e.g. \"reference.toml\""),
                );
                break;
            }
        }
    }
    if !diags.is_empty() {
        return Parse { result: Err(diags), model: None };
    }
    // Merge from the farthest base to the file itself; `model` is re-expressed relative to the file's folder.
    let here = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut merged = toml::Table::new();
    for (p, t, _) in chain.iter().rev() {
        let Ok(mut table) = toml::from_str::<toml::Table>(t) else { continue };
        table.remove("extends");
        if let Some(toml::Value::String(m)) = table.get("model").cloned() {
            let dir = p.parent().unwrap_or(Path::new(""));
            if dir != here {
                let joined = dir.join(&m);
                let abs = joined.canonicalize().unwrap_or(joined);
                table.insert("model".into(), toml::Value::String(abs.to_string_lossy().into_owned()));
            }
        }
        merge(&mut merged, table);
    }
    let merged_text = toml::to_string(&merged).unwrap_or_default();
    let src = Source { path, text: &merged_text };
    let model = model_ref(&src).map(|m| ModelRef { at: None, ..m });
    let (file, bases) = {
        let mut files: Vec<InputFile> = chain.into_iter().map(|(_, _, f)| f).collect();
        let first = files.remove(0);
        (first, files)
    };
    let result = toml::from_str::<RawScenario>(&merged_text)
        .map_err(|e| vec![toml_error(&src, &e)])
        .and_then(|raw| scenario_from_raw(&raw, &src, file, bases.clone()))
        .map_err(|ds| relocate(ds, path, &bases));
    Parse { result, model }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
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

/// Diagnostics about merged values, placed in the file (of the chain, nearest first) that writes the key.
fn relocate(diags: Vec<Diagnostic>, path: &Path, bases: &[InputFile]) -> Vec<Diagnostic> {
    let files: Vec<&Path> = std::iter::once(path).chain(bases.iter().map(|b| b.path.as_path())).collect();
    diags
        .into_iter()
        .map(|d| {
            let Some(field) = d.field.clone() else { return Diagnostic { line: None, column: None, ..d } };
            for f in &files {
                if let Some((line, column)) = std::fs::read_to_string(f).ok().and_then(|t| find_key(&t, &field)) {
                    return Diagnostic { file: f.to_path_buf(), line: Some(line), column: Some(column), ..d };
                }
            }
            Diagnostic { line: None, column: None, ..d }
        })
        .collect()
}

/// Line and column of the value of a dotted key (`spread.max_provider_share`) in a TOML text.
fn find_key(text: &str, field: &str) -> Option<(u64, u64)> {
    let (table, key) = match field.rsplit_once('.') {
        Some((t, k)) => (t, k),
        None => ("", field),
    };
    let mut current = String::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            current = t.trim_matches(|c| c == '[' || c == ']').trim().to_string();
            continue;
        }
        if let Some((k, _)) = t.split_once('=') {
            if current == table && k.trim() == key {
                let col = line.find('=').map_or(1, |c| c + 2 + line[c + 1..].len() - line[c + 1..].trim_start().len());
                return Some((i as u64 + 1, col as u64));
            }
        }
    }
    None
}

fn unreadable(path: &Path, e: &std::io::Error) -> Diagnostic {
    if e.kind() == std::io::ErrorKind::NotFound {
        Diagnostic::new(codes::MISSING_FILE, path, "scenario file not found")
    } else {
        Diagnostic::new(codes::UNREADABLE_FILE, path, format!("cannot read the scenario file: {e}"))
    }
}

/// The `model` key alone, read leniently so that a scenario with other problems still leads to its model.
fn model_ref(src: &Source) -> Option<ModelRef> {
    #[derive(Deserialize)]
    struct ModelOnly {
        model: Option<Spanned<String>>,
    }
    let model = toml::from_str::<ModelOnly>(src.text).ok()?.model?;
    if model.get_ref().is_empty() {
        return None;
    }
    Some(ModelRef {
        dir: resolve_model_dir(src.path, model.get_ref()),
        scenario: src.path.to_path_buf(),
        at: Some(src.locate(model.span().start)),
    })
}

fn resolve_model_dir(scenario: &Path, model: &str) -> PathBuf {
    scenario.parent().unwrap_or(Path::new("")).join(model)
}

/// Turn a TOML or deserialisation error (syntax, unknown key, wrong type) into a diagnostic.
fn toml_error(src: &Source, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim();
    let span = e.span();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, allowed) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed = allowed.trim_start_matches(", expected ").trim_start_matches("expected ");
        let d = src.diag(codes::UNKNOWN_KEY, span, key, format!("unknown key `{key}`"));
        let d = if allowed.is_empty() { d } else { d.expected(allowed.to_string()) };
        return d.hint("remove the key or correct its spelling (keys are case-sensitive)");
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let key = span.as_ref().and_then(|s| src.key_at(s.start)).unwrap_or_default();
        return src.diag(codes::WRONG_TYPE, span, &key, plain_type_names(message));
    }
    src.diag(codes::TOML_SYNTAX, span, "", message.replace('\n', "; "))
        .hint("see scenarios/README.md for the scenario format")
}

/// Serde's type names in words a planner knows.
fn plain_type_names(message: &str) -> String {
    let mut out =
        message.replace("expected i64", "expected a whole number").replace("expected f64", "expected a number");
    out = out.replace("expected a sequence", "expected an array such as [\"ca-on\"]");
    if let Some(i) = out.find("expected struct Raw") {
        out.replace_range(i.., "expected a table");
    }
    out
}

/// Build the scenario: required keys, model path, and the policy.
fn scenario_from_raw(
    raw: &RawScenario,
    src: &Source,
    file: InputFile,
    bases: Vec<InputFile>,
) -> Result<Scenario, Vec<Diagnostic>> {
    let mut c = Checker { src, diags: Vec::new() };
    let model = c.required_text("model", &raw.model, "a path to the model folder, e.g. \"../models/cti-2025\"");
    let description = c.required_text("description", &raw.description, "one sentence saying what this policy is");
    let policy = policy_from_raw(raw, &mut c);
    let whatifs = raw.whatif.as_ref().map(|w| whatifs(w, &mut c)).unwrap_or_default();
    if !c.diags.is_empty() {
        return Err(c.diags);
    }
    let path = src.path.to_path_buf();
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let model_dir = resolve_model_dir(src.path, &model.unwrap_or_default());
    Ok(Scenario { path, name, description: description.unwrap_or_default(), model_dir, policy, file, bases, whatifs })
}

/// `[whatif]` as changes, in the documented order: removals, price scalings, capacities, dropped needs.
fn whatifs(w: &RawWhatIf, c: &mut Checker) -> Vec<WhatIf> {
    // Tables of tables carry no span through serde here: the key's line is found in the text instead.
    let span = c.src.text.find("[whatif").or_else(|| c.src.text.find("whatif")).map(|i| i..i + 1);
    let mut out = Vec::new();
    let bad = |c: &mut Checker, key: &str, msg: String, expected: &str| {
        let d = c.diag(codes::BAD_WHATIF, span.clone(), key, msg).expected(expected);
        c.push(d.hint("see scenarios/README.md, section What-ifs"));
    };
    for s in w.remove_suppliers.iter().flatten() {
        out.push(WhatIf::RemoveSupplier { supplier: s.clone() });
    }
    for s in w.scale_prices.iter().flatten() {
        let factor = match s.factor.to_decimal() {
            Ok(f) if f > Decimal::ZERO => f,
            Ok(f) => {
                bad(c, "whatif.scale_prices.factor", format!("factor {f} is not positive"), "a factor > 0, e.g. 1.10");
                continue;
            }
            Err(m) => {
                bad(c, "whatif.scale_prices.factor", m, "a factor > 0, e.g. 1.10");
                continue;
            }
        };
        let category = match s.category.as_deref().map(parse_category) {
            Some(Err(m)) => {
                bad(c, "whatif.scale_prices.category", m, "IaaS, PaaS or SaaS");
                continue;
            }
            Some(Ok(cat)) => Some(cat),
            None => None,
        };
        let filter = PriceFilter { provider: s.provider.clone(), reseller: s.reseller.clone(), category };
        out.push(WhatIf::ScalePrices { factor, filter });
    }
    for k in w.capacities.iter().flatten() {
        let limit = match &k.limit {
            DecimalInput::Text(t) if t == "none" => None,
            other => match other.to_decimal() {
                Ok(l) if l >= Decimal::ZERO => Some(l),
                Ok(l) => {
                    bad(c, "whatif.capacities.limit", format!("limit {l} is negative"), "a limit ≥ 0, or \"none\"");
                    continue;
                }
                Err(m) => {
                    bad(c, "whatif.capacities.limit", m, "a limit ≥ 0, or \"none\"");
                    continue;
                }
            },
        };
        out.push(WhatIf::SetCapacity { supplier: k.supplier.clone(), unit: k.unit.clone(), limit });
    }
    if let Some(f) = &w.drop_needs {
        let mut categories = Vec::new();
        for x in &f.categories {
            match parse_category(x) {
                Ok(cat) => categories.push(cat),
                Err(m) => bad(c, "whatif.drop_needs.categories", m, "IaaS, PaaS or SaaS"),
            }
        }
        let mut networks = Vec::new();
        for x in &f.networks {
            match x.as_str() {
                "ministry" => networks.push(Network::Ministry),
                "agency" => networks.push(Network::Agency),
                "rsss" => networks.push(Network::Rsss),
                "rees" => networks.push(Network::Rees),
                other => bad(
                    c,
                    "whatif.drop_needs.networks",
                    format!("unknown network `{other}`"),
                    "ministry, agency, rsss or rees",
                ),
            }
        }
        let filter = NeedFilter { needs: f.needs.clone(), agencies: f.agencies.clone(), categories, networks };
        out.push(WhatIf::DropNeeds { filter });
    }
    for a in w.add_needs.iter().flatten() {
        let category = match parse_category(&a.category) {
            Ok(cat) => cat,
            Err(m) => {
                bad(c, "whatif.add_needs.category", m, "IaaS, PaaS or SaaS");
                continue;
            }
        };
        let mut estimates = Vec::new();
        for e in &a.estimates {
            let price = match super::values::parse_money(&e.price).map_err(|p| p.message) {
                Ok(p) if p > Decimal::ZERO => p,
                Ok(p) => {
                    bad(c, "whatif.add_needs.estimates.price", format!("price {p} is not positive"), "an amount > 0");
                    continue;
                }
                Err(m) => {
                    bad(
                        c,
                        "whatif.add_needs.estimates.price",
                        m,
                        "an amount in CAD with at most 2 decimals, e.g. \"125000.00\"",
                    );
                    continue;
                }
            };
            let mut consumption = std::collections::BTreeMap::new();
            if let Some(days) = &e.migration_days {
                match days.to_decimal() {
                    Ok(d) if d >= Decimal::ZERO => {
                        consumption.insert("migration_days".to_string(), d);
                    }
                    _ => bad(c, "whatif.add_needs.estimates.migration_days", "not a number ≥ 0".into(), "a number ≥ 0"),
                }
            }
            estimates.push(AddedEstimate { offer: e.offer.clone(), price, region: e.region.clone(), consumption });
        }
        let need = AddedNeed {
            id: a.id.clone(),
            agency: a.agency.clone(),
            title: a.title.clone(),
            category,
            personal_info: a.personal_info,
            certifications: a.certifications.iter().cloned().collect(),
            term_months: a.term_months,
        };
        out.push(WhatIf::AddNeed { need, estimates });
    }
    out
}

fn parse_category(s: &str) -> Result<Category, String> {
    match s {
        "IaaS" => Ok(Category::IaaS),
        "PaaS" => Ok(Category::PaaS),
        "SaaS" => Ok(Category::SaaS),
        other => Err(format!("unknown category `{other}`")),
    }
}

/// Collects the problems found while converting the raw scenario.
pub(crate) struct Checker<'a> {
    src: &'a Source<'a>,
    diags: Vec<Diagnostic>,
}

fn span_of<T>(v: &Spanned<T>) -> Option<Range<usize>> {
    Some(v.span())
}

impl Checker<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn diag(
        &self,
        code: &'static str,
        span: Option<Range<usize>>,
        key: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.src.diag(code, span, key, message)
    }

    fn required_text(&mut self, key: &str, value: &Option<Spanned<String>>, expected: &str) -> Option<String> {
        match value {
            Some(v) if !v.get_ref().trim().is_empty() => Some(v.get_ref().clone()),
            Some(v) => {
                let d = self.diag(codes::MISSING_KEY, span_of(v), key, format!("`{key}` is empty"));
                self.push(d.expected(expected));
                None
            }
            None => {
                let d = self.diag(codes::MISSING_KEY, None, key, format!("the required key `{key}` is missing"));
                self.push(d.expected(expected).hint(format!("add `{key} = ...` at the top of the file")));
                None
            }
        }
    }

    /// A decimal value, converted exactly.
    fn decimal(&mut self, key: &str, value: &Spanned<DecimalInput>) -> Option<Decimal> {
        match value.get_ref().to_decimal() {
            Ok(d) => Some(d),
            Err(message) => {
                let d = self.diag(codes::BAD_TOML_DECIMAL, span_of(value), key, message);
                self.push(d.expected("a decimal number such as 0.4"));
                None
            }
        }
    }

    /// A share or weight: a decimal in [0, 1].
    fn fraction(&mut self, key: &str, value: &Option<Spanned<DecimalInput>>) -> Option<Decimal> {
        let value = value.as_ref()?;
        let d = self.decimal(key, value)?;
        if d < Decimal::ZERO || d > Decimal::ONE {
            let diag = self.diag(codes::OUT_OF_RANGE, span_of(value), key, format!("`{key}` = {d} is outside [0, 1]"));
            let diag = diag.expected("a fraction from 0 to 1, e.g. 0.4 for 40%");
            let percent = d > Decimal::ONE && d <= Decimal::ONE_HUNDRED;
            let hint = format!("shares are fractions: write {} for {d}%", (d / Decimal::ONE_HUNDRED).normalize());
            self.push(if percent { diag.hint(hint) } else { diag });
            return None;
        }
        Some(d)
    }

    /// An integer within `range`.
    fn integer(
        &mut self,
        key: &str,
        value: &Spanned<i64>,
        range: std::ops::RangeInclusive<i64>,
        expected: &str,
    ) -> Option<i64> {
        let v = *value.get_ref();
        if range.contains(&v) {
            return Some(v);
        }
        let d = self.diag(codes::OUT_OF_RANGE, span_of(value), key, format!("`{key}` = {v} is out of range"));
        self.push(d.expected(expected));
        None
    }

    /// A word from a fixed list.
    fn word<T: Copy>(&mut self, key: &str, value: &Spanned<String>, choices: &[(&str, T)]) -> Option<T> {
        match values::parse_word(value.get_ref(), choices, key) {
            Ok(v) => Some(v),
            Err(p) => {
                let d = self.diag(codes::BAD_TOML_ENUM, span_of(value), key, p.message).maybe_hint(p.hint);
                self.push(match p.expected {
                    Some(e) => d.expected(e),
                    None => d,
                });
                None
            }
        }
    }
}

/// Turn the scenario as written into a policy: apply the defaults and check every value. This is the one place
/// where TOML keys meet [`Policy`] fields.
pub(crate) fn policy_from_raw(raw: &RawScenario, c: &mut Checker) -> Policy {
    let defaults = Policy::default();
    let (objective, ado_authorized) = objective(raw.objective.as_ref(), c);
    Policy {
        objective,
        ado_authorized,
        eligibility: eligibility(raw.eligibility.as_ref(), c),
        spread: spread(raw.spread.as_ref(), c),
        quebec: quebec(raw.quebec.as_ref(), c),
        capacity: raw.capacity.as_ref().and_then(|t| t.enabled).unwrap_or(defaults.capacity),
        tiebreak_seed: tiebreak_seed(raw.tiebreak.as_ref(), c),
        solver: solver(raw.solver.as_ref(), c),
    }
}

const BASES: &[(&str, bool)] = &[("price", false), ("weighted", true)];

/// `[objective]`: the basis, the head's authorisation (art. 48 RCTI) and the weights.
fn objective(raw: Option<&RawObjective>, c: &mut Checker) -> (Objective, bool) {
    let raw = raw.cloned().unwrap_or_default();
    let ado = raw.ado_authorized.as_ref().is_some_and(|a| *a.get_ref());
    let basis_span = raw.basis.as_ref().map(|b| b.span());
    // None when the basis is misspelt: it is reported, and whether weights belong cannot be judged.
    let weighted = match &raw.basis {
        Some(b) => c.word("objective.basis", b, BASES),
        None => Some(false),
    };
    if weighted == Some(true) && !ado {
        weighted_without_ado(basis_span.clone(), c);
    }
    let objective = match (&raw.weights, weighted) {
        (Some(w), Some(true)) => Objective::Weighted(weights(w, c)),
        (None, Some(true)) => {
            let d =
                c.diag(codes::WEIGHTS_VS_BASIS, basis_span, "objective.weights", "the weighted basis needs weights");
            c.push(d.expected(
                "an [objective.weights] table with price, compatibility, accessibility, performance and support \
                 summing to 1",
            ));
            Objective::Price
        }
        (Some(w), Some(false)) => {
            let message = "weights are given but the basis is `price`";
            let d = c.diag(codes::WEIGHTS_VS_BASIS, span_of(w), "objective.weights", message);
            c.push(d.hint("remove [objective.weights], or set `basis = \"weighted\"` in [objective]"));
            Objective::Price
        }
        (Some(w), None) => {
            weights(w, c);
            Objective::Price
        }
        (None, _) => Objective::Price,
    };
    (objective, ado)
}

/// Art. 48 RCTI: criteria other than price need the head of the organisation's authorisation.
fn weighted_without_ado(basis_span: Option<Range<usize>>, c: &mut Checker) {
    let d = c.diag(
        codes::WEIGHTED_WITHOUT_ADO,
        basis_span,
        "objective.basis",
        "the weighted basis (art. 48 2° RCTI) is chosen but `ado_authorized` is not true",
    );
    c.push(d.expected("`ado_authorized = true` in [objective]").hint(
        "art. 48 RCTI allows criteria other than the lowest price only with the authorisation of the head of the \
         public organisation: set `ado_authorized = true` once it is given, or use `basis = \"price\"`",
    ));
}

/// `[objective.weights]`: five fractions summing to 1.
fn weights(raw: &Spanned<RawWeights>, c: &mut Checker) -> Weights {
    let w = raw.get_ref();
    let entries = [
        ("price", &w.price),
        ("compatibility", &w.compatibility),
        ("accessibility", &w.accessibility),
        ("performance", &w.performance),
        ("support", &w.support),
    ];
    let mut got = [Decimal::ZERO; 5];
    let mut complete = true;
    for (i, (name, value)) in entries.iter().enumerate() {
        let key = format!("objective.weights.{name}");
        if value.is_none() {
            let d = c.diag(codes::MISSING_KEY, span_of(raw), &key, format!("the weight `{name}` is missing"));
            c.push(d.expected(
                "all five weights: price, compatibility, accessibility, performance, support (0 is allowed)",
            ));
            complete = false;
        }
        match c.fraction(&key, value) {
            Some(v) => got[i] = v,
            None => complete = false,
        }
    }
    let sum: Decimal = got.iter().sum();
    if complete && sum != Decimal::ONE {
        let d = c.diag(
            codes::WEIGHTS_SUM,
            span_of(raw),
            "objective.weights",
            format!("the weights sum to {}, not 1", sum.normalize()),
        );
        c.push(d.expected("weights that sum to exactly 1, e.g. 0.6, 0.1, 0.1, 0.1, 0.1"));
    }
    let [price, compatibility, accessibility, performance, support] = got;
    Weights { price, compatibility, accessibility, performance, support }
}

/// `[eligibility]` (P0): the longest term (art. 48 RCTI) and the regions equivalent to Quebec.
fn eligibility(raw: Option<&RawEligibility>, c: &mut Checker) -> EligibilityRules {
    let mut rules = EligibilityRules { max_term_months: ART48_MAX_TERM_MONTHS, equivalent_regions: BTreeSet::new() };
    let Some(raw) = raw else { return rules };
    if let Some(m) = &raw.max_term_months {
        let v = *m.get_ref();
        if (1..=i64::from(ART48_MAX_TERM_MONTHS)).contains(&v) {
            rules.max_term_months = v as u32;
        } else {
            let d = c.diag(
                codes::TERM_OVER_LIMIT,
                span_of(m),
                "eligibility.max_term_months",
                format!(
                    "max_term_months = {v} is outside 1..=36: art. 48 RCTI limits a contract to 3 years (36 months) \
                     including renewals"
                ),
            );
            c.push(d.expected("a whole number of months from 1 to 36"));
        }
    }
    for region in raw.equivalent_regions.iter().flatten() {
        match values::check_id(region.get_ref()) {
            Ok(()) => {
                rules.equivalent_regions.insert(region.get_ref().clone());
            }
            Err(p) => {
                let d = c.diag(codes::BAD_TOML_CODE, span_of(region), "eligibility.equivalent_regions", p.message);
                c.push(d.expected("region codes such as \"ca-on\""));
            }
        }
    }
    rules
}

/// `[spread]` (P2): on when the table is present unless `enabled = false`.
fn spread(raw: Option<&Spanned<RawSpread>>, c: &mut Checker) -> Option<Spread> {
    let raw = raw?.get_ref();
    let spread = Spread {
        max_provider_share: c.fraction("spread.max_provider_share", &raw.max_provider_share),
        max_reseller_share: c.fraction("spread.max_reseller_share", &raw.max_reseller_share),
        min_providers: raw
            .min_providers
            .as_ref()
            .and_then(|v| c.integer("spread.min_providers", v, 1..=i64::from(u32::MAX), "a whole number, at least 1"))
            .map(|v| v as u32),
        max_provider_share_per_agency: c
            .fraction("spread.max_provider_share_per_agency", &raw.max_provider_share_per_agency),
        per_agency_min_needs: raw
            .per_agency_min_needs
            .as_ref()
            .and_then(|v| {
                c.integer("spread.per_agency_min_needs", v, 1..=i64::from(u32::MAX), "a whole number, at least 1")
            })
            .map_or(DEFAULT_PER_AGENCY_MIN_NEEDS, |v| v as u32),
    };
    (raw.enabled != Some(false)).then_some(spread)
}

/// Default of `spread.per_agency_min_needs`.
pub(crate) const DEFAULT_PER_AGENCY_MIN_NEEDS: u32 = 3;

const CREDITS: &[(&str, QuebecCredit)] =
    &[("reseller", QuebecCredit::Reseller), ("provider", QuebecCredit::Provider), ("either", QuebecCredit::Either)];

/// `[quebec]` (P3): on when the table is present unless `enabled = false`; then `min_share` is required.
fn quebec(raw: Option<&Spanned<RawQuebec>>, c: &mut Checker) -> Option<QuebecAccess> {
    let table = raw?;
    let raw = table.get_ref();
    let enabled = raw.enabled != Some(false);
    let credit = raw.credit.as_ref().and_then(|v| c.word("quebec.credit", v, CREDITS)).unwrap_or(QuebecCredit::Either);
    let min_share = c.fraction("quebec.min_share", &raw.min_share);
    if enabled && raw.min_share.is_none() {
        let d = c.diag(
            codes::MISSING_KEY,
            span_of(table),
            "quebec.min_share",
            "[quebec] is enabled but `min_share` is missing",
        );
        c.push(
            d.expected("a fraction from 0 to 1, e.g. `min_share = 0.20`")
                .hint("add `min_share`, or set `enabled = false`"),
        );
    }
    enabled.then_some(QuebecAccess { min_share: min_share.unwrap_or_default(), credit })
}

/// `[tiebreak] seed`: a non-negative integer, default 0.
fn tiebreak_seed(raw: Option<&RawTiebreak>, c: &mut Checker) -> u64 {
    let Some(seed) = raw.and_then(|t| t.seed.as_ref()) else { return 0 };
    c.integer("tiebreak.seed", seed, 0..=i64::MAX, "a whole number, at least 0").map_or(0, |v| v as u64)
}

/// `[solver]`: HiGHS settings.
fn solver(raw: Option<&RawSolver>, c: &mut Checker) -> SolverSettings {
    let mut s = SolverSettings::default();
    let Some(raw) = raw else { return s };
    if let Some(t) = &raw.time_limit_seconds {
        let v = *t.get_ref();
        if v.is_finite() && v > 0.0 {
            s.time_limit_seconds = v;
        } else {
            let d = c.diag(
                codes::OUT_OF_RANGE,
                span_of(t),
                "solver.time_limit_seconds",
                format!("time_limit_seconds = {v} is not positive"),
            );
            c.push(d.expected("a number of seconds greater than 0, e.g. 60"));
        }
    }
    if let Some(g) = &raw.mip_rel_gap {
        let v = *g.get_ref();
        if (0.0..1.0).contains(&v) {
            s.mip_rel_gap = v;
        } else {
            let d = c.diag(
                codes::OUT_OF_RANGE,
                span_of(g),
                "solver.mip_rel_gap",
                format!("mip_rel_gap = {v} is outside [0, 1)"),
            );
            c.push(d.expected("a relative gap at least 0 and below 1, e.g. 0 (prove optimality) or 0.01"));
        }
    }
    if let Some(t) = &raw.threads {
        s.threads = c
            .integer("solver.threads", t, 1..=i64::from(u32::MAX), "a whole number, at least 1")
            .map_or(s.threads, |v| v as u32);
    }
    if let Some(r) = &raw.random_seed {
        s.random_seed = c
            .integer("solver.random_seed", r, 0..=i64::from(i32::MAX), "a whole number from 0 to 2147483647")
            .map_or(s.random_seed, |v| v as i32);
    }
    if let Some(n) = &raw.node_limit {
        s.node_limit = c
            .integer("solver.node_limit", n, 1..=i64::from(i32::MAX), "a whole number of nodes from 1 to 2147483647")
            .map(|v| v as u64);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::testutil::{render, single, tiny_dir};

    const HEAD: &str = "model = \".\"\ndescription = \"A test policy.\"\n";
    const WEIGHTS: &str = "[objective.weights]\nprice = 0.6\ncompatibility = 0.1\naccessibility = 0.1\n\
                           performance = 0.1\nsupport = 0.1\n";

    fn load_text(text: &str) -> Result<Scenario, Vec<Diagnostic>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test.toml");
        std::fs::write(&path, text).unwrap();
        load_scenario(&path)
    }

    fn policy(body: &str) -> Policy {
        load_text(&format!("{HEAD}{body}")).unwrap_or_else(|d| panic!("{}", render(&d))).policy
    }

    fn errors(body: &str) -> Vec<Diagnostic> {
        load_text(&format!("{HEAD}{body}")).expect_err("the scenario should be refused")
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn the_tiny_scenario_loads() {
        let path = tiny_dir().join("scenario.toml");
        let s = load_scenario(&path).unwrap_or_else(|d| panic!("{}", render(&d)));
        assert_eq!(s.name, "scenario");
        assert_eq!(s.model_dir, tiny_dir().join("."));
        assert_eq!(s.file.path, path);
        assert_eq!(s.file.sha256.len(), 64);
        let p = s.policy;
        assert_eq!(p.objective, Objective::Price);
        assert_eq!(p.spread.unwrap().max_provider_share, Some(dec("0.75")));
        assert_eq!(p.quebec, Some(QuebecAccess { min_share: dec("0.20"), credit: QuebecCredit::Either }));
        assert_eq!(p.tiebreak_seed, 20251);
        assert_eq!(p.solver.time_limit_seconds, 30.0);
    }

    #[test]
    fn a_minimal_scenario_gets_the_defaults() {
        assert_eq!(policy(""), Policy::default());
    }

    #[test]
    fn the_model_is_resolved_from_the_scenario_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("scenarios")).unwrap();
        let path = dir.path().join("scenarios/baseline.toml");
        std::fs::write(&path, "model = \"../models/x\"\ndescription = \"d\"\n").unwrap();
        let s = load_scenario(&path).unwrap();
        assert_eq!(s.model_dir, dir.path().join("scenarios/../models/x"));
        assert_eq!((s.name.as_str(), s.description.as_str()), ("baseline", "d"));
    }

    #[test]
    fn decimals_are_read_exactly_from_floats_integers_and_strings() {
        let p = policy(
            "[spread]\nmax_provider_share = 0.4\nmax_reseller_share = \"0.35\"\nmax_provider_share_per_agency = 1\n",
        );
        let s = p.spread.unwrap();
        assert_eq!(s.max_provider_share, Some(dec("0.4")));
        assert_eq!(s.max_reseller_share, Some(dec("0.35")));
        assert_eq!(s.max_provider_share_per_agency, Some(Decimal::ONE));
        assert_eq!(s.per_agency_min_needs, DEFAULT_PER_AGENCY_MIN_NEEDS);
        let p = policy("[quebec]\nmin_share = 0.1\n");
        assert_eq!(p.quebec.unwrap().min_share.to_string(), "0.1");
    }

    #[test]
    fn a_malformed_decimal_string_is_reported() {
        let d = errors("[quebec]\nmin_share = \"20%\"\n");
        single(&d, codes::BAD_TOML_DECIMAL, "test.toml", Some(4), Some("quebec.min_share"));
    }

    #[test]
    fn tables_are_on_when_present_and_off_when_disabled_or_absent() {
        assert!(policy("[spread]\nmin_providers = 2\n").spread.is_some());
        assert!(policy("[spread]\nenabled = false\nmin_providers = 2\n").spread.is_none());
        assert!(policy("[quebec]\nenabled = false\n").quebec.is_none());
        assert!(!policy("[capacity]\nenabled = false\n").capacity);
        assert!(policy("").capacity);
    }

    #[test]
    fn an_unknown_key_is_reported_at_its_line_and_column() {
        let d = errors("\n[spread]\nenabled = true\n  max_share = 0.4\n");
        let d = single(&d, codes::UNKNOWN_KEY, "test.toml", Some(6), Some("max_share"));
        assert_eq!(d.column, Some(3));
        assert!(d.expected.as_ref().unwrap().contains("`max_provider_share`"), "{d}");
    }

    #[test]
    fn an_unknown_table_is_reported() {
        let d = errors("[what_if]\nx = 1\n");
        let d = single(&d, codes::UNKNOWN_KEY, "test.toml", Some(3), Some("what_if"));
        assert_eq!(d.column, Some(2));
    }

    #[test]
    fn a_syntax_error_is_reported() {
        let d = errors("[spread\n");
        single(&d, codes::TOML_SYNTAX, "test.toml", Some(3), None);
    }

    #[test]
    fn a_wrong_type_names_its_key() {
        let d = errors("[solver]\nthreads = \"one\"\n");
        let d = single(&d, codes::WRONG_TYPE, "test.toml", Some(4), Some("threads"));
        assert_eq!(d.column, Some(11));
        assert!(d.message.contains("expected a whole number"), "{d}");
        let d = errors("spread = 3\n");
        assert!(d[0].message.ends_with("expected a table"), "{}", d[0]);
    }

    #[test]
    fn model_and_description_are_required() {
        let d = load_text("[capacity]\nenabled = true\n").unwrap_err();
        assert_eq!(d.len(), 2, "{}", render(&d));
        assert!(d.iter().all(|d| d.code == codes::MISSING_KEY && d.line.is_none()));
        let d = load_text("model = \".\"\ndescription = \" \"\n").unwrap_err();
        single(&d, codes::MISSING_KEY, "test.toml", Some(2), Some("description"));
    }

    #[test]
    fn shares_outside_0_to_1_are_reported() {
        let d = errors("[spread]\nmax_provider_share = 40\n");
        let d = single(&d, codes::OUT_OF_RANGE, "test.toml", Some(4), Some("spread.max_provider_share"));
        assert_eq!(d.column, Some(22));
        assert!(d.hint.as_ref().unwrap().contains("write 0.4 for 40%"), "{d}");
        let d = errors("[quebec]\nmin_share = -0.1\n");
        single(&d, codes::OUT_OF_RANGE, "test.toml", Some(4), Some("quebec.min_share"));
    }

    #[test]
    fn weighted_needs_the_heads_authorisation() {
        let d = errors(&format!("[objective]\nbasis = \"weighted\"\n{WEIGHTS}"));
        let d = single(&d, codes::WEIGHTED_WITHOUT_ADO, "test.toml", Some(4), Some("objective.basis"));
        assert!(d.hint.as_ref().unwrap().contains("art. 48 RCTI"), "{d}");
    }

    #[test]
    fn weighted_with_authorisation_and_weights_summing_to_1_is_accepted() {
        let p = policy(&format!("[objective]\nbasis = \"weighted\"\nado_authorized = true\n{WEIGHTS}"));
        assert!(p.ado_authorized);
        let Objective::Weighted(w) = p.objective else { panic!("weighted expected") };
        assert_eq!((w.price, w.support), (dec("0.6"), dec("0.1")));
    }

    #[test]
    fn weights_must_sum_to_1_and_all_be_given() {
        let base = "[objective]\nbasis = \"weighted\"\nado_authorized = true\n[objective.weights]\n";
        let d = errors(&format!(
            "{base}price = 0.6\ncompatibility = 0.1\naccessibility = 0.1\nperformance = 0.1\nsupport = 0.2\n"
        ));
        let d = single(&d, codes::WEIGHTS_SUM, "test.toml", Some(6), Some("objective.weights"));
        assert!(d.message.contains("sum to 1.1"), "{d}");
        let d = errors(&format!("{base}price = 0.9\ncompatibility = 0.1\n"));
        assert_eq!(d.len(), 3, "{}", render(&d));
        assert!(d.iter().all(|d| d.code == codes::MISSING_KEY));
        let d = errors(&format!(
            "{base}price = 1.5\ncompatibility = -0.5\naccessibility = 0\nperformance = 0\nsupport = 0\n"
        ));
        assert_eq!(d.len(), 2, "{}", render(&d));
        assert!(d.iter().all(|d| d.code == codes::OUT_OF_RANGE));
    }

    #[test]
    fn weights_and_basis_must_agree() {
        let d = errors("[objective]\nbasis = \"weighted\"\nado_authorized = true\n");
        single(&d, codes::WEIGHTS_VS_BASIS, "test.toml", Some(4), Some("objective.weights"));
        let d = errors(
            "[objective.weights]\nprice = 1\ncompatibility = 0\naccessibility = 0\nperformance = 0\nsupport = 0\n",
        );
        single(&d, codes::WEIGHTS_VS_BASIS, "test.toml", Some(3), Some("objective.weights"));
    }

    #[test]
    fn an_unknown_basis_or_credit_is_reported() {
        let d = errors("[objective]\nbasis = \"Price\"\n");
        let d = single(&d, codes::BAD_TOML_ENUM, "test.toml", Some(4), Some("objective.basis"));
        assert!(d.hint.as_ref().unwrap().contains("`price`"));
        let d = errors("[quebec]\nmin_share = 0.2\ncredit = \"firm\"\n");
        single(&d, codes::BAD_TOML_ENUM, "test.toml", Some(5), Some("quebec.credit"));
    }

    #[test]
    fn a_misspelt_basis_is_reported_once() {
        let d = errors(&format!("[objective]\nbasis = \"weighed\"\n{WEIGHTS}"));
        single(&d, codes::BAD_TOML_ENUM, "test.toml", Some(4), Some("objective.basis"));
    }

    #[test]
    fn max_term_above_36_months_is_refused_citing_art_48() {
        let d = errors("[eligibility]\nmax_term_months = 48\n");
        let d = single(&d, codes::TERM_OVER_LIMIT, "test.toml", Some(4), Some("eligibility.max_term_months"));
        assert!(d.message.contains("art. 48"), "{d}");
        let d = errors("[eligibility]\nmax_term_months = 0\n");
        single(&d, codes::TERM_OVER_LIMIT, "test.toml", Some(4), Some("eligibility.max_term_months"));
        assert_eq!(policy("[eligibility]\nmax_term_months = 24\n").eligibility.max_term_months, 24);
    }

    #[test]
    fn equivalent_regions_must_be_codes() {
        let p = policy("[eligibility]\nequivalent_regions = [\"ca-on\", \"ca-central\"]\n");
        assert_eq!(p.eligibility.equivalent_regions.len(), 2);
        let d = errors("[eligibility]\nequivalent_regions = [\"ca-on\", \"ca central\"]\n");
        let d = single(&d, codes::BAD_TOML_CODE, "test.toml", Some(4), Some("eligibility.equivalent_regions"));
        assert_eq!(d.column, Some(32));
    }

    #[test]
    fn quebec_needs_a_min_share_when_enabled() {
        let d = errors("[quebec]\nenabled = true\n");
        single(&d, codes::MISSING_KEY, "test.toml", Some(3), Some("quebec.min_share"));
    }

    #[test]
    fn spread_counts_must_be_at_least_1() {
        let d = errors("[spread]\nmin_providers = 0\nper_agency_min_needs = -1\n");
        assert_eq!(d.len(), 2, "{}", render(&d));
        assert!(d.iter().all(|d| d.code == codes::OUT_OF_RANGE));
    }

    #[test]
    fn solver_settings_are_checked() {
        let d = errors("[solver]\ntime_limit_seconds = 0\nmip_rel_gap = 1.0\nthreads = 0\nrandom_seed = -1\n");
        let got: Vec<_> = d.iter().map(|d| (d.code, d.line, d.field.clone().unwrap())).collect();
        assert_eq!(
            got,
            [
                (codes::OUT_OF_RANGE, Some(4), "solver.time_limit_seconds".to_string()),
                (codes::OUT_OF_RANGE, Some(5), "solver.mip_rel_gap".to_string()),
                (codes::OUT_OF_RANGE, Some(6), "solver.threads".to_string()),
                (codes::OUT_OF_RANGE, Some(7), "solver.random_seed".to_string()),
            ]
        );
        let s = policy("[solver]\ntime_limit_seconds = 5\nmip_rel_gap = 0.01\nthreads = 4\nrandom_seed = 7\n").solver;
        assert_eq!((s.time_limit_seconds, s.mip_rel_gap, s.threads, s.random_seed), (5.0, 0.01, 4, 7));
        let d = errors("[tiebreak]\nseed = -3\n");
        single(&d, codes::OUT_OF_RANGE, "test.toml", Some(4), Some("tiebreak.seed"));
    }

    #[test]
    fn every_value_problem_is_reported() {
        let d =
            errors("[eligibility]\nmax_term_months = 60\n[spread]\nmax_provider_share = 2\n[solver]\nthreads = 0\n");
        assert_eq!(d.len(), 3, "{}", render(&d));
    }

    #[test]
    fn a_missing_scenario_file_is_reported() {
        let d = load_scenario(Path::new("/nonexistent/s.toml")).unwrap_err();
        single(&d, codes::MISSING_FILE, "s.toml", None, None);
    }

    #[test]
    fn lines_and_columns_count_characters_not_bytes() {
        let src = Source { path: Path::new("x"), text: "a = \"é\"\nbé = 1\n" };
        assert_eq!(src.locate(0), (1, 1));
        assert_eq!(src.locate(9), (2, 1));
        assert_eq!(src.locate(13), (2, 4));
        assert_eq!(src.locate(1000), (3, 1));
    }
}
