pub mod diag;
pub mod parse;
