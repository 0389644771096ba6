//! The library's structured reasons (exclusions, violations, grounds, relaxations) in French and English.

use super::format::{money, number, percent, Lang};
use crate::eligibility::Exclusion;
use crate::explain::award::Ground;
use crate::explain::cost::Principle;
use crate::explain::debrief::Decisive;
use crate::explain::diagnose::{DeadEnd, Relaxation};
use crate::summary::share;
use crate::verify::Violation;
use rust_decimal::Decimal;

/// Why an estimate is excluded.
pub fn exclusion(e: &Exclusion, lang: Lang) -> String {
    match (e, lang) {
        (Exclusion::NotQualified, Lang::Fr) => "offre non qualifiée".into(),
        (Exclusion::NotQualified, Lang::En) => "offer not qualified".into(),
        (Exclusion::Category { offer, need }, Lang::Fr) => format!("offre {offer}, besoin {need}"),
        (Exclusion::Category { offer, need }, Lang::En) => format!("offer is {offer}, need is {need}"),
        (Exclusion::Residency { region }, Lang::Fr) => {
            format!("renseignements personnels hébergés hors Québec ({region})")
        }
        (Exclusion::Residency { region }, Lang::En) => {
            format!("personal information would be hosted outside Quebec ({region})")
        }
        (Exclusion::Certification { missing }, Lang::Fr) => format!("certification manquante : {}", missing.join(", ")),
        (Exclusion::Certification { missing }, Lang::En) => format!("missing certification: {}", missing.join(", ")),
        (Exclusion::Term { months, max }, Lang::Fr) => format!("durée de {months} mois > {max} (art. 48 RCTI)"),
        (Exclusion::Term { months, max }, Lang::En) => format!("term of {months} months > {max} (art. 48 RCTI)"),
        (Exclusion::Committed { offer }, Lang::Fr) => format!("besoin déjà adjugé à {offer}"),
        (Exclusion::Committed { offer }, Lang::En) => format!("need already awarded to {offer}"),
    }
}

/// All reasons of one exclusion, joined.
pub fn exclusions(es: &[Exclusion], lang: Lang) -> String {
    es.iter().map(|e| exclusion(e, lang)).collect::<Vec<_>>().join("; ")
}

/// A share with two decimals, precise enough to show how far past a cap a swap goes.
fn fine(share_value: Decimal, lang: Lang) -> String {
    let n = number(share_value * Decimal::ONE_HUNDRED, 2, lang);
    match lang {
        Lang::Fr => format!("{n} %"),
        Lang::En => format!("{n}%"),
    }
}

/// A broken rule, with its figures.
pub fn violation(v: &Violation, lang: Lang) -> String {
    match v {
        Violation::ShareCap { scope, supplier, value, total, cap } => match lang {
            Lang::Fr => format!(
                "porterait {} {supplier}{} à {} de la valeur, au-delà du plafond de {} (P2)",
                if scope == "reseller" { "le revendeur" } else { "le fournisseur" },
                scope.strip_prefix("provider in agency ").map(|a| format!(" dans l'organisme {a}")).unwrap_or_default(),
                fine(share(*value, *total), lang),
                fine(*cap, lang)
            ),
            Lang::En => format!(
                "would push {} to {} of the value, above the {} cap (P2)",
                match scope.strip_prefix("provider in agency ") {
                    Some(a) => format!("provider {supplier} in agency {a}"),
                    None => format!("{scope} {supplier}"),
                },
                fine(share(*value, *total), lang),
                fine(*cap, lang)
            ),
        },
        Violation::MinProviders { count, min } => match lang {
            Lang::Fr => format!("ne laisserait que {count} fournisseurs, moins que le minimum de {min} (P2)"),
            Lang::En => format!("would leave {count} providers, fewer than the minimum of {min} (P2)"),
        },
        Violation::QuebecFloor { value, total, floor } => match lang {
            Lang::Fr => format!(
                "ferait descendre la part des entreprises québécoises à {}, sous le plancher de {} (P3)",
                fine(share(*value, *total), lang),
                fine(*floor, lang)
            ),
            Lang::En => format!(
                "would bring Quebec firms' share down to {}, below the {} floor (P3)",
                fine(share(*value, *total), lang),
                fine(*floor, lang)
            ),
        },
        Violation::Capacity { supplier, unit, used, limit } => match lang {
            Lang::Fr => format!(
                "demanderait {} {unit} à {supplier}, au-delà de sa capacité de {} (P0)",
                number(*used, 0, lang),
                number(*limit, 0, lang)
            ),
            Lang::En => format!(
                "would need {} {unit} from {supplier}, above its capacity of {} (P0)",
                number(*used, 0, lang),
                number(*limit, 0, lang)
            ),
        },
        other => other.to_string(),
    }
}

