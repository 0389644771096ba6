//! The world the broker works in (agencies, suppliers, catalogue offers, needs, estimates, capacities) and the
//! policy a scenario sets. These are validated, file-format-free types: every collection is sorted by id, and
//! estimates refer to needs and offers by index, so nothing downstream depends on the order of an input file.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The region code that stands for "hosted in Quebec".
pub const QUEBEC_REGION: &str = "qc";

/// Art. 48 RCTI: a contract lasts at most 3 years including renewals.
pub const ART48_MAX_TERM_MONTHS: u32 = 36;

/// The largest price accepted, in CAD: one trillion dollars (1,000,000,000,000.00), several times the Quebec
/// government's whole annual budget, so no real estimate comes near it. The bound keeps every price exact to the
/// cent in the solver's f64 (10^14 cents < 2^53) and every sum of prices far from the limit of `Decimal` (about
/// 7.9 × 10^28), so whatever the readers and the what-ifs accept can be summed, scaled and solved.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(0x107A_4000, 0x5AF3, 0, false, 2);

/// The largest capacity limit or consumption amount accepted, in its unit: 10^12, for the same reasons as
/// [`MAX_AMOUNT`].
pub const MAX_QUANTITY: Decimal = Decimal::from_parts(0xD4A5_1000, 0xE8, 0, false, 0);

/// The most solver threads a scenario may ask for. HiGHS starts that many workers at once; the MIP search gains
/// little beyond a few, and an unbounded count exhausts the machine's memory.
pub const MAX_SOLVER_THREADS: u32 = 64;

/// The network a public organisation belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    /// A ministry.
    Ministry,
    /// A government agency or body.
    Agency,
    /// Health and social services network (Réseau de la santé et des services sociaux).
    Rsss,
    /// Education network (Réseau de l'éducation et de l'enseignement supérieur).
    Rees,
}

/// A public organisation (OP) with needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    /// Stable identifier, e.g. `MSSS`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its network.
    pub network: Network,
}

/// Whether a supplier is a platform owner, a reseller, or both (a provider that sells its own offers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Owns the cloud platform.
    Provider,
    /// Sells and supports a provider's offer.
    Reseller,
    /// Both at once.
    Both,
}

impl Role {
    /// True when the supplier may appear as an offer's provider.
    pub fn can_provide(self) -> bool {
        matches!(self, Role::Provider | Role::Both)
    }
    /// True when the supplier may appear as an offer's reseller.
    pub fn can_resell(self) -> bool {
        matches!(self, Role::Reseller | Role::Both)
    }
}

/// A supplier in the broker's catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supplier {
    /// Stable identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Provider, reseller or both.
    pub role: Role,
    /// A Quebec firm (P3).
    pub quebec_firm: bool,
}

/// A cloud service category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Category {
    /// Infrastructure as a service.
    IaaS,
    /// Platform as a service.
    PaaS,
    /// Software as a service.
    SaaS,
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Category::IaaS => "IaaS",
            Category::PaaS => "PaaS",
            Category::SaaS => "SaaS",
        })
    }
}

/// A catalogue offer: a provider's service sold by a reseller in one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    /// Stable identifier.
    pub id: String,
    /// Index of the provider in [`World::suppliers`].
    pub provider: usize,
    /// Index of the reseller in [`World::suppliers`].
    pub reseller: usize,
    /// The category it is qualified for.
    pub category: Category,
    /// Whether the broker's call for interest qualified it.
    pub qualified: bool,
    /// Regions where it can host data (`qc`, `ca-on`, `us-east`…).
    pub regions: BTreeSet<String>,
    /// Certifications it holds.
    pub certifications: BTreeSet<String>,
}

/// A public organisation's need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Need {
    /// Stable identifier, e.g. `N-0412`.
    pub id: String,
    /// Index of the agency in [`World::agencies`].
    pub agency: usize,
    /// Short description.
    pub title: String,
    /// Category of service required.
    pub category: Category,
    /// Holds personal information: data must stay in Quebec or an equivalent region.
    pub personal_info: bool,
    /// Certifications the offer must hold.
    pub certifications: BTreeSet<String>,
    /// Contract term requested, in months, renewals included.
    pub term_months: u32,
}

/// Scores (0 to 100) for the four art. 48 2° criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scores {
    /// Technological compatibility.
    pub compatibility: Decimal,
    /// Accessibility of the goods or services.
    pub accessibility: Decimal,
    /// Performance.
    pub performance: Decimal,
    /// Technical support.
    pub support: Decimal,
}

