//! The comparison and the sweep in Markdown (text from the inputs through [`escape::markdown`]).

use super::{assumptions, cells, headers, supplier_share, Options};
use crate::compare::Comparison;
use crate::report::escape;

/// The comparison in Markdown, with each scenario's assumptions.
pub fn markdown(c: &Comparison, o: &Options) -> String {
    let lang = o.lang;
    let mut s = format!("# {}\n\n", lang.pick("Comparaison des politiques", "Policy comparison"));
    if o.redact {
        s.push_str(lang.pick(
            "*Version caviardée pour publication : les prix des fournisseurs et ce qui permettrait de les déduire sont retenus (art. 23 de la Loi sur l'accès).*\n\n",
            "*Redacted for publication: suppliers' prices and anything that would reveal them are withheld (art. 23 of the Access Act).*\n\n",
        ));
    }
    let h = headers(lang);
    s.push_str(&format!("| {} |\n", h.join(" | ")));
    s.push_str(&format!("|{}\n", "---|".repeat(h.len())));
    for r in &c.rows {
        let cells: Vec<String> = cells(r, o).iter().map(|x| escape::markdown(x)).collect();
        s.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    for r in &c.rows {
        s.push_str(&format!("\n## {}\n\n{}\n\n", escape::markdown(&r.name), escape::markdown(&r.description)));
        for a in assumptions(&r.policy, lang) {
            s.push_str(&format!("- {}\n", escape::markdown(&a)));
        }
        s.push_str(&format!(
            "\n| {} | {} | {} |\n|---|---:|---:|\n",
            lang.pick("Fournisseur", "Provider"),
            lang.pick("Contrats", "Awards"),
            lang.pick("Part", "Share")
        ));
        for p in &r.summary.providers {
            s.push_str(&format!(
                "| {} | {} | {} |\n",
                escape::markdown(&p.name),
                p.awards,
                supplier_share(p.share, p.awards, o)
            ));
        }
    }
    s
}

/// A sweep's header and rows as a Markdown table.
pub(super) fn sweep_table(h: &[String], rows: &[Vec<String>]) -> String {
    let h: Vec<String> = h.iter().map(|x| escape::markdown(x)).collect();
    let mut out = format!("| {} |\n|{}\n", h.join(" | "), "---|".repeat(h.len()));
    for r in rows {
        let r: Vec<String> = r.iter().map(|x| escape::markdown(x)).collect();
        out.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    out
}
