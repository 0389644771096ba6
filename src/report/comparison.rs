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

use super::escape::{self, csv_cell};
use super::format::{money, number, percent, Lang};
use super::terminal::status_text;
use crate::compare::{assumptions, Comparison, Largest, Row};
use crate::sweep::Sweep;
use comfy_table::{presets::UTF8_BORDERS_ONLY, Table};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

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

fn headers(lang: Lang) -> Vec<&'static str> {
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
fn shown<'a>(r: &Row, l: &'a Option<Largest>, o: &Options) -> Option<&'a Largest> {
    let awards_of =
        |id: &str| r.summary.providers.iter().chain(&r.summary.resellers).find(|s| s.id == id).map_or(0, |s| s.awards);
    l.as_ref().filter(|l| !o.redact || awards_of(&l.id) >= REDACT_MIN_AWARDS)
}

fn cells(r: &Row, o: &Options) -> Vec<String> {
    let lang = o.lang;
    let dash = || "—".to_string();
    let largest = |l: &Option<Largest>| {
        shown(r, l, o).map(|l| format!("{} ({})", percent(l.share, lang), l.id)).unwrap_or_else(dash)
    };
    vec![
        r.name.clone(),
        status_text(r.status, lang).to_string(),
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
        r.gap.map(|g| percent(Decimal::from_f64_retain(g).unwrap_or_default(), lang)).unwrap_or_else(dash),
    ]
}

/// The comparison as a terminal table.
pub fn terminal(c: &Comparison, o: &Options) -> String {
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY);
    // Transposed: one column per scenario reads better with many figures.
    let h = headers(o.lang);
    let cols: Vec<Vec<String>> =
        c.rows.iter().map(|r| cells(r, o).iter().map(|x| escape::terminal(x)).collect()).collect();
    t.set_header(std::iter::once(String::new()).chain(cols.iter().map(|c| c[0].clone())).collect::<Vec<_>>());
    for (i, label) in h.iter().enumerate().skip(1) {
        t.add_row(std::iter::once(label.to_string()).chain(cols.iter().map(|c| c[i].clone())).collect::<Vec<_>>());
    }
    format!("{t}\n")
}

