//! `explanations.md`: the whole portfolio's explanations for people: the awards that need an ADO with their
//! grounds, what each principle costs, the binding rows, the diagnosis, then every need. Deterministic. Text from
//! the inputs (and the words built from it) goes through [`super::escape::markdown`].

use super::escape::{markdown as md, markdown_code};
use super::format::{money, percent, Lang};
use super::words;
use crate::explain::award::NeedExplanation;
use crate::explain::cost::PriceOfFairness;
use crate::explain::diagnose::Diagnosis;
use crate::explain::Explanations;
use crate::solve::Status;
use std::fmt::Write;

fn status(s: Status, lang: Lang) -> &'static str {
    super::terminal::status_text(s, lang)
}

/// The price-of-fairness section.
pub fn costs(c: &PriceOfFairness, lang: Lang) -> String {
    let mut s = String::new();
    let total = |v: &crate::explain::cost::Variant| {
        v.total.map(|t| money(t, lang)).unwrap_or_else(|| status(v.status, lang).to_string())
    };
    let _ = writeln!(s, "| {} | {} |", lang.pick("Politique", "Policy"), lang.pick("Coût total", "Total cost"));
    let _ = writeln!(s, "|---|---:|");
    let _ = writeln!(s, "| {} | {} |", lang.pick("Tous les principes", "All principles"), total(&c.all));
    for (v, p) in c.without.iter().zip(&c.principles) {
        let _ =
            writeln!(s, "| {} {} | {} |", lang.pick("Sans", "Without"), words::principle(p.principle, lang), total(v));
    }
    let _ = writeln!(s, "| {} | {} |", lang.pick("Aucun (prix seul)", "None (price only)"), total(&c.none));
    let _ = writeln!(s);
    for p in &c.principles {
        match (p.marginal, p.marginal_share) {
            (Some(m), Some(sh)) => {
                let _ = writeln!(
                    s,
                    "- {} {} {} ({}{})",
                    words::principle(p.principle, lang),
                    lang.pick("coûte", "costs"),
                    money(m, lang),
                    percent(sh, lang),
                    p.part_of_premium
                        .map(|x| format!(
                            ", {} {}",
                            percent(x, lang),
                            lang.pick("de la prime totale", "of the total premium")
                        ))
                        .unwrap_or_default()
                );
            }
            _ => {
                let _ = writeln!(
                    s,
                    "- {}: {}",
                    words::principle(p.principle, lang),
                    lang.pick(
                        "non mesurable (une des résolutions n'a pas abouti)",
                        "not measurable (a re-solve failed)"
                    )
                );
            }
        }
    }
    if let (Some(p), Some(i)) = (c.premium, c.interaction) {
        let _ = writeln!(
            s,
            "- {} {} ; {} {}",
            lang.pick("Prime totale des principes :", "Total premium of the principles:"),
            money(p, lang),
            lang.pick("effet conjoint (au-delà des coûts séparés) :", "joint effect (beyond the separate costs):"),
            money(i, lang)
        );
    }
    s
}

/// One binding constraint with its figures.
pub fn binding(b: &crate::explain::cost::Binding, lang: Lang) -> String {
    let figures = if b.row.starts_with("capacity") || b.row.starts_with("spread.min_providers") {
        format!("{} / {}", super::format::number(b.value, 0, lang), super::format::number(b.bound, 0, lang))
    } else {
        format!("{} / {}", percent(b.value, lang), percent(b.bound, lang))
    };
    format!("- `{}` ({}): {figures}", markdown_code(&b.row), md(&b.principle))
}

/// The diagnosis section.
pub fn diagnosis(d: &Diagnosis, lang: Lang) -> String {
    let mut s = String::new();
    if d.infeasible {
        let _ = writeln!(
            s,
            "{}",
            lang.pick(
                "**Aucune attribution ne respecte cette politique.** Chacun des changements suivants suffit à la rendre réalisable :",
                "**No allocation satisfies this policy.** Each of these changes alone makes it feasible:"
            )
        );
        for r in &d.relaxations {
            let _ = writeln!(s, "- {}", md(&words::relaxation(r, lang)));
        }
        if !d.conflicting.is_empty() {
            let _ = writeln!(
                s,
                "- {} {}",
                lang.pick(
                    "aucun changement isolé ne suffit ; il faut assouplir ensemble :",
                    "no single change suffices; loosen together:"
                ),
                md(&d.conflicting.join(", "))
            );
        }
    }
    for de in &d.dead_ends {
        let _ = writeln!(s, "- {}", md(&words::dead_end(de, lang)));
    }
    s
}

