//! What-ifs: changes a scenario makes to its model without editing it: remove a supplier, scale prices, change a
//! capacity, drop needs. Applied in that order, each to the result of the previous one; the world is then rebuilt
//! (and re-validated) by [`World::new`].

use crate::domain::{Category, Network, RawEstimate, RawNeed, RawOffer, RawWorld, World};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::BTreeSet;

/// Which estimates a price change applies to (every set field must match; none set: all estimates).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PriceFilter {
    /// Only offers of this provider.
    pub provider: Option<String>,
    /// Only offers sold by this reseller.
    pub reseller: Option<String>,
    /// Only needs of this category.
    pub category: Option<Category>,
}

/// Which needs to drop (a need matching any listed value is dropped).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NeedFilter {
    /// Need ids.
    pub needs: Vec<String>,
    /// Agency ids.
    pub agencies: Vec<String>,
    /// Categories.
    pub categories: Vec<Category>,
    /// Networks.
    pub networks: Vec<Network>,
}

/// One change to the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "whatif", rename_all = "snake_case")]
pub enum WhatIf {
    /// The supplier leaves: every offer it provides or resells goes, with its estimates and capacities.
    RemoveSupplier {
        /// Supplier id.
        supplier: String,
    },
    /// Prices multiplied by a factor, rounded half away from zero to the cent.
    ScalePrices {
        /// Factor (> 0).
        factor: Decimal,
        /// Which estimates.
        filter: PriceFilter,
    },
    /// A supplier's limit in a unit set (None: the limit is removed).
    SetCapacity {
        /// Supplier id.
        supplier: String,
        /// Unit.
        unit: String,
        /// New limit.
        limit: Option<Decimal>,
    },
    /// Needs dropped from the portfolio.
    DropNeeds {
        /// Which needs.
        filter: NeedFilter,
    },
    /// A need added to the portfolio, with the estimates received for it.
    AddNeed {
        /// The need (its agency by id).
        need: AddedNeed,
        /// Its estimates.
        estimates: Vec<AddedEstimate>,
    },
}

/// A need a what-if adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddedNeed {
    /// Need id (new).
    pub id: String,
    /// Agency id (existing).
    pub agency: String,
    /// Title.
    pub title: String,
    /// Category.
    pub category: Category,
    /// Holds personal information.
    pub personal_info: bool,
    /// Required certifications.
    pub certifications: BTreeSet<String>,
    /// Term in months, renewals included.
    pub term_months: u32,
}

/// An estimate for an added need, through an existing offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddedEstimate {
    /// Offer id (existing).
    pub offer: String,
    /// Price in CAD for the whole term.
    pub price: Decimal,
    /// Hosting region (one of the offer's).
    pub region: String,
    /// Capacity consumed, by unit.
    pub consumption: std::collections::BTreeMap<String, Decimal>,
}

/// Why a what-if cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhatIfError {
    /// It names an id the model does not have.
    #[error("{kind} `{id}` is not in the model")]
    Unknown {
        /// What kind of id.
        kind: &'static str,
        /// The id.
        id: String,
    },
    /// It changes nothing (probably a typo).
    #[error("{0} matches nothing in the model")]
    NoMatch(String),
    /// The world that results is invalid.
    #[error("the changed model is invalid: {0}")]
    Invalid(String),
}

