//! Builds the mixed-integer program for a world and a policy: columns, named rows and objectives, as plain data
//! that [`crate::solve`] hands to HiGHS and that explanations can inspect.
//!
//! # Formulation
//!
//! Sets: needs `n` with at least one eligible estimate; eligible estimates `e ∈ E(n)`; providers `p`, resellers
//! `r`, agencies `a`; `P(e)`, `R(e)`, `A(e)` the provider, reseller and agency of estimate `e`.
//! Data: price `c_e` (CAD); value `v_e = c_e / s`, with `s` the largest eligible price (a scale that keeps share
//! rows well conditioned; shares are scale-free); `q_e = 1` when the award counts as Quebec (reseller, provider or
//! either is a Quebec firm, per the scenario's `credit`); consumption `u_{e,k}` of capacity `(supplier, unit) = k`
//! with limit `L_k`.
//!
//! Variables: `x_e ∈ {0,1}` award estimate `e` (column `x[need,offer]`); `y_p ∈ {0,1}` provider `p` awarded at least
//! once (column `used[provider=p]`, only when a minimum number of providers is set); `W_S ≥ 0` continuous, the
//! awarded value of a scope `S` (column `value[all]` for every need, `value[agency=a]` for agency `a`'s needs),
//! bounded by the least and the most value its needs can take: `Σ_{n∈S} min_{e∈E(n)} v_e ≤ W_S ≤ Σ_{n∈S} max v_e`.
//!
//! ```text
//! need[n]                               Σ_{e∈E(n)} x_e = 1                                   each servable need once
//! value.total[S]                        W_S − Σ_{e: n(e)∈S} v_e x_e = 0                      defines W_S
//! spread.max_share[provider=p]          Σ_{e: P(e)=p} v_e x_e − σ_P W_all ≤ 0                 P2, σ_P < 1
//! spread.max_share[reseller=r]          Σ_{e: R(e)=r} v_e x_e − σ_R W_all ≤ 0                 P2, σ_R < 1
//! spread.provider_used[provider=p]      y_p − Σ_{e: P(e)=p} x_e ≤ 0                           P2
//! spread.min_providers                  Σ_p y_p ≥ k                                           P2
//! spread.agency_share[agency=a,provider=p]
//!                                       Σ_{e: A(e)=a, P(e)=p} v_e x_e − σ_A W_a ≤ 0           P2, agencies with ≥ m needs
//! quebec.min_share                      Σ_e q_e v_e x_e − φ W_all ≥ 0                         P3
//! capacity[supplier=s,unit=k]           Σ_{e: s∈{P(e),R(e)}} u_{e,k} x_e ≤ L_k                P0
//! ```
//!
//! The share rows name only their members' awards and the scope's total, rather than every award of the scope
//! (`Σ_e ([P(e)=p] − σ_P) v_e x_e ≤ 0`, the same set of allocations): each award appears in a handful of rows,
//! not in every share row. Measured (benches/README.md, "Sparse share rows"): at 10,000 needs and 40 offers per
//! need 2.9 million nonzeros instead of 16.8 million, 79 s and 1.3 GB instead of 133 s and 2.0 GB; at 10,000 needs
//! 11.1 s instead of 15.7 s and a written MPS model of 42 MB instead of 151 MB; at 300 and 1,000 needs about the
//! same work (HiGHS's presolve substitutes the totals back into small models).
//!
//! Objective, art. 48 1° (price): minimise `Σ c_e x_e`. Art. 48 2° (weighted, only when authorised): maximise
//! `Σ S_e x_e` with `S_e = w_price · 100 · min_{f∈E(n)} c_f / c_e + Σ_k w_k · score_{e,k}` (missing scores count
//! as 0).
//!
//! Tie-break (P1): among the allocations optimal for the objective, the published draw decides. Each eligible
//! estimate gets a rank `ρ_e ∈ [0,1)` from SHA-256 of the scenario's `tiebreak_seed`, the need id and the offer id
//! (never a supplier's name or an input's order). Under price with no gap accepted, the ranks ride in stage 1's
//! objective, weighing less than a cent together (`crate::solve::lexicographic`); otherwise a second solve adds
//! the row `tiebreak.objective` (the objective held at its optimum) and minimises `Σ ρ_e x_e`.
//!
//! A share row is only written when its cap is below 1, a total only when a share row refers to it; a capacity row
//! only when some estimate consumes the unit.

