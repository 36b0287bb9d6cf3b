//! The integration tests, as one binary: one link instead of one per file, and one process
//! whose tests share what `common::generated` made once.

mod common;

mod cases;
mod corpus;
mod csdl;
mod determinism;
mod diff;
mod docs_input;
mod drift;
mod filter;
mod fixtures;
mod generated;
mod hostile;
mod openapi;
mod robustness;
mod round_trip;
mod rust;
