//! Tests of reading a model workbook: the tiny model as a workbook loads to the same world as its CSV folder, and
//! every kind of cell a spreadsheet types is read as the planner meant or refused where it is.

use super::*;
use crate::io::load_model;
use crate::io::testutil::{render, tiny_dir};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

/// A cell as a spreadsheet types it.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    Text(String),
    Number(f64),
    Bool(bool),
    Date,
    Error(&'static str),
    Empty,
}

/// The tiny model's tables as text cells, by sheet, header first.
pub(crate) fn tiny_sheets() -> Vec<(String, Vec<Vec<Cell>>)> {
    SCHEMAS
        .iter()
        .map(|s| {
            let text = std::fs::read_to_string(tiny_dir().join(s.file)).unwrap();
            let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
            let rows = reader
                .records()
                .map(|r| {
                    r.unwrap().iter().map(|t| if t.is_empty() { Cell::Empty } else { Cell::Text(t.into()) }).collect()
                })
                .collect();
            (sheet_name(s).to_string(), rows)
        })
        .collect()
}

/// Replace the cell at a sheet's 1-based row and column.
pub(crate) fn set(sheets: &mut [(String, Vec<Vec<Cell>>)], sheet: &str, row: usize, column: usize, cell: Cell) {
    let rows = &mut sheets.iter_mut().find(|(n, _)| n == sheet).unwrap().1;
    while rows.len() < row {
        rows.push(vec![]);
    }
    let cells = &mut rows[row - 1];
    while cells.len() < column {
        cells.push(Cell::Empty);
    }
    cells[column - 1] = cell;
}

/// Write the sheets as an .xlsx file in a temporary folder.
pub(crate) fn xlsx(sheets: &[(String, Vec<Vec<Cell>>)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.xlsx");
    write_xlsx(sheets, &path);
    (dir, path)
}

/// Write the sheets as an .xlsx file at `path`.
pub(crate) fn write_xlsx(sheets: &[(String, Vec<Vec<Cell>>)], path: &Path) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, cells) in rows.iter().enumerate() {
            for (c, cell) in cells.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Cell::Text(t) => ws.write_string(r, c, t).map(|_| ()),
                    Cell::Number(n) => ws.write_number(r, c, *n).map(|_| ()),
                    Cell::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                    Cell::Date => ws
                        .write_datetime_with_format(r, c, ExcelDateTime::from_ymd(2025, 4, 1).unwrap(), &date)
                        .map(|_| ()),
                    Cell::Error(e) => ws.write_formula(r, c, Formula::new("=1/0").set_result(*e)).map(|_| ()),
                    Cell::Empty => Ok(()),
                }
                .unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

fn errors(sheets: &[(String, Vec<Vec<Cell>>)]) -> Vec<Diagnostic> {
    let (_dir, path) = xlsx(sheets);
    match load_workbook(&path) {
        Ok(_) => panic!("the workbook should not load"),
        Err(d) => d,
    }
}

/// (code, sheet, cell, field) of each diagnostic.
fn places(diags: &[Diagnostic]) -> Vec<(&'static str, String, String, String)> {
    diags
        .iter()
        .map(|d| {
            let cell = match (d.line, d.column) {
                (Some(l), Some(c)) => format!("{}{l}", crate::io::diagnostic::column_letters(c)),
                (Some(l), None) => format!("{l}:{l}"),
                _ => String::new(),
            };
            (d.code, d.sheet.clone().unwrap_or_default(), cell, d.field.clone().unwrap_or_default())
        })
        .collect()
}

#[test]
fn the_tiny_model_as_a_workbook_is_the_same_world_as_its_csv_folder() {
    let (_dir, path) = xlsx(&tiny_sheets());
    let book = load_workbook(&path).unwrap_or_else(|d| panic!("{}", render(&d)));
    let csv = load_model(&tiny_dir()).unwrap();
    assert_eq!(book.world, csv.world);
    assert_eq!(book.files.len(), 1, "the audit record hashes the workbook");
    assert_eq!(book.files[0], crate::io::InputFile::of(&path, &std::fs::read(&path).unwrap()));
}

#[test]
fn typed_cells_are_read_as_the_planner_meant() {
    let mut sheets = tiny_sheets();
    // estimates row 2: N-001,O-AWS-IAAS,420000.00 — a number cell; row 5 holds 195500.50 typed as 195500.5.
    set(&mut sheets, "estimates", 2, 3, Cell::Number(420000.0));
    set(&mut sheets, "estimates", 5, 3, Cell::Number(195500.5));
    set(&mut sheets, "estimates", 4, 5, Cell::Number(24.0));
    set(&mut sheets, "estimates", 4, 6, Cell::Number(90.0));
    set(&mut sheets, "suppliers", 2, 4, Cell::Bool(false));
    set(&mut sheets, "needs", 2, 5, Cell::Bool(true));
    // A number typed as text is accepted where the CSV accepts it.
    set(&mut sheets, "estimates", 3, 3, Cell::Text("455000.00".into()));
    let (_dir, path) = xlsx(&sheets);
    let book = load_workbook(&path).unwrap_or_else(|d| panic!("{}", render(&d)));
    assert_eq!(book.world, load_model(&tiny_dir()).unwrap().world);
}

