//! Report exporters: snapshots in both languages and in publication mode, redaction, inert hostile names, the
//! sweep against separate solves, and the HTML report in a real headless browser.

mod common;

use common::two_offer_world;
use courtier::compare::{compare, Candidate, Comparison};
use courtier::domain::{Policy, QuebecAccess, QuebecCredit, Spread, World};
use courtier::report::comparison::{self, Options};
use courtier::report::{allocation_csv, Lang};
use courtier::solve;
use courtier::summary;
use courtier::sweep::{self, parse_param, Sweep};
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// A small world whose supplier names are hostile, and two policies.
fn fixture() -> (Comparison, Sweep, World) {
    let mut raw = two_offer_world(&[("N1", 100, 110), ("N2", 100, 120), ("N3", 250, 240), ("N4", 75, 90)]);
    raw.suppliers[0].name = "=HYPERLINK(\"http://evil.example\")".into();
    raw.suppliers[1].name = "<script>alert(1)</script>".into();
    let world = World::new(raw).unwrap();
    let reference = Policy {
        spread: Some(Spread { max_provider_share: Some(d("0.6")), ..Spread::default() }),
        quebec: Some(QuebecAccess { min_share: d("0.5"), credit: QuebecCredit::Reseller }),
        tiebreak_seed: 7,
        ..Policy::default()
    };
    let candidates = vec![
        Candidate {
            name: "price-only".into(),
            description: "Price alone.".into(),
            world: world.clone(),
            policy: Policy::default(),
        },
        Candidate {
            name: "=cmd|' /C calc'!A0".into(),
            description: "<b>Every principle</b>.".into(),
            world: world.clone(),
            policy: reference.clone(),
        },
    ];
    let c = compare(&candidates).unwrap();
    let s =
        sweep::sweep("reference", &world, &reference, &[parse_param("quebec.min_share=0..0.6:0.2").unwrap()], &|| ())
            .unwrap();
    (c, s, world)
}

fn all_outputs(c: &Comparison, s: &Sweep, o: &Options) -> Vec<(&'static str, String)> {
    vec![
        ("table", comparison::terminal(c, o)),
        ("md", comparison::markdown(c, o)),
        ("csv", String::from_utf8(comparison::csv(c, o)).unwrap()),
        ("json", String::from_utf8(comparison::json(c, Some(s), o)).unwrap()),
        ("html", comparison::html(c, Some(s), o)),
        ("sweep", comparison::sweep_table(s, o, true)),
    ]
}

#[test]
fn every_exporter_in_both_languages_and_redacted_is_pinned() {
    let (c, s, _) = fixture();
    for (lang, lname) in [(Lang::Fr, "fr"), (Lang::En, "en")] {
        for redact in [false, true] {
            let o = Options { lang, redact };
            for (format, text) in all_outputs(&c, &s, &o) {
                let name = format!("{format}_{lname}{}", if redact { "_redacted" } else { "" });
                insta::assert_snapshot!(name, text);
            }
        }
    }
}

#[test]
fn reports_are_byte_identical_across_runs() {
    let (c1, s1, _) = fixture();
    let (c2, s2, _) = fixture();
    let o = Options::default();
    assert_eq!(all_outputs(&c1, &s1, &o), all_outputs(&c2, &s2, &o));
}

#[test]
fn redacted_reports_contain_no_supplier_price() {
    let (c, s, world) = fixture();
    for lang in [Lang::Fr, Lang::En] {
        let o = Options { lang, redact: true };
        for (format, text) in all_outputs(&c, &s, &o) {
            for e in &world.estimates {
                let p = e.price;
                for shown in [
                    p.to_string(),
                    courtier::report::format::money(p, Lang::Fr),
                    courtier::report::format::money(p, Lang::En),
                ] {
                    assert!(!text.contains(&shown), "{format} ({lang:?}) shows the price {shown}");
                }
            }
        }
    }
}

