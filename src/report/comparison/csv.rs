//! The comparison and the sweep as CSV (cells through [`csv_cell`], quoting by the csv crate).

use super::{headers, Options};
use crate::compare::Comparison;
use crate::report::escape::csv_cell;
use crate::sweep::Sweep;
use rust_decimal::Decimal;

/// The comparison as CSV (one line per scenario; machine-readable numbers; labels in the language).
pub fn csv(c: &Comparison, o: &Options) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = headers(o.lang);
    header.push(o.lang.pick("Écart prouvé ($ ou points)", "Proven gap ($ or points)"));
    let _ = w.write_record(header);
    for r in &c.rows {
        let opt = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
        let largest = |l: &Option<crate::compare::Largest>| {
            l.as_ref().map(|l| format!("{} {}", l.share, l.id)).unwrap_or_default()
        };
        let _ = w.write_record([
            csv_cell(&r.name),
            format!("{:?}", r.status).to_lowercase(),
            opt(r.total),
            opt(r.premium),
            opt(r.premium_share),
            r.providers.to_string(),
            r.resellers.to_string(),
            csv_cell(&largest(&r.largest_provider)),
            csv_cell(&largest(&r.largest_reseller)),
            r.hhi_providers.to_string(),
            r.hhi_resellers.to_string(),
            r.quebec_share.to_string(),
            r.ado.to_string(),
            r.unserved.to_string(),
            r.gap.map(|g| g.to_string()).unwrap_or_default(),
            r.summary.proven_within.as_ref().map(|g| g.amount.to_string()).unwrap_or_default(),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// A sweep as CSV.
pub fn sweep_csv(s: &Sweep) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut h: Vec<String> = s.params.iter().map(|p| p.key.clone()).collect();
    h.extend(
        ["status", "total_cost", "quebec_share", "largest_provider_share", "changed", "becomes_infeasible"]
            .map(String::from),
    );
    let _ = w.write_record(&h);
    for p in &s.points {
        let mut r: Vec<String> = p.values.iter().map(|v| v.normalize().to_string()).collect();
        r.push(format!("{:?}", p.status).to_lowercase());
        r.push(p.total.map(|t| t.to_string()).unwrap_or_default());
        r.push(p.quebec_share.map(|t| t.to_string()).unwrap_or_default());
        r.push(p.largest_provider_share.map(|t| t.to_string()).unwrap_or_default());
        r.push(p.changed.to_string());
        r.push(p.becomes_infeasible.to_string());
        let _ = w.write_record(&r);
    }
    w.into_inner().unwrap_or_default()
}
