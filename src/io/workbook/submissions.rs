//! Supplier submissions: the estimates of a model may come as a folder of workbooks, one per supplier, instead of
//! one table (see `models/README.md`, "Supplier submissions"). Each workbook `SUPPLIER.xlsx` (or `.ods`) holds a
//! sheet `estimates` with the estimates' columns; every row is merged into the model's estimates, and every problem
//! is reported at its file, sheet and cell. A supplier may price only the offers it provides or resells.

use super::{read_book, sheet, sheet_range};
use crate::domain::World;
use crate::io::diagnostic::{codes, Diagnostic};
use crate::io::rows::ESTIMATES;
use crate::io::table::{Schema, Table};
use crate::io::InputFile;
use calamine::Reader;
use std::path::{Path, PathBuf};

/// The submissions folder of a model: `DIR/estimates/` for a model folder, `NAME-estimates/` beside a workbook
/// `NAME.xlsx`.
pub(crate) fn folder_of(model: &Path) -> PathBuf {
    if super::is_workbook(model) {
        let stem = model.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        model.with_file_name(format!("{stem}-estimates"))
    } else {
        model.join("estimates")
    }
}

/// The estimates are given twice: as a table at `table` and as the folder `folder`.
pub(crate) fn given_twice(table: &Path, folder: &Path) -> Diagnostic {
    Diagnostic::new(
        codes::ESTIMATES_TWICE,
        table,
        format!("the estimates are given twice: here and in the submissions folder `{}`", folder.display()),
    )
    .hint("keep either the estimates table or the folder of supplier submissions")
}

/// Where a merged row came from.
#[derive(Debug, Clone)]
struct Origin {
    /// The submission workbook.
    file: PathBuf,
    /// Its 1-based row in the sheet.
    row: u64,
    /// For each column of the schema, its 1-based column in the sheet.
    columns: Vec<u64>,
    /// The supplier (the file's name without extension).
    supplier: String,
    /// The (need, offer) of the row, as written.
    key: (String, String),
}

/// The merged submissions and where each row came from.
#[derive(Debug, Default)]
pub(crate) struct Submissions {
    /// The folder.
    folder: PathBuf,
    /// Origin of merged line `i + 2` (line 1 is the merged header).
    origins: Vec<Origin>,
    /// Cells already reported as holding no value, as (merged path, merged line, schema column).
    pub reported: Vec<(PathBuf, u64, u64)>,
    /// The submission files, in the order read.
    files: Vec<PathBuf>,
}

/// The path the merged table's diagnostics are collected at, before they are placed in their files.
fn merged_path(folder: &Path) -> PathBuf {
    folder.join("estimates (merged)")
}

/// The path a submission's own diagnostics are collected at: its sheet.
pub(crate) fn sheet_path(file: &Path) -> PathBuf {
    file.join("estimates")
}

fn is_submission(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // Spreadsheets leave lock files (`~$x.xlsx`, `.~lock.x.ods#`) next to an open workbook.
    super::is_workbook(path) && !name.starts_with('~') && !name.starts_with('.')
}

impl Submissions {
    /// Read every submission in `folder` (by file name) into one estimates table.
    pub fn read(
        &mut self,
        folder: &Path,
        schema: Schema,
        files: &mut Vec<InputFile>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Table> {
        self.folder = folder.to_path_buf();
        let mut paths: Vec<PathBuf> = match std::fs::read_dir(folder) {
            Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| is_submission(p)).collect(),
            Err(e) => {
                diags.push(Diagnostic::new(codes::UNREADABLE_FILE, folder, format!("cannot read the folder: {e}")));
                return None;
            }
        };
        paths.sort();
        let header: Vec<String> = schema.columns.iter().map(|c| c.to_string()).collect();
        let mut rows = Vec::new();
        let mut complete = true;
        for path in paths {
            let (mut book, file) = match read_book(&path) {
                Ok(b) => b,
                Err(d) => {
                    diags.push(*d);
                    complete = false;
                    continue;
                }
            };
            files.push(file);
            self.files.push(path.clone());
            let range = match sheet_range(&mut book, &path, "estimates", &schema) {
                Ok(Some(r)) => r,
                Ok(None) => continue,
                Err(d) => {
                    diags.push(Diagnostic { file: sheet_path(&path), ..*d });
                    complete = false;
                    continue;
                }
            };
            let formulas = book.worksheet_formula("estimates").ok();
            let own = sheet_path(&path);
            let text = sheet::read_sheet(&range, formulas.as_ref(), &own, diags);
            // The header is checked as for any table; a submission whose header lacks a column is left out.
            if Table::from_fields(&own, schema, &text.header, text.header_line.max(1), vec![], diags).is_none() {
                complete = false;
                continue;
            }
            let at: Vec<usize> =
                schema.columns.iter().map(|c| text.header.iter().position(|h| h == c).unwrap_or(0)).collect();
            let supplier = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            for (row, fields) in &text.rows {
                let line = rows.len() as u64 + 2;
                let merged: Vec<String> = at.iter().map(|&p| fields.get(p).cloned().unwrap_or_default()).collect();
                for (i, &p) in at.iter().enumerate() {
                    if text.reported.contains(&(*row, p as u64 + 1)) {
                        self.reported.push((merged_path(folder), line, i as u64 + 1));
                    }
                }
                self.origins.push(Origin {
                    file: path.clone(),
                    row: *row,
                    columns: at.iter().map(|&p| p as u64 + 1).collect(),
                    supplier: supplier.clone(),
                    key: (merged[0].clone(), merged[1].clone()),
                });
                rows.push((line, merged));
            }
        }
        let mut table = Table::from_fields(&merged_path(folder), schema, &header, 1, rows, diags)?;
        table.complete = complete;
        Some(table)
    }