use crate::domain::{Objective, Policy, World};
use crate::eligibility::Eligibility;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// What a column stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ColumnKind {
    /// `x_e`: estimate `e` is awarded.
    Award {
        /// Estimate index.
        estimate: usize,
    },
    /// `y_p`: provider `p` receives at least one award.
    ProviderUsed {
        /// Supplier index.
        provider: usize,
    },
    /// `x_{e,t}`: estimate `e` is awarded and its migration starts in period `t` (plans only, [`crate::plan`]).
    Scheduled {
        /// Estimate index.
        estimate: usize,
        /// Period index.
        period: u32,
    },
    /// A continuous slack `s ≥ 0` that relaxes one row (elastic re-solves for diagnoses; never in a scenario's MIP).
    Slack {
        /// Index of the row it relaxes.
        row: usize,
    },
    /// `W`: the awarded value in a scope (continuous, defined by its row [`Family::TotalValue`]), so that share
    /// rows name only their members' awards and this one column instead of every award in the scope.
    TotalValue {
        /// The agency whose needs are the scope; None: every need.
        agency: Option<usize>,
    },
    /// `q`: the price, in cents, of an estimate forced into the allocation, the unknown of a debrief's threshold
    /// ([`crate::explain::debrief`]; never in a scenario's MIP). Integer.
    Price {
        /// Estimate index.
        estimate: usize,
    },
}

impl ColumnKind {
    /// Whether the column is binary (awards, indicators, scheduled starts); slacks and totals are continuous.
    pub fn is_integer(&self) -> bool {
        !matches!(self, ColumnKind::Slack { .. } | ColumnKind::TotalValue { .. })
    }
}

/// A column's readable name: given, or an award's `x[need,offer]`, kept as the indices of the two ids and written
/// out when asked ([`Formulation::column_name`]): a string per award took 17 MB at 10,000 needs × 40 offers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ColumnName {
    /// The name itself.
    Given(Box<str>),
    /// `x[need,offer]`, by the indices of the need and the offer in [`Formulation::ids`].
    Award {
        /// Need index.
        need: u32,
        /// Offer index.
        offer: u32,
    },
}

/// The ids that award columns' names are written from.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ids {
    /// Need ids, by need index.
    pub needs: Vec<String>,
    /// Offer ids, by offer index.
    pub offers: Vec<String>,
}

/// A column: binary, except slacks and totals ([`ColumnKind::is_integer`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// Readable name, e.g. `x[N-0412,O-07]`.
    pub name: ColumnName,
    /// What it stands for.
    pub kind: ColumnKind,
    /// Lower bound: every solution satisfying the rows has the column within `[lower, upper]`.
    pub lower: f64,
    /// Upper bound (may be +∞).
    pub upper: f64,
}

impl Column {
    /// A binary column.
    pub fn binary(name: String, kind: ColumnKind) -> Self {
        Column { name: ColumnName::Given(name.into()), kind, lower: 0.0, upper: 1.0 }
    }

    /// A continuous slack `s ≥ 0` relaxing row `row`.
    pub fn slack(name: String, row: usize) -> Self {
        Column {
            name: ColumnName::Given(name.into()),
            kind: ColumnKind::Slack { row },
            lower: 0.0,
            upper: f64::INFINITY,
        }
    }

    /// The bounds given to HiGHS. A total's bounds are implied by its defining row and the needs' rows, and are
    /// kept for the fixing proof only: HiGHS gets `W ≥ 0`. (With the implied bounds, HiGHS 1.16's presolve
    /// mishandled a start whose total sat on its lower bound and returned it as the draw's optimum, although a
    /// cheaper-ranked optimal allocation existed: `tests/oracle.rs`, seed 364.)
    pub fn solver_bounds(&self) -> (f64, f64) {
        match self.kind {
            ColumnKind::TotalValue { .. } => (0.0, f64::INFINITY),
            _ => (self.lower, self.upper),
        }
    }
}