/// A ground for not awarding the cheapest offer.
pub fn ground(g: &Ground, lang: Lang) -> String {
    match (g, lang) {
        (Ground::Principles { principles }, Lang::Fr) => format!("principes : {}", principles.join(", ")),
        (Ground::Principles { principles }, Lang::En) => format!("principles: {}", principles.join(", ")),
        (Ground::WeightedCriteria { winner_score, best_cheaper_score }, _) => {
            let (w, c) = (dec(*winner_score), dec(*best_cheaper_score));
            match lang {
                Lang::Fr => format!(
                    "critères pondérés autorisés (art. 48 2°) : {} points contre {} pour la meilleure offre moins chère",
                    number(w, 2, lang),
                    number(c, 2, lang)
                ),
                Lang::En => format!(
                    "authorised weighted criteria (art. 48 2°): {} points against {} for the best cheaper offer",
                    number(w, 2, lang),
                    number(c, 2, lang)
                ),
            }
        }
        (Ground::NotProvenOptimal { within: Some(gap) }, _) => cheaper_may_exist(gap, lang),
        (Ground::NotProvenOptimal { within: None }, Lang::Fr) => {
            "solution non prouvée optimale : une répartition moins chère pourrait exister".into()
        }
        (Ground::NotProvenOptimal { within: None }, Lang::En) => {
            "solution not proven optimal: a cheaper allocation could exist".into()
        }
    }
}

fn dec(x: f64) -> Decimal {
    Decimal::from_f64_retain(x).unwrap_or_default()
}

/// A principle's name.
pub fn principle(p: Principle, lang: Lang) -> &'static str {
    match (p, lang) {
        (Principle::Spread, Lang::Fr) => "P2 répartition",
        (Principle::Spread, Lang::En) => "P2 spread",
        (Principle::QuebecFloor, Lang::Fr) => "P3 plancher québécois",
        (Principle::QuebecFloor, Lang::En) => "P3 Quebec floor",
        (Principle::Capacity, Lang::Fr) => "P0 capacités",
        (Principle::Capacity, Lang::En) => "P0 capacities",
        (Principle::WeightedCriteria, Lang::Fr) => "critères pondérés (art. 48 2°)",
        (Principle::WeightedCriteria, Lang::En) => "weighted criteria (art. 48 2°)",
    }
}

fn pp(d: Decimal, lang: Lang) -> String {
    percent(d, lang)
}

/// A change that makes an infeasible policy feasible.
pub fn relaxation(r: &Relaxation, lang: Lang) -> String {
    match (r, lang) {
        (Relaxation::RaiseProviderCap { from, to }, Lang::Fr) => {
            format!("relever le plafond par fournisseur de {} à au moins {}", pp(*from, lang), pp(*to, lang))
        }
        (Relaxation::RaiseProviderCap { from, to }, Lang::En) => {
            format!("raise the provider cap from {} to at least {}", pp(*from, lang), pp(*to, lang))
        }
        (Relaxation::RaiseResellerCap { from, to }, Lang::Fr) => {
            format!("relever le plafond par revendeur de {} à au moins {}", pp(*from, lang), pp(*to, lang))
        }
        (Relaxation::RaiseResellerCap { from, to }, Lang::En) => {
            format!("raise the reseller cap from {} to at least {}", pp(*from, lang), pp(*to, lang))
        }
        (Relaxation::RaiseAgencyCap { from, to }, Lang::Fr) => format!(
            "relever le plafond par fournisseur dans un organisme de {} à au moins {}",
            pp(*from, lang),
            pp(*to, lang)
        ),
        (Relaxation::RaiseAgencyCap { from, to }, Lang::En) => {
            format!("raise the per-agency provider cap from {} to at least {}", pp(*from, lang), pp(*to, lang))
        }
        (Relaxation::LowerMinProviders { from, to }, Lang::Fr) => {
            format!("abaisser le nombre minimal de fournisseurs de {from} à {to}")
        }
        (Relaxation::LowerMinProviders { from, to }, Lang::En) => {
            format!("lower the minimum number of providers from {from} to {to}")
        }
        (Relaxation::LowerQuebecFloor { from, to }, Lang::Fr) => {
            format!("abaisser le plancher québécois de {} à au plus {}", pp(*from, lang), pp(*to, lang))
        }
        (Relaxation::LowerQuebecFloor { from, to }, Lang::En) => {
            format!("lower the Quebec floor from {} to at most {}", pp(*from, lang), pp(*to, lang))
        }
        (Relaxation::RaiseCapacities { raises }, _) => {
            let parts: Vec<String> = raises
                .iter()
                .map(|(s, unit, from, to)| match lang {
                    Lang::Fr => format!(
                        "{s} : {} {unit} au lieu de {} (+{})",
                        number(*to, 0, lang),
                        number(*from, 0, lang),
                        number(*to - *from, 0, lang)
                    ),
                    Lang::En => format!(
                        "{s}: {} {unit} instead of {} (+{})",
                        number(*to, 0, lang),
                        number(*from, 0, lang),
                        number(*to - *from, 0, lang)
                    ),
                })
                .collect();
            match lang {
                Lang::Fr => format!("augmenter les capacités : {}", parts.join("; ")),
                Lang::En => format!("raise capacities: {}", parts.join("; ")),
            }
        }
    }
}