    fn origin(&self, line: u64) -> Option<&Origin> {
        self.origins.get((line as usize).checked_sub(2)?)
    }

    fn name(&self, o: &Origin) -> String {
        o.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }

    /// Each supplier prices only its own offers (as provider or reseller), and each file is named after a declared
    /// supplier. Checked once the model has no other problem.
    pub fn check_suppliers(&self, world: &World) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for path in &self.files {
            let supplier = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            if world.supplier_index(&supplier).is_none() {
                diags.push(
                    Diagnostic::new(
                        codes::UNKNOWN_REFERENCE,
                        path,
                        format!("the submission is named after `{supplier}`, which is not a declared supplier"),
                    )
                    .hint("name each submission after its supplier's id, e.g. NUAGIQ.xlsx"),
                );
            }
        }
        for o in &self.origins {
            let Some(s) = world.supplier_index(&o.supplier) else { continue };
            let Some(offer) = world.offer_index(&o.key.1) else { continue };
            let offer = &world.offers[offer];
            if offer.provider != s && offer.reseller != s {
                diags.push(
                    Diagnostic::new(
                        codes::NOT_OWN_OFFER,
                        &o.file,
                        format!("`{}` prices offer `{}`, which it neither provides nor resells", o.supplier, o.key.1),
                    )
                    .at(o.row, o.columns.get(1).copied())
                    .field("offer")
                    .in_sheet("estimates")
                    .hint("a supplier's submission holds only estimates for its own offers; move the row to the right submission"),
                );
            }
        }
        diags
    }

    /// Place a diagnostic collected at the merged table or at a submission's sheet in its file, sheet and cell.
    pub fn relocate(&self, d: Diagnostic) -> Diagnostic {
        if self.files.iter().any(|f| d.file == sheet_path(f)) {
            let file = d.file.parent().map(Path::to_path_buf).unwrap_or_default();
            let words = |t: String| super::sheet_words(&t);
            return Diagnostic { file, message: words(d.message), hint: d.hint.map(words), ..d }.in_sheet("estimates");
        }
        if d.file != merged_path(&self.folder) {
            return d;
        }
        let Some(o) = d.line.and_then(|l| self.origin(l)) else { return d };
        let column = d.column.and_then(|c| o.columns.get(c as usize - 1).copied());
        let words = |t: String| self.words(&t);
        Diagnostic {
            file: o.file.clone(),
            line: Some(o.row),
            column,
            message: words(d.message),
            hint: d.hint.map(words),
            expected: d.expected.map(words),
            ..d
        }
        .in_sheet("estimates")
    }

    /// The merged table's words for places, in the submissions' words.
    fn words(&self, text: &str) -> String {
        let place = |line: &str| match line.parse::<u64>().ok().and_then(|l| self.origin(l)) {
            Some(o) => format!("`{}` row {}", self.name(o), o.row),
            None => format!("line {line}"),
        };
        let mut out = text.to_string();
        if let Some(i) = out.find("already on line ") {
            let start = i + "already on line ".len();
            let end = start + out[start..].chars().take_while(char::is_ascii_digit).count();
            out = format!("{}already in {}{}", &out[..i], place(&out[start..end]), &out[end..]);
        }
        if let Some(i) = out.find("(lines ") {
            let rest = &out[i + "(lines ".len()..];
            if let Some((a, tail)) = rest.split_once(" and ") {
                if let Some((b, tail)) = tail.split_once(')') {
                    out = format!("{}({} and {}){}", &out[..i], place(a), place(b), tail);
                }
            }
        }
        out.replace(&format!("in {} (", ESTIMATES.file), "in the submissions (")
    }
}
