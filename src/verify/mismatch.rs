//! Values a file states about an allocation compared with the values recomputed from the inputs: every cell of an
//! `allocation.csv`, every field of a `result.json`, and the audit record's list of input files. A difference is a
//! [`Mismatch`] naming the row, the column, the value read and the value recomputed.

use crate::explain::audit::InputHash;
use crate::report::allocation_csv::{self, HEADER};
use crate::summary::AwardLine;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

/// Written in place of a value that is not there.
pub const ABSENT: &str = "(absent)";

/// One value read that differs from the value recomputed from the inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// Where: `line 5 (need N-0004)` in a CSV, `summary.awards[need=N-0004]` in a JSON file.
    pub row: String,
    /// The column or field.
    pub column: String,
    /// The value read ([`ABSENT`] when the file lacks it).
    pub read: String,
    /// The value recomputed from the inputs ([`ABSENT`] when the inputs give none).
    pub recomputed: String,
    /// What the difference means, when more can be said than the two values.
    pub note: Option<String>,
}

impl Mismatch {
    /// A mismatch without a note.
    pub fn new(row: &str, column: &str, read: impl Into<String>, recomputed: impl Into<String>) -> Self {
        Mismatch {
            row: row.into(),
            column: column.into(),
            read: read.into(),
            recomputed: recomputed.into(),
            note: None,
        }
    }

    /// Say what the difference means.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

/// How a column of `allocation.csv` is compared.
fn same_cell(column: &str, read: &str, recomputed: &str) -> bool {
    match column {
        // Money: the same amount, whatever the trailing zeros a spreadsheet kept (`64000` is `64000.00`).
        "price" | "lowest_eligible_price" | "premium" => {
            matches!((Decimal::from_str(read), Decimal::from_str(recomputed)), (Ok(a), Ok(b)) if a == b)
        }
        // Spreadsheets write booleans in capitals.
        "tie_broken" => read.eq_ignore_ascii_case(recomputed),
        _ => read == recomputed,
    }
}

/// Compare the cells read on one row of an allocation (`(column, text)` pairs, `need` and `offer` included) with
/// the row [`allocation_csv::render`] writes for the recomputed award. Columns in `skip` are not compared.
pub fn compare_row(row: &str, read: &[(&str, &str)], expected: &AwardLine, skip: &[&str]) -> Vec<Mismatch> {
    let cells = allocation_csv::record(expected);
    read.iter()
        .filter(|(column, _)| !skip.contains(column))
        .filter_map(|&(column, text)| {
            let i = HEADER.iter().position(|h| *h == column)?;
            (!same_cell(column, text, &cells[i])).then(|| Mismatch::new(row, column, text, cells[i].as_str()))
        })
        .collect()
}

/// The list of input files a result records, compared with the files the scenario reads: a file that changed, a
/// file missing from the record, and a path that is not one of the scenario's inputs (refused: never opened).
pub fn compare_inputs(read: Option<&Value>, expected: &[InputHash]) -> Vec<Mismatch> {
    let row = "audit.inputs";
    let listed = match read {
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| match (i.get("path").and_then(Value::as_str), i.get("sha256").and_then(Value::as_str)) {
                (Some(path), Some(sha256)) if i.as_object().is_some_and(|o| o.len() == 2) => Some((path, sha256)),
                _ => None,
            })
            .collect::<Option<Vec<_>>>(),
        _ => None,
    };
    let Some(listed) = listed else {
        let read = read.map_or(ABSENT.to_string(), short);
        return vec![Mismatch::new(row, "(list)", read, short(&serde_json::to_value(expected).unwrap_or_default()))
            .note("the audit record must list every input file with its SHA-256")];
    };
    let want: BTreeMap<&str, &str> = expected.iter().map(|i| (i.path.as_str(), i.sha256.as_str())).collect();
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for &(path, sha256) in &listed {
        let column = format!("path={path}");
        if !seen.insert(path) {
            out.push(Mismatch::new(row, &column, sha256, ABSENT).note(format!("input {path} is listed twice")));
            continue;
        }
        match want.get(path) {
            Some(&now) if now == sha256 => {}
            Some(&now) => out.push(
                Mismatch::new(row, &column, sha256, now)
                    .note(format!("input {path} has changed since the result was computed (sha256)")),
            ),
            None => out.push(Mismatch::new(row, &column, sha256, ABSENT).note(format!(
                "{path} is not an input of this scenario: refused, not read (verify reads only the files the \
                 scenario itself resolves)"
            ))),
        }
    }
    for i in expected {
        if !seen.contains(i.path.as_str()) {
            out.push(
                Mismatch::new(row, &format!("path={}", i.path), ABSENT, i.sha256.as_str())
                    .note(format!("input {} is missing from the audit record", i.path)),
            );
        }
    }
    let order_read: Vec<&str> = listed.iter().map(|(p, _)| *p).collect();
    let order_want: Vec<&str> = expected.iter().map(|i| i.path.as_str()).collect();
    if out.is_empty() && order_read != order_want {
        out.push(
            Mismatch::new(row, "(order)", order_read.join(", "), order_want.join(", "))
                .note("the inputs are not listed in the order the scenario reads them"),
        );
    }
    out
}

