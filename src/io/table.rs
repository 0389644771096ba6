//! Reading one CSV file into records that remember their physical line, after checking its header against a
//! schema; and [`Row`], which reads one record's cells through the parsers in [`super::values`], reporting each
//! bad cell with its file, line, column and field.

use super::diagnostic::{codes, Diagnostic};
use super::input::{read_input, InputError, MAX_CSV_BYTES};
use super::values::{self, Problem};
use super::InputFile;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The columns a CSV file must (and may) have.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Schema {
    /// File name inside the model folder.
    pub file: &'static str,
    /// Columns that must be present, in the documented order.
    pub columns: &'static [&'static str],
    /// Whether other columns are tolerated (and ignored).
    pub extra_columns_allowed: bool,
    /// Whether a missing file counts as an empty one.
    pub optional: bool,
}

impl Schema {
    fn columns_list(&self) -> String {
        self.columns.join(",")
    }
}

/// One CSV record and the physical line it starts on (the header is line 1).
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub line: u64,
    fields: csv::StringRecord,
}

/// A CSV file whose header matches its schema.
#[derive(Debug)]
pub(crate) struct Table {
    pub path: PathBuf,
    pub schema: Schema,
    /// For each schema column, its 0-based position in the file.
    positions: Vec<usize>,
    pub records: Vec<Record>,
    /// False when a record could not be read (wrong field count, bad encoding): ids declared in this file may be
    /// missing, so references into it are not reported as unknown.
    pub complete: bool,
}

impl Table {
    /// A table that another reader than CSV produced (a workbook sheet): the header's names by column position and
    /// each record's fields by the same positions, with the line (the sheet's row) each record is on. The header is
    /// checked as a CSV file's is, except that columns without a name are left to the caller. Returns `None` (with
    /// diagnostics) when a required column is missing.
    pub(crate) fn from_fields(
        path: &Path,
        schema: Schema,
        header: &[String],
        header_line: u64,
        rows: Vec<(u64, Vec<String>)>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Table> {
        let before = diags.len();
        let positions = check_header(path, &schema, &csv::StringRecord::from(header.to_vec()), header_line, diags);
        let mut i = before;
        while i < diags.len() {
            if diags[i].code == codes::UNKNOWN_COLUMN && diags[i].field.as_deref() == Some("") {
                diags.remove(i);
            } else {
                i += 1;
            }
        }
        let records = rows
            .into_iter()
            .map(|(line, mut fields)| {
                fields.resize(header.len(), String::new());
                Record { line, fields: csv::StringRecord::from(fields) }
            })
            .collect();
        Some(Table { path: path.to_path_buf(), schema, positions: positions?, records, complete: true })
    }

    fn position(&self, column: &str) -> usize {
        let i = self.schema.columns.iter().position(|c| *c == column);
        self.positions[i.unwrap_or_else(|| panic!("column `{column}` is not in the schema of {}", self.schema.file))]
    }

    /// A diagnostic about one cell.
    pub fn diag(&self, code: &'static str, line: u64, column: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, &self.path, message).at(line, Some(self.position(column) as u64 + 1)).field(column)
    }

    fn problem(&self, line: u64, column: &str, p: Problem) -> Diagnostic {
        let d = self.diag(p.code, line, column, p.message).maybe_hint(p.hint);
        match p.expected {
            Some(e) => d.expected(e),
            None => d,
        }
    }
}

/// Read `dir/schema.file`, recording its hash in `files`. Returns `None` (with diagnostics) when the file cannot
/// be used at all: missing, unreadable, or its header lacks a required column.
pub(crate) fn read_table(
    path: &Path,
    schema: Schema,
    files: &mut Vec<InputFile>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Table> {
    let bytes = match read_input(path, MAX_CSV_BYTES) {
        Ok(bytes) => bytes,
        Err(e) if e.is_not_found() && schema.optional => {
            return Some(Table { path: path.to_path_buf(), schema, positions: vec![], records: vec![], complete: true })
        }
        Err(e) => {
            diags.push(missing_or_unreadable(path, &schema, &e));
            return None;
        }
    };
    files.push(InputFile::of(path, &bytes));
    let text = normalise_line_ends(bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes));
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_slice());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            diags.push(csv_error(path, &e));
            return None;
        }
        None => csv::StringRecord::new(),
    };
    let header_line = header.position().map_or(1, |p| p.line());
    let positions = check_header(path, &schema, &header, header_line, diags)?;
    let mut table = Table { path: path.to_path_buf(), schema, positions, records: vec![], complete: true };
    read_records(&mut table, records, header.len(), diags);
    Some(table)
}

