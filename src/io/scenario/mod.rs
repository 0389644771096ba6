//! Reading a scenario file (TOML, `scenarios/README.md`) into a [`Scenario`]. The file is first deserialised as
//! written into [`raw::RawScenario`] (every key optional, unknown keys refused; [`raw`]); a file that `extends`
//! others is merged with its bases first ([`extends`]); then [`policy::policy_from_raw`] applies the defaults and
//! checks every value, and [`whatifs`] turns `[whatif]` into changes to the model, each problem reported at the
//! line and column of its key's value.

mod extends;
mod plan;
mod policy;
mod raw;
mod whatifs;

use super::diagnostic::{codes, Diagnostic};
use super::input::{read_input, InputError, MAX_SCENARIO_BYTES};
use super::model::missing_model_dir;
use super::InputFile;
use crate::domain::Policy;
use crate::whatif::WhatIf;
pub use plan::{Located, PlanSpec};
use policy::{policy_from_raw, Checker};
use raw::RawScenario;
use serde::Deserialize;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use whatifs::{Site, Sites};

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
    /// Where each what-if is written, to report a problem found when it is applied to the model.
    pub(crate) whatif_sites: Vec<Site>,
    /// The committed awards' file (`committed`), resolved from the scenario's folder.
    pub committed: Option<Located<PathBuf>>,
    /// The migration calendar (`[plan]`), when the scenario has one.
    pub plan: Option<PlanSpec>,
}

/// The scenario file's text, to turn byte offsets into lines and columns.
pub(crate) struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    /// Byte offset of the start of each line, so that locating an offset costs a binary search, not a scan.
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Source { path, text, line_starts }
    }

    /// 1-based line and character column of a byte offset.
    pub fn locate(&self, offset: usize) -> (u64, u64) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line - 1];
        let column = self.text[line_start..offset].chars().count() as u64 + 1;
        (line as u64, column)
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

    /// The text of the line where `offset` is.
    fn line_at(&self, offset: usize) -> &str {
        let (line, _) = self.locate(offset);
        let start = self.line_starts[line as usize - 1];
        let end = self.line_starts.get(line as usize).map_or(self.text.len(), |e| e - 1);
        &self.text[start..end]
    }

    /// The key on the line where `offset` is (text before `=`), for errors that do not name their key.
    fn key_at(&self, offset: usize) -> Option<String> {
        let (key, _) = self.line_at(offset).split_once('=')?;
        Some(key.trim().trim_matches('"').to_string()).filter(|k| !k.is_empty())
    }

    /// The dotted key (`tiebreak.seed`) on the line where `offset` is: the key, under the last table header
    /// before it.
    fn dotted_key_at(&self, offset: usize) -> Option<String> {
        let key = self.key_at(offset)?;
        let (line, _) = self.locate(offset);
        let header = self.text[..self.line_starts[line as usize - 1]]
            .lines()
            .rev()
            .map(str::trim)
            .find(|l| l.starts_with('['))
            .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
        Some(match header {
            Some(h) if !h.is_empty() => format!("{h}.{key}"),
            _ => key,
        })
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
    let bytes = match read_input(path, MAX_SCENARIO_BYTES) {
        Ok(b) => b,
        Err(e) => return Parse { result: Err(vec![unreadable(path, &e)]), model: None },
    };
    let file = InputFile::of(path, &bytes);
    let Ok(text) = std::str::from_utf8(&bytes) else {
        let d = Diagnostic::new(codes::UNREADABLE_FILE, path, "the scenario file is not valid UTF-8")
            .hint("save the file as UTF-8");
        return Parse { result: Err(vec![d]), model: None };
    };
    let src = Source::new(path, text);
    let raw = match toml::from_str::<RawScenario>(text) {
        Ok(raw) => raw,
        Err(e) => return Parse { result: Err(vec![toml_error(&src, &e)]), model: model_ref(&src) },
    };
    if raw.extends.is_none() {
        let model = model_ref(&src);
        let sites = Sites::new(&[(path.to_path_buf(), text.to_string())]);
        return Parse { result: scenario_from_raw(&raw, &src, &sites, file, vec![]), model };
    }
    extends::extended(path, text, file)
}

