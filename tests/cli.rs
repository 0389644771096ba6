//! The binary, driven as a planner would: solve the example scenarios, write files, verify allocations, refuse
//! bad arguments with the documented exit codes.

mod common;

use common::{courtier, root, text};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn solve_into(scenario: &str, dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["solve", scenario, "--out", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    courtier(&args)
}

#[test]
fn solve_reference_writes_identical_files_on_every_run_and_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let out = solve_into("scenarios/reference.toml", &a, &["--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Status: optimal"), "{stdout}");
    assert!(stdout.contains("Total cost: $"), "{stdout}");
    assert!(stdout.contains("Needs with no eligible offer (5)"), "{stdout}");
    assert!(stdout.contains("N-0136"), "an art. 48 term dead end is listed: {stdout}");

    // Same scenario with HiGHS on two threads: a different search, the same published result.
    let scenario = fs::read_to_string(root().join("scenarios/reference.toml")).unwrap();
    let two_threads = tmp.path().join("reference.toml");
    let model = root().join("models/cti-2025");
    let rewritten =
        scenario.replace("model = \"../models/cti-2025\"", &format!("model = {:?}", model.display().to_string()));
    fs::write(&two_threads, format!("{rewritten}\n[solver]\nthreads = 2\n")).unwrap();
    let out = solve_into(two_threads.to_str().unwrap(), &b, &["--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(fs::read(a.join("allocation.csv")).unwrap(), fs::read(b.join("allocation.csv")).unwrap());

    let c = tmp.path().join("c");
    let out = solve_into("scenarios/reference.toml", &c, &[]);
    assert_eq!(out.status.code(), Some(0));
    // French by default, with French typography and money.
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Statut : optimale") && stdout.contains("Coût total : 49 442 859,92 $"), "{stdout}");
    for f in ["allocation.csv", "result.json"] {
        assert_eq!(fs::read(a.join(f)).unwrap(), fs::read(c.join(f)).unwrap(), "{f} differs between two runs");
    }

    let csv = fs::read_to_string(a.join("allocation.csv")).unwrap();
    assert!(csv.starts_with("need,agency,offer,provider,reseller,price,lowest_eligible_price,premium,tie_broken\n"));
    assert_eq!(csv.lines().count(), 1 + 295, "one row per servable need");
    let json: serde_json::Value = serde_json::from_slice(&fs::read(a.join("result.json")).unwrap()).unwrap();
    assert_eq!(json["summary"]["status"], "optimal");
    assert_eq!(json["summary"]["unserved"].as_array().unwrap().len(), 5);

    // The allocation passes the independent check.
    let out = courtier(&["verify", "scenarios/reference.toml", a.join("allocation.csv").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
}

/// Rewrite an allocation's rows with `edit` and return the path of the edited copy.
fn edited_allocation(dir: &Path, source: &Path, name: &str, edit: impl Fn(Vec<String>) -> Vec<String>) -> PathBuf {
    let csv = fs::read_to_string(source).unwrap();
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    let header = lines.remove(0);
    let mut out = vec![header];
    out.extend(edit(lines));
    let path = dir.join(name);
    fs::write(&path, out.join("\n") + "\n").unwrap();
    path
}

#[test]
fn verify_rejects_hand_broken_allocations_with_the_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let out = solve_into("scenarios/no-quebec-floor.toml", tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let good = tmp.path().join("allocation.csv");
    let check = |path: &Path| courtier(&["verify", "scenarios/no-quebec-floor.toml", path.to_str().unwrap()]);

    let twice = edited_allocation(tmp.path(), &good, "twice.csv", |mut rows| {
        rows.push(rows[0].clone());
        rows
    });
    let out = check(&twice);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stdout).contains("need N-0001 is awarded 2 times"), "{}", text(&out.stdout));

    // N-0032 holds personal information; this estimate would host it in ca-central.
    let ineligible = edited_allocation(tmp.path(), &good, "ineligible.csv", |mut rows| {
        rows.push("N-0032,CISSS-BSL,AZURITE-SAAS-CHAUDIERE,AZURITE,CHAUDIERE,1.00,1.00,0.00,false".into());
        rows
    });
    let out = check(&ineligible);
    assert_eq!(out.status.code(), Some(3));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("award of N-0032 to AZURITE-SAAS-CHAUDIERE is not eligible"), "{stdout}");
    assert!(stdout.contains("ca-central"), "{stdout}");

    let dropped = edited_allocation(tmp.path(), &good, "dropped.csv", |rows| rows[1..].to_vec());
    let out = check(&dropped);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stdout).contains("need N-0001 has eligible estimates but is not awarded"));

    // The price-only allocation breaks the reference's caps and floor.
    let p = tmp.path().join("price-only");
    assert_eq!(solve_into("scenarios/price-only.toml", &p, &[]).status.code(), Some(0));
    let out = courtier(&["verify", "scenarios/reference.toml", p.join("allocation.csv").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("provider NIMBUS holds"), "{stdout}");
    assert!(stdout.contains("above the cap of 40.00 % (P2)"), "{stdout}");
    assert!(stdout.contains("below the floor of 20.00 % (P3)"), "{stdout}");
}