#[test]
fn every_cent_of_a_numeric_price_is_exact() {
    for (value, cents) in [(125000.5, 12500050i64), (0.01, 1), (1234567.89, 123456789), (99999999.99, 9999999999)] {
        let mut sheets = tiny_sheets();
        set(&mut sheets, "estimates", 2, 3, Cell::Number(value));
        let (_dir, path) = xlsx(&sheets);
        let book = load_workbook(&path).unwrap_or_else(|d| panic!("{}", render(&d)));
        let w = &book.world;
        let e = w.estimate_index(w.need_index("N-001").unwrap(), w.offer_index("O-AWS-IAAS").unwrap()).unwrap();
        assert_eq!(w.estimates[e].price, rust_decimal::Decimal::new(cents, 2), "{value}");
    }
}

#[test]
fn one_problem_per_sheet_is_each_reported_at_its_cell() {
    let mut sheets = tiny_sheets();
    set(&mut sheets, "agencies", 3, 3, Cell::Text("health".into()));
    set(&mut sheets, "suppliers", 4, 4, Cell::Text("oui".into()));
    set(&mut sheets, "offers", 5, 5, Cell::Number(1.0));
    set(&mut sheets, "needs", 6, 7, Cell::Date);
    set(&mut sheets, "estimates", 12, 1, Cell::Text("N-001".into()));
    set(&mut sheets, "estimates", 12, 2, Cell::Text("O-QC-IAAS".into()));
    set(&mut sheets, "estimates", 12, 3, Cell::Number(125000.505));
    set(&mut sheets, "estimates", 12, 4, Cell::Text("qc".into()));
    set(&mut sheets, "estimates", 7, 3, Cell::Error("#DIV/0!"));
    set(&mut sheets, "capacities", 2, 3, Cell::Number(-5.0));
    set(&mut sheets, "consumption", 3, 1, Cell::Text("N-404".into()));
    let d = errors(&sheets);
    let s = |x: &str| x.to_string();
    assert_eq!(
        places(&d),
        [
            (codes::BAD_ENUM, s("agencies"), s("C3"), s("network")),
            (codes::BAD_BOOLEAN, s("suppliers"), s("D4"), s("quebec_firm")),
            (codes::BAD_BOOLEAN, s("offers"), s("E5"), s("qualified")),
            (codes::CELL_NOT_A_VALUE, s("needs"), s("G6"), s("term_months")),
            (codes::CELL_NOT_A_VALUE, s("estimates"), s("C7"), s("price")),
            (codes::DUPLICATE, s("estimates"), s("A12"), s("need")),
            (codes::BAD_AMOUNT, s("estimates"), s("C12"), s("price")),
            (codes::NEGATIVE_QUANTITY, s("capacities"), s("C2"), s("limit")),
            (codes::UNKNOWN_REFERENCE, s("consumption"), s("A3"), s("need")),
        ],
        "{}",
        render(&d)
    );
    let price = d.iter().find(|d| d.code == codes::BAD_AMOUNT).unwrap();
    assert!(price
        .to_string()
        .contains("model.xlsx › estimates!C12 (price): `125000.505` has more than 2 decimal places"));
    let dup = d.iter().find(|d| d.code == codes::DUPLICATE).unwrap();
    assert!(dup.message.contains("already on row 3"), "{dup}");
    assert!(dup.hint.as_deref().unwrap().contains("in sheet `estimates` (rows 3 and 12)"), "{dup}");
    let unknown = d.iter().find(|d| d.code == codes::UNKNOWN_REFERENCE).unwrap();
    assert!(unknown.message.contains("is not declared in sheet `needs`"), "{unknown}");
    let div0 = d.iter().find(|d| d.code == codes::CELL_NOT_A_VALUE && d.line == Some(7)).unwrap();
    assert!(div0.message.contains("#DIV/0!"), "{div0}");
}

#[test]
fn a_date_in_a_price_is_a_located_error_and_not_also_an_empty_cell() {
    let mut sheets = tiny_sheets();
    set(&mut sheets, "estimates", 4, 3, Cell::Date);
    let d = errors(&sheets);
    assert_eq!(places(&d), [(codes::CELL_NOT_A_VALUE, "estimates".into(), "C4".into(), "price".into())]);
    assert!(d[0].message.contains("date"), "{}", d[0]);
}

