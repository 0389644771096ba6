//! `allocation.csv`: one row per award, for spreadsheets and for `courtier verify`.

use super::escape::csv_cell;
use crate::summary::{AwardLine, Summary};

/// The header of `allocation.csv`.
pub const HEADER: [&str; 9] =
    ["need", "agency", "offer", "provider", "reseller", "price", "lowest_eligible_price", "premium", "tie_broken"];

/// The cells of one award's row, as [`render`] writes them (in the order of [`HEADER`]).
pub fn record(a: &AwardLine) -> [String; 9] {
    [
        csv_cell(&a.need),
        csv_cell(&a.agency),
        csv_cell(&a.offer),
        csv_cell(&a.provider),
        csv_cell(&a.reseller),
        a.price.to_string(),
        a.lowest_eligible_price.to_string(),
        a.premium.to_string(),
        a.tie_broken.to_string(),
    ]
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
