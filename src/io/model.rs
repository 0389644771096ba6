//! Reading a model folder (the CSV files described in `models/README.md`) into a validated [`World`]. Every row
//! of every file is checked and every problem is reported with its file and line; only a model without problems
//! becomes a world.

use super::diagnostic::{codes, sort_by_location, Diagnostic};
use super::references::{self, Declared};
use super::table::{read_table, Record, Row, Schema, Table};
use super::InputFile;
use crate::domain::{
    Agency, Category, Network, RawEstimate, RawNeed, RawOffer, RawWorld, Role, Scores, Supplier, World,
};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A model read from a folder, with the files it came from.
#[derive(Debug, Clone)]
pub struct LoadedModel {
    /// The validated world.
    pub world: World,
    /// The model folder, as given.
    pub dir: PathBuf,
    /// Every file read, with its hash, in reading order.
    pub files: Vec<InputFile>,
}

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
            consumption: BTreeMap::new(),
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
    let table = read_table(&dir.join(schema.file), schema, files, diags)?;
    let rows = table.records.iter().map(|record: &Record| parse(&mut Row::new(&table, record, diags))).collect();
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

fn read_files(dir: &Path, files: &mut Vec<InputFile>, diags: &mut Vec<Diagnostic>) -> ModelFiles {
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

/// The model folder is missing or not a folder.
pub(crate) fn missing_model_dir(dir: &Path) -> Diagnostic {
    let what = if dir.exists() { "is not a folder" } else { "does not exist" };
    Diagnostic::new(codes::MISSING_MODEL_DIR, dir, format!("the model folder `{}` {what}", dir.display()))
        .expected("a folder holding agencies.csv, suppliers.csv, offers.csv, needs.csv and estimates.csv")
}

/// Read and validate the model in `dir`. All problems are reported at once, sorted by file and line.
pub fn load_model(dir: &Path) -> Result<LoadedModel, Vec<Diagnostic>> {
    if !dir.is_dir() {
        return Err(vec![missing_model_dir(dir)]);
    }
    let mut diags = Vec::new();
    let mut files = Vec::new();
    let model = read_files(dir, &mut files, &mut diags);
    let declared = references::check(&model, &mut diags);
    if !diags.is_empty() {
        let order: Vec<PathBuf> = SCHEMAS.iter().map(|s| dir.join(s.file)).collect();
        sort_by_location(&mut diags, &order);
        return Err(diags);
    }
    match World::new(raw_world(model, &declared)) {
        Ok(world) => Ok(LoadedModel { world, dir: dir.to_path_buf(), files }),
        Err(errors) => Err(errors.into_iter().map(|e| world_rejected(dir, e)).collect()),
    }
}

/// Parse and check tables that another reader produced (the sheets of a workbook, see `super::workbook`) exactly
/// as [`load_model`] checks the files of a folder; `table` gives each schema's table (`None`: unusable, already
/// reported). Returns the world's parts when no problem was found.
pub(crate) fn check_tables(
    mut table: impl FnMut(Schema, &mut Vec<Diagnostic>) -> Option<Table>,
    diags: &mut Vec<Diagnostic>,
) -> Option<RawWorld> {
    fn rows<R>(table: Option<Table>, parse: fn(&mut Row) -> R, diags: &mut Vec<Diagnostic>) -> Option<Parsed<R>> {
        let table = table?;
        let rows = table.records.iter().map(|record: &Record| parse(&mut Row::new(&table, record, diags))).collect();
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
    let model = ModelFiles { agencies, suppliers, offers, needs, estimates, capacities, consumption };
    let declared = references::check(&model, diags);
    diags.is_empty().then(|| raw_world(model, &declared))
}

fn world_rejected(dir: &Path, e: crate::domain::WorldError) -> Diagnostic {
    Diagnostic::new(codes::WORLD_REJECTED, dir, e.to_string())
        .hint("courtier's own checks should have caught this with a line number; please report it")
}

fn values<R, T>(parsed: Option<Parsed<R>>, value: impl Fn(R) -> Option<T>) -> Vec<T> {
    parsed.map(|p| p.rows.into_iter().filter_map(value).collect()).unwrap_or_default()
}

/// Assemble the raw world from rows that all parsed (called only when there is no diagnostic).
fn raw_world(model: ModelFiles, declared: &Declared) -> RawWorld {
    let mut estimates = values(model.estimates, |r| r.value);
    for c in model.consumption.map(|p| p.rows).unwrap_or_default() {
        let (Some(need), Some(offer), Some(unit), Some(amount)) = (c.need, c.offer, c.unit, c.amount) else {
            continue;
        };
        if let Some(&i) = declared.estimate_index.get(&(need, offer)) {
            estimates[i].consumption.insert(unit, amount);
        }
    }
    RawWorld {
        agencies: values(model.agencies, |r| r.value),
        suppliers: values(model.suppliers, |r| r.value),
        offers: values(model.offers, |r| r.value),
        needs: values(model.needs, |r| r.value),
        estimates,
        capacities: values(model.capacities, |r| Some((r.supplier?, r.unit?, r.limit?))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::testutil::{append, model_errors, render, replace, single, tiny_copy, tiny_dir, write};

    #[test]
    fn the_tiny_model_loads() {
        let m = load_model(&tiny_dir()).unwrap_or_else(|d| panic!("{}", render(&d)));
        let w = &m.world;
        assert_eq!((w.agencies.len(), w.suppliers.len(), w.offers.len(), w.needs.len()), (3, 4, 4, 5));
        assert_eq!((w.estimates.len(), w.capacities.len()), (10, 1));
        assert_eq!(m.files.len(), 7);
        assert!(m.files.iter().all(|f| f.sha256.len() == 64 && f.path.starts_with(tiny_dir())));
        assert_eq!(w.needs[0].title, "Hébergement du portail citoyen, phase 2");
        let n1 = w.need_index("N-001").unwrap();
        let aws = w.offer_index("O-AWS-IAAS").unwrap();
        let e = &w.estimates[w.estimate_index(n1, aws).unwrap()];
        assert_eq!(e.term_months, 36, "an empty term is the need's term");
        assert_eq!(e.consumption["migration_days"], Decimal::from(45));
        assert_eq!(e.price, Decimal::new(42000000, 2));
        assert!(e.scores.is_some());
    }

    #[test]
    fn optional_files_may_be_absent() {
        let dir = tiny_copy();
        std::fs::remove_file(dir.path().join("capacities.csv")).unwrap();
        std::fs::remove_file(dir.path().join("consumption.csv")).unwrap();
        let m = load_model(dir.path()).unwrap();
        assert!(m.world.capacities.is_empty());
        assert!(m.world.estimates.iter().all(|e| e.consumption.is_empty()));
        assert_eq!(m.files.len(), 5);
    }

    #[test]
    fn a_missing_folder_is_reported() {
        let d = load_model(Path::new("/nonexistent/courtier-model")).unwrap_err();
        assert_eq!(d[0].code, codes::MISSING_MODEL_DIR);
    }

    #[test]
    fn a_missing_file_names_its_columns_and_other_files_are_still_checked() {
        let dir = tiny_copy();
        std::fs::remove_file(dir.path().join("agencies.csv")).unwrap();
        replace(dir.path(), "estimates.csv", "420000.00", "420000.001");
        let d = model_errors(dir.path());
        assert_eq!(d.len(), 2, "{}", render(&d));
        assert!(d[0].is_in("agencies.csv"));
        assert_eq!(d[0].code, codes::MISSING_FILE);
        assert!(d[0].hint.as_ref().unwrap().contains("id,name,network"));
        assert_eq!((d[1].code, d[1].line), (codes::BAD_AMOUNT, Some(2)));
    }

    #[test]
    fn header_problems_are_reported() {
        let dir = tiny_copy();
        replace(dir.path(), "agencies.csv", "id,name,network", "id,name");
        replace(dir.path(), "suppliers.csv", "quebec_firm", "quebec_firm,notes");
        replace(dir.path(), "offers.csv", "category,", "category,category,");
        let d = model_errors(dir.path());
        let missing = d.iter().find(|d| d.code == codes::MISSING_COLUMN).unwrap();
        assert!(missing.is_in("agencies.csv") && missing.message.contains("`network`"));
        let unknown = d.iter().find(|d| d.code == codes::UNKNOWN_COLUMN).unwrap();
        assert_eq!((unknown.line, unknown.column, unknown.field.as_deref()), (Some(1), Some(5), Some("notes")));
        let dup = d.iter().find(|d| d.code == codes::DUPLICATE_COLUMN).unwrap();
        assert_eq!((dup.line, dup.column), (Some(1), Some(5)));
    }

    #[test]
    fn a_misspelt_column_gets_a_hint() {
        let dir = tiny_copy();
        replace(dir.path(), "agencies.csv", "network", "Network");
        let d = model_errors(dir.path());
        let unknown = d.iter().find(|d| d.code == codes::UNKNOWN_COLUMN).unwrap();
        assert!(unknown.hint.as_ref().unwrap().contains("`network`"), "{unknown}");
    }

    #[test]
    fn columns_may_come_in_any_order() {
        let dir = tiny_copy();
        write(dir.path(), "agencies.csv", "network,id,name\nministry,MCN,M\nrsss,CIUSSS-CN,C\nrees,CSS-MTL,S\n");
        load_model(dir.path()).unwrap();
    }

    #[test]
    fn a_record_with_the_wrong_number_of_fields_is_reported_with_its_line() {
        let dir = tiny_copy();
        replace(dir.path(), "needs.csv", "Plateforme d'analytique", "Plateforme, analytique");
        let d = model_errors(dir.path());
        single(&d, codes::FIELD_COUNT, "needs.csv", Some(3), None);
        assert!(d[0].message.contains("8 fields but the header has 7"));
    }

    #[test]
    fn line_numbers_count_physical_lines_of_quoted_multiline_cells() {
        let dir = tiny_copy();
        let title = "\"Hébergement du portail citoyen, phase 2\"";
        replace(dir.path(), "needs.csv", title, "\"Hébergement\ndu portail\"");
        replace(
            dir.path(),
            "needs.csv",
            "N-002,MCN,Plateforme d'analytique,PaaS,false",
            "N-002,MCN,Plateforme,PaaS,maybe",
        );
        let d = model_errors(dir.path());
        single(&d, codes::BAD_BOOLEAN, "needs.csv", Some(4), Some("personal_info"));
        assert_eq!(d[0].column, Some(5));
    }

    #[test]
    fn invalid_utf8_is_reported() {
        let dir = tiny_copy();
        let bytes = b"id,name,network\nMCN,Minist\xe8re,ministry\nCIUSSS-CN,C,health\nCSS-MTL,S,rees\n";
        std::fs::write(dir.path().join("agencies.csv"), bytes).unwrap();
        let d = model_errors(dir.path());
        let got: Vec<_> = d.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(got, [(codes::MALFORMED_CSV, Some(2)), (codes::BAD_ENUM, Some(3))], "{}", render(&d));
    }

    #[test]
    fn windows_line_endings_are_accepted() {
        let dir = tiny_copy();
        for file in ["agencies.csv", "estimates.csv"] {
            let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
            write(dir.path(), file, &text.replace('\n', "\r\n"));
        }
        replace(dir.path(), "estimates.csv", "71250.00", "71250.123");
        let d = model_errors(dir.path());
        single(&d, codes::BAD_AMOUNT, "estimates.csv", Some(9), Some("price"));
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let dir = tiny_copy();
        let text = std::fs::read_to_string(dir.path().join("agencies.csv")).unwrap();
        write(dir.path(), "agencies.csv", &format!("\u{feff}{text}"));
        load_model(dir.path()).unwrap();
    }

    #[test]
    fn an_empty_required_field_is_reported() {
        let dir = tiny_copy();
        replace(dir.path(), "agencies.csv", "CIUSSS de la Capitale-Nationale", "");
        let d = model_errors(dir.path());
        single(&d, codes::EMPTY_FIELD, "agencies.csv", Some(3), Some("name"));
        assert_eq!(d[0].column, Some(2));
    }

    #[test]
    fn a_malformed_id_is_reported() {
        let dir = tiny_copy();
        replace(dir.path(), "agencies.csv", "CSS-MTL,", "CSS MTL,");
        replace(dir.path(), "needs.csv", "CSS-MTL", "CSS MTL");
        replace(dir.path(), "needs.csv", "CSS-MTL", "CSS MTL");
        let d = model_errors(dir.path());
        single(&d, codes::MALFORMED_ID, "agencies.csv", Some(4), Some("id"));
    }

    #[test]
    fn a_bad_list_item_is_reported() {
        let dir = tiny_copy();
        replace(dir.path(), "offers.csv", "qc;ca-central;us-east", "qc;;us-east");
        let d = model_errors(dir.path());
        single(&d, codes::MALFORMED_ID, "offers.csv", Some(2), Some("regions"));
    }

    #[test]
    fn bad_booleans_and_words_are_reported() {
        let dir = tiny_copy();
        replace(dir.path(), "suppliers.csv", "provider,false", "provider,no");
        replace(dir.path(), "offers.csv", "IaaS", "iaas");
        replace(dir.path(), "agencies.csv", "ministry", "ministère");
        let d = model_errors(dir.path());
        assert_eq!(d.len(), 3, "{}", render(&d));
        assert_eq!((d[0].code, d[0].field.as_deref()), (codes::BAD_ENUM, Some("network")));
        assert_eq!(
            (d[1].code, d[1].field.as_deref(), d[1].hint.as_deref()),
            (codes::BAD_BOOLEAN, Some("quebec_firm"), Some("write `false`"))
        );
        assert_eq!((d[2].code, d[2].field.as_deref()), (codes::BAD_ENUM, Some("category")));
        assert!(d[2].hint.as_ref().unwrap().contains("`IaaS`"));
    }

    #[test]
    fn bad_terms_are_reported() {
        let dir = tiny_copy();
        replace(dir.path(), "needs.csv", "iso27001,12", "iso27001,twelve");
        replace(dir.path(), "needs.csv", ",,36", ",,0");
        replace(dir.path(), "estimates.csv", "qc,24", "qc,2.5");
        let d = model_errors(dir.path());
        assert_eq!(d.len(), 3, "{}", render(&d));
        assert_eq!((d[0].code, d[0].line), (codes::BAD_INTEGER, Some(5)));
        assert_eq!((d[1].code, d[1].line), (codes::INTEGER_OUT_OF_RANGE, Some(6)));
        assert_eq!((d[2].code, d[2].line, d[2].field.as_deref()), (codes::BAD_INTEGER, Some(5), Some("term_months")));
    }

    fn price_error(price: &str) -> Diagnostic {
        let dir = tiny_copy();
        replace(dir.path(), "estimates.csv", "180000.00", price);
        let d = model_errors(dir.path());
        single(&d, d[0].code, "estimates.csv", Some(4), Some("price")).clone()
    }

    #[test]
    fn prices_must_be_plain_positive_amounts_in_cents() {
        let d = price_error("1.8e5");
        assert_eq!((d.code, d.column), (codes::BAD_AMOUNT, Some(3)));
        assert!(d.message.contains("`1.8e5` uses exponent notation"), "{d}");
        assert_eq!(d.expected.as_deref(), Some(crate::io::values::MONEY_EXPECTED));
        assert!(price_error("180000.001").message.contains("more than 2 decimal places"));
        assert_eq!(price_error("\"180,000.00\"").code, codes::BAD_AMOUNT);
        assert_eq!(price_error("$180000").code, codes::BAD_AMOUNT);
        assert_eq!(price_error("-180000.00").code, codes::AMOUNT_NOT_POSITIVE);
        assert_eq!(price_error("0.00").code, codes::AMOUNT_NOT_POSITIVE);
        assert_eq!(price_error("").code, codes::EMPTY_FIELD);
    }

    #[test]
    fn scores_must_be_all_or_none_and_within_0_to_100() {
        let dir = tiny_copy();
        replace(dir.path(), "estimates.csv", ",80,85,90,75", ",80,,90,");
        replace(dir.path(), "estimates.csv", "85,80,75,90", "85,80,175,90");
        replace(dir.path(), "estimates.csv", "90,85,85,80", "90,85,85,high");
        let d = model_errors(dir.path());
        assert_eq!(d.len(), 3, "{}", render(&d));
        assert_eq!(
            (d[0].code, d[0].line, d[0].field.as_deref()),
            (codes::INCOMPLETE_SCORES, Some(2), Some("accessibility"))
        );
        assert!(d[0].message.contains("`accessibility`, `support` empty"), "{}", d[0]);
        assert_eq!(
            (d[1].code, d[1].line, d[1].field.as_deref()),
            (codes::SCORE_OUT_OF_RANGE, Some(3), Some("performance"))
        );
        assert_eq!((d[2].code, d[2].line, d[2].field.as_deref()), (codes::BAD_DECIMAL, Some(4), Some("support")));
    }

    #[test]
    fn capacities_and_consumption_must_not_be_negative() {
        let dir = tiny_copy();
        replace(dir.path(), "capacities.csv", "120", "-120");
        replace(dir.path(), "consumption.csv", "45", "-45");
        let d = model_errors(dir.path());
        assert_eq!(d.len(), 2, "{}", render(&d));
        assert!(d.iter().all(|d| d.code == codes::NEGATIVE_QUANTITY && d.line == Some(2)));
    }

    #[test]
    fn every_problem_of_every_file_is_reported() {
        let dir = tiny_copy();
        replace(dir.path(), "agencies.csv", "rsss", "health");
        replace(dir.path(), "suppliers.csv", "true", "yes");
        replace(dir.path(), "estimates.csv", "420000.00", "4.2e5");
        replace(dir.path(), "estimates.csv", "455000.00", "455000.123");
        append(dir.path(), "needs.csv", "N-006,NOPE,Extra,IaaS,false,,36");
        let d = model_errors(dir.path());
        let got: Vec<_> = d.iter().map(|d| (d.code, d.file.file_name().unwrap().to_str().unwrap(), d.line)).collect();
        assert_eq!(
            got,
            [
                (codes::BAD_ENUM, "agencies.csv", Some(3)),
                (codes::BAD_BOOLEAN, "suppliers.csv", Some(4)),
                (codes::UNKNOWN_REFERENCE, "needs.csv", Some(7)),
                (codes::BAD_AMOUNT, "estimates.csv", Some(2)),
                (codes::BAD_AMOUNT, "estimates.csv", Some(3)),
            ]
        );
    }
}
