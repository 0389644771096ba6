//! Checks across rows and files of a model: unique ids and keys, references to declared ids, suppliers used in
//! the role they are declared with, estimate regions offered by their offer, and consumption only for estimates.
//! Each problem is reported on the row that holds the duplicate or the reference.

use super::diagnostic::{codes, Diagnostic};
use super::rows::{ModelFiles, Parsed, AGENCIES, CAPACITIES, ESTIMATES, NEEDS, OFFERS, SUPPLIERS};
use super::table::Table;
use crate::domain::Role;
use std::collections::{BTreeSet, HashMap};
use std::hash::Hash;

/// The keys a file declares, with the line and row index of their first declaration.
struct Keys<K> {
    first: HashMap<K, (u64, usize)>,
    /// False when the file was unusable or a row's key could not be read: an absent key may then be declared on
    /// an unreadable row, so references to it are not reported.
    usable: bool,
}

impl<K: Hash + Eq> Keys<K> {
    fn unusable() -> Self {
        Keys { first: HashMap::new(), usable: false }
    }
    fn is_missing(&self, key: &K) -> bool {
        self.usable && !self.first.contains_key(key)
    }
}

/// Register each row's key, reporting the second and later rows with a key already seen. Keys may borrow from
/// the rows (the estimates' and consumption's do: with cloned ids, loading 10,000 needs × 40 offers peaked at
/// 467 MB, 423 MB with borrowed ones).
fn declare<'a, R, K: Hash + Eq>(
    parsed: &'a Option<Parsed<R>>,
    column: &str,
    key: impl Fn(&'a R) -> Option<K>,
    line: impl Fn(&R) -> u64,
    describe: impl Fn(&K) -> String,
    diags: &mut Vec<Diagnostic>,
) -> Keys<K> {
    let Some(parsed) = parsed else { return Keys::unusable() };
    let mut keys = Keys { first: HashMap::new(), usable: parsed.table.complete };
    for (i, row) in parsed.rows.iter().enumerate() {
        let Some(k) = key(row) else {
            keys.usable = false;
            continue;
        };
        if let Some(&(first_line, _)) = keys.first.get(&k) {
            diags.push(duplicate(&parsed.table, line(row), column, &describe(&k), first_line));
        } else {
            keys.first.insert(k, (line(row), i));
        }
    }
    keys
}

fn duplicate(table: &Table, line: u64, column: &str, what: &str, first_line: u64) -> Diagnostic {
    table
        .diag(codes::DUPLICATE, line, column, format!("duplicate {what}: already on line {first_line}"))
        .hint(format!("keep one of the two rows in {} (lines {first_line} and {line})", table.schema.file))
}

/// The ids one file declares, and what to call them in messages.
struct Ids {
    keys: Keys<String>,
    kind: &'static str,
    file: &'static str,
    /// Each id by its ASCII-lowercase form (the smallest when several fold alike), to suggest the id an unknown
    /// reference differs from only in case without scanning every id for every reference.
    folded: HashMap<String, String>,
}

impl Ids {
    fn new(keys: Keys<String>, kind: &'static str, file: &'static str) -> Self {
        let mut folded: HashMap<String, String> = HashMap::new();
        for k in keys.first.keys() {
            let e = folded.entry(k.to_ascii_lowercase()).or_insert_with(|| k.clone());
            if k < e {
                *e = k.clone();
            }
        }
        Ids { keys, kind, file, folded }
    }
}

/// Report a reference to an id that `ids` does not declare. Returns true when the id is known to be declared.
fn check_reference(
    ids: &Ids,
    table: &Table,
    line: u64,
    column: &str,
    id: &Option<String>,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let Some(id) = id else { return false };
    let Ids { keys, kind, file, folded } = ids;
    if !keys.is_missing(id) {
        return keys.first.contains_key(id);
    }
    let d = table.diag(codes::UNKNOWN_REFERENCE, line, column, format!("{kind} `{id}` is not declared in {file}"));
    let close = folded.get(&id.trim().to_ascii_lowercase());
    diags.push(match close {
        Some(k) => d.hint(format!("did you mean `{k}`? ids are case-sensitive and have no spaces around them")),
        None => d.hint(format!("declare {kind} `{id}` in {file}, or correct the id")),
    });
    false
}

