//! Pass 2, the types: each from its authoritative page's tables (and enum tables), and the
//! property lookups through a type's bases that every later pass uses.

use super::declare::{Declaration, Origin};
use super::{Builder, declared_name, describes};
use std::collections::{BTreeMap, HashMap};

use crate::diag::{Code, Location};
use crate::model::{EnumMember, Property, SourcePages, TypeDef, TypeKind, TypeRef};
use crate::parse::{Page, PageKind, PropertyRow};

/// Which of a page's property tables describe which type: those under a heading that names
/// their owner ("### sharingDetail type"), and the unnamed ones, given to the resource block
/// that follows them (or the last), or to any type when the page declares at most one.
#[derive(Default)]
pub(super) struct PageTables {
    /// Lowercased owner name → tables.
    pub(super) owned: HashMap<String, Vec<usize>>,
    pub(super) unowned: Vec<usize>,
    /// Qualified name → the unnamed tables before its block; `None` when every type gets all.
    pub(super) unowned_by_type: Option<HashMap<String, Vec<usize>>>,
}

impl<'a> Builder<'_, 'a> {
    pub(super) fn authoritative_types(
        &mut self,
        declarations: &BTreeMap<String, Vec<Declaration>>,
    ) {
        for (qualified, decls) in declarations {
            let Some(first) = decls.first().copied() else {
                continue;
            };
            let page: &'a Page = self.docs.pages[first.page];
            let mut ty = TypeDef {
                kind: TypeKind::Complex,
                base_type: None,
                key: None,
                r#abstract: false,
                open_type: false,
                has_stream: false,
                flags: false,
                // A page describes the type its title names (or its only type), not the others
                // it declares on the way.
                description: describes(page, qualified)
                    .then(|| {
                        page.description
                            .clone()
                            .or_else(|| page.front_matter.description.clone())
                    })
                    .flatten(),
                properties: BTreeMap::new(),
                members: Vec::new(),
                sources: vec![page.path.clone()],
                line: first.line.max(1),
                inferred: false,
                methods: if describes(page, qualified) {
                    page.methods
                        .iter()
                        .map(|m| crate::model::file_name(m))
                        .collect()
                } else {
                    Vec::new()
                },
            };
            match first.origin {
                Origin::Enum(n) => {
                    ty.kind = TypeKind::Enum;
                    // A "### x values" table on a resource page is not described by that page.
                    if page.kind != PageKind::Enum {
                        ty.description = None;
                    }
                    self.types.insert(qualified.clone(), ty);
                    // Every page's table of this enum adds its members; the same member twice
                    // is one member.
                    for d in decls {
                        if let Origin::Enum(n2) = d.origin {
                            self.add_enum_members(
                                qualified,
                                d.page,
                                n2,
                                d.page == first.page && n2 == n,
                            );
                        }
                    }
                    continue;
                }
                Origin::Resource(n) => {
                    let a = &page.resources[n].annotation;
                    ty.key = a.key_property.clone();
                    ty.r#abstract = a.r#abstract;
                    ty.open_type = a.open_type;
                    ty.has_stream = a.is_media_entity;
                    if ty.key.is_some() {
                        ty.kind = TypeKind::Entity;
                    }
                    ty.base_type = a
                        .base_type
                        .as_deref()
                        .map(|b| self.docs.index.qualify(b, page.namespace.as_deref()));
                }
                Origin::Title => {}
            }
            if ty.base_type.is_some() {
                self.evidence.base_type_annotation += 1;
            }
            if let Some((spec, line)) = &page.inherits_from {
                let resolved = self.docs.resolve(spec, first.page, *line, &mut self.sink);
                if let TypeRef::Named(base) = resolved.ty {
                    match &ty.base_type {
                        None => {
                            ty.base_type = Some(base);
                            self.evidence.base_type_prose += 1;
                        }
                        Some(annotated) if !annotated.eq_ignore_ascii_case(&base) => {
                            // Settled once every type is declared: the more specific may win.
                            self.base_conflicts
                                .push((qualified.clone(), base, first.page, *line));
                        }
                        Some(_) => {}
                    }
                }
            }
            self.types.insert(qualified.clone(), ty);
            for table in self.tables_of(first.page, qualified) {
                let table = &page.property_tables[table];
                for row in &table.rows {
                    self.add_property(qualified, first.page, row, table.navigation, true);
                }
            }
        }
    }

    /// The property tables of a page that describe `qualified`: tables whose heading names it,
    /// and unnamed tables when the page declares it (with several resource blocks, the tables
    /// before each block).
    pub(super) fn tables_of(&self, page: usize, qualified: &str) -> Vec<usize> {
        let mut cache = self.page_tables.borrow_mut();
        let tables = cache
            .entry(page)
            .or_insert_with(|| self.read_page_tables(page));
        let short = crate::model::short_name(qualified);
        let mut out: Vec<usize> = tables
            .owned
            .get(&short.to_ascii_lowercase())
            .cloned()
            .unwrap_or_default();
        match &tables.unowned_by_type {
            None => out.extend(&tables.unowned),
            Some(by_type) => out.extend(by_type.get(qualified).into_iter().flatten()),
        }
        out.sort_unstable();
        out
    }

    /// A page's tables by type, in one pass over its tables and resource blocks.
    pub(super) fn read_page_tables(&self, page: usize) -> PageTables {
        let p = self.docs.pages[page];
        let declared: Vec<(u32, String)> = p
            .resources
            .iter()
            .filter_map(|r| {
                let name = declared_name(p, &r.annotation)?;
                Some((
                    r.line,
                    self.docs.index.qualify(&name, p.namespace.as_deref()),
                ))
            })
            .collect();
        let mut tables = PageTables::default();
        if declared.len() > 1 {
            tables.unowned_by_type = Some(HashMap::new());
        }
        for (i, t) in p.property_tables.iter().enumerate() {
            if let Some(owner) = &t.owner {
                tables
                    .owned
                    .entry(owner.to_ascii_lowercase())
                    .or_default()
                    .push(i);
                continue;
            }
            tables.unowned.push(i);
            if let Some(by_type) = &mut tables.unowned_by_type {
                // The first block after the table (blocks come in page order), else the last.
                let after = declared.partition_point(|(line, _)| *line <= t.line);
                if let Some((_, q)) = declared.get(after).or(declared.last()) {
                    by_type.entry(q.clone()).or_default().push(i);
                }
            }
        }
        tables
    }

    pub(super) fn add_enum_members(
        &mut self,
        qualified: &str,
        page: usize,
        table: usize,
        authoritative: bool,
    ) {
        let p = self.docs.pages[page];
        let Some(t) = p.enums.get(table) else { return };
        let Some(ty) = self.types.get_mut(qualified) else {
            return;
        };
        ty.flags |= t.flags;
        if !authoritative && !ty.sources.contains(&p.path) {
            ty.sources.push(p.path.clone());
        }
        for m in &t.members {
            if !ty.members.iter().any(|e| e.name == m.name) {
                ty.members.push(EnumMember {
                    name: m.name.clone(),
                    value: m.value,
                    description: m.description.clone(),
                    line: m.line,
                });
            }
        }
        if ty.members.is_empty() && authoritative {
            self.sink.push(
                Location::at(p.path.clone(), t.line),
                Code::EnumMemberInvalid,
                format!("the enum `{qualified}` has no members"),
            );
        }
    }

    /// Adds a table row to a type. `authoritative` rows come from the type's own page; others
    /// add to it, and where they disagree that is a diagnostic.
    pub(super) fn add_property(
        &mut self,
        qualified: &str,
        page: usize,
        row: &PropertyRow,
        navigation: bool,
        authoritative: bool,
    ) {
        // `@odata.etag`, `@microsoft.graph.conflictBehavior`: instance annotations the page
        // documents beside the properties, as the JSON representation shows them; no property.
        if row.name.starts_with('@') {
            self.evidence.instance_annotation_rows += 1;
            return;
        }
        if let Ok(crate::parse::TypeSpec {
            cell: crate::parse::TypeCell::Either(names),
            ..
        }) = &row.ty
        {
            let p = self.docs.pages[page];
            let types = names
                .iter()
                .map(|n| self.docs.index.lookup(n, p.namespace.as_deref()))
                .collect();
            let mut at = self.docs.at(page, row.line);
            at.col = row.ty_col.max(1);
            self.either.push(super::Either {
                owner: qualified.to_owned(),
                property: row.name.clone(),
                cell: names.join(" or "),
                types,
                at,
            });
        }
        let (ty, collection, values) = match &row.ty {
            Ok(spec) => {
                let r = self
                    .docs
                    .resolve_cell(spec, page, (row.line, row.ty_col), &mut self.sink);
                (r.ty, r.collection, r.values)
            }
            Err(raw) => (TypeRef::Unknown(raw.clone()), false, Vec::new()),
        };
        let path = &self.docs.pages[page].path;
        let property = Property {
            ty,
            collection,
            navigation,
            nullable: row.nullable,
            read_only: row.read_only,
            values,
            description: row.description.clone(),
            sources: SourcePages::one(path.clone()),
            line: row.line,
        };
        if !authoritative {
            if let Some((owner, existing)) = self.find_property(qualified, &row.name) {
                let conflict = conflict(&row.name, owner, existing, &property);
                let owner = owner.to_owned();
                if let Some(message) = conflict {
                    let at = self.docs.at_cell(page, (row.line, row.ty_col));
                    self.sink.push(at, Code::PropertyTypeConflict, message);
                }
                if let Some(p) = self
                    .types
                    .get_mut(&owner)
                    .and_then(|t| t.properties.get_mut(&row.name))
                {
                    p.sources.extend(property.sources);
                }
                return;
            }
            let at = self.docs.at(page, row.line);
            if let Some((owner, other)) = self.find_property_ignoring_case(qualified, &row.name) {
                let message = format!("`{}` is spelled `{other}` on `{owner}`", row.name);
                self.sink.push(at, Code::PropertyCaseMismatch, message);
                return;
            }
            let message = format!(
                "`{}` is not a property of `{qualified}` on its resource page; added",
                row.name
            );
            self.sink.push(at, Code::PropertyNotInResource, message);
        }
        let Some(ty) = self.types.get_mut(qualified) else {
            return;
        };
        if let Some(existing) = ty.properties.get_mut(&row.name) {
            let same = existing.ty == property.ty && existing.collection == property.collection;
            // A Relationships row restating a Properties row says what the property is.
            existing.navigation |= same && navigation;
            let message = if same {
                Some((
                    Code::PropertyDuplicate,
                    format!("`{}` is listed twice", row.name),
                ))
            } else {
                conflict(&row.name, qualified, existing, &property)
                    .map(|m| (Code::PropertyTypeConflict, m))
            };
            if let Some((code, message)) = message {
                let at = match code {
                    Code::PropertyTypeConflict => self.docs.at_cell(page, (row.line, row.ty_col)),
                    _ => self.docs.at(page, row.line),
                };
                self.sink.push(at, code, message);
            }
            return;
        }
        if !ty.sources.contains(path) {
            ty.sources.push(path.clone());
        }
        ty.properties.insert(row.name.clone(), property);
        self.property_at
            .entry((qualified.to_owned(), row.name.clone()))
            .or_insert((page, row.line, row.ty_col));
    }

    /// The type and its bases, nearest first (the one walk, [`crate::model::ancestors`]).
    pub(super) fn ancestors<'s>(
        &'s self,
        qualified: &'s str,
    ) -> impl Iterator<Item = (&'s str, &'s TypeDef)> + 's {
        crate::model::ancestors(qualified, self.types.len(), |name| self.types.get(name))
    }

    pub(super) fn has_property(&self, qualified: &str, name: &str) -> bool {
        self.ancestors(qualified)
            .any(|(_, t)| t.properties.contains_key(name))
    }

    /// The property of that name on the type or its nearest base that has it, with that type.
    pub(super) fn find_property<'s>(
        &'s self,
        qualified: &'s str,
        name: &str,
    ) -> Option<(&'s str, &'s Property)> {
        self.ancestors(qualified)
            .find_map(|(owner, t)| Some((owner, t.properties.get(name)?)))
    }

    pub(super) fn find_property_ignoring_case<'s>(
        &'s self,
        qualified: &'s str,
        name: &str,
    ) -> Option<(&'s str, &'s str)> {
        self.ancestors(qualified).find_map(|(owner, t)| {
            let other = t.properties.keys().find(|k| k.eq_ignore_ascii_case(name))?;
            Some((owner, other.as_str()))
        })
    }
}

