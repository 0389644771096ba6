//! Reading a model from a workbook (`.xlsx`, `.xlsm` or `.ods`, see `models/README.md`): one sheet per table,
//! named like the CSV file without `.csv` (`agencies`, `suppliers`, `offers`, `needs`, `estimates`, `capacities`,
//! `consumption`), with the same columns, rules and error codes as the CSV folder. Each sheet becomes the records
//! the CSV reader validates, so every rule is checked by the same code; the diagnostics are then placed where a
//! spreadsheet user finds the cell: `cti-2025.xlsx › estimates!C12 (price)`.

mod sheet;
pub(crate) mod submissions;
mod write;

pub use write::{export_model, import_model, template};

pub(crate) use sheet::{money_text, number_text};

use super::diagnostic::{codes, sort_by_location, Diagnostic};
use super::model::{check_tables, LoadedModel};
use super::rows::SCHEMAS;
use super::table::{Schema, Table};
use super::InputFile;
use crate::domain::World;
use calamine::{Data, Ods, Range, Reader, Sheets, Xlsx};
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// The extensions of the workbooks courtier reads as a model.
pub const EXTENSIONS: [&str; 3] = ["xlsx", "xlsm", "ods"];

/// True when `path` names a workbook (by its extension, in any case) rather than a model folder.
pub fn is_workbook(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// How a column's cells are typed in a workbook: what `export-model` and `template` write, and how a number or a
/// boolean cell is read back as the CSV text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Text: ids, codes, lists, words, names.
    Text,
    /// An amount of money in CAD, written with 2 decimals.
    Money,
    /// A whole number or a decimal.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A date (`YYYY-MM-DD` as text, or a real date cell).
    Date,
}

/// The kind of a model column (by its name, the same in every table).
pub(crate) fn kind(column: &str) -> Kind {
    match column {
        "price" => Kind::Money,
        "term_months" | "compatibility" | "accessibility" | "performance" | "support" | "limit" | "amount" => {
            Kind::Number
        }
        "quebec_firm" | "qualified" | "personal_info" => Kind::Boolean,
        "earliest_start" | "deadline" | "from" | "start" => Kind::Date,
        _ => Kind::Text,
    }
}

/// The sheet that holds a table: the CSV file's name without `.csv`.
pub(crate) fn sheet_name(schema: &Schema) -> &'static str {
    schema.file.strip_suffix(".csv").unwrap_or(schema.file)
}

/// Where the diagnostics of one sheet are collected before they are placed in the workbook: a path of its own per
/// sheet (the workbook's path joined with the sheet's name), so the CSV checks, which locate by file, line and
/// column, locate by sheet, row and column.
fn sheet_path(workbook: &Path, sheet: &str) -> PathBuf {
    workbook.join(sheet)
}

/// An open workbook, whatever its format.
pub(crate) type Book = Sheets<Cursor<Vec<u8>>>;

/// Open a workbook from its bytes, by the extension of its path.
pub(crate) fn open(path: &Path, bytes: Vec<u8>) -> Result<Book, String> {
    let cursor = Cursor::new(bytes);
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let book = if ext == "ods" {
        Ods::new(cursor).map(Sheets::Ods).map_err(|e| e.to_string())
    } else {
        Xlsx::new(cursor).map(Sheets::Xlsx).map_err(|e| e.to_string())
    };
    book.map_err(|e| format!("cannot read the workbook: {e}"))
}

/// Read the bytes of a workbook and open it, or say why not.
pub(crate) fn read_book(path: &Path) -> Result<(Book, InputFile), Box<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        Box::new(if e.kind() == std::io::ErrorKind::NotFound {
            Diagnostic::new(codes::MISSING_MODEL_DIR, path, format!("the workbook `{}` does not exist", path.display()))
                .expected("a workbook (.xlsx or .ods) with one sheet per table, or a model folder")
        } else {
            Diagnostic::new(codes::UNREADABLE_FILE, path, format!("cannot read the workbook: {e}"))
        })
    })?;
    let file = InputFile::of(path, &bytes);
    let book = open(path, bytes).map_err(|message| {
        Box::new(
            Diagnostic::new(codes::UNREADABLE_FILE, path, message)
                .expected("an .xlsx or .ods workbook")
                .hint("open it in a spreadsheet and save it again as .xlsx (Excel 2007-365) or .ods"),
        )
    })?;
    Ok((book, file))
}

