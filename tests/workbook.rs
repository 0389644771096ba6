//! Workbooks in and out, through the binary: a model read from a workbook solves like its CSV folder, the
//! template and export/import commands, `allocation.xlsx`, `comparison.xlsx` and `sweep.xlsx` (figures, charts,
//! frozen headers, publication mode, inert text), and a broken workbook reported cell by cell.

use calamine::{open_workbook_auto, Data, Reader};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::str::FromStr;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn courtier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_courtier")).args(args).current_dir(root()).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(out: &Output) {
    assert_eq!(out.status.code(), Some(0), "stdout:\n{}\nstderr:\n{}", text(&out.stdout), text(&out.stderr));
}

fn tiny_scenario() -> String {
    root().join("tests/fixtures/tiny/scenario.toml").to_string_lossy().into_owned()
}

/// A temporary copy of the tiny model and its scenario.
fn tiny_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in fs::read_dir(root().join("tests/fixtures/tiny")).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    dir
}

/// Every entry of a zip archive (an .xlsx), by name, as text.
fn unzip(path: &Path) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut s = String::new();
        if f.read_to_string(&mut s).is_ok() {
            out.insert(name, s);
        }
    }
    out
}

/// A sheet's cells, row by row.
fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut book = open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    range.rows().map(|r| r.to_vec()).collect()
}

fn sheet_names(path: &Path) -> Vec<String> {
    open_workbook_auto(path).unwrap().sheet_names()
}

fn cents(x: f64) -> Decimal {
    Decimal::from_str(&format!("{x}")).unwrap().round_dp(2)
}

/// allocation.csv as (need -> (price, premium)).
fn csv_awards(path: &Path) -> BTreeMap<String, (Decimal, Decimal)> {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[0].to_string(), (Decimal::from_str(&rec[5]).unwrap(), Decimal::from_str(&rec[7]).unwrap()))
        })
        .collect()
}

fn solve_into(scenario: &str, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["solve", scenario, "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    courtier(&args)
}

#[test]
fn allocation_xlsx_holds_the_figures_of_allocation_csv() {
    let tmp = tempfile::tempdir().unwrap();
    ok(&solve_into(&tiny_scenario(), tmp.path(), &[]));
    let book = tmp.path().join("allocation.xlsx");
    assert_eq!(sheet_names(&book), ["Résumé", "Attributions", "Règles contraignantes"]);
    let awards = sheet(&book, "Attributions");
    assert_eq!(
        awards[0],
        ["Besoin", "Organisme", "Offre", "Fournisseur", "Revendeur", "Prix", "Prime", "ADO requise", "Motif"]
            .map(|s| Data::String(s.into()))
    );
    let csv = csv_awards(&tmp.path().join("allocation.csv"));
    assert_eq!(awards.len() - 1, csv.len());
    let mut total = Decimal::ZERO;
    for row in &awards[1..] {
        let (Data::String(need), Data::Float(price), Data::Float(premium)) = (&row[0], &row[5], &row[6]) else {
            panic!("{row:?}")
        };
        assert_eq!((cents(*price), cents(*premium)), csv[need], "{need}");
        total += cents(*price);
    }
    let summary = sheet(&book, "Résumé");
    let figure = |label: &str| summary.iter().find(|r| r[0] == Data::String(label.into())).unwrap()[1].clone();
    let Data::Float(t) = figure("Coût total") else { panic!() };
    assert_eq!(cents(t), total);
    assert_eq!(figure("Statut"), Data::String("optimale".into()));
    let xml = unzip(&book);
    assert!(xml.keys().any(|k| k.starts_with("xl/charts/chart")), "a native chart of the provider shares");
    let awards_xml = &xml["xl/worksheets/sheet2.xml"];
    assert!(awards_xml.contains("state=\"frozen\"") && awards_xml.contains("<autoFilter"), "{awards_xml}");
    assert!(xml["xl/styles.xml"].contains("[$$-C0C]"), "money in a fr-CA currency format");
    assert!(xml["xl/styles.xml"].contains("0.0%"), "shares as percentages");
}

#[test]
fn allocation_xlsx_speaks_english_with_lang_en_and_is_byte_identical_between_runs() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    ok(&solve_into(&tiny_scenario(), a.path(), &["--lang", "en"]));
    ok(&solve_into(&tiny_scenario(), b.path(), &["--lang", "en"]));
    let book = a.path().join("allocation.xlsx");
    assert_eq!(sheet_names(&book), ["Summary", "Awards", "Binding rules"]);
    assert_eq!(fs::read(&book).unwrap(), fs::read(b.path().join("allocation.xlsx")).unwrap());
    assert!(unzip(&book)["xl/styles.xml"].contains("[$$-1009]"), "money in an en-CA currency format");
}

