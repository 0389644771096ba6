//! Beyond one machine: `compare`, `sweep` and `explain --all` are made of independent solves (units), so a run
//! can be cut into `n` shards, each solved anywhere, and merged back into exactly the result of a single run.
//!
//! - The units of a run, in a stable order: for `compare`, one per scenario in the order given (the scenario and
//!   its price-only baseline); for `sweep`, one per point of the grid in the order of [`sweep::grid`], then the
//!   scenario at its own parameters (the report's comparison part); for `explain --all`, one per need in the
//!   model's order, then the principles' costs, the binding rows and the diagnosis.
//! - Shard `k/n` takes the units whose index `i` has `i mod n = k − 1`: the split depends on nothing but the
//!   inputs, never on the machine, the thread count or the clock.
//! - A [`Shard`] carries what identifies its run ([`Run`]: the command, the arguments that change the result,
//!   courtier's version, the SHA-256 of every input) and its units' results, which serialise losslessly (money as
//!   decimal strings). [`merge`] refuses shards of different runs, a missing or duplicated shard, or mismatched
//!   `n`, and otherwise returns the data a single run computes, for the same renderers.
//!
//! Pure data: the command line reads and writes the files.

use crate::compare::{self, Candidate, Comparison, Row};
use crate::domain::{Policy, World};
use crate::explain::audit::{Audit, InputHash, Timing};
use crate::explain::award::{Depth, NeedExplanation};
use crate::explain::cost::{self, Binding, PriceOfFairness};
use crate::explain::diagnose::{self, Diagnosis};
use crate::explain::{self, Explanations};
use crate::solve::{SolveError, Solved};
use crate::sweep::{self, Param, Point, Sweep};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// The largest number of shards a run may be cut into.
pub const MAX_SHARDS: u32 = 1000;

/// The `format` of a shard file; a shard of another format is refused.
pub const FORMAT: &str = "courtier-shard/1";

/// Shard `k` of `n` (1 ≤ k ≤ n ≤ [`MAX_SHARDS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ShardSpec {
    /// This shard, from 1.
    pub k: u32,
    /// How many shards.
    pub n: u32,
}

/// Why a `--shard k/n` is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    /// Not two whole numbers separated by `/`.
    #[error("`{0}` is not of the form k/n (e.g. 2/8: the second of eight shards)")]
    Syntax(String),
    /// `k` or `n` out of range.
    #[error("`{0}`: {1}")]
    Range(String, String),
}

impl FromStr for ShardSpec {
    type Err = SpecError;

    fn from_str(s: &str) -> Result<Self, SpecError> {
        let (k, n) = s.split_once('/').ok_or_else(|| SpecError::Syntax(s.into()))?;
        let whole = |x: &str| {
            let x = x.trim();
            if x.is_empty() || !x.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SpecError::Syntax(s.into()));
            }
            // More digits than u32 holds is out of range, not a syntax error.
            Ok(x.parse::<u32>().unwrap_or(u32::MAX))
        };
        let (k, n) = (whole(k)?, whole(n)?);
        if n == 0 || n > MAX_SHARDS {
            return Err(SpecError::Range(s.into(), format!("n must be between 1 and {MAX_SHARDS}")));
        }
        if k == 0 || k > n {
            return Err(SpecError::Range(s.into(), format!("k must be between 1 and n ({n})")));
        }
        Ok(ShardSpec { k, n })
    }
}

impl fmt::Display for ShardSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

impl ShardSpec {
    /// This shard solves unit `i`.
    pub fn owns(self, i: usize) -> bool {
        i % self.n as usize == (self.k - 1) as usize
    }

    /// The units this shard solves, out of `count`, ascending.
    pub fn units(self, count: usize) -> Vec<usize> {
        (0..count).filter(|&i| self.owns(i)).collect()
    }

    /// The file a shard is written to: `shard-K-of-N.json`.
    pub fn file_name(self) -> String {
        format!("shard-{}-of-{}.json", self.k, self.n)
    }
}