/// The sheet `name` of `book`, or the diagnostic saying it is missing or unreadable (`None` for a missing
/// optional sheet).
pub(crate) fn sheet_range(
    book: &mut Book,
    workbook: &Path,
    name: &str,
    schema: &Schema,
) -> Result<Option<Range<Data>>, Box<Diagnostic>> {
    let names = book.sheet_names();
    if !names.iter().any(|n| n == name) {
        if schema.optional {
            return Ok(None);
        }
        let d = Diagnostic::new(codes::MISSING_FILE, sheet_path(workbook, name), format!("no sheet `{name}`"))
            .expected(format!("a sheet `{name}` whose first row is `{}`", schema.columns.join(" | ")));
        let close = names.iter().find(|n| n.trim().eq_ignore_ascii_case(name));
        return Err(Box::new(match close {
            Some(c) => d.hint(format!("rename the sheet `{c}` to `{name}` (sheet names are case-sensitive)")),
            None => d.hint(format!(
                "add the sheet `{name}`; `courtier template model.xlsx` writes a workbook with every sheet and header"
            )),
        }));
    }
    book.worksheet_range(name).map(Some).map_err(|e| {
        Box::new(Diagnostic::new(
            codes::UNREADABLE_FILE,
            sheet_path(workbook, name),
            format!("cannot read the sheet: {e}"),
        ))
    })
}