fn compare_into(scenarios: &[&str], out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["compare"];
    args.extend_from_slice(scenarios);
    args.extend_from_slice(&["--out", out.to_str().unwrap()]);
    args.extend_from_slice(extra);
    courtier(&args)
}

#[test]
fn comparison_xlsx_has_a_summary_award_sheets_shares_with_a_chart_and_binding_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tiny_copy();
    let strict = dir.path().join("strict.toml");
    let s = fs::read_to_string(dir.path().join("scenario.toml")).unwrap();
    fs::write(&strict, s.replace("max_provider_share = 0.75", "max_provider_share = 0.5")).unwrap();
    ok(&compare_into(&[&tiny_scenario(), strict.to_str().unwrap()], tmp.path(), &["--lang", "en"]));
    let book = tmp.path().join("comparison.xlsx");
    assert_eq!(sheet_names(&book), ["Summary", "Provider shares", "scenario", "strict", "Binding rules"]);
    let summary = sheet(&book, "Summary");
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(tmp.path().join("comparison.json")).unwrap()).unwrap();
    for (i, row) in summary[1..3].iter().enumerate() {
        let sc = &json["scenarios"][i];
        assert_eq!(row[0], Data::String(sc["name"].as_str().unwrap().into()));
        let Data::Float(total) = row[3] else { panic!("{row:?}") };
        assert_eq!(cents(total), Decimal::from_str(sc["total"].as_str().unwrap()).unwrap());
        let Data::Float(q) = row[15] else { panic!("{row:?}") };
        assert_eq!(
            Decimal::from_str(&format!("{q}")).unwrap(),
            Decimal::from_str(sc["quebec_share"].as_str().unwrap()).unwrap()
        );
        let awards = sheet(&book, sc["name"].as_str().unwrap());
        assert_eq!(awards.len() - 1, sc["awards"].as_array().unwrap().len());
        for (row, a) in awards[1..].iter().zip(sc["awards"].as_array().unwrap()) {
            let Data::Float(price) = row[5] else { panic!("{row:?}") };
            assert_eq!(cents(price), Decimal::from_str(a["price"].as_str().unwrap()).unwrap());
        }
    }
    let rules = sheet(&book, "Binding rules");
    assert!(rules[1..].iter().any(|r| r[0] == Data::String("strict".into())), "{rules:?}");
    let xml = unzip(&book);
    let charts: Vec<&String> = xml.iter().filter(|(k, _)| k.starts_with("xl/charts/chart")).map(|(_, v)| v).collect();
    assert_eq!(charts.len(), 1);
    assert!(charts[0].contains("<c:barChart>") && charts[0].matches("<c:ser>").count() == 2);
    assert!(xml["xl/worksheets/sheet1.xml"].contains("state=\"frozen\""));
    assert!(xml["xl/worksheets/sheet1.xml"].contains("<autoFilter"));
}

/// True when `needle` appears in `hay` as a whole number (not inside a longer one).
fn has_number(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',');
        !digit(before) && !digit(after)
    })
}

