//! `[whatif]`: the changes a scenario makes to its model, checked with the validators the CSV readers use (an id
//! in a what-if is refused exactly as in a CSV cell, an added need and its estimates accept exactly what
//! `needs.csv`, `estimates.csv` and `consumption.csv` accept), and located: [`Sites`] knows, for every what-if
//! entry, the file of the `extends` chain and the line and column that write it, so a problem found here or later
//! when the what-if is applied to the model is reported there.

use super::policy::Checker;
use super::raw::{DecimalInput, RawAddEstimate, RawAddNeed, RawWhatIf};
use super::Source;
use crate::domain::{Category, Network, Scores};
use crate::io::diagnostic::{codes, Diagnostic};
use crate::io::values::{self, Problem};
use crate::whatif::{AddedEstimate, AddedNeed, NeedFilter, PriceFilter, WhatIf};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use toml::Spanned;

/// One table of a what-if as written, with the span of each key's value.
type Entry = Spanned<BTreeMap<String, Spanned<toml::Value>>>;

/// The `[whatif]` table of one file, read only for the places of its entries.
#[derive(Deserialize, Default)]
struct SiteWhatIf {
    remove_suppliers: Option<Vec<Spanned<toml::Value>>>,
    scale_prices: Option<Vec<Entry>>,
    capacities: Option<Vec<Entry>>,
    drop_needs: Option<Entry>,
    add_needs: Option<Vec<Entry>>,
}

#[derive(Deserialize, Default)]
struct SiteFile {
    whatif: Option<SiteWhatIf>,
}

/// Where a what-if is written: a place in a file of the chain, and the key it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Site {
    pub file: PathBuf,
    pub at: Option<(u64, u64)>,
    pub field: String,
}

impl Site {
    /// A diagnostic at this place.
    pub fn diag(&self, code: &'static str, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::new(code, &self.file, message).field(&self.field);
        match self.at {
            Some((line, column)) => d.at(line, Some(column)),
            None => d,
        }
    }
}

/// The places of the what-if entries in the files of an `extends` chain (nearest first). An array of what-ifs is
/// written by the nearest file that has it (arrays are replaced, not merged); a key of `drop_needs` by the nearest
/// file that has that key.
pub(crate) struct Sites {
    files: Vec<(PathBuf, String, SiteWhatIf)>,
}

impl Sites {
    /// Read the places of every file of the chain, nearest first.
    pub fn new(chain: &[(PathBuf, String)]) -> Sites {
        let files = chain
            .iter()
            .map(|(p, t)| {
                let w = toml::from_str::<SiteFile>(t).ok().and_then(|f| f.whatif).unwrap_or_default();
                (p.clone(), t.clone(), w)
            })
            .collect();
        Sites { files }
    }

    /// The place of entry `index` of the what-if array `key` (`scale_prices`, …), at its `column` key if given.
    pub fn site(&self, key: &str, index: usize, column: Option<&str>) -> Site {
        let field = match column {
            Some(c) => format!("whatif.{key}.{c}"),
            None => format!("whatif.{key}"),
        };
        for (path, text, w) in &self.files {
            let span = match key {
                "remove_suppliers" => w.remove_suppliers.as_ref().map(|v| v.get(index).map(|s| s.span())),
                "drop_needs" => w.drop_needs.as_ref().and_then(|e| {
                    let inner = column.and_then(|c| e.get_ref().get(c)).map(|v| v.span());
                    // A key of drop_needs that this file does not write is written by a base.
                    (column.is_none() || inner.is_some()).then_some(inner.or(Some(e.span())))
                }),
                _ => {
                    let entries = match key {
                        "scale_prices" => &w.scale_prices,
                        "capacities" => &w.capacities,
                        _ => &w.add_needs,
                    };
                    entries.as_ref().map(|v| {
                        v.get(index).map(|e| column.and_then(|c| e.get_ref().get(c)).map_or(e.span(), |v| v.span()))
                    })
                }
            };
            if let Some(span) = span {
                let at = span.map(|s| Source::new(path, text).locate(s.start));
                return Site { file: path.clone(), at, field };
            }
        }
        let file = self.files.first().map(|f| f.0.clone()).unwrap_or_default();
        Site { file, at: None, field }
    }
}

