//! Pass 6, JSON representations: each resource block's JSON compared with its type's tables;
//! a key the tables lack is added, typed from its value.

use super::Builder;
use super::declare::{Declaration, Origin};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::diag::{Code, Sink};
use crate::model::{Property, SourcePages, TypeRef, infer};

impl<'a> Builder<'_, 'a> {
    pub(super) fn compare_json_representations(
        &mut self,
        declarations: &BTreeMap<String, Vec<Declaration>>,
    ) {
        for (qualified, decls) in declarations {
            let Some(first) = decls.first() else { continue };
            let Origin::Resource(n) = first.origin else {
                continue;
            };
            let page = self.docs.pages[first.page];
            let block = &page.resources[n];
            let Some(json) = &block.json else { continue };
            let block_at = self.docs.at(first.page, block.line);
            let all: BTreeSet<String> = self
                .ancestors(qualified)
                .flat_map(|(_, t)| t.properties.keys().cloned())
                .collect();
            // Lowercased names, so each key is matched ignoring case in constant time.
            let all_lowercase: HashMap<String, &String> =
                all.iter().map(|p| (p.to_ascii_lowercase(), p)).collect();
            let open = self.types.get(qualified).is_some_and(|t| t.open_type);
            for (key, value) in json {
                if key.starts_with('@') || all.contains(key) {
                    continue;
                }
                // An open type's representation shows sample dynamic members.
                if open {
                    self.evidence.open_type_sample_keys += 1;
                    continue;
                }
                // At the member's value when the JSON was strict, else at the block: found
                // only for a diagnostic that is kept (a body of a million members asks for 101).
                let mut place = None;
                let mut report = |sink: &mut Sink, code, message: &dyn Fn() -> String| {
                    sink.push_with(&block_at.path, code, || {
                        let (line, col) = *place.get_or_insert_with(|| {
                            (block.source.as_ref())
                                .and_then(|s| s.member(key))
                                .unwrap_or((block_at.line, block_at.col))
                        });
                        (line, col, message())
                    });
                };
                if let Some(other) = all_lowercase.get(&key.to_ascii_lowercase()) {
                    report(&mut self.sink, Code::PropertyCaseMismatch, &|| {
                        format!("`{key}` in the JSON representation is `{other}` in the table")
                    });
                    continue;
                }
                let (ty, collection) = infer::infer(value);
                let ty = match ty {
                    TypeRef::Named(name) => self.docs.index.named(&name, page.namespace.as_deref()),
                    other => other,
                };
                if let TypeRef::Unknown(name) = &ty {
                    report(&mut self.sink, Code::NameInvalid, &|| {
                        format!(
                            "`{name}` (the `@odata.type` of `{key}`) is not a type name; `{key}` is left untyped"
                        )
                    });
                }
                report(&mut self.sink, Code::PropertyNotInTable, &|| {
                    format!(
                        "`{key}` is in the JSON representation but not in the table; added as `{ty}`"
                    )
                });
                if let Some(t) = self.types.get_mut(qualified) {
                    t.properties.insert(
                        key.clone(),
                        Property {
                            ty,
                            collection,
                            navigation: false,
                            nullable: None,
                            read_only: false,
                            values: Vec::new(),
                            description: String::new(),
                            sources: SourcePages::one(page.path.clone()),
                            line: block.line,
                        },
                    );
                }
            }
            let optional: HashSet<&str> = block
                .annotation
                .optional_properties
                .iter()
                .map(String::as_str)
                .collect();
            let keys: HashSet<String> = json.keys().map(|k| k.to_ascii_lowercase()).collect();
            let missing: Vec<String> = self.types.get(qualified).map_or_else(Vec::new, |t| {
                t.properties
                    .iter()
                    .filter(|(name, p)| {
                        !p.navigation
                            && !optional.contains(name.as_str())
                            && !keys.contains(&name.to_ascii_lowercase())
                    })
                    .map(|(name, _)| name.clone())
                    .collect()
            });
            for name in missing {
                let at = self
                    .property_at
                    .get(&(qualified.clone(), name.clone()))
                    .map_or_else(
                        || block_at.clone(),
                        |&(page, line, _)| self.docs.at(page, line),
                    );
                self.sink.push(
                    at,
                    Code::PropertyNotInJson,
                    format!("`{name}` is in the table but not in the JSON representation"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::pages::{model, resource, said};
    use crate::diag::Code;
    use crate::model::TypeRef;
    use crate::vocab::Primitive;

    #[test]
    fn a_key_the_table_lacks_is_added_from_its_value_and_a_row_the_json_lacks_reported() {
        let (path, text) = resource(
            "widget",
            "",
            &["size | Int32 | The size.", "color | String | Its color."],
            "{\n  \"size\": 1,\n  \"weight\": 2.5,\n  \"Size\": 3\n}",
        );
        let (model, diagnostics) = model(&[(path.clone(), text)]);
        let widget = model.get("microsoft.graph.widget").expect("declared");
        assert_eq!(
            widget.properties["weight"].ty,
            TypeRef::Primitive(Primitive::Double)
        );
        assert!(said(
            &diagnostics,
            Code::PropertyNotInTable,
            &path,
            "`weight`"
        ));
        assert!(said(
            &diagnostics,
            Code::PropertyCaseMismatch,
            &path,
            "`Size`"
        ));
        assert!(said(
            &diagnostics,
            Code::PropertyNotInJson,
            &path,
            "`color`"
        ));
        // At the member, not the block.
        let weight = diagnostics
            .iter()
            .find(|d| d.code == Code::PropertyNotInTable)
            .expect("reported");
        assert!(weight.location.col > 1, "{weight}");
    }
}