/// A supplier's priced estimate for one need through one offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    /// Index of the need in [`World::needs`].
    pub need: usize,
    /// Index of the offer in [`World::offers`].
    pub offer: usize,
    /// Price in CAD for the whole term (cents at most).
    pub price: Decimal,
    /// Region where the data would be hosted (one string shared by every estimate naming it, rather than
    /// 409,000 copies of a few names at 10,000 needs × 40 offers).
    pub region: Arc<str>,
    /// Term proposed in months, renewals included.
    pub term_months: u32,
    /// Optional art. 48 scores.
    pub scores: Option<Scores>,
    /// Capacity consumed, by unit name.
    pub consumption: Consumption,
}

/// What an estimate consumes of its supplier's capacities, by unit name: a handful of entries at most, kept sorted
/// by unit in a vector (a map's first node takes 450 bytes, 180 MB for the 409,000 estimates of a 10,000-need
/// model with 40 offers per need), the unit names shared ([`World::new`] interns them), and the first entry held
/// inline (most estimates consume one unit; a heap block each: 505 MB at the solve's peak at 10,000 needs × 40
/// offers, 467 MB inline). Serialized as a map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Consumption(SmallVec<[(Arc<str>, Decimal); 1]>);

impl Consumption {
    /// The amount consumed in `unit`.
    pub fn get(&self, unit: &str) -> Option<&Decimal> {
        self.0.binary_search_by(|(u, _)| (**u).cmp(unit)).ok().map(|i| &self.0[i].1)
    }

    /// Set the amount consumed in `unit`, returning the amount it replaces.
    pub fn insert(&mut self, unit: impl Into<Arc<str>>, amount: Decimal) -> Option<Decimal> {
        let unit = unit.into();
        match self.0.binary_search_by(|(u, _)| u.cmp(&unit)) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, amount)),
            Err(i) => {
                self.0.insert(i, (unit, amount));
                None
            }
        }
    }

    /// The units, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(u, _)| &**u)
    }

    /// (unit, amount), by unit.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Decimal)> {
        self.0.iter().map(|(u, a)| (&**u, a))
    }

    /// The same consumption, its unit names taken from `names` (one allocation per distinct name in a world).
    fn interned(mut self, names: &mut Interner) -> Consumption {
        for (unit, _) in self.0.iter_mut() {
            *unit = names.get(unit);
        }
        self.0.shrink_to_fit();
        self
    }

    /// Whether nothing is consumed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(String, Decimal)> for Consumption {
    fn from_iter<I: IntoIterator<Item = (String, Decimal)>>(items: I) -> Self {
        let mut c = Consumption::default();
        for (unit, amount) in items {
            c.insert(unit, amount);
        }
        c
    }
}

/// Shared strings: each distinct name is allocated once.
#[derive(Default)]
struct Interner(BTreeSet<Arc<str>>);

impl Interner {
    fn get(&mut self, name: &str) -> Arc<str> {
        if let Some(shared) = self.0.get(name) {
            return shared.clone();
        }
        let shared: Arc<str> = name.into();
        self.0.insert(shared.clone());
        shared
    }
}

impl Serialize for Consumption {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Consumption {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(BTreeMap::<String, Decimal>::deserialize(deserializer)?.into_iter().collect())
    }
}

/// A supplier's declared limit in a named unit (e.g. `migration_days`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capacity {
    /// Index of the supplier in [`World::suppliers`].
    pub supplier: usize,
    /// Unit name.
    pub unit: String,
    /// Maximum total consumption over the awarded estimates.
    pub limit: Decimal,
}

/// Who holds a capacity per period: a supplier (its migration teams) or an agency (its own team).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "index", rename_all = "lowercase")]
pub enum Holder {
    /// A supplier, by index: the migrations of awards it provides or resells.
    Supplier(usize),
    /// An agency, by index: the migrations of its own needs.
    Agency(usize),
}

impl Holder {
    /// The holder's id.
    pub fn id<'w>(&self, world: &'w World) -> &'w str {
        match *self {
            Holder::Supplier(s) => &world.suppliers[s].id,
            Holder::Agency(a) => &world.agencies[a].id,
        }
    }

    /// Whether the award of estimate `e` loads this holder.
    pub fn carries(&self, world: &World, e: usize) -> bool {
        match *self {
            Holder::Supplier(s) => world.provider_of(e) == s || world.reseller_of(e) == s,
            Holder::Agency(a) => world.agency_of(e) == a,
        }
    }
}

