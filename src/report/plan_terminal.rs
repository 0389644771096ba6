//! The readable summary printed by `courtier plan`: status, cost (contracts and waiting), the waves per period
//! (migrations starting and under way, starts per provider, the most loaded capacities used of available, needs
//! at risk), and, with committed awards, the year's shares with and without the new awards.

use super::escape::terminal as inert;
use super::format::{money, number, Lang};
use super::terminal::status_text;
use crate::plan::calendar::Calendar;
use crate::plan::waves::PlanSummary;
use crate::plan::PlanOutcome;
use crate::solve::Status;
use comfy_table::{presets::UTF8_BORDERS_ONLY, CellAlignment, Table};
use rust_decimal::Decimal;
use std::fmt::Write;

/// How many holders a wave lists by load.
const LOADED_SHOWN: usize = 3;
/// How many needs at risk a wave names.
const AT_RISK_SHOWN: usize = 4;

/// Render a plan's summary.
pub fn render(
    scenario: &str,
    description: &str,
    calendar: &Calendar,
    outcome: &PlanOutcome,
    summary: &PlanSummary,
    lang: Lang,
) -> String {
    let mut s = String::new();
    let c = lang.pick(" :", ":");
    let _ = writeln!(s, "{} {}{c} {}", lang.pick("Plan", "Plan"), inert(scenario), inert(description));
    let mut status = format!("{}{c} {}", lang.pick("Statut", "Status"), status_text(outcome.status, lang));
    if let Some(gap) = &summary.proven_within {
        let _ = write!(status, " — {}", super::words::plan_proven_within(gap, lang));
    }
    if !outcome.replayable() && outcome.status != Status::TimeLimit {
        let _ = write!(status, " — {}", super::words::not_replayable(lang));
    }
    let _ = writeln!(s, "{status}");
    let unit = match calendar.kind {
        crate::plan::calendar::PeriodKind::Month => lang.pick("mois", "months"),
        crate::plan::calendar::PeriodKind::Week => lang.pick("semaines", "weeks"),
    };
    let _ = writeln!(
        s,
        "{}{c} {} – {} ({} {unit})",
        lang.pick("Horizon", "Horizon"),
        calendar.start,
        calendar.end(),
        calendar.periods
    );
    if !outcome.status.has_allocation() {
        return s;
    }
    let _ = writeln!(
        s,
        "{}{c} {}   {}{c} {}   {}{c} {}",
        lang.pick("Contrats", "Contracts"),
        money(summary.cost.contracts, lang),
        lang.pick("Attente (sites existants)", "Waiting (legacy sites)"),
        money(summary.cost.waiting, lang),
        lang.pick("Total", "Total"),
        money(summary.cost.total(), lang),
    );
    let planned = summary.lines.iter().filter(|l| l.start.is_some() && !l.committed).count();
    let committed = summary.lines.iter().filter(|l| l.committed).count();
    let _ = writeln!(
        s,
        "{}{c} {planned}   {}{c} {committed}   {}{c} {}",
        lang.pick("Migrations planifiées", "Migrations planned"),
        lang.pick("Adjudications engagées", "Committed awards"),
        lang.pick("Besoins non servis", "Unserved needs"),
        summary.unserved.len()
    );
    let _ = writeln!(s, "\n{}", lang.pick("Vagues", "Waves"));
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY);
    t.set_header(vec![
        lang.pick("période", "period"),
        lang.pick("débuts", "starting"),
        lang.pick("en cours", "under way"),
        lang.pick("débuts par fournisseur", "starts by provider"),
        lang.pick("capacité utilisée / disponible", "capacity used / available"),
        lang.pick("à risque", "at risk"),
    ]);
    for w in &summary.waves {
        if w.under_way == 0 {
            continue;
        }
        let by: Vec<String> = w.starting_by_provider.iter().map(|(p, n)| format!("{} {n}", inert(p))).collect();
        let p = w.period as usize;
        let mut loaded: Vec<(Decimal, String)> = summary
            .capacity
            .iter()
            .filter(|u| u.limit[p] > Decimal::ZERO && u.used[p] > Decimal::ZERO)
            .map(|u| {
                let ratio = u.used[p] / u.limit[p];
                let mark = if u.used[p] >= u.limit[p] { " ●" } else { "" };
                (
                    ratio,
                    format!(
                        "{} {}/{}{mark}",
                        inert(&u.holder),
                        number(u.used[p], 1, lang),
                        number(u.limit[p], 1, lang)
                    ),
                )
            })
            .collect();
        loaded.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let loaded: Vec<String> = loaded.into_iter().take(LOADED_SHOWN).map(|(_, t)| t).collect();
        let mut risk: Vec<String> = w.at_risk.iter().take(AT_RISK_SHOWN).map(|n| inert(n)).collect();
        if w.at_risk.len() > AT_RISK_SHOWN {
            risk.push(format!("+{}", w.at_risk.len() - AT_RISK_SHOWN));
        }
        t.add_row(vec![
            w.label.clone(),
            w.starting.to_string(),
            w.under_way.to_string(),
            by.join(", "),
            loaded.join(", "),
            risk.join(", "),
        ]);
    }
    for col in 1..3 {
        if let Some(col) = t.column_mut(col) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    let _ = writeln!(s, "{t}");
    let _ = writeln!(
        s,
        "{}",
        lang.pick(
            "● capacité atteinte; à risque : se termine à la dernière période que son échéance permet",
            "● capacity reached; at risk: finishes in the last period its deadline allows"
        )
    );
    if let Some(year) = &summary.year {
        let _ = write!(s, "\n{}", super::terminal::year_shares(year, lang));
    }
    s
}