/// The command a shard belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    /// `courtier compare`.
    Compare,
    /// `courtier sweep`.
    Sweep,
    /// `courtier explain --all`.
    ExplainAll,
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Command::Compare => "compare",
            Command::Sweep => "sweep",
            Command::ExplainAll => "explain --all",
        })
    }
}

/// One scenario's inputs, identified by content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    /// The scenario's name.
    pub scenario: String,
    /// Every file read for it (scenario, bases, model), as in the audit record.
    pub files: Vec<InputHash>,
}

/// What identifies a run: every shard of one run carries the same.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// The command.
    pub command: Command,
    /// The arguments that change the result (e.g. `--param …`, `--swap-only`), as given; rendering options
    /// (`--format`, `--lang`, `--redact`) are given to `merge` instead.
    pub args: Vec<String>,
    /// courtier's version.
    pub courtier_version: String,
    /// The scenarios' inputs, in the order given.
    pub inputs: Vec<Inputs>,
    /// How many units the run has.
    pub units: usize,
}

impl Run {
    /// A run of this version of courtier.
    pub fn new(command: Command, args: Vec<String>, inputs: Vec<Inputs>, units: usize) -> Run {
        Run { command, args, courtier_version: env!("CARGO_PKG_VERSION").to_string(), inputs, units }
    }
}

/// What every shard of a run computes alike and the merge needs besides the units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Context {
    /// `compare`: the rows are the units.
    Compare,
    /// `sweep`.
    Sweep {
        /// Scenario name.
        scenario: String,
        /// The parameters swept.
        params: Vec<Param>,
    },
    /// `explain --all`: every shard solves the scenario itself, then explains its part of it.
    ExplainAll {
        /// Scenario name.
        scenario: String,
        /// The audit record of that solve.
        audit: Audit,
        /// Its allocation, (need id, offer id) by need: the shards must have explained the same allocation.
        awards: Vec<(String, String)>,
    },
}

/// The result of one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitResult {
    /// A scenario's line of a comparison (`compare`, and the scenario itself in a `sweep`).
    Row(Box<Row>),
    /// A point of a sweep, with its allocation (to mark where it changes).
    Point {
        /// The point.
        point: Point,
        /// Its awards, (need id, offer id) by need.
        awards: Vec<(String, String)>,
    },
    /// A need's explanation.
    Need(Box<NeedExplanation>),
    /// What each principle costs.
    Costs(PriceOfFairness),
    /// The binding rows.
    Binding(Vec<Binding>),
    /// The diagnosis.
    Diagnosis(Diagnosis),
}

/// One unit and its result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// Its index in the run's stable order.
    pub index: usize,
    /// Its result.
    pub result: UnitResult,
}

/// The partial result of one shard: `shard-K-of-N.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shard {
    /// Always [`FORMAT`].
    pub format: String,
    /// The run it belongs to.
    pub run: Run,
    /// Which shard.
    pub shard: ShardSpec,
    /// What every shard computes alike.
    pub context: Context,
    /// The units this shard solved, ascending.
    pub units: Vec<Unit>,
    /// Wall time of this shard (`explain --all` only: its `audit.json` reports it). Not compared.
    pub timing: Option<Timing>,
}

impl Shard {
    /// A shard of `run`.
    pub fn new(run: Run, shard: ShardSpec, context: Context, units: Vec<Unit>) -> Shard {
        Shard { format: FORMAT.into(), run, shard, context, units, timing: None }
    }
}

/// The number of units of a `compare` of `scenarios` scenarios.
pub fn compare_unit_count(scenarios: usize) -> usize {
    scenarios
}

/// Solve this shard's part of a `compare`: each owned scenario and its baseline, in parallel.
pub fn compare_units(candidates: &[Candidate], spec: ShardSpec) -> Result<Vec<Unit>, SolveError> {
    crate::parallel::try_map_in_order(spec.units(compare_unit_count(candidates.len())), |i| {
        Ok(Unit { index: i, result: UnitResult::Row(Box::new(compare::row(&candidates[i])?)) })
    })
}