/// A need that no estimate can serve, in a sentence.
pub fn dead_end(d: &DeadEnd, lang: Lang) -> String {
    if d.estimates == 0 {
        return match lang {
            Lang::Fr => format!("le besoin {} ({}) n'a reçu aucune estimation", d.need, d.agency),
            Lang::En => format!("need {} ({}) received no estimate", d.need, d.agency),
        };
    }
    let all = |k: &str| d.reasons.iter().any(|(r, c)| r == k && *c == d.estimates);
    let why = if all("residency") {
        match lang {
            Lang::Fr => format!(
                "les {} estimations hébergent hors Québec alors que le besoin contient des renseignements personnels",
                d.estimates
            ),
            Lang::En => format!(
                "all {} estimates are hosted outside Quebec but the need holds personal information",
                d.estimates
            ),
        }
    } else if all("term") {
        match lang {
            Lang::Fr => format!("les {} estimations dépassent 36 mois (art. 48 RCTI)", d.estimates),
            Lang::En => format!("all {} estimates exceed 36 months (art. 48 RCTI)", d.estimates),
        }
    } else {
        let parts: Vec<String> = d.reasons.iter().map(|(k, c)| format!("{k} ×{c}")).collect();
        match lang {
            Lang::Fr => format!("aucune des {} estimations n'est admissible ({})", d.estimates, parts.join(", ")),
            Lang::En => format!("none of its {} estimates is eligible ({})", d.estimates, parts.join(", ")),
        }
    };
    match lang {
        Lang::Fr => format!("le besoin {} ({}) n'a aucune offre admissible : {why}", d.need, d.agency),
        Lang::En => format!("need {} ({}) has no eligible offer: {why}", d.need, d.agency),
    }
}

/// What decided a lost bid.
pub fn decisive(d: &Decisive, lang: Lang) -> String {
    match (d, lang) {
        (Decisive::Ineligible { reasons }, Lang::Fr) => format!("non admissible : {}", exclusions(reasons, lang)),
        (Decisive::Ineligible { reasons }, Lang::En) => format!("not eligible: {}", exclusions(reasons, lang)),
        (Decisive::Price { would_win_at }, Lang::Fr) => format!("aurait gagné à ≤ {}", money(*would_win_at, lang)),
        (Decisive::Price { would_win_at }, Lang::En) => format!("would have won at ≤ {}", money(*would_win_at, lang)),
        (Decisive::PriceBand { at_least_percent, below_percent }, Lang::Fr) => match (at_least_percent, below_percent) {
            (0, Some(hi)) => format!("aurait gagné avec un prix de moins de {hi} % inférieur au vôtre (fourchette : attribution non publiée)"),
            (lo, Some(hi)) => format!("aurait gagné avec un prix de {lo} à {hi} % inférieur au vôtre (fourchette : attribution non publiée)"),
            (lo, None) => format!("aurait gagné avec un prix d'au moins {lo} % inférieur au vôtre (fourchette : attribution non publiée)"),
        },
        (Decisive::PriceBand { at_least_percent, below_percent }, Lang::En) => match (at_least_percent, below_percent) {
            (0, Some(hi)) => format!("would have won with a price less than {hi}% below yours (band: the award is not published)"),
            (lo, Some(hi)) => format!("would have won with a price {lo} to {hi}% below yours (band: the award is not published)"),
            (lo, None) => format!("would have won with a price at least {lo}% below yours (band: the award is not published)"),
        },
        (Decisive::Principle { principles }, Lang::Fr) => {
            format!("aucun prix positif ne l'emporte : {}", principles.join(", "))
        }
        (Decisive::Principle { principles }, Lang::En) => {
            format!("no positive price wins: {}", principles.join(", "))
        }
        (Decisive::Undetermined, Lang::Fr) => "indéterminé (limite de temps)".into(),
        (Decisive::Undetermined, Lang::En) => "undetermined (time limit)".into(),
    }
}