#[test]
fn hostile_names_come_out_inert() {
    let (c, s, _) = fixture();
    let o = Options::default();
    let html = comparison::html(&c, Some(&s), &o);
    assert!(!html.contains("<script>alert(1)"), "script tag escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;"), "escaped, not dropped");
    assert!(!html.contains("<b>Every principle</b>"));
    let csv = String::from_utf8(comparison::csv(&c, &o)).unwrap();
    assert!(csv.contains("\n'=cmd|' /C calc'!A0,"), "{csv}");
    for line in csv.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_matches('"');
            assert!(!cell.starts_with(['=', '+', '-', '@']), "formula cell {cell}");
        }
    }
    // The allocation file too: a hostile need id.
    let mut raw = two_offer_world(&[("=SUM(A1)", 100, 110)]);
    raw.offers[0].id = "@attack".into();
    for e in raw.estimates.iter_mut().filter(|e| e.offer == "OA") {
        e.offer = "@attack".into();
    }
    let world = World::new(raw).unwrap();
    let solved = solve::solve(&world, &Policy::default(), None).unwrap();
    let sum = summary::summarize(&world, &Policy::default(), &solved.eligibility, &solved.outcome);
    let out = String::from_utf8(allocation_csv::render(&sum)).unwrap();
    assert!(out.contains("'=SUM(A1)") && out.contains("'@attack"), "{out}");
}

#[test]
fn a_sweep_point_equals_a_separate_solve() {
    let (_, s, world) = fixture();
    assert_eq!(s.points.len(), 4);
    let reference = Policy {
        spread: Some(Spread { max_provider_share: Some(d("0.6")), ..Spread::default() }),
        quebec: Some(QuebecAccess { min_share: d("0.5"), credit: QuebecCredit::Reseller }),
        tiebreak_seed: 7,
        ..Policy::default()
    };
    for p in &s.points {
        let policy = sweep::apply(&reference, "quebec.min_share", p.values[0]);
        let solved = solve::solve(&world, &policy, None).unwrap();
        let total: Option<Decimal> = solved
            .outcome
            .status
            .has_allocation()
            .then(|| solved.outcome.awards.iter().map(|&e| world.estimates[e].price).sum());
        assert_eq!(p.status, solved.outcome.status, "at {}", p.values[0]);
        assert_eq!(p.total, total, "at {}", p.values[0]);
    }
    // The floor rises until it cannot be met: the frontier says where.
    assert!(s.points.iter().any(|p| p.becomes_infeasible) || s.points.iter().all(|p| p.status.has_allocation()));
}

#[test]
fn sweep_parameters_are_parsed_exactly_and_refused_clearly() {
    let p = parse_param("quebec.min_share=0..0.5:0.05").unwrap();
    assert_eq!(p.values.len(), 11);
    assert_eq!(p.values[3], d("0.15"));
    assert_eq!(p.values[10], d("0.50"));
    assert!(parse_param("quebec.minimum=0..1:0.1").unwrap_err().to_string().contains("unknown parameter"));
    assert!(parse_param("quebec.min_share=0..1").is_ok());
    assert!(parse_param("quebec.min_share=0..1:0").is_err());
    assert!(parse_param("quebec.min_share=1e-1..1:0.1").is_err());
    assert!(parse_param("quebec.min_share").is_err());
}

#[test]
fn the_html_report_renders_in_a_headless_browser_without_network() {
    let (c, s, _) = fixture();
    let html = comparison::html(&c, Some(&s), &Options { lang: Lang::En, redact: false });
    // Nothing to fetch: no external source or link, and a policy that forbids any request.
    for attr in ["src=\"http", "href=\"http", "src='http", "href='http", "@import", "url("] {
        assert!(!html.contains(attr), "the report references {attr}");
    }
    assert!(html.contains("default-src 'none'"));
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("report.html");
    std::fs::write(&page, &html).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        std::process::Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                &format!("--user-data-dir={}", profile.path().display()),
            ])
            .args(extra)
            .arg(format!("file://{}", page.display()))
            .output()
            .expect("chromium is installed (.ci/run installs it)")
    };
    let dom = String::from_utf8_lossy(&run(&["--dump-dom"]).stdout).into_owned();
    assert!(dom.contains("<table id=\"comparison\">"), "the comparison table is rendered");
    assert!(dom.contains("id=\"shares-chart\"") && dom.contains("<rect"), "the share chart is rendered");
    assert!(dom.contains("id=\"sweep-chart\"") && dom.contains("<polyline"), "the frontier is rendered");
    assert!(dom.contains("price-only"));
    let shot = dir.join("report.png");
    let _ = std::fs::remove_file(&shot);
    run(&["--screenshot=".to_string() + shot.to_str().unwrap(), "--window-size=1280,2000".into()]
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>());
    assert!(std::fs::metadata(&shot).map(|m| m.len() > 10_000).unwrap_or(false), "a screenshot was saved");
}

