//! courtier: decide, explain and compare how a government cloud broker awards contracts.
#![deny(missing_docs)]

pub mod compare;
pub mod domain;
pub mod eligibility;
pub mod explain;
pub mod generate;
pub mod io;
pub mod memory;
pub mod model;
pub mod parallel;
pub mod plan;
pub mod report;
pub mod shard;
pub mod solve;
pub mod summary;
pub mod sweep;
pub mod verify;
pub mod whatif;