/// The number of units of a sweep: its points, then the scenario at its own parameters.
pub fn sweep_unit_count(params: &[Param]) -> usize {
    params.iter().map(|p| p.values.len()).product::<usize>() + 1
}

/// Solve this shard's part of a sweep of `base`, in parallel; `progress` is called once per finished unit.
pub fn sweep_units(
    base: &Candidate,
    params: &[Param],
    spec: ShardSpec,
    progress: &(dyn Fn() + Sync),
) -> Result<Vec<Unit>, SolveError> {
    let grid = sweep::grid(params);
    crate::parallel::try_map_in_order(spec.units(sweep_unit_count(params)), |i| {
        let result = match grid.get(i) {
            Some(values) => {
                let mut point = sweep::solve_point(&base.world, &base.policy, params, values)?;
                let awards = std::mem::take(&mut point.awards);
                UnitResult::Point { point, awards }
            }
            None => UnitResult::Row(Box::new(compare::row(base)?)),
        };
        progress();
        Ok(Unit { index: i, result })
    })
}

/// The number of units of `explain --all`: one per need, then the costs, the binding rows and the diagnosis.
pub fn explain_unit_count(world: &World) -> usize {
    world.needs.len() + 3
}

/// Explain this shard's part of a solved scenario, in parallel, exactly as [`explain::explain_all`] does.
pub fn explain_units(world: &World, policy: &Policy, solved: &Solved, depth: Depth, spec: ShardSpec) -> Vec<Unit> {
    let needs = world.needs.len();
    spec.units(explain_unit_count(world))
        .into_par_iter()
        .map(|i| {
            let result = match i.checked_sub(needs) {
                None => UnitResult::Need(Box::new(explain::explain_one(world, policy, solved, i, depth))),
                Some(0) => UnitResult::Costs(cost::price_of_fairness_after(world, policy, solved)),
                Some(1) => UnitResult::Binding(cost::binding_rows(world, policy, solved)),
                Some(_) => UnitResult::Diagnosis(diagnose::diagnose_after(world, policy, solved.outcome.status)),
            };
            Unit { index: i, result }
        })
        .collect()
}

/// The data a single run computes, rebuilt from its shards.
#[derive(Debug, Clone, PartialEq)]
pub enum Merged {
    /// A `compare`.
    Compare(Comparison),
    /// A `sweep`.
    Sweep {
        /// The sweep.
        sweep: Sweep,
        /// The scenario at its own parameters.
        base: Comparison,
    },
    /// An `explain --all`.
    ExplainAll {
        /// Scenario name.
        scenario: String,
        /// The explanations.
        explanations: Box<Explanations>,
        /// The audit record of the scenario's solve.
        audit: Audit,
        /// The main solve's time as shard 1 measured it, and the sum of every shard's wall time.
        timing: Timing,
    },
}

/// Why shards cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// Nothing to merge.
    #[error("no shard given")]
    NoShards,
    /// Not a shard of this format.
    #[error("`{label}` is a shard of format `{found}`; this courtier reads `{FORMAT}`")]
    Format {
        /// The shard.
        label: String,
        /// Its format.
        found: String,
    },
    /// From another run.
    #[error("`{label}` is not from the same run as `{first}`: {what}")]
    DifferentRun {
        /// The shard.
        label: String,
        /// The first shard.
        first: String,
        /// What differs.
        what: String,
    },
    /// A `k/n` that cannot be (k = 0, k > n, n = 0 or n above [`MAX_SHARDS`]).
    #[error("`{label}` calls itself shard {spec}, which cannot be (1 ≤ k ≤ n ≤ {MAX_SHARDS})")]
    BadSpec {
        /// The shard.
        label: String,
        /// Its k/n.
        spec: ShardSpec,
    },
    /// Cut in a different number of shards.
    #[error("`{label}` is shard {spec} but `{first}` is shard {first_spec}: the shards were cut differently")]
    DifferentN {
        /// The shard.
        label: String,
        /// Its k/n.
        spec: ShardSpec,
        /// The first shard.
        first: String,
        /// Its k/n.
        first_spec: ShardSpec,
    },
    /// The same shard twice.
    #[error("shard {spec} is given twice: `{a}` and `{b}`")]
    Duplicate {
        /// Which.
        spec: ShardSpec,
        /// One file.
        a: String,
        /// The other.
        b: String,
    },
    /// Shards missing.
    #[error("{} {} of {n} {} missing", if missing.len() == 1 { "shard" } else { "shards" }, list(missing), if missing.len() == 1 { "is" } else { "are" })]
    Missing {
        /// The missing k.
        missing: Vec<u32>,
        /// How many shards.
        n: u32,
    },
    /// The units do not match the shard's k/n.
    #[error("`{label}` does not hold the units of shard {spec} (the file was changed after it was written)")]
    WrongUnits {
        /// The shard.
        label: String,
        /// Its k/n.
        spec: ShardSpec,
    },
    /// The shards computed the shared part differently.
    #[error("`{label}` and `{first}` solved the scenario differently (status, figures or allocation): {why}")]
    Inconsistent {
        /// The shard.
        label: String,
        /// The first shard.
        first: String,
        /// Why it happens.
        why: String,
    },
}

