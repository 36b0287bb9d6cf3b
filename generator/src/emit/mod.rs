//! Stage three: the model → one file per output. Emitters read only the model.
//!
//! The Rust models ([`rust`]) are what a build script wants and are always built; the other
//! outputs and the `Emit` machinery that runs them side by side come with the `outputs`
//! feature.

#[cfg(feature = "outputs")]
pub mod cases;
#[cfg(feature = "outputs")]
pub mod csdl;
#[cfg(feature = "outputs")]
pub mod model_yaml;
#[cfg(feature = "outputs")]
pub mod openapi;
pub mod rust;

/// The header every generated file starts with, in the file's comment syntax.
pub fn header(comment: &str, docs_label: &crate::Label) -> String {
    format!(
        "{comment} {GENERATED_MARK} from the markdown pages in `{docs_label}/`. Do not edit.\n\
         {comment} Regenerate with: {}\n",
        docs_label.regenerate
    )
}

/// What every output reads: the model, the checks' verdicts, and the run's settings.
#[cfg(feature = "outputs")]
pub struct Input<'a> {
    pub model: &'a crate::model::Model,
    /// The Rust view of the model, which the Rust outputs render.
    pub view: &'a crate::rust_view::RustView<'a>,
    pub verdicts: &'a crate::check::Verdicts,
    pub label: &'a crate::Label,
    pub openapi: &'a openapi::OpenApiOptions,
}

pub use crate::write::{EARLIER_MARKS, Files, GENERATED_MARK, InMemory};

/// One output format. A new output is an implementation of this in a file of `emit/` and one
/// line in [`OUTPUTS`]; outputs run side by side, and each is the same whichever finishes
/// first.
#[cfg(feature = "outputs")]
pub trait Emit: Sync {
    /// The files it writes, for messages.
    fn name(&self) -> &'static str;
    /// Whether it reads the checks' verdicts. An output that does not runs while the checks
    /// run, and its input holds empty verdicts; a test holds each such output to the same bytes
    /// with the verdicts as without.
    fn reads_verdicts(&self) -> bool {
        true
    }
    /// Writes its files into `files`; returns the docs defects only it could find.
    fn emit(
        &self,
        input: &Input,
        files: &mut dyn Files,
    ) -> Result<Vec<crate::diag::Diagnostic>, crate::Error>;
}

/// Every output of a run, in the order their files are listed.
#[cfg(feature = "outputs")]
pub const OUTPUTS: &[&dyn Emit] = &[
    &model_yaml::ModelYaml,
    &openapi::OpenApi,
    &csdl::CsdlXml,
    &rust::RustCrate,
    &cases::CaseFiles,
];

#[cfg(all(test, feature = "outputs"))]
mod tests {
    use super::*;

    /// Outputs that say they do not read the verdicts run before the checks end, with empty
    /// verdicts: they must write the same bytes as with the real ones.
    #[test]
    fn outputs_that_read_no_verdicts_write_the_same_without_them() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
        let docs = crate::read_docs(&dir).expect("the fixtures read");
        let (model, _) = crate::model::build(crate::parse_pages(&docs.pages));
        let view = crate::rust_view::RustView::new(&model);
        let verdicts = crate::check::run(&view);
        assert!(
            !verdicts.examples.failed.is_empty() && !verdicts.cases.by_example.is_empty(),
            "the fixtures' verdicts are not empty"
        );
        let none = crate::check::Verdicts::default();
        let label = crate::Label::named("fixtures");
        let options = openapi::OpenApiOptions::default();
        let files = |verdicts: &crate::check::Verdicts, output: &dyn Emit| {
            let input = Input {
                model: &model,
                view: &view,
                verdicts,
                label: &label,
                openapi: &options,
            };
            let mut files = InMemory::default();
            let found = output.emit(&input, &mut files).expect("the output writes");
            (files.0, found)
        };
        let mut without = 0;
        for output in OUTPUTS {
            let same = files(&verdicts, *output) == files(&none, *output);
            if output.reads_verdicts() {
                continue;
            }
            without += 1;
            assert!(same, "{} reads the verdicts", output.name());
        }
        assert!(without > 0);
        // And the test can tell: an output that reads them writes otherwise without them.
        let cases = OUTPUTS.iter().find(|o| o.name() == "cases.yaml").unwrap();
        assert_ne!(files(&verdicts, *cases), files(&none, *cases));
    }
}
