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
    fn need_and_offer_are_read_and_other_columns_ignored() {
        let rows = read(
            "agency,need,offer,provider,reseller,price,lowest_eligible_price,premium,tie_broken\n\
                         MCN,N-001,O-AWS-IAAS,AWS,NUAGIQ,420000.00,420000.00,0.00,false\n\
                         MCN,N-002,O-MSFT-PAAS,MSFT,NUAGIQ,180000.00,180000.00,0.00,false\n",
        )
        .unwrap_or_else(|d| panic!("{}", render(&d)));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1], AllocationRow { line: 3, need: "N-002".into(), offer: "O-MSFT-PAAS".into() });
    }

    #[test]
    fn the_need_and_offer_columns_are_required() {
        let d = read("need,provider\nN-001,AWS\n").unwrap_err();
        let d = single(&d, codes::MISSING_COLUMN, "allocation.csv", Some(1), None);
        assert!(d.message.contains("`offer`"));
    }

    #[test]
    fn empty_cells_and_short_rows_are_reported() {
        let d = read("need,offer,price\nN-001,,1.00\nN-002\n").unwrap_err();
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
