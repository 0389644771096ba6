//! Results as workbooks (`.xlsx`, written with `rust_xlsxwriter`): `allocation.xlsx` for `solve --out`,
//! `comparison.xlsx` for `compare --out`, `sweep.xlsx` for `sweep --out`. Pure functions from data to bytes.
//!
//! Every sheet has a bold, frozen header row and an autofilter; money is a number with a currency format, shares
//! are numbers with a percentage format, labels are in French (fr-CA) or English (en-CA); charts are the
//! spreadsheet's own (the planner can restyle them). Text is always written as text, never as a formula, so a
//! supplier's name that starts with `=`, `+`, `-` or `@` stays inert. Every workbook carries the same fixed
//! creation date, so the same inputs give the same bytes.

pub mod allocation;
pub mod comparison;
pub mod plan;

use super::format::Lang;
use crate::explain::cost::Binding;
use crate::summary::AwardLine;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// The formats of a results workbook.
pub(crate) struct Styles {
    pub header: Format,
    pub money: Format,
    pub percent: Format,
    pub whole: Format,
    pub decimal: Format,
}

impl Styles {
    pub fn new(lang: Lang) -> Self {
        // The locale tag keeps the currency where each language puts it: `1 234,56 $` (fr-CA), `$1,234.56` (en-CA).
        let money = match lang {
            Lang::Fr => "#,##0.00 [$$-C0C];-#,##0.00 [$$-C0C]",
            Lang::En => "[$$-1009]#,##0.00;-[$$-1009]#,##0.00",
        };
        Styles {
            header: Format::new().set_bold().set_text_wrap(),
            money: Format::new().set_num_format(money),
            percent: Format::new().set_num_format("0.0%"),
            whole: Format::new().set_num_format("0"),
            decimal: Format::new().set_num_format("0.00"),
        }
    }
}

/// A value in a cell.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    Text(String),
    Money(Decimal),
    Percent(Decimal),
    Whole(u64),
    Decimal(Decimal),
    Empty,
}

fn f64_of(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// Write one value (text always as text: never a formula).
pub(crate) fn put(ws: &mut Worksheet, st: &Styles, row: u32, col: u16, v: &Value) -> Result<(), XlsxError> {
    match v {
        Value::Text(t) => ws.write_string(row, col, t).map(|_| ()),
        Value::Money(d) => ws.write_number_with_format(row, col, f64_of(*d), &st.money).map(|_| ()),
        Value::Percent(d) => ws.write_number_with_format(row, col, f64_of(*d), &st.percent).map(|_| ()),
        Value::Whole(n) => ws.write_number_with_format(row, col, *n as f64, &st.whole).map(|_| ()),
        Value::Decimal(d) => ws.write_number_with_format(row, col, f64_of(*d), &st.decimal).map(|_| ()),
        Value::Empty => Ok(()),
    }
}

/// Text.
pub(crate) fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

/// A table starting at `top` (the header row): bold header, widths, autofilter; frozen when it starts the sheet.
pub(crate) fn table(
    ws: &mut Worksheet,
    st: &Styles,
    top: u32,
    header: &[&str],
    rows: &[Vec<Value>],
) -> Result<(), XlsxError> {
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(top, c as u16, *h, &st.header)?;
        let widest = rows
            .iter()
            .filter_map(|r| match r.get(c) {
                Some(Value::Text(t)) => Some(t.chars().count()),
                Some(Value::Empty) | None => None,
                Some(_) => Some(14),
            })
            .max()
            .unwrap_or(0);
        ws.set_column_width(c as u16, (widest.max(h.chars().count()) as f64 + 2.0).clamp(10.0, 60.0))?;
    }
    for (r, values) in rows.iter().enumerate() {
        for (c, v) in values.iter().enumerate() {
            put(ws, st, top + 1 + r as u32, c as u16, v)?;
        }
    }
    if top == 0 {
        ws.set_freeze_panes(1, 0)?;
    }
    if !header.is_empty() {
        ws.autofilter(top, 0, top + rows.len() as u32, header.len() as u16 - 1)?;
    }
    Ok(())
}

