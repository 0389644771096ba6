//! Renders results into bytes: pure functions from data to text, one file per format. Deciding where the bytes
//! go (terminal, files) is the caller's job.

pub mod allocation_csv;
pub mod assumptions;
pub mod comparison;
pub mod debrief_md;
pub mod escape;
pub mod explain_md;
pub mod format;
pub mod plan_csv;
pub mod plan_html;
pub mod plan_json;
pub mod plan_terminal;
pub mod plan_verdict;
pub mod plan_words;
pub mod result_json;
pub mod terminal;
pub mod verdict;
pub mod words;
pub mod workbook;

pub use format::Lang;
