//! One problem found in an input file, located as precisely as the format allows, and the stable codes that name
//! each kind of problem (the error index in `models/README.md` and `scenarios/README.md` documents them).

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// Stable diagnostic codes. `E0xx`: files and CSV structure; `E1xx`: a value in a CSV cell; `E2xx`: duplicates and
/// references across rows and files of a model; `E3xx`: scenario files; `E4xx`: results read back by `verify`; `E9xx`: problems the io checks should have
/// caught first.
pub mod codes {
    /// A required file (or the scenario file) does not exist.
    pub const MISSING_FILE: &str = "E001";
    /// A file exists but cannot be read.
    pub const UNREADABLE_FILE: &str = "E002";
    /// The CSV header lacks a required column.
    pub const MISSING_COLUMN: &str = "E003";
    /// The CSV header has a column the format does not define.
    pub const UNKNOWN_COLUMN: &str = "E004";
    /// The CSV header names a column twice.
    pub const DUPLICATE_COLUMN: &str = "E005";
    /// A CSV record has more or fewer fields than the header.
    pub const FIELD_COUNT: &str = "E006";
    /// The file is not valid UTF-8 CSV (bad encoding or quoting).
    pub const MALFORMED_CSV: &str = "E007";
    /// The model folder does not exist or is not a folder.
    pub const MISSING_MODEL_DIR: &str = "E008";
    /// An input path names something other than a regular file (a folder, a FIFO, a device), or a file larger
    /// than the size accepted.
    pub const NOT_A_REGULAR_FILE: &str = "E009";
    /// A file has more problems than are listed; the rest of it is not checked.
    pub const TOO_MANY_PROBLEMS: &str = "E010";
    /// The estimates are given twice: as a table (file or sheet) and as a folder of supplier submissions.
    pub const ESTIMATES_TWICE: &str = "E011";

    /// A required cell is empty.
    pub const EMPTY_FIELD: &str = "E101";
    /// An id or code (id, region, certification, unit) has characters other than letters, digits, `-`, `_`, `.`,
    /// or a list has an empty item.
    pub const MALFORMED_ID: &str = "E102";
    /// A boolean is neither `true` nor `false`.
    pub const BAD_BOOLEAN: &str = "E103";
    /// An amount of money is not a plain decimal with at most 2 decimals.
    pub const BAD_AMOUNT: &str = "E104";
    /// A price is zero or negative.
    pub const AMOUNT_NOT_POSITIVE: &str = "E105";
    /// A value is not one of the allowed words (network, role, category).
    pub const BAD_ENUM: &str = "E106";
    /// An integer is malformed.
    pub const BAD_INTEGER: &str = "E107";
    /// An integer is outside its allowed range.
    pub const INTEGER_OUT_OF_RANGE: &str = "E108";
    /// A decimal number (score, limit, amount) is malformed.
    pub const BAD_DECIMAL: &str = "E109";
    /// A score is outside 0..100.
    pub const SCORE_OUT_OF_RANGE: &str = "E110";
    /// Some but not all four scores of an estimate are given.
    pub const INCOMPLETE_SCORES: &str = "E111";
    /// A capacity limit or a consumption amount is negative.
    pub const NEGATIVE_QUANTITY: &str = "E112";
    /// An amount of money is above the largest accepted (`MAX_AMOUNT`), or a quantity above `MAX_QUANTITY`.
    pub const AMOUNT_TOO_LARGE: &str = "E113";
    /// A workbook cell holds what no column takes: a date or time, a duration, or a formula error (`#DIV/0!`).
    pub const CELL_NOT_A_VALUE: &str = "E114";
    /// A date is not written `YYYY-MM-DD`, or does not exist.
    pub const BAD_DATE: &str = "E115";

    /// Two rows declare the same id (or the same key: estimate pair, capacity, consumption).
    pub const DUPLICATE: &str = "E201";
    /// A row refers to an id that the referenced file does not declare.
    pub const UNKNOWN_REFERENCE: &str = "E202";
    /// A consumption row is for a need and offer that have no estimate.
    pub const CONSUMPTION_WITHOUT_ESTIMATE: &str = "E203";
    /// A consumption (in `consumption.csv` or an added estimate) is in a unit no capacity declares.
    pub const UNIT_WITHOUT_CAPACITY: &str = "E206";
    /// A supplier is used as provider while declared reseller, or as reseller while declared provider.
    pub const WRONG_ROLE: &str = "E204";
    /// An estimate's region is not among its offer's regions.
    pub const REGION_NOT_OFFERED: &str = "E205";
    /// A supplier's submission prices an offer the supplier neither provides nor resells.
    pub const NOT_OWN_OFFER: &str = "E207";
    /// Migration data that cannot hold together: precedences that form a cycle, a committed award twice, a
    /// committed award of a need without such an estimate.
    pub const BAD_MIGRATION: &str = "E208";

