//! Stage four: the checks. Each documented example is checked against the model, and the
//! verdicts are what the outputs read: the OpenAPI document leaves out the examples that fail
//! their schema, the cases record each example's known failure. A check reads only the model
//! (and the schemas built from it); it writes no file.

pub mod case;
pub mod examples;
pub mod round_trip;

pub use examples::Checked;

/// Every check's verdict on the model's examples.
#[derive(Debug, Default)]
pub struct Verdicts {
    /// The examples against their operations' schemas.
    pub examples: Checked,
    /// Each example as a test case: its URL and its bodies' round trips through the models.
    pub cases: case::CaseVerdicts,
}

impl Verdicts {
    /// Every check's diagnostics.
    pub fn diagnostics(&self) -> impl Iterator<Item = &crate::diag::Diagnostic> {
        self.examples
            .diagnostics
            .iter()
            .chain(&self.cases.diagnostics)
    }
}

/// Runs every check; the case verdicts read the bodies through the Rust view of the model.
pub fn run(view: &crate::rust_view::RustView) -> Verdicts {
    let examples = examples::check(view.model());
    let cases = case::check(view, &examples.reported);
    Verdicts { examples, cases }
}
