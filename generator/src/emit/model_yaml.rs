//! `model.yaml`: the resolved model itself, for review and for other tools.

/// `model.yaml`.
pub struct ModelYaml;

impl super::Emit for ModelYaml {
    fn name(&self) -> &'static str {
        "model.yaml"
    }

    fn reads_verdicts(&self) -> bool {
        false
    }

    fn emit(
        &self,
        input: &super::Input,
        files: &mut dyn super::Files,
    ) -> Result<Vec<crate::diag::Diagnostic>, crate::Error> {
        let header = super::header("#", input.label);
        files.write(self.name(), &mut |w| {
            crate::yaml::write(w, &header, input.model)
        })?;
        Ok(Vec::new())
    }
}