/// The family a row belongs to, with the ids it is about. Explanations and diagnoses work per family.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "family", rename_all = "snake_case")]
pub enum Family {
    /// Each servable need awarded exactly once.
    Assignment {
        /// Need index.
        need: usize,
    },
    /// P2: a provider's share of the awarded value.
    ProviderShare {
        /// Supplier index.
        provider: usize,
    },
    /// P2: a reseller's share of the awarded value.
    ResellerShare {
        /// Supplier index.
        reseller: usize,
    },
    /// P2: links `y_p` to the awards of provider `p`.
    ProviderUsed {
        /// Supplier index.
        provider: usize,
    },
    /// P2: minimum number of distinct providers.
    MinProviders,
    /// P2: a provider's share within one agency.
    AgencyShare {
        /// Agency index.
        agency: usize,
        /// Supplier index.
        provider: usize,
    },
    /// P3: minimum share of value to Quebec firms.
    QuebecFloor,
    /// Defines the awarded value `W` of a scope, which the share rows of P2 and P3 refer to.
    TotalValue {
        /// The agency whose needs are the scope; None: every need.
        agency: Option<usize>,
    },
    /// P0: a supplier's capacity in one unit.
    Capacity {
        /// Supplier index.
        supplier: usize,
        /// Unit name.
        unit: String,
    },
    /// The objective held at its optimum during the tie-break solve.
    TiebreakObjective,
    /// Plans: an award is migrated in exactly one of its start periods.
    MigrationLink {
        /// Estimate index.
        estimate: usize,
    },
    /// Plans (P0): a holder's capacity in one unit in one period.
    PeriodCapacity {
        /// Supplier or agency.
        holder: crate::domain::Holder,
        /// Unit name.
        unit: String,
        /// Period index.
        period: u32,
    },
    /// Plans (P0): a need moves after (or with) another.
    Precedence {
        /// The need that waits.
        need: usize,
        /// The need it waits for.
        other: usize,
    },
}

impl Family {
    /// The guiding principle a family implements.
    pub fn principle(&self) -> &'static str {
        match self {
            Family::Assignment { .. }
            | Family::Capacity { .. }
            | Family::MigrationLink { .. }
            | Family::PeriodCapacity { .. }
            | Family::Precedence { .. } => "P0",
            Family::ProviderShare { .. }
            | Family::ResellerShare { .. }
            | Family::ProviderUsed { .. }
            | Family::MinProviders
            | Family::AgencyShare { .. }
            | Family::TotalValue { .. } => "P2",
            Family::QuebecFloor => "P3",
            Family::TiebreakObjective => "P1",
        }
    }
}

/// A linear row `lower ≤ Σ coef · column ≤ upper`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Readable name, e.g. `spread.max_share[provider=NIMBUS]`.
    pub name: String,
    /// Its family.
    pub family: Family,
    /// (column index, coefficient), by ascending column.
    pub terms: Vec<(usize, f64)>,
    /// Lower bound (may be −∞).
    pub lower: f64,
    /// Upper bound (may be +∞).
    pub upper: f64,
}

/// Direction of the objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Sense {
    /// Minimise.
    Minimise,
    /// Maximise.
    Maximise,
}

/// The whole MIP.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Formulation {
    /// Columns: awards first (ascending estimate), then the scopes' totals, then provider indicators.
    pub columns: Vec<Column>,
    /// Rows, in the order of the module documentation's table.
    pub rows: Vec<Row>,
    /// Objective coefficient per column.
    pub objective: Vec<f64>,
    /// Direction of the objective.
    pub sense: Sense,
    /// Tie-break rank per column (0 for non-award columns).
    pub tiebreak: Vec<f64>,
    /// Column of each estimate (None: not eligible, or its need is not servable).
    pub column_of: Vec<Option<usize>>,
    /// The ids award columns are named from.
    pub ids: Ids,
}

impl Formulation {
    /// The readable name of column `c`.
    pub fn column_name(&self, c: usize) -> String {
        match &self.columns[c].name {
            ColumnName::Given(name) => name.to_string(),
            ColumnName::Award { need, offer } => {
                format!("x[{},{}]", self.ids.needs[*need as usize], self.ids.offers[*offer as usize])
            }
        }
    }