/// Run every cross-file check.
pub(crate) fn check(model: &ModelFiles, diags: &mut Vec<Diagnostic>) {
    let id = |kind: &'static str| move |k: &String| format!("{kind} id `{k}`");
    let keys = declare(&model.agencies, "id", |r| r.id.clone(), |r| r.line, id("agency"), diags);
    let agencies = Ids::new(keys, "agency", AGENCIES.file);
    let keys = declare(&model.suppliers, "id", |r| r.id.clone(), |r| r.line, id("supplier"), diags);
    let suppliers = Ids::new(keys, "supplier", SUPPLIERS.file);
    let keys = declare(&model.offers, "id", |r| r.id.clone(), |r| r.line, id("offer"), diags);
    let offers = Ids::new(keys, "offer", OFFERS.file);
    let keys = declare(&model.needs, "id", |r| r.id.clone(), |r| r.line, id("need"), diags);
    let needs = Ids::new(keys, "need", NEEDS.file);
    check_need_agencies(model, &agencies, diags);
    check_offer_suppliers(model, &suppliers, diags);
    let estimates = check_estimates(model, &needs, &offers, diags);
    check_capacities(model, &suppliers, diags);
    check_consumption(model, &needs, &offers, &estimates, diags);
}

fn check_need_agencies(model: &ModelFiles, agencies: &Ids, diags: &mut Vec<Diagnostic>) {
    let Some(needs) = &model.needs else { return };
    for n in &needs.rows {
        check_reference(agencies, &needs.table, n.line, "agency", &n.agency, diags);
    }
}

/// Each supplier's declared role and line (first declaration).
fn roles(model: &ModelFiles) -> HashMap<&str, (Role, u64)> {
    let mut roles = HashMap::new();
    for s in model.suppliers.iter().flat_map(|p| &p.rows) {
        if let (Some(id), Some(role)) = (&s.id, s.role) {
            roles.entry(id.as_str()).or_insert((role, s.line));
        }
    }
    roles
}

fn check_offer_suppliers(model: &ModelFiles, suppliers: &Ids, diags: &mut Vec<Diagnostic>) {
    let Some(offers) = &model.offers else { return };
    let roles = roles(model);
    for o in &offers.rows {
        for (column, id) in [("provider", &o.provider), ("reseller", &o.reseller)] {
            if check_reference(suppliers, &offers.table, o.line, column, id, diags) {
                let id = id.as_deref().unwrap_or_default();
                if let Some(&(role, line)) = roles.get(id) {
                    check_role(&offers.table, o.line, column, id, role, line, diags);
                }
            }
        }
    }
}

fn role_word(role: Role) -> &'static str {
    match role {
        Role::Provider => "provider",
        Role::Reseller => "reseller",
        Role::Both => "both",
    }
}

/// A supplier used as provider must be declared `provider` or `both`; as reseller, `reseller` or `both`.
fn check_role(
    table: &Table,
    line: u64,
    used_as: &str,
    id: &str,
    role: Role,
    declared_line: u64,
    diags: &mut Vec<Diagnostic>,
) {
    let allowed = if used_as == "provider" { role.can_provide() } else { role.can_resell() };
    if allowed {
        return;
    }
    let message = format!(
        "supplier `{id}` is used as {used_as} but {} line {declared_line} declares it `{}`",
        SUPPLIERS.file,
        role_word(role)
    );
    let hint = if used_as == "provider" {
        "name the platform owner here; if this supplier also owns the platform, declare its role `both`"
    } else {
        "name the reseller here; if this provider sells its own offer directly, declare its role `both`"
    };
    diags.push(
        table
            .diag(codes::WRONG_ROLE, line, used_as, message)
            .expected(format!("a supplier whose role is `{used_as}` or `both`"))
            .hint(hint),
    );
}

