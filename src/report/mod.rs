//! Renders results into bytes: pure functions from data to text, one file per format. Deciding where the bytes
//! go (terminal, files) is the caller's job.

pub mod allocation_csv;
pub mod format;
pub mod result_json;
pub mod terminal;

pub use format::Lang;
