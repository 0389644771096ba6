//! One sheet of a workbook read the way the planner meant it: every cell becomes the text the CSV format would
//! hold (a numeric cell `125000.5` is `125000.5`, read to the cent without binary-float drift; a boolean cell is
//! `true` or `false`; text stays as typed), and the cells no column can take (a date, a duration, a formula error)
//! are reported where they are.

use super::{kind, Kind};
use crate::io::diagnostic::{codes, column_letters, Diagnostic};
use calamine::{Data, Range};
use std::path::Path;

/// The cells of a sheet as text, by absolute position: `header` names the columns from column A, each record
/// keeps its 1-based row.
#[derive(Debug, Default)]
pub(crate) struct SheetText {
    /// The header row (1-based), the first row with any value.
    pub header_line: u64,
    /// The header's names from column A; a column without a name is an empty string.
    pub header: Vec<String>,
    /// Each non-blank row below the header: its 1-based row and its fields from column A.
    pub rows: Vec<(u64, Vec<String>)>,
    /// The cells (row, 1-based column) already reported as unreadable; other problems found at these cells are
    /// consequences of the same problem and are not reported again.
    pub reported: Vec<(u64, u64)>,
}

/// The shortest text that reads back as exactly the same binary number: what the planner typed, or what the
/// spreadsheet displays with enough decimals. `125000.5` stays `125000.5`, `0.1` stays `0.1`, and a value that is
/// not a whole number of cents (`12.345`, or `0.30000000000000004` from a formula) keeps its decimals, so the
/// money parser refuses it rather than rounding it silently.
pub(crate) fn number_text(value: f64) -> String {
    if value == 0.0 {
        // -0 is 0 to a planner.
        return "0".to_string();
    }
    // Rust prints floats as the shortest decimal that round-trips, never in exponent notation.
    format!("{value}")
}

/// The text of a number in a money column: two decimals when it is a whole number of cents (`125000.5` is
/// `125000.50`, the way the CSV format and `import-model` write money), its shortest text otherwise (so the money
/// parser refuses it).
pub(crate) fn money_text(value: f64) -> String {
    let text = number_text(value);
    match text.split_once('.') {
        None => format!("{text}.00"),
        Some((_, decimals)) if decimals.len() == 1 => format!("{text}0"),
        Some(_) => text,
    }
}

/// The text of a cell of a column of `kind`, or why it holds no value (and how to fix it).
pub(crate) fn cell_text(cell: &Data, kind: Kind) -> Result<String, (String, &'static str)> {
    match cell {
        Data::Empty => Ok(String::new()),
        Data::String(s) => Ok(s.clone()),
        Data::Float(f) if kind == Kind::Money => Ok(money_text(*f)),
        Data::Float(f) => Ok(number_text(*f)),
        Data::Int(i) if kind == Kind::Money => Ok(format!("{i}.00")),
        Data::Int(i) => Ok(i.to_string()),
        Data::Bool(b) => Ok(b.to_string()),
        Data::DateTime(d) if kind == Kind::Date => date_of_serial(d.as_f64()).ok_or((
            format!("this cell holds a date and time (serial number {}), not a date", number_text(d.as_f64())),
            "type the date alone, e.g. 2027-03-01",
        )),
        Data::DateTimeIso(s) if kind == Kind::Date => {
            let day = s.strip_suffix("T00:00:00").unwrap_or(s);
            Ok(day.to_string())
        }
        Data::DateTime(d) => Err((
            format!("this cell holds a date or a time (serial number {}), not a value", number_text(d.as_f64())),
            "format the cell as Number or Text and type the value again",
        )),
        Data::DateTimeIso(s) => Err((
            format!("this cell holds the date or time `{s}`, not a value"),
            "format the cell as Number or Text and type the value again",
        )),
        Data::DurationIso(s) => Err((
            format!("this cell holds the duration `{s}`, not a value"),
            "format the cell as Number or Text and type the value again",
        )),
        Data::Error(e) => {
            Err((format!("this cell holds the formula error `{e}`"), "correct the formula, or type the value itself"))
        }
    }
}

/// The date of a spreadsheet's serial day number (1900 system: day 1 is 1900-01-01, counted from 1899-12-30 for
/// every date after February 1900), as `YYYY-MM-DD`; None when it has a time of day or is out of range.
fn date_of_serial(serial: f64) -> Option<String> {
    if serial.fract() != 0.0 || !(61.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_days(chrono::Days::new(serial as u64)).map(|d| d.format("%Y-%m-%d").to_string())
}

fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.is_empty(),
        _ => false,
    }
}

/// True when a formula is the boolean constant `TRUE()` or `FALSE()` (however the format spells it: `of:=TRUE()`,
/// `TRUE()`, `=FALSE`). LibreOffice has no boolean cell: it keeps a boolean it imports as the number 1 or 0
/// computed by such a formula, and saves it that way in `.ods`.
fn is_boolean_formula(formula: &str, value: f64) -> Option<bool> {
    let f =
        formula.trim().trim_start_matches("of:").trim_start_matches('=').trim_end_matches("()").to_ascii_uppercase();
    match (f.as_str(), value) {
        ("TRUE", 1.0) => Some(true),
        ("FALSE", 0.0) => Some(false),
        _ => None,
    }
}

