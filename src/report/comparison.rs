//! Exporters of a comparison (and of a sweep): terminal table, Markdown, CSV, JSON and a self-contained HTML report,
//! in French or English, optionally redacted for publication. Pure functions from data to bytes.
//!
//! Publication mode (`redact`, art. 23 of the access law): no per-award price, premium or lowest price; a supplier's
//! value is never shown, its share only rounded to the whole percent and only when it holds at least
//! [`REDACT_MIN_AWARDS`] awards (a single award's share times the total would reveal its price). Aggregates remain:
//! total cost, premium over the baseline, concentration, the Quebec share.
//!
//! Text from the inputs goes through [`super::escape`]: one function per format (the HTML through minijinja's
//! auto-escape).
//!
//! One file per format in `comparison/`: [`terminal`], [`markdown`], [`csv`], [`json`], [`html`]; the words of a
//! policy's assumptions are in [`assumptions`]. This file holds what they share: the options, the headline
//! figures of each scenario and what publication mode withholds.

pub mod assumptions;
mod csv;
mod html;
mod json;
mod markdown;
mod terminal;

pub use self::csv::{csv, sweep_csv};
pub use self::html::html;
pub use self::json::json;
pub use self::markdown::markdown;
pub use self::terminal::terminal;
pub use assumptions::assumptions;

use super::format::{money, number, percent, Lang};
use super::terminal::status_text;
use crate::compare::{Largest, Row};
use crate::sweep::Sweep;
use rust_decimal::Decimal;

/// How to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Language.
    pub lang: Lang,
    /// Publication mode.
    pub redact: bool,
}

/// In publication mode, a supplier's share is shown only from this many awards.
pub const REDACT_MIN_AWARDS: usize = 3;

pub(super) fn headers(lang: Lang) -> Vec<&'static str> {
    vec![
        lang.pick("Scénario", "Scenario"),
        lang.pick("Statut", "Status"),
        lang.pick("Coût total", "Total cost"),
        lang.pick("Prime vs prix seul", "Premium vs price only"),
        lang.pick("Prime (%)", "Premium (%)"),
        lang.pick("Fournisseurs", "Providers"),
        lang.pick("Revendeurs", "Resellers"),
        lang.pick("Plus grande part fournisseur", "Largest provider share"),
        lang.pick("Plus grande part revendeur", "Largest reseller share"),
        lang.pick("IHH fournisseurs", "HHI providers"),
        lang.pick("IHH revendeurs", "HHI resellers"),
        lang.pick("Part québécoise", "Quebec share"),
        lang.pick("ADO requises", "ADO required"),
        lang.pick("Besoins non servis", "Unserved needs"),
        lang.pick("Écart", "Gap"),
    ]
}

/// The largest share as published: in publication mode, withheld when its holder has too few awards to hide a
/// price.
pub(super) fn shown<'a>(r: &Row, l: &'a Option<Largest>, o: &Options) -> Option<&'a Largest> {
    let awards_of =
        |id: &str| r.summary.providers.iter().chain(&r.summary.resellers).find(|s| s.id == id).map_or(0, |s| s.awards);
    l.as_ref().filter(|l| !o.redact || awards_of(&l.id) >= REDACT_MIN_AWARDS)
}

pub(super) fn cells(r: &Row, o: &Options) -> Vec<String> {
    let lang = o.lang;
    let dash = || "—".to_string();
    let largest = |l: &Option<Largest>| {
        shown(r, l, o).map(|l| format!("{} ({})", percent(l.share, lang), l.id)).unwrap_or_else(dash)
    };
    vec![
        r.name.clone(),
        if r.replayable || r.status == crate::solve::Status::TimeLimit {
            status_text(r.status, lang).to_string()
        } else {
            format!("{} ({})", status_text(r.status, lang), lang.pick("non reproductible", "not replayable"))
        },
        r.total.map(|t| money(t, lang)).unwrap_or_else(dash),
        r.premium.map(|t| money(t, lang)).unwrap_or_else(dash),
        r.premium_share.map(|t| percent(t, lang)).unwrap_or_else(dash),
        r.providers.to_string(),
        r.resellers.to_string(),
        largest(&r.largest_provider),
        largest(&r.largest_reseller),
        number(r.hhi_providers, 0, lang),
        number(r.hhi_resellers, 0, lang),
        percent(r.quebec_share, lang),
        r.ado.to_string(),
        r.unserved.to_string(),
        gap_cell(r, lang).unwrap_or_else(dash),
    ]
}

/// The gap in words: the proven distance to the best possible allocation in money (or points) and percent when
/// the result is not proven optimal, the relative gap otherwise.
fn gap_cell(r: &Row, lang: Lang) -> Option<String> {
    use super::format::small_percent;
    match &r.summary.proven_within {
        Some(g) => {
            let amount = match g.unit {
                crate::summary::GapUnit::Cad => money(g.amount, lang),
                crate::summary::GapUnit::Points => format!("{} points", number(g.amount, 6, lang)),
            };
            Some(format!("≤ {amount} ({})", small_percent(g.relative, lang)))
        }
        None => r.gap.map(|g| percent(Decimal::from_f64_retain(g).unwrap_or_default(), lang)),
    }
}

pub(super) fn supplier_share(share: Decimal, awards: usize, o: &Options) -> String {
    if !o.redact {
        return percent(share, o.lang);
    }
    if awards < REDACT_MIN_AWARDS {
        return "—".into();
    }
    let pct = (share * Decimal::ONE_HUNDRED).round();
    match o.lang {
        Lang::Fr => format!("{pct} %"),
        Lang::En => format!("{pct}%"),
    }
}

/// The header and rows of a sweep table, in the language, not yet escaped.
fn sweep_rows(s: &Sweep, o: &Options) -> (Vec<String>, Vec<Vec<String>>) {
    let lang = o.lang;
    let mut h: Vec<String> = s.params.iter().map(|p| p.key.clone()).collect();
    h.extend(
        [
            lang.pick("Statut", "Status"),
            lang.pick("Coût total", "Total cost"),
            lang.pick("Part québécoise", "Quebec share"),
            lang.pick("Plus grande part fournisseur", "Largest provider share"),
            lang.pick("Attribution modifiée", "Allocation changes"),
        ]
        .map(String::from),
    );
    let rows: Vec<Vec<String>> = s
        .points
        .iter()
        .map(|p| {
            let mut r: Vec<String> = p.values.iter().map(|v| v.normalize().to_string()).collect();
            r.push(status_text(p.status, lang).to_string());
            r.push(p.total.map(|t| money(t, lang)).unwrap_or_else(|| "—".into()));
            r.push(p.quebec_share.map(|t| percent(t, lang)).unwrap_or_else(|| "—".into()));
            r.push(p.largest_provider_share.map(|t| percent(t, lang)).unwrap_or_else(|| "—".into()));
            r.push(if p.becomes_infeasible {
                lang.pick("devient irréalisable", "becomes infeasible").into()
            } else if p.changed {
                lang.pick("oui", "yes").into()
            } else {
                String::new()
            });
            r
        })
        .collect();
    (h, rows)
}

/// A sweep as a terminal table (or Markdown table with `markdown = true`).
pub fn sweep_table(s: &Sweep, o: &Options, markdown: bool) -> String {
    let (h, rows) = sweep_rows(s, o);
    if markdown {
        markdown::sweep_table(&h, &rows)
    } else {
        terminal::sweep_table(&h, &rows)
    }
}
