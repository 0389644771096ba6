//! Sweeps: one or two numeric policy parameters over a range (`quebec.min_share=0..0.5:0.05`), every point solved
//! in parallel, and the frontier: cost against the parameter, where the allocation changes, where it becomes
//! infeasible.

use crate::domain::{Policy, QuebecAccess, QuebecCredit, Spread, World};
use crate::solve::{self, Status};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// The parameters a sweep can vary.
pub const KEYS: [&str; 7] = [
    "spread.max_provider_share",
    "spread.max_reseller_share",
    "spread.min_providers",
    "spread.max_provider_share_per_agency",
    "quebec.min_share",
    "eligibility.max_term_months",
    "tiebreak.seed",
];

/// A parameter and its values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    /// Key, one of [`KEYS`].
    pub key: String,
    /// Values, ascending.
    pub values: Vec<Decimal>,
}

/// Why a `--param` is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    /// Not `key=lo..hi:step`.
    #[error("`{0}` is not of the form key=lo..hi:step (e.g. quebec.min_share=0..0.5:0.05)")]
    Syntax(String),
    /// Unknown key.
    #[error("unknown parameter `{0}`")]
    UnknownKey(String),
    /// A bound or step is not a plain decimal, the step is not positive, or the range is empty or too long.
    #[error("`{0}`: {1}")]
    Range(String, String),
}

/// Parse `key=lo..hi:step` (the step may be left out for integer keys: 1).
pub fn parse_param(s: &str) -> Result<Param, ParamError> {
    let (key, range) = s.split_once('=').ok_or_else(|| ParamError::Syntax(s.into()))?;
    let key = key.trim();
    if !KEYS.contains(&key) {
        return Err(ParamError::UnknownKey(key.into()));
    }
    let (bounds, step) = match range.split_once(':') {
        Some((b, st)) => (b, Some(st)),
        None => (range, None),
    };
    let (lo, hi) = bounds.split_once("..").ok_or_else(|| ParamError::Syntax(s.into()))?;
    let num = |x: &str| {
        let x = x.trim();
        if x.contains(['e', 'E']) {
            return Err(ParamError::Range(s.into(), format!("`{x}` uses exponent notation")));
        }
        Decimal::from_str(x).map_err(|_| ParamError::Range(s.into(), format!("`{x}` is not a number")))
    };
    let (lo, hi) = (num(lo)?, num(hi)?);
    let step = match step {
        Some(st) => num(st)?,
        None => Decimal::ONE,
    };
    if step <= Decimal::ZERO {
        return Err(ParamError::Range(s.into(), "the step must be positive".into()));
    }
    if hi < lo {
        return Err(ParamError::Range(s.into(), "the upper bound is below the lower bound".into()));
    }
    let count = ((hi - lo) / step).floor().to_u64().unwrap_or(u64::MAX) + 1;
    if count > 1000 {
        return Err(ParamError::Range(s.into(), format!("{count} points; at most 1000")));
    }
    let values = (0..count).map(|i| lo + step * Decimal::from(i)).collect();
    Ok(Param { key: key.into(), values })
}

/// The policy with one parameter set (switching its principle on if it was off).
pub fn apply(policy: &Policy, key: &str, value: Decimal) -> Policy {
    let mut p = policy.clone();
    let int = value.trunc().to_u64().unwrap_or(0);
    match key {
        "spread.max_provider_share" => p.spread.get_or_insert_with(Spread::default).max_provider_share = Some(value),
        "spread.max_reseller_share" => p.spread.get_or_insert_with(Spread::default).max_reseller_share = Some(value),
        "spread.min_providers" => p.spread.get_or_insert_with(Spread::default).min_providers = Some(int as u32),
        "spread.max_provider_share_per_agency" => {
            p.spread.get_or_insert_with(Spread::default).max_provider_share_per_agency = Some(value)
        }
        "quebec.min_share" => {
            let credit = p.quebec.map_or(QuebecCredit::Either, |q| q.credit);
            p.quebec = Some(QuebecAccess { min_share: value, credit });
        }
        "eligibility.max_term_months" => p.eligibility.max_term_months = int as u32,
        "tiebreak.seed" => p.tiebreak_seed = int,
        _ => {}
    }
    p
}

