//! Reading courtier's input files, the model (CSV, `models/README.md`) and the scenario (TOML,
//! `scenarios/README.md`), into validated [`crate::domain`] types; reading an allocation back for checking; and
//! writing output files atomically.
//!
//! Nothing here stops at the first problem: every row and key is checked and every problem comes back as a
//! [`Diagnostic`] with a stable code, the file, the line and column, the field, what was expected and a hint.

mod allocation;
mod atomic;
mod committed;
mod diagnostic;
mod input;
mod migrations;
mod model;
mod plan_file;
mod references;
mod result;
pub(crate) mod rows;
mod scenario;
mod table;
#[cfg(test)]
mod testutil;
mod values;
mod workbook;

pub use allocation::{read_allocation, AllocationRow};
pub use atomic::{
    clean_stale_temps, commit_temp, commit_temp_gzipped, create_temp_for, write_all_atomic, write_atomic,
};
pub use diagnostic::{codes, Diagnostic};
pub use input::{read_input, InputError, MAX_CSV_BYTES, MAX_SCENARIO_BYTES};
pub use migrations::{load_plan, LoadedPlan};
pub use model::{load_model, LoadedModel};
pub use plan_file::{looks_like_plan, read_plan, PlanRow};
pub use result::{read_result, ResultAward, ResultRead, MAX_RESULT_BYTES};
pub use scenario::{load_scenario, Located, PlanSpec, Scenario};
pub use workbook::{export_model, import_model, is_workbook, load_workbook, template};

use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A file that was read, identified by its content hash (for audit records).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputFile {
    /// The path as given by the caller, joined with the file name.
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
}

impl InputFile {
    /// Identify `bytes` read from `path`.
    pub fn of(path: &Path, bytes: &[u8]) -> Self {
        let digest = Sha256::digest(bytes);
        let sha256 = digest.iter().map(|b| format!("{b:02x}")).collect();
        InputFile { path: path.to_path_buf(), sha256 }
    }
}

/// A scenario and the model it names.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The scenario.
    pub scenario: Scenario,
    /// Its model.
    pub model: LoadedModel,
}

impl Loaded {
    /// Every file this scenario reads or could read: the scenario, the files it extends, and every model file
    /// (those absent too: a file written there would be read by the next run). Outputs must never be one of them.
    pub fn input_paths(&self) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = std::iter::once(&self.scenario.file)
            .chain(&self.scenario.bases)
            .chain(&self.model.files)
            .map(|f| f.path.clone())
            .collect();
        paths.extend(rows::SCHEMAS.iter().map(|s| self.model.dir.join(s.file)));
        paths.extend(migrations::MIGRATION_SCHEMAS.iter().map(|s| self.model.dir.join(s.file)));
        paths.extend(self.scenario.committed.iter().map(|c| c.value.clone()));
        paths
    }
}

/// Load a scenario and its model, reporting the problems of both: a broken scenario that still names a model
/// folder gets that model checked too.
pub fn load(scenario_path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let parsed = scenario::parse(scenario_path);
    let mut diags = match &parsed.result {
        Ok(_) => Vec::new(),
        Err(d) => d.clone(),
    };
    let model = match &parsed.model {
        Some(m) if is_workbook(&m.dir) && m.dir.is_file() => load_workbook(&m.dir).map_err(|d| diags.extend(d)).ok(),
        Some(m) if m.dir.is_dir() && workbook::has_submissions(&m.dir) => {
            workbook::load_folder_with_submissions(&m.dir).map_err(|d| diags.extend(d)).ok()
        }
        Some(m) if m.dir.is_dir() => load_model(&m.dir).map_err(|d| diags.extend(d)).ok(),
        Some(m) if is_workbook(&m.dir) => {
            diags.push(workbook::missing(m.missing_dir(), &m.dir));
            None
        }
        Some(m) => {
            diags.push(m.missing_dir());
            None
        }
        None => None,
    };
    match (parsed.result, model) {
        (Ok(scenario), Some(mut model)) if diags.is_empty() => {
            match crate::whatif::apply(&model.world, &scenario.whatifs) {
                Ok(world) => {
                    model.world = world;
                    let mut scenario = scenario;
                    if let Some(path) = &scenario.committed {
                        let (committed, file) = committed::load_committed(path, &model.world)?;
                        scenario.policy.committed = committed;
                        model.files.push(file);
                    }
                    // What parsing held (records, raw rows) goes back to the system before the solve's peak.
                    crate::memory::release_free();
                    Ok(Loaded { scenario, model })
                }
                Err(refused) => Err(vec![whatif_refused(&scenario, &refused)]),
            }
        }
        _ => Err(diags),
    }
}