/// The comparison in Markdown, with each scenario's assumptions.
pub fn markdown(c: &Comparison, o: &Options) -> String {
    let lang = o.lang;
    let mut s = format!("# {}\n\n", lang.pick("Comparaison des politiques", "Policy comparison"));
    if o.redact {
        s.push_str(lang.pick(
            "*Version caviardée pour publication : les prix des fournisseurs et ce qui permettrait de les déduire sont retenus (art. 23 de la Loi sur l'accès).*\n\n",
            "*Redacted for publication: suppliers' prices and anything that would reveal them are withheld (art. 23 of the Access Act).*\n\n",
        ));
    }
    let h = headers(lang);
    s.push_str(&format!("| {} |\n", h.join(" | ")));
    s.push_str(&format!("|{}\n", "---|".repeat(h.len())));
    for r in &c.rows {
        let cells: Vec<String> = cells(r, o).iter().map(|x| escape::markdown(x)).collect();
        s.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    for r in &c.rows {
        s.push_str(&format!("\n## {}\n\n{}\n\n", escape::markdown(&r.name), escape::markdown(&r.description)));
        for a in assumptions(&r.policy, lang) {
            s.push_str(&format!("- {}\n", escape::markdown(&a)));
        }
        s.push_str(&format!(
            "\n| {} | {} | {} |\n|---|---:|---:|\n",
            lang.pick("Fournisseur", "Provider"),
            lang.pick("Contrats", "Awards"),
            lang.pick("Part", "Share")
        ));
        for p in &r.summary.providers {
            s.push_str(&format!(
                "| {} | {} | {} |\n",
                escape::markdown(&p.name),
                p.awards,
                supplier_share(p.share, p.awards, o)
            ));
        }
    }
    s
}

fn supplier_share(share: Decimal, awards: usize, o: &Options) -> String {
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

/// The comparison as CSV (one line per scenario; machine-readable numbers; labels in the language).
pub fn csv(c: &Comparison, o: &Options) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(headers(o.lang));
    for r in &c.rows {
        let opt = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
        let largest = |l: &Option<crate::compare::Largest>| {
            l.as_ref().map(|l| format!("{} {}", l.share, l.id)).unwrap_or_default()
        };
        let _ = w.write_record([
            csv_cell(&r.name),
            format!("{:?}", r.status).to_lowercase(),
            opt(r.total),
            opt(r.premium),
            opt(r.premium_share),
            r.providers.to_string(),
            r.resellers.to_string(),
            csv_cell(&largest(&r.largest_provider)),
            csv_cell(&largest(&r.largest_reseller)),
            r.hhi_providers.to_string(),
            r.hhi_resellers.to_string(),
            r.quebec_share.to_string(),
            r.ado.to_string(),
            r.unserved.to_string(),
            r.gap.map(|g| g.to_string()).unwrap_or_default(),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// An award as exported: prices left out when redacted.
#[derive(Debug, Serialize)]
struct AwardOut<'a> {
    need: &'a str,
    agency: &'a str,
    offer: &'a str,
    provider: &'a str,
    reseller: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    price: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    premium: Option<Decimal>,
    ado_required: bool,
    tie_broken: bool,
}

#[derive(Debug, Serialize)]
struct SupplierOut<'a> {
    id: &'a str,
    name: &'a str,
    awards: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<Decimal>,
    share: String,
}

#[derive(Debug, Serialize)]
struct RowOut<'a> {
    name: &'a str,
    description: &'a str,
    assumptions: Vec<String>,
    status: crate::solve::Status,
    total: Option<Decimal>,
    baseline: Option<Decimal>,
    premium: Option<Decimal>,
    premium_share: Option<Decimal>,
    providers: usize,
    resellers: usize,
    largest_provider: Option<&'a Largest>,
    largest_reseller: Option<&'a Largest>,
    hhi_providers: Decimal,
    hhi_resellers: Decimal,
    quebec_share: Decimal,
    ado: usize,
    unserved: usize,
    gap: Option<f64>,
    provider_shares: Vec<SupplierOut<'a>>,
    reseller_shares: Vec<SupplierOut<'a>>,
    awards: Vec<AwardOut<'a>>,
}

fn rows_out<'a>(c: &'a Comparison, o: &Options) -> Vec<RowOut<'a>> {
    let sup = |s: &'a crate::summary::SupplierShare| SupplierOut {
        id: &s.id,
        name: &s.name,
        awards: s.awards,
        value: (!o.redact).then_some(s.value),
        share: if o.redact { supplier_share(s.share, s.awards, o) } else { s.share.to_string() },
    };
    c.rows
        .iter()
        .map(|r| RowOut {
            name: &r.name,
            description: &r.description,
            assumptions: assumptions(&r.policy, o.lang),
            status: r.status,
            total: r.total,
            baseline: r.baseline,
            premium: r.premium,
            premium_share: r.premium_share,
            providers: r.providers,
            resellers: r.resellers,
            largest_provider: shown(r, &r.largest_provider, o),
            largest_reseller: shown(r, &r.largest_reseller, o),
            hhi_providers: r.hhi_providers,
            hhi_resellers: r.hhi_resellers,
            quebec_share: r.quebec_share,
            ado: r.ado,
            unserved: r.unserved,
            gap: r.gap,
            provider_shares: r.summary.providers.iter().map(sup).collect(),
            reseller_shares: r.summary.resellers.iter().map(sup).collect(),
            awards: r
                .summary
                .awards
                .iter()
                .map(|a| AwardOut {
                    need: &a.need,
                    agency: &a.agency,
                    offer: &a.offer,
                    provider: &a.provider,
                    reseller: &a.reseller,
                    price: (!o.redact).then_some(a.price),
                    premium: (!o.redact).then_some(a.premium),
                    ado_required: a.ado_required,
                    tie_broken: a.tie_broken,
                })
                .collect(),
        })
        .collect()
}

/// The comparison (and the sweep, if any) as JSON.
pub fn json(c: &Comparison, sweep: Option<&Sweep>, o: &Options) -> Vec<u8> {
    #[derive(Serialize)]
    struct Out<'a> {
        redacted: bool,
        scenarios: Vec<RowOut<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        sweep: Option<&'a Sweep>,
    }
    let mut v =
        serde_json::to_vec_pretty(&Out { redacted: o.redact, scenarios: rows_out(c, o), sweep }).unwrap_or_default();
    v.push(b'\n');
    v
}

/// A sweep as a terminal table (or Markdown table with `markdown = true`).
pub fn sweep_table(s: &Sweep, o: &Options, markdown: bool) -> String {
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
    let escape: fn(&str) -> String = if markdown { escape::markdown } else { escape::terminal };
    let h: Vec<String> = h.iter().map(|x| escape(x)).collect();
    let rows = rows.into_iter().map(|r| r.iter().map(|x| escape(x)).collect::<Vec<String>>());
    if markdown {
        let mut out = format!("| {} |\n|{}\n", h.join(" | "), "---|".repeat(h.len()));
        for r in rows {
            out.push_str(&format!("| {} |\n", r.join(" | ")));
        }
        out
    } else {
        let mut t = Table::new();
        t.load_preset(UTF8_BORDERS_ONLY);
        t.set_header(h);
        for r in rows {
            t.add_row(r);
        }
        format!("{t}\n")
    }
}

