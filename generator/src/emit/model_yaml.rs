//! `model.yaml`: the resolved model itself, for review and for other tools.

use crate::model::Model;

pub fn emit(model: &Model, docs_label: &crate::Label) -> Result<String, serde_yaml::Error> {
    let mut out = super::header("#", docs_label);
    out.push_str(&super::yaml::for_yaml_1_1_readers(&serde_yaml::to_string(
        model,
    )?));
    Ok(out)
}

/// `model.yaml`.
pub struct ModelYaml;

impl super::Emit for ModelYaml {
    fn name(&self) -> &'static str {
        "model.yaml"
    }

    fn emit(
        &self,
        input: &super::Input,
        files: &mut dyn super::Files,
    ) -> Result<Vec<crate::diag::Diagnostic>, crate::Error> {
        let header = super::header("#", input.label);
        files.write(self.name(), &mut |w| {
            super::yaml::write(w, &header, input.model)
        })?;
        Ok(Vec::new())
    }
}