/// A JSON value as a short text: strings as they are, anything else as compact JSON, cut at 200 characters.
pub fn short(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > 200 {
        format!("{}…", text.chars().take(200).collect::<String>())
    } else {
        text
    }
}

/// The key of an element of a JSON array, used to pair the elements read with those recomputed whatever their
/// order: `need=…,offer=…`, `id=…` or `path=…`.
fn element_key(v: &Value) -> Option<String> {
    let o = v.as_object()?;
    let field = |k: &str| o.get(k).and_then(Value::as_str).map(|s| format!("{k}={s}"));
    match (field("need"), field("offer")) {
        (Some(n), Some(f)) => Some(format!("{n},{f}")),
        (Some(n), None) => Some(n),
        _ => field("id").or_else(|| field("path")),
    }
}

/// Keys of every element, when each has one and no two are the same.
fn keys(items: &[Value]) -> Option<Vec<String>> {
    let keys: Vec<String> = items.iter().map(element_key).collect::<Option<_>>()?;
    let unique: BTreeSet<&String> = keys.iter().collect();
    (unique.len() == keys.len()).then_some(keys)
}

fn same_scalar(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Compare a JSON document read with the one recomputed, leaf by leaf: every field present in one and not the
/// other, and every value that differs, is a mismatch. `skip` receives a field's pattern (array positions written
/// `[]`, e.g. `summary.awards[].tie_broken`) and says whether to leave it out.
pub fn compare_json(read: &Value, expected: &Value, skip: &dyn Fn(&str) -> bool) -> Vec<Mismatch> {
    let mut out = Vec::new();
    walk(Some(read), Some(expected), "", "(document)", "", skip, &mut out);
    out
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}.{child}")
    }
}

#[allow(clippy::too_many_arguments)]
fn walk(
    read: Option<&Value>,
    expected: Option<&Value>,
    row: &str,
    column: &str,
    pattern: &str,
    skip: &dyn Fn(&str) -> bool,
    out: &mut Vec<Mismatch>,
) {
    if skip(pattern) && !pattern.is_empty() {
        return;
    }
    let here = if column == "(document)" { String::new() } else { join(row, column) };
    match (read, expected) {
        (None, None) => {}
        (Some(r), None) => out.push(Mismatch::new(row, column, short(r), ABSENT)),
        (None, Some(e)) => out.push(Mismatch::new(row, column, ABSENT, short(e))),
        (Some(Value::Object(r)), Some(Value::Object(e))) => {
            let names: BTreeSet<&String> = r.keys().chain(e.keys()).collect();
            for name in names {
                walk(r.get(name), e.get(name), &here, name, &join(pattern, name), skip, out);
            }
        }
        (Some(Value::Array(r)), Some(Value::Array(e))) => {
            let item_pattern = format!("{pattern}[]");
            match (keys(r), keys(e)) {
                (Some(kr), Some(ke)) => {
                    let rm: BTreeMap<&String, &Value> = kr.iter().zip(r).collect();
                    let em: BTreeMap<&String, &Value> = ke.iter().zip(e).collect();
                    let all: BTreeSet<&String> = kr.iter().chain(ke.iter()).collect();
                    for k in all {
                        let at = format!("{here}[{k}]");
                        match (rm.get(k), em.get(k)) {
                            (Some(a), Some(b)) => walk_items(a, b, &at, &item_pattern, skip, out),
                            (a, b) => walk(a.copied(), b.copied(), &here, &format!("[{k}]"), &item_pattern, skip, out),
                        }
                    }
                    if kr.len() == ke.len() && kr.iter().all(|k| em.contains_key(k)) && kr != ke {
                        out.push(Mismatch::new(&here, "(order)", kr.join("; "), ke.join("; ")));
                    }
                }
                _ => {
                    for i in 0..r.len().max(e.len()) {
                        let at = format!("{here}[{i}]");
                        match (r.get(i), e.get(i)) {
                            (Some(a), Some(b)) => walk_items(a, b, &at, &item_pattern, skip, out),
                            (a, b) => walk(a, b, &here, &format!("[{i}]"), &item_pattern, skip, out),
                        }
                    }
                }
            }
        }
        (Some(r), Some(e)) => {
            if !same_scalar(r, e) {
                out.push(Mismatch::new(row, column, short(r), short(e)));
            }
        }
    }
}

