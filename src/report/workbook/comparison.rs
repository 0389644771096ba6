//! `comparison.xlsx` (policies side by side) and `sweep.xlsx` (a parameter swept): the summary sheet with the
//! terminal table's figures, one award sheet per scenario, the provider shares of every scenario with a chart, the
//! rules that bind each allocation, and for a sweep the frontier with its chart.
//!
//! Publication mode withholds what `comparison.rs` withholds: no per-award price or premium, no supplier's value,
//! a supplier's share only rounded to the whole percent and only from [`REDACT_MIN_AWARDS`] awards, the largest
//! share only when its holder has that many awards, and no binding share (only the rule and its public bound).

use super::{
    award_header, award_row, binding_header, binding_row, finish, reason, sheet_name, table, text, Styles, Value,
};
use crate::compare::{Comparison, Largest, Row};
use crate::explain::cost::Binding;
use crate::report::comparison::{Options, REDACT_MIN_AWARDS};
use crate::report::format::Lang;
use crate::report::terminal::status_text;
use crate::sweep::Sweep;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartType, Workbook, XlsxError};
use std::collections::BTreeSet;

/// The header of the summary sheet (the terminal table's figures, one row per scenario).
pub fn summary_header(lang: Lang) -> Vec<&'static str> {
    vec![
        lang.pick("Scénario", "Scenario"),
        lang.pick("Description", "Description"),
        lang.pick("Statut", "Status"),
        lang.pick("Coût total", "Total cost"),
        lang.pick("Prix seul (référence)", "Price only (baseline)"),
        lang.pick("Prime vs prix seul", "Premium vs price only"),
        lang.pick("Prime (%)", "Premium (%)"),
        lang.pick("Fournisseurs", "Providers"),
        lang.pick("Revendeurs", "Resellers"),
        lang.pick("Plus grand fournisseur", "Largest provider"),
        lang.pick("Sa part", "Its share"),
        lang.pick("Plus grand revendeur", "Largest reseller"),
        lang.pick("Sa part", "Its share"),
        lang.pick("IHH fournisseurs", "HHI providers"),
        lang.pick("IHH revendeurs", "HHI resellers"),
        lang.pick("Part québécoise", "Quebec share"),
        lang.pick("ADO requises", "ADO required"),
        lang.pick("Besoins non servis", "Unserved needs"),
        lang.pick("Écart", "Gap"),
    ]
}

/// The largest share as published (see the module's doc).
fn shown<'a>(r: &Row, l: &'a Option<Largest>, o: &Options) -> Option<&'a Largest> {
    let awards_of =
        |id: &str| r.summary.providers.iter().chain(&r.summary.resellers).find(|s| s.id == id).map_or(0, |s| s.awards);
    l.as_ref().filter(|l| !o.redact || awards_of(&l.id) >= REDACT_MIN_AWARDS)
}

/// A supplier's share as published: exact, or in publication mode the whole percent from enough awards.
fn published_share(share: Decimal, awards: usize, o: &Options) -> Value {
    if !o.redact {
        Value::Percent(share)
    } else if awards < REDACT_MIN_AWARDS {
        Value::Empty
    } else {
        Value::Percent(share.round_dp(2))
    }
}

/// One scenario's row of the summary sheet.
pub(crate) fn summary_row(r: &Row, o: &Options) -> Vec<Value> {
    let money = |d: Option<Decimal>| d.map_or(Value::Empty, Value::Money);
    let pct = |d: Option<Decimal>| d.map_or(Value::Empty, Value::Percent);
    let largest = |l: &Option<Largest>| match shown(r, l, o) {
        Some(l) => (text(&l.id), Value::Percent(if o.redact { l.share.round_dp(2) } else { l.share })),
        None => (Value::Empty, Value::Empty),
    };
    let (lp, lps) = largest(&r.largest_provider);
    let (lr, lrs) = largest(&r.largest_reseller);
    vec![
        text(&r.name),
        text(&r.description),
        text(status_text(r.status, o.lang)),
        money(r.total),
        money(r.baseline),
        money(r.premium),
        pct(r.premium_share),
        Value::Whole(r.providers as u64),
        Value::Whole(r.resellers as u64),
        lp,
        lps,
        lr,
        lrs,
        Value::Decimal(r.hhi_providers),
        Value::Decimal(r.hhi_resellers),
        Value::Percent(r.quebec_share),
        Value::Whole(r.ado as u64),
        Value::Whole(r.unserved as u64),
        pct(r.gap.map(|g| Decimal::from_f64_retain(g).unwrap_or_default())),
    ]
}

