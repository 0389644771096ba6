//! Reading an `allocation.csv` back (e.g. to re-check a published allocation): only its `need` and `offer`
//! columns matter; the other columns a report writes (`agency`, `provider`, `price`…) are ignored.

use super::diagnostic::{sort_by_location, Diagnostic};
use super::table::{read_table, Row, Schema};

/// One award read from an allocation file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationRow {
    /// The physical line of the row.
    pub line: u64,
    /// The need's id.
    pub need: String,
    /// The awarded offer's id.
    pub offer: String,
}

const ALLOCATION: Schema =
    Schema { file: "allocation.csv", columns: &["need", "offer"], extra_columns_allowed: true, optional: false };

/// Read the `need` and `offer` of every row of an allocation file; every problem is reported.
pub fn read_allocation(path: &std::path::Path) -> Result<Vec<AllocationRow>, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut files = Vec::new();
    let Some(table) = read_table(path, ALLOCATION, &mut files, &mut diags) else { return Err(diags) };
    let mut rows = Vec::with_capacity(table.records.len());
    for record in &table.records {
        let mut row = Row::new(&table, record, &mut diags);
        let (need, offer) = (row.text("need"), row.text("offer"));
        if let (Some(need), Some(offer)) = (need, offer) {
            rows.push(AllocationRow { line: record.line, need, offer });
        }
    }
    if diags.is_empty() {
        Ok(rows)
    } else {
        sort_by_location(&mut diags, &[]);
        Err(diags)
    }
}