/// The data set: everything a scenario's policy is applied to.
///
/// Invariants (established by [`World::new`]): every collection is sorted by id (estimates by need id then offer
/// id, capacities by supplier id then unit), ids are unique, and every index is in range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct World {
    /// Public organisations.
    pub agencies: Vec<Agency>,
    /// Providers and resellers.
    pub suppliers: Vec<Supplier>,
    /// Catalogue offers.
    pub offers: Vec<Offer>,
    /// Needs.
    pub needs: Vec<Need>,
    /// Estimates.
    pub estimates: Vec<Estimate>,
    /// Capacities.
    pub capacities: Vec<Capacity>,
}

/// A world whose references are ids, as read from files; [`World::new`] validates and indexes it.
#[derive(Debug, Clone, Default)]
pub struct RawWorld {
    /// Public organisations.
    pub agencies: Vec<Agency>,
    /// Suppliers.
    pub suppliers: Vec<Supplier>,
    /// Offers: (id, provider id, reseller id, category, qualified, regions, certifications).
    pub offers: Vec<RawOffer>,
    /// Needs.
    pub needs: Vec<RawNeed>,
    /// Estimates.
    pub estimates: Vec<RawEstimate>,
    /// Capacities: (supplier id, unit, limit).
    pub capacities: Vec<(String, String, Decimal)>,
}

/// An offer that refers to its suppliers by id.
#[derive(Debug, Clone)]
pub struct RawOffer {
    /// Offer id.
    pub id: String,
    /// Provider id.
    pub provider: String,
    /// Reseller id.
    pub reseller: String,
    /// Category.
    pub category: Category,
    /// Qualified.
    pub qualified: bool,
    /// Hosting regions.
    pub regions: BTreeSet<String>,
    /// Certifications.
    pub certifications: BTreeSet<String>,
}

/// A need that refers to its agency by id.
#[derive(Debug, Clone)]
pub struct RawNeed {
    /// Need id.
    pub id: String,
    /// Agency id.
    pub agency: String,
    /// Title.
    pub title: String,
    /// Category.
    pub category: Category,
    /// Personal information.
    pub personal_info: bool,
    /// Required certifications.
    pub certifications: BTreeSet<String>,
    /// Term in months.
    pub term_months: u32,
}

/// An estimate that refers to its need and offer by id.
#[derive(Debug, Clone)]
pub struct RawEstimate {
    /// Need id.
    pub need: String,
    /// Offer id.
    pub offer: String,
    /// Price.
    pub price: Decimal,
    /// Hosting region.
    pub region: String,
    /// Term proposed (None: the need's term).
    pub term_months: Option<u32>,
    /// Scores.
    pub scores: Option<Scores>,
    /// Consumption by unit.
    pub consumption: Consumption,
}

/// A reason the world cannot be built; io attaches file and line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorldError {
    /// Two records of one kind share an id.
    #[error("duplicate {kind} id `{id}`")]
    Duplicate {
        /// What kind of record.
        kind: &'static str,
        /// The id.
        id: String,
    },
    /// A reference to an id that is not declared.
    #[error("{kind} `{id}` is not declared")]
    Unknown {
        /// What kind of record was expected.
        kind: &'static str,
        /// The id.
        id: String,
    },
    /// A supplier used in a role it does not have.
    #[error("supplier `{id}` is used as {used_as} but is declared as {declared:?}")]
    WrongRole {
        /// Supplier id.
        id: String,
        /// The role it is used in.
        used_as: &'static str,
        /// Its declared role.
        declared: Role,
    },
    /// A value outside its allowed range.
    #[error("{what}: {detail}")]
    Invalid {
        /// What is wrong.
        what: String,
        /// Details.
        detail: String,
    },
}

fn index<T>(items: &[T], id: impl Fn(&T) -> &str) -> BTreeMap<String, usize> {
    items.iter().enumerate().map(|(i, t)| (id(t).to_string(), i)).collect()
}

fn check_unique<T>(items: &[T], kind: &'static str, id: impl Fn(&T) -> &str, errors: &mut Vec<WorldError>) {
    let mut seen = BTreeSet::new();
    for t in items {
        if !seen.insert(id(t)) {
            errors.push(WorldError::Duplicate { kind, id: id(t).to_string() });
        }
    }
}

