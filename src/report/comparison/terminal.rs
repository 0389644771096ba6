//! The comparison and the sweep as terminal tables (text from the inputs through [`escape::terminal`]).

use super::{cells, headers, Options};
use crate::compare::Comparison;
use crate::report::escape;
use comfy_table::{presets::UTF8_BORDERS_ONLY, Table};

/// The comparison as a terminal table.
pub fn terminal(c: &Comparison, o: &Options) -> String {
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY);
    // Transposed: one column per scenario reads better with many figures.
    let h = headers(o.lang);
    let cols: Vec<Vec<String>> =
        c.rows.iter().map(|r| cells(r, o).iter().map(|x| escape::terminal(x)).collect()).collect();
    t.set_header(std::iter::once(String::new()).chain(cols.iter().map(|c| c[0].clone())).collect::<Vec<_>>());
    for (i, label) in h.iter().enumerate().skip(1) {
        t.add_row(std::iter::once(label.to_string()).chain(cols.iter().map(|c| c[i].clone())).collect::<Vec<_>>());
    }
    format!("{t}\n")
}

/// A sweep's header and rows as a terminal table.
pub(super) fn sweep_table(h: &[String], rows: &[Vec<String>]) -> String {
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY);
    t.set_header(h.iter().map(|x| escape::terminal(x)).collect::<Vec<_>>());
    for r in rows {
        t.add_row(r.iter().map(|x| escape::terminal(x)).collect::<Vec<_>>());
    }
    format!("{t}\n")
}
