//! The committed awards' file a scenario names (`committed = "…"`, rolling use): `need,offer,start`, one row per
//! award already made. Each must name a need and an offer of the model with an estimate between them, once per
//! need; `start` is when its migration starts (empty: already migrated, or not planned).

use super::diagnostic::{codes, Diagnostic};
use super::scenario::Located;
use super::table::{read_table, Row, Schema};
use super::InputFile;
use crate::domain::{Commitment, World};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The file's columns.
pub(crate) const COMMITTED: Schema = Schema {
    file: "committed.csv",
    columns: &["need", "offer", "start"],
    extra_columns_allowed: false,
    optional: false,
};

/// Read and check the committed awards against the world. Returns them sorted by need id, with the file read.
pub(crate) fn load_committed(
    path: &Located<PathBuf>,
    world: &World,
) -> Result<(Vec<Commitment>, InputFile), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut files = Vec::new();
    let Some(table) = read_table(&path.value, COMMITTED, &mut files, &mut diags) else {
        let mut d = diags;
        if let Some(first) = d.first_mut() {
            if first.code == codes::MISSING_FILE {
                *first = path
                    .diag(
                        codes::MISSING_FILE,
                        format!("the committed awards' file {} is not found", path.value.display()),
                    )
                    .hint("`committed` is a path relative to the scenario file's folder");
            }
        }
        return Err(d);
    };
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    let mut out = Vec::new();
    for record in &table.records {
        let mut row = Row::new(&table, record, &mut diags);
        let need = row.reference("need");
        let offer = row.reference("offer");
        let start = row.optional_date("start");
        let line = row.line();
        let (Some(need), Some(offer), Some(start)) = (need, offer, start) else { continue };
        let Some(n) = world.need_index(&need) else {
            diags.push(table.diag(
                codes::UNKNOWN_REFERENCE,
                line,
                "need",
                format!("need `{need}` is not in the model"),
            ));
            continue;
        };
        let Some(o) = world.offer_index(&offer) else {
            diags.push(table.diag(
                codes::UNKNOWN_REFERENCE,
                line,
                "offer",
                format!("offer `{offer}` is not in the model"),
            ));
            continue;
        };
        if world.estimate_index(n, o).is_none() {
            diags.push(
                table
                    .diag(
                        codes::BAD_MIGRATION,
                        line,
                        "offer",
                        format!("need `{need}` has no estimate from offer `{offer}`"),
                    )
                    .hint("a committed award is one of the need's estimates (estimates.csv)"),
            );
            continue;
        }
        if let Some(first) = seen.insert(need.clone(), line) {
            diags.push(table.diag(
                codes::DUPLICATE,
                line,
                "need",
                format!("need `{need}` is committed twice (first on line {first})"),
            ));
            continue;
        }
        out.push(Commitment { need, offer, start });
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    out.sort();
    Ok((out, files.pop().expect("the file was read")))
}
