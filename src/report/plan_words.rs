//! The words of a plan, in French and English: why a need moves when it does, and the diagnosis of a calendar
//! that cannot hold, with the scenario lines that would apply the suggested change.

use super::escape::terminal as inert;
use super::format::{money, number, Lang};
use crate::domain::Network;
use crate::plan::diagnose::{DeadlineMove, PlanDiagnosis};
use crate::plan::inputs::{DeadlineSource, FirstSetBy, Sequence};
use crate::plan::why::{Blocker, Why};
use std::fmt::Write;

/// The titles of a plan line's columns (HTML table, workbook sheet), in the order of [`crate::plan::waves::PlanLine`].
pub fn line_titles(lang: Lang) -> [&'static str; 12] {
    [
        lang.pick("Besoin", "Need"),
        lang.pick("Organisme", "Agency"),
        lang.pick("Offre", "Offer"),
        lang.pick("Fournisseur", "Provider"),
        lang.pick("Revendeur", "Reseller"),
        lang.pick("Prix", "Price"),
        lang.pick("Début", "Start"),
        lang.pick("Fin", "End"),
        lang.pick("Échéance", "Deadline"),
        lang.pick("Marge (périodes)", "Slack (periods)"),
        lang.pick("Coût d'attente", "Waiting cost"),
        lang.pick("Engagée", "Committed"),
    ]
}

fn network(n: Network) -> &'static str {
    match n {
        Network::Ministry => "ministry",
        Network::Agency => "agency",
        Network::Rsss => "rsss",
        Network::Rees => "rees",
    }
}

/// Where a deadline comes from, in words.
pub fn deadline_source(s: &DeadlineSource, lang: Lang) -> String {
    match (s, lang) {
        (DeadlineSource::Need, Lang::Fr) => "échéance propre".into(),
        (DeadlineSource::Need, Lang::En) => "own deadline".into(),
        (DeadlineSource::Agency(a), Lang::Fr) => format!("échéance de {}", inert(a)),
        (DeadlineSource::Agency(a), Lang::En) => format!("{}'s deadline", inert(a)),
        (DeadlineSource::Network(n), Lang::Fr) => format!("échéance du réseau {}", network(*n).to_uppercase()),
        (DeadlineSource::Network(n), Lang::En) => format!("{} deadline", network(*n).to_uppercase()),
        (DeadlineSource::Horizon, Lang::Fr) => "fin de l'horizon".into(),
        (DeadlineSource::Horizon, Lang::En) => "end of the horizon".into(),
    }
}

fn blocker(b: &Blocker, lang: Lang) -> String {
    match b {
        Blocker::Capacity { kind, holder, unit, period, would_use, limit } => format!(
            "{} {} {} {} / {} {} {} {}",
            match (kind.as_str(), lang) {
                ("agency", Lang::Fr) => "l'organisme",
                ("agency", Lang::En) => "agency",
                (_, Lang::Fr) => "le fournisseur",
                (_, Lang::En) => "supplier",
            },
            inert(holder),
            lang.pick("utiliserait", "would use"),
            number(*would_use, 2, lang),
            number(*limit, 2, lang),
            inert(unit),
            lang.pick("en", "in"),
            period
        ),
        Blocker::Precedence { other, mode: Sequence::After } => {
            format!("{} {}", lang.pick("doit attendre la fin de", "must wait for the end of"), inert(other))
        }
        Blocker::Precedence { other, mode: Sequence::With } => {
            format!("{} {}", lang.pick("migre avec", "moves with"), inert(other))
        }
        Blocker::Nothing => lang
            .pick(
                "rien ne l'empêche : attendre ne coûte rien de plus (aucun coût d'exploitation), ou le plan n'est pas prouvé optimal",
                "nothing prevents it: waiting costs nothing more (no running cost), or the plan is not proven optimal",
            )
            .into(),
    }
}

/// Why one need starts when it does, in one paragraph.
pub fn why(w: &Why, lang: Lang) -> String {
    let mut s = format!("{} — {} {}", inert(&w.need), lang.pick("début", "starts"), w.start);
    if w.committed {
        let _ = write!(
            s,
            "{} {}",
            lang.pick(" :", ":"),
            lang.pick("adjudication engagée, période fixée", "committed award, period fixed")
        );
        return s;
    }
    let c = lang.pick(" :", ":");
    match w.earliest_allowed {
        Some(FirstSetBy::Horizon) => {
            let _ = write!(s, "{c} {}", lang.pick("dès le début de l'horizon", "as early as the horizon allows"));
        }
        Some(FirstSetBy::Freeze) => {
            let _ = write!(s, "{c} {}", lang.pick("dès la fin du gel", "as soon as the freeze ends"));
        }
        Some(FirstSetBy::EarliestStart) => {
            let _ = write!(s, "{c} {}", lang.pick("dès son début au plus tôt", "as soon as its earliest start allows"));
        }
        None => {
            let reasons: Vec<String> = w
                .held_back
                .iter()
                .take(3)
                .map(|(p, b)| format!("{} {p}{c} {}", lang.pick("pas en", "not in"), blocker(b, lang)))
                .collect();
            let more = w.held_back.len().saturating_sub(3);
            let _ = write!(s, "{c} {}", reasons.join("; "));
            if more > 0 {
                let _ = write!(
                    s,
                    "; {} {more} {}",
                    lang.pick("et", "and"),
                    lang.pick("période(s) plus tôt", "earlier period(s)")
                );
            }
        }
    }
    if w.at_deadline {
        let _ = write!(
            s,
            "; {}",
            lang.pick(
                "se termine à la dernière période que son échéance permet",
                "finishes in the last period its deadline allows"
            )
        );
    }
    if !w.legacy_monthly_cost.is_zero() {
        let _ = write!(
            s,
            "; {} {}",
            lang.pick("chaque mois d'attente coûte", "each month of waiting costs"),
            money(w.legacy_monthly_cost, lang)
        );
    }
    s
}