impl WhatIf {
    /// The change in words.
    pub fn describe(&self, lang: crate::report::Lang) -> String {
        let fr = lang == crate::report::Lang::Fr;
        match self {
            WhatIf::RemoveSupplier { supplier } => {
                if fr {
                    format!("Retrait du fournisseur {supplier}")
                } else {
                    format!("Supplier {supplier} removed")
                }
            }
            WhatIf::ScalePrices { factor, filter } => {
                let mut scope = Vec::new();
                if let Some(p) = &filter.provider {
                    scope.push(format!("provider={p}"));
                }
                if let Some(r) = &filter.reseller {
                    scope.push(format!("reseller={r}"));
                }
                if let Some(c) = &filter.category {
                    scope.push(format!("category={c}"));
                }
                let scope = if scope.is_empty() { String::new() } else { format!(" ({})", scope.join(", ")) };
                if fr {
                    format!("Prix × {factor}{scope}")
                } else {
                    format!("Prices × {factor}{scope}")
                }
            }
            WhatIf::SetCapacity { supplier, unit, limit: Some(l) } => {
                if fr {
                    format!("Capacité de {supplier} : {l} {unit}")
                } else {
                    format!("Capacity of {supplier}: {l} {unit}")
                }
            }
            WhatIf::SetCapacity { supplier, unit, limit: None } => {
                if fr {
                    format!("Capacité de {supplier} en {unit} levée")
                } else {
                    format!("Capacity of {supplier} in {unit} lifted")
                }
            }
            WhatIf::AddNeed { need, estimates } => {
                if fr {
                    format!("Besoin ajouté : {} ({}), {} estimations", need.id, need.agency, estimates.len())
                } else {
                    format!("Need added: {} ({}), {} estimates", need.id, need.agency, estimates.len())
                }
            }
            WhatIf::DropNeeds { filter } => {
                let mut parts: Vec<String> = filter.needs.clone();
                parts.extend(filter.agencies.iter().map(|a| format!("agency={a}")));
                parts.extend(filter.categories.iter().map(|c| format!("category={c}")));
                parts.extend(filter.networks.iter().map(|n| format!("network={n:?}").to_lowercase()));
                if fr {
                    format!("Besoins retirés : {}", parts.join(", "))
                } else {
                    format!("Needs dropped: {}", parts.join(", "))
                }
            }
        }
    }
}

/// The world as ids again, to be changed and rebuilt.
pub fn to_raw(w: &World) -> RawWorld {
    RawWorld {
        agencies: w.agencies.clone(),
        suppliers: w.suppliers.clone(),
        offers: w
            .offers
            .iter()
            .map(|o| RawOffer {
                id: o.id.clone(),
                provider: w.suppliers[o.provider].id.clone(),
                reseller: w.suppliers[o.reseller].id.clone(),
                category: o.category,
                qualified: o.qualified,
                regions: o.regions.clone(),
                certifications: o.certifications.clone(),
            })
            .collect(),
        needs: w
            .needs
            .iter()
            .map(|n| RawNeed {
                id: n.id.clone(),
                agency: w.agencies[n.agency].id.clone(),
                title: n.title.clone(),
                category: n.category,
                personal_info: n.personal_info,
                certifications: n.certifications.clone(),
                term_months: n.term_months,
            })
            .collect(),
        estimates: w
            .estimates
            .iter()
            .map(|e| RawEstimate {
                need: w.needs[e.need].id.clone(),
                offer: w.offers[e.offer].id.clone(),
                price: e.price,
                region: e.region.clone(),
                term_months: Some(e.term_months),
                scores: e.scores,
                consumption: e.consumption.clone(),
            })
            .collect(),
        capacities: w
            .capacities
            .iter()
            .map(|c| (w.suppliers[c.supplier].id.clone(), c.unit.clone(), c.limit))
            .collect(),
    }
}