/// The type conflict between a property as stated here and as `owner` states it, if any.
pub(super) fn conflict(
    name: &str,
    owner: &str,
    existing: &Property,
    new: &Property,
) -> Option<String> {
    if existing.ty == new.ty && existing.collection == new.collection {
        return None;
    }
    let show = |p: &Property| {
        if p.collection {
            format!("Collection({})", p.ty)
        } else {
            p.ty.to_string()
        }
    };
    let first = existing.sources.iter().next().map_or("", String::as_str);
    Some(format!(
        "`{name}` is `{}` here but `{}` on `{owner}` (`{first}`)",
        show(new),
        show(existing)
    ))
}

#[cfg(test)]
mod tests {
    use super::super::pages::{model, resource, said};
    use crate::diag::Code;
    use crate::model::TypeRef;
    use crate::vocab::Primitive;

    #[test]
    fn a_type_takes_its_own_pages_rows_and_a_repeated_row_is_reported() {
        let (path, text) = resource(
            "widget",
            "",
            &[
                "size | Int32 | The size.",
                "tags | String collection | Its tags.",
                "size | Int32 | Again.",
            ],
            "{\"size\": 1, \"tags\": [\"a\"]}",
        );
        let (model, diagnostics) = model(&[(path.clone(), text)]);
        let widget = model.get("microsoft.graph.widget").expect("declared");
        let size = &widget.properties["size"];
        assert_eq!(size.ty, TypeRef::Primitive(Primitive::Int32));
        assert_eq!(size.description, "The size.");
        assert!(widget.properties["tags"].collection);
        assert!(said(&diagnostics, Code::PropertyDuplicate, &path, "`size`"));
    }

    #[test]
    fn a_row_restating_a_base_property_with_another_type_is_a_conflict() {
        let base = resource(
            "thing",
            "",
            &["name | String | A name."],
            "{\"name\": \"x\"}",
        );
        let (path, text) = resource(
            "widget",
            "\"baseType\": \"microsoft.graph.thing\"",
            &["name | Int32 | Not a string here."],
            "{\"name\": 1}",
        );
        let (model, diagnostics) = model(&[base, (path.clone(), text)]);
        let widget = model.get("microsoft.graph.widget").expect("declared");
        assert!(
            !widget.properties.contains_key("name"),
            "the restatement is dropped"
        );
        assert!(said(
            &diagnostics,
            Code::PropertyTypeConflict,
            &path,
            "`name`"
        ));
    }
}
