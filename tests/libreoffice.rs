//! Workbooks against a real spreadsheet program: LibreOffice (headless) opens every workbook courtier writes and
//! converts it back to CSV, and the figures match courtier's CSV outputs to the cent; a model workbook saved by
//! LibreOffice (as .xlsx and as .ods) solves exactly like the CSV model and imports back to the same CSV bytes.
//!
//! `.ci/run` installs LibreOffice (`libreoffice-calc-nogui`); these tests skip, saying so, only when no `soffice`
//! can be found. Each test runs LibreOffice with a private profile so tests in parallel do not collide.

use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::str::FromStr;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn courtier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_courtier")).args(args).current_dir(root()).output().unwrap()
}

fn ok(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// LibreOffice with a private profile.
struct Office {
    program: PathBuf,
    profile: tempfile::TempDir,
}

impl Office {
    /// LibreOffice, or `None` (after saying the test is skipped) when no `soffice` is installed.
    fn find(test: &str) -> Option<Office> {
        let found = std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .flat_map(|d| ["soffice", "libreoffice"].map(|n| d.join(n)))
                .find(|p| p.is_file())
        });
        match found {
            Some(program) => Some(Office { program, profile: tempfile::tempdir().unwrap() }),
            None => {
                eprintln!(
                    "SKIPPED {test}: LibreOffice (`soffice`) not found; install `libreoffice-calc-nogui` (.ci/run does)"
                );
                None
            }
        }
    }

    /// Convert `files` with LibreOffice's filter `to` into `out`.
    fn convert(&self, files: &[&Path], to: &str, out: &Path) {
        let output = Command::new(&self.program)
            .arg(format!("-env:UserInstallation=file://{}", self.profile.path().display()))
            .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
            .arg(out)
            .args(files)
            .output()
            .unwrap();
        assert!(output.status.success(), "soffice failed: {}", String::from_utf8_lossy(&output.stderr));
        for f in files {
            let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
            let produced =
                fs::read_dir(out).unwrap().any(|e| e.unwrap().file_name().to_string_lossy().starts_with(&stem));
            assert!(
                produced,
                "LibreOffice produced nothing for {}: {}",
                f.display(),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }

    /// Every sheet of a workbook as CSV (raw values, not as shown): sheet name -> rows of fields.
    fn sheets(&self, book: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
        let out = tempfile::tempdir().unwrap();
        // Comma, double quote, UTF-8, from line 1, raw values (not as shown), every sheet to its own file.
        self.convert(
            &[book],
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            out.path(),
        );
        let stem = book.file_stem().unwrap().to_string_lossy().into_owned();
        fs::read_dir(out.path())
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                let name = p.file_stem().unwrap().to_string_lossy().trim_start_matches(&format!("{stem}-")).to_string();
                let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(&p).unwrap();
                (name, r.records().map(|x| x.unwrap().iter().map(str::to_string).collect()).collect())
            })
            .collect()
    }
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|_| panic!("`{s}` is not a number"))
}

fn cents(s: &str) -> Decimal {
    dec(s).round_dp(2)
}

/// allocation.csv as need -> (price, premium).
fn csv_awards(path: &Path) -> BTreeMap<String, (Decimal, Decimal)> {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.records().map(|x| x.unwrap()).map(|x| (x[0].to_string(), (dec(&x[5]), dec(&x[7])))).collect()
}

/// The award rows of a converted award sheet, as need -> (price, premium).
fn sheet_awards(rows: &[Vec<String>]) -> BTreeMap<String, (Decimal, Decimal)> {
    rows[1..].iter().map(|r| (r[0].clone(), (cents(&r[5]), cents(&r[6])))).collect()
}

#[test]
fn libreoffice_reads_allocation_xlsx_with_the_figures_of_allocation_csv() {
    let Some(office) = Office::find("libreoffice_reads_allocation_xlsx_with_the_figures_of_allocation_csv") else {
        return;
    };
    for (scenario, lang) in [("tests/fixtures/tiny/scenario.toml", "fr"), ("scenarios/price-only.toml", "en")] {
        let out = tempfile::tempdir().unwrap();
        ok(&courtier(&["solve", scenario, "--out", out.path().to_str().unwrap(), "--lang", lang]));
        let sheets = office.sheets(&out.path().join("allocation.xlsx"));
        let (summary, awards) = if lang == "fr" { ("Résumé", "Attributions") } else { ("Summary", "Awards") };
        let expected = csv_awards(&out.path().join("allocation.csv"));
        assert_eq!(sheet_awards(&sheets[awards]), expected, "{scenario}");
        let total: Decimal = expected.values().map(|(p, _)| *p).sum();
        let label = if lang == "fr" { "Coût total" } else { "Total cost" };
        let row = sheets[summary].iter().find(|r| r[0] == label).unwrap();
        assert_eq!(cents(&row[1]), total, "{scenario}");
    }
}

