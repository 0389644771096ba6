//! `allocation.csv`: one row per award, for spreadsheets and for `courtier verify`.

use crate::summary::{AwardLine, Summary};

/// The header of `allocation.csv`.
pub const HEADER: [&str; 9] =
    ["need", "agency", "offer", "provider", "reseller", "price", "lowest_eligible_price", "premium", "tie_broken"];

/// A cell that a spreadsheet could run as a formula gets a leading apostrophe.
pub fn inert(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// The cells of one award's row, as [`render`] writes them (in the order of [`HEADER`]).
pub fn record(a: &AwardLine) -> [String; 9] {
    [
        inert(&a.need),
        inert(&a.agency),
        inert(&a.offer),
        inert(&a.provider),
        inert(&a.reseller),
        a.price.to_string(),
        a.lowest_eligible_price.to_string(),
        a.premium.to_string(),
        a.tie_broken.to_string(),
    ]
}

/// Undo [`inert`] on a cell read back: the apostrophe in front of a formula character is removed.
pub fn uninert(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if matches!(rest.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')) => rest,
        _ => cell,
    }
}

/// Render the awards.
pub fn render(summary: &Summary) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail; errors would only come from the underlying writer.
    let _ = w.write_record(HEADER);
    for a in &summary.awards {
        let _ = w.write_record(record(a));
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uninert_undoes_inert() {
        for cell in ["=SUM(A1)", "-N-1", "N-1", "'quoted", "@x", ""] {
            assert_eq!(uninert(&inert(cell)), cell);
        }
    }
}
