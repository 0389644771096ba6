//! Reading a `result.json` back for `verify`: the whole document (every field of which `verify` recomputes and
//! compares) and the awards it lists. Only a regular file of bounded size is read.

use super::diagnostic::{codes, Diagnostic};
use crate::solve::Status;
use serde_json::Value;
use std::io::Read;
use std::path::Path;

/// The largest `result.json` read: far above what any model gives (`cti-2025`'s is under 1 MiB).
pub const MAX_RESULT_BYTES: u64 = 256 * 1024 * 1024;

/// One award listed in a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultAward {
    /// Its position in `summary.awards`.
    pub index: usize,
    /// The need's id.
    pub need: String,
    /// The awarded offer's id.
    pub offer: String,
}

/// A `result.json` read back.
#[derive(Debug, Clone)]
pub struct ResultRead {
    /// The whole document.
    pub document: Value,
    /// The awards of `summary.awards`, in file order.
    pub awards: Vec<ResultAward>,
    /// The status `summary.status` states, if it is one courtier writes.
    pub status: Option<Status>,
}

fn bad(path: &Path, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(codes::BAD_RESULT, path, message)
        .expected("the result.json written by `courtier solve --out`")
        .hint("pass the result.json written by `courtier solve --out`, or its allocation.csv")
}

/// Read the bytes of a regular file of at most `max` bytes (the error is one diagnostic).
pub(crate) fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, Vec<Diagnostic>> {
    read_regular_one(path, max).map_err(|d| vec![*d])
}

fn read_regular_one(path: &Path, max: u64) -> Result<Vec<u8>, Box<Diagnostic>> {
    let unreadable = |why: String| Box::new(Diagnostic::new(codes::UNREADABLE_FILE, path, why));
    let file = std::fs::File::open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Box::new(Diagnostic::new(codes::MISSING_FILE, path, "file not found").hint("check the path"))
        } else {
            unreadable(format!("cannot read the file: {e}"))
        }
    })?;
    let meta = file.metadata().map_err(|e| unreadable(format!("cannot read the file: {e}")))?;
    if !meta.is_file() {
        let d = unreadable("not a regular file (a folder, a pipe or a device)".into());
        return Err(Box::new(d.hint("pass a file written by `courtier solve --out`")));
    }
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes).map_err(|e| unreadable(format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(unreadable(format!("the file is larger than {max} bytes")));
    }
    Ok(bytes)
}

/// Read a `result.json`: its document and its awards (`summary.awards[].need` and `.offer`).
pub fn read_result(path: &Path) -> Result<ResultRead, Vec<Diagnostic>> {
    let bytes = read_regular(path, MAX_RESULT_BYTES)?;
    let document: Value = serde_json::from_slice(&bytes)
        .map_err(|e| vec![bad(path, format!("not valid JSON: {e}")).at(e.line() as u64, Some(e.column() as u64))])?;
    let Some(list) = document.pointer("/summary/awards").and_then(Value::as_array) else {
        return Err(vec![bad(path, "no list of awards at `summary.awards`").field("summary.awards")]);
    };
    let mut diags = Vec::new();
    let mut awards = Vec::with_capacity(list.len());
    for (index, a) in list.iter().enumerate() {
        let mut field = |k: &str| match a.get(k) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            _ => {
                let field = format!("summary.awards[{index}].{k}");
                diags.push(bad(path, format!("award {index} has no `{k}` id")).field(field));
                None
            }
        };
        if let (Some(need), Some(offer)) = (field("need"), field("offer")) {
            awards.push(ResultAward { index, need, offer });
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let status = document.pointer("/summary/status").and_then(|s| serde_json::from_value(s.clone()).ok());
    Ok(ResultRead { document, awards, status })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<ResultRead, Vec<Diagnostic>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("result.json");
        std::fs::write(&path, text).unwrap();
        read_result(&path)
    }

    #[test]
    fn awards_and_status_are_read() {
        let r = read(r#"{"summary": {"status": "optimal", "awards": [{"need": "N-1", "offer": "O-1"}]}}"#).unwrap();
        assert_eq!(r.awards, vec![ResultAward { index: 0, need: "N-1".into(), offer: "O-1".into() }]);
        assert_eq!(r.status, Some(Status::Optimal));
    }

    #[test]
    fn bad_json_and_bad_shapes_are_located() {
        let d = read("{\n  \"summary\": [\n").unwrap_err();
        assert_eq!((d[0].code, d[0].line), (codes::BAD_RESULT, Some(3)));
        let d = read(r#"{"summary": {}}"#).unwrap_err();
        assert_eq!((d[0].code, d[0].field.as_deref()), (codes::BAD_RESULT, Some("summary.awards")));
        let d = read(r#"{"summary": {"awards": [{"need": "N-1"}, {"need": 3, "offer": "O"}]}}"#).unwrap_err();
        let fields: Vec<_> = d.iter().map(|d| d.field.as_deref().unwrap()).collect();
        assert_eq!(fields, ["summary.awards[0].offer", "summary.awards[1].need"]);
    }

    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let d = read_result(dir.path()).unwrap_err();
        assert_eq!(d[0].code, codes::UNREADABLE_FILE);
        assert!(d[0].message.contains("not a regular file"));
        let d = read_result(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(d[0].code, codes::UNREADABLE_FILE);
        let d = read_result(&dir.path().join("nope.json")).unwrap_err();
        assert_eq!(d[0].code, codes::MISSING_FILE);
    }

    #[test]
    fn an_oversized_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        std::fs::write(&path, vec![b' '; 100]).unwrap();
        let d = read_regular(&path, 10).unwrap_err();
        assert!(d[0].message.contains("larger than 10 bytes"));
    }
}
