//! Reading an `allocation.csv` back (e.g. to re-check a published allocation). Two shapes are read: the file
//! `courtier solve` writes (every column of [`HEADER`], each of which `verify` recomputes and compares), or a
//! hand-made file with only the columns `need` and `offer`. Any other set of columns is refused: a column that is
//! read but not checked could carry a value nobody verified.

use super::diagnostic::{codes, sort_by_location, Diagnostic};
use super::table::{read_table, Row, Schema};
use crate::report::allocation_csv::HEADER;
use crate::report::escape::csv_cell_read;

/// One award read from an allocation file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationRow {
    /// The physical line of the row.
    pub line: u64,
    /// The need's id.
    pub need: String,
    /// The awarded offer's id.
    pub offer: String,
    /// Every cell read, `(column, text)`, in the order of [`HEADER`] (`need` and `offer` included, as written).
    pub cells: Vec<(&'static str, String)>,
}

const FULL: Schema = Schema { file: "allocation.csv", columns: &HEADER, extra_columns_allowed: false, optional: false };
const MINIMAL: Schema =
    Schema { file: "allocation.csv", columns: &["need", "offer"], extra_columns_allowed: false, optional: false };

/// How many columns header diagnostics ask to add or remove (a missing-columns diagnostic names each in backticks).
fn columns_off(diags: &[Diagnostic]) -> usize {
    diags.iter().map(|d| if d.code == codes::MISSING_COLUMN { d.message.matches('`').count() / 2 } else { 1 }).sum()
}

/// Read every row of an allocation file; every problem is reported.
pub fn read_allocation(path: &std::path::Path) -> Result<Vec<AllocationRow>, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut files = Vec::new();
    let mut table = read_table(path, FULL, &mut files, &mut diags);
    let is_header = |d: &Diagnostic| matches!(d.code, codes::MISSING_COLUMN | codes::UNKNOWN_COLUMN);
    if !diags.is_empty() && diags.iter().all(is_header) {
        // Not the file `solve` writes: perhaps a hand-made `need,offer` file.
        let (mut minimal_diags, mut minimal_files) = (Vec::new(), Vec::new());
        let minimal = read_table(path, MINIMAL, &mut minimal_files, &mut minimal_diags);
        let minimal_fits = !minimal_diags.iter().any(is_header);
        // When neither shape fits, report against the nearer one (fewer columns to add or remove).
        if minimal_fits || columns_off(&minimal_diags) < columns_off(&diags) {
            diags = minimal_diags;
        }
        table = if minimal_fits { minimal } else { None };
    }
    for d in diags.iter_mut().filter(|d| is_header(d)) {
        d.expected = Some(format!("the header `{}`, or only `need,offer`", HEADER.join(",")));
        d.hint = Some(
            "verify reads the allocation.csv that `courtier solve --out` writes, every column of which it \
             recomputes, or a file with only the columns `need` and `offer`; any other column would go unchecked"
                .into(),
        );
    }
    if diags.iter().any(is_header) {
        return Err(diags);
    }
    let Some(table) = table else { return Err(diags) };
    let mut rows = Vec::with_capacity(table.records.len());
    for record in &table.records {
        let mut row = Row::new(&table, record, &mut diags);
        let cells: Vec<(&'static str, String)> =
            table.schema.columns.iter().map(|&c| (c, row.cell(c).to_string())).collect();
        let (need, offer) = (row.text("need"), row.text("offer"));
        if let (Some(need), Some(offer)) = (need, offer) {
            rows.push(AllocationRow {
                line: record.line,
                need: csv_cell_read(&need).to_string(),
                offer: csv_cell_read(&offer).to_string(),
                cells,
            });
        }
    }
    if diags.is_empty() {
        Ok(rows)
    } else {
        sort_by_location(&mut diags, &[]);
        Err(diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::codes;
    use crate::io::testutil::{render, single};

    fn read(text: &str) -> Result<Vec<AllocationRow>, Vec<Diagnostic>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("allocation.csv");
        std::fs::write(&path, text).unwrap();
        read_allocation(&path)
    }

    #[test]
    fn every_column_of_the_file_solve_writes_is_read() {
        let rows = read(
            "agency,need,offer,provider,reseller,price,lowest_eligible_price,premium,tie_broken\n\
                         MCN,N-001,O-AWS-IAAS,AWS,NUAGIQ,420000.00,420000.00,0.00,false\n\
                         MCN,'-N-002,O-MSFT-PAAS,MSFT,NUAGIQ,180000.00,180000.00,0.00,false\n",
        )
        .unwrap_or_else(|d| panic!("{}", render(&d)));
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[1].line, rows[1].need.as_str(), rows[1].offer.as_str()), (3, "-N-002", "O-MSFT-PAAS"));
        assert_eq!(rows[1].cells.len(), 9);
        assert_eq!(rows[1].cells[0], ("need", "'-N-002".to_string()));
        assert_eq!(rows[1].cells[5], ("price", "180000.00".to_string()));
    }

    #[test]
    fn a_hand_made_need_offer_file_is_read() {
        let rows = read("need,offer\nN-001,O-AWS-IAAS\n").unwrap_or_else(|d| panic!("{}", render(&d)));
        assert_eq!(rows[0].cells, vec![("need", "N-001".to_string()), ("offer", "O-AWS-IAAS".to_string())]);
    }

    #[test]
    fn a_column_that_would_go_unchecked_is_refused() {
        let d = read("need,offer,note\nN-001,O-AWS-IAAS,cheap\n").unwrap_err();
        let d = single(&d, codes::UNKNOWN_COLUMN, "allocation.csv", Some(1), Some("note"));
        assert!(d.hint.as_deref().unwrap().contains("would go unchecked"));
        let d = read("need,offer,price\nN-001,O-AWS-IAAS,1.00\n").unwrap_err();
        single(&d, codes::UNKNOWN_COLUMN, "allocation.csv", Some(1), Some("price"));
    }

    #[test]
    fn the_need_and_offer_columns_are_required() {
        let d = read("need,provider\nN-001,AWS\n").unwrap_err();
        assert!(d.iter().any(|d| d.code == codes::MISSING_COLUMN && d.message.contains("`offer`")), "{}", render(&d));
    }

    #[test]
    fn empty_cells_and_short_rows_are_reported() {
        let d = read("need,offer\nN-001,\nN-002\n").unwrap_err();
        assert_eq!(d.len(), 2, "{}", render(&d));
        assert_eq!((d[0].code, d[0].line, d[0].field.as_deref()), (codes::EMPTY_FIELD, Some(2), Some("offer")));
        assert_eq!((d[1].code, d[1].line), (codes::FIELD_COUNT, Some(3)));
    }

    #[test]
    fn a_missing_allocation_file_is_reported() {
        let d = read_allocation(std::path::Path::new("/nonexistent/allocation.csv")).unwrap_err();
        single(&d, codes::MISSING_FILE, "allocation.csv", None, None);
    }
}