fn check_estimates<'a>(
    model: &'a ModelFiles,
    needs: &Ids,
    offers: &Ids,
    diags: &mut Vec<Diagnostic>,
) -> Keys<(&'a str, &'a str)> {
    let pair = |r: &'a super::rows::EstimateRow| Some((r.need.as_deref()?, r.offer.as_deref()?));
    let describe = |(n, o): &(&str, &str)| format!("estimate for need `{n}` and offer `{o}`");
    let keys = declare(&model.estimates, "need", pair, |r| r.line, describe, diags);
    let Some(estimates) = &model.estimates else { return keys };
    let regions: HashMap<&str, (&BTreeSet<String>, u64)> = model
        .offers
        .iter()
        .flat_map(|p| &p.rows)
        .filter_map(|o| Some((o.id.as_deref()?, (o.regions.as_ref()?, o.line))))
        .collect();
    for e in &estimates.rows {
        let t = &estimates.table;
        check_reference(needs, t, e.line, "need", &e.need, diags);
        if check_reference(offers, t, e.line, "offer", &e.offer, diags) {
            let offer = e.offer.as_deref().unwrap_or_default();
            if let (Some(region), Some(&(offered, offer_line))) = (&e.region, regions.get(offer)) {
                check_region(t, e.line, region, offer, offered, offer_line, diags);
            }
        }
    }
    keys
}

fn check_region(
    table: &Table,
    line: u64,
    region: &str,
    offer: &str,
    offered: &BTreeSet<String>,
    offer_line: u64,
    diags: &mut Vec<Diagnostic>,
) {
    if offered.contains(region) {
        return;
    }
    let list = offered.iter().cloned().collect::<Vec<_>>().join(";");
    diags.push(
        table
            .diag(
                codes::REGION_NOT_OFFERED,
                line,
                "region",
                format!(
                    "region `{region}` is not among offer `{offer}`'s regions `{list}` ({} line {offer_line})",
                    OFFERS.file
                ),
            )
            .expected(format!("one of the offer's regions: `{list}`"))
            .hint(format!(
                "use one of the offer's regions, or add `{region}` to the offer's regions in {}",
                OFFERS.file
            )),
    );
}

fn check_capacities(model: &ModelFiles, suppliers: &Ids, diags: &mut Vec<Diagnostic>) {
    let key = |r: &super::rows::CapacityRow| Some((r.supplier.clone()?, r.unit.clone()?));
    let describe = |(s, u): &(String, String)| format!("capacity of supplier `{s}` in unit `{u}`");
    declare(&model.capacities, "supplier", key, |r| r.line, describe, diags);
    let Some(capacities) = &model.capacities else { return };
    for c in &capacities.rows {
        check_reference(suppliers, &capacities.table, c.line, "supplier", &c.supplier, diags);
    }
}

fn check_consumption<'a>(
    model: &'a ModelFiles,
    needs: &Ids,
    offers: &Ids,
    estimates: &Keys<(&str, &str)>,
    diags: &mut Vec<Diagnostic>,
) {
    let key = |r: &'a super::rows::ConsumptionRow| Some((r.need.as_deref()?, r.offer.as_deref()?, r.unit.as_deref()?));
    let describe = |(n, o, u): &(&str, &str, &str)| format!("consumption of need `{n}` and offer `{o}` in unit `{u}`");
    declare(&model.consumption, "need", key, |r| r.line, describe, diags);
    let Some(consumption) = &model.consumption else { return };
    let t = &consumption.table;
    // Units some capacity declares; unknown when capacities.csv could not be read in full.
    let units: Option<BTreeSet<&str>> = match &model.capacities {
        Some(p) if p.table.complete && p.rows.iter().all(|r| r.unit.is_some()) => {
            Some(p.rows.iter().filter_map(|r| r.unit.as_deref()).collect())
        }
        _ => None,
    };
    for c in &consumption.rows {
        if let (Some(units), Some(unit)) = (&units, &c.unit) {
            if !units.contains(unit.as_str()) {
                diags.push(unit_without_capacity(t, c.line, unit, units));
            }
        }
        let need_known = check_reference(needs, t, c.line, "need", &c.need, diags);
        let offer_known = check_reference(offers, t, c.line, "offer", &c.offer, diags);
        let (Some(need), Some(offer)) = (&c.need, &c.offer) else { continue };
        if need_known && offer_known && estimates.is_missing(&(need.as_str(), offer.as_str())) {
            diags.push(
                t.diag(
                    codes::CONSUMPTION_WITHOUT_ESTIMATE,
                    c.line,
                    "need",
                    format!("there is no estimate for need `{need}` and offer `{offer}` in {}", ESTIMATES.file),
                )
                .hint("consumption belongs to an estimate: add the estimate, or remove this row"),
            );
        }
    }
}

