//! Writing model workbooks: `courtier template` (the sheets with their headers and nothing else) and
//! `courtier export-model` (a CSV folder as a workbook), and the way back, `courtier import-model` (a workbook as
//! CSV files). Both directions keep every cell's text: a number or a boolean is written as a number or a boolean
//! only when reading it back gives the same text, so a CSV folder survives the round trip byte for byte.
//!
//! Every sheet has a frozen header row, column widths, a note on each header cell with the column's meaning (in
//! French or English), lists to pick from for the columns with fixed words, and money formatted with 2 decimals
//! and no thousands separator.

use super::{kind, read_book, sheet_name, sheet_range, Kind};
use crate::io::diagnostic::{codes, Diagnostic};
use crate::io::migrations::MIGRATION_SCHEMAS;
use crate::io::model::load_model;
use crate::io::rows::SCHEMAS;
use crate::io::table::Schema;
use crate::report::Lang;
use calamine::Reader;
use rust_xlsxwriter::{DataValidation, DocProperties, ExcelDateTime, Format, Note, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// The rows the lists and formats of a template cover (the header is row 1).
const TEMPLATE_ROWS: u32 = 5000;

/// The meaning of each column, from `models/README.md`: (sheet, column, French, English).
const MEANINGS: &[(&str, &str, &str, &str)] = &[
    (
        "agencies",
        "id",
        "Identifiant de l'organisme public, p. ex. MCN, CIUSSS-CN.",
        "The organisation's id, e.g. MCN, CIUSSS-CN.",
    ),
    ("agencies", "name", "Nom affiché.", "Display name."),
    (
        "agencies",
        "network",
        "ministry (ministère), agency (organisme), rsss (santé et services sociaux) ou rees (éducation).",
        "ministry, agency, rsss (health and social services) or rees (education).",
    ),
    ("suppliers", "id", "Identifiant du fournisseur, p. ex. AWS, NUAGIQ.", "The supplier's id, e.g. AWS, NUAGIQ."),
    ("suppliers", "name", "Nom affiché.", "Display name."),
    (
        "suppliers",
        "role",
        "provider (propriétaire d'une plateforme), reseller (revendeur) ou both (les deux).",
        "provider (owns a platform), reseller, or both.",
    ),
    (
        "suppliers",
        "quebec_firm",
        "true si c'est une entreprise québécoise (principe P3), sinon false.",
        "true for a Quebec firm (principle P3), else false.",
    ),
    ("offers", "id", "Identifiant de l'offre, p. ex. O-AWS-IAAS.", "The offer's id, e.g. O-AWS-IAAS."),
    (
        "offers",
        "provider",
        "Le propriétaire de la plateforme (rôle provider ou both).",
        "The platform owner (role provider or both).",
    ),
    (
        "offers",
        "reseller",
        "Qui la vend et la soutient (rôle reseller ou both).",
        "Who sells and supports it (role reseller or both).",
    ),
    (
        "offers",
        "category",
        "IaaS, PaaS ou SaaS : la catégorie pour laquelle l'offre est qualifiée.",
        "IaaS, PaaS or SaaS: the category the offer is qualified for.",
    ),
    (
        "offers",
        "qualified",
        "true si l'appel d'intérêt a qualifié l'offre.",
        "true when the call for interest qualified the offer.",
    ),
    (
        "offers",
        "regions",
        "Où l'offre peut héberger les données, codes séparés par ; (qc = au Québec), p. ex. qc;ca-central.",
        "Where the offer can host data, codes separated by ; (qc = in Quebec), e.g. qc;ca-central.",
    ),
    (
        "offers",
        "certifications",
        "Certifications détenues, séparées par ;, p. ex. iso27001;soc2.",
        "Certifications held, separated by ;, e.g. iso27001;soc2.",
    ),
    ("needs", "id", "Identifiant du besoin, p. ex. N-0412.", "The need's id, e.g. N-0412."),
    (
        "needs",
        "agency",
        "L'organisme qui a le besoin (feuille agencies).",
        "The organisation with the need (sheet agencies).",
    ),
    ("needs", "title", "Courte description.", "Short description."),
    ("needs", "category", "IaaS, PaaS ou SaaS.", "IaaS, PaaS or SaaS."),
    (
        "needs",
        "personal_info",
        "true si le besoin contient des renseignements personnels (hébergement au Québec).",
        "true when the need holds personal information (hosted in Quebec).",
    ),
    (
        "needs",
        "certifications",
        "Certifications exigées, séparées par ; (peut être vide).",
        "Certifications required, separated by ; (may be empty).",
    ),
    (
        "needs",
        "term_months",
        "Durée du contrat en mois, renouvellements compris (1 à 36).",
        "Contract term in months, renewals included (1 to 36).",
    ),
    ("estimates", "need", "Le besoin (feuille needs).", "The need (sheet needs)."),
    ("estimates", "offer", "L'offre (feuille offers).", "The offer (sheet offers)."),
    (
        "estimates",
        "price",
        "Prix en dollars canadiens pour toute la durée, au plus 2 décimales, plus que 0.",
        "Price in CAD for the whole term, at most 2 decimals, more than 0.",
    ),
    (
        "estimates",
        "region",
        "Où les données seraient hébergées ; une des régions de l'offre.",
        "Where the data would be hosted; one of the offer's regions.",
    ),
    (
        "estimates",
        "term_months",
        "Durée proposée en mois ; vide = celle du besoin.",
        "Term proposed in months; empty = the need's term.",
    ),
    (
        "estimates",
        "compatibility",
        "Note de compatibilité technologique, 0 à 100 (les quatre notes ou aucune).",
        "Technological compatibility score, 0 to 100 (all four scores or none).",
    ),
    ("estimates", "accessibility", "Note d'accessibilité, 0 à 100.", "Accessibility score, 0 to 100."),
    ("estimates", "performance", "Note de performance, 0 à 100.", "Performance score, 0 to 100."),
    ("estimates", "support", "Note de soutien technique, 0 à 100.", "Technical support score, 0 to 100."),
    ("capacities", "supplier", "Le fournisseur (feuille suppliers).", "The supplier (sheet suppliers)."),
    (
        "capacities",
        "unit",
        "L'unité de la limite, p. ex. migration_days.",
        "The unit of the limit, e.g. migration_days.",
    ),
    (
        "capacities",
        "limit",
        "Le maximum que le fournisseur peut prendre dans cette unité (0 ou plus).",
        "The most the supplier can take on in that unit (0 or more).",
    ),
    (
        "consumption",
        "need",
        "Avec offer, désigne une estimation de la feuille estimates.",
        "With offer, names an estimate of sheet estimates.",
    ),
    ("consumption", "offer", "L'offre de l'estimation.", "The estimate's offer."),
    ("consumption", "unit", "L'unité consommée.", "The unit consumed."),
    (
        "consumption",
        "amount",
        "Quantité consommée si l'estimation est retenue (0 ou plus).",
        "Amount consumed if the estimate is awarded (0 or more).",
    ),
    ("migrations", "need", "Le besoin (feuille needs), une ligne au plus.", "The need (sheet needs), one row at most."),
    (
        "migrations",
        "earliest_start",
        "Date AAAA-MM-JJ avant laquelle la migration ne peut commencer (vide : aucune).",
        "Date YYYY-MM-DD before which the migration cannot start (empty: none).",
    ),
    (
        "migrations",
        "deadline",
        "Date AAAA-MM-JJ où la migration doit être terminée (vide : échéance de l'organisme ou du réseau).",
        "Date YYYY-MM-DD by which the migration must be finished (empty: the agency's or network's deadline).",
    ),
    ("migrations", "periods", "Durée en périodes, 1 ou plus (vide : 1).", "Duration in periods, 1 or more (empty: 1)."),
    (
        "migrations",
        "legacy_monthly_cost",
        "Coût mensuel du site existant jusqu'à la fin de la migration (vide : 0).",
        "Monthly cost of the legacy site until the migration is finished (empty: 0).",
    ),
    ("precedences", "need", "Le besoin qui attend.", "The need that waits."),
    ("precedences", "after", "Le besoin qu'il attend.", "The need it waits for."),
    (
        "precedences",
        "mode",
        "after : commence une fois l'autre terminé; with : commence en même temps.",
        "after: starts once the other has finished; with: starts in the same period.",
    ),
    (
        "period_capacities",
        "holder",
        "Un fournisseur (feuille suppliers) ou un organisme (feuille agencies).",
        "A supplier (sheet suppliers) or an agency (sheet agencies).",
    ),
    ("period_capacities", "kind", "supplier ou agency.", "supplier or agency."),
    ("period_capacities", "unit", "L'unité, p. ex. migration_days.", "The unit, e.g. migration_days."),
    (
        "period_capacities",
        "from",
        "Date AAAA-MM-JJ à partir de laquelle la limite s'applique.",
        "Date YYYY-MM-DD from which the limit applies.",
    ),
    ("period_capacities", "limit", "Le maximum par période (0 ou plus).", "The most per period (0 or more)."),
];

/// The words a column takes, for a list to pick from.
fn choices(column: &str) -> Option<&'static [&'static str]> {
    match column {
        "network" => Some(&["ministry", "agency", "rsss", "rees"]),
        "role" => Some(&["provider", "reseller", "both"]),
        "category" => Some(&["IaaS", "PaaS", "SaaS"]),
        "quebec_firm" | "qualified" | "personal_info" => Some(&["true", "false"]),
        "mode" => Some(&["after", "with"]),
        "kind" => Some(&["supplier", "agency"]),
        _ => None,
    }
}