#[test]
fn a_missing_or_misnamed_sheet_is_reported_with_a_hint() {
    let mut sheets = tiny_sheets();
    // (Without `capacities`, `consumption` must go too: a unit no capacity declares is E206.)
    sheets.retain(|(n, _)| n != "agencies" && n != "capacities" && n != "consumption");
    sheets.iter_mut().find(|(n, _)| n == "needs").unwrap().0 = "Needs".into();
    let d = errors(&sheets);
    assert_eq!(d.len(), 2, "{}", render(&d));
    assert_eq!((d[0].code, d[0].sheet.as_deref()), (codes::MISSING_FILE, Some("agencies")));
    assert_eq!((d[1].code, d[1].sheet.as_deref()), (codes::MISSING_FILE, Some("needs")));
    assert!(d[1].hint.as_deref().unwrap().contains("rename the sheet `Needs` to `needs`"), "{}", d[1]);
}

#[test]
fn header_problems_and_values_without_a_header_are_reported() {
    let mut sheets = tiny_sheets();
    set(&mut sheets, "agencies", 1, 3, Cell::Text("Network".into()));
    set(&mut sheets, "suppliers", 3, 6, Cell::Text("note".into()));
    let d = errors(&sheets);
    let got: Vec<_> = places(&d).into_iter().map(|(c, s, cell, _)| (c, s, cell)).collect();
    assert_eq!(
        got,
        [
            (codes::MISSING_COLUMN, "agencies".into(), "1:1".into()),
            (codes::UNKNOWN_COLUMN, "agencies".into(), "C1".into()),
            (codes::FIELD_COUNT, "suppliers".into(), "F3".into()),
        ],
        "{}",
        render(&d)
    );
}

#[test]
fn an_unreadable_workbook_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.xlsx");
    std::fs::write(&path, b"not a zip").unwrap();
    let d = load_workbook(&path).unwrap_err();
    assert_eq!(d[0].code, codes::UNREADABLE_FILE);
    let d = load_workbook(&dir.path().join("missing.xlsx")).unwrap_err();
    assert_eq!(d[0].code, codes::MISSING_MODEL_DIR);
}

#[test]
fn export_then_import_gives_back_the_csv_files_byte_for_byte() {
    let book = export_model(&tiny_dir(), crate::report::Lang::En).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.xlsx");
    std::fs::write(&path, &book).unwrap();
    assert_eq!(load_workbook(&path).unwrap().world, load_model(&tiny_dir()).unwrap().world);
    let files = import_model(&path).unwrap();
    assert_eq!(files.len(), 7);
    for (name, bytes) in files {
        let original = std::fs::read(tiny_dir().join(&name)).unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), String::from_utf8(original).unwrap(), "{name}");
    }
}

#[test]
fn the_same_model_exports_to_the_same_bytes() {
    let a = export_model(&tiny_dir(), crate::report::Lang::Fr).unwrap();
    let b = export_model(&tiny_dir(), crate::report::Lang::Fr).unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_template_is_a_model_with_every_sheet_and_no_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    std::fs::write(&path, template(crate::report::Lang::Fr).unwrap()).unwrap();
    let (mut book, _) = read_book(&path).unwrap();
    let all: Vec<_> = SCHEMAS.into_iter().chain(crate::io::migrations::MIGRATION_SCHEMAS).collect();
    assert_eq!(book.sheet_names(), all.iter().map(|s| sheet_name(s).to_string()).collect::<Vec<_>>());
    for s in all {
        let range = book.worksheet_range(sheet_name(&s)).unwrap();
        assert_eq!(range.height(), 1, "{}", s.file);
        let header: Vec<String> = range.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
        assert_eq!(header, s.columns);
    }
    // Empty tables are valid input (an empty world is refused later by the solver, not by the reader).
    assert!(load_workbook(&path).is_ok());
}

/// The tiny model's estimates split into one submission per reseller (NUAGIQ, QCLOUD): header plus rows.
fn submissions() -> Vec<(&'static str, Vec<Vec<Cell>>)> {
    let sheets = tiny_sheets();
    let estimates = &sheets.iter().find(|(n, _)| n == "estimates").unwrap().1;
    let is_qcloud = |row: &Vec<Cell>| matches!(&row[1], Cell::Text(o) if o == "O-QC-IAAS");
    let mut nuagiq = vec![estimates[0].clone()];
    let mut qcloud = vec![estimates[0].clone()];
    for row in &estimates[1..] {
        if is_qcloud(row) {
            qcloud.push(row.clone())
        } else {
            nuagiq.push(row.clone())
        }
    }
    vec![("NUAGIQ", nuagiq), ("QCLOUD", qcloud)]
}