#[test]
fn write_model_names_rows_and_columns_readably() {
    let tmp = tempfile::tempdir().unwrap();
    let mps_names = [
        "need[N-0001]",
        "spread.max_share[provider=NIMBUS]",
        "spread.min_providers",
        "capacity[supplier=NORDET,unit=migration_days]",
        "x[N-0001,AZURITE-PAAS-LATTICE]",
    ];
    // The LP format forbids brackets, `=` and `-` in names: the same names, spelled with legal characters.
    let lp_names = [
        "need(N_0001)",
        "spread.max_share(provider.NIMBUS)",
        "spread.min_providers",
        "capacity(supplier.NORDET,unit.migration_days)",
        "x(N_0001,AZURITE_PAAS_LATTICE)",
    ];
    for (ext, names) in [("mps", mps_names), ("lp", lp_names)] {
        let path = tmp.path().join(format!("reference.{ext}"));
        let out = courtier(&["solve", "scenarios/no-quebec-floor.toml", "--write-model", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let model = fs::read_to_string(&path).unwrap();
        for name in names {
            assert!(model.contains(name), "{ext} lacks {name}");
        }
    }
    let out = courtier(&["solve", "scenarios/reference.toml", "--write-model", "model.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("hint:"));
}

#[test]
fn an_infeasible_policy_is_a_result_with_its_own_exit_code() {
    let tmp = tempfile::tempdir().unwrap();
    let model = root().join("models/cti-2025");
    let scenario = tmp.path().join("impossible.toml");
    fs::write(
        &scenario,
        format!(
            "model = {:?}\ndescription = \"Six providers, none above 10 %: impossible.\"\n[spread]\nenabled = true\nmax_provider_share = 0.10\n",
            model.display().to_string()
        ),
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    let out = solve_into(scenario.to_str().unwrap(), &out_dir, &["--lang", "en"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Status: infeasible"));
    let json: serde_json::Value = serde_json::from_slice(&fs::read(out_dir.join("result.json")).unwrap()).unwrap();
    assert_eq!(json["summary"]["status"], "infeasible");
}

#[test]
fn a_failed_write_leaves_no_partial_files() {
    let tmp = tempfile::tempdir().unwrap();
    // `out` is a file, so the folder cannot be created.
    let blocker = tmp.path().join("out");
    fs::write(&blocker, "not a folder").unwrap();
    let out = solve_into("scenarios/price-only.toml", &blocker, &[]);
    // An output path that cannot be written is the user's input (2), with the system's reason.
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("could not write results") && text(&out.stderr).contains("os error"));
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1, "nothing but the blocker");
}

#[test]
fn check_validates_the_examples() {
    for s in ["price-only", "reference", "no-quebec-floor", "strict-spread"] {
        let out = courtier(&["check", &format!("scenarios/{s}.toml")]);
        assert_eq!(out.status.code(), Some(0), "{s}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains("valid. 43 agencies, 18 suppliers, 43 offers, 300 needs"));
        assert!(text(&out.stderr).contains("5 needs have no eligible estimate"));
    }
}

#[test]
fn a_missing_scenario_is_bad_input() {
    let out = courtier(&["solve", "scenarios/does-not-exist.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("does-not-exist.toml"));
}

#[test]
fn the_written_model_resolves_to_the_same_cost_in_plain_highs() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("model.mps");
    let out = solve_into(
        "scenarios/no-quebec-floor.toml",
        &tmp.path().join("out"),
        &["--write-model", path.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(tmp.path().join("out/result.json")).unwrap()).unwrap();
    let total: f64 = json["summary"]["total_cost"].as_str().unwrap().parse().unwrap();
    let file = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a fresh HiGHS instance, used and destroyed here; option strings are NUL-terminated.
    let objective = unsafe {
        let h = highs_sys::Highs_create();
        highs_sys::Highs_setBoolOptionValue(h, c"output_flag".as_ptr(), 0);
        assert_eq!(highs_sys::Highs_readModel(h, file.as_ptr()), 0, "HiGHS reads the MPS file");
        assert_eq!(highs_sys::Highs_run(h), 0);
        let v = highs_sys::Highs_getObjectiveValue(h);
        highs_sys::Highs_destroy(h);
        v
    };
    assert!((objective - total).abs() < 0.01, "plain HiGHS finds {objective}, courtier reported {total}");
}

#[test]
fn explain_answers_why_for_one_need_all_needs_and_a_supplier() {
    // Under the reference without the floor, N-0005 does not go to its cheapest offer (NIMBUS-PAAS-HALYARD).
    let out = courtier(&["explain", "scenarios/no-quebec-floor.toml", "--need", "N-0005", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("### N-0005"), "{stdout}");
    assert!(stdout.contains("ADO required"), "{stdout}");
    assert!(stdout.contains("Awarding to NIMBUS-PAAS-HALYARD"), "{stdout}");
    assert!(stdout.contains("(P2)"), "{stdout}");
    assert!(stdout.contains("re-optimised with this offer: +$"), "{stdout}");

    let tmp = tempfile::tempdir().unwrap();
    let out = courtier(&[
        "explain",
        "scenarios/no-quebec-floor.toml",
        "--all",
        "--swap-only",
        "--out",
        tmp.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = fs::read_to_string(tmp.path().join("explanations.md")).unwrap();
    assert!(md.starts_with("# Explications des attributions — no-quebec-floor"), "French by default");
    assert!(md.contains("## Attributions qui exigent une ADO (art. 48)"));
    assert!(md.contains("P2 répartition coûte"));
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(tmp.path().join("explanations.json")).unwrap()).unwrap();
    assert_eq!(json["needs"].as_array().unwrap().len(), 300);
    assert_eq!(json["diagnosis"]["dead_ends"].as_array().unwrap().len(), 5);
    let audit: serde_json::Value = serde_json::from_slice(&fs::read(tmp.path().join("audit.json")).unwrap()).unwrap();
    assert!(audit["audit"]["highs_version"].as_str().unwrap().starts_with("1."));
    assert_eq!(audit["audit"]["inputs"].as_array().unwrap().len(), 8, "the scenario and the model's 7 files");

    let out = courtier(&["explain", "tests/fixtures/tiny/scenario.toml", "--supplier", "AWS", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("# Supplier debrief — Cumulus Compute Canada (fictive) (AWS)"), "{stdout}");
    assert!(stdout.contains("Bids: 3; won: 2; awarded value: $518,000.00"), "{stdout}");
    assert!(
        stdout.contains("| N-003 | O-AWS-IAAS | $610,000.00 | 2 / 2 | would have won at ≤ $568,499.49 |"),
        "{stdout}"
    );

    let out = courtier(&["explain", "scenarios/no-quebec-floor.toml", "--supplier", "NOPE"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("hint: one of"));
}

#[test]
fn verify_checks_a_result_against_its_input_hashes() {
    let tmp = tempfile::tempdir().unwrap();
    // A private copy of the model and scenario, so one input can be edited after solving.
    let model = tmp.path().join("models/cti-2025");
    fs::create_dir_all(&model).unwrap();
    for f in fs::read_dir(root().join("models/cti-2025")).unwrap() {
        let f = f.unwrap();
        fs::copy(f.path(), model.join(f.file_name())).unwrap();
    }
    fs::create_dir_all(tmp.path().join("scenarios")).unwrap();
    let scenario = tmp.path().join("scenarios/price-only.toml");
    fs::copy(root().join("scenarios/price-only.toml"), &scenario).unwrap();
    let out_dir = tmp.path().join("out");
    assert_eq!(solve_into(scenario.to_str().unwrap(), &out_dir, &[]).status.code(), Some(0));
    let result = out_dir.join("result.json");
    let out = courtier(&["verify", scenario.to_str().unwrap(), result.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));

    let caps = fs::read_to_string(model.join("capacities.csv")).unwrap();
    fs::write(model.join("capacities.csv"), caps.replace("NORDET,migration_days,220", "NORDET,migration_days,221"))
        .unwrap();
    let out = courtier(&["verify", scenario.to_str().unwrap(), result.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stdout).contains("capacities.csv has changed since the result was computed"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn compare_and_sweep_write_their_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let out = courtier(&[
        "compare",
        "scenarios/price-only.toml",
        "scenarios/no-quebec-floor.toml",
        "--out",
        tmp.path().to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Largest provider share")
            && stdout.contains("73.6% (NIMBUS)")
            && stdout.contains("40.0% (NIMBUS)"),
        "{stdout}"
    );
    for f in ["comparison.md", "comparison.csv", "comparison.json", "report.html"] {
        assert!(tmp.path().join(f).exists(), "{f}");
    }
    let out = courtier(&[
        "compare",
        "scenarios/price-only.toml",
        "scenarios/no-quebec-floor.toml",
        "--format",
        "csv",
        "--redact",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("Scénario,Statut,Coût total"));

    let s = tmp.path().join("sweep");
    let out = courtier(&[
        "sweep",
        "scenarios/no-quebec-floor.toml",
        "--param",
        "spread.max_provider_share=0.3..0.5:0.1",
        "--out",
        s.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let csv = fs::read_to_string(s.join("sweep.csv")).unwrap();
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(fs::read_to_string(s.join("report.html")).unwrap().contains("id=\"sweep-chart\""));

    let out = courtier(&["sweep", "scenarios/reference.toml", "--param", "quebec.floor=0..1:0.1"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("unknown parameter `quebec.floor`") && stderr.contains("hint: parameters that can be swept"),
        "{stderr}"
    );
}

#[test]
fn what_if_scenarios_extend_the_reference_and_change_the_model() {
    // Prices up 10 %: every estimate is scaled exactly, to the cent; the allocation is the reference's.
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("ref"), tmp.path().join("up"));
    assert_eq!(solve_into("scenarios/reference.toml", &a, &[]).status.code(), Some(0));
    let out = solve_into("scenarios/prices-up-10.toml", &b, &["--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rows = |d: &Path| -> Vec<Vec<String>> {
        fs::read_to_string(d.join("allocation.csv"))
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    };
    let (ra, rb) = (rows(&a), rows(&b));
    assert_eq!(ra.len(), rb.len());
    for (x, y) in ra.iter().zip(&rb) {
        assert_eq!(x[..5], y[..5], "same awards");
        let p: rust_decimal::Decimal = x[5].parse().unwrap();
        let q: rust_decimal::Decimal = y[5].parse().unwrap();
        let scaled = (p * rust_decimal::Decimal::new(110, 2))
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        assert_eq!(q, scaled);
    }
    // The audit lists the base scenario too.
    let json: serde_json::Value = serde_json::from_slice(&fs::read(b.join("result.json")).unwrap()).unwrap();
    let inputs: Vec<&str> =
        json["audit"]["inputs"].as_array().unwrap().iter().map(|i| i["path"].as_str().unwrap()).collect();
    assert_eq!(&inputs[..2], &["prices-up-10.toml", "reference.toml"]);

    // Nimbus leaves: its offers go; check says so in figures.
    let out = courtier(&["check", "scenarios/nimbus-exits.toml"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("17 suppliers, 32 offers"), "{}", text(&out.stdout));

    // Overrides apply on top of the base.
    let out = courtier(&["solve", "scenarios/quebec-floor-30.toml", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("Quebec firms' share: 30.0%"), "{}", text(&out.stdout));
}

#[test]
fn broken_extends_and_what_ifs_are_located() {
    let tmp = tempfile::tempdir().unwrap();
    let model = root().join("models/cti-2025");
    let write = |name: &str, body: &str| {
        let p = tmp.path().join(name);
        fs::write(&p, body).unwrap();
        p
    };
    write("a.toml", "extends = \"b.toml\"\ndescription = \"A.\"\n");
    let b = write(
        "b.toml",
        &format!("extends = \"a.toml\"\nmodel = {:?}\ndescription = \"B.\"\n", model.display().to_string()),
    );
    let out = courtier(&["check", b.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error[E313]") && stderr.contains("`extends` loops"), "{stderr}");

    let c = write("c.toml", "extends = \"missing.toml\"\ndescription = \"C.\"\n");
    let out = courtier(&["check", c.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("c.toml:1:11 (field `extends`): cannot read the base scenario"),
        "{}",
        text(&out.stderr)
    );

    let base = write(
        "base.toml",
        &format!(
            "model = {:?}\ndescription = \"Base.\"\n[spread]\nmax_provider_share = 0.4\n",
            model.display().to_string()
        ),
    );
    let _ = base;
    let d =
        write("d.toml", "extends = \"base.toml\"\ndescription = \"D.\"\n\n[whatif]\nremove_suppliers = [\"NOBODY\"]\n");
    let out = courtier(&["check", d.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("error[E314]")
            && text(&out.stderr).contains("supplier `NOBODY` is not in the model"),
        "{}",
        text(&out.stderr)
    );

    // A bad value in the extending file is reported in that file, at its line.
    let e = write("e.toml", "extends = \"base.toml\"\ndescription = \"E.\"\n\n[spread]\nmax_provider_share = 1.4\n");
    let out = courtier(&["check", e.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("e.toml:5:22 (field `spread.max_provider_share`)"), "{}", text(&out.stderr));
}

#[test]
fn a_what_if_can_add_a_need_with_its_estimates() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("added.toml");
    let base = root().join("scenarios/price-only.toml");
    let body = |price: &str| {
        format!(
            "extends = {:?}\ndescription = \"A telehealth need added.\"\n\n[[whatif.add_needs]]\nid = \"N-0901\"\nagency = \"MSSS\"\ntitle = \"Plateforme de télésanté\"\ncategory = \"SaaS\"\npersonal_info = true\nterm_months = 36\nestimates = [\n  {{ offer = \"BOREAL-SAAS-BOREAL\", price = \"{price}\", region = \"qc\", migration_days = 30 }},\n  {{ offer = \"AZURITE-SAAS-CHAUDIERE\", price = \"365000.00\", region = \"qc\" }},\n]\n",
            base.display().to_string()
        )
    };
    fs::write(&scenario, body("412000.00")).unwrap();
    let out = courtier(&["check", scenario.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("301 needs, 1637 estimates"), "{}", text(&out.stdout));
    let dir = tmp.path().join("out");
    assert_eq!(solve_into(scenario.to_str().unwrap(), &dir, &[]).status.code(), Some(0));
    let csv = fs::read_to_string(dir.join("allocation.csv")).unwrap();
    assert!(
        csv.contains("N-0901,MSSS,AZURITE-SAAS-CHAUDIERE,AZURITE,CHAUDIERE,365000.00"),
        "the cheaper estimate wins"
    );

    fs::write(&scenario, body("12.345")).unwrap();
    let out = courtier(&["check", scenario.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    // Judged by the validator of estimates.csv's price column, with its code.
    assert!(text(&out.stderr).contains("error[E104]") && text(&out.stderr).contains("12.345"), "{}", text(&out.stderr));
}

#[test]
fn shuffling_every_input_files_rows_changes_no_byte_of_the_allocation() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("models/cti-2025");
    fs::create_dir_all(&model).unwrap();
    for f in fs::read_dir(root().join("models/cti-2025")).unwrap() {
        let f = f.unwrap();
        let name = f.file_name().to_string_lossy().into_owned();
        let body = fs::read_to_string(f.path()).unwrap();
        let body = if name.ends_with(".csv") {
            // Header first, then the rows in a scrambled order (by a stride through the file).
            let mut lines: Vec<&str> = body.lines().collect();
            let header = lines.remove(0);
            let n = lines.len();
            let order: Vec<usize> = (0..n).map(|i| (i * 7919) % n.max(1)).collect();
            let mut seen = vec![false; n];
            let mut shuffled = vec![header.to_string()];
            for i in order.into_iter().chain(0..n) {
                if !seen[i] {
                    seen[i] = true;
                    shuffled.push(lines[i].to_string());
                }
            }
            shuffled.join("\n") + "\n"
        } else {
            body
        };
        fs::write(model.join(&name), body).unwrap();
    }
    fs::create_dir_all(tmp.path().join("scenarios")).unwrap();
    let scenario = tmp.path().join("scenarios/no-quebec-floor.toml");
    fs::copy(root().join("scenarios/no-quebec-floor.toml"), &scenario).unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert_eq!(solve_into("scenarios/no-quebec-floor.toml", &a, &[]).status.code(), Some(0));
    assert_eq!(solve_into(scenario.to_str().unwrap(), &b, &[]).status.code(), Some(0));
    assert_ne!(
        fs::read(root().join("models/cti-2025/estimates.csv")).unwrap(),
        fs::read(model.join("estimates.csv")).unwrap()
    );
    assert_eq!(fs::read(a.join("allocation.csv")).unwrap(), fs::read(b.join("allocation.csv")).unwrap());
}

#[test]
fn a_model_file_ending_in_gz_is_the_same_model_compressed() {
    use std::io::Read;
    let tmp = tempfile::tempdir().unwrap();
    let plain = tmp.path().join("reference.lp");
    let packed = tmp.path().join("reference.lp.gz");
    for path in [&plain, &packed] {
        let out = courtier(&["solve", "scenarios/no-quebec-floor.toml", "--write-model", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    let bytes = fs::read(&packed).unwrap();
    assert_eq!(bytes[..2], [0x1f, 0x8b], "a gzip stream");
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut unpacked).unwrap();
    assert_eq!(unpacked, fs::read(&plain).unwrap(), "the same LP file once decompressed");
    assert!(bytes.len() * 4 < unpacked.len(), "{} bytes compressed from {}", bytes.len(), unpacked.len());
    // Nothing else is left in the folder (the plain file HiGHS wrote is removed once compressed).
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 2);
}