/// A sheet name a spreadsheet accepts (at most 31 characters, none of `[]:*?/\`, not starting or ending with an
/// apostrophe), different from the names already taken (compared without case, as spreadsheets do).
pub(crate) fn sheet_name(wanted: &str, taken: &mut Vec<String>) -> String {
    let clean: String =
        wanted.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).collect::<String>().replace('\'', "_");
    let clean = if clean.trim().is_empty() { "_".to_string() } else { clean };
    let base: String = clean.chars().take(31).collect();
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.to_lowercase() == name.to_lowercase()) || name.eq_ignore_ascii_case("history") {
        let suffix = format!(" ({n})");
        name = format!("{}{suffix}", base.chars().take(31 - suffix.chars().count()).collect::<String>());
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// Save with the fixed properties.
pub(crate) fn finish(mut book: Workbook, title: &str) -> Result<Vec<u8>, XlsxError> {
    let date = ExcelDateTime::from_ymd(2025, 1, 1)?;
    book.set_properties(&DocProperties::new().set_title(title).set_author("courtier").set_creation_datetime(&date));
    book.save_to_buffer()
}

/// Yes or no in words.
pub(crate) fn yes_no(b: bool, lang: Lang) -> Value {
    text(if b { lang.pick("oui", "yes") } else { lang.pick("non", "no") })
}

/// Why an award went where it went, in words (without an explanation's re-solves: what the figures show).
pub(crate) fn reason(a: &AwardLine, lang: Lang) -> String {
    match (a.ado_required, a.tie_broken) {
        (false, false) => lang.pick("Prix admissible le plus bas", "Lowest eligible price").into(),
        (false, true) => lang
            .pick(
                "Prix admissible le plus bas, à égalité ; départagé par le tirage publié",
                "Lowest eligible price, tied; decided by the published draw",
            )
            .into(),
        (true, _) => lang
            .pick(
                "Pas le prix le plus bas : imposé par les règles de la politique (ADO requise, art. 48) ; voir courtier explain --need",
                "Not the lowest price: required by the policy's rules (ADO required, art. 48); see courtier explain --need",
            )
            .into(),
    }
}

/// The header of an award sheet.
pub(crate) fn award_header(lang: Lang, with_prices: bool) -> Vec<&'static str> {
    let mut h = vec![
        lang.pick("Besoin", "Need"),
        lang.pick("Organisme", "Organisation"),
        lang.pick("Offre", "Offer"),
        lang.pick("Fournisseur", "Provider"),
        lang.pick("Revendeur", "Reseller"),
    ];
    if with_prices {
        h.push(lang.pick("Prix", "Price"));
        h.push(lang.pick("Prime", "Premium"));
    }
    h.push(lang.pick("ADO requise", "ADO required"));
    h.push(lang.pick("Motif", "Reason"));
    h
}

/// One award's row (prices left out when withheld).
pub(crate) fn award_row(a: &AwardLine, lang: Lang, with_prices: bool, reason_text: String) -> Vec<Value> {
    let mut v = vec![text(&a.need), text(&a.agency), text(&a.offer), text(&a.provider), text(&a.reseller)];
    if with_prices {
        v.push(Value::Money(a.price));
        v.push(Value::Money(a.premium));
    }
    v.push(yes_no(a.ado_required, lang));
    v.push(text(reason_text));
    v
}

/// The header of a binding-rules sheet.
pub(crate) fn binding_header(lang: Lang, with_values: bool) -> Vec<&'static str> {
    let mut h = vec![lang.pick("Règle", "Rule"), lang.pick("Principe", "Principle")];
    if with_values {
        h.push(lang.pick("Valeur", "Value"));
    }
    h.push(lang.pick("Borne", "Bound"));
    h
}

/// One binding row: shares as percentages, a number of providers as a whole number, a capacity as a number.
pub(crate) fn binding_row(b: &Binding, with_values: bool) -> Vec<Value> {
    let as_value = |d: Decimal| {
        if b.row.starts_with("capacity") {
            Value::Decimal(d)
        } else if b.row.contains("min_providers") {
            Value::Whole(d.to_u64().unwrap_or(0))
        } else {
            Value::Percent(d)
        }
    };
    let mut v = vec![text(&b.row), text(&b.principle)];
    if with_values {
        v.push(as_value(b.value));
    }
    v.push(as_value(b.bound));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut taken = vec!["Résumé".to_string()];
        assert_eq!(sheet_name("résumé", &mut taken), "résumé (2)");
        assert_eq!(sheet_name("a/b:c", &mut taken), "a_b_c");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, &mut taken).chars().count(), 31);
        assert_eq!(sheet_name(&long, &mut taken), format!("{} (2)", "x".repeat(27)));
        assert_eq!(sheet_name("History", &mut taken), "History (2)");
        assert_eq!(sheet_name("'q'", &mut taken), "_q_");
    }
}
