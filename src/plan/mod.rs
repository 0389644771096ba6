//! `courtier plan`: who takes each need **and when** its migration happens, under the consolidation decree's
//! deadlines, the capacity per period of suppliers and organisations, precedences between migrations, and every
//! principle of the scenario; with committed awards (rolling use) counted and never changed.
//!
//! [`calendar`] (periods with real dates) and [`inputs`] (timing, precedences, capacities per period, the
//! scenario's `[plan]`) describe the problem; [`model`] builds the MIP; [`solve`] solves it in stages, from a plan
//! found around the LP relaxation ([`crate::solve::start`]); [`check`]
//! re-checks a plan exactly; [`diagnose`] says, when the calendar cannot hold, which needs miss which deadline and
//! the smallest change that would suffice; [`why`] says why each need moves when it does; [`waves`] summarises a
//! plan per period for the reports.

pub mod calendar;
pub mod check;
pub mod diagnose;
pub mod inputs;
pub mod model;
pub mod solve;
pub mod waves;
pub mod why;

pub use check::{check, PlanEntry, PlanViolation};
pub use model::{PlanInputs, PlanModel};
pub use solve::{plan, PlanError, PlanOutcome, Planned};