/// One point of a sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// The parameters' values, in the order of [`Sweep::params`].
    pub values: Vec<Decimal>,
    /// Status.
    pub status: Status,
    /// Total cost.
    pub total: Option<Decimal>,
    /// Quebec share.
    pub quebec_share: Option<Decimal>,
    /// Largest provider share.
    pub largest_provider_share: Option<Decimal>,
    /// The allocation differs from the previous point along the last parameter.
    pub changed: bool,
    /// The point became infeasible where the previous one was not.
    pub becomes_infeasible: bool,
    /// Awarded (need id, offer id), by need.
    #[serde(skip)]
    pub awards: Vec<(String, String)>,
}

/// A sweep's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    /// Scenario name.
    pub scenario: String,
    /// Parameters (one or two).
    pub params: Vec<Param>,
    /// Points, the last parameter varying fastest.
    pub points: Vec<Point>,
}

/// Every point of a sweep, the last parameter varying fastest: the order of [`Sweep::points`], and the stable
/// numbering of the points that `--shard` deals out.
pub fn grid(params: &[Param]) -> Vec<Vec<Decimal>> {
    let mut grid: Vec<Vec<Decimal>> = vec![vec![]];
    for p in params {
        grid = grid
            .into_iter()
            .flat_map(|prefix| p.values.iter().map(move |v| [prefix.clone(), vec![*v]].concat()))
            .collect();
    }
    grid
}

/// Solve one point of the grid (one HiGHS thread, safe inside rayon tasks). `changed` and `becomes_infeasible`
/// are left false: they compare neighbours, see [`mark_changes`].
pub fn solve_point(
    world: &World,
    policy: &Policy,
    params: &[Param],
    values: &[Decimal],
) -> Result<Point, solve::SolveError> {
    let mut p = policy.clone();
    for (param, v) in params.iter().zip(values) {
        p = apply(&p, &param.key, *v);
    }
    p.solver.threads = 1;
    let s = solve::solve(world, &p, None)?;
    let summary = crate::summary::summarize(world, &p, &s.eligibility, &s.outcome);
    let has = s.outcome.status.has_allocation();
    Ok(Point {
        values: values.to_vec(),
        status: s.outcome.status,
        total: has.then_some(summary.total_cost),
        quebec_share: has.then_some(summary.quebec_share),
        largest_provider_share: summary.providers.iter().map(|x| x.share).max(),
        changed: false,
        becomes_infeasible: false,
        awards: summary.awards.iter().map(|a| (a.need.clone(), a.offer.clone())).collect(),
    })
}

/// Mark, along the last parameter, the points whose allocation differs from the previous one and those that
/// become infeasible (`points` in the order of [`grid`]).
pub fn mark_changes(params: &[Param], points: &mut [Point]) {
    let inner = params.last().map_or(1, |p| p.values.len());
    for i in 1..points.len() {
        if i % inner == 0 {
            continue;
        }
        let (prev, cur) = points.split_at_mut(i);
        let (prev, cur) = (&prev[i - 1], &mut cur[0]);
        cur.changed = prev.awards != cur.awards;
        cur.becomes_infeasible = prev.status.has_allocation() && !cur.status.has_allocation();
    }
}

/// Solve every point in parallel (one HiGHS thread each); `progress` is called once per finished point.
pub fn sweep(
    scenario: &str,
    world: &World,
    policy: &Policy,
    params: &[Param],
    progress: &(dyn Fn() + Sync),
) -> Result<Sweep, solve::SolveError> {
    let mut points = crate::parallel::try_map_in_order(grid(params), |values| {
        let point = solve_point(world, policy, params, &values);
        progress();
        point
    })?;
    mark_changes(params, &mut points);
    Ok(Sweep { scenario: scenario.into(), params: params.to_vec(), points })
}