/// The summary sheet's name.
pub fn summary_sheet(lang: Lang) -> &'static str {
    lang.pick("Résumé", "Summary")
}

/// The provider-shares sheet's name.
pub fn shares_sheet(lang: Lang) -> &'static str {
    lang.pick("Parts des fournisseurs", "Provider shares")
}

fn add_comparison(
    book: &mut Workbook,
    c: &Comparison,
    binding: &[Vec<Binding>],
    o: &Options,
    taken: &mut Vec<String>,
) -> Result<(), XlsxError> {
    let lang = o.lang;
    let st = Styles::new(lang);
    let summary = sheet_name(summary_sheet(lang), taken);
    let shares = sheet_name(shares_sheet(lang), taken);
    let rules = sheet_name(lang.pick("Règles contraignantes", "Binding rules"), taken);
    let ws = book.add_worksheet();
    ws.set_name(&summary)?;
    let rows: Vec<Vec<Value>> = c.rows.iter().map(|r| summary_row(r, o)).collect();
    table(ws, &st, 0, &summary_header(lang), &rows)?;
    if o.redact {
        let note = lang.pick(
            "Version caviardée pour publication : les prix des fournisseurs et ce qui permettrait de les déduire sont retenus (art. 23 de la Loi sur l'accès).",
            "Redacted for publication: suppliers' prices and anything that would reveal them are withheld (art. 23 of the Access Act).",
        );
        ws.write_string(c.rows.len() as u32 + 2, 0, note)?;
    }
    // Provider shares: one row per provider, one column per scenario.
    let providers: BTreeSet<&str> =
        c.rows.iter().flat_map(|r| r.summary.providers.iter().map(|p| p.id.as_str())).collect();
    let ws = book.add_worksheet();
    ws.set_name(&shares)?;
    let mut header = vec![lang.pick("Fournisseur", "Provider")];
    header.extend(c.rows.iter().map(|r| r.name.as_str()));
    let rows: Vec<Vec<Value>> = providers
        .iter()
        .map(|id| {
            let mut v = vec![text(*id)];
            for r in &c.rows {
                v.push(match r.summary.providers.iter().find(|p| p.id == *id) {
                    Some(p) => published_share(p.share, p.awards, o),
                    None => Value::Percent(Decimal::ZERO),
                });
            }
            v
        })
        .collect();
    table(ws, &st, 0, &header, &rows)?;
    if !providers.is_empty() {
        let last = providers.len() as u32;
        let mut chart = Chart::new(ChartType::Column);
        // The series take their names from the header cells (text, never a formula).
        for i in 0..c.rows.len() {
            let col = i as u16 + 1;
            chart
                .add_series()
                .set_name((shares.as_str(), 0, col))
                .set_categories((shares.as_str(), 1, 0, last, 0))
                .set_values((shares.as_str(), 1, col, last, col));
        }
        chart.title().set_name(lang.pick("Parts des fournisseurs par scénario", "Provider shares per scenario"));
        chart.y_axis().set_num_format("0%");
        ws.insert_chart(last + 2, 0, &chart)?;
    }
    // One award sheet per scenario.
    for r in &c.rows {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(&r.name, taken))?;
        let rows: Vec<Vec<Value>> =
            r.summary.awards.iter().map(|a| award_row(a, lang, !o.redact, reason(a, lang))).collect();
        table(ws, &st, 0, &award_header(lang, !o.redact), &rows)?;
    }
    let ws = book.add_worksheet();
    ws.set_name(&rules)?;
    let mut header = vec![lang.pick("Scénario", "Scenario")];
    header.extend(binding_header(lang, !o.redact));
    let rows: Vec<Vec<Value>> = c
        .rows
        .iter()
        .zip(binding)
        .flat_map(|(r, bs)| {
            bs.iter().map(|b| std::iter::once(text(&r.name)).chain(binding_row(b, !o.redact)).collect::<Vec<_>>())
        })
        .collect();
    table(ws, &st, 0, &header, &rows)?;
    Ok(())
}