#[test]
fn a_redacted_comparison_workbook_hides_every_price_in_every_part_of_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    ok(&compare_into(&[&tiny_scenario()], tmp.path(), &["--redact"]));
    let xml = unzip(&tmp.path().join("comparison.xlsx"));
    assert!(xml.contains_key("xl/sharedStrings.xml"));
    // Every estimate price of the model, and every award's premium and each supplier's value.
    let mut withheld: Vec<Decimal> = Vec::new();
    let mut r = csv::Reader::from_path(root().join("tests/fixtures/tiny/estimates.csv")).unwrap();
    for rec in r.records() {
        withheld.push(Decimal::from_str(&rec.unwrap()[2]).unwrap());
    }
    let open = tempfile::tempdir().unwrap();
    ok(&compare_into(&[&tiny_scenario()], open.path(), &[]));
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(open.path().join("comparison.json")).unwrap()).unwrap();
    let sc = &json["scenarios"][0];
    for a in sc["awards"].as_array().unwrap() {
        let premium = Decimal::from_str(a["premium"].as_str().unwrap()).unwrap();
        if !premium.is_zero() {
            withheld.push(premium);
        }
    }
    for s in sc["provider_shares"].as_array().unwrap().iter().chain(sc["reseller_shares"].as_array().unwrap()) {
        withheld.push(Decimal::from_str(s["value"].as_str().unwrap()).unwrap());
    }
    let total = Decimal::from_str(sc["total"].as_str().unwrap()).unwrap();
    withheld.retain(|p| *p != total);
    assert!(withheld.len() > 10);
    for p in &withheld {
        let plain = p.normalize().to_string();
        let forms = [plain.clone(), format!("{p:.2}"), plain.replace('.', ",")];
        // The theme is the library's constant styling (fonts, colours), not data.
        for (name, body) in xml.iter().filter(|(n, _)| !n.starts_with("xl/theme/")) {
            for f in &forms {
                assert!(!has_number(body, f), "withheld {p} found as `{f}` in {name}");
            }
        }
    }
    // The aggregates remain.
    assert!(xml.values().any(|b| has_number(b, &total.normalize().to_string())));
    assert!(xml["xl/sharedStrings.xml"].contains("caviardée"));
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let dir = tiny_copy();
    let p = dir.path().join("suppliers.csv");
    let s = fs::read_to_string(&p).unwrap();
    fs::write(&p, s.replace("Nuagiq Solutions", "\"=HYPERLINK(\"\"http://x.example\"\",\"\"x\"\")\"")).unwrap();
    let sc = dir.path().join("scenario.toml");
    let s = fs::read_to_string(&sc).unwrap();
    fs::write(&sc, s.replace("description = \"Tiny", "description = \"@SUM(1,2) -1+2 Tiny")).unwrap();
    let out = tempfile::tempdir().unwrap();
    ok(&solve_into(sc.to_str().unwrap(), out.path(), &[]));
    ok(&compare_into(&[sc.to_str().unwrap()], out.path(), &[]));
    for book in ["allocation.xlsx", "comparison.xlsx"] {
        let xml = unzip(&out.path().join(book));
        for (name, body) in &xml {
            if name.starts_with("xl/worksheets/") {
                assert!(!body.contains("<f>") && !body.contains("<f "), "a formula in {book} {name}");
            }
        }
        let strings = &xml["xl/sharedStrings.xml"];
        // Supplier names are in the allocation's share tables (the comparison shows ids).
        if book == "allocation.xlsx" {
            assert!(strings.contains("<t>=HYPERLINK(\"http://x.example\",\"x\")</t>"), "{book}");
        }
        assert!(strings.contains("@SUM(1,2) -1+2 Tiny"), "{book}");
    }
}

#[test]
fn sweep_xlsx_has_the_frontier_and_its_chart() {
    let tmp = tempfile::tempdir().unwrap();
    let out = courtier(&[
        "sweep",
        &tiny_scenario(),
        "--param",
        "quebec.min_share=0..0.4:0.2",
        "--out",
        tmp.path().to_str().unwrap(),
        "--lang",
        "en",
    ]);
    ok(&out);
    let book = tmp.path().join("sweep.xlsx");
    assert_eq!(sheet_names(&book)[..2], ["Frontier".to_string(), "Summary".to_string()]);
    let frontier = sheet(&book, "Frontier");
    assert_eq!(frontier.len(), 4);
    let csv = fs::read_to_string(tmp.path().join("sweep.csv")).unwrap();
    for (row, line) in frontier[1..].iter().zip(csv.lines().skip(1)) {
        let fields: Vec<&str> = line.split(',').collect();
        let total = fields.iter().find_map(|f| Decimal::from_str(f).ok().filter(|d| *d > Decimal::from(1000)));
        match &row[2] {
            Data::Float(t) => assert_eq!(Some(cents(*t)), total, "{line}"),
            other => assert!(total.is_none(), "{other:?} vs {line}"),
        }
    }
    let xml = unzip(&book);
    assert!(xml.iter().any(|(k, v)| k.starts_with("xl/charts/") && v.contains("<c:scatterChart>")));
}