/// Two array elements: objects are walked field by field under the element's own name; anything else is compared
/// whole.
fn walk_items(a: &Value, b: &Value, at: &str, pattern: &str, skip: &dyn Fn(&str) -> bool, out: &mut Vec<Mismatch>) {
    match (a, b) {
        (Value::Object(r), Value::Object(e)) => {
            let names: BTreeSet<&String> = r.keys().chain(e.keys()).collect();
            for name in names {
                walk(r.get(name), e.get(name), at, name, &join(pattern, name), skip, out);
            }
        }
        _ => {
            let (row, column) = at.rsplit_once('[').map_or((at, ""), |(r, c)| (r, c));
            let column = format!("[{column}");
            walk(Some(a), Some(b), row, &column, pattern, skip, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn none(_: &str) -> bool {
        false
    }

    #[test]
    fn equal_documents_have_no_mismatch_whatever_the_order_of_keyed_elements_and_fields() {
        let a = json!({"x": 1.5, "list": [{"need": "N-1", "p": "1.00"}, {"need": "N-2", "p": "2.00"}]});
        let b = json!({"list": [{"need": "N-1", "p": "1.00"}, {"need": "N-2", "p": "2.00"}], "x": 1.5});
        assert!(compare_json(&a, &b, &none).is_empty());
    }

    #[test]
    fn a_changed_value_names_its_row_column_and_both_values() {
        let read = json!({"summary": {"awards": [{"need": "N-1", "offer": "O", "price": "1.00"}]}});
        let want = json!({"summary": {"awards": [{"need": "N-1", "offer": "O", "price": "9.00"}]}});
        let m = compare_json(&read, &want, &none);
        assert_eq!(m, vec![Mismatch::new("summary.awards[need=N-1,offer=O]", "price", "1.00", "9.00")]);
    }

    #[test]
    fn missing_extra_and_reordered_elements_are_mismatches() {
        let read = json!({"a": [{"id": "B"}, {"id": "A"}], "extra": true});
        let want = json!({"a": [{"id": "A"}, {"id": "B"}], "needed": 1});
        let m = compare_json(&read, &want, &none);
        let columns: Vec<&str> = m.iter().map(|m| m.column.as_str()).collect();
        assert_eq!(columns, vec!["(order)", "extra", "needed"], "{m:?}");
        let read = json!({"a": [{"id": "A"}]});
        let want = json!({"a": [{"id": "A"}, {"id": "B"}]});
        let m = compare_json(&read, &want, &none);
        assert_eq!((m[0].column.as_str(), m[0].read.as_str()), ("[id=B]", ABSENT));
    }

    #[test]
    fn skipped_patterns_are_left_out() {
        let read = json!({"awards": [{"need": "N-1", "tie_broken": true}], "status": "optimal"});
        let want = json!({"awards": [{"need": "N-1", "tie_broken": false}], "status": "time_limit"});
        let skip = |p: &str| p == "awards[].tie_broken" || p == "status";
        assert!(compare_json(&read, &want, &skip).is_empty());
        assert_eq!(compare_json(&read, &want, &none).len(), 2);
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(compare_json(&json!({"g": 0}), &json!({"g": 0.0}), &none).is_empty());
        assert_eq!(compare_json(&json!({"g": 0.1}), &json!({"g": 0.2}), &none).len(), 1);
    }

    fn input(path: &str, sha: &str) -> InputHash {
        InputHash { path: path.into(), sha256: sha.into() }
    }

    #[test]
    fn inputs_must_be_exactly_the_scenarios_own() {
        let want = [input("s.toml", "aa"), input("m/needs.csv", "bb")];
        let ok = json!([{"path": "s.toml", "sha256": "aa"}, {"path": "m/needs.csv", "sha256": "bb"}]);
        assert!(compare_inputs(Some(&ok), &want).is_empty());
        let emptied = compare_inputs(Some(&json!([])), &want);
        assert_eq!(emptied.len(), 2);
        assert!(emptied[0].note.as_deref().unwrap().contains("missing from the audit record"));
        let foreign = json!([{"path": "s.toml", "sha256": "aa"}, {"path": "m/needs.csv", "sha256": "bb"},
                             {"path": "/dev/zero", "sha256": "cc"}]);
        let m = compare_inputs(Some(&foreign), &want);
        assert!(m[0].note.as_deref().unwrap().contains("/dev/zero is not an input of this scenario: refused"));
        let changed = json!([{"path": "s.toml", "sha256": "ff"}, {"path": "m/needs.csv", "sha256": "bb"}]);
        let m = compare_inputs(Some(&changed), &want);
        assert_eq!((m[0].read.as_str(), m[0].recomputed.as_str()), ("ff", "aa"));
        assert_eq!(compare_inputs(None, &want).len(), 1);
        assert_eq!(compare_inputs(Some(&json!("x")), &want).len(), 1);
    }
}