    /// The scenario is not valid TOML.
    pub const TOML_SYNTAX: &str = "E301";
    /// The scenario has a key the format does not define.
    pub const UNKNOWN_KEY: &str = "E302";
    /// A required key is missing.
    pub const MISSING_KEY: &str = "E303";
    /// A key's value has the wrong type (e.g. text where a number is expected).
    pub const WRONG_TYPE: &str = "E304";
    /// A value is outside its allowed range.
    pub const OUT_OF_RANGE: &str = "E305";
    /// The objective weights do not sum to 1.
    pub const WEIGHTS_SUM: &str = "E306";
    /// The weighted basis is chosen without the authorisation of the head of the organisation (art. 48 RCTI).
    pub const WEIGHTED_WITHOUT_ADO: &str = "E307";
    /// `max_term_months` is outside 1..=36 (art. 48 RCTI).
    pub const TERM_OVER_LIMIT: &str = "E308";
    /// Weights are missing for the weighted basis, or given for the price basis.
    pub const WEIGHTS_VS_BASIS: &str = "E309";
    /// A decimal value (share, weight) is malformed.
    pub const BAD_TOML_DECIMAL: &str = "E310";
    /// A value is not one of the allowed words (basis, credit).
    pub const BAD_TOML_ENUM: &str = "E311";
    /// A code in a list (e.g. `equivalent_regions`) is malformed.
    pub const BAD_TOML_CODE: &str = "E312";
    /// `extends` names a file that cannot be read, or the chain of `extends` loops.
    pub const BAD_EXTENDS: &str = "E313";
    /// A what-if names an id the model lacks, matches nothing, or has a bad value.
    pub const BAD_WHATIF: &str = "E314";
    /// A what-if makes an amount impossible: a scaled price above the largest amount accepted, too large to
    /// compute, or rounded to zero.
    pub const WHATIF_AMOUNT: &str = "E315";
    /// The chain of `extends` is deeper than the limit.
    pub const EXTENDS_TOO_DEEP: &str = "E316";

    /// `[plan]` (the migration calendar) or `committed` is wrong: a bad date, period or reference.
    pub const BAD_PLAN: &str = "E317";

    /// A `result.json` given to `verify` is not JSON, or lacks the awards `verify` reads.
    pub const BAD_RESULT: &str = "E501";
    /// An award read back names a need or an offer the model does not have, or a pair with no estimate.
    pub const UNKNOWN_AWARD: &str = "E502";

    /// The domain refused the world for a reason the io checks did not catch (a bug in courtier: please report).
    pub const WORLD_REJECTED: &str = "E901";
}

/// One problem in an input file, with where it is, what is wrong, what was expected and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `E104` (see [`codes`]).
    pub code: &'static str,
    /// The file (or folder) concerned, as given by the caller joined with the file name.
    pub file: PathBuf,
    /// 1-based physical line in the file (the CSV header is line 1).
    pub line: Option<u64>,
    /// 1-based column: the field's position in the CSV record, or the character column in a TOML line.
    pub column: Option<u64>,
    /// The CSV column or TOML key concerned.
    pub field: Option<String>,
    /// What is wrong, quoting the bad value.
    pub message: String,
    /// What a correct value looks like.
    pub expected: Option<String>,
    /// How to fix it.
    pub hint: Option<String>,
    /// The sheet, when `file` is a workbook: `line` is then the sheet's row and `column` its column (1 = A), shown
    /// the way a spreadsheet user finds the cell, `estimates!C12`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}

impl Diagnostic {
    /// A diagnostic about a whole file, without line or field.
    pub fn new(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            file: file.into(),
            line: None,
            column: None,
            field: None,
            message: message.into(),
            expected: None,
            hint: None,
            sheet: None,
        }
    }

    /// Place the diagnostic in a sheet of the workbook `file` (its line and column become the sheet's row and
    /// column).
    pub fn in_sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    /// Set the line and column.
    pub fn at(mut self, line: u64, column: Option<u64>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }

    /// Set the field (CSV column or TOML key).
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Set what was expected.
    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// Set the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Set the hint if there is one.
    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }

    /// True when the diagnostic is about `file_name` (compared on the last path component).
    pub fn is_in(&self, file_name: &str) -> bool {
        self.file.file_name().is_some_and(|n| n == file_name)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Every part may quote the input (a bad value, a file name): written inert for the terminal.
        let inert = crate::report::escape::terminal;
        write!(f, "error[{}]: {}", self.code, inert(&self.file.display().to_string()))?;
        if let Some(sheet) = &self.sheet {
            let sheet = inert(sheet);
            write!(f, " › {sheet}")?;
            match (self.line, self.column) {
                (Some(row), Some(column)) => write!(f, "!{}{row}", column_letters(column))?,
                (Some(row), None) => write!(f, "!{row}:{row}")?,
                _ => {}
            }
            if let Some(field) = &self.field {
                write!(f, " ({})", inert(field))?;
            }
        } else if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if let (None, Some(field)) = (&self.sheet, &self.field) {
            write!(f, " (field `{}`)", inert(field))?;
        }
        write!(f, ": {}", inert(&self.message))?;
        if let Some(expected) = &self.expected {
            write!(f, "\n  expected: {}", inert(expected))?;
        }
        match &self.hint {
            Some(hint) => write!(f, "\n  hint: {}", inert(hint))?,
            // Every problem gets a way forward: at least the format's documentation and the code's entry in it.
            None => {
                let doc = match self.file.extension().and_then(|e| e.to_str()) {
                    Some("toml") => "scenarios/README.md",
                    _ => "models/README.md",
                };
                write!(f, "\n  hint: see {doc}, error index entry {}", self.code)?;
            }
        }
        Ok(())
    }
}

