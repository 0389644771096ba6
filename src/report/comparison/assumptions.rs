//! A policy's assumptions in words, for the comparison reports (Markdown, JSON, HTML): the basis of the award,
//! the eligibility rules, P2, P3, capacities and the published draw. (Moved here from `compare.rs`: words belong
//! to the report layer.)

use crate::domain::{Objective, Policy, QuebecCredit};
use crate::report::format::{percent, Lang};
use rust_decimal::Decimal;

/// A policy's assumptions in words.
pub fn assumptions(policy: &Policy, lang: Lang) -> Vec<String> {
    let fr = lang == Lang::Fr;
    let mut v = Vec::new();
    v.push(match &policy.objective {
        Objective::Price => {
            if fr { "Critère : prix seul (art. 48 1°)".into() } else { "Basis: price alone (art. 48 1°)".into() }
        }
        Objective::Weighted(w) => {
            let p = |d: Decimal| percent(d, lang);
            if fr {
                format!(
                    "Critères pondérés autorisés par le dirigeant (art. 48 2°) : prix {}, compatibilité {}, accessibilité {}, performance {}, soutien {}",
                    p(w.price), p(w.compatibility), p(w.accessibility), p(w.performance), p(w.support)
                )
            } else {
                format!(
                    "Weighted criteria authorised by the head of the organisation (art. 48 2°): price {}, compatibility {}, accessibility {}, performance {}, support {}",
                    p(w.price), p(w.compatibility), p(w.accessibility), p(w.performance), p(w.support)
                )
            }
        }
    });
    v.push(if fr {
        format!("Durée maximale : {} mois, renouvellements compris", policy.eligibility.max_term_months)
    } else {
        format!("Longest term: {} months, renewals included", policy.eligibility.max_term_months)
    });
    if !policy.eligibility.equivalent_regions.is_empty() {
        let r: Vec<&str> = policy.eligibility.equivalent_regions.iter().map(String::as_str).collect();
        v.push(if fr {
            format!("Régions jugées équivalentes au Québec pour les renseignements personnels : {}", r.join(", "))
        } else {
            format!("Regions deemed equivalent to Quebec for personal information: {}", r.join(", "))
        });
    }
    match &policy.spread {
        None => v.push(if fr { "P2 répartition : non appliquée".into() } else { "P2 spread: off".into() }),
        Some(s) => {
            if let Some(c) = s.max_provider_share {
                v.push(if fr {
                    format!("Plafond par fournisseur : {} de la valeur", percent(c, lang))
                } else {
                    format!("Provider cap: {} of the value", percent(c, lang))
                });
            }
            if let Some(c) = s.max_reseller_share {
                v.push(if fr {
                    format!("Plafond par revendeur : {} de la valeur", percent(c, lang))
                } else {
                    format!("Reseller cap: {} of the value", percent(c, lang))
                });
            }
            if let Some(k) = s.min_providers {
                v.push(if fr { format!("Au moins {k} fournisseurs") } else { format!("At least {k} providers") });
            }
            if let Some(c) = s.max_provider_share_per_agency {
                v.push(if fr {
                    format!(
                        "Plafond par fournisseur dans un organisme : {} (organismes d'au moins {} besoins)",
                        percent(c, lang),
                        s.per_agency_min_needs
                    )
                } else {
                    format!(
                        "Provider cap within an agency: {} (agencies with at least {} needs)",
                        percent(c, lang),
                        s.per_agency_min_needs
                    )
                });
            }
        }
    }
    match &policy.quebec {
        None => {
            v.push(if fr { "P3 plancher québécois : non appliqué".into() } else { "P3 Quebec floor: off".into() })
        }
        Some(q) => {
            let who = match (q.credit, fr) {
                (QuebecCredit::Reseller, true) => "revendeur",
                (QuebecCredit::Provider, true) => "fournisseur",
                (QuebecCredit::Either, true) => "revendeur ou fournisseur",
                (QuebecCredit::Reseller, false) => "reseller",
                (QuebecCredit::Provider, false) => "provider",
                (QuebecCredit::Either, false) => "reseller or provider",
            };
            v.push(if fr {
                format!("Plancher québécois : {} de la valeur ({who})", percent(q.min_share, lang))
            } else {
                format!("Quebec floor: {} of the value ({who})", percent(q.min_share, lang))
            });
        }
    }
    v.push(match (policy.capacity, fr) {
        (true, true) => "Capacités des fournisseurs respectées".into(),
        (false, true) => "Capacités des fournisseurs ignorées".into(),
        (true, false) => "Suppliers' capacities enforced".into(),
        (false, false) => "Suppliers' capacities ignored".into(),
    });
    v.push(if fr {
        format!("Tirage publié, graine {}", policy.tiebreak_seed)
    } else {
        format!("Published draw, seed {}", policy.tiebreak_seed)
    });
    v
}