/// Read the records after the header into `table`, reporting those that cannot be used.
fn read_records(
    table: &mut Table,
    records: csv::StringRecordsIter<&[u8]>,
    header_len: usize,
    diags: &mut Vec<Diagnostic>,
) {
    let start = diags.len();
    for result in records {
        if diags.len() - start >= MAX_PROBLEMS_PER_FILE {
            let line = result.as_ref().ok().and_then(|r| r.position()).map_or(0, |p| p.line());
            diags.push(too_many_problems(&table.path, line));
            table.complete = false;
            return;
        }
        match result {
            Ok(fields) if fields.len() == header_len => {
                table.records.push(Record { line: fields.position().map_or(0, |p| p.line()), fields });
            }
            Ok(fields) => {
                let line = fields.position().map_or(0, |p| p.line());
                diags.push(field_count(&table.path, line, fields.len(), header_len));
                table.complete = false;
            }
            Err(e) => {
                diags.push(csv_error(&table.path, &e));
                table.complete = false;
                // After a bad encoding the reader can go on with the next record; after anything else, stop.
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    return;
                }
            }
        }
    }
}

/// Turn CRLF and lone CR line ends into LF. The csv crate misnumbers the lines of CRLF files (the record after a
/// CRLF is reported on the previous line), and line numbers are the point of our diagnostics.
fn normalise_line_ends(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut iter = bytes.iter().peekable();
    while let Some(&b) = iter.next() {
        if b == b'\r' {
            if iter.peek() == Some(&&b'\n') {
                iter.next();
            }
            out.push(b'\n');
        } else {
            out.push(b);
        }
    }
    out
}

fn missing_or_unreadable(path: &Path, schema: &Schema, e: &InputError) -> Diagnostic {
    match e {
        e if e.is_not_found() => {
            let name = path.file_name().map_or(schema.file.into(), |n| n.to_string_lossy());
            Diagnostic::new(codes::MISSING_FILE, path, format!("required file `{name}` not found"))
                .expected(format!("a CSV file with the header `{}`", schema.columns_list()))
                .hint(format!("create `{name}` with the header line `{}`", schema.columns_list()))
        }
        InputError::Io(e) => Diagnostic::new(codes::UNREADABLE_FILE, path, format!("cannot read the file: {e}")),
        e => Diagnostic::new(codes::NOT_A_REGULAR_FILE, path, format!("the file is not read: {e}"))
            .expected(format!("a regular CSV file of at most {} MiB", MAX_CSV_BYTES / (1024 * 1024))),
    }
}

/// The most problems listed for one file: after that many, the rest of the file is not read (a file with that
/// many problems is not the file meant, and listing millions of them helps no one).
pub(crate) const MAX_PROBLEMS_PER_FILE: usize = 1000;

/// Reading of a file stopped at `line` after [`MAX_PROBLEMS_PER_FILE`] problems.
pub(crate) fn too_many_problems(path: &Path, line: u64) -> Diagnostic {
    Diagnostic::new(
        codes::TOO_MANY_PROBLEMS,
        path,
        format!("more than {MAX_PROBLEMS_PER_FILE} problems: the rest of the file is not checked"),
    )
    .at(line, None)
    .hint("fix the problems above (often one mistake repeated on every row) and check again")
}

fn field_count(path: &Path, line: u64, found: usize, expected: usize) -> Diagnostic {
    Diagnostic::new(codes::FIELD_COUNT, path, format!("this record has {found} fields but the header has {expected}"))
        .at(line, None)
        .expected(format!("{expected} comma-separated fields"))
        .hint("a value that contains a comma must be enclosed in double quotes, e.g. \"Santé, Services sociaux\"")
}

fn csv_error(path: &Path, e: &csv::Error) -> Diagnostic {
    let d = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => Diagnostic::new(codes::MALFORMED_CSV, path, "this record is not valid UTF-8")
            .hint("save the file as UTF-8 (in a spreadsheet: CSV UTF-8)"),
        _ => Diagnostic::new(codes::MALFORMED_CSV, path, format!("cannot read the CSV: {e}")),
    };
    match e.position() {
        Some(p) => d.at(p.line(), None),
        None => d,
    }
}

