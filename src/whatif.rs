//! What-ifs: changes a scenario makes to its model without editing it: remove a supplier, scale prices, change a
//! capacity, drop needs, add needs. Applied in the order given, each to the result of the previous one; the world
//! is then rebuilt (and re-validated) by [`World::new`]. Every step on money is checked: a price that a scaling
//! would push beyond [`MAX_AMOUNT`] (or round to nothing) refuses the what-if, so whatever is applied can be
//! solved. The words for a what-if are in [`crate::report::assumptions`].

use crate::domain::{Category, Network, RawEstimate, RawNeed, RawOffer, RawWorld, Scores, World, MAX_AMOUNT};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

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
    /// Term proposed, renewals included (None: the need's term).
    pub term_months: Option<u32>,
    /// The four art. 48 2° scores, or none.
    pub scores: Option<Scores>,
    /// Capacity consumed, by unit.
    pub consumption: BTreeMap<String, Decimal>,
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
    #[error("this what-if matches nothing in the model")]
    NoMatch,
    /// A price it computes cannot be an estimate's price (above [`MAX_AMOUNT`], or rounded to zero).
    #[error("the price of estimate {need} × {offer} would be {detail}")]
    PriceOutOfRange {
        /// Need id.
        need: String,
        /// Offer id.
        offer: String,
        /// What the price would be, and the bound it breaks.
        detail: String,
    },
    /// An added estimate consumes a unit in which the model declares no capacity.
    #[error("unit `{unit}` has no capacity in the model (capacities.csv or [[whatif.capacities]])")]
    UnknownUnit {
        /// The unit.
        unit: String,
    },
    /// The world that results is invalid.
    #[error("the changed model is invalid: {0}")]
    Invalid(String),
}