#[test]
fn template_writes_every_sheet_with_notes_lists_and_a_frozen_header() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("model.xlsx");
    let p = path.to_str().unwrap();
    ok(&courtier(&["template", p, "--lang", "en"]));
    assert_eq!(
        sheet_names(&path),
        [
            "agencies",
            "suppliers",
            "offers",
            "needs",
            "estimates",
            "capacities",
            "consumption",
            "migrations",
            "precedences",
            "period_capacities"
        ]
    );
    let xml = unzip(&path);
    let precedences = &xml["xl/worksheets/sheet9.xml"];
    assert!(precedences.contains("<formula1>\"after,with\"</formula1>"), "a list for the precedence mode");
    let comments: String = xml.iter().filter(|(k, _)| k.contains("comments")).map(|(_, v)| v.as_str()).collect();
    assert!(comments.contains("Price in CAD for the whole term"), "notes in English");
    let offers = &xml["xl/worksheets/sheet3.xml"];
    assert!(offers.contains("state=\"frozen\""));
    assert!(offers.contains("<formula1>\"IaaS,PaaS,SaaS\"</formula1>"), "a list for the category");
    assert!(offers.contains("<formula1>\"true,false\"</formula1>"), "a list for the booleans");
    assert!(xml["xl/styles.xml"].contains("formatCode=\"0.00\""), "money with 2 decimals");
    // It refuses to overwrite a workbook, unless told to.
    let again = courtier(&["template", p]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("--force"));
    ok(&courtier(&["template", p, "--force"]));
    let comments: String =
        unzip(&path).iter().filter(|(k, _)| k.contains("comments")).map(|(_, v)| v.clone()).collect();
    assert!(comments.contains("Prix en dollars canadiens"), "notes in French by default");
    let ods = courtier(&["template", tmp.path().join("m.ods").to_str().unwrap()]);
    assert_eq!(ods.status.code(), Some(2));
}

#[test]
fn the_decree_model_round_trips_through_a_workbook_with_its_migration_sheets() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("decree.xlsx");
    ok(&courtier(&["export-model", "models/decree-596", book.to_str().unwrap()]));
    let back = tmp.path().join("back");
    ok(&courtier(&["import-model", book.to_str().unwrap(), back.to_str().unwrap()]));
    for f in ["migrations.csv", "precedences.csv", "period_capacities.csv", "needs.csv"] {
        assert_eq!(
            std::fs::read(back.join(f)).unwrap(),
            std::fs::read(root().join("models/decree-596").join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn export_then_import_gives_back_the_reference_model_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("cti.xlsx");
    ok(&courtier(&["export-model", "models/cti-2025", book.to_str().unwrap()]));
    let back = tmp.path().join("back");
    ok(&courtier(&["import-model", book.to_str().unwrap(), back.to_str().unwrap()]));
    let mut n = 0;
    for e in fs::read_dir(root().join("models/cti-2025")).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".csv") {
            assert_eq!(fs::read(back.join(&name)).unwrap(), fs::read(e.path()).unwrap(), "{name}");
            n += 1;
        }
    }
    assert_eq!(n, 7);
    let again = courtier(&["import-model", book.to_str().unwrap(), back.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2), "no silent overwrite");
}

#[test]
fn the_shipped_workbook_is_the_reference_model_exported() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("cti.xlsx");
    ok(&courtier(&["export-model", "models/cti-2025", book.to_str().unwrap()]));
    assert!(
        fs::read(&book).unwrap() == fs::read(root().join("models/cti-2025.xlsx")).unwrap(),
        "models/cti-2025.xlsx is stale: run `courtier export-model models/cti-2025 models/cti-2025.xlsx --force`"
    );
}

#[test]
fn the_workbook_model_solves_exactly_like_the_csv_model() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let x = solve_into("scenarios/price-only-xlsx.toml", a.path(), &[]);
    let c = solve_into("scenarios/price-only.toml", b.path(), &[]);
    ok(&x);
    ok(&c);
    assert_eq!(fs::read(a.path().join("allocation.csv")).unwrap(), fs::read(b.path().join("allocation.csv")).unwrap());
    let body =
        |o: &Output| text(&o.stdout).lines().skip(1).filter(|l| !l.contains("Temps")).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&x), body(&c));
    let audit: serde_json::Value = serde_json::from_slice(&fs::read(a.path().join("audit.json")).unwrap()).unwrap();
    let inputs = audit["audit"]["inputs"].as_array().unwrap();
    assert!(inputs.iter().any(|i| i["path"] == "../models/cti-2025.xlsx"), "the audit record hashes the workbook");
    let verify =
        courtier(&["verify", "scenarios/price-only-xlsx.toml", a.path().join("result.json").to_str().unwrap()]);
    ok(&verify);
}