/// Read a sheet's cells into text, reporting into `diags` (located in `file`, the sheet's own path, by row and
/// column) the cells that hold no value and the values in columns without a header. `formulas`, when the format
/// gives them, recognise the booleans LibreOffice saves as `TRUE()` and `FALSE()` formulas.
pub(crate) fn read_sheet(
    range: &Range<Data>,
    formulas: Option<&Range<String>>,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> SheetText {
    let mut out = SheetText::default();
    let Some((first_row, first_col)) = range.start() else { return out };
    let mut header_seen = false;
    for (i, cells) in range.rows().enumerate() {
        let row = u64::from(first_row) + i as u64 + 1;
        if cells.iter().all(is_blank) {
            continue;
        }
        let mut fields = vec![String::new(); first_col as usize];
        for (j, cell) in cells.iter().enumerate() {
            let column = u64::from(first_col) + j as u64 + 1;
            let name = if header_seen { out.header.get(column as usize - 1).map(String::as_str) } else { None };
            let column_kind = name.map_or(Kind::Text, kind);
            let formula = formulas.and_then(|f| f.get_value((row as u32 - 1, column as u32 - 1)));
            let boolean = match (cell, formula) {
                (Data::Float(v), Some(f)) if column_kind == Kind::Boolean => is_boolean_formula(f, *v),
                _ => None,
            };
            if let Some(b) = boolean {
                fields.push(b.to_string());
                continue;
            }
            match cell_text(cell, column_kind) {
                Ok(text) => fields.push(text),
                Err((message, hint)) => {
                    let field = name.map(str::to_string);
                    let d = Diagnostic::new(codes::CELL_NOT_A_VALUE, file, message)
                        .at(row, Some(column))
                        .expected("a value as the column's documentation in models/README.md says")
                        .hint(hint);
                    diags.push(match field.filter(|f| !f.is_empty()) {
                        Some(f) => d.field(f),
                        None => d,
                    });
                    out.reported.push((row, column));
                    fields.push(String::new());
                }
            }
        }
        if header_seen {
            out.rows.push((row, fields));
        } else {
            header_seen = true;
            out.header_line = row;
            out.header = fields;
            while out.header.last().is_some_and(|h| h.is_empty()) {
                out.header.pop();
            }
        }
    }
    report_values_without_header(&mut out, file, diags);
    out
}

/// A value in a column whose header cell is empty (or beyond the last header) would be silently dropped: report
/// the first such value of each column.
fn report_values_without_header(out: &mut SheetText, file: &Path, diags: &mut Vec<Diagnostic>) {
    let width = out.rows.iter().map(|(_, f)| f.len()).max().unwrap_or(0);
    for c in 0..width {
        if out.header.get(c).is_some_and(|h| !h.is_empty()) {
            continue;
        }
        let first = out.rows.iter().find(|(_, f)| f.get(c).is_some_and(|v| !v.is_empty()));
        if let Some((row, fields)) = first {
            let letter = column_letters(c as u64 + 1);
            diags.push(
                Diagnostic::new(
                    codes::FIELD_COUNT,
                    file,
                    format!("`{}` is in column {letter}, which has no header", fields[c]),
                )
                .at(*row, Some(c as u64 + 1))
                .expected(format!("every value under a header cell of row {}", out.header_line))
                .hint(format!("name the column in {letter}{}, or move the value", out.header_line)),
            );
        }
    }
    for (_, fields) in &mut out.rows {
        fields.truncate(out.header.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_the_shortest_text_that_round_trips() {
        assert_eq!(number_text(125000.5), "125000.5");
        assert_eq!(number_text(125000.0), "125000");
        assert_eq!(number_text(0.1), "0.1");
        assert_eq!(number_text(1234567.89), "1234567.89");
        assert_eq!(number_text(99999999999.99), "99999999999.99");
        assert_eq!(number_text(12.345), "12.345");
        assert_eq!(number_text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(number_text(1e21), "1000000000000000000000");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(-5.0), "-5");
    }

    #[test]
    fn every_cent_from_0_to_100000_dollars_reads_exactly() {
        // The money parser then reads these texts exactly: no cent is ever off by float drift.
        for cents in (0..10_000_000i64).step_by(7) {
            let value = cents as f64 / 100.0;
            let text = number_text(value);
            let back = rust_decimal::Decimal::from_str_exact(&text).unwrap();
            assert_eq!(back, rust_decimal::Decimal::new(cents, 2), "{cents} cents read as {text}");
        }
    }

    #[test]
    fn money_reads_with_two_decimals_unless_it_has_more() {
        assert_eq!(money_text(125000.5), "125000.50");
        assert_eq!(money_text(125000.0), "125000.00");
        assert_eq!(money_text(99.99), "99.99");
        assert_eq!(money_text(12.345), "12.345");
        assert_eq!(cell_text(&Data::Int(7), Kind::Money).unwrap(), "7.00");
        assert_eq!(cell_text(&Data::Float(36.0), Kind::Number).unwrap(), "36");
    }

    #[test]
    fn libreoffice_boolean_formulas_are_booleans() {
        assert_eq!(is_boolean_formula("of:=TRUE()", 1.0), Some(true));
        assert_eq!(is_boolean_formula("=FALSE()", 0.0), Some(false));
        assert_eq!(is_boolean_formula("FALSE", 0.0), Some(false));
        assert_eq!(is_boolean_formula("of:=TRUE()", 0.0), None);
        assert_eq!(is_boolean_formula("of:=1+0", 1.0), None);
    }

    #[test]
    fn cells_become_csv_text_or_a_reason() {
        assert_eq!(cell_text(&Data::Bool(true), Kind::Boolean).unwrap(), "true");
        assert_eq!(cell_text(&Data::Int(36), Kind::Number).unwrap(), "36");
        assert_eq!(cell_text(&Data::String(" MCN".into()), Kind::Text).unwrap(), " MCN");
        let div0 = cell_text(&Data::Error(calamine::CellErrorType::Div0), Kind::Money);
        assert!(div0.unwrap_err().0.contains("#DIV/0!"));
        assert!(cell_text(&Data::DateTimeIso("2025-04-01".into()), Kind::Money).unwrap_err().0.contains("date"));
    }
}