/// A workbook model without its estimates sheet and its submissions folder; returns the model's path.
fn with_submissions(dir: &Path, subs: &[(&str, Vec<Vec<Cell>>)]) -> PathBuf {
    let mut sheets = tiny_sheets();
    sheets.retain(|(n, _)| n != "estimates");
    let model = dir.join("model.xlsx");
    write_xlsx(&sheets, &model);
    let folder = dir.join("model-estimates");
    std::fs::create_dir_all(&folder).unwrap();
    for (supplier, rows) in subs {
        write_xlsx(&[("estimates".to_string(), rows.clone())], &folder.join(format!("{supplier}.xlsx")));
    }
    model
}

#[test]
fn estimates_may_come_as_one_submission_workbook_per_supplier() {
    let dir = tempfile::tempdir().unwrap();
    let model = with_submissions(dir.path(), &submissions());
    let loaded = load_workbook(&model).unwrap_or_else(|d| panic!("{}", render(&d)));
    assert_eq!(loaded.world, load_model(&tiny_dir()).unwrap().world);
    let names: Vec<String> =
        loaded.files.iter().map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["model.xlsx", "NUAGIQ.xlsx", "QCLOUD.xlsx"], "the audit record hashes every submission");
}

#[test]
fn a_problem_in_a_submission_is_traced_to_its_file_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut subs = submissions();
    // QCLOUD's first estimate also appears in NUAGIQ's submission; QCLOUD's second has a bad price.
    let dup = subs[1].1[1].clone();
    subs[0].1.push(dup);
    subs[1].1[2][2] = Cell::Number(598000.001);
    let model = with_submissions(dir.path(), &subs);
    let d = load_workbook(&model).unwrap_err();
    assert_eq!(d.len(), 2, "{}", render(&d));
    let nuagiq = dir.path().join("model-estimates/NUAGIQ.xlsx");
    let qcloud = dir.path().join("model-estimates/QCLOUD.xlsx");
    // Submissions are read by file name: NUAGIQ's row 9 comes first, QCLOUD's row 2 is the duplicate.
    assert!(nuagiq.exists());
    assert_eq!((d[0].code, &d[0].file, d[0].line, d[0].column), (codes::DUPLICATE, &qcloud, Some(2), Some(1)));
    assert!(d[0].message.contains("already in `NUAGIQ.xlsx` row 9"), "{}", d[0]);
    assert!(d[0].hint.as_deref().unwrap().contains("(`NUAGIQ.xlsx` row 9 and `QCLOUD.xlsx` row 2)"), "{}", d[0]);
    assert_eq!((d[1].code, &d[1].file, d[1].line, d[1].column), (codes::BAD_AMOUNT, &qcloud, Some(3), Some(3)));
    assert_eq!(d[1].sheet.as_deref(), Some("estimates"));
    assert!(d[1].to_string().contains("QCLOUD.xlsx › estimates!C3 (price)"), "{}", d[1]);
}

#[test]
fn a_supplier_prices_only_its_own_offers() {
    let dir = tempfile::tempdir().unwrap();
    let mut subs = submissions();
    // O-AWS-IAAS is AWS's, resold by NUAGIQ: not QCLOUD's to price.
    let row = subs[0].1.remove(1);
    subs[1].1.push(row);
    subs.push(("NOBODY", vec![subs[0].1[0].clone()]));
    let model = with_submissions(dir.path(), &subs);
    let d = load_workbook(&model).unwrap_err();
    let got: Vec<_> =
        d.iter().map(|d| (d.code, d.file.file_name().unwrap().to_string_lossy().into_owned(), d.line)).collect();
    assert_eq!(
        got,
        [(codes::UNKNOWN_REFERENCE, "NOBODY.xlsx".into(), None), (codes::NOT_OWN_OFFER, "QCLOUD.xlsx".into(), Some(5))],
        "{}",
        render(&d)
    );
}

#[test]
fn a_model_folder_may_take_its_estimates_from_submissions_but_not_twice() {
    let dir = crate::io::testutil::tiny_copy();
    let folder = dir.path().join("estimates");
    std::fs::create_dir_all(&folder).unwrap();
    for (supplier, rows) in submissions() {
        write_xlsx(&[("estimates".to_string(), rows)], &folder.join(format!("{supplier}.xlsx")));
    }
    let d = load_folder_with_submissions(dir.path()).unwrap_err();
    assert_eq!((d.len(), d[0].code), (1, codes::ESTIMATES_TWICE), "{}", render(&d));
    std::fs::remove_file(dir.path().join("estimates.csv")).unwrap();
    let loaded = load_folder_with_submissions(dir.path()).unwrap_or_else(|d| panic!("{}", render(&d)));
    assert_eq!(loaded.world, load_model(&tiny_dir()).unwrap().world);
    assert_eq!(loaded.files.len(), 8);
}