/// What a run the wall clock stopped is: not replayable.
pub fn not_replayable(lang: Lang) -> &'static str {
    lang.pick(
        "non reproductible : la limite de temps a arrêté une étape",
        "not replayable: the wall-clock limit stopped a stage",
    )
}

/// How far an allocation not proven optimal may be from the best possible one, in words:
/// "proven within $1,864.00 (0.001%) of the best possible allocation".
pub fn proven_within(gap: &crate::summary::ProvenGap, lang: Lang) -> String {
    let (amount, pct) = gap_amount(gap, lang);
    match lang {
        Lang::Fr => format!("prouvée à au plus {amount} ({pct}) de la meilleure répartition possible"),
        Lang::En => format!("proven within {amount} ({pct}) of the best possible allocation"),
    }
}

/// The same for a migration plan: "proven within $342,646.88 (0.089%) of the best possible plan".
pub fn plan_proven_within(gap: &crate::summary::ProvenGap, lang: Lang) -> String {
    let (amount, pct) = gap_amount(gap, lang);
    match lang {
        Lang::Fr => format!("prouvé à au plus {amount} ({pct}) du meilleur plan possible"),
        Lang::En => format!("proven within {amount} ({pct}) of the best possible plan"),
    }
}

/// The caveat of a plan not proven optimal: "a cheaper plan, by at most …, could exist".
pub fn cheaper_plan_may_exist(gap: &crate::summary::ProvenGap, lang: Lang) -> String {
    let (amount, pct) = gap_amount(gap, lang);
    match lang {
        Lang::Fr => {
            format!("un plan moins coûteux d'au plus {amount} ({pct}) pourrait exister : l'optimum n'est pas prouvé")
        }
        Lang::En => format!("a cheaper plan, by at most {amount} ({pct}), could exist: the optimum is not proven"),
    }
}

/// A gap's amount (money or points) and percent, in words.
fn gap_amount(gap: &crate::summary::ProvenGap, lang: Lang) -> (String, String) {
    use super::format::small_percent;
    use crate::summary::GapUnit;
    let amount = match gap.unit {
        GapUnit::Cad => money(gap.amount, lang),
        GapUnit::Points => format!("{} {}", number(gap.amount, 6, lang), lang.pick("points", "points")),
    };
    (amount, small_percent(gap.relative, lang))
}

/// The caveat an explanation carries when the allocation is not proven optimal.
pub fn cheaper_may_exist(gap: &crate::summary::ProvenGap, lang: Lang) -> String {
    use crate::summary::GapUnit;
    let (amount, pct) = gap_amount(gap, lang);
    match (gap.unit, lang) {
        (GapUnit::Cad, Lang::Fr) => format!(
            "une répartition moins chère d'au plus {amount} ({pct}) pourrait exister : l'optimum n'est pas prouvé"
        ),
        (GapUnit::Cad, Lang::En) => {
            format!("a cheaper allocation, by at most {amount} ({pct}), could exist: the optimum is not proven")
        }
        (GapUnit::Points, Lang::Fr) => format!(
            "une répartition mieux notée d'au plus {amount} ({pct}) pourrait exister : l'optimum n'est pas prouvé"
        ),
        (GapUnit::Points, Lang::En) => {
            format!("a better-scored allocation, by at most {amount} ({pct}), could exist: the optimum is not proven")
        }
    }
}
