//! Reading a `plan.csv` back, to re-check a published plan: the file `courtier plan` writes (every column of
//! [`HEADER`], each of which `verify` recomputes and compares), or a hand-made file with only `need`, `offer` and
//! `start`. Dates are checked here; whether each start is the first day of a period is `verify`'s job.

use super::diagnostic::{codes, Diagnostic};
use super::table::{read_table, Row, Schema};
use crate::report::plan_csv::HEADER;
use chrono::NaiveDate;

/// One row of a plan file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    /// Physical line.
    pub line: u64,
    /// Need id.
    pub need: String,
    /// Offer id.
    pub offer: String,
    /// Start date (None: not migrated in the horizon).
    pub start: Option<NaiveDate>,
    /// Every cell read, `(column, text)`, in the order of [`HEADER`] (empty for a hand-made file).
    pub cells: Vec<(&'static str, String)>,
}

const FULL: Schema = Schema { file: "plan.csv", columns: &HEADER, extra_columns_allowed: false, optional: false };
const MINIMAL: Schema =
    Schema { file: "plan.csv", columns: &["need", "offer", "start"], extra_columns_allowed: false, optional: false };

/// Whether a CSV file's header names a `start` column (a plan rather than an allocation).
pub fn looks_like_plan(path: &std::path::Path) -> bool {
    let Ok(text) = super::read_input(path, super::MAX_CSV_BYTES) else { return false };
    let first = text.split(|&b| b == b'\n').next().unwrap_or_default();
    String::from_utf8_lossy(first).trim_start_matches('\u{feff}').trim_end().split(',').any(|c| c == "start")
}

/// Read every row of a plan file; every problem is reported.
pub fn read_plan(path: &std::path::Path) -> Result<Vec<PlanRow>, Vec<Diagnostic>> {
    let (mut diags, mut files) = (Vec::new(), Vec::new());
    let mut full = true;
    let mut table = read_table(path, FULL, &mut files, &mut diags);
    if table.is_none() && diags.iter().all(|d| matches!(d.code, codes::MISSING_COLUMN | codes::UNKNOWN_COLUMN)) {
        let (mut d2, mut f2) = (Vec::new(), Vec::new());
        let minimal = read_table(path, MINIMAL, &mut f2, &mut d2);
        if minimal.is_some() && d2.is_empty() {
            (table, diags, full) = (minimal, d2, false);
        }
    }
    let Some(table) = table else { return Err(diags) };
    let mut rows = Vec::new();
    for record in &table.records {
        let mut row = Row::new(&table, record, &mut diags);
        let need = row.reference("need");
        let offer = row.reference("offer");
        let start = row.optional_date("start");
        let cells = if full { HEADER.iter().map(|&c| (c, row.cell(c).to_string())).collect() } else { vec![] };
        let line = row.line();
        if let (Some(need), Some(offer), Some(start)) = (need, offer, start) {
            rows.push(PlanRow { line, need, offer, start, cells });
        }
    }
    if diags.is_empty() {
        Ok(rows)
    } else {
        Err(diags)
    }
}
