//! The policy part of a scenario: [`policy_from_raw`] applies the defaults and checks every value of the tables
//! `[objective]`, `[eligibility]`, `[spread]`, `[quebec]`, `[capacity]`, `[tiebreak]` and `[solver]`. This is the
//! one place where TOML keys meet [`Policy`] fields.

use super::raw::*;
use super::Source;
use crate::domain::{
    EligibilityRules, Objective, Policy, QuebecAccess, QuebecCredit, SolverSettings, Spread, Weights,
    ART48_MAX_TERM_MONTHS, MAX_SOLVER_THREADS,
};
use crate::io::diagnostic::{codes, Diagnostic};
use crate::io::values;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::ops::Range;
use toml::Spanned;

/// Collects the problems found while converting the raw scenario.
pub(crate) struct Checker<'a> {
    pub(super) src: &'a Source<'a>,
    pub(super) diags: Vec<Diagnostic>,
}

pub(super) fn span_of<T>(v: &Spanned<T>) -> Option<Range<usize>> {
    Some(v.span())
}

impl Checker<'_> {
    pub(super) fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub(super) fn diag(
        &self,
        code: &'static str,
        span: Option<Range<usize>>,
        key: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.src.diag(code, span, key, message)
    }

    pub(super) fn required_text(
        &mut self,
        key: &str,
        value: &Option<Spanned<String>>,
        expected: &str,
    ) -> Option<String> {
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
    pub(super) fn decimal(&mut self, key: &str, value: &Spanned<DecimalInput>) -> Option<Decimal> {
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
    pub(super) fn integer(
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
    pub(super) fn word<T: Copy>(&mut self, key: &str, value: &Spanned<String>, choices: &[(&str, T)]) -> Option<T> {
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
        // Read from the file `committed` names, once the model is loaded (see `crate::io::committed`).
        committed: Vec::new(),
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

/// What each whole-number key accepts, in words (also used when a number does not even fit in 64 bits).
const SEED_RANGE: &str = "a whole number from 0 to 9223372036854775807 (2^63 - 1)";
const RANDOM_SEED_RANGE: &str = "a whole number from 0 to 2147483647";
const THREADS_RANGE: &str = "a whole number from 1 to 64";
const COUNT_RANGE: &str = "a whole number from 1 to 4294967295";
const TERM_RANGE: &str = "a whole number of months from 1 to 36";

/// The documented range of a whole-number key, e.g. `tiebreak.seed`.
pub(super) fn integer_range(key: &str) -> Option<&'static str> {
    Some(match key {
        "tiebreak.seed" => SEED_RANGE,
        "solver.random_seed" => RANDOM_SEED_RANGE,
        "solver.threads" => THREADS_RANGE,
        "spread.min_providers" | "spread.per_agency_min_needs" => COUNT_RANGE,
        "eligibility.max_term_months" => TERM_RANGE,
        _ => return None,
    })
}

/// `[tiebreak] seed`: a non-negative integer, default 0.
fn tiebreak_seed(raw: Option<&RawTiebreak>, c: &mut Checker) -> u64 {
    let Some(seed) = raw.and_then(|t| t.seed.as_ref()) else { return 0 };
    c.integer("tiebreak.seed", seed, 0..=i64::MAX, SEED_RANGE).map_or(0, |v| v as u64)
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
            .integer("solver.threads", t, 1..=i64::from(MAX_SOLVER_THREADS), THREADS_RANGE)
            .map_or(s.threads, |v| v as u32);
    }
    if let Some(r) = &raw.random_seed {
        s.random_seed = c
            .integer("solver.random_seed", r, 0..=i64::from(i32::MAX), RANDOM_SEED_RANGE)
            .map_or(s.random_seed, |v| v as i32);
    }
    if let Some(n) = &raw.node_limit {
        s.node_limit = c
            .integer("solver.node_limit", n, 1..=i64::from(i32::MAX), "a whole number of nodes from 1 to 2147483647")
            .map(|v| v as u64);
    }
    s
}
