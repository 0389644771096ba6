//! Regression tests for issue 7 (hardening), driving the binary with hostile inputs and environments: closed
//! pipes, full devices, special files, huge or deep inputs, outputs that would overwrite inputs. Each test is
//! named after the defect it pins; none is timed (the linear-time tests use sizes that would take minutes if the
//! step were quadratic).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn courtier() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_courtier"));
    c.current_dir(root());
    c
}

fn run(args: &[&str]) -> Output {
    courtier().args(args).output().expect("binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A temporary copy of the tiny fixture (model and scenario).
fn tiny_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(root().join("tests/fixtures/tiny")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Run with stdout connected to a pipe whose reading end is already closed: every write fails with EPIPE.
fn with_closed_stdout(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let child = courtier().args(args).stdout(writer).stderr(Stdio::piped()).spawn().unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_stdout_pipe_ends_quietly_with_the_commands_exit_code() {
    for args in [
        &["explain", "scenarios/price-only.toml", "--all", "--swap-only"][..],
        &["compare", "tests/fixtures/tiny/scenario.toml", "--format", "html"][..],
        &["check", "tests/fixtures/tiny/scenario.toml"][..],
    ] {
        let out = with_closed_stdout(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "{args:?} printed: {}", text(&out.stderr));
    }
}

#[test]
fn a_closed_stdout_pipe_still_writes_the_files_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let out = with_closed_stdout(&["solve", "tests/fixtures/tiny/scenario.toml", "--out", s(tmp.path())]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(tmp.path().join("allocation.csv").is_file());
}

#[test]
fn a_full_stdout_device_is_a_clear_error_with_exit_1() {
    let full = fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = courtier()
        .args(["solve", "tests/fixtures/tiny/scenario.toml"])
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write to standard output: No space left on device"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Run `check` on a scenario file written into `dir`.
fn check_text(dir: &Path, name: &str, scenario: &str) -> Output {
    let path = dir.join(name);
    fs::write(&path, scenario).unwrap();
    run(&["check", s(&path)])
}

fn assert_refused(out: &Output, code: &str, located: &str) -> String {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("error[{code}]: ")), "expected {code}: {stderr}");
    assert!(stderr.contains(located), "expected `{located}` in: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn chained_price_scalings_that_overflow_are_a_located_error_not_a_panic() {
    let dir = tiny_copy();
    let body = "extends = \"scenario.toml\"\ndescription = \"x\"\n\n[[whatif.scale_prices]]\nfactor = 1e15\n\n\
                [[whatif.scale_prices]]\nfactor = 1e15\n";
    let out = check_text(dir.path(), "overflow.toml", body);
    let stderr = assert_refused(&out, "E315", "overflow.toml:4:1 (field `whatif.scale_prices`)");
    assert!(stderr.contains("1000000000000.00"), "the message names the maximum: {stderr}");
    // A scaling that stays within the maximum is still applied.
    let out = check_text(
        dir.path(),
        "ok.toml",
        "extends = \"scenario.toml\"\ndescription = \"x\"\n\n[[whatif.scale_prices]]\nfactor = 1000\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_price_above_the_maximum_is_refused_by_check_and_the_maximum_solves() {
    let dir = tiny_copy();
    let estimates = fs::read_to_string(dir.path().join("estimates.csv")).unwrap();
    fs::write(dir.path().join("estimates.csv"), estimates.replacen("420000.00", "79228162514264337593543950335", 1))
        .unwrap();
    let out = run(&["check", s(&dir.path().join("scenario.toml"))]);
    assert_refused(&out, "E113", "estimates.csv:2:3 (field `price`)");
    fs::write(dir.path().join("estimates.csv"), estimates.replacen("420000.00", "1000000000000.00", 1)).unwrap();
    let out = run(&["solve", s(&dir.path().join("scenario.toml")), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn solver_threads_are_bounded_and_the_bound_is_said() {
    let dir = tiny_copy();
    let out = check_text(dir.path(), "t.toml", "model = \".\"\ndescription = \"d\"\n[solver]\nthreads = 1000000\n");
    let stderr = assert_refused(&out, "E305", "t.toml:4:11 (field `solver.threads`)");
    assert!(stderr.contains("from 1 to 64"), "{stderr}");
}

#[test]
fn a_seed_beyond_64_bits_names_its_field_and_the_maximum() {
    let dir = tiny_copy();
    let out = check_text(
        dir.path(),
        "seed.toml",
        "model = \".\"\ndescription = \"d\"\n\n[tiebreak]\nseed = 9223372036854775808\n",
    );
    let stderr = assert_refused(&out, "E305", "seed.toml:5:8 (field `tiebreak.seed`)");
    assert!(stderr.contains("9223372036854775807"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn special_files_are_refused_before_they_are_read() {
    let dir = tiny_copy();
    // A FIFO as agencies.csv: nothing ever writes it; reading it would wait forever.
    fs::remove_file(dir.path().join("agencies.csv")).unwrap();
    let status = Command::new("mkfifo").arg(dir.path().join("agencies.csv")).status().unwrap();
    assert!(status.success());
    let out = run(&["check", s(&dir.path().join("scenario.toml"))]);
    let stderr = assert_refused(&out, "E009", "agencies.csv");
    assert!(stderr.contains("named pipe"), "{stderr}");
    // A base scenario that is a device.
    let out = check_text(dir.path(), "dev.toml", "extends = \"/dev/urandom\"\ndescription = \"d\"\n");
    let stderr = assert_refused(&out, "E313", "dev.toml:1:11 (field `extends`)");
    assert!(stderr.contains("a device"), "{stderr}");
    // A device as a model file, and as the scenario itself.
    let dir = tiny_copy();
    fs::remove_file(dir.path().join("estimates.csv")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("estimates.csv")).unwrap();
    let out = run(&["check", s(&dir.path().join("scenario.toml"))]);
    assert_refused(&out, "E009", "estimates.csv");
    let out = run(&["check", "/dev/zero"]);
    assert_refused(&out, "E009", "/dev/zero");
}

#[test]
fn a_model_file_above_the_size_limit_is_refused() {
    let dir = tiny_copy();
    let mut big = fs::read_to_string(dir.path().join("capacities.csv")).unwrap();
    let row = "NUAGIQ,vcpu,1\n";
    big.push_str(&row.repeat((32 * 1024 * 1024) / row.len() + 1));
    fs::write(dir.path().join("capacities.csv"), big).unwrap();
    let out = run(&["check", s(&dir.path().join("scenario.toml"))]);
    let stderr = assert_refused(&out, "E009", "capacities.csv");
    assert!(stderr.contains("32 MiB"), "{stderr}");
}

/// Write a chain of `n` scenarios, each extending the previous one; the last is returned.
fn chain(dir: &Path, n: usize) -> PathBuf {
    fs::write(dir.join("base0.toml"), "model = \".\"\ndescription = \"base\"\n").unwrap();
    for i in 1..=n {
        fs::write(
            dir.join(format!("base{i}.toml")),
            format!("extends = \"base{}.toml\"\ndescription = \"{i}\"\n", i - 1),
        )
        .unwrap();
    }
    dir.join(format!("base{n}.toml"))
}

#[test]
fn an_extends_chain_deeper_than_the_limit_is_refused_quickly() {
    // 5,000 files never finished before (each step compared the base with every file of the chain).
    let dir = tiny_copy();
    let last = chain(dir.path(), 5000);
    let out = run(&["check", s(&last)]);
    let stderr = assert_refused(&out, "E316", "(field `extends`)");
    assert!(stderr.contains("deeper than 32"), "{stderr}");
    // A chain at the limit loads.
    let dir = tiny_copy();
    let last = chain(dir.path(), 32);
    let out = run(&["check", s(&last)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn junk_rows_are_read_in_linear_time_and_listed_up_to_the_limit() {
    // 200,000 junk rows took 20 s and 1,000,000 never ended (one system call per piece of each message).
    let dir = tiny_copy();
    let mut capacities = fs::read_to_string(dir.path().join("capacities.csv")).unwrap();
    for i in 0..300_000 {
        capacities.push_str(&format!("JUNK{i},u{i},{i}\n"));
    }
    fs::write(dir.path().join("capacities.csv"), capacities).unwrap();
    let out = run(&["check", s(&dir.path().join("scenario.toml"))]);
    let stderr = assert_refused(&out, "E202", "capacities.csv:3:1 (field `supplier`)");
    assert!(stderr.contains("error[E010]"), "the listing stops at the limit: {}", &stderr[stderr.len() - 500..]);
    assert!(stderr.ends_with("1001 problems found\n"), "{}", &stderr[stderr.len() - 300..]);
    // Rows that break several cells each are cut off at the limit while reading.
    let dir = tiny_copy();
    let junk = ",,\n".repeat(300_000);
    fs::write(dir.path().join("capacities.csv"), format!("supplier,unit,limit\n{junk}")).unwrap();
    let out = run(&["check", s(&dir.path().join("scenario.toml"))]);
    assert_refused(&out, "E010", "capacities.csv");
}

#[test]
fn write_model_never_overwrites_an_input() {
    let dir = tiny_copy();
    let scenario = fs::read_to_string(dir.path().join("scenario.toml")).unwrap();
    // The scenario itself named policy.lp, and a base scenario, given through another spelling of their path.
    fs::write(dir.path().join("policy.lp"), &scenario).unwrap();
    let policy = dir.path().join("policy.lp");
    let out = run(&["solve", s(&policy), "--write-model", s(&policy)]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("is an input of this run"), "{}", text(&out.stderr));
    assert_eq!(fs::read_to_string(&policy).unwrap(), scenario);
    fs::write(dir.path().join("base.mps"), &scenario).unwrap();
    fs::write(dir.path().join("child.toml"), "extends = \"base.mps\"\ndescription = \"d\"\n").unwrap();
    let sneaky = dir.path().join("sub/../base.mps");
    fs::create_dir(dir.path().join("sub")).unwrap();
    let out = run(&["solve", s(&dir.path().join("child.toml")), "--write-model", s(&sneaky)]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(fs::read_to_string(dir.path().join("base.mps")).unwrap(), scenario);
    // --out into the model folder is fine (its files are not inputs), and leaves no temporary file.
    let out = run(&["solve", s(&dir.path().join("scenario.toml")), "--write-model", s(&dir.path().join("m.mps"))]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mps = fs::read_to_string(dir.path().join("m.mps")).unwrap();
    assert!(mps.trim_end().ends_with("ENDATA"));
    assert!(fs::read_dir(dir.path()).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().contains(".tmp")));
}

#[test]
fn unwritable_outputs_are_bad_input_with_the_os_reason() {
    let dir = tiny_copy();
    let scenario = dir.path().join("scenario.toml");
    let under_a_file = dir.path().join("estimates.csv/out");
    let out = run(&["solve", s(&scenario), "--out", s(&under_a_file)]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("Not a directory"), "{}", text(&out.stderr));
    let out = run(&["solve", s(&scenario), "--write-model", "/nonexistent-courtier/m.mps"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("No such file or directory"), "{}", text(&out.stderr));
    let out = run(&["compare", s(&scenario), "--out", s(&under_a_file)]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn temporary_files_of_killed_runs_are_cleaned_on_the_next_run() {
    let dir = tiny_copy();
    let out_dir = dir.path().join("out");
    fs::create_dir(&out_dir).unwrap();
    // What a SIGKILL between write and rename leaves: our pattern with a process id no longer alive.
    let stale = out_dir.join(format!(".allocation.csv.{}.0.tmp", i32::MAX - 1));
    let alive = out_dir.join(format!(".result.json.{}.0.tmp", std::process::id()));
    let other = out_dir.join(".notes.tmp");
    for f in [&stale, &alive, &other] {
        fs::write(f, "x").unwrap();
    }
    let out = run(&["solve", s(&dir.path().join("scenario.toml")), "--out", s(&out_dir)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!stale.exists(), "the stale temporary file is removed");
    assert!(alive.exists() && other.exists(), "a live process's file and others' files are kept");
}

const ADD_NEED: &str = "extends = \"scenario.toml\"\ndescription = \"x\"\n\n[[whatif.add_needs]]\nid = \"N-X\"\n\
                        agency = \"MCN\"\ntitle = \"t\"\ncategory = \"IaaS\"\nterm_months = 12\n";

#[test]
fn an_added_need_accepts_what_the_csv_files_accept() {
    let dir = tiny_copy();
    // Any unit the model has a capacity in, the estimate's term and the four scores.
    fs::write(dir.path().join("capacities.csv"), "supplier,unit,limit\nNUAGIQ,migration_days,120\nAWS,vcpu,64\n")
        .unwrap();
    let body = format!(
        "{ADD_NEED}estimates = [\n  {{ offer = \"O-AWS-IAAS\", price = \"100.00\", region = \"qc\", vcpu = 7, \
         term_months = 24, compatibility = 80, accessibility = 70.5, performance = 90, support = 60 }},\n  \
         {{ offer = \"O-QC-IAAS\", price = \"90.00\", region = \"qc\", migration_days = 3 }},\n]\n"
    );
    let out = check_text(dir.path(), "add.toml", &body);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A unit without capacity is refused as consumption.csv refuses it.
    let body =
        format!("{ADD_NEED}estimates = [{{ offer = \"O-AWS-IAAS\", price = \"100.00\", region = \"qc\", ram = 7 }}]\n");
    let out = check_text(dir.path(), "unit.toml", &body);
    assert_refused(&out, "E206", "unit.toml:4:1 (field `whatif.add_needs`)");
    let consumption = fs::read_to_string(dir.path().join("consumption.csv")).unwrap();
    fs::write(dir.path().join("consumption.csv"), format!("{consumption}N-002,O-MSFT-PAAS,ram,1\n")).unwrap();
    let out = run(&["check", s(&dir.path().join("scenario.toml"))]);
    assert_refused(&out, "E206", "consumption.csv:5:3 (field `unit`)");
}

#[test]
fn ids_and_values_in_what_ifs_go_through_the_csv_validators() {
    let dir = tiny_copy();
    let cases = [
        (
            "[[whatif.capacities]]\nsupplier = \"NUAGIQ\"\nunit = \"mig days\"\nlimit = 3\n",
            "E102",
            ":6:8 (field `whatif.capacities.unit`)",
        ),
        ("[whatif]\nremove_suppliers = [\"NU AGIQ\"]\n", "E102", ":5:21 (field `whatif.remove_suppliers`)"),
    ];
    for (i, (what, code, at)) in cases.iter().enumerate() {
        let out = check_text(
            dir.path(),
            &format!("w{i}.toml"),
            &format!("extends = \"scenario.toml\"\ndescription = \"x\"\n\n{what}"),
        );
        assert_refused(&out, code, at);
    }
    let add = |extra: &str, estimate: &str| {
        format!(
            "{}{extra}estimates = [{{ offer = \"O-AWS-IAAS\", region = \"qc\", {estimate} }}]\n",
            ADD_NEED.replace("N-X", "N X")
        )
    };
    let out = check_text(dir.path(), "id.toml", &add("", "price = \"100.00\""));
    assert_refused(&out, "E102", "id.toml:5:6 (field `whatif.add_needs.id`)");
    let fixed = |t: String| t.replace("N X", "N-X");
    for (estimate, code) in [
        ("price = \"0.00\"", "E105"),
        ("price = \"1.005\"", "E104"),
        ("price = \"1000000000000.01\"", "E113"),
        ("price = \"1.00\", term_months = 0", "E108"),
        ("price = \"1.00\", compatibility = 101, accessibility = 1, performance = 1, support = 1", "E110"),
        ("price = \"1.00\", compatibility = 1", "E111"),
        ("price = \"1.00\", migration_days = -1", "E112"),
    ] {
        let out = check_text(dir.path(), "v.toml", &fixed(add("", estimate)));
        assert_refused(&out, code, "v.toml:10:13 (field `whatif.add_needs.estimates`)");
    }
}