/// One need's explanation.
pub fn need(n: &NeedExplanation, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "### {} — {} ({})\n", md(&n.need), md(&n.title), md(&n.agency));
    match &n.winner {
        Some(w) => {
            let _ = writeln!(
                s,
                "- {} **{}** ({} / {}), {}, {} {} / {}",
                lang.pick("Attribué à", "Awarded to"),
                md(&w.offer),
                md(&w.provider),
                md(&w.reseller),
                money(w.price, lang),
                lang.pick("rang de prix", "price rank"),
                w.price_rank,
                n.eligible.len()
            );
            if let Some(l) = n.lowest_price {
                let _ = writeln!(
                    s,
                    "- {} {} ; {} {}",
                    lang.pick("Plus bas prix admissible :", "Lowest eligible price:"),
                    money(l, lang),
                    lang.pick("prime :", "premium:"),
                    money(n.premium, lang)
                );
            }
            if n.ado_required {
                let grounds: Vec<String> = n.grounds.iter().map(|g| md(&words::ground(g, lang))).collect();
                let _ = writeln!(
                    s,
                    "- **{}** — {}",
                    lang.pick(
                        "ADO requise (art. 48 : choix qui ne repose pas sur le prix seul)",
                        "ADO required (art. 48: not chosen on price alone)"
                    ),
                    grounds.join(" ; ")
                );
            }
            if n.decided_by_draw {
                let _ = writeln!(
                    s,
                    "- {}",
                    lang.pick(
                        "Départagé par le tirage publié (attributions également avantageuses).",
                        "Decided by the published draw (equally advantageous allocations)."
                    )
                );
            }
            for c in &n.counterfactuals {
                let breaks: Vec<String> = c.swap_breaks.iter().map(|v| md(&words::violation(v, lang))).collect();
                let mut line = format!(
                    "- {} {} ({}) : {}",
                    lang.pick("Attribuer à", "Awarding to"),
                    md(&c.offer),
                    money(c.price, lang),
                    if breaks.is_empty() {
                        lang.pick("ne briserait aucune règle", "would break no rule").to_string()
                    } else {
                        breaks.join(" ; ")
                    }
                );
                if let Some(extra) = c.forced_extra_cost {
                    let _ = write!(
                        line,
                        " ; {} +{}",
                        lang.pick("réoptimisé avec cette offre :", "re-optimised with this offer:"),
                        money(extra, lang)
                    );
                } else if c.forced_status == crate::solve::MipStatus::Infeasible {
                    let _ = write!(
                        line,
                        " ; {}",
                        lang.pick(
                            "aucune attribution conforme avec cette offre",
                            "no compliant allocation with this offer"
                        )
                    );
                }
                let _ = writeln!(s, "{line}");
            }
        }
        None => {
            let _ = writeln!(
                s,
                "- {}",
                lang.pick("Non attribué : aucune offre admissible.", "Not awarded: no eligible offer.")
            );
        }
    }
    if !n.excluded.is_empty() {
        let _ = writeln!(s, "- {}", lang.pick("Offres exclues :", "Excluded offers:"));
        for x in &n.excluded {
            let _ = writeln!(
                s,
                "  - {} ({} / {}) : {}",
                md(&x.offer),
                md(&x.provider),
                md(&x.reseller),
                md(&words::exclusions(&x.reasons, lang))
            );
        }
    }
    s
}

/// Render the whole document.
pub fn render(scenario: &str, e: &Explanations, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {} — {}\n", lang.pick("Explications des attributions", "Award explanations"), md(scenario));
    let _ = writeln!(s, "## {}\n", lang.pick("Ce que coûte chaque principe", "What each principle costs"));
    s.push_str(&costs(&e.costs, lang));
    let _ = writeln!(s, "\n## {}\n", lang.pick("Contraintes saturées", "Binding constraints"));
    if e.binding.is_empty() {
        let _ = writeln!(s, "{}", lang.pick("Aucune.", "None."));
    }
    for b in &e.binding {
        let _ = writeln!(s, "{}", binding(b, lang));
    }
    let _ = writeln!(s, "\n## {}\n", lang.pick("Diagnostic", "Diagnosis"));
    let d = diagnosis(&e.diagnosis, lang);
    s.push_str(if d.is_empty() { lang.pick("Rien à signaler.\n", "Nothing to report.\n") } else { &d });
    let ado: Vec<&NeedExplanation> = e.ado_required().collect();
    let _ = writeln!(
        s,
        "\n## {} ({})\n",
        lang.pick("Attributions qui exigent une ADO (art. 48)", "Awards requiring an ADO (art. 48)"),
        ado.len()
    );
    if !ado.is_empty() {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} |\n|---|---|---|---:|---:|---|",
            lang.pick("Besoin", "Need"),
            lang.pick("Organisme", "Agency"),
            lang.pick("Offre", "Offer"),
            lang.pick("Prix", "Price"),
            lang.pick("Prime", "Premium"),
            lang.pick("Motifs", "Grounds")
        );
        for n in ado {
            let w = n.winner.as_ref().expect("an ADO award has a winner");
            let grounds: Vec<String> = n.grounds.iter().map(|g| md(&words::ground(g, lang))).collect();
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                md(&n.need),
                md(&n.agency),
                md(&w.offer),
                money(w.price, lang),
                money(n.premium, lang),
                grounds.join(" ; ")
            );
        }
    }
    let _ = writeln!(s, "\n## {}\n", lang.pick("Chaque besoin", "Every need"));
    for n in &e.needs {
        s.push_str(&need(n, lang));
        s.push('\n');
    }
    s
}