fn list(ks: &[u32]) -> String {
    let shown: Vec<String> = ks.iter().take(10).map(u32::to_string).collect();
    let more = if ks.len() > 10 { format!(" and {} more", ks.len() - 10) } else { String::new() };
    format!("{}{more}", shown.join(", "))
}

fn short(sha: &str) -> &str {
    &sha[..sha.len().min(12)]
}

/// What differs between two runs, in words (None: the same run).
fn run_difference(a: &Run, b: &Run) -> Option<String> {
    if a.command != b.command {
        return Some(format!("it is a shard of `{}`, not of `{}`", a.command, b.command));
    }
    if a.courtier_version != b.courtier_version {
        return Some(format!("written by courtier {}, not {}", a.courtier_version, b.courtier_version));
    }
    if a.args != b.args {
        return Some(format!("its arguments are `{}`, not `{}`", a.args.join(" "), b.args.join(" ")));
    }
    let names = |r: &Run| r.inputs.iter().map(|i| i.scenario.clone()).collect::<Vec<_>>();
    if names(a) != names(b) {
        return Some(format!("its scenarios are {}, not {}", names(a).join(", "), names(b).join(", ")));
    }
    for (x, y) in a.inputs.iter().zip(&b.inputs) {
        let theirs: BTreeMap<&str, &str> = y.files.iter().map(|f| (f.path.as_str(), f.sha256.as_str())).collect();
        for f in &x.files {
            match theirs.get(f.path.as_str()) {
                Some(sha) if *sha == f.sha256 => {}
                Some(sha) => {
                    return Some(format!(
                        "input `{}` of scenario `{}` has SHA-256 {}…, not {}…",
                        f.path,
                        x.scenario,
                        short(&f.sha256),
                        short(sha)
                    ))
                }
                None => return Some(format!("scenario `{}` reads `{}` in one and not the other", x.scenario, f.path)),
            }
        }
        if x.files != y.files {
            return Some(format!("scenario `{}` reads different files", x.scenario));
        }
    }
    if a.units != b.units {
        return Some(format!("it has {} units, not {}", a.units, b.units));
    }
    // Equal field by field but for the scale of a decimal hidden somewhere: compare as written.
    (serde_json::to_value(a).ok() != serde_json::to_value(b).ok()).then(|| "its run record differs".into())
}