/// Check the header: every schema column present once, no unknown column (unless tolerated). Returns each schema
/// column's position, or `None` when a required column is missing.
fn check_header(
    path: &Path,
    schema: &Schema,
    header: &csv::StringRecord,
    line: u64,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<usize>> {
    let mut seen: Vec<&str> = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let at = |d: Diagnostic| d.at(line, Some(i as u64 + 1)).field(name);
        if seen.contains(&name) {
            diags.push(at(Diagnostic::new(codes::DUPLICATE_COLUMN, path, format!("column `{name}` appears twice"))));
        } else if !schema.columns.contains(&name) && !schema.extra_columns_allowed {
            diags.push(at(unknown_column(path, schema, name)));
        }
        seen.push(name);
    }
    let mut positions = Vec::with_capacity(schema.columns.len());
    let mut missing = Vec::new();
    for column in schema.columns {
        match header.iter().position(|h| h == *column) {
            Some(p) => positions.push(p),
            None => missing.push(*column),
        }
    }
    if missing.is_empty() {
        return Some(positions);
    }
    let names = missing.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
    let what = if missing.len() == 1 { "column" } else { "columns" };
    diags.push(
        Diagnostic::new(codes::MISSING_COLUMN, path, format!("the header lacks the {what} {names}"))
            .at(line, None)
            .expected(format!("the header `{}`", schema.columns_list()))
            .hint("the first line of the file must name the columns, spelled exactly as expected"),
    );
    None
}

fn unknown_column(path: &Path, schema: &Schema, name: &str) -> Diagnostic {
    let d = Diagnostic::new(codes::UNKNOWN_COLUMN, path, format!("unknown column `{name}`"))
        .expected(format!("the header `{}`", schema.columns_list()));
    let close = schema.columns.iter().find(|c| c.eq_ignore_ascii_case(name.trim()));
    match close {
        Some(c) => d.hint(format!("write `{c}` (column names are case-sensitive and have no spaces around them)")),
        None => d.hint("remove the column, or check its spelling"),
    }
}

/// One record being read, reporting each bad cell into the shared diagnostics.
pub(crate) struct Row<'a> {
    table: &'a Table,
    record: &'a Record,
    diags: &'a mut Vec<Diagnostic>,
}

impl<'a> Row<'a> {
    pub fn new(table: &'a Table, record: &'a Record, diags: &'a mut Vec<Diagnostic>) -> Self {
        Row { table, record, diags }
    }

    /// The record's line.
    pub fn line(&self) -> u64 {
        self.record.line
    }