fn meaning(sheet: &str, column: &str, lang: Lang) -> &'static str {
    MEANINGS.iter().find(|(s, c, _, _)| *s == sheet && *c == column).map_or("", |(_, _, fr, en)| lang.pick(fr, en))
}

fn width(column: &str) -> f64 {
    match column {
        "name" | "title" => 44.0,
        "regions" | "certifications" => 24.0,
        "price" => 14.0,
        _ => 14.0_f64.max(column.len() as f64 + 2.0),
    }
}

/// The fixed date of every workbook courtier writes, so the same inputs give the same bytes.
pub(crate) fn properties(title: &str) -> Result<DocProperties, XlsxError> {
    let date = ExcelDateTime::from_ymd(2025, 1, 1)?;
    Ok(DocProperties::new().set_title(title).set_author("courtier").set_creation_datetime(&date))
}

/// The number format of money in a model workbook: 2 decimals, no thousands separator (what the CSV format says).
pub(crate) fn money_format() -> Format {
    Format::new().set_num_format("0.00")
}

/// Add one table's sheet: header with notes, widths, frozen header, lists, and the rows (CSV texts by column).
fn add_sheet(
    book: &mut Workbook,
    schema: &Schema,
    header: &[String],
    rows: &[Vec<String>],
    lang: Lang,
) -> Result<(), XlsxError> {
    let sheet_name = sheet_name(schema);
    let bold = Format::new().set_bold();
    let money = money_format();
    let ws: &mut Worksheet = book.add_worksheet();
    ws.set_name(sheet_name)?;
    ws.set_default_note_author("courtier");
    let last = TEMPLATE_ROWS.max(rows.len() as u32);
    for (c, column) in header.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, column, &bold)?;
        ws.set_column_width(c, width(column))?;
        let text = meaning(sheet_name, column, lang);
        if !text.is_empty() {
            ws.insert_note(0, c, &Note::new(text).add_author_prefix(false).set_width(300).set_height(90))?;
        }
        if let Some(words) = choices(column) {
            let v = DataValidation::new().allow_list_strings(words)?;
            ws.add_data_validation(1, c, last, c, &v)?;
        }
        if kind(column) == Kind::Money {
            ws.set_column_format(c, &money)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    for (r, fields) in rows.iter().enumerate() {
        for (c, (column, text)) in header.iter().zip(fields).enumerate() {
            write_cell(ws, r as u32 + 1, c as u16, column, text, &money)?;
        }
    }
    if !rows.is_empty() && !header.is_empty() {
        ws.autofilter(0, 0, rows.len() as u32, header.len() as u16 - 1)?;
    }
    Ok(())
}