/// A what-if the model refuses, reported where the scenario writes it.
fn whatif_refused(scenario: &Scenario, refused: &crate::whatif::Refused) -> Diagnostic {
    use crate::whatif::WhatIfError;
    let site = refused.index.and_then(|i| Some((&scenario.whatifs[i], scenario.whatif_sites.get(i)?)));
    let message = match (&refused.error, site) {
        (WhatIfError::NoMatch, Some((w, _))) => {
            format!("{} matches nothing in the model", crate::report::assumptions::whatif(w, crate::report::Lang::En))
        }
        (e, _) => e.to_string(),
    };
    let (code, hint) = match &refused.error {
        WhatIfError::PriceOutOfRange { .. } => (
            codes::WHATIF_AMOUNT,
            format!("every price must stay from 0.01 to {} CAD after the what-ifs", crate::domain::MAX_AMOUNT),
        ),
        WhatIfError::UnknownUnit { .. } => (
            codes::UNIT_WITHOUT_CAPACITY,
            "declare a capacity in this unit (capacities.csv or [[whatif.capacities]]), or correct its spelling"
                .to_string(),
        ),
        _ => (
            codes::BAD_WHATIF,
            "a what-if must name ids of the model and change something; see scenarios/README.md".to_string(),
        ),
    };
    match site {
        Some((_, site)) => site.diag(code, message),
        None => Diagnostic::new(code, &scenario.path, message).field("whatif"),
    }
    .hint(hint)
}

#[cfg(test)]
mod tests {
    use super::testutil::{render, replace, single, tiny_copy, tiny_dir};
    use super::*;

    #[test]
    fn the_tiny_scenario_and_model_load_together() {
        let loaded = load(&tiny_dir().join("scenario.toml")).unwrap_or_else(|d| panic!("{}", render(&d)));
        assert_eq!(loaded.model.world.needs.len(), 5);
        assert_eq!(loaded.model.dir, loaded.scenario.model_dir);
    }

    #[test]
    fn problems_of_scenario_and_model_are_reported_together() {
        let dir = tiny_copy();
        replace(dir.path(), "scenario.toml", "max_term_months = 36", "max_term_months = 40");
        replace(dir.path(), "estimates.csv", "64000.00", "64000.005");
        let d = load(&dir.path().join("scenario.toml")).unwrap_err();
        assert_eq!(d.len(), 2, "{}", render(&d));
        assert!(d[0].is_in("scenario.toml") && d[0].code == codes::TERM_OVER_LIMIT);
        assert!(d[1].is_in("estimates.csv") && d[1].code == codes::BAD_AMOUNT);
    }

    #[test]
    fn a_scenario_with_an_unknown_key_still_gets_its_model_checked() {
        let dir = tiny_copy();
        replace(dir.path(), "scenario.toml", "[capacity]", "[capacities]");
        replace(dir.path(), "agencies.csv", "rees", "school");
        let d = load(&dir.path().join("scenario.toml")).unwrap_err();
        assert_eq!(d.len(), 2, "{}", render(&d));
        assert_eq!((d[0].code, d[1].code), (codes::UNKNOWN_KEY, codes::BAD_ENUM));
    }

    #[test]
    fn a_missing_model_folder_is_reported_at_the_model_key() {
        let dir = tiny_copy();
        replace(dir.path(), "scenario.toml", "model = \".\"", "model = \"../nowhere\"");
        let d = load(&dir.path().join("scenario.toml")).unwrap_err();
        let d = single(&d, codes::MISSING_MODEL_DIR, "scenario.toml", Some(1), Some("model"));
        assert_eq!(d.column, Some(9));
    }

    #[test]
    fn input_files_hash_their_bytes() {
        let f = InputFile::of(Path::new("x"), b"abc");
        assert_eq!(f.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