    /// The estimates awarded by a column vector (values rounded to the nearest integer).
    pub fn awarded(&self, values: &[f64]) -> Vec<usize> {
        let mut chosen: Vec<usize> = self
            .columns
            .iter()
            .zip(values)
            .filter_map(|(c, &v)| match c.kind {
                ColumnKind::Award { estimate } if v > 0.5 => Some(estimate),
                _ => None,
            })
            .collect();
        chosen.sort_unstable();
        chosen
    }

    /// The objective of an allocation (a set of awarded estimates), in the formulation's units.
    pub fn objective_of(&self, estimates: &[usize]) -> f64 {
        estimates.iter().filter_map(|&e| self.column_of[e]).map(|c| self.objective[c]).sum()
    }

    /// A full column vector for a set of awarded estimates (indicator and total columns set consistently).
    pub fn column_values(&self, world: &World, estimates: &[usize]) -> Vec<f64> {
        let mut values = vec![0.0; self.columns.len()];
        let mut used = vec![false; world.suppliers.len()];
        for &e in estimates {
            if let Some(c) = self.column_of[e] {
                values[c] = 1.0;
                used[world.provider_of(e)] = true;
            }
        }
        for (c, col) in self.columns.iter().enumerate() {
            if let ColumnKind::ProviderUsed { provider } = col.kind {
                values[c] = if used[provider] { 1.0 } else { 0.0 };
            }
        }
        self.set_totals(&mut values);
        values
    }

    /// Set each scope's total in a column vector from its defining row `W − Σ v_e x_e = 0`.
    pub fn set_totals(&self, values: &mut [f64]) {
        for row in self.rows.iter().filter(|r| matches!(r.family, Family::TotalValue { .. })) {
            let w = row.terms.iter().find(|&&(c, _)| !self.columns[c].kind.is_integer()).map(|t| t.0);
            if let Some(w) = w {
                values[w] = -row.terms.iter().filter(|t| t.0 != w).map(|&(c, a)| a * values[c]).sum::<f64>();
            }
        }
    }
}

/// The published draw: a rank in [0, 1) for an estimate, from SHA-256(`seed` ‖ need id ‖ offer id).
pub fn draw_rank(seed: u64, need_id: &str, offer_id: &str) -> f64 {
    let mut h = Sha256::new();
    h.update(seed.to_be_bytes());
    h.update((need_id.len() as u64).to_be_bytes());
    h.update(need_id.as_bytes());
    h.update(offer_id.as_bytes());
    let digest = h.finalize();
    let mut top = [0u8; 8];
    top.copy_from_slice(&digest[..8]);
    // 53 bits: exactly representable in f64.
    (u64::from_be_bytes(top) >> 11) as f64 / (1u64 << 53) as f64
}

fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

/// The weighted score `S_e` of an eligible estimate (art. 48 2°), given its need's lowest eligible price.
pub fn weighted_score(world: &World, weights: &crate::domain::Weights, e: usize, lowest: Decimal) -> f64 {
    let est = &world.estimates[e];
    let price_score = 100.0 * to_f64(lowest) / to_f64(est.price);
    let mut s = to_f64(weights.price) * price_score;
    if let Some(sc) = est.scores {
        s += to_f64(weights.compatibility) * to_f64(sc.compatibility)
            + to_f64(weights.accessibility) * to_f64(sc.accessibility)
            + to_f64(weights.performance) * to_f64(sc.performance)
            + to_f64(weights.support) * to_f64(sc.support);
    }
    s
}