/// A spreadsheet's name for a 1-based column number: 1 is `A`, 26 is `Z`, 27 is `AA`.
pub fn column_letters(column: u64) -> String {
    let mut n = column;
    let mut letters = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        letters.push(b'A' + d as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Sort diagnostics by file (files in `file_order` first, in that order, then the others in the order they first
/// appear), then line, then column, keeping the order of problems found on the same spot.
pub(crate) fn sort_by_location(diagnostics: &mut [Diagnostic], file_order: &[PathBuf]) {
    let mut order: Vec<PathBuf> = file_order.to_vec();
    for d in diagnostics.iter() {
        if !order.contains(&d.file) {
            order.push(d.file.clone());
        }
    }
    let rank = |p: &Path| order.iter().position(|q| q == p).unwrap_or(usize::MAX);
    diagnostics.sort_by_key(|d| (rank(&d.file), d.line.unwrap_or(0), d.column.unwrap_or(0)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_location_field_expected_and_hint() {
        let d = Diagnostic::new(codes::BAD_AMOUNT, "models/x/estimates.csv", "`12.345` has more than 2 decimal places")
            .at(14, Some(3))
            .field("price")
            .expected("an amount in CAD with at most 2 decimals, e.g. 125000.00")
            .hint("round to the cent");
        assert_eq!(
            d.to_string(),
            "error[E104]: models/x/estimates.csv:14:3 (field `price`): `12.345` has more than 2 decimal places\n  \
             expected: an amount in CAD with at most 2 decimals, e.g. 125000.00\n  hint: round to the cent"
        );
    }

    #[test]
    fn display_makes_values_from_the_input_inert() {
        let d = Diagnostic::new(codes::BAD_AMOUNT, "m/e.csv", "`1\n2\u{1b}[2J` is not an amount").field("pri\rce");
        let text = d.to_string();
        assert!(
            text.starts_with("error[E104]: m/e.csv (field `pri\\rce`): `1\\n2\\u{1b}[2J` is not an amount\n"),
            "{text}"
        );
    }

    #[test]
    fn display_without_location_shows_only_the_file() {
        let d = Diagnostic::new(codes::MISSING_FILE, "m/agencies.csv", "file not found");
        let fallback = "\n  hint: see models/README.md, error index entry E001";
        assert_eq!(d.to_string(), format!("error[E001]: m/agencies.csv: file not found{fallback}"));
        let d = d.at(2, None);
        assert_eq!(d.to_string(), format!("error[E001]: m/agencies.csv:2: file not found{fallback}"));
    }

    #[test]
    fn serialises_to_json() {
        let d = Diagnostic::new(codes::EMPTY_FIELD, "m/needs.csv", "empty").at(3, Some(2)).field("agency");
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["code"], "E101");
        assert_eq!(json["line"], 3);
        assert_eq!(json["field"], "agency");
        assert!(json["hint"].is_null());
    }

    #[test]
    fn a_workbook_cell_is_shown_as_sheet_and_cell() {
        let d = Diagnostic::new(codes::BAD_AMOUNT, "models/cti-2025.xlsx", "`12.345` has more than 2 decimal places")
            .at(12, Some(3))
            .field("price")
            .in_sheet("estimates")
            .hint("round to the cent");
        assert_eq!(
            d.to_string(),
            "error[E104]: models/cti-2025.xlsx › estimates!C12 (price): `12.345` has more than 2 decimal places\n  \
             hint: round to the cent"
        );
        let whole_row = Diagnostic::new(codes::FIELD_COUNT, "m.ods", "x").at(4, None).in_sheet("needs");
        assert!(whole_row.to_string().starts_with("error[E006]: m.ods › needs!4:4: x"), "{whole_row}");
    }

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        let got: Vec<String> = [1, 3, 26, 27, 52, 53, 702, 703].into_iter().map(column_letters).collect();
        assert_eq!(got, ["A", "C", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn sorting_keeps_file_order_and_orders_lines() {
        let mut ds = vec![
            Diagnostic::new("E1", "b.csv", "x").at(5, None),
            Diagnostic::new("E2", "a.csv", "x").at(9, None),
            Diagnostic::new("E3", "b.csv", "x").at(2, Some(1)),
        ];
        sort_by_location(&mut ds, &[]);
        let codes: Vec<_> = ds.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["E3", "E1", "E2"]);
        sort_by_location(&mut ds, &[PathBuf::from("a.csv")]);
        let codes: Vec<_> = ds.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["E2", "E3", "E1"]);
    }
}
