//! Passes 3 and 5, inheritance: base types the page and the annotation disagree on, `Derived
//! types` tables, base types checked and cycles broken, keys inherited, entity or complex
//! decided; then properties that restate an inherited one dropped.

use super::Builder;
use super::declare::Declaration;
use super::types::conflict;
use std::collections::{BTreeMap, HashSet};

use crate::diag::{Code, Location};
use crate::model::{TypeKind, TypeRef, split_qualified};

impl<'a> Builder<'_, 'a> {
    /// A type whose page and annotation name different base types keeps the annotation's,
    /// unless the page's derives from it: then the page's is the more specific, and is used.
    /// Either way the conflict is reported.
    pub(super) fn settle_base_conflicts(&mut self) {
        for (qualified, stated, page, line) in std::mem::take(&mut self.base_conflicts) {
            let Some(annotated) = self.types.get(&qualified).and_then(|t| t.base_type.clone())
            else {
                continue;
            };
            let more_specific = self.derives_from(&stated, &annotated);
            let message = if more_specific {
                if let Some(t) = self.types.get_mut(&qualified) {
                    t.base_type = Some(stated.clone());
                }
                self.evidence.base_type_prose += 1;
                self.evidence.base_type_annotation -= 1;
                format!(
                    "the page says `{qualified}` derives from `{stated}`, its annotation says `{annotated}`; `{stated}` derives from `{annotated}`, so it is used"
                )
            } else {
                format!(
                    "the page says `{qualified}` derives from `{stated}`, its annotation says `{annotated}`; the annotation is used"
                )
            };
            let at = self.docs.at(page, line);
            self.sink.push(at, Code::BaseTypeConflict, message);
        }
    }

    /// `Derived types` tables: each type a base type's page lists derives from it, unless it
    /// states another base type itself (then that is reported, and kept).
    pub(super) fn derived_type_tables(
        &mut self,
        declarations: &BTreeMap<String, Vec<Declaration>>,
    ) {
        // The page each type is declared on first, for the pages that declare one type.
        let mut declared_on: BTreeMap<usize, Vec<&String>> = BTreeMap::new();
        for (qualified, decls) in declarations {
            if let Some(first) = decls.first() {
                declared_on.entry(first.page).or_default().push(qualified);
            }
        }
        for (page, types) in declared_on {
            let [base] = types.as_slice() else { continue };
            let listed = &self.docs.pages[page].derived_types;
            for (spec, line) in listed {
                let resolved = self.docs.resolve(spec, page, *line, &mut self.sink);
                let TypeRef::Named(derived) = resolved.ty else {
                    continue;
                };
                if derived == **base {
                    continue;
                }
                // A type that derives from the base through another lists rightly.
                let indirect = self.derives_from(&derived, base);
                let Some(ty) = self.types.get_mut(&derived) else {
                    continue;
                };
                match &ty.base_type {
                    None => {
                        ty.base_type = Some((*base).clone());
                        self.evidence.base_type_derived_table += 1;
                    }
                    Some(stated) if !indirect && !stated.eq_ignore_ascii_case(base) => {
                        let message = format!(
                            "`{base}` lists `{derived}` among its derived types, but `{derived}` derives from `{stated}`; that is kept"
                        );
                        let at = self.docs.at(page, *line);
                        self.sink.push(at, Code::BaseTypeConflict, message);
                    }
                    Some(_) => {}
                }
            }
        }
    }

    /// Whether `base` is a base of `qualified`, however far up.
    fn derives_from(&self, qualified: &str, base: &str) -> bool {
        self.ancestors(qualified)
            .any(|(_, t)| t.base_type.as_deref() == Some(base))
    }

    /// The first base in `qualified`'s chain that the chain has already passed: the chain is
    /// cyclic through it.
    fn cycle(&self, qualified: &str) -> Option<String> {
        let mut seen = HashSet::new();
        self.ancestors(qualified).find_map(|(name, t)| {
            seen.insert(name);
            let base = t.base_type.as_deref()?;
            seen.contains(base).then(|| base.to_owned())
        })
    }

    /// The root of the entity hierarchy, when the docs have exactly one: an abstract type with
    /// a key and no base (`entity` with key `id` in Graph's docs).
    pub(super) fn entity_root(&self) -> Option<(String, String)> {
        let mut roots = self
            .types
            .iter()
            .filter(|(_, t)| t.r#abstract && t.base_type.is_none() && t.key.is_some());
        let (name, root) = roots.next()?;
        if roots.next().is_some() {
            return None;
        }
        Some((name.clone(), root.key.clone()?))
    }

    /// Properties typed "X or Y" take the types' nearest common base; without one, the cell
    /// names no type.
    pub(super) fn common_bases(&mut self) {
        for either in std::mem::take(&mut self.either) {
            // The first type's chain, kept where every other type's chain has it: sets, so a
            // hostile chain costs its length, not its square.
            let common = either.types.as_ref().and_then(|types| {
                let (first, rest) = types.split_first()?;
                let others: Vec<std::collections::HashSet<&str>> = rest
                    .iter()
                    .map(|t| self.ancestors(t).map(|(n, _)| n).collect())
                    .collect();
                self.ancestors(first)
                    .map(|(n, _)| n)
                    .find(|n| others.iter().all(|chain| chain.contains(n)))
                    .map(str::to_owned)
            });
            let Some(p) = (self.types.get_mut(&either.owner))
                .and_then(|t| t.properties.get_mut(&either.property))
            else {
                continue;
            };
            match common {
                Some(common) => {
                    p.ty = TypeRef::Named(common);
                    self.evidence.common_base_types += 1;
                }
                None => {
                    p.ty = TypeRef::Unknown(either.cell.clone());
                    // A name no page defines was reported where the cell was resolved.
                    if either.types.is_some() {
                        let message = format!(
                            "`{}`: the types it offers share no base type; kept as written",
                            either.cell
                        );
                        self.sink.push(either.at, Code::TypeUnknown, message);
                    }
                }
            }
        }
    }

    pub(super) fn inheritance(&mut self) {
        let names: Vec<String> = self.types.keys().cloned().collect();
        for qualified in &names {
            let Some(base) = self.types.get(qualified).and_then(|t| t.base_type.clone()) else {
                continue;
            };
            let fixed = if self.types.contains_key(&base) {
                Some(base.clone())
            } else {
                self.docs
                    .index
                    .lookup(&base, split_qualified(qualified).map(|(ns, _)| ns))
            };
            let at = self.declaration_location(qualified);
            match fixed {
                Some(found) if found != *qualified => {
                    if let Some(t) = self.types.get_mut(qualified) {
                        t.base_type = Some(found);
                    }
                }
                _ => {
                    self.sink.push(
                        at,
                        Code::BaseTypeInvalid,
                        format!(
                            "the base type `{base}` of `{qualified}` is not a type any page defines"
                        ),
                    );
                    if let Some(t) = self.types.get_mut(qualified) {
                        t.base_type = None;
                    }
                }
            }
        }
        for qualified in &names {
            if let Some(cyclic) = self.cycle(qualified) {
                let at = self.declaration_location(qualified);
                self.sink.push(at, Code::BaseTypeInvalid, format!("the inheritance of `{qualified}` is cyclic through `{cyclic}`; its base type is dropped"));
                if let Some(t) = self.types.get_mut(qualified) {
                    t.base_type = None;
                }
            }
        }
        // A keyed type that states no base, keyed like the root, derives from the root: every
        // entity in such docs does, and pages often leave it unsaid.
        if let Some((root, root_key)) = self.entity_root() {
            for qualified in &names {
                if *qualified == root {
                    continue;
                }
                if let Some(t) = self.types.get_mut(qualified) {
                    if t.base_type.is_none() && t.key.as_deref() == Some(root_key.as_str()) {
                        t.base_type = Some(root.clone());
                        t.key = None;
                    }
                }
            }
        }
        for qualified in &names {
            // `"keyProperty": "id"` on a type that inherits the key `id` restates it.
            let inherited_key = self
                .ancestors(qualified)
                .skip(1)
                .find_map(|(_, t)| t.key.clone());
            if let (Some(inherited), Some(t)) = (inherited_key, self.types.get_mut(qualified)) {
                if t.key.as_ref() == Some(&inherited) {
                    t.key = None;
                }
            }
        }
        for qualified in &names {
            let keyed = self.ancestors(qualified).any(|(_, t)| t.key.is_some());
            if let Some(t) = self.types.get_mut(qualified) {
                if t.kind != TypeKind::Enum && keyed {
                    t.kind = TypeKind::Entity;
                }
            }
        }
    }

    /// Where a type is declared: its resource block, enum table or title.
    pub(super) fn declaration_location(&self, qualified: &str) -> Location {
        let Some(t) = self.types.get(qualified) else {
            return Location::at(String::new(), 1);
        };
        let path = t.sources.first().cloned().unwrap_or_default();
        Location::at(path, t.line.max(1))
    }

    pub(super) fn drop_inherited_restatements(&mut self) {
        let names: Vec<String> = self.types.keys().cloned().collect();
        for qualified in &names {
            // Each property a base states too, and how its type differs from the base's, if
            // it does.
            let restated: Vec<(String, Option<String>)> =
                self.types.get(qualified).map_or_else(Vec::new, |t| {
                    t.properties
                        .iter()
                        .filter_map(|(name, property)| {
                            self.ancestors(qualified).skip(1).find_map(|(base, b)| {
                                let inherited = b.properties.get(name)?;
                                Some((name.clone(), conflict(name, base, inherited, property)))
                            })
                        })
                        .collect()
                });
            for (name, conflict) in restated {
                if let Some(message) = conflict {
                    let at = self
                        .property_at
                        .get(&(qualified.clone(), name.clone()))
                        .map_or_else(
                            || self.declaration_location(qualified),
                            |&(page, line, ty_col)| self.docs.at_cell(page, (line, ty_col)),
                        );
                    self.sink.push(at, Code::PropertyTypeConflict, message);
                }
                if let Some(t) = self.types.get_mut(qualified) {
                    t.properties.remove(&name);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::pages::{entity_root, model, resource, said};
    use crate::diag::Code;
    use crate::model::TypeKind;

    #[test]
    fn a_cell_offering_two_types_names_their_nearest_common_base() {
        let base = |name: &str, of: &str| {
            resource(
                name,
                &format!("\"baseType\": \"microsoft.graph.{of}\""),
                &["x | String | X."],
                "{}",
            )
        };
        let pages = [
            resource("channel", "", &["name | String | The name."], "{}"),
            base("mailChannel", "channel"),
            base("textChannel", "channel"),
            resource("lone", "", &["y | String | Y."], "{}"),
            resource(
                "notice",
                "",
                &[
                    "via | mailChannel or textChannel | Either channel.",
                    "odd | mailChannel or lone | Types with nothing in common.",
                    "ghost | mailChannel or ghostChannel | A type no page defines.",
                ],
                "{}",
            ),
        ];
        let (model, diagnostics) = model(&pages);
        let notice = model.get("microsoft.graph.notice").unwrap();
        assert_eq!(
            notice.properties["via"].ty,
            crate::model::TypeRef::Named("microsoft.graph.channel".into())
        );
        assert!(matches!(
            notice.properties["odd"].ty,
            crate::model::TypeRef::Unknown(_)
        ));
        assert!(said(
            &diagnostics,
            Code::TypeUnknown,
            &pages[4].0,
            "share no base type"
        ));
        assert_eq!(model.evidence.common_base_types, 1);
        // A name no page defines is reported as such, once, and the cell kept as written.
        assert!(matches!(
            &notice.properties["ghost"].ty,
            crate::model::TypeRef::Unknown(cell) if cell == "mailChannel or ghostChannel"
        ));
        assert!(said(
            &diagnostics,
            Code::TypeUndefined,
            &pages[4].0,
            "`ghostChannel`"
        ));
        let about_ghost = |d: &&crate::diag::Diagnostic| d.message.contains("ghostChannel");
        assert_eq!(diagnostics.iter().filter(about_ghost).count(), 1);
    }

    #[test]
    fn a_cyclic_chain_is_broken_and_reported() {
        let a = resource("alpha", "\"baseType\": \"microsoft.graph.beta\"", &[], "{}");
        let b = resource("beta", "\"baseType\": \"microsoft.graph.alpha\"", &[], "{}");
        let (model, diagnostics) = model(&[a, b]);
        let broken = ["alpha", "beta"]
            .iter()
            .filter(|n| {
                model
                    .get(&format!("microsoft.graph.{n}"))
                    .is_some_and(|t| t.base_type.is_none())
            })
            .count();
        assert!(broken >= 1, "a type of the cycle keeps no base");
        assert!(
            diagnostics
                .iter()
                .any(|d| d.code == Code::BaseTypeInvalid && d.message.contains("cyclic"))
        );
    }

    #[test]
    fn a_key_is_inherited_and_makes_an_entity() {
        let root = entity_root();
        let derived = resource(
            "widget",
            "\"baseType\": \"microsoft.graph.entity\"",
            &["size | Int32 | The size."],
            "{\"size\": 1}",
        );
        let (model, _) = model(&[root, derived]);
        let widget = model.get("microsoft.graph.widget").expect("declared");
        assert_eq!(widget.kind, TypeKind::Entity);
        assert_eq!(widget.key, None, "the key is the base's");
        assert_eq!(widget.base_type.as_deref(), Some("microsoft.graph.entity"));
    }

    #[test]
    fn a_base_no_page_defines_is_reported_and_dropped() {
        let (path, text) = resource(
            "widget",
            "\"baseType\": \"microsoft.graph.nowhere\"",
            &[],
            "{}",
        );
        let (model, diagnostics) = model(&[(path.clone(), text)]);
        assert_eq!(model.get("microsoft.graph.widget").unwrap().base_type, None);
        assert!(said(&diagnostics, Code::BaseTypeInvalid, &path, "nowhere"));
    }
}
