//! `plan.html`: a solved migration plan as a self-contained HTML page (minijinja with HTML auto-escape; no input
//! text is marked safe; no script, no external resource). It shows the plan's cost, a Gantt chart of the waves
//! (one row per planned need, or one row band per agency when there are many needs), one small capacity chart per
//! holder (used per period against the limit, binding periods in red), the waves table, the year's shares when
//! some awards are committed, the plan's lines and the unserved needs.
//!
//! Amounts are formatted exactly from their `Decimal`; `f64` is only used for pixel geometry.

use crate::plan::calendar::Calendar;
use crate::plan::waves::{CapacityUse, PlanLine, PlanSummary};
use crate::report::format::{money, number, percent, Lang};
use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// Colours of the providers, by position in the sorted list of provider ids (the comparison report's palette).
const PALETTE: [&str; 8] = ["#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6", "#a50021", "#5f5f5f"];

/// Above this many planned needs, the Gantt chart has one row band per agency instead of one row per need.
const MAX_NEED_ROWS: usize = 150;

/// Colour of a capacity bar below its limit, and of a binding one.
const USED: &str = "#2e75b6";
const BINDING: &str = "#a50021";

const TEMPLATE: &str = include_str!("templates/plan.html");

/// Round a pixel coordinate to 0.1 so the page stays small and stable.
fn px(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[derive(Serialize)]
struct Legend {
    color: &'static str,
    label: String,
}

#[derive(Serialize)]
struct GanttBar {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    color: &'static str,
    committed: bool,
    title: String,
}

#[derive(Serialize)]
struct Label {
    x: f64,
    y: f64,
    text: String,
}

#[derive(Serialize)]
struct Marker {
    x: f64,
    y1: f64,
    y2: f64,
    title: String,
}

#[derive(Serialize)]
struct Gantt {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    rows: Vec<Label>,
    bars: Vec<GanttBar>,
    markers: Vec<Marker>,
    ticks: Vec<Label>,
    grid: Vec<f64>,
    by_agency: bool,
}

#[derive(Serialize)]
struct CapBar {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    color: &'static str,
    binding: bool,
    title: String,
}

#[derive(Serialize)]
struct LimitTick {
    x1: f64,
    x2: f64,
    y: f64,
}

#[derive(Serialize)]
struct CapPanel {
    title: String,
    width: f64,
    height: f64,
    right: f64,
    base: f64,
    bars: Vec<CapBar>,
    limits: Vec<LimitTick>,
    ticks: Vec<Label>,
    scale: String,
    binding_periods: usize,
}

/// Label step so that period labels of `label_px` pixels do not overlap on periods `pw` pixels wide.
fn label_step(pw: f64, label_px: f64) -> u32 {
    ((label_px / pw).ceil() as u32).max(1)
}

fn provider_colors(lines: &[PlanLine]) -> (BTreeMap<String, &'static str>, Vec<Legend>) {
    let mut ids: Vec<&str> = lines.iter().map(|l| l.provider.as_str()).collect();
    ids.sort();
    ids.dedup();
    let colors: BTreeMap<String, &'static str> =
        ids.iter().enumerate().map(|(i, id)| (id.to_string(), PALETTE[i % PALETTE.len()])).collect();
    let legend = colors.iter().map(|(id, c)| Legend { color: c, label: id.clone() }).collect();
    (colors, legend)
}

/// Where a deadline falls on the chart, in periods from the start (clamped to the horizon).
fn deadline_pos(calendar: &Calendar, d: NaiveDate) -> f64 {
    if d < calendar.start {
        return 0.0;
    }
    match calendar.period_of(d) {
        // The end of the deadline's day, within its period.
        Some(t) => {
            let start = calendar.period_start(t);
            let len = (calendar.period_start(t + 1) - start).num_days().max(1) as f64;
            f64::from(t) + ((d - start).num_days() + 1) as f64 / len
        }
        None => f64::from(calendar.periods),
    }
}

fn bar_title(l: &PlanLine, lang: Lang) -> String {
    let span = match (l.start, l.end) {
        (Some(s), Some(e)) => format!("{s} → {e}"),
        _ => String::new(),
    };
    let deadline = l.deadline.map(|d| format!(", {} {d}", lang.pick("échéance", "deadline"))).unwrap_or_default();
    let committed = if l.committed { lang.pick(" (attribution engagée)", " (committed award)") } else { "" };
    format!("{} — {} ({}) {span}{deadline}{committed}", l.need, l.provider, l.offer)
}

fn gantt(calendar: &Calendar, planned: &[&PlanLine], colors: &BTreeMap<String, &'static str>, lang: Lang) -> Gantt {
    let periods = calendar.periods.max(1);
    let pw = (900.0 / f64::from(periods)).clamp(3.0, 100.0);
    let (left, top) = (180.0, 10.0);
    let plot_w = pw * f64::from(periods);
    let by_agency = planned.len() > MAX_NEED_ROWS;
    let color = |id: &str| colors.get(id).copied().unwrap_or(PALETTE[0]);
    let x_of = |t: u32| left + f64::from(t) * pw;
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    let mut markers = Vec::new();
    let mut y = top;
    let place = |l: &PlanLine, y: f64, h: f64, bars: &mut Vec<GanttBar>, markers: &mut Vec<Marker>| {
        let (s, e) = (l.start_period.unwrap_or(0), l.end_period.or(l.start_period).unwrap_or(0));
        let e = e.max(s).min(periods - 1).max(s.min(periods - 1));
        let s = s.min(periods - 1);
        bars.push(GanttBar {
            x: px(x_of(s)),
            y: px(y),
            width: px(f64::from(e - s + 1) * pw),
            height: px(h),
            color: color(&l.provider),
            committed: l.committed,
            title: bar_title(l, lang),
        });
        if let Some(d) = l.deadline {
            markers.push(Marker {
                x: px(left + deadline_pos(calendar, d) * pw),
                y1: px(y - 1.0),
                y2: px(y + h + 1.0),
                title: format!("{} — {} {d}", l.need, lang.pick("échéance", "deadline")),
            });
        }
    };
    if by_agency {
        let mut agencies: BTreeMap<&str, Vec<&PlanLine>> = BTreeMap::new();
        for l in planned {
            agencies.entry(l.agency.as_str()).or_default().push(l);
        }
        let lane_h = 5.0;
        for (agency, needs) in agencies {
            // Pack the agency's needs into lanes so that bars in a lane do not overlap.
            let mut lane_ends: Vec<u32> = Vec::new();
            let mut lanes = Vec::with_capacity(needs.len());
            for l in &needs {
                let s = l.start_period.unwrap_or(0);
                let e = l.end_period.unwrap_or(s).max(s);
                let lane = match lane_ends.iter().position(|&end| end < s) {
                    Some(i) => {
                        lane_ends[i] = e;
                        i
                    }
                    None => {
                        lane_ends.push(e);
                        lane_ends.len() - 1
                    }
                };
                lanes.push(lane);
            }
            let band = (lane_ends.len() as f64 * lane_h).max(12.0) + 4.0;
            rows.push(Label {
                x: left - 6.0,
                y: px(y + band / 2.0 + 4.0),
                text: format!("{agency} ({})", needs.len()),
            });
            for (l, lane) in needs.iter().zip(lanes) {
                place(l, y + 2.0 + lane as f64 * lane_h, lane_h - 1.0, &mut bars, &mut markers);
            }
            y += band;
        }
    } else {
        let row_h = 18.0;
        for l in planned {
            rows.push(Label { x: left - 6.0, y: px(y + 13.0), text: l.need.clone() });
            place(l, y + 3.0, row_h - 6.0, &mut bars, &mut markers);
            y += row_h;
        }
    }
    let bottom = y.max(top + 10.0);
    let label_px = if calendar.label(0).len() > 7 { 72.0 } else { 50.0 };
    let step = label_step(pw, label_px);
    let ticks = (0..periods)
        .step_by(step as usize)
        .map(|t| Label { x: px(x_of(t) + pw / 2.0), y: px(bottom + 14.0), text: calendar.label(t) })
        .collect();
    let grid = (0..=periods).step_by(step as usize).map(|t| px(x_of(t))).collect();
    Gantt {
        width: px(left + plot_w + 20.0),
        height: px(bottom + 24.0),
        left,
        right: px(left + plot_w),
        top,
        bottom: px(bottom),
        rows,
        bars,
        markers,
        ticks,
        grid,
        by_agency,
    }
}

fn capacity_panel(calendar: &Calendar, c: &CapacityUse, lang: Lang) -> CapPanel {
    let n = c.used.len().max(c.limit.len());
    let cw = (360.0 / n.max(1) as f64).clamp(3.0, 28.0);
    let (left, top, h) = (8.0, 20.0, 80.0);
    let max = c.used.iter().chain(c.limit.iter()).copied().max().unwrap_or_default().max(Decimal::ONE);
    let maxf = max.to_f64().unwrap_or(1.0).max(f64::MIN_POSITIVE);
    let scale = |d: Decimal| (d.to_f64().unwrap_or(0.0) / maxf).clamp(0.0, 1.0) * h;
    let base = top + h;
    let mut bars = Vec::new();
    let mut limits = Vec::new();
    let mut binding_periods = 0;
    for t in 0..n {
        let used = c.used.get(t).copied().unwrap_or_default();
        let limit = c.limit.get(t).copied();
        // Binding: the period's capacity is used up (something is used and nothing is left).
        let binding = limit.is_some_and(|l| used > Decimal::ZERO && used >= l);
        binding_periods += usize::from(binding);
        let x = left + t as f64 * cw;
        let bh = scale(used);
        let label = calendar_label(calendar, t);
        let limit_text = limit.map_or_else(|| "—".to_string(), |l| number(l, 2, lang));
        let used_text = number(used, 2, lang);
        let mut title = match lang {
            Lang::Fr => format!("{label} : {used_text} utilisé sur {limit_text}"),
            Lang::En => format!("{label}: {used_text} used of {limit_text}"),
        };
        if binding {
            title.push_str(lang.pick(" — saturée", " — binding"));
        }
        bars.push(CapBar {
            x: px(x + 0.5),
            y: px(base - bh),
            width: px((cw - 1.0).max(1.0)),
            height: px(bh),
            color: if binding { BINDING } else { USED },
            binding,
            title,
        });
        if let Some(l) = limit {
            limits.push(LimitTick { x1: px(x), x2: px(x + cw), y: px(base - scale(l)) });
        }
    }
    let step = label_step(cw, 50.0) as usize;
    let ticks = (0..n)
        .step_by(step)
        .map(|t| Label { x: px(left + t as f64 * cw), y: px(base + 12.0), text: calendar_label(calendar, t) })
        .collect();
    let kind = match c.kind.as_str() {
        "supplier" => lang.pick("fournisseur", "supplier"),
        "agency" => lang.pick("organisme", "agency"),
        other => other,
    };
    CapPanel {
        title: format!("{} ({kind}, {})", c.holder, c.unit),
        width: px((left + n as f64 * cw + 10.0).max(200.0)),
        right: px(left + n as f64 * cw),
        height: px(base + 18.0),
        base: px(base),
        bars,
        limits,
        ticks,
        scale: number(max, 2, lang),
        binding_periods,
    }
}

/// The label of period `t`, or its index when the calendar is shorter than the data.
fn calendar_label(calendar: &Calendar, t: usize) -> String {
    match u32::try_from(t) {
        Ok(t) if t < calendar.periods => calendar.label(t),
        _ => format!("#{t}"),
    }
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The plan as a self-contained HTML page, in `lang`. Never panics; an empty plan gives a page with empty charts.
pub fn render(name: &str, description: &str, calendar: &Calendar, summary: &PlanSummary, lang: Lang) -> String {
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    if env.add_template("plan", TEMPLATE).is_err() {
        return String::new();
    }
    let tmpl = match env.get_template("plan") {
        Ok(t) => t,
        Err(_) => return String::new(),
    };
    let (colors, legend) = provider_colors(&summary.lines);
    let mut planned: Vec<&PlanLine> = summary.lines.iter().filter(|l| l.start_period.is_some()).collect();
    planned.sort_by(|a, b| a.start_period.cmp(&b.start_period).then_with(|| a.need.cmp(&b.need)));
    let gantt = gantt(calendar, &planned, &colors, lang);
    let panels: Vec<CapPanel> = summary.capacity.iter().map(|c| capacity_panel(calendar, c, lang)).collect();
    let yes = lang.pick("oui", "yes");
    let waves: Vec<Vec<String>> = summary
        .waves
        .iter()
        .map(|w| {
            let by: Vec<String> =
                w.starting_by_provider.iter().map(|(p, n)| format!("{p}{} {n}", lang.pick(" :", ":"))).collect();
            vec![
                w.label.clone(),
                w.start.to_string(),
                w.starting.to_string(),
                w.under_way.to_string(),
                by.join(", "),
                w.at_risk.join(", "),
            ]
        })
        .collect();
    let lines: Vec<Vec<String>> = summary
        .lines
        .iter()
        .map(|l| {
            vec![
                l.need.clone(),
                l.agency.clone(),
                l.offer.clone(),
                l.provider.clone(),
                l.reseller.clone(),
                money(l.price, lang),
                opt_date(l.start),
                opt_date(l.end),
                opt_date(l.deadline),
                l.slack_periods.map(|s| s.to_string()).unwrap_or_default(),
                money(l.waiting_cost, lang),
                if l.committed { yes.to_string() } else { String::new() },
            ]
        })
        .collect();
    let year = summary.year.as_ref().map(|y| {
        let rows: Vec<Vec<String>> = y
            .suppliers
            .iter()
            .map(|s| {
                let role = match s.role.as_str() {
                    "provider" => lang.pick("fournisseur", "provider"),
                    "reseller" => lang.pick("revendeur", "reseller"),
                    other => other,
                };
                vec![s.id.clone(), role.to_string(), percent(s.committed, lang), percent(s.with_new, lang)]
            })
            .collect();
        minijinja::context! {
            figures => vec![
                (lang.pick("Attributions engagées", "Committed awards"),
                    format!("{} ({})", y.committed_awards, money(y.committed_value, lang))),
                (lang.pick("Nouvelles attributions", "New awards"),
                    format!("{} ({})", y.new_awards, money(y.new_value, lang))),
                (lang.pick("Part québécoise (engagées / avec les nouvelles)", "Quebec share (committed / with new)"),
                    format!("{} / {}", percent(y.quebec_committed, lang), percent(y.quebec_with_new, lang))),
            ],
            rows => rows,
        }
    });
    let binding_total: usize = panels.iter().map(|p| p.binding_periods).sum();
    tmpl.render(minijinja::context! {
        lang => match lang { Lang::Fr => "fr", Lang::En => "en" },
        title => format!("{} — {name}", lang.pick("Plan de migration", "Migration plan")),
        description => description,
        caveat => summary.proven_within.as_ref().map(|g| super::words::cheaper_plan_may_exist(g, lang)),
        cost_title => lang.pick("Coût", "Cost"),
        cost => vec![
            (lang.pick("Contrats", "Contracts"), money(summary.cost.contracts, lang)),
            (lang.pick("Coût d'attente (systèmes existants)", "Waiting cost (legacy running)"), money(summary.cost.waiting, lang)),
            (lang.pick("Total", "Total"), money(summary.cost.total(), lang)),
        ],
        figures_header => [lang.pick("Indicateur", "Figure"), lang.pick("Valeur", "Value")],
        gantt_title => lang.pick("Vagues de migration", "Migration waves"),
        gantt_note => if gantt.by_agency {
            lang.pick(
                "Une bande par organisme (nombre de besoins entre parenthèses), une barre par besoin ; pâle et pointillée : attribution engagée ; trait rouge : échéance.",
                "One band per agency (number of needs in brackets), one bar per need; pale and dashed: committed award; red tick: deadline.",
            )
        } else {
            lang.pick(
                "Une ligne par besoin planifié ; pâle et pointillée : attribution engagée ; trait rouge : échéance.",
                "One row per planned need; pale and dashed: committed award; red tick: deadline.",
            )
        },
        gantt => gantt,
        planned => planned.len(),
        no_planned => lang.pick("Aucune migration planifiée dans l'horizon.", "No migration planned in the horizon."),
        legend => legend,
        capacity_title => lang.pick("Capacité utilisée par détenteur", "Capacity used per holder"),
        capacity_note => lang.pick(
            "Barres : capacité utilisée par période ; trait noir : limite ; rouge : période saturée (limite atteinte).",
            "Bars: capacity used per period; black tick: limit; red: binding period (limit reached).",
        ),
        capacity_summary => match lang {
            Lang::Fr => format!("{binding_total} période(s) saturée(s) au total."),
            Lang::En => format!("{binding_total} binding period(s) in all."),
        },
        no_capacity => lang.pick("Aucune limite de capacité.", "No capacity limit."),
        scale_label => lang.pick("max.", "max"),
        panels => panels,
        waves_title => lang.pick("Vagues par période", "Waves per period"),
        waves_header => [
            lang.pick("Période", "Period"),
            lang.pick("Début", "Start"),
            lang.pick("Démarrant", "Starting"),
            lang.pick("En cours", "Under way"),
            lang.pick("Démarrant par fournisseur", "Starting by provider"),
            lang.pick("Besoins à risque", "Needs at risk"),
        ],
        waves => waves,
        year_title => lang.pick("Parts de l'année", "The year's shares"),
        year_header => [
            lang.pick("Fournisseur", "Supplier"),
            lang.pick("Rôle", "Role"),
            lang.pick("Part engagée", "Committed share"),
            lang.pick("Avec les nouvelles attributions", "With the new awards"),
        ],
        year => year,
        lines_title => lang.pick("Plan par besoin", "Plan per need"),
        lines_header => super::plan_words::line_titles(lang),
        lines => lines,
        unserved_title => lang.pick("Besoins sans offre admissible", "Needs with no eligible offer"),
        unserved => summary.unserved,
        none => lang.pick("Aucun.", "None."),
    })
    .unwrap_or_default()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::plan::calendar::PeriodKind;
    use crate::plan::model::PlanCost;
    use crate::plan::waves::Wave;
    use crate::summary::{ShareChange, YearShares};
    use std::str::FromStr;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// A calendar of three months from January 2027.
    pub(crate) fn plan_calendar() -> Calendar {
        Calendar::new(d("2027-01-01"), PeriodKind::Month, 3).unwrap()
    }

    fn line(
        need: &str,
        agency: &str,
        provider: &str,
        price: &str,
        span: Option<(u32, u32)>,
        committed: bool,
    ) -> PlanLine {
        let cal = plan_calendar();
        PlanLine {
            need: need.into(),
            agency: agency.into(),
            offer: format!("o-{provider}"),
            provider: provider.into(),
            reseller: "r1".into(),
            price: dec(price),
            start: span.map(|(s, _)| cal.period_start(s)),
            end: span.map(|(_, e)| cal.period_end(e)),
            start_period: span.map(|(s, _)| s),
            end_period: span.map(|(_, e)| e),
            deadline: span.map(|_| d("2027-03-15")),
            deadline_source: None,
            slack_periods: span.map(|(_, e)| 2 - e),
            waiting_cost: dec("100.10"),
            committed,
        }
    }

    /// Three needs over three months (one committed, one with a hostile id), one holder binding in February.
    pub(crate) fn plan_summary() -> PlanSummary {
        let cal = plan_calendar();
        let lines = vec![
            line("n1", "a1", "p1", "1234.56", Some((0, 1)), true),
            line("n2<script>alert(1)</script>", "a1", "p2", "999.99", Some((1, 1)), false),
            line("n3", "a2", "p1", "10.01", Some((1, 2)), false),
        ];
        let waves = (0..3)
            .map(|t| Wave {
                period: t,
                label: cal.label(t),
                start: cal.period_start(t),
                starting: usize::from(t < 2) + usize::from(t == 1),
                under_way: [1, 3, 1][t as usize],
                starting_by_provider: BTreeMap::new(),
                at_risk: if t == 2 { vec!["n3".into()] } else { vec![] },
            })
            .collect();
        PlanSummary {
            lines,
            waves,
            capacity: vec![CapacityUse {
                kind: "supplier".into(),
                holder: "p1".into(),
                unit: "sites".into(),
                used: vec![dec("1"), dec("2"), dec("1")],
                limit: vec![dec("2"), dec("2"), dec("2")],
            }],
            cost: PlanCost { contracts: dec("2244.56"), waiting: dec("300.30") },
            unserved: vec!["n9".into()],
            year: Some(YearShares {
                committed_awards: 1,
                committed_value: dec("1234.56"),
                new_awards: 2,
                new_value: dec("1010.00"),
                suppliers: vec![ShareChange {
                    role: "provider".into(),
                    id: "p1".into(),
                    committed: dec("1"),
                    with_new: dec("0.55"),
                }],
                quebec_committed: dec("0.5"),
                quebec_with_new: dec("0.25"),
            }),
            proven_within: None,
        }
    }

    fn gantt_svg(html: &str) -> &str {
        let start = html.find("<svg id=\"gantt\"").expect("a Gantt chart");
        let end = start + html[start..].find("</svg>").unwrap();
        &html[start..end]
    }

    #[test]
    fn plan_html_draws_one_gantt_bar_per_planned_need() {
        let html = render("s", "d", &plan_calendar(), &plan_summary(), Lang::En);
        assert_eq!(gantt_svg(&html).matches("<rect").count(), 3);
        assert_eq!(gantt_svg(&html).matches("class=\"committed\"").count(), 1);
        assert_eq!(gantt_svg(&html).matches("class=\"deadline\"").count(), 3);
        assert!(html.contains("2027-02"));
        assert!(html.contains("$2,244.56") && html.contains("$300.30") && html.contains("$2,544.86"));
    }

    #[test]
    fn plan_html_states_the_proven_gap_of_a_plan_not_proven_optimal() {
        let optimal = render("s", "d", &plan_calendar(), &plan_summary(), Lang::En);
        assert!(!optimal.contains("class=\"caveat\""));
        let mut s = plan_summary();
        s.proven_within = Some(crate::summary::ProvenGap {
            amount: dec("25.45"),
            unit: crate::summary::GapUnit::Cad,
            relative: dec("0.01"),
        });
        let html = render("s", "d", &plan_calendar(), &s, Lang::En);
        assert!(html.contains("a cheaper plan, by at most $25.45 (1.0%), could exist: the optimum is not proven"));
    }

    #[test]
    fn plan_html_marks_the_binding_period() {
        let html = render("s", "d", &plan_calendar(), &plan_summary(), Lang::En);
        assert_eq!(html.matches("class=\"binding\"").count(), 1);
        assert!(html.contains("2027-02: 2.00 used of 2.00 — binding"));
        assert!(html.contains(BINDING));
    }

    #[test]
    fn plan_html_escapes_text() {
        let mut s = plan_summary();
        s.unserved.push("<b>x</b>".into());
        let html = render("<script>evil()</script>", "a & b", &plan_calendar(), &s, Lang::Fr);
        assert!(!html.contains("<script"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;") || html.contains("&lt;script&gt;alert(1)"));
        assert!(html.contains("a &amp; b"));
        assert!(!html.contains("<b>x</b>"));
    }

    #[test]
    fn plan_html_speaks_both_languages() {
        let fr = render("s", "d", &plan_calendar(), &plan_summary(), Lang::Fr);
        let en = render("s", "d", &plan_calendar(), &plan_summary(), Lang::En);
        assert_ne!(fr, en);
        assert!(fr.contains("Plan de migration") && fr.contains("2 244,56 $") && fr.contains("Parts de l&#x27;année"));
        assert!(en.contains("Migration plan") && en.contains("The year&#x27;s shares") && en.contains("55.0%"));
    }

    #[test]
    fn plan_html_is_deterministic() {
        let a = render("s", "d", &plan_calendar(), &plan_summary(), Lang::Fr);
        let b = render("s", "d", &plan_calendar(), &plan_summary(), Lang::Fr);
        assert!(!a.is_empty());
        assert_eq!(a, b);
    }

    #[test]
    fn plan_html_handles_an_empty_plan() {
        let empty = PlanSummary::default();
        let html = render("", "", &plan_calendar(), &empty, Lang::En);
        assert!(html.contains("No migration planned"));
        assert!(html.contains("No capacity limit"));
        assert_eq!(gantt_svg(&html).matches("<rect").count(), 0);
    }

    #[test]
    fn plan_html_groups_many_needs_by_agency() {
        let mut s = plan_summary();
        s.lines = (0..200)
            .map(|i| line(&format!("n{i:03}"), &format!("a{}", i % 4), "p1", "1", Some((i % 3, i % 3)), false))
            .collect();
        let html = render("s", "d", &plan_calendar(), &s, Lang::En);
        let svg = gantt_svg(&html);
        assert_eq!(svg.matches("<rect").count(), 200);
        assert!(svg.contains("a0 (50)"));
        assert!(!svg.contains(">n000<"));
    }
}
