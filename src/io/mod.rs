//! Reading courtier's input files, the model (CSV, `models/README.md`) and the scenario (TOML,
//! `scenarios/README.md`), into validated [`crate::domain`] types; reading an allocation back for checking; and
//! writing output files atomically.
//!
//! Nothing here stops at the first problem: every row and key is checked and every problem comes back as a
//! [`Diagnostic`] with a stable code, the file, the line and column, the field, what was expected and a hint.

mod allocation;
mod atomic;
mod diagnostic;
mod model;
mod references;
mod scenario;
mod table;
#[cfg(test)]
mod testutil;
mod values;

pub use allocation::{read_allocation, AllocationRow};
pub use atomic::{write_all_atomic, write_atomic};
pub use diagnostic::{codes, Diagnostic};
pub use model::{load_model, LoadedModel};
pub use scenario::{load_scenario, Scenario};

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

/// Load a scenario and its model, reporting the problems of both: a broken scenario that still names a model
/// folder gets that model checked too.
pub fn load(scenario_path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let parsed = scenario::parse(scenario_path);
    let mut diags = match &parsed.result {
        Ok(_) => Vec::new(),
        Err(d) => d.clone(),
    };
    let model = match &parsed.model {
        Some(m) if m.dir.is_dir() => load_model(&m.dir).map_err(|d| diags.extend(d)).ok(),
        Some(m) => {
            diags.push(m.missing_dir());
            None
        }
        None => None,
    };
    match (parsed.result, model) {
        (Ok(scenario), Some(model)) if diags.is_empty() => Ok(Loaded { scenario, model }),
        _ => Err(diags),
    }
}
