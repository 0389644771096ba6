//! `plan.xlsx`: a solved migration plan as a workbook — `Plan` (one row per need: its offer, price, start and end
//! dates as real dates, deadline, slack, waiting cost, whether the award is committed), `Waves` (one row per
//! period: migrations starting, under way, starting per provider, needs at risk) and `Capacity` (one row per
//! holder and unit, one column per period: the capacity used, then the same block for the limits; a used cell is
//! red when it reaches its limit; a stacked column chart of the suppliers' use).

use super::{finish, table, text, yes_no, Styles, Value};
use crate::plan::calendar::Calendar;
use crate::plan::waves::PlanSummary;
use crate::report::format::Lang;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Chart, ChartType, ConditionalFormatFormula, ExcelDateTime, Format, Workbook, Worksheet, XlsxError,
};
use std::collections::BTreeSet;

/// The name of the plan sheet.
pub fn plan_sheet(lang: Lang) -> &'static str {
    lang.pick("Plan", "Plan")
}

/// The name of the waves sheet.
pub fn waves_sheet(lang: Lang) -> &'static str {
    lang.pick("Vagues", "Waves")
}

/// The name of the capacity sheet.
pub fn capacity_sheet(lang: Lang) -> &'static str {
    lang.pick("Capacité", "Capacity")
}

/// At most this many series in the capacity chart (the rest stay in the table).
const MAX_SERIES: usize = 40;

/// Write a date as a real spreadsheet date; a date a spreadsheet cannot hold (before 1900) is written as text.
fn put_date(ws: &mut Worksheet, row: u32, col: u16, d: Option<NaiveDate>, fmt: &Format) -> Result<(), XlsxError> {
    let Some(d) = d else { return Ok(()) };
    let excel =
        u16::try_from(d.year()).ok().and_then(|y| ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok());
    match excel {
        Some(x) => ws.write_datetime_with_format(row, col, x, fmt).map(|_| ()),
        None => ws.write_string(row, col, d.to_string()).map(|_| ()),
    }
}