/// Merge the shards of one run, given in any order, each with a label (its file name) for the messages.
pub fn merge(shards: Vec<(String, Shard)>) -> Result<Merged, MergeError> {
    let Some((first, head)) = shards.first() else { return Err(MergeError::NoShards) };
    for (label, s) in &shards {
        if s.format != FORMAT {
            return Err(MergeError::Format { label: label.clone(), found: s.format.clone() });
        }
        if s.shard.to_string().parse::<ShardSpec>().ok() != Some(s.shard) {
            return Err(MergeError::BadSpec { label: label.clone(), spec: s.shard });
        }
    }
    for (label, s) in &shards[1..] {
        if let Some(what) = run_difference(&s.run, &head.run) {
            return Err(MergeError::DifferentRun { label: label.clone(), first: first.clone(), what });
        }
        if s.shard.n != head.shard.n {
            return Err(MergeError::DifferentN {
                label: label.clone(),
                spec: s.shard,
                first: first.clone(),
                first_spec: head.shard,
            });
        }
    }
    let mut by_k: BTreeMap<u32, &(String, Shard)> = BTreeMap::new();
    for entry in &shards {
        if let Some(prev) = by_k.insert(entry.1.shard.k, entry) {
            return Err(MergeError::Duplicate { spec: entry.1.shard, a: prev.0.clone(), b: entry.0.clone() });
        }
    }
    let n = head.shard.n;
    let missing: Vec<u32> = (1..=n).filter(|k| !by_k.contains_key(k)).collect();
    if !missing.is_empty() {
        return Err(MergeError::Missing { missing, n });
    }
    let (first, head) = by_k[&1];
    for (label, s) in by_k.values().map(|e| (&e.0, &e.1)) {
        if serde_json::to_value(&s.context).ok() != serde_json::to_value(&head.context).ok() {
            let why = "a solve probably ended at the time limit on one machine and not on the other; give the \
                       scenario a deterministic stopping rule (mip_rel_gap) or a longer time limit and run again"
                .into();
            return Err(MergeError::Inconsistent { label: label.clone(), first: first.clone(), why });
        }
        let indices: Vec<usize> = s.units.iter().map(|u| u.index).collect();
        if indices != s.shard.units(s.run.units) {
            return Err(MergeError::WrongUnits { label: label.clone(), spec: s.shard });
        }
    }
    let mut results: Vec<Option<UnitResult>> = vec![None; head.run.units];
    for s in by_k.values() {
        for u in &s.1.units {
            results[u.index] = Some(u.result.clone());
        }
    }
    let results: Vec<UnitResult> = results.into_iter().flatten().collect();
    let wrong = || MergeError::WrongUnits { label: first.clone(), spec: head.shard };
    match &head.context {
        Context::Compare => {
            let rows = results
                .into_iter()
                .map(|r| match r {
                    UnitResult::Row(row) => Ok(*row),
                    _ => Err(wrong()),
                })
                .collect::<Result<Vec<Row>, _>>()?;
            Ok(Merged::Compare(Comparison { rows }))
        }
        Context::Sweep { scenario, params } => {
            let mut points = Vec::new();
            let mut base = None;
            for r in results {
                match r {
                    UnitResult::Point { mut point, awards } if base.is_none() => {
                        point.awards = awards;
                        points.push(point);
                    }
                    UnitResult::Row(row) if base.is_none() => base = Some(*row),
                    _ => return Err(wrong()),
                }
            }
            let base = base.ok_or_else(wrong)?;
            sweep::mark_changes(params, &mut points);
            Ok(Merged::Sweep {
                sweep: Sweep { scenario: scenario.clone(), params: params.clone(), points },
                base: Comparison { rows: vec![base] },
            })
        }
        Context::ExplainAll { scenario, audit, .. } => {
            let mut needs = Vec::new();
            let (mut costs, mut binding, mut diagnosis) = (None, None, None);
            for r in results {
                match r {
                    UnitResult::Need(n) if costs.is_none() => needs.push(*n),
                    UnitResult::Costs(c) if costs.is_none() => costs = Some(c),
                    UnitResult::Binding(b) if costs.is_some() && binding.is_none() => binding = Some(b),
                    UnitResult::Diagnosis(d) if binding.is_some() && diagnosis.is_none() => diagnosis = Some(d),
                    _ => return Err(wrong()),
                }
            }
            let (Some(costs), Some(binding), Some(diagnosis)) = (costs, binding, diagnosis) else {
                return Err(wrong());
            };
            let timing = Timing {
                solve_seconds: head.timing.as_ref().map_or(0.0, |t| t.solve_seconds),
                total_seconds: by_k.values().filter_map(|e| e.1.timing.as_ref()).map(|t| t.total_seconds).sum(),
                stages: head.timing.as_ref().map(|t| t.stages.clone()).unwrap_or_default(),
            };
            Ok(Merged::ExplainAll {
                scenario: scenario.clone(),
                explanations: Box::new(Explanations { needs, costs, binding, diagnosis }),
                audit: audit.clone(),
                timing,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(s: &str) -> Result<ShardSpec, SpecError> {
        s.parse()
    }

    #[test]
    fn k_of_n_is_parsed_and_checked() {
        assert_eq!(spec("2/8"), Ok(ShardSpec { k: 2, n: 8 }));
        assert_eq!(spec(" 1 / 1 "), Ok(ShardSpec { k: 1, n: 1 }));
        assert_eq!(spec("1000/1000"), Ok(ShardSpec { k: 1000, n: 1000 }));
        for bad in ["", "3", "a/3", "1/b", "-1/3", "1/3/4", "1.0/3", "/3", "1/"] {
            assert!(matches!(spec(bad), Err(SpecError::Syntax(_))), "{bad}");
        }
        for bad in ["0/3", "4/3", "1/0", "0/0", "1/1001", "1/99999999999"] {
            assert!(matches!(spec(bad), Err(SpecError::Range(..))), "{bad}");
        }
        assert_eq!(spec("4/3").unwrap_err().to_string(), "`4/3`: k must be between 1 and n (3)");
    }

    #[test]
    fn every_unit_goes_to_exactly_one_shard_round_robin() {
        let n = 3;
        let count = 8;
        let mut seen = vec![0; count];
        for k in 1..=n {
            let s = ShardSpec { k, n };
            for i in s.units(count) {
                assert_eq!(i % n as usize, (k - 1) as usize);
                seen[i] += 1;
            }
        }
        assert!(seen.iter().all(|&c| c == 1), "{seen:?}");
        assert_eq!(ShardSpec { k: 2, n: 3 }.units(count), vec![1, 4, 7]);
        assert_eq!(ShardSpec { k: 3, n: 5 }.file_name(), "shard-3-of-5.json");
        assert!(ShardSpec { k: 4, n: 4 }.units(3).is_empty());
    }

    fn run(units: usize) -> Run {
        Run::new(
            Command::Sweep,
            vec!["--param".into(), "tiebreak.seed=1..3".into()],
            vec![Inputs {
                scenario: "s".into(),
                files: vec![InputHash { path: "s.toml".into(), sha256: "ab".repeat(32) }],
            }],
            units,
        )
    }

    fn point(v: i64, offer: &str) -> UnitResult {
        UnitResult::Point {
            point: Point {
                values: vec![rust_decimal::Decimal::new(v, 0)],
                status: crate::solve::Status::Optimal,
                total: Some(rust_decimal::Decimal::new(12345, 2)),
                quebec_share: Some(rust_decimal::Decimal::new(5000, 4)),
                largest_provider_share: None,
                changed: false,
                becomes_infeasible: false,
                awards: vec![],
            },
            awards: vec![("N-1".into(), offer.into())],
        }
    }

    /// A sweep of three points and its base row cut in two shards (the row is built from a real solve-free
    /// summary so that the test stays pure).
    fn sweep_shards() -> Vec<(String, Shard)> {
        let params =
            vec![Param { key: "tiebreak.seed".into(), values: (1..=3).map(rust_decimal::Decimal::from).collect() }];
        let context = Context::Sweep { scenario: "s".into(), params };
        let row = Row {
            name: "s".into(),
            description: "d".into(),
            policy: Policy::default(),
            status: crate::solve::Status::Optimal,
            gap: Some(0.1 + 0.2),
            total: Some(rust_decimal::Decimal::new(100, 2)),
            baseline: None,
            premium: None,
            premium_share: None,
            providers: 0,
            resellers: 0,
            largest_provider: None,
            largest_reseller: None,
            hhi_providers: rust_decimal::Decimal::ZERO,
            hhi_resellers: rust_decimal::Decimal::ZERO,
            quebec_share: rust_decimal::Decimal::ZERO,
            ado: 0,
            unserved: 0,
            summary: crate::summary::Summary {
                status: crate::solve::Status::Optimal,
                awards: vec![],
                unserved: vec![],
                total_cost: rust_decimal::Decimal::new(100, 2),
                lowest_total: rust_decimal::Decimal::new(100, 2),
                premium: rust_decimal::Decimal::ZERO,
                providers: vec![],
                resellers: vec![],
                quebec_value: rust_decimal::Decimal::ZERO,
                quebec_share: rust_decimal::Decimal::new(0, 6),
                hhi_providers: rust_decimal::Decimal::ZERO,
                hhi_resellers: rust_decimal::Decimal::ZERO,
                ado_count: 0,
                tie_broken_count: 0,
                proven_within: None,
                year: None,
            },
            binding: vec![],
            replayable: true,
        };
        let units = [point(1, "A"), point(2, "A"), point(3, "B"), UnitResult::Row(Box::new(row))];
        (1..=2)
            .map(|k| {
                let spec = ShardSpec { k, n: 2 };
                let mine = spec.units(4).into_iter().map(|i| Unit { index: i, result: units[i].clone() }).collect();
                (spec.file_name(), Shard::new(run(4), spec, context.clone(), mine))
            })
            .collect()
    }

    #[test]
    fn a_shard_survives_json_unchanged() {
        for (_, s) in sweep_shards() {
            let text = serde_json::to_string_pretty(&s).unwrap();
            let back: Shard = serde_json::from_str(&text).unwrap();
            assert_eq!(back, s);
            assert_eq!(serde_json::to_string_pretty(&back).unwrap(), text);
        }
    }

    #[test]
    fn shards_merge_in_any_order_and_mark_changes() {
        let shards = sweep_shards();
        let mut reversed = shards.clone();
        reversed.reverse();
        let a = merge(shards).unwrap();
        assert_eq!(a, merge(reversed).unwrap());
        let Merged::Sweep { sweep, base } = a else { panic!("a sweep") };
        let changed: Vec<bool> = sweep.points.iter().map(|p| p.changed).collect();
        assert_eq!(changed, [false, false, true]);
        assert_eq!(base.rows.len(), 1);
    }

    #[test]
    fn missing_duplicated_and_foreign_shards_are_refused() {
        let shards = sweep_shards();
        assert_eq!(merge(shards[..1].to_vec()), Err(MergeError::Missing { missing: vec![2], n: 2 }));
        let twice = vec![shards[0].clone(), shards[0].clone(), shards[1].clone()];
        assert!(matches!(merge(twice), Err(MergeError::Duplicate { .. })));
        let mut other = shards.clone();
        other[1].1.run.inputs[0].files[0].sha256 = "cd".repeat(32);
        let e = merge(other).unwrap_err();
        assert!(e.to_string().contains("input `s.toml` of scenario `s` has SHA-256 cdcdcdcdcdcd…"), "{e}");
        let mut impossible = shards.clone();
        impossible[1].1.shard = ShardSpec { k: 3, n: 2 };
        assert!(matches!(merge(impossible), Err(MergeError::BadSpec { .. })));
        let mut cut = shards.clone();
        cut[1].1.shard = ShardSpec { k: 2, n: 3 };
        assert!(matches!(merge(cut), Err(MergeError::DifferentN { .. })));
        let mut tampered = shards.clone();
        tampered[1].1.units.clear();
        assert!(matches!(merge(tampered), Err(MergeError::WrongUnits { .. })));
        let mut drifted = shards;
        if let Context::Sweep { scenario, .. } = &mut drifted[1].1.context {
            scenario.push('x');
        }
        assert!(matches!(merge(drifted), Err(MergeError::Inconsistent { .. })));
        assert_eq!(merge(vec![]), Err(MergeError::NoShards));
    }
}