/// `[whatif]` as changes, in the documented order (removals, price scalings, capacities, dropped needs, added
/// needs), each with its place.
pub(super) fn whatifs(w: &RawWhatIf, sites: &Sites, c: &mut Checker) -> Vec<(WhatIf, Site)> {
    let mut out = Vec::new();
    let mut v = Check { sites, c };
    for (i, s) in w.remove_suppliers.iter().flatten().enumerate() {
        if v.id("remove_suppliers", i, None, s) {
            out.push((WhatIf::RemoveSupplier { supplier: s.clone() }, sites.site("remove_suppliers", i, None)));
        }
    }
    for (i, s) in w.scale_prices.iter().flatten().enumerate() {
        let key = "scale_prices";
        let factor = match s.factor.to_decimal() {
            Ok(f) if f > Decimal::ZERO => Some(f),
            Ok(f) => v.bad(key, i, "factor", format!("factor {f} is not positive"), "a factor > 0, e.g. 1.10"),
            Err(m) => v.bad(key, i, "factor", m, "a factor > 0, e.g. 1.10"),
        };
        let provider = s.provider.as_ref().is_none_or(|p| v.id(key, i, Some("provider"), p));
        let reseller = s.reseller.as_ref().is_none_or(|r| v.id(key, i, Some("reseller"), r));
        let category = match s.category.as_deref().map(parse_category) {
            Some(Err(m)) => v.bad(key, i, "category", m, "IaaS, PaaS or SaaS"),
            Some(Ok(cat)) => Some(Some(cat)),
            None => Some(None),
        };
        if let (Some(factor), true, true, Some(category)) = (factor, provider, reseller, category) {
            let filter = PriceFilter { provider: s.provider.clone(), reseller: s.reseller.clone(), category };
            out.push((WhatIf::ScalePrices { factor, filter }, sites.site(key, i, None)));
        }
    }
    for (i, k) in w.capacities.iter().flatten().enumerate() {
        let key = "capacities";
        let limit = match &k.limit {
            DecimalInput::Text(t) if t == "none" => Some(None),
            other => v.value(key, i, "limit", values::parse_quantity(&other.text())).map(Some),
        };
        let supplier = v.id(key, i, Some("supplier"), &k.supplier);
        let unit = v.id(key, i, Some("unit"), &k.unit);
        if let (Some(limit), true, true) = (limit, supplier, unit) {
            let change = WhatIf::SetCapacity { supplier: k.supplier.clone(), unit: k.unit.clone(), limit };
            out.push((change, sites.site(key, i, None)));
        }
    }
    if let Some(f) = &w.drop_needs {
        let key = "drop_needs";
        let mut ok = f.needs.iter().all(|n| v.id(key, 0, Some("needs"), n));
        ok &= f.agencies.iter().all(|a| v.id(key, 0, Some("agencies"), a));
        let mut categories = Vec::new();
        for x in &f.categories {
            match parse_category(x) {
                Ok(cat) => categories.push(cat),
                Err(m) => ok &= v.bad::<()>(key, 0, "categories", m, "IaaS, PaaS or SaaS").is_some(),
            }
        }
        let mut networks = Vec::new();
        for x in &f.networks {
            match x.as_str() {
                "ministry" => networks.push(Network::Ministry),
                "agency" => networks.push(Network::Agency),
                "rsss" => networks.push(Network::Rsss),
                "rees" => networks.push(Network::Rees),
                other => {
                    let m = format!("unknown network `{other}`");
                    ok &= v.bad::<()>(key, 0, "networks", m, "ministry, agency, rsss or rees").is_some();
                }
            }
        }
        if ok {
            let filter = NeedFilter { needs: f.needs.clone(), agencies: f.agencies.clone(), categories, networks };
            out.push((WhatIf::DropNeeds { filter }, sites.site(key, 0, None)));
        }
    }
    for (i, a) in w.add_needs.iter().flatten().enumerate() {
        if let Some(change) = added_need(a, i, &mut v) {
            out.push((change, sites.site("add_needs", i, None)));
        }
    }
    out
}

/// `[[whatif.add_needs]]`: the need with the checks of a `needs.csv` row, its estimates with those of
/// `estimates.csv` and `consumption.csv` rows.
fn added_need(a: &RawAddNeed, i: usize, v: &mut Check) -> Option<WhatIf> {
    let key = "add_needs";
    let id = v.id(key, i, Some("id"), &a.id);
    let agency = v.id(key, i, Some("agency"), &a.agency);
    let title = if a.title.trim().is_empty() {
        v.bad(key, i, "title", "`title` is empty".into(), "a short description of the need")
    } else {
        Some(())
    };
    let category = match parse_category(&a.category) {
        Ok(cat) => Some(cat),
        Err(m) => v.bad(key, i, "category", m, "IaaS, PaaS or SaaS"),
    };
    let certifications = a.certifications.iter().all(|c| v.id(key, i, Some("certifications"), c));
    let term_months = v.value(key, i, "term_months", values::parse_months(&a.term_months.to_string()));
    let mut estimates = Vec::new();
    let mut offers = BTreeSet::new();
    let mut all_ok = true;
    for (k, e) in a.estimates.iter().enumerate() {
        if !offers.insert(e.offer.as_str()) {
            let m =
                format!("estimate {} repeats offer `{}`: a (need, offer) pair appears at most once", k + 1, e.offer);
            all_ok &= v.bad::<()>(key, i, "estimates", m, "one estimate per offer").is_some();
        }
        match added_estimate(e, k, i, v) {
            Some(e) => estimates.push(e),
            None => all_ok = false,
        }
    }
    let (true, true, Some(()), Some(category), true, Some(term_months), true) =
        (id, agency, title, category, certifications, term_months, all_ok)
    else {
        return None;
    };
    let need = AddedNeed {
        id: a.id.clone(),
        agency: a.agency.clone(),
        title: a.title.clone(),
        category,
        personal_info: a.personal_info,
        certifications: a.certifications.iter().cloned().collect(),
        term_months,
    };
    Some(WhatIf::AddNeed { need, estimates })
}

