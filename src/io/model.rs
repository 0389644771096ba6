//! Reading a model folder (the CSV files described in `models/README.md`) into a validated [`World`]. Every row
//! of every file is checked and every problem is reported with its file and line; only a model without problems
//! becomes a world.

use super::diagnostic::{codes, sort_by_location, Diagnostic};
use super::references;
use super::rows::{parse_tables, read_files, ModelFiles, Parsed, SCHEMAS};
use super::table::{too_many_problems, MAX_PROBLEMS_PER_FILE};
use super::table::{Schema, Table};
use super::InputFile;
use crate::domain::{RawWorld, World};
use std::collections::HashMap;
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
    references::check(&model, &mut diags);
    if !diags.is_empty() {
        let order: Vec<PathBuf> = SCHEMAS.iter().map(|s| dir.join(s.file)).collect();
        sort_by_location(&mut diags, &order);
        return Err(at_most_per_file(diags));
    }
    match World::new(raw_world(model)) {
        Ok(world) => Ok(LoadedModel { world, dir: dir.to_path_buf(), files }),
        Err(errors) => Err(errors.into_iter().map(|e| world_rejected(dir, e)).collect()),
    }
}

/// Parse and check tables that another reader produced (the sheets of a workbook, see `super::workbook`) exactly
/// as [`load_model`] checks the files of a folder; `table` gives each schema's table (`None`: unusable, already
/// reported). Returns the world's parts when no problem was found.
pub(crate) fn check_tables(
    table: impl FnMut(Schema, &mut Vec<Diagnostic>) -> Option<Table>,
    diags: &mut Vec<Diagnostic>,
) -> Option<RawWorld> {
    let model = parse_tables(table, diags);
    references::check(&model, diags);
    diags.is_empty().then(|| raw_world(model))
}

/// At most [`MAX_PROBLEMS_PER_FILE`] problems of each file (sorted by location), the first of the rest replaced
/// by a note that the rest is not listed.
fn at_most_per_file(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut count: std::collections::HashMap<PathBuf, usize> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(diags.len().min(SCHEMAS.len() * (MAX_PROBLEMS_PER_FILE + 1)));
    for d in diags {
        let n = count.entry(d.file.clone()).or_default();
        *n += 1;
        if *n <= MAX_PROBLEMS_PER_FILE {
            out.push(d);
        } else if *n == MAX_PROBLEMS_PER_FILE + 1 {
            out.push(if d.code == codes::TOO_MANY_PROBLEMS {
                d
            } else {
                too_many_problems(&d.file, d.line.unwrap_or(0))
            });
        }
    }
    out
}

fn world_rejected(dir: &Path, e: crate::domain::WorldError) -> Diagnostic {
    Diagnostic::new(codes::WORLD_REJECTED, dir, e.to_string())
        .hint("courtier's own checks should have caught this with a line number; please report it")
}

fn values<R, T>(parsed: Option<Parsed<R>>, value: impl Fn(R) -> Option<T>) -> Vec<T> {
    parsed.map(|p| p.rows.into_iter().filter_map(value).collect()).unwrap_or_default()
}

/// Assemble the raw world from rows that all parsed (called only when there is no diagnostic).
fn raw_world(model: ModelFiles) -> RawWorld {
    let mut estimates = values(model.estimates, |r| r.value);
    // Each consumption row goes to its estimate, found by (need, offer) in an index that borrows the estimates'
    // ids (the checks have made every pair unique and every consumption's estimate known).
    let index: HashMap<(&str, &str), usize> =
        estimates.iter().enumerate().map(|(i, e)| ((e.need.as_str(), e.offer.as_str()), i)).collect();
    let mut consumed = Vec::new();
    for c in model.consumption.map(|p| p.rows).unwrap_or_default() {
        let (Some(need), Some(offer), Some(unit), Some(amount)) = (c.need, c.offer, c.unit, c.amount) else {
            continue;
        };
        if let Some(&i) = index.get(&(need.as_str(), offer.as_str())) {
            consumed.push((i, unit, amount));
        }
    }
    drop(index);
    for (i, unit, amount) in consumed {
        estimates[i].consumption.insert(unit, amount);
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
    use rust_decimal::Decimal;

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
        assert_eq!(e.consumption.get("migration_days"), Some(&Decimal::from(45)));
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