/// The fixture with one problem per sheet: the tiny model with, in each sheet, one cell a planner got wrong.
fn broken_workbook() -> Vec<u8> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook};
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for file in ["agencies", "suppliers", "offers", "needs", "estimates", "capacities", "consumption"] {
        let ws = book.add_worksheet();
        ws.set_name(file).unwrap();
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(root().join(format!("tests/fixtures/tiny/{file}.csv")))
            .unwrap();
        for (i, rec) in r.records().enumerate() {
            for (j, cell) in rec.unwrap().iter().enumerate() {
                ws.write_string(i as u32, j as u16, cell).unwrap();
            }
        }
        match file {
            "agencies" => ws.write_string(2, 2, "health").map(|_| ()),
            "suppliers" => ws.write_string(3, 3, "oui").map(|_| ()),
            "offers" => ws.write_number(4, 4, 1.0).map(|_| ()),
            "needs" => {
                ws.write_datetime_with_format(5, 6, ExcelDateTime::from_ymd(2025, 4, 1).unwrap(), &date).map(|_| ())
            }
            "estimates" => {
                ws.write_number(10, 2, 125000.505).unwrap();
                ws.write_formula(6, 2, Formula::new("=1/0").set_result("#DIV/0!")).map(|_| ())
            }
            "capacities" => ws.write_number(1, 2, -5.0).map(|_| ()),
            _ => ws.write_string(2, 0, "N-404").map(|_| ()),
        }
        .unwrap();
    }
    let created = ExcelDateTime::from_ymd(2025, 1, 1).unwrap();
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    book.save_to_buffer().unwrap()
}

#[test]
fn a_broken_workbook_gets_every_problem_reported_with_sheet_and_cell() {
    let fixture = root().join("tests/fixtures/workbook/broken.xlsx");
    if std::env::var_os("COURTIER_WRITE_FIXTURES").is_some() {
        fs::create_dir_all(fixture.parent().unwrap()).unwrap();
        fs::write(&fixture, broken_workbook()).unwrap();
    }
    assert!(
        fs::read(&fixture).unwrap() == broken_workbook(),
        "the fixture is stale: run the test with COURTIER_WRITE_FIXTURES=1"
    );
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("s.toml");
    let s = fs::read_to_string(tiny_scenario()).unwrap();
    let model = format!("model = {:?}", fixture.to_str().unwrap());
    fs::write(&scenario, s.replace("model = \".\"", &model)).unwrap();
    let out = courtier(&["check", scenario.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    let expected = [
        "E106]: ",
        "broken.xlsx › agencies!C3 (network): `health`",
        "E103]: ",
        "broken.xlsx › suppliers!D4 (quebec_firm): `oui`",
        "E103]: ",
        "broken.xlsx › offers!E5 (qualified): `1`",
        "E114]: ",
        "broken.xlsx › needs!G6 (term_months): this cell holds a date",
        "E114]: ",
        "broken.xlsx › estimates!C7 (price): this cell holds the formula error `#DIV/0!`",
        "E104]: ",
        "broken.xlsx › estimates!C11 (price): `125000.505` has more than 2 decimal places",
        "E112]: ",
        "broken.xlsx › capacities!C2 (limit): `-5` is negative",
        "E202]: ",
        "broken.xlsx › consumption!A3 (need): need `N-404` is not declared in sheet `needs`",
    ];
    let mut at = 0;
    for pair in expected.chunks(2) {
        let needle = format!("{}{}", pair[0], fixture.to_str().unwrap().trim_end_matches("broken.xlsx"));
        let i = err[at..]
            .find(&format!("{needle}{}", pair[1]))
            .unwrap_or_else(|| panic!("{pair:?} not in order in:\n{err}"));
        at += i + 1;
    }
    assert!(err.contains("8 problems found"), "{err}");
}