/// A what-if that could not be applied: which one (its position in the list; none when the changed world as a
/// whole is refused) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error}")]
pub struct Refused {
    /// Position of the what-if in the list given to [`apply`].
    pub index: Option<usize>,
    /// Why.
    pub error: WhatIfError,
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
                region: e.region.to_string(),
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

/// Scale one price exactly: `price × factor`, rounded half away from zero to the cent, refused when it overflows,
/// exceeds [`MAX_AMOUNT`] or rounds to zero.
pub fn scale_price(price: Decimal, factor: Decimal) -> Result<Decimal, String> {
    let scaled = price
        .checked_mul(factor)
        .ok_or_else(|| format!("{price} × {factor}, too large to compute (at most {MAX_AMOUNT})"))?
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    if scaled > MAX_AMOUNT {
        return Err(format!("{scaled}, above the largest amount accepted ({MAX_AMOUNT})"));
    }
    if scaled <= Decimal::ZERO {
        return Err(format!("{scaled} ({price} × {factor} rounded to the cent), not a positive price"));
    }
    Ok(scaled)
}

/// Apply what-ifs in order.
pub fn apply(world: &World, whatifs: &[WhatIf]) -> Result<World, Refused> {
    if whatifs.is_empty() {
        return Ok(world.clone());
    }
    let mut raw = to_raw(world);
    // Units a consumption may use: those the model declares a capacity in, and those a what-if sets.
    let mut units: BTreeSet<String> = raw.capacities.iter().map(|c| c.1.clone()).collect();
    units.extend(whatifs.iter().filter_map(|w| match w {
        WhatIf::SetCapacity { unit, .. } => Some(unit.clone()),
        _ => None,
    }));
    for (index, w) in whatifs.iter().enumerate() {
        apply_one(&mut raw, w, &units).map_err(|error| Refused { index: Some(index), error })?;
    }
    World::new(raw).map_err(|errs| Refused {
        index: None,
        error: WhatIfError::Invalid(errs.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")),
    })
}

fn apply_one(raw: &mut RawWorld, w: &WhatIf, units: &BTreeSet<String>) -> Result<(), WhatIfError> {
    let known_supplier = |raw: &RawWorld, id: &str| {
        if raw.suppliers.iter().any(|s| s.id == id) {
            Ok(())
        } else {
            Err(WhatIfError::Unknown { kind: "supplier", id: id.to_string() })
        }
    };
    match w {
        WhatIf::RemoveSupplier { supplier } => {
            known_supplier(raw, supplier)?;
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
                known_supplier(raw, id)?;
            }
            let offers: BTreeMap<&str, &RawOffer> = raw.offers.iter().map(|o| (o.id.as_str(), o)).collect();
            let categories: BTreeMap<&str, Category> = raw.needs.iter().map(|n| (n.id.as_str(), n.category)).collect();
            let matches = |e: &RawEstimate| {
                let o = offers.get(e.offer.as_str());
                filter.provider.as_ref().is_none_or(|p| o.is_some_and(|o| &o.provider == p))
                    && filter.reseller.as_ref().is_none_or(|r| o.is_some_and(|o| &o.reseller == r))
                    && filter.category.is_none_or(|c| categories.get(e.need.as_str()) == Some(&c))
            };
            let selected: Vec<bool> = raw.estimates.iter().map(matches).collect();
            if !selected.iter().any(|&s| s) {
                return Err(WhatIfError::NoMatch);
            }
            // Compute every new price before changing any, so a refused scaling changes nothing.
            let mut scaled = Vec::with_capacity(raw.estimates.len());
            for (e, s) in raw.estimates.iter().zip(&selected) {
                scaled.push(if *s {
                    scale_price(e.price, *factor).map_err(|detail| WhatIfError::PriceOutOfRange {
                        need: e.need.clone(),
                        offer: e.offer.clone(),
                        detail,
                    })?
                } else {
                    e.price
                });
            }
            for (e, p) in raw.estimates.iter_mut().zip(scaled) {
                e.price = p;
            }
        }
        WhatIf::SetCapacity { supplier, unit, limit } => {
            known_supplier(raw, supplier)?;
            raw.capacities.retain(|c| !(&c.0 == supplier && &c.1 == unit));
            if let Some(l) = limit {
                raw.capacities.push((supplier.clone(), unit.clone(), *l));
            }
        }
        WhatIf::DropNeeds { filter } => {
            let need_ids: BTreeSet<&str> = raw.needs.iter().map(|n| n.id.as_str()).collect();
            if let Some(n) = filter.needs.iter().find(|n| !need_ids.contains(n.as_str())) {
                return Err(WhatIfError::Unknown { kind: "need", id: n.clone() });
            }
            let network: BTreeMap<&str, Network> = raw.agencies.iter().map(|a| (a.id.as_str(), a.network)).collect();
            if let Some(a) = filter.agencies.iter().find(|a| !network.contains_key(a.as_str())) {
                return Err(WhatIfError::Unknown { kind: "agency", id: a.clone() });
            }
            let needs: BTreeSet<&str> = filter.needs.iter().map(String::as_str).collect();
            let agencies: BTreeSet<&str> = filter.agencies.iter().map(String::as_str).collect();
            let drop: BTreeSet<String> = raw
                .needs
                .iter()
                .filter(|n| {
                    needs.contains(n.id.as_str())
                        || agencies.contains(n.agency.as_str())
                        || filter.categories.contains(&n.category)
                        || network.get(n.agency.as_str()).is_some_and(|k| filter.networks.contains(k))
                })
                .map(|n| n.id.clone())
                .collect();
            if drop.is_empty() {
                return Err(WhatIfError::NoMatch);
            }
            raw.needs.retain(|n| !drop.contains(&n.id));
            raw.estimates.retain(|e| !drop.contains(&e.need));
        }
        WhatIf::AddNeed { need, estimates } => {
            if raw.needs.iter().any(|n| n.id == need.id) {
                return Err(WhatIfError::Invalid(format!("need `{}` already exists", need.id)));
            }
            if let Some(unit) = estimates.iter().flat_map(|e| e.consumption.keys()).find(|u| !units.contains(*u)) {
                return Err(WhatIfError::UnknownUnit { unit: unit.clone() });
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
                    term_months: e.term_months,
                    scores: e.scores,
                    consumption: e.consumption.clone().into_iter().collect(),
                });
            }
        }
    }
    Ok(())
}