/// Build the MIP. Needs without an eligible estimate get no row (they are reported as unserved).
pub fn build(world: &World, policy: &Policy, elig: &Eligibility) -> Formulation {
    let mut columns = Vec::with_capacity(elig.eligible.len());
    let mut column_of = vec![None; world.estimates.len()];
    let mut objective = Vec::with_capacity(elig.eligible.len());
    let mut tiebreak = Vec::with_capacity(elig.eligible.len());
    let scale = elig.eligible.iter().map(|&e| to_f64(world.estimates[e].price)).fold(0.0, f64::max).max(1.0);
    let value = |e: usize| to_f64(world.estimates[e].price) / scale;

    for &e in &elig.eligible {
        let est = &world.estimates[e];
        let need = &world.needs[est.need];
        column_of[e] = Some(columns.len());
        let name = ColumnName::Award { need: est.need as u32, offer: est.offer as u32 };
        columns.push(Column { name, kind: ColumnKind::Award { estimate: e }, lower: 0.0, upper: 1.0 });
        objective.push(match &policy.objective {
            Objective::Price => to_f64(est.price),
            Objective::Weighted(w) => weighted_score(world, w, e, elig.lowest_price[est.need].unwrap_or(est.price)),
        });
        tiebreak.push(draw_rank(policy.tiebreak_seed, &need.id, &world.offers[est.offer].id));
    }
    let awards: Vec<(usize, usize)> = elig.eligible.iter().map(|&e| (e, column_of[e].unwrap_or(0))).collect();
    let values: Vec<f64> = awards.iter().map(|&(e, _)| value(e)).collect();
    let groups = Groups::new(world, &awards);
    let mut rows = Vec::new();

    for (n, ests) in elig.by_need.iter().enumerate() {
        if ests.is_empty() {
            continue;
        }
        let terms = ests.iter().filter_map(|&e| column_of[e]).map(|c| (c, 1.0)).collect();
        rows.push(Row {
            name: format!("need[{}]", world.needs[n].id),
            family: Family::Assignment { need: n },
            terms,
            lower: 1.0,
            upper: 1.0,
        });
    }

    // Suppliers that appear in at least one eligible estimate, by role, ascending.
    let mut providers: Vec<usize> = elig.eligible.iter().map(|&e| world.provider_of(e)).collect();
    providers.sort_unstable();
    providers.dedup();
    let mut resellers: Vec<usize> = elig.eligible.iter().map(|&e| world.reseller_of(e)).collect();
    resellers.sort_unstable();
    resellers.dedup();

    // The awarded value of a scope, `W = Σ_{e in scope} v_e x_e`: one continuous column per scope a share row
    // refers to (every need for the provider, reseller and Quebec rows; one agency's needs for its agency rows),
    // bounded by the smallest and largest value the scope's servable needs can take.
    let spread = policy.spread.as_ref();
    let below_one = |cap: Option<Decimal>| cap.is_some_and(|c| c < Decimal::ONE);
    let global_scope = !awards.is_empty()
        && (spread.is_some_and(|s| below_one(s.max_provider_share) || below_one(s.max_reseller_share))
            || policy.quebec.as_ref().is_some_and(|q| q.min_share > Decimal::ZERO));
    let agency_scopes: Vec<usize> = match spread {
        Some(s) if below_one(s.max_provider_share_per_agency) => {
            elig.agencies_with_served_needs(world, s.per_agency_min_needs)
        }
        _ => vec![],
    };
    let scopes = global_scope.then_some(None).into_iter().chain(agency_scopes.iter().map(|&a| Some(a)));
    let mut totals: BTreeMap<Option<usize>, usize> = BTreeMap::new();
    for agency in scopes {
        let in_scope = |n: usize| agency.is_none_or(|a| world.needs[n].agency == a);
        let (mut lower, mut upper) = (0.0, 0.0);
        for (_, ests) in elig.by_need.iter().enumerate().filter(|(n, e)| !e.is_empty() && in_scope(*n)) {
            lower += ests.iter().map(|&e| value(e)).fold(f64::INFINITY, f64::min);
            upper += ests.iter().map(|&e| value(e)).fold(0.0, f64::max);
        }
        let w = columns.len();
        let scope = match agency {
            Some(a) => format!("agency={}", world.agencies[a].id),
            None => "all".to_string(),
        };
        columns.push(Column {
            name: ColumnName::Given(format!("value[{scope}]").into()),
            kind: ColumnKind::TotalValue { agency },
            lower,
            upper,
        });
        objective.push(0.0);
        tiebreak.push(0.0);
        let mut terms = Vec::with_capacity(1 + agency.map_or(awards.len(), |a| groups.by_agency[a].len()));
        match agency {
            Some(a) => terms.extend(groups.by_agency[a].iter().map(|&i| (awards[i].1, -values[i]))),
            None => terms.extend(awards.iter().zip(&values).map(|(&(_, c), &v)| (c, -v))),
        }
        terms.push((w, 1.0));
        rows.push(Row {
            name: format!("value.total[{scope}]"),
            family: Family::TotalValue { agency },
            terms,
            lower: 0.0,
            upper: 0.0,
        });
        totals.insert(agency, w);
    }
    // A share row: `Σ_{e member} v_e x_e − σ W ≤ 0` (a floor: `≥ 0`), W the total of its scope.
    let share_terms = |members: &[usize], w: usize, cap: f64| -> Vec<(usize, f64)> {
        let mut terms = Vec::with_capacity(members.len() + 1);
        terms.extend(members.iter().map(|&i| (awards[i].1, values[i])));
        terms.push((w, -cap));
        terms
    };
    let cap_row = |name: String, family: Family, members: &[usize], w: usize, cap: f64| Row {
        name,
        family,
        terms: share_terms(members, w, cap),
        lower: f64::NEG_INFINITY,
        upper: 0.0,
    };

    if let Some(spread) = &policy.spread {
        if let (Some(cap), Some(&w)) = (spread.max_provider_share.filter(|c| *c < Decimal::ONE), totals.get(&None)) {
            for &p in &providers {
                rows.push(cap_row(
                    format!("spread.max_share[provider={}]", world.suppliers[p].id),
                    Family::ProviderShare { provider: p },
                    &groups.by_provider[p],
                    w,
                    to_f64(cap),
                ));
            }
        }
        if let (Some(cap), Some(&w)) = (spread.max_reseller_share.filter(|c| *c < Decimal::ONE), totals.get(&None)) {
            for &r in &resellers {
                rows.push(cap_row(
                    format!("spread.max_share[reseller={}]", world.suppliers[r].id),
                    Family::ResellerShare { reseller: r },
                    &groups.by_reseller[r],
                    w,
                    to_f64(cap),
                ));
            }
        }
        if let Some(k) = spread.min_providers {
            let mut used_terms = Vec::with_capacity(providers.len());
            for &p in &providers {
                let y = columns.len();
                columns.push(Column::binary(
                    format!("used[provider={}]", world.suppliers[p].id),
                    ColumnKind::ProviderUsed { provider: p },
                ));
                objective.push(0.0);
                tiebreak.push(0.0);
                // The award columns come before `y`, in ascending order.
                let mut terms = Vec::with_capacity(groups.by_provider[p].len() + 1);
                terms.extend(groups.by_provider[p].iter().map(|&i| (awards[i].1, -1.0)));
                terms.push((y, 1.0));
                rows.push(Row {
                    name: format!("spread.provider_used[provider={}]", world.suppliers[p].id),
                    family: Family::ProviderUsed { provider: p },
                    terms,
                    lower: f64::NEG_INFINITY,
                    upper: 0.0,
                });
                used_terms.push((y, 1.0));
            }
            rows.push(Row {
                name: "spread.min_providers".into(),
                family: Family::MinProviders,
                terms: used_terms,
                lower: f64::from(k),
                upper: f64::INFINITY,
            });
        }
        if let Some(cap) = spread.max_provider_share_per_agency.filter(|c| *c < Decimal::ONE) {
            for a in elig.agencies_with_served_needs(world, spread.per_agency_min_needs) {
                let Some(&w) = totals.get(&Some(a)) else { continue };
                // The agency's awards by provider (ascending), each provider's in ascending column order.
                let mut by_provider: Vec<(usize, usize)> =
                    groups.by_agency[a].iter().map(|&i| (world.provider_of(awards[i].0), i)).collect();
                by_provider.sort_unstable();
                for chunk in by_provider.chunk_by(|x, y| x.0 == y.0) {
                    let p = chunk[0].0;
                    let members: Vec<usize> = chunk.iter().map(|&(_, i)| i).collect();
                    rows.push(cap_row(
                        format!(
                            "spread.agency_share[agency={},provider={}]",
                            world.agencies[a].id, world.suppliers[p].id
                        ),
                        Family::AgencyShare { agency: a, provider: p },
                        &members,
                        w,
                        to_f64(cap),
                    ));
                }
            }
        }
    }

    if let Some(q) = &policy.quebec {
        let floor = to_f64(q.min_share);
        let quebec: Vec<usize> = (0..awards.len()).filter(|&i| q.credit.counts(world, awards[i].0)).collect();
        if let (true, Some(&w)) = (floor > 0.0, totals.get(&None)) {
            rows.push(Row {
                name: "quebec.min_share".into(),
                family: Family::QuebecFloor,
                terms: share_terms(&quebec, w, floor),
                lower: 0.0,
                upper: f64::INFINITY,
            });
        }
    }

    if policy.capacity {
        for cap in &world.capacities {
            let terms: Vec<(usize, f64)> = groups.by_holder[cap.supplier]
                .iter()
                .map(|&i| awards[i])
                .filter_map(|(e, c)| world.estimates[e].consumption.get(&cap.unit).map(|&u| (c, to_f64(u))))
                .filter(|&(_, u)| u != 0.0)
                .collect();
            if terms.is_empty() {
                continue;
            }
            rows.push(Row {
                name: format!("capacity[supplier={},unit={}]", world.suppliers[cap.supplier].id, cap.unit),
                family: Family::Capacity { supplier: cap.supplier, unit: cap.unit.clone() },
                terms,
                lower: f64::NEG_INFINITY,
                upper: to_f64(cap.limit),
            });
        }
    }

    let sense = match policy.objective {
        Objective::Price => Sense::Minimise,
        Objective::Weighted(_) => Sense::Maximise,
    };
    // The needs' and capacities' terms were collected from filters, which grow a vector by doubling: give back the
    // spare capacity.
    for row in rows.iter_mut() {
        row.terms.shrink_to_fit();
    }
    let ids = Ids {
        needs: world.needs.iter().map(|n| n.id.clone()).collect(),
        offers: world.offers.iter().map(|o| o.id.clone()).collect(),
    };
    Formulation { columns, rows, objective, sense, tiebreak, column_of, ids }
}