/// A sweep as CSV.
pub fn sweep_csv(s: &Sweep) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut h: Vec<String> = s.params.iter().map(|p| p.key.clone()).collect();
    h.extend(
        ["status", "total_cost", "quebec_share", "largest_provider_share", "changed", "becomes_infeasible"]
            .map(String::from),
    );
    let _ = w.write_record(&h);
    for p in &s.points {
        let mut r: Vec<String> = p.values.iter().map(|v| v.normalize().to_string()).collect();
        r.push(format!("{:?}", p.status).to_lowercase());
        r.push(p.total.map(|t| t.to_string()).unwrap_or_default());
        r.push(p.quebec_share.map(|t| t.to_string()).unwrap_or_default());
        r.push(p.largest_provider_share.map(|t| t.to_string()).unwrap_or_default());
        r.push(p.changed.to_string());
        r.push(p.becomes_infeasible.to_string());
        let _ = w.write_record(&r);
    }
    w.into_inner().unwrap_or_default()
}

// ---- HTML ----

/// Colours of the providers in charts, assigned by position in the sorted list of provider ids (stable).
const PALETTE: [&str; 8] = ["#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6", "#a50021", "#5f5f5f"];

#[derive(Serialize)]
struct Segment {
    x: f64,
    width: f64,
    color: &'static str,
    label: String,
}

#[derive(Serialize)]
struct Bar {
    name: String,
    y: f64,
    segments: Vec<Segment>,
}

#[derive(Serialize)]
struct Legend {
    color: &'static str,
    label: String,
}

#[derive(Serialize)]
struct LineChart {
    points: String,
    dots: Vec<(f64, f64, String)>,
    x_ticks: Vec<(f64, String)>,
    y_ticks: Vec<(f64, String)>,
    x_label: String,
    infeasible: Vec<(f64, String)>,
}

fn provider_bars(c: &Comparison, o: &Options) -> (Vec<Bar>, Vec<Legend>) {
    let mut ids: Vec<String> = c.rows.iter().flat_map(|r| r.summary.providers.iter().map(|p| p.id.clone())).collect();
    ids.sort();
    ids.dedup();
    let color = |id: &str| PALETTE[ids.iter().position(|x| x == id).unwrap_or(0) % PALETTE.len()];
    let width = 600.0;
    let bars = c
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut x = 0.0;
            let segments = r
                .summary
                .providers
                .iter()
                .map(|p| {
                    let w = p.share.to_f64().unwrap_or(0.0) * width;
                    let seg = Segment {
                        x,
                        width: w,
                        color: color(&p.id),
                        label: format!("{} {}", p.name, supplier_share(p.share, p.awards, o)),
                    };
                    x += w;
                    seg
                })
                .collect();
            Bar { name: r.name.clone(), y: 10.0 + 40.0 * i as f64, segments }
        })
        .collect();
    let names: std::collections::BTreeMap<String, String> =
        c.rows.iter().flat_map(|r| r.summary.providers.iter().map(|p| (p.id.clone(), p.name.clone()))).collect();
    let legend =
        ids.iter().map(|id| Legend { color: color(id), label: names.get(id).cloned().unwrap_or_default() }).collect();
    (bars, legend)
}

