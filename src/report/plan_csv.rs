//! `plan.csv`: one row per need of a plan (its award, start and end dates, deadline, slack, waiting cost), for
//! spreadsheets and for `courtier verify --plan`.

use super::escape::csv_cell;
use crate::plan::waves::{PlanLine, PlanSummary};

/// The header of `plan.csv`.
pub const HEADER: [&str; 12] = [
    "need",
    "agency",
    "offer",
    "provider",
    "reseller",
    "price",
    "start",
    "end",
    "deadline",
    "slack_periods",
    "waiting_cost",
    "committed",
];

/// The cells of one need's row, as [`render`] writes them (in the order of [`HEADER`]).
pub fn record(l: &PlanLine) -> [String; 12] {
    let date = |d: Option<chrono::NaiveDate>| d.map_or(String::new(), |d| d.to_string());
    [
        csv_cell(&l.need),
        csv_cell(&l.agency),
        csv_cell(&l.offer),
        csv_cell(&l.provider),
        csv_cell(&l.reseller),
        l.price.to_string(),
        date(l.start),
        date(l.end),
        date(l.deadline),
        l.slack_periods.map_or(String::new(), |s| s.to_string()),
        l.waiting_cost.to_string(),
        l.committed.to_string(),
    ]
}

/// Render a plan.
pub fn render(summary: &PlanSummary) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(HEADER);
    for l in &summary.lines {
        let _ = w.write_record(record(l));
    }
    w.into_inner().unwrap_or_default()
}
