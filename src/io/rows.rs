//! The files of a model folder and their rows: the schema of each CSV file (`models/README.md`) and the parser of
//! one row of each, which reads every cell through [`Row`] and keeps what later checks need (ids, references,
//! lines) even when other cells are wrong.

use super::diagnostic::{codes, Diagnostic};
use super::table::{read_table, too_many_problems, Row, Schema, Table, MAX_PROBLEMS_PER_FILE};
use super::InputFile;
use crate::domain::{Agency, Category, Network, RawEstimate, RawNeed, RawOffer, Role, Scores, Supplier};
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::path::Path;

const fn schema(file: &'static str, columns: &'static [&'static str], optional: bool) -> Schema {
    Schema { file, columns, extra_columns_allowed: false, optional }
}

/// `agencies.csv`.
pub(crate) const AGENCIES: Schema = schema("agencies.csv", &["id", "name", "network"], false);
/// `suppliers.csv`.
pub(crate) const SUPPLIERS: Schema = schema("suppliers.csv", &["id", "name", "role", "quebec_firm"], false);
/// `offers.csv`.
pub(crate) const OFFERS: Schema =
    schema("offers.csv", &["id", "provider", "reseller", "category", "qualified", "regions", "certifications"], false);
/// `needs.csv`.
pub(crate) const NEEDS: Schema = schema(
    "needs.csv",
    &["id", "agency", "title", "category", "personal_info", "certifications", "term_months"],
    false,
);
/// The four art. 48 2° score columns of `estimates.csv`.
pub(crate) const SCORE_COLUMNS: [&str; 4] = ["compatibility", "accessibility", "performance", "support"];
/// `estimates.csv`.
pub(crate) const ESTIMATES: Schema = schema(
    "estimates.csv",
    &["need", "offer", "price", "region", "term_months", "compatibility", "accessibility", "performance", "support"],
    false,
);
/// `capacities.csv` (optional).
pub(crate) const CAPACITIES: Schema = schema("capacities.csv", &["supplier", "unit", "limit"], true);
/// `consumption.csv` (optional).
pub(crate) const CONSUMPTION: Schema = schema("consumption.csv", &["need", "offer", "unit", "amount"], true);

/// Every model file, in the order they are read and reported.
pub(crate) const SCHEMAS: [Schema; 7] = [AGENCIES, SUPPLIERS, OFFERS, NEEDS, ESTIMATES, CAPACITIES, CONSUMPTION];

const NETWORKS: &[(&str, Network)] =
    &[("ministry", Network::Ministry), ("agency", Network::Agency), ("rsss", Network::Rsss), ("rees", Network::Rees)];
const ROLES: &[(&str, Role)] = &[("provider", Role::Provider), ("reseller", Role::Reseller), ("both", Role::Both)];
const CATEGORIES: &[(&str, Category)] = &[("IaaS", Category::IaaS), ("PaaS", Category::PaaS), ("SaaS", Category::SaaS)];

/// Builds a value from fields that each may have failed to parse.
fn all<T>(build: impl FnOnce() -> Option<T>) -> Option<T> {
    build()
}

/// A row of `agencies.csv`.
pub(crate) struct AgencyRow {
    pub line: u64,
    pub id: Option<String>,
    pub value: Option<Agency>,
}

fn parse_agency(row: &mut Row) -> AgencyRow {
    let id = row.id("id");
    let name = row.text("name");
    let network = row.word("network", NETWORKS, "network");
    let value = all(|| Some(Agency { id: id.clone()?, name: name?, network: network? }));
    AgencyRow { line: row.line(), id, value }
}

/// A row of `suppliers.csv`.
pub(crate) struct SupplierRow {
    pub line: u64,
    pub id: Option<String>,
    pub role: Option<Role>,
    pub value: Option<Supplier>,
}

fn parse_supplier(row: &mut Row) -> SupplierRow {
    let id = row.id("id");
    let name = row.text("name");
    let role = row.word("role", ROLES, "role");
    let quebec_firm = row.boolean("quebec_firm");
    let value = all(|| Some(Supplier { id: id.clone()?, name: name?, role: role?, quebec_firm: quebec_firm? }));
    SupplierRow { line: row.line(), id, role, value }
}

/// A row of `offers.csv`.
pub(crate) struct OfferRow {
    pub line: u64,
    pub id: Option<String>,
    pub provider: Option<String>,
    pub reseller: Option<String>,
    pub regions: Option<BTreeSet<String>>,
    pub value: Option<RawOffer>,
}

fn parse_offer(row: &mut Row) -> OfferRow {
    let id = row.id("id");
    let provider = row.reference("provider");
    let reseller = row.reference("reseller");
    let category = row.word("category", CATEGORIES, "category");
    let qualified = row.boolean("qualified");
    let regions = row.list("regions");
    let certifications = row.list("certifications");
    let value = all(|| {
        Some(RawOffer {
            id: id.clone()?,
            provider: provider.clone()?,
            reseller: reseller.clone()?,
            category: category?,
            qualified: qualified?,
            regions: regions.clone()?,
            certifications: certifications?,
        })
    });
    OfferRow { line: row.line(), id, provider, reseller, regions, value }
}

/// A row of `needs.csv`.
pub(crate) struct NeedRow {
    pub line: u64,
    pub id: Option<String>,
    pub agency: Option<String>,
    pub value: Option<RawNeed>,
}

fn parse_need(row: &mut Row) -> NeedRow {
    let id = row.id("id");
    let agency = row.reference("agency");
    let title = row.text("title");
    let category = row.word("category", CATEGORIES, "category");
    let personal_info = row.boolean("personal_info");
    let certifications = row.list("certifications");
    let term_months = row.months("term_months");
    let value = all(|| {
        Some(RawNeed {
            id: id.clone()?,
            agency: agency.clone()?,
            title: title?,
            category: category?,
            personal_info: personal_info?,
            certifications: certifications?,
            term_months: term_months?,
        })
    });
    NeedRow { line: row.line(), id, agency, value }
}

/// A row of `estimates.csv`.
pub(crate) struct EstimateRow {
    pub line: u64,
    pub need: Option<String>,
    pub offer: Option<String>,
    pub region: Option<String>,
    pub value: Option<RawEstimate>,
}

/// The four scores: all empty (none), or all present and in range.
fn parse_scores(row: &mut Row) -> Option<Option<Scores>> {
    let empty: Vec<&str> = SCORE_COLUMNS.iter().copied().filter(|c| row.is_empty(c)).collect();
    if empty.len() == SCORE_COLUMNS.len() {
        return Some(None);
    }
    if !empty.is_empty() {
        let given: Vec<String> =
            SCORE_COLUMNS.iter().filter(|c| !empty.contains(c)).map(|c| format!("`{c}`")).collect();
        let missing: Vec<String> = empty.iter().map(|c| format!("`{c}`")).collect();
        row.report(
            empty[0],
            super::values::Problem::new(
                codes::INCOMPLETE_SCORES,
                format!("{} given but {} empty", given.join(", "), missing.join(", ")),
            )
            .expected("all four scores (compatibility, accessibility, performance, support) or none")
            .hint("fill in the missing scores, or empty all four"),
        );
        return None;
    }
    let [c, a, p, s] = SCORE_COLUMNS.map(|column| row.score(column));
    Some(Some(Scores { compatibility: c?, accessibility: a?, performance: p?, support: s? }))
}

fn parse_estimate(row: &mut Row) -> EstimateRow {
    let need = row.reference("need");
    let offer = row.reference("offer");
    let price = row.price("price");
    let region = row.reference("region");
    let term_months = if row.is_empty("term_months") { Some(None) } else { row.months("term_months").map(Some) };
    let scores = parse_scores(row);
    let value = all(|| {
        Some(RawEstimate {
            need: need.clone()?,
            offer: offer.clone()?,
            price: price?,
            region: region.clone()?,
            term_months: term_months?,
            scores: scores?,
            consumption: Default::default(),
        })
    });
    EstimateRow { line: row.line(), need, offer, region, value }
}

/// A row of `capacities.csv`.
pub(crate) struct CapacityRow {
    pub line: u64,
    pub supplier: Option<String>,
    pub unit: Option<String>,
    pub limit: Option<Decimal>,
}

fn parse_capacity(row: &mut Row) -> CapacityRow {
    CapacityRow {
        line: row.line(),
        supplier: row.reference("supplier"),
        unit: row.id("unit"),
        limit: row.quantity("limit"),
    }
}

/// A row of `consumption.csv`.
pub(crate) struct ConsumptionRow {
    pub line: u64,
    pub need: Option<String>,
    pub offer: Option<String>,
    pub unit: Option<String>,
    pub amount: Option<Decimal>,
}

fn parse_consumption(row: &mut Row) -> ConsumptionRow {
    ConsumptionRow {
        line: row.line(),
        need: row.reference("need"),
        offer: row.reference("offer"),
        unit: row.id("unit"),
        amount: row.quantity("amount"),
    }
}

/// A file's table and its parsed rows; `None` when the file could not be used at all.
pub(crate) struct Parsed<R> {
    pub table: Table,
    pub rows: Vec<R>,
}

fn read_rows<R>(
    dir: &Path,
    schema: Schema,
    parse: fn(&mut Row) -> R,
    files: &mut Vec<InputFile>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Parsed<R>> {
    let mut table = read_table(&dir.join(schema.file), schema, files, diags)?;
    let start = diags.len();
    let mut rows = Vec::with_capacity(table.records.len());
    let mut stopped = None;
    for record in &table.records {
        if diags.len() - start >= MAX_PROBLEMS_PER_FILE {
            stopped = Some(record.line);
            break;
        }
        rows.push(parse(&mut Row::new(&table, record, diags)));
    }
    if let Some(line) = stopped {
        diags.push(too_many_problems(&table.path, line));
        // Ids declared on the rows not read may be referred to: references into this file are not judged.
        table.complete = false;
    }
    // Each row carries its line, and diagnostics need only the table's path and columns: the raw records go
    // (409,000 of them, 88 MB, for a 10,000-need model with 40 offers per need).
    table.records = Vec::new();
    Some(Parsed { table, rows })
}

/// Every file of a model, parsed row by row.
pub(crate) struct ModelFiles {
    pub agencies: Option<Parsed<AgencyRow>>,
    pub suppliers: Option<Parsed<SupplierRow>>,
    pub offers: Option<Parsed<OfferRow>>,
    pub needs: Option<Parsed<NeedRow>>,
    pub estimates: Option<Parsed<EstimateRow>>,
    pub capacities: Option<Parsed<CapacityRow>>,
    pub consumption: Option<Parsed<ConsumptionRow>>,
}

pub(crate) fn read_files(dir: &Path, files: &mut Vec<InputFile>, diags: &mut Vec<Diagnostic>) -> ModelFiles {
    ModelFiles {
        agencies: read_rows(dir, AGENCIES, parse_agency, files, diags),
        suppliers: read_rows(dir, SUPPLIERS, parse_supplier, files, diags),
        offers: read_rows(dir, OFFERS, parse_offer, files, diags),
        needs: read_rows(dir, NEEDS, parse_need, files, diags),
        estimates: read_rows(dir, ESTIMATES, parse_estimate, files, diags),
        capacities: read_rows(dir, CAPACITIES, parse_capacity, files, diags),
        consumption: read_rows(dir, CONSUMPTION, parse_consumption, files, diags),
    }
}

/// Every table of a model given by another reader (the sheets of a workbook), parsed row by row exactly as
/// [`read_files`] parses the files of a folder; `table` gives each schema's table (`None`: unusable, already
/// reported).
pub(crate) fn parse_tables(
    mut table: impl FnMut(Schema, &mut Vec<Diagnostic>) -> Option<Table>,
    diags: &mut Vec<Diagnostic>,
) -> ModelFiles {
    fn rows<R>(table: Option<Table>, parse: fn(&mut Row) -> R, diags: &mut Vec<Diagnostic>) -> Option<Parsed<R>> {
        let table = table?;
        let rows = table.records.iter().map(|record| parse(&mut Row::new(&table, record, diags))).collect();
        Some(Parsed { table, rows })
    }
    let agencies = table(AGENCIES, diags);
    let agencies = rows(agencies, parse_agency, diags);
    let suppliers = table(SUPPLIERS, diags);
    let suppliers = rows(suppliers, parse_supplier, diags);
    let offers = table(OFFERS, diags);
    let offers = rows(offers, parse_offer, diags);
    let needs = table(NEEDS, diags);
    let needs = rows(needs, parse_need, diags);
    let estimates = table(ESTIMATES, diags);
    let estimates = rows(estimates, parse_estimate, diags);
    let capacities = table(CAPACITIES, diags);
    let capacities = rows(capacities, parse_capacity, diags);
    let consumption = table(CONSUMPTION, diags);
    let consumption = rows(consumption, parse_consumption, diags);
    ModelFiles { agencies, suppliers, offers, needs, estimates, capacities, consumption }
}