/// Write one CSV text: as a number or a boolean when the column takes one and reading the cell back gives the
/// same text, as text otherwise (text is never read as a formula).
fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    column: &str,
    text: &str,
    money: &Format,
) -> Result<(), XlsxError> {
    if text.is_empty() {
        return Ok(());
    }
    match kind(column) {
        Kind::Boolean if text == "true" || text == "false" => {
            ws.write_boolean(row, col, text == "true")?;
        }
        Kind::Money => match text.parse::<f64>() {
            Ok(v) if v.is_finite() && super::money_text(v) == text => {
                ws.write_number_with_format(row, col, v, money)?;
            }
            _ => {
                ws.write_string(row, col, text)?;
            }
        },
        Kind::Number => match text.parse::<f64>() {
            Ok(v) if v.is_finite() && super::number_text(v) == text => {
                ws.write_number(row, col, v)?;
            }
            _ => {
                ws.write_string(row, col, text)?;
            }
        },
        _ => {
            ws.write_string(row, col, text)?;
        }
    }
    Ok(())
}

fn finish(mut book: Workbook, title: &str) -> Result<Vec<u8>, XlsxError> {
    book.set_properties(&properties(title)?);
    book.save_to_buffer()
}

fn internal(e: XlsxError) -> Vec<Diagnostic> {
    vec![Diagnostic::new(codes::WORLD_REJECTED, "workbook", format!("cannot write the workbook: {e}"))]
}

