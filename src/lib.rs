//! courtier: decide, explain and compare how a government cloud broker awards contracts.
#![deny(missing_docs)]

pub mod domain;
pub mod io;
