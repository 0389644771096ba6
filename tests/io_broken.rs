//! Each folder of `tests/fixtures/broken` is the tiny model with one thing broken; loading it must report exactly
//! that problem, with its code, file, line and field.

use courtier::io::{self, codes, Diagnostic};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn render(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

/// (folder, code, file name, line, field)
type Case = (&'static str, &'static str, &'static str, Option<u64>, Option<&'static str>);

const CASES: &[Case] = &[
    ("bad-price-exponent", codes::BAD_AMOUNT, "estimates.csv", Some(4), Some("price")),
    ("bad-price-decimals", codes::BAD_AMOUNT, "estimates.csv", Some(5), Some("price")),
    ("negative-price", codes::AMOUNT_NOT_POSITIVE, "estimates.csv", Some(8), Some("price")),
    ("unknown-agency", codes::UNKNOWN_REFERENCE, "needs.csv", Some(4), Some("agency")),
    ("duplicate-need", codes::DUPLICATE, "needs.csv", Some(7), Some("id")),
    ("wrong-column-count", codes::FIELD_COUNT, "offers.csv", Some(3), None),
    ("missing-file", codes::MISSING_FILE, "suppliers.csv", None, None),
    ("reseller-as-provider", codes::WRONG_ROLE, "offers.csv", Some(5), Some("provider")),
    ("share-out-of-range", codes::OUT_OF_RANGE, "scenario.toml", Some(14), Some("spread.max_provider_share")),
    ("unknown-toml-key", codes::UNKNOWN_KEY, "scenario.toml", Some(19), Some("minimum_share")),
    ("weighted-without-ado", codes::WEIGHTED_WITHOUT_ADO, "scenario.toml", Some(5), Some("objective.basis")),
    ("term-over-36", codes::TERM_OVER_LIMIT, "scenario.toml", Some(9), Some("eligibility.max_term_months")),
];

#[test]
fn the_tiny_fixture_loads() {
    let loaded = io::load(&fixtures().join("tiny/scenario.toml")).unwrap_or_else(|d| panic!("{}", render(&d)));
    assert_eq!(loaded.model.world.needs.len(), 5);
    assert_eq!(loaded.model.files.len(), 7);
}

#[test]
fn every_need_of_the_tiny_fixture_has_estimates_from_two_providers() {
    let world = io::load_model(&fixtures().join("tiny")).unwrap().world;
    for (need, estimates) in world.estimates_by_need().iter().enumerate() {
        let mut providers: Vec<usize> = estimates.iter().map(|&e| world.provider_of(e)).collect();
        providers.sort();
        providers.dedup();
        assert!(providers.len() >= 2, "need {} has estimates from fewer than 2 providers", world.needs[need].id);
    }
}

#[test]
fn every_broken_fixture_reports_its_problem() {
    let mut failures = Vec::new();
    for &(folder, code, file, line, field) in CASES {
        let path = fixtures().join("broken").join(folder).join("scenario.toml");
        let diags = match io::load(&path) {
            Ok(_) => {
                failures.push(format!("{folder}: loaded without error"));
                continue;
            }
            Err(d) => d,
        };
        let ok = diags.len() == 1 && {
            let d = &diags[0];
            d.code == code && d.is_in(file) && d.line == line && d.field.as_deref() == field
        };
        if !ok {
            failures.push(format!(
                "{folder}: expected one {code} in {file} at line {line:?} field {field:?}, got:\n{}",
                render(&diags)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_broken_fixture_folder_is_tested() {
    let mut folders: Vec<String> = std::fs::read_dir(fixtures().join("broken"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut tested: Vec<String> = CASES.iter().map(|c| c.0.to_string()).collect();
    tested.sort();
    assert_eq!(folders, tested);
}

#[test]
fn diagnostics_render_for_people_and_as_json() {
    let path = fixtures().join("broken/bad-price-decimals/scenario.toml");
    let diags = io::load(&path).unwrap_err();
    let text = diags[0].to_string();
    assert!(text.starts_with("error[E104]: "), "{text}");
    assert!(text.contains("estimates.csv:5:3 (field `price`): `195500.505` has more than 2 decimal places"), "{text}");
    assert!(text.contains("\n  expected: an amount in CAD with at most 2 decimals, e.g. 125000.00"), "{text}");
    let json = serde_json::to_value(&diags).unwrap();
    assert_eq!(json[0]["code"], "E104");
    assert_eq!(json[0]["column"], 3);
}