/// One estimate of an added need (the `k`-th of need `i`).
fn added_estimate(e: &RawAddEstimate, k: usize, i: usize, v: &mut Check) -> Option<AddedEstimate> {
    // Problems inside an estimate are placed at the need's `estimates` key and say which estimate.
    fn value<T>(v: &mut Check, i: usize, k: usize, offer: &str, r: Result<T, Problem>) -> Option<T> {
        let r = r.map_err(|p| Problem { message: format!("estimate {} (offer `{offer}`): {}", k + 1, p.message), ..p });
        v.value("add_needs", i, "estimates", r)
    }
    let offer = value(v, i, k, &e.offer, values::check_id(&e.offer));
    let region = value(v, i, k, &e.offer, values::check_id(&e.region));
    let price = value(v, i, k, &e.offer, values::parse_price(&e.price));
    let term_months = match e.term_months {
        Some(t) => value(v, i, k, &e.offer, values::parse_months(&t.to_string())).map(Some),
        None => Some(None),
    };
    let given = [&e.compatibility, &e.accessibility, &e.performance, &e.support];
    let scores = match given.iter().filter(|s| s.is_some()).count() {
        0 => Some(None),
        4 => {
            let [c, a, p, s] = given.map(|s| {
                let text = s.as_ref().map(|d| d.text()).unwrap_or_default();
                value(v, i, k, &e.offer, values::parse_score(&text))
            });
            match (c, a, p, s) {
                (Some(compatibility), Some(accessibility), Some(performance), Some(support)) => {
                    Some(Some(Scores { compatibility, accessibility, performance, support }))
                }
                _ => None,
            }
        }
        _ => value(
            v,
            i,
            k,
            &e.offer,
            Err(Problem::new(codes::INCOMPLETE_SCORES, "some but not all four scores are given")
                .expected("all four scores (compatibility, accessibility, performance, support) or none")),
        ),
    };
    let mut consumption = BTreeMap::new();
    let mut units_ok = true;
    for (unit, amount) in &e.units {
        let unit_ok = value(v, i, k, &e.offer, values::check_id(unit)).is_some();
        match value(v, i, k, &e.offer, values::parse_quantity(&amount.text())) {
            Some(a) if unit_ok => {
                consumption.insert(unit.clone(), a);
            }
            _ => units_ok = false,
        }
    }
    let (Some(()), Some(()), Some(price), Some(term_months), Some(scores), true) =
        (offer, region, price, term_months, scores, units_ok)
    else {
        return None;
    };
    Some(AddedEstimate { offer: e.offer.clone(), price, region: e.region.clone(), term_months, scores, consumption })
}

/// The checks of what-if values, reporting each problem at its place.
struct Check<'a, 'b> {
    sites: &'a Sites,
    c: &'a mut Checker<'b>,
}

impl Check<'_, '_> {
    /// Report a problem with what-if `key` entry `i`'s `column`; returns `None` to ease `?`-like use.
    fn bad<T>(&mut self, key: &str, i: usize, column: &str, message: String, expected: &str) -> Option<T> {
        let d = self.sites.site(key, i, Some(column)).diag(codes::BAD_WHATIF, message).expected(expected);
        self.c.push(d.hint("see scenarios/README.md, section What-ifs"));
        None
    }

    /// A value checked by one of the CSV validators: its problem is reported with the validator's code.
    fn value<T>(&mut self, key: &str, i: usize, column: &str, r: Result<T, Problem>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(p) => {
                let d = self.sites.site(key, i, Some(column)).diag(p.code, p.message).maybe_hint(p.hint);
                self.c.push(match p.expected {
                    Some(e) => d.expected(e),
                    None => d,
                });
                None
            }
        }
    }

    /// An id or code, checked as a CSV cell would be; true when it is well-formed.
    fn id(&mut self, key: &str, i: usize, column: Option<&str>, id: &str) -> bool {
        let column = column.unwrap_or(key);
        let r = values::check_id(id);
        let ok = r.is_ok();
        if let Err(p) = r {
            let site = match column {
                c if c == key => self.sites.site(key, i, None),
                c => self.sites.site(key, i, Some(c)),
            };
            let d = site.diag(p.code, p.message).maybe_hint(p.hint);
            self.c.push(match p.expected {
                Some(e) => d.expected(e),
                None => d,
            });
        }
        ok
    }
}

fn parse_category(s: &str) -> Result<Category, String> {
    match s {
        "IaaS" => Ok(Category::IaaS),
        "PaaS" => Ok(Category::PaaS),
        "SaaS" => Ok(Category::SaaS),
        other => Err(format!("unknown category `{other}`")),
    }
}