impl World {
    /// Validate references and build the indexed, sorted world. All problems are returned at once.
    pub fn new(raw: RawWorld) -> Result<World, Vec<WorldError>> {
        let mut errors = Vec::new();
        let RawWorld { mut agencies, mut suppliers, mut offers, mut needs, mut estimates, mut capacities } = raw;
        agencies.sort_by(|a, b| a.id.cmp(&b.id));
        suppliers.sort_by(|a, b| a.id.cmp(&b.id));
        offers.sort_by(|a, b| a.id.cmp(&b.id));
        needs.sort_by(|a, b| a.id.cmp(&b.id));
        estimates.sort_by(|a, b| (&a.need, &a.offer).cmp(&(&b.need, &b.offer)));
        capacities.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        check_unique(&agencies, "agency", |a| &a.id, &mut errors);
        check_unique(&suppliers, "supplier", |s| &s.id, &mut errors);
        check_unique(&offers, "offer", |o| &o.id, &mut errors);
        check_unique(&needs, "need", |n| &n.id, &mut errors);
        let agency_ix = index(&agencies, |a| &a.id);
        let supplier_ix = index(&suppliers, |s| &s.id);
        let offer_ix = index(&offers, |o| &o.id);
        let need_ix = index(&needs, |n| &n.id);

        let lookup = |map: &BTreeMap<String, usize>, kind: &'static str, id: &str, errors: &mut Vec<WorldError>| {
            let found = map.get(id).copied();
            if found.is_none() {
                errors.push(WorldError::Unknown { kind, id: id.to_string() });
            }
            found
        };