fn line_chart(s: &Sweep, lang: Lang) -> Option<LineChart> {
    // The frontier along the first parameter (the first row of a grid).
    let p = s.params.first()?;
    let inner = s.params.last().map_or(1, |q| q.values.len());
    let pts: Vec<&crate::sweep::Point> =
        if s.params.len() == 1 { s.points.iter().collect() } else { s.points.iter().step_by(inner).collect() };
    let (x0, x1) = (p.values.first()?.to_f64()?, p.values.last()?.to_f64()?);
    let costs: Vec<f64> = pts.iter().filter_map(|q| q.total.and_then(|t| t.to_f64())).collect();
    let (mut y0, mut y1) = costs.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &c| (a.min(c), b.max(c)));
    if !y0.is_finite() {
        y0 = 0.0;
        y1 = 1.0;
    }
    if y1 - y0 < 1.0 {
        y1 = y0 + 1.0;
    }
    let (w, h, left, top) = (560.0, 220.0, 110.0, 20.0);
    let sx = |x: f64| left + if x1 > x0 { (x - x0) / (x1 - x0) * w } else { w / 2.0 };
    let sy = |y: f64| top + h - (y - y0) / (y1 - y0) * h;
    let mut dots = Vec::new();
    let mut points = Vec::new();
    let mut infeasible = Vec::new();
    for q in &pts {
        let x = q.values[0].to_f64().unwrap_or(0.0);
        match q.total.and_then(|t| t.to_f64()) {
            Some(y) => {
                points.push(format!("{:.1},{:.1}", sx(x), sy(y)));
                dots.push((
                    sx(x),
                    sy(y),
                    format!("{} → {}", q.values[0].normalize(), money(q.total.unwrap_or_default(), lang)),
                ));
            }
            None => infeasible.push((sx(x), lang.pick("irréalisable", "infeasible").to_string())),
        }
    }
    let x_ticks = p.values.iter().map(|v| (sx(v.to_f64().unwrap_or(0.0)), v.normalize().to_string())).collect();
    let y_ticks = (0..=4)
        .map(|i| {
            let y = y0 + (y1 - y0) * f64::from(i) / 4.0;
            (sy(y), money(Decimal::from_f64_retain(y).unwrap_or_default().round(), lang))
        })
        .collect();
    Some(LineChart { points: points.join(" "), dots, x_ticks, y_ticks, x_label: p.key.clone(), infeasible })
}

const TEMPLATE: &str = include_str!("templates/report.html");

/// The self-contained HTML report: comparison table, stacked bars of provider shares, the sweep frontier (if
/// given), the sortable awards of each scenario, and each scenario's assumptions. No external resource.
pub fn html(c: &Comparison, sweep: Option<&Sweep>, o: &Options) -> String {
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    if env.add_template("report", TEMPLATE).is_err() {
        return String::new();
    }
    let lang = o.lang;
    let (bars, legend) = provider_bars(c, o);
    let rows: Vec<Vec<String>> = c.rows.iter().map(|r| cells(r, o)).collect();
    let scenarios: Vec<minijinja::Value> = c
        .rows
        .iter()
        .map(|r| {
            let awards: Vec<Vec<String>> = r
                .summary
                .awards
                .iter()
                .map(|a| {
                    let mut v =
                        vec![a.need.clone(), a.agency.clone(), a.offer.clone(), a.provider.clone(), a.reseller.clone()];
                    if !o.redact {
                        v.push(money(a.price, lang));
                        v.push(money(a.premium, lang));
                    }
                    v.push(if a.ado_required { lang.pick("oui", "yes").into() } else { String::new() });
                    v
                })
                .collect();
            minijinja::context! {
                name => r.name,
                description => r.description,
                assumptions => assumptions(&r.policy, lang),
                awards => awards,
            }
        })
        .collect();
    let mut award_headers = vec![
        lang.pick("Besoin", "Need"),
        lang.pick("Organisme", "Agency"),
        lang.pick("Offre", "Offer"),
        lang.pick("Fournisseur", "Provider"),
        lang.pick("Revendeur", "Reseller"),
    ];
    if !o.redact {
        award_headers.push(lang.pick("Prix", "Price"));
        award_headers.push(lang.pick("Prime", "Premium"));
    }
    award_headers.push(lang.pick("ADO", "ADO"));
    let tmpl = match env.get_template("report") {
        Ok(t) => t,
        Err(_) => return String::new(),
    };
    tmpl.render(minijinja::context! {
        lang => match lang { Lang::Fr => "fr", Lang::En => "en" },
        title => lang.pick("Comparaison des politiques d'attribution", "Comparison of award policies"),
        redact => o.redact,
        redact_note => lang.pick(
            "Version caviardée pour publication : les prix des fournisseurs et ce qui permettrait de les déduire sont retenus (art. 23 de la Loi sur l'accès).",
            "Redacted for publication: suppliers' prices and anything that would reveal them are withheld (art. 23 of the Access Act).",
        ),
        headers => headers(lang),
        rows => rows,
        shares_title => lang.pick("Part de la valeur par fournisseur", "Value share by provider"),
        bars => bars,
        bars_height => 20.0 + 40.0 * c.rows.len() as f64,
        legend => legend,
        sweep_title => lang.pick("Frontière : coût selon le paramètre", "Frontier: cost against the parameter"),
        sweep => sweep.and_then(|s| line_chart(s, lang)),
        sweep_table => sweep.map(|s| sweep_table(s, o, false)),
        assumptions_title => lang.pick("Hypothèses", "Assumptions"),
        awards_title => lang.pick("Attributions (cliquer un en-tête pour trier)", "Awards (click a header to sort)"),
        award_headers => award_headers,
        scenarios => scenarios,
    })
    .unwrap_or_default()
}