/// Render `comparison.xlsx`; `binding[i]` holds the rules that bind scenario `i`'s allocation.
pub fn render(c: &Comparison, binding: &[Vec<Binding>], o: &Options) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    add_comparison(&mut book, c, binding, o, &mut Vec::new())?;
    finish(book, o.lang.pick("Comparaison des politiques", "Policy comparison"))
}

/// The frontier sheet's name.
pub fn frontier_sheet(lang: Lang) -> &'static str {
    lang.pick("Frontière", "Frontier")
}

/// Render `sweep.xlsx`: the frontier (one row per point, with a chart of the total cost against the parameter),
/// then the scenario at its own parameters as in `comparison.xlsx`.
pub fn render_sweep(s: &Sweep, c: &Comparison, binding: &[Vec<Binding>], o: &Options) -> Result<Vec<u8>, XlsxError> {
    let lang = o.lang;
    let st = Styles::new(lang);
    let mut book = Workbook::new();
    let name = frontier_sheet(lang);
    let ws = book.add_worksheet();
    ws.set_name(name)?;
    let mut header: Vec<&str> = s.params.iter().map(|p| p.key.as_str()).collect();
    header.push(lang.pick("Statut", "Status"));
    header.push(lang.pick("Coût total", "Total cost"));
    header.push(lang.pick("Part québécoise", "Quebec share"));
    if !o.redact {
        header.push(lang.pick("Plus grande part fournisseur", "Largest provider share"));
    }
    header.push(lang.pick("Attribution changée", "Allocation changed"));
    header.push(lang.pick("Devient irréalisable", "Becomes infeasible"));
    let rows: Vec<Vec<Value>> = s
        .points
        .iter()
        .map(|p| {
            let mut v: Vec<Value> = p.values.iter().map(|x| Value::Decimal(*x)).collect();
            v.push(text(status_text(p.status, lang)));
            v.push(p.total.map_or(Value::Empty, Value::Money));
            v.push(p.quebec_share.map_or(Value::Empty, Value::Percent));
            if !o.redact {
                v.push(p.largest_provider_share.map_or(Value::Empty, Value::Percent));
            }
            v.push(super::yes_no(p.changed, lang));
            v.push(super::yes_no(p.becomes_infeasible, lang));
            v
        })
        .collect();
    table(ws, &st, 0, &header, &rows)?;
    // Parameter values as plain numbers (a share 0.05 reads 0.05, as on the command line).
    for c in 0..s.params.len() as u16 {
        ws.set_column_width(c, 28)?;
    }
    if !s.points.is_empty() && !s.params.is_empty() {
        let total_col = s.params.len() as u16 + 1;
        let x_col = s.params.len() as u16 - 1;
        let inner = s.params.last().map_or(1, |p| p.values.len()).max(1) as u32;
        let mut chart = Chart::new(ChartType::ScatterStraightWithMarkers);
        for (i, block) in s.points.chunks(inner as usize).enumerate() {
            let first = 1 + i as u32 * inner;
            let last = first + block.len() as u32 - 1;
            let series = chart.add_series();
            series
                .set_categories((name, first, x_col, last, x_col))
                .set_values((name, first, total_col, last, total_col));
            match (s.params.len(), block.first()) {
                (2, Some(p)) => {
                    series.set_name(&format!("{} = {}", s.params[0].key, p.values[0]));
                }
                _ => {
                    series.set_name(lang.pick("Coût total", "Total cost"));
                }
            }
        }
        chart.title().set_name(lang.pick("Frontière du coût", "Cost frontier"));
        chart.x_axis().set_name(s.params[x_col as usize].key.as_str());
        chart.y_axis().set_name(lang.pick("Coût total", "Total cost"));
        ws.insert_chart(1, header.len() as u16 + 1, &chart)?;
    }
    add_comparison(&mut book, c, binding, o, &mut vec![name.to_string()])?;
    finish(book, &s.scenario)
}