/// A scenario file (the one given, or a base it extends) that cannot be read.
fn unreadable(path: &Path, e: &InputError) -> Diagnostic {
    match e {
        e if e.is_not_found() => Diagnostic::new(codes::MISSING_FILE, path, "scenario file not found"),
        InputError::Io(e) => {
            Diagnostic::new(codes::UNREADABLE_FILE, path, format!("cannot read the scenario file: {e}"))
        }
        e => Diagnostic::new(codes::NOT_A_REGULAR_FILE, path, format!("the scenario is not read: {e}"))
            .expected(format!("a regular TOML file of at most {} MiB", MAX_SCENARIO_BYTES / (1024 * 1024))),
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
    if message.starts_with("number too large") || message.starts_with("number too small") {
        return integer_out_of_range(src, span, message);
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let key = span.as_ref().and_then(|s| src.key_at(s.start)).unwrap_or_default();
        return src.diag(codes::WRONG_TYPE, span, &key, plain_type_names(message));
    }
    src.diag(codes::TOML_SYNTAX, span, "", message.replace('\n', "; "))
        .hint("see scenarios/README.md for the scenario format")
}

/// A whole number that does not fit in TOML's 64-bit integers: reported with its key and the key's documented
/// range, like any value out of range.
fn integer_out_of_range(src: &Source, span: Option<Range<usize>>, message: &str) -> Diagnostic {
    let key = span.as_ref().and_then(|s| src.dotted_key_at(s.start)).unwrap_or_default();
    let written = span
        .as_ref()
        .and_then(|s| src.line_at(s.start).split_once('='))
        .map_or(String::new(), |(_, v)| v.trim().to_string());
    let expected =
        policy::integer_range(&key).unwrap_or("a whole number from -9223372036854775808 to 9223372036854775807");
    let what = if message.starts_with("number too small") { "too small" } else { "too large" };
    let shown = if key.is_empty() { "the number".to_string() } else { format!("`{key}`") };
    src.diag(codes::OUT_OF_RANGE, span, &key, format!("{shown} = {written} is {what}")).expected(expected)
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

/// Build the scenario: required keys, model path, the policy and the what-ifs.
fn scenario_from_raw(
    raw: &RawScenario,
    src: &Source,
    sites: &Sites,
    file: InputFile,
    bases: Vec<InputFile>,
) -> Result<Scenario, Vec<Diagnostic>> {
    let mut c = Checker { src, diags: Vec::new() };
    let model = c.required_text("model", &raw.model, "a path to the model folder, e.g. \"../models/cti-2025\"");
    let description = c.required_text("description", &raw.description, "one sentence saying what this policy is");
    let policy = policy_from_raw(raw, &mut c);
    let located = raw.whatif.as_ref().map(|w| whatifs::whatifs(w, sites, &mut c)).unwrap_or_default();
    let committed = plan::committed(&mut c, &raw.committed);
    let plan = plan::plan(&mut c, &raw.plan);
    if !c.diags.is_empty() {
        return Err(c.diags);
    }
    let path = src.path.to_path_buf();
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let model_dir = resolve_model_dir(src.path, &model.unwrap_or_default());
    let (whatifs, whatif_sites) = located.into_iter().unzip();
    Ok(Scenario {
        path,
        name,
        description: description.unwrap_or_default(),
        model_dir,
        policy,
        file,
        bases,
        whatifs,
        whatif_sites,
        committed,
        plan,
    })
}

#[cfg(test)]
mod tests {
    use super::policy::DEFAULT_PER_AGENCY_MIN_NEEDS;
    use super::*;
    use crate::domain::{Objective, QuebecAccess, QuebecCredit};
    use crate::io::testutil::{render, single, tiny_dir};
    use rust_decimal::Decimal;
    use std::str::FromStr;

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
        let src = Source::new(Path::new("x"), "a = \"é\"\nbé = 1\n");
        assert_eq!(src.locate(0), (1, 1));
        assert_eq!(src.locate(9), (2, 1));
        assert_eq!(src.locate(13), (2, 4));
        assert_eq!(src.locate(1000), (3, 1));
    }
}