/// The spreadsheet name of column `c` (0 → `A`).
fn column_name(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Render `plan.xlsx`. Never panics; an empty plan gives the sheets with their headers only.
pub fn render(
    name: &str,
    description: &str,
    calendar: &Calendar,
    summary: &PlanSummary,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new(lang);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut book = Workbook::new();

    // Plan: one row per need.
    let ws = book.add_worksheet();
    ws.set_name(plan_sheet(lang))?;
    let header = crate::report::plan_words::line_titles(lang);
    let rows: Vec<Vec<Value>> = summary
        .lines
        .iter()
        .map(|l| {
            vec![
                text(&l.need),
                text(&l.agency),
                text(&l.offer),
                text(&l.provider),
                text(&l.reseller),
                Value::Money(l.price),
                Value::Empty,
                Value::Empty,
                Value::Empty,
                l.slack_periods.map_or(Value::Empty, |s| Value::Whole(u64::from(s))),
                Value::Money(l.waiting_cost),
                yes_no(l.committed, lang),
            ]
        })
        .collect();
    table(ws, &st, 0, &header, &rows)?;
    for (r, l) in summary.lines.iter().enumerate() {
        let row = 1 + r as u32;
        put_date(ws, row, 6, l.start, &date)?;
        put_date(ws, row, 7, l.end, &date)?;
        put_date(ws, row, 8, l.deadline, &date)?;
    }
    for c in 6..=8 {
        ws.set_column_width(c, 12)?;
    }

    // Waves: one row per period, one column per provider.
    let ws = book.add_worksheet();
    ws.set_name(waves_sheet(lang))?;
    let providers: BTreeSet<&str> =
        summary.waves.iter().flat_map(|w| w.starting_by_provider.keys().map(String::as_str)).collect();
    let starting_by = lang.pick("Démarrant : ", "Starting: ");
    let provider_headers: Vec<String> = providers.iter().map(|p| format!("{starting_by}{p}")).collect();
    let mut header = vec![
        lang.pick("Période", "Period"),
        lang.pick("Début", "Start"),
        lang.pick("Démarrant", "Starting"),
        lang.pick("En cours", "Under way"),
    ];
    header.extend(provider_headers.iter().map(String::as_str));
    header.push(lang.pick("À risque", "At risk"));
    header.push(lang.pick("Besoins à risque", "Needs at risk"));
    let rows: Vec<Vec<Value>> = summary
        .waves
        .iter()
        .map(|w| {
            let mut v =
                vec![text(&w.label), Value::Empty, Value::Whole(w.starting as u64), Value::Whole(w.under_way as u64)];
            v.extend(
                providers.iter().map(|p| Value::Whole(w.starting_by_provider.get(*p).copied().unwrap_or(0) as u64)),
            );
            v.push(Value::Whole(w.at_risk.len() as u64));
            v.push(text(w.at_risk.join(", ")));
            v
        })
        .collect();
    table(ws, &st, 0, &header, &rows)?;
    for (r, w) in summary.waves.iter().enumerate() {
        put_date(ws, 1 + r as u32, 1, Some(w.start), &date)?;
    }
    ws.set_column_width(1, 12)?;

    // Capacity: used, then limits, one column per period.
    let sheet = capacity_sheet(lang);
    let ws = book.add_worksheet();
    ws.set_name(sheet)?;
    let periods = summary
        .capacity
        .iter()
        .map(|c| c.used.len().max(c.limit.len()))
        .max()
        .unwrap_or(0)
        .max(calendar.periods as usize);
    let labels: Vec<String> = (0..periods)
        .map(|t| match u32::try_from(t) {
            Ok(t) if t < calendar.periods => calendar.label(t),
            _ => format!("#{t}"),
        })
        .collect();
    let holder_header = |what: &'static str| {
        let mut h = vec![
            what.to_string(),
            lang.pick("Détenteur", "Holder").to_string(),
            lang.pick("Unité", "Unit").to_string(),
        ];
        h.extend(labels.iter().cloned());
        h
    };
    let kind = |k: &str| match k {
        "supplier" => lang.pick("fournisseur", "supplier").to_string(),
        "agency" => lang.pick("organisme", "agency").to_string(),
        other => other.to_string(),
    };
    let block = |values: fn(&crate::plan::waves::CapacityUse) -> &Vec<rust_decimal::Decimal>| -> Vec<Vec<Value>> {
        summary
            .capacity
            .iter()
            .map(|c| {
                let mut v = vec![text(kind(&c.kind)), text(&c.holder), text(&c.unit)];
                v.extend((0..periods).map(|t| values(c).get(t).map_or(Value::Empty, |d| Value::Decimal(*d))));
                v
            })
            .collect()
    };
    let used_header = holder_header(lang.pick("Utilisée", "Used"));
    let used_header: Vec<&str> = used_header.iter().map(String::as_str).collect();
    let used_rows = block(|c| &c.used);
    table(ws, &st, 0, &used_header, &used_rows)?;
    let n = summary.capacity.len() as u32;
    let limits_top = n + 2;
    let limit_header = holder_header(lang.pick("Limite", "Limit"));
    let limit_header: Vec<&str> = limit_header.iter().map(String::as_str).collect();
    table(ws, &st, limits_top, &limit_header, &block(|c| &c.limit))?;
    // The autofilter belongs to the used block; the limits block only has its bold header.
    ws.autofilter(0, 0, n, used_header.len() as u16 - 1)?;
    if n > 0 && periods > 0 {
        // Relative to the top-left cell (D2): red when the used cell is positive and reaches the limit below.
        let first = column_name(3);
        let rule = format!("=AND(ISNUMBER({first}2),{first}2>0,{first}2>={first}{})", limits_top + 2);
        let red = Format::new().set_background_color("#F4CCCC").set_font_color("#A50021").set_bold();
        let cf = ConditionalFormatFormula::new().set_rule(rule.as_str()).set_format(red);
        ws.add_conditional_format(1, 3, n, 3 + periods as u16 - 1, &cf)?;
        // A stacked chart of the first unit of the suppliers (else of whatever holders there are).
        let kind0 = if summary.capacity.iter().any(|c| c.kind == "supplier") {
            "supplier"
        } else {
            summary.capacity[0].kind.as_str()
        };
        let unit0 = summary.capacity.iter().find(|c| c.kind == kind0).map_or("", |c| c.unit.as_str());
        let mut chart = Chart::new(ChartType::ColumnStacked);
        let mut series = 0;
        for (r, c) in summary.capacity.iter().enumerate() {
            if c.kind != kind0 || c.unit != unit0 || series >= MAX_SERIES {
                continue;
            }
            let row = 1 + r as u32;
            chart
                .add_series()
                .set_name((sheet, row, 1))
                .set_categories((sheet, 0, 3, 0, 3 + periods as u16 - 1))
                .set_values((sheet, row, 3, row, 3 + periods as u16 - 1));
            series += 1;
        }
        chart.title().set_name(&format!(
            "{} ({} {unit0})",
            lang.pick("Capacité utilisée", "Capacity used"),
            kind(kind0)
        ));
        ws.insert_chart(limits_top + n + 2, 1, &chart)?;
    }
    // The description has no sheet of its own; the workbook is titled with the plan's name.
    let _ = description;
    finish(book, name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::plan_html::tests::{plan_calendar, plan_summary};
    use calamine::{Data, Reader, Xlsx};
    use std::io::Cursor;

    fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook")
    }

    fn serial(d: &str) -> f64 {
        let d: NaiveDate = d.parse().unwrap();
        (d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64
    }

    #[test]
    fn plan_workbook_has_its_sheets_dates_and_money() {
        let bytes = render("s", "d", &plan_calendar(), &plan_summary(), Lang::En).unwrap();
        let mut book = open(bytes);
        assert_eq!(book.sheet_names(), vec!["Plan", "Waves", "Capacity"]);
        let plan = book.worksheet_range("Plan").unwrap();
        assert_eq!(plan.get((0, 0)), Some(&Data::String("Need".into())));
        assert_eq!(plan.get((1, 0)), Some(&Data::String("n1".into())));
        assert_eq!(plan.get((1, 5)), Some(&Data::Float(1234.56)));
        match plan.get((1, 6)) {
            Some(Data::DateTime(x)) => assert_eq!(x.as_f64(), serial("2027-01-01")),
            other => panic!("a date, not {other:?}"),
        }
        match plan.get((1, 7)) {
            Some(Data::DateTime(x)) => assert_eq!(x.as_f64(), serial("2027-02-28")),
            other => panic!("a date, not {other:?}"),
        }
        assert_eq!(plan.get((1, 11)), Some(&Data::String("yes".into())));
        let cap = book.worksheet_range("Capacity").unwrap();
        assert_eq!(cap.get((0, 4)), Some(&Data::String("2027-02".into())));
        assert_eq!(cap.get((1, 4)), Some(&Data::Float(2.0)));
        assert_eq!(cap.get((4, 4)), Some(&Data::Float(2.0)));
        let waves = book.worksheet_range("Waves").unwrap();
        assert_eq!(waves.get((3, 0)), Some(&Data::String("2027-03".into())));
    }

    #[test]
    fn plan_workbook_is_french_and_deterministic() {
        let a = render("s", "d", &plan_calendar(), &plan_summary(), Lang::Fr).unwrap();
        let b = render("s", "d", &plan_calendar(), &plan_summary(), Lang::Fr).unwrap();
        assert_eq!(a, b);
        let book = open(a);
        assert_eq!(book.sheet_names(), vec!["Plan", "Vagues", "Capacité"]);
    }

    #[test]
    fn plan_workbook_handles_an_empty_plan() {
        let empty = PlanSummary::default();
        let bytes = render("", "", &plan_calendar(), &empty, Lang::En).unwrap();
        assert_eq!(open(bytes).sheet_names().len(), 3);
    }

    #[test]
    fn plan_column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(3), "D");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }
}
