//! The readable summary printed by `courtier solve`. Text from the inputs goes through [`super::escape::terminal`].

use super::escape::terminal as inert;
use super::format::{money, number, percent, Lang};
use crate::solve::{Outcome, Status};
use crate::summary::{share, Summary, SupplierShare};
use comfy_table::{presets::UTF8_BORDERS_ONLY, CellAlignment, Table};
use std::fmt::Write;

/// A status in words.
pub fn status_text(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Optimal => lang.pick("optimale", "optimal"),
        Status::WithinGap => lang.pick("à un écart prouvé de l'optimum", "within a proven gap of the optimum"),
        Status::TimeLimit => lang
            .pick("réalisable à la limite de temps (non reproductible)", "feasible at the time limit (not replayable)"),
        Status::Infeasible => lang.pick("irréalisable", "infeasible"),
        Status::NoSolution => {
            lang.pick("aucune solution trouvée dans les limites fixées", "no solution found within the limits")
        }
        Status::NoEligibleOffer => lang.pick("aucune offre admissible", "no eligible offer"),
    }
}

fn supplier_table(title: &str, rows: &[SupplierShare], lang: Lang) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY);
    t.set_header(vec![
        title,
        lang.pick("QC", "QC"),
        lang.pick("contrats", "awards"),
        lang.pick("valeur", "value"),
        lang.pick("part", "share"),
    ]);
    for s in rows {
        t.add_row(vec![
            format!("{} ({})", inert(&s.name), inert(&s.id)),
            if s.quebec_firm { "✓".into() } else { String::new() },
            s.awards.to_string(),
            money(s.value, lang),
            percent(s.share, lang),
        ]);
    }
    for c in 2..5 {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

/// Render the summary of a solved scenario.
pub fn render(scenario: &str, description: &str, summary: &Summary, outcome: &Outcome, lang: Lang) -> String {
    let mut s = String::new();
    // French typography puts a space before the colon.
    let c = lang.pick(" :", ":");
    let _ = writeln!(s, "{} {}{c} {}", lang.pick("Scénario", "Scenario"), inert(scenario), inert(description));
    let mut status = format!("{}{c} {}", lang.pick("Statut", "Status"), status_text(summary.status, lang));
    if let Some(gap) = &summary.proven_within {
        let _ = write!(status, " — {}", super::words::proven_within(gap, lang));
    } else if let Some(gap) = outcome.gap {
        let gap = rust_decimal::Decimal::from_f64_retain(gap).unwrap_or_default();
        let _ = write!(status, " ({} {})", lang.pick("écart", "gap"), percent(gap, lang));
    }
    if !outcome.replayable() && summary.status != Status::TimeLimit {
        let _ = write!(status, " — {}", super::words::not_replayable(lang));
    }
    let _ = writeln!(s, "{status}");
    if summary.status.has_allocation() {
        let _ = writeln!(
            s,
            "{}{c} {}   {}{c} {}   {}{c} {} ({})",
            lang.pick("Coût total", "Total cost"),
            money(summary.total_cost, lang),
            lang.pick("Moins-disant admissible", "Cheapest eligible"),
            money(summary.lowest_total, lang),
            lang.pick("Prime", "Premium"),
            money(summary.premium, lang),
            percent(share(summary.premium, summary.lowest_total), lang),
        );
        let _ = writeln!(
            s,
            "{}{c} {} ({})   {} {}{c} {}   {} {}{c} {}",
            lang.pick("Part des entreprises québécoises", "Quebec firms' share"),
            percent(summary.quebec_share, lang),
            money(summary.quebec_value, lang),
            lang.pick("IHH", "HHI"),
            lang.pick("fournisseurs", "providers"),
            number(summary.hhi_providers, 0, lang),
            lang.pick("IHH", "HHI"),
            lang.pick("revendeurs", "resellers"),
            number(summary.hhi_resellers, 0, lang),
        );
        let _ = writeln!(
            s,
            "{}{c} {}   {}{c} {}   {}{c} {}",
            lang.pick("Contrats attribués", "Awards"),
            summary.awards.len(),
            lang.pick("Hors prix le plus bas (ADO requise, art. 48)", "Not the lowest price (ADO required, art. 48)"),
            summary.ado_count,
            lang.pick("Départagés par tirage", "Decided by the draw"),
            summary.tie_broken_count,
        );
        if !outcome.tiebreak_applied {
            let _ = writeln!(
                s,
                "{}",
                lang.pick(
                    "Attention : le tirage n'a pas été appliqué (solution non prouvée optimale).",
                    "Note: the tie-break draw was not applied (the solution is not proven optimal)."
                )
            );
        }
        let _ = writeln!(s, "\n{}", supplier_table(lang.pick("Fournisseur", "Provider"), &summary.providers, lang));
        let _ = writeln!(s, "\n{}", supplier_table(lang.pick("Revendeur", "Reseller"), &summary.resellers, lang));
        if let Some(year) = &summary.year {
            let _ = write!(s, "\n{}", year_shares(year, lang));
        }
    }
    if !summary.unserved.is_empty() {
        let _ = writeln!(
            s,
            "\n{} ({}):",
            lang.pick("Besoins sans offre admissible", "Needs with no eligible offer"),
            summary.unserved.len()
        );
        for u in &summary.unserved {
            let reasons: Vec<String> = u
                .estimates
                .iter()
                .map(|(offer, why)| {
                    let why: Vec<String> = why.iter().map(|w| w.to_string()).collect();
                    format!("{}: {}", inert(offer), inert(&why.join(", ")))
                })
                .collect();
            let detail = if reasons.is_empty() {
                lang.pick("aucune estimation reçue", "no estimate received").to_string()
            } else {
                reasons.join("; ")
            };
            let _ = writeln!(s, "  {} ({}): {detail}", inert(&u.need), inert(&u.agency));
        }
    }
    let _ = writeln!(s, "\n{}{c} {:.2} s", lang.pick("Temps de résolution", "Solve time"), outcome.seconds);
    s
}

/// The year's shares with the committed awards alone and with this run's awards (rolling use).
pub fn year_shares(year: &crate::summary::YearShares, lang: Lang) -> String {
    let mut s = String::new();
    let c = lang.pick(" :", ":");
    let _ = writeln!(
        s,
        "{}{c} {} {} ({})  + {} {} ({})",
        lang.pick("Parts de l'année", "The year's shares"),
        year.committed_awards,
        lang.pick("engagées", "committed"),
        money(year.committed_value, lang),
        year.new_awards,
        lang.pick("nouvelles", "new"),
        money(year.new_value, lang),
    );
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY);
    t.set_header(vec![
        lang.pick("fournisseur", "supplier"),
        lang.pick("rôle", "role"),
        lang.pick("engagées seules", "committed alone"),
        lang.pick("avec les nouvelles", "with the new awards"),
    ]);
    for sh in &year.suppliers {
        t.add_row(vec![
            inert(&sh.id),
            match sh.role.as_str() {
                "provider" => lang.pick("fournisseur de plateforme", "provider").to_string(),
                _ => lang.pick("revendeur", "reseller").to_string(),
            },
            percent(sh.committed, lang),
            percent(sh.with_new, lang),
        ]);
    }
    t.add_row(vec![
        lang.pick("entreprises québécoises", "Quebec firms").to_string(),
        String::new(),
        percent(year.quebec_committed, lang),
        percent(year.quebec_with_new, lang),
    ]);
    for col in 2..4 {
        if let Some(col) = t.column_mut(col) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    let _ = writeln!(s, "{t}");
    s
}
