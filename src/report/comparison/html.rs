//! The self-contained HTML report (minijinja with HTML auto-escape; no input text is marked safe).

use super::{assumptions, cells, headers, supplier_share, sweep_table, Options};
use crate::compare::Comparison;
use crate::report::format::{money, Lang};
use crate::sweep::Sweep;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

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

const TEMPLATE: &str = include_str!("../templates/report.html");

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