        let mut built_offers = Vec::with_capacity(offers.len());
        for o in &offers {
            let p = lookup(&supplier_ix, "supplier", &o.provider, &mut errors);
            let r = lookup(&supplier_ix, "supplier", &o.reseller, &mut errors);
            if let Some(p) = p {
                if !suppliers[p].role.can_provide() {
                    errors.push(WorldError::WrongRole {
                        id: o.provider.clone(),
                        used_as: "provider",
                        declared: suppliers[p].role,
                    });
                }
            }
            if let Some(r) = r {
                if !suppliers[r].role.can_resell() {
                    errors.push(WorldError::WrongRole {
                        id: o.reseller.clone(),
                        used_as: "reseller",
                        declared: suppliers[r].role,
                    });
                }
            }
            if let (Some(provider), Some(reseller)) = (p, r) {
                built_offers.push(Offer {
                    id: o.id.clone(),
                    provider,
                    reseller,
                    category: o.category,
                    qualified: o.qualified,
                    regions: o.regions.clone(),
                    certifications: o.certifications.clone(),
                });
            }
        }
        let mut built_needs = Vec::with_capacity(needs.len());
        for n in &needs {
            if let Some(agency) = lookup(&agency_ix, "agency", &n.agency, &mut errors) {
                built_needs.push(Need {
                    id: n.id.clone(),
                    agency,
                    title: n.title.clone(),
                    category: n.category,
                    personal_info: n.personal_info,
                    certifications: n.certifications.clone(),
                    term_months: n.term_months,
                });
            }
        }
        // Sorted by (need, offer): a duplicate follows its first. Each raw estimate is consumed (moved, not cloned:
        // a 10,000-need model with 40 offers per need has 409,000 of them).
        let mut built_estimates = Vec::with_capacity(estimates.len());
        let mut names = Interner::default();
        for i in 0..estimates.len() {
            if i > 0 && (&estimates[i - 1].need, &estimates[i - 1].offer) == (&estimates[i].need, &estimates[i].offer) {
                let e = &estimates[i];
                errors.push(WorldError::Duplicate { kind: "estimate", id: format!("{} × {}", e.need, e.offer) });
                continue;
            }
            let e = &mut estimates[i];
            let n = lookup(&need_ix, "need", &e.need, &mut errors);
            let o = lookup(&offer_ix, "offer", &e.offer, &mut errors);
            if e.price <= Decimal::ZERO || e.price > MAX_AMOUNT {
                errors.push(WorldError::Invalid {
                    what: format!("estimate {} × {} price", e.need, e.offer),
                    detail: format!("{} is not a positive amount of at most {MAX_AMOUNT}", e.price),
                });
            }
            if let Some(o) = o {
                if !offers[o].regions.iter().any(|r| *r == e.region) {
                    errors.push(WorldError::Invalid {
                        what: format!("estimate {} × {} region", e.need, e.offer),
                        detail: format!("`{}` is not one of offer {}'s regions", e.region, e.offer),
                    });
                }
            }
            if let (Some(need), Some(offer)) = (n, o) {
                built_estimates.push(Estimate {
                    need,
                    offer,
                    price: e.price,
                    region: names.get(&e.region),
                    term_months: e.term_months.unwrap_or(needs[need].term_months),
                    scores: e.scores,
                    consumption: std::mem::take(&mut e.consumption).interned(&mut names),
                });
            }
        }
        drop(estimates);
        let mut built_capacities = Vec::with_capacity(capacities.len());
        let mut cap_keys = BTreeSet::new();
        for (s, unit, limit) in &capacities {
            if !cap_keys.insert((s.clone(), unit.clone())) {
                errors.push(WorldError::Duplicate { kind: "capacity", id: format!("{s} {unit}") });
                continue;
            }
            if let Some(supplier) = lookup(&supplier_ix, "supplier", s, &mut errors) {
                built_capacities.push(Capacity { supplier, unit: unit.clone(), limit: *limit });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(World {
            agencies,
            suppliers,
            offers: built_offers,
            needs: built_needs,
            estimates: built_estimates,
            capacities: built_capacities,
        })
    }

    /// The provider of an estimate's offer.
    pub fn provider_of(&self, estimate: usize) -> usize {
        self.offers[self.estimates[estimate].offer].provider
    }

    /// The reseller of an estimate's offer.
    pub fn reseller_of(&self, estimate: usize) -> usize {
        self.offers[self.estimates[estimate].offer].reseller
    }

    /// The agency of an estimate's need.
    pub fn agency_of(&self, estimate: usize) -> usize {
        self.needs[self.estimates[estimate].need].agency
    }

    /// Find a need by id.
    pub fn need_index(&self, id: &str) -> Option<usize> {
        self.needs.binary_search_by(|n| n.id.as_str().cmp(id)).ok()
    }

    /// Find an offer by id.
    pub fn offer_index(&self, id: &str) -> Option<usize> {
        self.offers.binary_search_by(|o| o.id.as_str().cmp(id)).ok()
    }

    /// Find a supplier by id.
    pub fn supplier_index(&self, id: &str) -> Option<usize> {
        self.suppliers.binary_search_by(|s| s.id.as_str().cmp(id)).ok()
    }

    /// Find the estimate for a need and an offer.
    pub fn estimate_index(&self, need: usize, offer: usize) -> Option<usize> {
        let (n, o) = (&self.needs[need].id, &self.offers[offer].id);
        self.estimates.binary_search_by(|e| (&self.needs[e.need].id, &self.offers[e.offer].id).cmp(&(n, o))).ok()
    }

    /// Estimates of each need, in estimate order.
    pub fn estimates_by_need(&self) -> Vec<Vec<usize>> {
        let mut by_need = vec![Vec::new(); self.needs.len()];
        for (i, e) in self.estimates.iter().enumerate() {
            by_need[e.need].push(i);
        }
        by_need
    }
}

/// What the optimiser minimises or maximises (art. 48).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Objective {
    /// Art. 48 1°: lowest total price.
    Price,
    /// Art. 48 2°: highest weighted score, only with the head of the organisation's authorisation.
    Weighted(Weights),
}

/// Weights of the weighted objective; they sum to 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weights {
    /// Weight of the price score (100 × lowest eligible price / price).
    pub price: Decimal,
    /// Technological compatibility.
    pub compatibility: Decimal,
    /// Accessibility.
    pub accessibility: Decimal,
    /// Performance.
    pub performance: Decimal,
    /// Technical support.
    pub support: Decimal,
}

/// P0 eligibility parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EligibilityRules {
    /// Longest term accepted, renewals included (at most 36).
    pub max_term_months: u32,
    /// Regions whose protection the scenario declares equivalent to Quebec's for personal information.
    pub equivalent_regions: BTreeSet<String>,
}

/// P2 spread parameters; every field is optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spread {
    /// Maximum share of the awarded value for one provider.
    pub max_provider_share: Option<Decimal>,
    /// Maximum share of the awarded value for one reseller.
    pub max_reseller_share: Option<Decimal>,
    /// Minimum number of distinct providers awarded.
    pub min_providers: Option<u32>,
    /// Maximum share of one provider within one agency's awarded value.
    pub max_provider_share_per_agency: Option<Decimal>,
    /// The per-agency cap applies only to agencies with at least this many served needs.
    pub per_agency_min_needs: u32,
}