/// A consumption in a unit that no capacity declares: almost always a misspelt unit, which would otherwise limit
/// nothing. The same rule applies to the estimates of needs a what-if adds.
fn unit_without_capacity(table: &Table, line: u64, unit: &str, units: &BTreeSet<&str>) -> Diagnostic {
    let list = units.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(", ");
    let d = table
        .diag(
            codes::UNIT_WITHOUT_CAPACITY,
            line,
            "unit",
            format!("unit `{unit}` has no capacity in {}", CAPACITIES.file),
        )
        .expected(if list.is_empty() {
            "a unit declared in capacities.csv (it declares none)".to_string()
        } else {
            format!("one of the units of {}: {list}", CAPACITIES.file)
        });
    d.hint("declare a capacity in this unit in capacities.csv, or correct the unit's spelling")
}

#[cfg(test)]
mod tests {
    use crate::io::codes;
    use crate::io::testutil::{append, model_errors, render, replace, single, tiny_copy};

    #[test]
    fn a_duplicate_id_is_reported_on_the_second_row_with_the_first_line() {
        let dir = tiny_copy();
        append(dir.path(), "needs.csv", "N-002,MCN,Autre,PaaS,false,,24");
        let d = model_errors(dir.path());
        let d = single(&d, codes::DUPLICATE, "needs.csv", Some(7), Some("id"));
        assert!(d.message.contains("need id `N-002`") && d.message.contains("line 3"), "{d}");
    }

    #[test]
    fn duplicate_keys_are_reported() {
        let dir = tiny_copy();
        append(dir.path(), "estimates.csv", "N-001,O-QC-IAAS,1.00,qc,,,,,");
        append(dir.path(), "capacities.csv", "NUAGIQ,migration_days,5");
        append(dir.path(), "consumption.csv", "N-001,O-AWS-IAAS,migration_days,1");
        let d = model_errors(dir.path());
        assert_eq!(d.len(), 3, "{}", render(&d));
        assert!(d.iter().all(|d| d.code == codes::DUPLICATE));
        assert!(d[0].is_in("estimates.csv") && d[0].line == Some(12) && d[0].message.contains("line 3"));
        assert!(d[1].is_in("capacities.csv") && d[1].line == Some(3));
        assert!(d[2].is_in("consumption.csv") && d[2].line == Some(5));
    }

    #[test]
    fn an_unknown_agency_is_reported_on_the_referencing_row() {
        let dir = tiny_copy();
        replace(dir.path(), "needs.csv", "N-003,CIUSSS-CN", "N-003,CIUSSS-QC");
        let d = model_errors(dir.path());
        let d = single(&d, codes::UNKNOWN_REFERENCE, "needs.csv", Some(4), Some("agency"));
        assert_eq!(d.column, Some(2));
        assert!(d.message.contains("agency `CIUSSS-QC` is not declared in agencies.csv"), "{d}");
    }

    #[test]
    fn a_reference_differing_only_in_case_gets_a_hint() {
        let dir = tiny_copy();
        replace(dir.path(), "needs.csv", "N-002,MCN", "N-002,mcn");
        let d = model_errors(dir.path());
        let d = single(&d, codes::UNKNOWN_REFERENCE, "needs.csv", Some(3), Some("agency"));
        assert!(d.hint.as_ref().unwrap().contains("did you mean `MCN`"), "{d}");
    }