/// An empty model workbook: every sheet with its header, notes, lists and formats.
pub fn template(lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    for schema in SCHEMAS.into_iter().chain(MIGRATION_SCHEMAS) {
        let header: Vec<String> = schema.columns.iter().map(|c| c.to_string()).collect();
        add_sheet(&mut book, &schema, &header, &[], lang)?;
    }
    finish(book, "courtier model")
}

/// A CSV file's header and records, as texts.
type Texts = (Vec<String>, Vec<Vec<String>>);

/// Read a CSV file as texts: its header and records. A missing optional file is an empty table.
fn csv_texts(path: &Path, schema: &Schema) -> Result<Texts, Box<Diagnostic>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && schema.optional => {
            return Ok((schema.columns.iter().map(|c| c.to_string()).collect(), vec![]));
        }
        Err(e) => {
            return Err(Box::new(Diagnostic::new(codes::UNREADABLE_FILE, path, format!("cannot read the file: {e}"))))
        }
    };
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text);
    let mut records = Vec::new();
    for r in reader.records() {
        let r =
            r.map_err(|e| Box::new(Diagnostic::new(codes::MALFORMED_CSV, path, format!("cannot read the CSV: {e}"))))?;
        records.push(r.iter().map(str::to_string).collect::<Vec<String>>());
    }
    let header = if records.is_empty() { vec![] } else { records.remove(0) };
    Ok((header, records))
}

/// `export-model`: the model folder `dir` as a workbook, after checking it (a model with problems is refused with
/// its diagnostics). Columns keep the order of each file.
pub fn export_model(dir: &Path, lang: Lang) -> Result<Vec<u8>, Vec<Diagnostic>> {
    load_model(dir)?;
    let mut book = Workbook::new();
    for schema in SCHEMAS {
        let (header, rows) = csv_texts(&dir.join(schema.file), &schema).map_err(|d| vec![*d])?;
        add_sheet(&mut book, &schema, &header, &rows, lang).map_err(internal)?;
    }
    // The migration files (`courtier plan`), when the model has them.
    for schema in MIGRATION_SCHEMAS.into_iter().filter(|s| dir.join(s.file).is_file()) {
        let (header, rows) = csv_texts(&dir.join(schema.file), &schema).map_err(|d| vec![*d])?;
        add_sheet(&mut book, &schema, &header, &rows, lang).map_err(internal)?;
    }
    finish(book, "courtier model").map_err(internal)
}

/// `import-model`: the model in the workbook `path` as CSV files (name, bytes), after checking it. Each file is
/// UTF-8 without a byte-order mark, with LF line ends, values quoted only when they must be, columns in the
/// sheet's order; an optional sheet that is absent gives no file.
pub fn import_model(path: &Path) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    super::load_workbook(path)?;
    let (mut book, _) = read_book(path).map_err(|d| vec![*d])?;
    let mut files = Vec::new();
    for schema in SCHEMAS.into_iter().chain(MIGRATION_SCHEMAS) {
        let name = sheet_name(&schema);
        let Some(range) = sheet_range(&mut book, path, name, &schema).map_err(|d| vec![*d])? else { continue };
        let mut ignored = Vec::new();
        let formulas = book.worksheet_formula(name).ok();
        let text = super::sheet::read_sheet(&range, formulas.as_ref(), path, &mut ignored);
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        let write = |w: &mut csv::Writer<Vec<u8>>, fields: &[String]| {
            w.write_record(fields).map_err(|e| {
                vec![Diagnostic::new(codes::UNREADABLE_FILE, path, format!("cannot write {}: {e}", schema.file))]
            })
        };
        write(&mut w, &text.header)?;
        for (_, fields) in &text.rows {
            write(&mut w, fields)?;
        }
        let bytes = w.into_inner().map_err(|e| {
            vec![Diagnostic::new(codes::UNREADABLE_FILE, path, format!("cannot write {}: {e}", schema.file))]
        })?;
        files.push((schema.file.to_string(), bytes));
    }
    Ok(files)
}
