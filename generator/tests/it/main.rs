//! The generator's integration tests, as one binary: the CLI contract (`cli`) and the
//! properties of naming and route normalization (`properties`, proptest).

mod build_script;
mod cli;
mod contract;
mod properties;
mod tidy;
