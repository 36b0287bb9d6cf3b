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

    fn emit(&self, input: &super::Input) -> Result<super::Output, crate::Error> {
        let yaml = emit(input.model, input.label).map_err(super::failed(self.name()))?;
        Ok(super::Output::file(self.name(), yaml))
    }
}
