//! A supplier's debrief in Markdown. It carries the supplier's own prices, ranks and thresholds, never another
//! supplier's price (art. 23 of the access law). Text from the inputs goes through [`super::escape::markdown`].

use super::escape::markdown as md;
use super::format::{money, Lang};
use super::words;
use crate::explain::debrief::Debrief;
use std::fmt::Write;

/// Render a debrief.
pub fn render(d: &Debrief, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} — {} ({})\n",
        lang.pick("Bilan du fournisseur", "Supplier debrief"),
        md(&d.name),
        md(&d.supplier)
    );
    let _ = match lang {
        Lang::Fr => writeln!(
            s,
            "Estimations : {} ; retenues : {} ; valeur attribuée : {}\n",
            d.bids.len(),
            d.won,
            money(d.total, lang)
        ),
        Lang::En => writeln!(s, "Bids: {}; won: {}; awarded value: {}\n", d.bids.len(), d.won, money(d.total, lang)),
    };
    let _ = writeln!(
        s,
        "| {} | {} | {} | {} | {} |\n|---|---|---:|---:|---|",
        lang.pick("Besoin", "Need"),
        lang.pick("Offre", "Offer"),
        lang.pick("Votre prix", "Your price"),
        lang.pick("Rang", "Rank"),
        lang.pick("Résultat", "Outcome")
    );
    for b in &d.bids {
        let rank = b.rank.map(|r| format!("{r} / {}", b.eligible_count)).unwrap_or_else(|| "—".into());
        let outcome = if b.won {
            lang.pick("retenue", "won").to_string()
        } else {
            b.decisive.as_ref().map(|x| md(&words::decisive(x, lang))).unwrap_or_default()
        };
        let _ =
            writeln!(s, "| {} | {} | {} | {} | {} |", md(&b.need), md(&b.offer), money(b.price, lang), rank, outcome);
    }
    s
}
