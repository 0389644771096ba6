//! The scenario file as written: every key optional (so that files can be layered by `extends` before defaults
//! apply), unknown keys refused, decimals kept as written.

use super::super::values;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;
use std::str::FromStr;
use toml::Spanned;

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
    pub committed: Option<Spanned<String>>,
    pub plan: Option<RawPlan>,
}

/// `[plan]`: the migration calendar.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPlan {
    pub start: Option<Spanned<DateInput>>,
    pub period: Option<Spanned<String>>,
    pub periods: Option<Spanned<i64>>,
    pub frozen_until: Option<Spanned<DateInput>>,
    pub deadlines: Option<std::collections::BTreeMap<String, Spanned<DateInput>>>,
    pub agency_deadlines: Option<std::collections::BTreeMap<String, Spanned<DateInput>>>,
    pub capacity_change: Option<Vec<Spanned<RawPlanCapacityChange>>>,
}

/// `[[plan.capacity_change]]`: a supplier's or an agency's capacity per period changes from a date.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPlanCapacityChange {
    pub supplier: Option<Spanned<String>>,
    pub agency: Option<Spanned<String>>,
    pub unit: Option<Spanned<String>>,
    pub from: Option<Spanned<DateInput>>,
    pub to: Option<Spanned<DateInput>>,
    pub factor: Option<Spanned<DecimalInput>>,
    pub add: Option<Spanned<DecimalInput>>,
}

/// A date as written in TOML: a local date (`2027-01-01`) or a string (`"2027-01-01"`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub(crate) enum DateInput {
    Text(String),
    Date(toml::value::Datetime),
}

impl DateInput {
    /// The date, or what is wrong with it.
    pub(super) fn to_date(&self) -> Result<chrono::NaiveDate, String> {
        let text = match self {
            DateInput::Text(s) => s.clone(),
            DateInput::Date(d) if d.time.is_none() && d.offset.is_none() => d.to_string(),
            DateInput::Date(d) => return Err(format!("`{d}` has a time; a date has none")),
        };
        chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .ok()
            .filter(|d| d.format("%Y-%m-%d").to_string() == text)
            .ok_or_else(|| format!("`{text}` is not a date"))
    }
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

/// `[[whatif.add_needs]]`: a new need and its estimates, with the columns of `needs.csv`.
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
    pub term_months: i64,
    #[serde(default)]
    pub estimates: Vec<RawAddEstimate>,
}

/// An estimate of an added need, with the columns of `estimates.csv` (`price` is a string such as "125000.00",
/// exact cents) and, as further keys, what it consumes in each unit, as `consumption.csv` would say, e.g.
/// `migration_days = 30`. (A key that is not a column is a unit: a misspelt column is refused as a unit without
/// capacity.)
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawAddEstimate {
    pub offer: String,
    pub price: String,
    pub region: String,
    #[serde(default)]
    pub term_months: Option<i64>,
    #[serde(default)]
    pub compatibility: Option<DecimalInput>,
    #[serde(default)]
    pub accessibility: Option<DecimalInput>,
    #[serde(default)]
    pub performance: Option<DecimalInput>,
    #[serde(default)]
    pub support: Option<DecimalInput>,
    #[serde(flatten)]
    pub units: std::collections::BTreeMap<String, DecimalInput>,
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
    /// The value as text, for the validators the CSV readers use: integers and strings as written, floats in their
    /// shortest decimal form.
    pub(super) fn text(&self) -> String {
        match self {
            DecimalInput::Float(f) => f.to_string(),
            DecimalInput::Integer(i) => i.to_string(),
            DecimalInput::Text(s) => s.clone(),
        }
    }

    pub(super) fn to_decimal(&self) -> Result<Decimal, String> {
        match self {
            DecimalInput::Float(f) if !f.is_finite() => Err(format!("`{f}` is not a finite number")),
            DecimalInput::Float(f) => Decimal::from_str(&f.to_string()).map_err(|_| format!("`{f}` is too large")),
            DecimalInput::Integer(i) => Ok(Decimal::from(*i)),
            DecimalInput::Text(s) => values::parse_decimal(s).map_err(|p| p.message),
        }
    }
}