    #[test]
    fn unknown_suppliers_offers_and_needs_are_reported() {
        let dir = tiny_copy();
        replace(dir.path(), "offers.csv", "O-MSFT-PAAS,MSFT", "O-MSFT-PAAS,GOOG");
        replace(dir.path(), "estimates.csv", "N-005,O-AWS-IAAS", "N-009,O-AWS-IAAS");
        replace(dir.path(), "estimates.csv", "N-005,O-QC-IAAS", "N-005,O-QC-SAAS");
        replace(dir.path(), "capacities.csv", "NUAGIQ", "NUAGE");
        replace(dir.path(), "consumption.csv", "N-002,O-MSFT-PAAS", "N-002,O-MSFT");
        let d = model_errors(dir.path());
        let got: Vec<_> =
            d.iter().map(|d| (d.file.file_name().unwrap().to_str().unwrap(), d.line, d.field.as_deref())).collect();
        assert_eq!(
            got,
            [
                ("offers.csv", Some(3), Some("provider")),
                ("estimates.csv", Some(10), Some("need")),
                ("estimates.csv", Some(11), Some("offer")),
                ("capacities.csv", Some(2), Some("supplier")),
                ("consumption.csv", Some(3), Some("offer")),
            ],
            "{}",
            render(&d)
        );
        assert!(d.iter().all(|d| d.code == codes::UNKNOWN_REFERENCE));
    }

    #[test]
    fn consumption_needs_an_estimate() {
        let dir = tiny_copy();
        append(dir.path(), "consumption.csv", "N-004,O-AWS-IAAS,migration_days,3");
        let d = model_errors(dir.path());
        let d = single(&d, codes::CONSUMPTION_WITHOUT_ESTIMATE, "consumption.csv", Some(5), Some("need"));
        assert!(d.message.contains("need `N-004` and offer `O-AWS-IAAS`"), "{d}");
    }

    #[test]
    fn a_reseller_used_as_provider_is_reported() {
        let dir = tiny_copy();
        replace(dir.path(), "offers.csv", "O-QC-PAAS,QCLOUD", "O-QC-PAAS,NUAGIQ");
        let d = model_errors(dir.path());
        let d = single(&d, codes::WRONG_ROLE, "offers.csv", Some(5), Some("provider"));
        assert!(
            d.message.contains("`NUAGIQ` is used as provider but suppliers.csv line 4 declares it `reseller`"),
            "{d}"
        );
    }

    #[test]
    fn a_provider_used_as_reseller_is_reported() {
        let dir = tiny_copy();
        replace(dir.path(), "offers.csv", "AWS,NUAGIQ", "AWS,AWS");
        let d = model_errors(dir.path());
        let d = single(&d, codes::WRONG_ROLE, "offers.csv", Some(2), Some("reseller"));
        assert!(d.hint.as_ref().unwrap().contains("`both`"));
    }

    #[test]
    fn an_estimate_region_must_be_among_its_offer_regions() {
        let dir = tiny_copy();
        replace(dir.path(), "estimates.csv", "O-MSFT-PAAS,64000.00,ca-on", "O-MSFT-PAAS,64000.00,qc");
        let d = model_errors(dir.path());
        let d = single(&d, codes::REGION_NOT_OFFERED, "estimates.csv", Some(8), Some("region"));
        assert!(d.message.contains("`ca-central;ca-on`") && d.message.contains("offers.csv line 3"), "{d}");
    }

    #[test]
    fn references_into_a_missing_file_are_not_reported() {
        let dir = tiny_copy();
        std::fs::remove_file(dir.path().join("agencies.csv")).unwrap();
        let d = model_errors(dir.path());
        single(&d, codes::MISSING_FILE, "agencies.csv", None, None);
    }

    #[test]
    fn references_into_a_file_with_an_unreadable_row_are_not_reported() {
        let dir = tiny_copy();
        replace(
            dir.path(),
            "agencies.csv",
            "CSS-MTL,Centre de services scolaire de Montréal",
            "CSS-MTL,Centre, Montréal",
        );
        let d = model_errors(dir.path());
        single(&d, codes::FIELD_COUNT, "agencies.csv", Some(4), None);
    }

    #[test]
    fn a_malformed_declared_id_is_reported_once() {
        let dir = tiny_copy();
        replace(dir.path(), "suppliers.csv", "AWS,", "AWS!,");
        replace(dir.path(), "offers.csv", "O-AWS-IAAS,AWS,", "O-AWS-IAAS,AWS!,");
        replace(dir.path(), "capacities.csv", "NUAGIQ", "NUAGIQ");
        let d = model_errors(dir.path());
        single(&d, codes::MALFORMED_ID, "suppliers.csv", Some(2), Some("id"));
    }
}