#[test]
fn libreoffice_reads_comparison_and_sweep_workbooks_like_their_csv() {
    let Some(office) = Office::find("libreoffice_reads_comparison_and_sweep_workbooks_like_their_csv") else {
        return;
    };
    let tiny = "tests/fixtures/tiny/scenario.toml";
    let dir = tempfile::tempdir().unwrap();
    let strict = dir.path().join("strict.toml");
    let text = fs::read_to_string(root().join(tiny))
        .unwrap()
        .replace("model = \".\"", &format!("model = {:?}", root().join("tests/fixtures/tiny").to_str().unwrap()));
    fs::write(&strict, text.replace("max_provider_share = 0.75", "max_provider_share = 0.5")).unwrap();
    let out = tempfile::tempdir().unwrap();
    ok(&courtier(&["compare", tiny, strict.to_str().unwrap(), "--out", out.path().to_str().unwrap(), "--lang", "en"]));
    let sheets = office.sheets(&out.path().join("comparison.xlsx"));
    let mut r = csv::Reader::from_path(out.path().join("comparison.csv")).unwrap();
    let csv_rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(sheets["Summary"].len(), 1 + csv_rows.len());
    for (sheet_row, csv_row) in sheets["Summary"][1..].iter().zip(&csv_rows) {
        assert_eq!(sheet_row[0], csv_row[0].to_string());
        assert_eq!(cents(&sheet_row[3]), cents(&csv_row[2]), "total cost");
        assert_eq!(cents(&sheet_row[5]), cents(&csv_row[3]), "premium");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("comparison.json")).unwrap()).unwrap();
    for sc in json["scenarios"].as_array().unwrap() {
        let awards: BTreeMap<String, (Decimal, Decimal)> = sc["awards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["need"].as_str().unwrap().to_string(),
                    (dec(a["price"].as_str().unwrap()), dec(a["premium"].as_str().unwrap())),
                )
            })
            .collect();
        assert_eq!(sheet_awards(&sheets[sc["name"].as_str().unwrap()]), awards);
    }
    let sw = tempfile::tempdir().unwrap();
    ok(&courtier(&[
        "sweep",
        tiny,
        "--param",
        "quebec.min_share=0..0.6:0.3",
        "--out",
        sw.path().to_str().unwrap(),
        "--lang",
        "en",
    ]));
    let sheets = office.sheets(&sw.path().join("sweep.xlsx"));
    let mut r = csv::Reader::from_path(sw.path().join("sweep.csv")).unwrap();
    let header = r.headers().unwrap().clone();
    let total_at = header.iter().position(|h| h == "total_cost").expect("sweep.csv has a total_cost column");
    let csv_rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let frontier = &sheets["Frontier"];
    assert_eq!(frontier.len(), 1 + csv_rows.len());
    for (sheet_row, csv_row) in frontier[1..].iter().zip(&csv_rows) {
        assert_eq!(dec(&sheet_row[0]), dec(&csv_row[0]), "parameter value");
        match &csv_row[total_at] {
            "" => assert_eq!(sheet_row[2], ""),
            t => assert_eq!(cents(&sheet_row[2]), cents(t)),
        }
    }
}

#[test]
fn a_model_workbook_saved_by_libreoffice_solves_like_the_csv_model() {
    let Some(office) = Office::find("a_model_workbook_saved_by_libreoffice_solves_like_the_csv_model") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    // The planner's workbook: the template's sheets filled with the model (export-model writes exactly the
    // template's sheets with rows), opened and saved again by LibreOffice in both its formats.
    let template = tmp.path().join("template.xlsx");
    ok(&courtier(&["template", template.to_str().unwrap()]));
    let tiny = tmp.path().join("tiny.xlsx");
    ok(&courtier(&["export-model", "tests/fixtures/tiny", tiny.to_str().unwrap()]));
    let cti = root().join("models/cti-2025.xlsx");
    let saved = tmp.path().join("saved");
    fs::create_dir_all(&saved).unwrap();
    office.convert(&[&tiny, &cti, &template], "ods", &saved);
    let as_xlsx = tmp.path().join("saved-xlsx");
    fs::create_dir_all(&as_xlsx).unwrap();
    office.convert(&[&tiny, &cti], "xlsx", &as_xlsx);
    // The template LibreOffice saved is a valid (empty) model with every sheet and header.
    let empty = tmp.path().join("empty.toml");
    let base = fs::read_to_string(root().join("tests/fixtures/tiny/scenario.toml")).unwrap();
    fs::write(
        &empty,
        base.replace("model = \".\"", &format!("model = {:?}", saved.join("template.ods").to_str().unwrap())),
    )
    .unwrap();
    ok(&courtier(&["check", empty.to_str().unwrap()]));
    let cases = [
        ("tests/fixtures/tiny/scenario.toml", "tests/fixtures/tiny", saved.join("tiny.ods")),
        ("tests/fixtures/tiny/scenario.toml", "tests/fixtures/tiny", as_xlsx.join("tiny.xlsx")),
        ("scenarios/price-only.toml", "models/cti-2025", saved.join("cti-2025.ods")),
        ("scenarios/price-only.toml", "models/cti-2025", as_xlsx.join("cti-2025.xlsx")),
    ];
    for (scenario, model, book) in cases {
        let text = fs::read_to_string(root().join(scenario)).unwrap();
        let (from, _) = text.lines().map(|l| (l, ())).find(|(l, _)| l.starts_with("model = ")).unwrap();
        let sc = tmp.path().join("s.toml");
        fs::write(&sc, text.replace(from, &format!("model = {:?}", book.to_str().unwrap()))).unwrap();
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        ok(&courtier(&["solve", sc.to_str().unwrap(), "--out", a.path().to_str().unwrap()]));
        ok(&courtier(&["solve", scenario, "--out", b.path().to_str().unwrap()]));
        assert_eq!(
            fs::read(a.path().join("allocation.csv")).unwrap(),
            fs::read(b.path().join("allocation.csv")).unwrap(),
            "{}",
            book.display()
        );
        // And the CSV files come back byte for byte.
        let back = tempfile::tempdir().unwrap();
        ok(&courtier(&["import-model", book.to_str().unwrap(), back.path().to_str().unwrap(), "--force"]));
        for e in fs::read_dir(root().join(model)).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".csv") {
                assert_eq!(
                    fs::read(back.path().join(&name)).unwrap(),
                    fs::read(e.path()).unwrap(),
                    "{name} from {}",
                    book.display()
                );
            }
        }
    }
}