    /// The raw text of a cell.
    pub fn cell(&self, column: &str) -> &'a str {
        self.record.fields.get(self.table.position(column)).unwrap_or("")
    }

    /// Report a problem with a cell.
    pub fn report(&mut self, column: &str, problem: Problem) {
        self.diags.push(self.table.problem(self.record.line, column, problem));
    }

    /// Apply `parse` to a cell, reporting its problem.
    fn parse_cell<T>(&mut self, column: &str, parse: impl FnOnce(&str) -> Result<T, Problem>) -> Option<T> {
        match parse(self.cell(column)) {
            Ok(v) => Some(v),
            Err(p) => {
                self.report(column, p);
                None
            }
        }
    }

    /// A cell that must not be empty.
    pub fn required(&mut self, column: &str) -> Option<&'a str> {
        let text = self.cell(column);
        if text.is_empty() {
            self.report(column, Problem::new(codes::EMPTY_FIELD, format!("`{column}` is empty")));
            return None;
        }
        Some(text)
    }

    /// Free text that must not be empty (a name, a title).
    pub fn text(&mut self, column: &str) -> Option<String> {
        self.required(column).map(str::to_string)
    }

    /// An id declared by this row: non-empty, well-formed.
    pub fn id(&mut self, column: &str) -> Option<String> {
        self.required(column)?;
        self.parse_cell(column, |s| values::check_id(s).map(|_| s.to_string()))
    }

    /// A reference to an id declared elsewhere: non-empty; whether it exists is checked across files.
    pub fn reference(&mut self, column: &str) -> Option<String> {
        self.text(column)
    }

    /// A `;`-separated list of codes (may be empty).
    pub fn list(&mut self, column: &str) -> Option<BTreeSet<String>> {
        self.parse_cell(column, values::parse_list)
    }

    /// `true` or `false`.
    pub fn boolean(&mut self, column: &str) -> Option<bool> {
        self.required(column)?;
        self.parse_cell(column, values::parse_bool)
    }

    /// One of a fixed set of words.
    pub fn word<T: Copy>(&mut self, column: &str, choices: &[(&str, T)], what: &str) -> Option<T> {
        self.required(column)?;
        self.parse_cell(column, |s| values::parse_word(s, choices, what))
    }

    /// A whole number of months, at least 1.
    pub fn months(&mut self, column: &str) -> Option<u32> {
        self.required(column)?;
        self.parse_cell(column, values::parse_months)
    }

    /// A price: positive amount in CAD with at most 2 decimals, at most the largest amount accepted.
    pub fn price(&mut self, column: &str) -> Option<Decimal> {
        self.required(column)?;
        self.parse_cell(column, values::parse_price)
    }

    /// A decimal number that is not negative (capacity limit, consumption amount), at most the largest quantity.
    pub fn quantity(&mut self, column: &str) -> Option<Decimal> {
        self.required(column)?;
        self.parse_cell(column, values::parse_quantity)
    }

    /// A score from 0 to 100; the cell must not be empty.
    pub fn score(&mut self, column: &str) -> Option<Decimal> {
        self.required(column)?;
        self.parse_cell(column, values::parse_score)
    }

    /// A date, or None when the cell is empty (`Some(None)`), or a reported problem (`None`).
    pub fn optional_date(&mut self, column: &str) -> Option<Option<chrono::NaiveDate>> {
        if self.is_empty(column) {
            return Some(None);
        }
        self.parse_cell(column, values::parse_date).map(Some)
    }

    /// A date that must be present.
    pub fn date(&mut self, column: &str) -> Option<chrono::NaiveDate> {
        self.required(column)?;
        self.parse_cell(column, values::parse_date)
    }

    /// A whole number from `min` to `max`, or `default` when the cell is empty.
    pub fn count_or(&mut self, column: &str, min: u32, max: u32, default: u32) -> Option<u32> {
        if self.is_empty(column) {
            return Some(default);
        }
        let v = self.parse_cell(column, values::parse_u32)?;
        if v < min || v > max {
            self.report(
                column,
                Problem::new(codes::INTEGER_OUT_OF_RANGE, format!("`{v}` is out of range"))
                    .expected(format!("a whole number from {min} to {max}")),
            );
            return None;
        }
        Some(v)
    }

    /// An amount of money at least 0 (at most 2 decimals), or 0 when the cell is empty.
    pub fn amount_or_zero(&mut self, column: &str) -> Option<Decimal> {
        if self.is_empty(column) {
            return Some(Decimal::ZERO);
        }
        let v = self.parse_cell(column, |s| values::parse_money(s).and_then(|v| values::check_amount(v, s)))?;
        if v < Decimal::ZERO {
            self.report(
                column,
                Problem::new(codes::AMOUNT_NOT_POSITIVE, format!("`{v}` is negative")).expected("an amount at least 0"),
            );
            return None;
        }
        Some(v)
    }

    /// True when the cell is empty.
    pub fn is_empty(&self, column: &str) -> bool {
        self.cell(column).is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_become_lf() {
        assert_eq!(normalise_line_ends(b"a\r\nb\rc\n\r\n"), b"a\nb\nc\n\n");
    }

    #[test]
    fn records_keep_their_physical_line_whatever_the_line_ends() {
        for text in ["need,offer\nN1,O1\n\"N\n2\",O2\nN3,O3\n", "need,offer\r\nN1,O1\r\n\"N\r\n2\",O2\r\nN3,O3\r\n"] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("a.csv");
            std::fs::write(&path, text).unwrap();
            let schema =
                Schema { file: "a.csv", columns: &["need", "offer"], extra_columns_allowed: false, optional: false };
            let (mut files, mut diags) = (vec![], vec![]);
            let table = read_table(&path, schema, &mut files, &mut diags).unwrap();
            let lines: Vec<u64> = table.records.iter().map(|r| r.line).collect();
            assert_eq!(lines, [2, 3, 5], "{text:?}");
            assert!(diags.is_empty());
        }
    }
}