/// Apply what-ifs in order.
pub fn apply(world: &World, whatifs: &[WhatIf]) -> Result<World, WhatIfError> {
    if whatifs.is_empty() {
        return Ok(world.clone());
    }
    let mut raw = to_raw(world);
    let has_supplier = |raw: &RawWorld, id: &str| raw.suppliers.iter().any(|s| s.id == id);
    for w in whatifs {
        match w {
            WhatIf::RemoveSupplier { supplier } => {
                if !has_supplier(&raw, supplier) {
                    return Err(WhatIfError::Unknown { kind: "supplier", id: supplier.clone() });
                }
                let gone: BTreeSet<String> = raw
                    .offers
                    .iter()
                    .filter(|o| &o.provider == supplier || &o.reseller == supplier)
                    .map(|o| o.id.clone())
                    .collect();
                raw.offers.retain(|o| !gone.contains(&o.id));
                raw.estimates.retain(|e| !gone.contains(&e.offer));
                raw.capacities.retain(|c| &c.0 != supplier);
                raw.suppliers.retain(|s| &s.id != supplier);
            }
            WhatIf::ScalePrices { factor, filter } => {
                for id in filter.provider.iter().chain(filter.reseller.iter()) {
                    if !has_supplier(&raw, id) {
                        return Err(WhatIfError::Unknown { kind: "supplier", id: id.clone() });
                    }
                }
                let offers: std::collections::BTreeMap<&str, &RawOffer> =
                    raw.offers.iter().map(|o| (o.id.as_str(), o)).collect();
                let categories: std::collections::BTreeMap<&str, Category> =
                    raw.needs.iter().map(|n| (n.id.as_str(), n.category)).collect();
                let matches = |e: &RawEstimate| {
                    let o = offers.get(e.offer.as_str());
                    filter.provider.as_ref().is_none_or(|p| o.is_some_and(|o| &o.provider == p))
                        && filter.reseller.as_ref().is_none_or(|r| o.is_some_and(|o| &o.reseller == r))
                        && filter.category.is_none_or(|c| categories.get(e.need.as_str()) == Some(&c))
                };
                let selected: Vec<bool> = raw.estimates.iter().map(matches).collect();
                if !selected.iter().any(|&s| s) {
                    return Err(WhatIfError::NoMatch(w.describe(crate::report::Lang::En)));
                }
                for (e, s) in raw.estimates.iter_mut().zip(selected) {
                    if s {
                        e.price = (e.price * factor).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
                    }
                }
            }
            WhatIf::SetCapacity { supplier, unit, limit } => {
                if !has_supplier(&raw, supplier) {
                    return Err(WhatIfError::Unknown { kind: "supplier", id: supplier.clone() });
                }
                raw.capacities.retain(|c| !(&c.0 == supplier && &c.1 == unit));
                if let Some(l) = limit {
                    raw.capacities.push((supplier.clone(), unit.clone(), *l));
                }
            }
            WhatIf::DropNeeds { filter } => {
                for n in &filter.needs {
                    if !raw.needs.iter().any(|x| &x.id == n) {
                        return Err(WhatIfError::Unknown { kind: "need", id: n.clone() });
                    }
                }
                for a in &filter.agencies {
                    if !raw.agencies.iter().any(|x| &x.id == a) {
                        return Err(WhatIfError::Unknown { kind: "agency", id: a.clone() });
                    }
                }
                let network: std::collections::BTreeMap<&str, Network> =
                    raw.agencies.iter().map(|a| (a.id.as_str(), a.network)).collect();
                let drop: BTreeSet<String> = raw
                    .needs
                    .iter()
                    .filter(|n| {
                        filter.needs.contains(&n.id)
                            || filter.agencies.contains(&n.agency)
                            || filter.categories.contains(&n.category)
                            || network.get(n.agency.as_str()).is_some_and(|k| filter.networks.contains(k))
                    })
                    .map(|n| n.id.clone())
                    .collect();
                if drop.is_empty() {
                    return Err(WhatIfError::NoMatch(w.describe(crate::report::Lang::En)));
                }
                raw.needs.retain(|n| !drop.contains(&n.id));
                raw.estimates.retain(|e| !drop.contains(&e.need));
            }
            WhatIf::AddNeed { need, estimates } => {
                if raw.needs.iter().any(|n| n.id == need.id) {
                    return Err(WhatIfError::Invalid(format!("need `{}` already exists", need.id)));
                }
                raw.needs.push(RawNeed {
                    id: need.id.clone(),
                    agency: need.agency.clone(),
                    title: need.title.clone(),
                    category: need.category,
                    personal_info: need.personal_info,
                    certifications: need.certifications.clone(),
                    term_months: need.term_months,
                });
                for e in estimates {
                    raw.estimates.push(RawEstimate {
                        need: need.id.clone(),
                        offer: e.offer.clone(),
                        price: e.price,
                        region: e.region.clone(),
                        term_months: None,
                        scores: None,
                        consumption: e.consumption.clone(),
                    });
                }
            }
        }
    }
    World::new(raw)
        .map_err(|errs| WhatIfError::Invalid(errs.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")))
}