/// The awards (indices into the list of `(estimate, column)` pairs, ascending, so in column order) grouped by the
/// scopes the rows name, so that each row is built from its members alone: a filter over every award for each row
/// took 3.3 s at 10,000 needs × 40 offers (a row per provider, reseller, agency, agency and provider, capacity).
struct Groups {
    by_provider: Vec<Vec<usize>>,
    by_reseller: Vec<Vec<usize>>,
    by_agency: Vec<Vec<usize>>,
    /// The awards a capacity of the supplier covers: those it provides or resells (each award once).
    by_holder: Vec<Vec<usize>>,
}

impl Groups {
    fn new(world: &World, awards: &[(usize, usize)]) -> Groups {
        let suppliers = world.suppliers.len();
        let mut g = Groups {
            by_provider: vec![Vec::new(); suppliers],
            by_reseller: vec![Vec::new(); suppliers],
            by_agency: vec![Vec::new(); world.agencies.len()],
            by_holder: vec![Vec::new(); suppliers],
        };
        for (i, &(e, _)) in awards.iter().enumerate() {
            let (p, r) = (world.provider_of(e), world.reseller_of(e));
            g.by_provider[p].push(i);
            g.by_reseller[r].push(i);
            g.by_agency[world.agency_of(e)].push(i);
            g.by_holder[p].push(i);
            if r != p {
                g.by_holder[r].push(i);
            }
        }
        g
    }
}

/// Row activities (Σ coef · value) of every row for a column vector.
pub fn activities(f: &Formulation, values: &[f64]) -> Vec<f64> {
    f.rows.iter().map(|r| r.terms.iter().map(|&(c, a)| a * values[c]).sum()).collect()
}

/// Group row indices by family kind, for reports (ordered).
pub fn rows_by_principle(f: &Formulation) -> BTreeMap<&'static str, Vec<usize>> {
    let mut m: BTreeMap<&'static str, Vec<usize>> = BTreeMap::new();
    for (i, r) in f.rows.iter().enumerate() {
        m.entry(r.family.principle()).or_default().push(i);
    }
    m
}