impl Default for Spread {
    /// No cap, no minimum; the per-agency cap (when set) applies from 3 served needs, as in the scenario format.
    fn default() -> Self {
        Spread {
            max_provider_share: None,
            max_reseller_share: None,
            min_providers: None,
            max_provider_share_per_agency: None,
            per_agency_min_needs: 3,
        }
    }
}

/// Who carries the Quebec-firm flag for an award (P3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuebecCredit {
    /// The award counts when its reseller is a Quebec firm.
    Reseller,
    /// The award counts when its provider is a Quebec firm.
    Provider,
    /// The award counts when either is a Quebec firm.
    Either,
}

impl QuebecCredit {
    /// Whether an award (an estimate of `world`) counts toward the Quebec floor under this rule.
    pub fn counts(self, world: &World, estimate: usize) -> bool {
        let provider = world.suppliers[world.provider_of(estimate)].quebec_firm;
        let reseller = world.suppliers[world.reseller_of(estimate)].quebec_firm;
        match self {
            QuebecCredit::Reseller => reseller,
            QuebecCredit::Provider => provider,
            QuebecCredit::Either => reseller || provider,
        }
    }
}

/// P3 Quebec access parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuebecAccess {
    /// Minimum share of the awarded value going to Quebec firms.
    pub min_share: Decimal,
    /// Who carries the flag.
    pub credit: QuebecCredit,
}

/// HiGHS settings. Pinned so that runs are reproducible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SolverSettings {
    /// Wall-clock limit of the whole solve (every stage together), seconds: a safety net. A run it stops is
    /// reported as not replayable.
    pub time_limit_seconds: f64,
    /// Relative MIP gap at which HiGHS may stop.
    pub mip_rel_gap: f64,
    /// HiGHS threads (one value everywhere: HiGHS keeps a scheduler per OS thread).
    pub threads: u32,
    /// HiGHS random seed.
    pub random_seed: i32,
    /// Deterministic work budget: branch-and-bound nodes per HiGHS run (None: no budget). With pinned threads and
    /// seed, a run stopped by it is replayable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_limit: Option<u64>,
}

impl Default for SolverSettings {
    fn default() -> Self {
        SolverSettings { time_limit_seconds: 600.0, mip_rel_gap: 0.0, threads: 1, random_seed: 0, node_limit: None }
    }
}

/// A scenario's policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// Objective basis.
    pub objective: Objective,
    /// Whether the head of the organisation authorised criteria other than price.
    pub ado_authorized: bool,
    /// P0 eligibility.
    pub eligibility: EligibilityRules,
    /// P2 (None: off).
    pub spread: Option<Spread>,
    /// P3 (None: off).
    pub quebec: Option<QuebecAccess>,
    /// Enforce suppliers' capacities.
    pub capacity: bool,
    /// Seed of the published tie-break draw (P1).
    pub tiebreak_seed: u64,
    /// Solver settings.
    pub solver: SolverSettings,
    /// Awards already made (the scenario's `committed` file), sorted by need id: each counts toward every share,
    /// floor and capacity, and its need is never re-awarded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub committed: Vec<Commitment>,
}

/// An award already made: its need keeps this offer whatever the policy, and the award counts toward every share,
/// floor and capacity. `start` is when its migration starts (None: already migrated, or not planned).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Commitment {
    /// Need id.
    pub need: String,
    /// Offer id.
    pub offer: String,
    /// First day of its migration, when under way or planned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<chrono::NaiveDate>,
}

impl Policy {
    /// The commitment of a need, if any.
    pub fn commitment(&self, need_id: &str) -> Option<&Commitment> {
        self.committed.binary_search_by(|c| c.need.as_str().cmp(need_id)).ok().map(|i| &self.committed[i])
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            objective: Objective::Price,
            ado_authorized: false,
            eligibility: EligibilityRules {
                max_term_months: ART48_MAX_TERM_MONTHS,
                equivalent_regions: BTreeSet::new(),
            },
            spread: None,
            quebec: None,
            capacity: true,
            tiebreak_seed: 0,
            solver: SolverSettings::default(),
            committed: Vec::new(),
        }
    }
}