/// One sheet read into a table (diagnostics located at the sheet's own path, see [`sheet_path`]).
fn read_table(
    book: &mut Book,
    workbook: &Path,
    schema: Schema,
    reported: &mut Vec<(PathBuf, u64, u64)>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Table> {
    let name = sheet_name(&schema);
    let path = sheet_path(workbook, name);
    let range = match sheet_range(book, workbook, name, &schema) {
        Ok(Some(range)) => range,
        Ok(None) => {
            let header: Vec<String> = schema.columns.iter().map(|c| c.to_string()).collect();
            return Table::from_fields(&path, schema, &header, 1, vec![], diags);
        }
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    let formulas = book.worksheet_formula(name).ok();
    let text = sheet::read_sheet(&range, formulas.as_ref(), &path, diags);
    reported.extend(text.reported.iter().map(|&(row, column)| (path.clone(), row, column)));
    Table::from_fields(&path, schema, &text.header, text.header_line.max(1), text.rows, diags)
}

/// The diagnostic for a scenario's `model` that names a workbook that does not exist.
pub(crate) fn missing(at_model_key: Diagnostic, path: &Path) -> Diagnostic {
    Diagnostic {
        message: format!("the model workbook `{}` does not exist", path.display()),
        expected: Some("a workbook (.xlsx or .ods) with one sheet per table, or a model folder".into()),
        ..at_model_key
    }
}

/// Read and validate the model in a workbook. Every problem of every sheet is reported at once, by sheet (in the
/// order of the tables), row and column. The workbook is hashed for the audit record (with the submissions, when
/// the estimates come from a folder of them).
pub fn load_workbook(path: &Path) -> Result<LoadedModel, Vec<Diagnostic>> {
    let (book, file) = read_book(path).map_err(|d| vec![*d])?;
    load_from(path, Some(book), vec![file])
}

/// True when a model folder takes its estimates from a folder of supplier submissions.
pub fn has_submissions(model: &Path) -> bool {
    submissions::folder_of(model).is_dir()
}

/// Read and validate a model folder whose estimates come from a folder of supplier submissions.
pub fn load_folder_with_submissions(dir: &Path) -> Result<LoadedModel, Vec<Diagnostic>> {
    load_from(dir, None, vec![])
}

/// Read a model's tables from a workbook (`book`) or from the CSV files of the folder `model`, the estimates
/// from the submissions folder when there is one, and validate them together.
fn load_from(model: &Path, mut book: Option<Book>, mut files: Vec<InputFile>) -> Result<LoadedModel, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut reported = Vec::new();
    let folder = submissions::folder_of(model);
    let from_folder = folder.is_dir();
    let mut subs = submissions::Submissions::default();
    let raw = check_tables(
        |schema, diags| {
            if from_folder && schema.file == super::rows::ESTIMATES.file {
                let table = match &book {
                    Some(b) => b.sheet_names().iter().any(|n| n == "estimates").then(|| sheet_path(model, "estimates")),
                    None => Some(model.join(schema.file)).filter(|p| p.exists()),
                };
                if let Some(table) = table {
                    diags.push(submissions::given_twice(&table, &folder));
                    return None;
                }
                return subs.read(&folder, schema, &mut files, diags);
            }
            match &mut book {
                Some(b) => read_table(b, model, schema, &mut reported, diags),
                None => super::table::read_table(&model.join(schema.file), schema, &mut files, diags),
            }
        },
        &mut diags,
    );
    reported.extend(subs.reported.iter().cloned());
    if diags.is_empty() {
        let raw = raw.expect("no problem, so the world's parts are there");
        let world = World::new(raw)
            .map_err(|errors| errors.into_iter().map(|e| world_rejected(model, e)).collect::<Vec<_>>())?;
        let problems = subs.check_suppliers(&world);
        if problems.is_empty() {
            return Ok(LoadedModel { world, dir: model.to_path_buf(), files });
        }
        diags = problems;
    }
    diags.retain(|d| {
        d.code == codes::CELL_NOT_A_VALUE
            || !matches!((d.line, d.column), (Some(l), Some(c)) if reported.contains(&(d.file.clone(), l, c)))
    });
    let diags: Vec<Diagnostic> = diags.into_iter().map(|d| subs.relocate(d)).collect();
    let mut diags: Vec<Diagnostic> =
        diags.into_iter().map(|d| if book.is_some() { place(model, d) } else { d }).collect();
    // By table (the workbook's sheets or the folder's files, the submissions in the estimates' place), then cell.
    let order: Vec<PathBuf> =
        SCHEMAS.iter().map(|s| if book.is_some() { model.to_path_buf() } else { model.join(s.file) }).collect();
    let rank = |d: &Diagnostic| {
        let sheet = d.sheet.as_deref().and_then(|s| SCHEMAS.iter().position(|x| sheet_name(x) == s));
        let table = if book.is_some() && d.file == model { sheet } else { order.iter().position(|p| *p == d.file) };
        table.unwrap_or(4)
    };
    sort_by_location(&mut diags, &order);
    diags.sort_by_key(|d| rank(d));
    Err(diags)
}

fn world_rejected(path: &Path, e: crate::domain::WorldError) -> Diagnostic {
    Diagnostic::new(codes::WORLD_REJECTED, path, e.to_string())
        .hint("courtier's own checks should have caught this with a cell; please report it")
}

/// The sheets of a model workbook that `courtier plan` reads (`migrations`, `precedences`, `period_capacities`),
/// each optional, as tables; their problems are placed in the workbook, by sheet and row. Returns the tables (None
/// for one that cannot be used) and the workbook's hash.
pub(crate) fn read_plan_sheets(
    workbook: &Path,
    schemas: &[Schema],
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Option<Table>>, Option<InputFile>) {
    let (mut book, file) = match read_book(workbook) {
        Ok(b) => b,
        Err(d) => {
            diags.push(*d);
            return (schemas.iter().map(|_| None).collect(), None);
        }
    };
    let mut own = Vec::new();
    let mut reported = Vec::new();
    let tables = schemas.iter().map(|&s| read_table(&mut book, workbook, s, &mut reported, &mut own)).collect();
    own.retain(|d| {
        d.code == codes::CELL_NOT_A_VALUE
            || !matches!((d.line, d.column), (Some(l), Some(c)) if reported.contains(&(d.file.clone(), l, c)))
    });
    diags.extend(own.into_iter().map(|d| place_in(workbook, schemas, d)));
    (tables, Some(file))
}

/// [`place`] for a diagnostic of a sheet among `schemas`.
pub(crate) fn place_in(workbook: &Path, schemas: &[Schema], d: Diagnostic) -> Diagnostic {
    let Some(sheet) = schemas.iter().map(sheet_name).find(|s| d.file == sheet_path(workbook, s)) else {
        return d;
    };
    Diagnostic { file: workbook.to_path_buf(), message: sheet_words(&d.message), ..d }.in_sheet(sheet)
}

/// Place a diagnostic collected at a sheet's own path in its workbook and sheet, and speak of sheets and rows
/// where the CSV checks speak of files and lines.
fn place(workbook: &Path, d: Diagnostic) -> Diagnostic {
    let Some(sheet) = SCHEMAS.iter().map(sheet_name).find(|s| d.file == sheet_path(workbook, s)) else {
        return d;
    };
    let words = |text: String| sheet_words(&text);
    Diagnostic {
        file: workbook.to_path_buf(),
        message: words(d.message),
        hint: d.hint.map(words),
        expected: d.expected.map(words),
        ..d
    }
    .in_sheet(sheet)
}

/// The CSV checks' words for places, in a workbook's words: `needs.csv line 4` is `sheet needs row 4`.
pub(crate) fn sheet_words(text: &str) -> String {
    let mut text = text.replace("already on line ", "already on row ").replace("(lines ", "(rows ");
    for schema in SCHEMAS {
        let sheet = sheet_name(&schema);
        text = text
            .replace(&format!("{} line ", schema.file), &format!("sheet `{sheet}` row "))
            .replace(&format!("in {} (rows", schema.file), &format!("in sheet `{sheet}` (rows"))
            .replace(&format!("declared in {}", schema.file), &format!("declared in sheet `{sheet}`"))
            .replace(&format!("in {}, or", schema.file), &format!("in sheet `{sheet}`, or"));
    }
    text.replace("the header `", "the header row `").replace("the first line of the file", "the first row of the sheet")
}

#[cfg(test)]
mod tests;
