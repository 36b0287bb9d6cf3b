//! `model.yaml`: the resolved model itself, for review and for other tools.

use crate::model::Model;

pub fn emit(model: &Model, docs_label: &crate::Label) -> Result<String, serde_yaml::Error> {
    let mut out = super::header("#", docs_label);
    out.push_str(&super::yaml::for_yaml_1_1_readers(&serde_yaml::to_string(
        model,
    )?));
    Ok(out)
}