fn moved(m: &DeadlineMove, lang: Lang) -> String {
    let who = match (&m.source, lang) {
        (DeadlineSource::Need, _) => m.needs.iter().map(|n| inert(n)).collect::<Vec<_>>().join(", "),
        (s, _) => deadline_source(s, lang),
    };
    format!(
        "{} {who} {} {} {} {} ({} {})",
        lang.pick("reporter", "moving"),
        lang.pick("du", "from"),
        m.from,
        lang.pick("au", "to"),
        m.to,
        m.needs.len(),
        lang.pick("besoin(s)", "need(s)")
    )
}

/// The diagnosis of a calendar that cannot hold, with the scenario lines that apply each suggestion.
pub fn diagnosis(d: &PlanDiagnosis, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", lang.pick("Le calendrier ne tient pas.", "The calendar cannot hold."));
    if !d.allocation_feasible {
        let _ = writeln!(
            s,
            "- {}",
            lang.pick(
                "la politique elle-même n'admet aucune adjudication, quel que soit le calendrier : voir `courtier explain`",
                "the policy itself admits no allocation, whatever the calendar: see `courtier explain`"
            )
        );
    }
    for w in &d.no_window {
        let finish = w
            .earliest_finish
            .map_or_else(|| lang.pick("après l'horizon", "after the horizon").to_string(), |f| f.to_string());
        let _ = writeln!(
            s,
            "- {} {} {} ({}){} {} {finish}",
            inert(&w.need),
            lang.pick("ne peut finir avant son échéance du", "cannot finish by its deadline of"),
            w.deadline,
            deadline_source(&w.source, lang),
            lang.pick(" :", ":"),
            lang.pick("au plus tôt, elle finirait le", "at the earliest it would finish on"),
        );
    }
    if let Some(late) = &d.late {
        if !late.is_empty() {
            let _ = writeln!(
                s,
                "{}",
                lang.pick(
                    "Besoins en retard si les échéances étaient levées (capacités respectées) :",
                    "Needs late if the deadlines were lifted (capacities held):"
                )
            );
            for l in late {
                let _ = writeln!(
                    s,
                    "- {} ({} {}) {} {}, {} {}",
                    inert(&l.need),
                    deadline_source(&l.source, lang),
                    l.deadline,
                    lang.pick("finirait le", "would finish on"),
                    l.finish,
                    l.periods_late,
                    lang.pick("période(s) de retard", "period(s) late")
                );
            }
        }
    }
    let mut options = Vec::new();
    if !d.deadline_moves.is_empty() {
        let moves: Vec<String> = d.deadline_moves.iter().map(|m| moved(m, lang)).collect();
        let mut toml = String::new();
        for m in &d.deadline_moves {
            match &m.source {
                DeadlineSource::Network(n) => {
                    let _ = writeln!(toml, "    [plan.deadlines]\n    {} = {}", network(*n), m.to);
                }
                DeadlineSource::Agency(a) => {
                    let _ = writeln!(toml, "    [plan.agency_deadlines]\n    \"{}\" = {}", inert(a), m.to);
                }
                _ => {
                    let _ = writeln!(
                        toml,
                        "    # migrations.csv: deadline {} for {}",
                        m.to,
                        m.needs.iter().map(|n| inert(n)).collect::<Vec<_>>().join(", ")
                    );
                }
            }
        }
        options.push(format!("{}\n{toml}", moves.join("; ")));
    }
    if let Some(adds) = d.capacity_adds.as_ref().filter(|a| !a.is_empty()) {
        let mut by_holder: std::collections::BTreeMap<(String, String, String), Vec<String>> = Default::default();
        let mut toml = String::new();
        for a in adds {
            by_holder.entry((a.kind.clone(), a.id.clone(), a.unit.clone())).or_default().push(format!(
                "+{} {} {}",
                number(a.amount, 2, lang),
                lang.pick("en", "in"),
                a.label
            ));
            let _ = writeln!(
                toml,
                "    [[plan.capacity_change]]\n    {} = \"{}\"\n    unit = \"{}\"\n    from = {}\n    to = {}\n    add = {}",
                a.kind,
                inert(&a.id),
                inert(&a.unit),
                a.from,
                a.to,
                a.amount
            );
        }
        let words: Vec<String> = by_holder
            .into_iter()
            .map(|((kind, id, unit), adds)| {
                format!("{kind} {} ({}){} {}", inert(&id), inert(&unit), lang.pick(" :", ":"), adds.join(", "))
            })
            .collect();
        options.push(format!(
            "{} {}\n{toml}",
            lang.pick("ajouter de la capacité :", "adding capacity:"),
            words.join("; ")
        ));
    }
    match options.len() {
        0 => {
            let _ = writeln!(
                s,
                "{}",
                lang.pick(
                    "Aucun report d'échéance ni ajout de capacité ne suffit seul : voir les besoins ci-dessus.",
                    "No deadline move or capacity addition alone suffices: see the needs above."
                )
            );
        }
        _ => {
            let _ = writeln!(s, "{}", lang.pick("L'un ou l'autre suffirait :", "Either change would suffice:"));
            for (i, o) in options.iter().enumerate() {
                let _ = write!(s, "{}. {o}", i + 1);
            }
        }
    }
    s
}