/// A world whose need title, supplier names and scenario text are hostile in every format at once: line breaks,
/// HTML, Markdown, terminal escape sequences, a bidirectional override, a spreadsheet formula.
fn hostile_world() -> World {
    let mut raw = two_offer_world(&[("N1", 100, 110), ("N2", 100, 120)]);
    raw.needs[0].title = "Évaluation\n<script>alert(1)</script> **gras** [lien](http://x) `code`\r\u{1b}[2J".into();
    raw.suppliers[0].name = "Nuage\nQuébec\u{1b}[31m <b>x</b> |col| \u{202e}".into();
    raw.suppliers[1].name = "=HYPERLINK(\"http://evil.example\")\n_em_".into();
    World::new(raw).unwrap()
}

/// No control character but the line ends, no HTML tag, no line that a hostile value broke.
fn assert_terminal_inert(format: &str, text: &str) {
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n' || ('\u{202a}'..='\u{202e}').contains(&c)),
        "{format}: {text}"
    );
    assert!(
        !text.lines().any(|l| l.starts_with("Québec") || l.starts_with("<script>") || l.starts_with("_em_")),
        "{format}: {text}"
    );
}

fn assert_markdown_inert(format: &str, text: &str) {
    assert_terminal_inert(format, text);
    for raw in ["<script>", "<b>", "**gras**", "[lien](", "|col|", "`code`"] {
        assert!(!text.contains(raw), "{format} carries `{raw}` raw: {text}");
    }
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") || !text.contains("alert"), "{format}: {text}");
}

#[test]
fn hostile_titles_and_names_are_inert_in_every_renderer() {
    use courtier::explain::{self, award::Depth, debrief};
    use courtier::report::{debrief_md, explain_md, terminal};
    let world = hostile_world();
    let policy = Policy::default();
    let solved = solve::solve(&world, &policy, None).unwrap();
    let sum = summary::summarize(&world, &policy, &solved.eligibility, &solved.outcome);
    for lang in [Lang::Fr, Lang::En] {
        // `solve`'s terminal summary: the supplier tables keep one line per supplier.
        let t = terminal::render("s\nx", "desc\u{1b}[2J\n<i>", &sum, &solved.outcome, lang);
        assert_terminal_inert("terminal", &t);
        assert!(t.contains("Nuage\\nQuébec\\u{1b}[31m <b>x</b> |col| \\u{202e}"), "{t}");
        // `explain --need` and explanations.md.
        let need = explain::award::explain_need(&world, &policy, &solved, 0, Depth::Full);
        let md = explain_md::need(&need, lang);
        assert_markdown_inert("explain --need", &md);
        assert!(
            md.contains("Évaluation &lt;script&gt;alert(1)&lt;/script&gt; \\*\\*gras\\*\\* \\[lien\\](http://x)"),
            "{md}"
        );
        let all = explain::explain_all(&world, &policy, &solved, Depth::Full);
        assert_markdown_inert("explanations.md", &explain_md::render("s\n<b>", &all, lang));
        // A supplier's debrief.
        for s in 0..2 {
            let d = debrief_md::render(&debrief::debrief(&world, &policy, &solved, s), lang);
            assert_markdown_inert("debrief", &d);
            assert!(d.lines().next().unwrap().starts_with("# "), "{d}");
        }
    }
    // The comparison in every format.
    let c = compare(&[Candidate {
        name: "=cmd\n<i>x</i>".into(),
        description: "<script>alert(1)</script>\nline".into(),
        world: world.clone(),
        policy: policy.clone(),
    }])
    .unwrap();
    for redact in [false, true] {
        let o = Options { lang: Lang::En, redact };
        assert_terminal_inert("comparison table", &comparison::terminal(&c, &o));
        assert_markdown_inert("comparison md", &comparison::markdown(&c, &o));
        let html = comparison::html(&c, None, &o);
        assert!(!html.contains("<script>alert") && !html.contains("<b>x</b>") && !html.contains("<i>x</i>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"), "{html}");
        let csv = String::from_utf8(comparison::csv(&c, &o)).unwrap();
        assert!(csv.contains("\"'=cmd\n<i>x</i>\""), "{csv}");
        let json: serde_json::Value = serde_json::from_slice(&comparison::json(&c, None, &o)).unwrap();
        assert_eq!(json["scenarios"][0]["name"], "=cmd\n<i>x</i>", "JSON keeps the text exactly, escaped by JSON");
    }
}
