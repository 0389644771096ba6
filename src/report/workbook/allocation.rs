//! `allocation.xlsx`: a solved scenario as a workbook — the summary (the terminal summary's figures, provider and
//! reseller shares, a chart of the provider shares), the awards, and the rules that bind the allocation.

use super::{award_header, award_row, binding_header, binding_row, finish, reason, table, text, Styles, Value};
use crate::explain::cost::Binding;
use crate::report::format::Lang;
use crate::report::terminal::status_text;
use crate::summary::{share, Summary, SupplierShare};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartType, Workbook, XlsxError};

/// What `allocation.xlsx` shows.
#[derive(Debug, Clone, Copy)]
pub struct Allocation<'a> {
    /// Scenario name.
    pub scenario: &'a str,
    /// Its description.
    pub description: &'a str,
    /// The figures and awards.
    pub summary: &'a Summary,
    /// The rules at their bound.
    pub binding: &'a [Binding],
    /// Relative gap of the solve, when known.
    pub gap: Option<f64>,
}

/// The name of the summary sheet.
pub fn summary_sheet(lang: Lang) -> &'static str {
    lang.pick("Résumé", "Summary")
}

/// The name of the awards sheet.
pub fn awards_sheet(lang: Lang) -> &'static str {
    lang.pick("Attributions", "Awards")
}

/// The name of the binding-rules sheet.
pub fn binding_sheet(lang: Lang) -> &'static str {
    lang.pick("Règles contraignantes", "Binding rules")
}

/// The figures of the summary: (label, value), in the terminal summary's order.
pub(crate) fn figures(a: &Allocation, lang: Lang) -> Vec<(&'static str, Value)> {
    let s = a.summary;
    let gap = a.gap.map_or(Value::Empty, |g| Value::Percent(Decimal::from_f64_retain(g).unwrap_or_default()));
    vec![
        (lang.pick("Scénario", "Scenario"), text(a.scenario)),
        (lang.pick("Description", "Description"), text(a.description)),
        (lang.pick("Statut", "Status"), text(status_text(s.status, lang))),
        (lang.pick("Écart", "Gap"), gap),
        (lang.pick("Coût total", "Total cost"), Value::Money(s.total_cost)),
        (lang.pick("Moins-disant admissible", "Cheapest eligible"), Value::Money(s.lowest_total)),
        (lang.pick("Prime", "Premium"), Value::Money(s.premium)),
        (lang.pick("Prime (%)", "Premium (%)"), Value::Percent(share(s.premium, s.lowest_total))),
        (lang.pick("Part des entreprises québécoises", "Quebec firms' share"), Value::Percent(s.quebec_share)),
        (lang.pick("Valeur aux entreprises québécoises", "Value to Quebec firms"), Value::Money(s.quebec_value)),
        (lang.pick("IHH fournisseurs", "HHI providers"), Value::Decimal(s.hhi_providers)),
        (lang.pick("IHH revendeurs", "HHI resellers"), Value::Decimal(s.hhi_resellers)),
        (lang.pick("Contrats attribués", "Awards"), Value::Whole(s.awards.len() as u64)),
        (
            lang.pick("Hors prix le plus bas (ADO requise, art. 48)", "Not the lowest price (ADO required, art. 48)"),
            Value::Whole(s.ado_count as u64),
        ),
        (lang.pick("Départagés par tirage", "Decided by the draw"), Value::Whole(s.tie_broken_count as u64)),
        (
            lang.pick("Besoins sans offre admissible", "Needs with no eligible offer"),
            Value::Whole(s.unserved.len() as u64),
        ),
    ]
}

fn share_rows(shares: &[SupplierShare], lang: Lang) -> Vec<Vec<Value>> {
    shares
        .iter()
        .map(|s| {
            vec![
                text(&s.id),
                text(&s.name),
                super::yes_no(s.quebec_firm, lang),
                Value::Whole(s.awards as u64),
                Value::Money(s.value),
                Value::Percent(s.share),
            ]
        })
        .collect()
}

/// The header of a table of supplier shares.
pub fn share_header(title: &'static str, lang: Lang) -> Vec<&'static str> {
    vec![
        title,
        lang.pick("Nom", "Name"),
        lang.pick("Entreprise québécoise", "Quebec firm"),
        lang.pick("Contrats", "Awards"),
        lang.pick("Valeur", "Value"),
        lang.pick("Part", "Share"),
    ]
}

/// Render `allocation.xlsx`.
pub fn render(a: &Allocation, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new(lang);
    let mut book = Workbook::new();
    let name = summary_sheet(lang);
    let ws = book.add_worksheet();
    ws.set_name(name)?;
    let figures = figures(a, lang);
    let rows: Vec<Vec<Value>> = figures.into_iter().map(|(label, v)| vec![text(label), v]).collect();
    let n = rows.len() as u32;
    table(ws, &st, 0, &[lang.pick("Indicateur", "Figure"), lang.pick("Valeur", "Value")], &rows)?;
    let providers_top = n + 2;
    let s = a.summary;
    table(
        ws,
        &st,
        providers_top,
        &share_header(lang.pick("Fournisseur", "Provider"), lang),
        &share_rows(&s.providers, lang),
    )?;
    let resellers_top = providers_top + s.providers.len() as u32 + 2;
    table(
        ws,
        &st,
        resellers_top,
        &share_header(lang.pick("Revendeur", "Reseller"), lang),
        &share_rows(&s.resellers, lang),
    )?;
    // The autofilter belongs to the first table; the later ones only have their bold header.
    ws.autofilter(0, 0, n, 1)?;
    ws.set_column_width(0, 44)?;
    ws.set_column_width(1, 36)?;
    if !s.providers.is_empty() {
        let last = providers_top + s.providers.len() as u32;
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_name(lang.pick("Part de la valeur attribuée", "Share of the awarded value"))
            .set_categories((name, providers_top + 1, 0, last, 0))
            .set_values((name, providers_top + 1, 5, last, 5));
        chart.title().set_name(lang.pick("Parts des fournisseurs", "Provider shares"));
        chart.y_axis().set_num_format("0%");
        chart.legend().set_hidden();
        ws.insert_chart(1, 3, &chart)?;
    }
    let ws = book.add_worksheet();
    ws.set_name(awards_sheet(lang))?;
    let rows: Vec<Vec<Value>> = s.awards.iter().map(|x| award_row(x, lang, true, reason(x, lang))).collect();
    table(ws, &st, 0, &award_header(lang, true), &rows)?;
    let ws = book.add_worksheet();
    ws.set_name(binding_sheet(lang))?;
    let rows: Vec<Vec<Value>> = a.binding.iter().map(|b| binding_row(b, true)).collect();
    table(ws, &st, 0, &binding_header(lang, true), &rows)?;
    finish(book, a.scenario)
}
