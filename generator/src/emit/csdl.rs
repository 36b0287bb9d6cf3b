//! `csdl.xml`: the model as OData CSDL (EDMX 4.0), the format Microsoft Graph's own `$metadata`
//! uses: one `Schema` per namespace, entity, complex and enum types, bound actions and
//! functions from the routes, and an entity container with the sets and singletons the routes
//! start from. Only CSDL 4.0 types: `Edm.Single`, `Edm.Duration`, and `Edm.Untyped` for JSON.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesPI, Event};

use crate::model::service::{self, OperationKind, Service};
use crate::model::{Model, Property, TypeDef, TypeKind, TypeRef, split_qualified};
use crate::vocab::Primitive;

const EDMX: &str = "http://docs.oasis-open.org/odata/ns/edmx";
const EDM: &str = "http://docs.oasis-open.org/odata/ns/edm";
const DESCRIPTION: &str = "Org.OData.Core.V1.Description";

pub struct Csdl {
    pub xml: String,
}

type Xml = Writer<Vec<u8>>;

/// Fails only when writing XML into memory does (a bug, not a docs defect).
pub fn build(model: &Model, docs_label: &crate::Label) -> io::Result<Csdl> {
    let service = service::derive(model);
    let untyped = untyped_name(model);
    let mut emitter = Emitter {
        model,
        untyped,
        service: &service,
        placeholders: BTreeSet::new(),
    };
    let xml = emitter.document(docs_label)?;
    Ok(Csdl { xml })
}

struct Emitter<'m> {
    model: &'m Model,
    /// The open complex type that stands for JSON of no documented type.
    untyped: String,
    service: &'m Service,
    /// Referenced types no page defines (the model reported each).
    placeholders: BTreeSet<String>,
}

/// `Edm.String`, `microsoft.graph.user`, `Collection(...)`. Values of no documented type use
/// `untyped`: CSDL 4.0 has no `Edm.Untyped` (4.01 does, and OData 4.0 tools reject it).
fn type_name(ty: &TypeRef, collection: bool, untyped: &str) -> String {
    let name = match ty {
        TypeRef::Primitive(Primitive::Untyped) | TypeRef::Unknown(_) => untyped.to_owned(),
        TypeRef::Primitive(p) => p.to_string(),
        TypeRef::Named(n) => n.clone(),
    };
    if collection {
        format!("Collection({name})")
    } else {
        name
    }
}

impl Emitter<'_> {
    fn document(&mut self, docs_label: &crate::Label) -> io::Result<String> {
        // Placeholders are found while writing types, and need schemas of their own: write the
        // types first into per-namespace buffers.
        let mut namespaces: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for (ns, namespace) in &self.model.namespaces {
            let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
            for (name, ty) in &namespace.types {
                self.type_element(&mut w, ns, name, ty)?;
            }
            namespaces.insert(ns.clone(), lines(w));
        }
        let mut operations: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for op in self.service.operations.values() {
            let ns = split_qualified(&op.binding.0)
                .map_or("", |(ns, _)| ns)
                .to_owned();
            let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
            let element = if op.kind == OperationKind::Function {
                "Function"
            } else {
                "Action"
            };
            w.create_element(element)
                .with_attribute(("Name", op.name.as_str()))
                .with_attribute(("IsBound", "true"))
                .write_inner_content(|w| {
                    let binding = type_name(
                        &TypeRef::Named(op.binding.0.clone()),
                        op.binding.1,
                        &self.untyped,
                    );
                    w.create_element("Parameter")
                        .with_attribute(("Name", "bindingParameter"))
                        .with_attribute(("Type", binding.as_str()))
                        .write_empty()?;
                    for (name, ty, collection) in &op.parameters {
                        let ty = self.checked(ty);
                        let mut parameter = w
                            .create_element("Parameter")
                            .with_attribute(("Name", name.as_str()))
                            .with_attribute((
                                "Type",
                                type_name(&ty, *collection, &self.untyped).as_str(),
                            ));
                        // A function's parameters are part of its URL: they are always given.
                        if op.kind == OperationKind::Function {
                            parameter = parameter.with_attribute(("Nullable", "false"));
                        }
                        parameter.write_empty()?;
                    }
                    // A function returns something; when the docs do not say what, anything.
                    let untyped = (TypeRef::Primitive(Primitive::Untyped), false);
                    let returns = op
                        .return_type
                        .as_ref()
                        .or((op.kind == OperationKind::Function).then_some(&untyped));
                    if let Some((ty, collection)) = returns {
                        let ty = self.checked(ty);
                        w.create_element("ReturnType")
                            .with_attribute((
                                "Type",
                                type_name(&ty, *collection, &self.untyped).as_str(),
                            ))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            operations.entry(ns).or_default().extend(lines(w));
        }
        let placeholders = std::mem::take(&mut self.placeholders);
        for qualified in &placeholders {
            let Some((ns, name)) = split_qualified(qualified) else {
                continue;
            };
            let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
            w.create_element("ComplexType")
                .with_attribute(("Name", name))
                .with_attribute(("OpenType", "true"))
                .write_inner_content(|w| {
                    description(
                        w,
                        "A placeholder: the docs refer to this type but no page defines it.",
                    )
                })?;
            namespaces
                .entry(ns.to_owned())
                .or_default()
                .extend(lines(w));
        }
        let container_ns = container_namespace(self.model);
        if let Some((ns, name)) = split_qualified(&self.untyped) {
            let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
            w.create_element("ComplexType").with_attribute(("Name", name)).with_attribute(("OpenType", "true")).write_inner_content(|w| {
                description(w, "Any JSON value: what the docs type as JSON, or with a type cell that names no type.")
            })?;
            namespaces
                .entry(ns.to_owned())
                .or_default()
                .extend(lines(w));
        }
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        // The generated-file header. XML comments cannot contain `--`, which the command does:
        // a processing instruction can.
        w.write_event(Event::PI(BytesPI::new(format!(
            "generated Generated by graphdoc-codegen from the markdown pages in `{docs_label}/`. Do not edit. \
             Regenerate with: {}",
            docs_label.regenerate
        ))))?;
        w.create_element("edmx:Edmx")
            .with_attribute(("Version", "4.0"))
            .with_attribute(("xmlns:edmx", EDMX))
            .write_inner_content(|w| {
                w.create_element("edmx:DataServices")
                    .write_inner_content(|w| {
                        let all: BTreeSet<&String> = namespaces
                            .keys()
                            .chain(operations.keys())
                            .chain(std::iter::once(&container_ns))
                            .collect();
                        for ns in all {
                            w.create_element("Schema")
                                .with_attribute(("Namespace", ns.as_str()))
                                .with_attribute(("xmlns", EDM))
                                .write_inner_content(|w| {
                                    for body in [namespaces.get(ns), operations.get(ns)]
                                        .into_iter()
                                        .flatten()
                                    {
                                        write_raw(w, body)?;
                                    }
                                    if *ns == container_ns {
                                        self.container(w)?;
                                    }
                                    Ok(())
                                })?;
                        }
                        Ok(())
                    })?;
                Ok(())
            })?;
        let mut xml = String::from_utf8(w.into_inner()).map_err(io::Error::other)?;
        xml.push('\n');
        Ok(xml)
    }

    fn container(&self, w: &mut Xml) -> io::Result<()> {
        // A container must hold something; docs whose routes start nowhere known have none.
        if self.model.container.entity_sets.is_empty() && self.model.container.singletons.is_empty()
        {
            return Ok(());
        }
        w.create_element("EntityContainer")
            .with_attribute(("Name", "Container"))
            .write_inner_content(|w| {
                for (name, ty) in &self.model.container.entity_sets {
                    w.create_element("EntitySet")
                        .with_attribute(("Name", name.as_str()))
                        .with_attribute(("EntityType", ty.as_str()))
                        .write_empty()?;
                }
                for (name, ty) in &self.model.container.singletons {
                    w.create_element("Singleton")
                        .with_attribute(("Name", name.as_str()))
                        .with_attribute(("Type", ty.as_str()))
                        .write_empty()?;
                }
                Ok(())
            })?;
        Ok(())
    }

    /// A named type, or a placeholder for one no page defines.
    fn checked(&mut self, ty: &TypeRef) -> TypeRef {
        if let TypeRef::Named(name) = ty {
            if self.model.get(name).is_none() {
                self.placeholders.insert(name.clone());
            }
        }
        ty.clone()
    }

    fn type_element(&mut self, w: &mut Xml, ns: &str, name: &str, ty: &TypeDef) -> io::Result<()> {
        if ty.kind == TypeKind::Enum {
            let mut element = w.create_element("EnumType").with_attribute(("Name", name));
            if ty.flags {
                element = element.with_attribute(("IsFlags", "true"));
            }
            // Values are all given or all implied; flags need them, as powers of two.
            let all_valued = ty.members.iter().all(|m| m.value.is_some());
            element.write_inner_content(|w| {
                for (i, m) in ty.members.iter().enumerate() {
                    // The model reported it.
                    if !crate::ident::is_identifier(&m.name) {
                        continue;
                    }
                    let value = match (all_valued, ty.flags) {
                        (true, _) => m.value,
                        (false, true) => Some(1i64 << i.min(62)),
                        (false, false) => None,
                    };
                    let mut member = w
                        .create_element("Member")
                        .with_attribute(("Name", m.name.as_str()));
                    let value = value.map(|v| v.to_string());
                    if let Some(v) = &value {
                        member = member.with_attribute(("Value", v.as_str()));
                    }
                    if m.description.is_empty() {
                        member.write_empty()?;
                    } else {
                        member.write_inner_content(|w| description(w, &m.description))?;
                    }
                }
                if let Some(d) = &ty.description {
                    description(w, d)?;
                }
                Ok(())
            })?;
            return Ok(());
        }
        let element_name = if ty.kind == TypeKind::Entity {
            "EntityType"
        } else {
            "ComplexType"
        };
        let mut element = w
            .create_element(element_name)
            .with_attribute(("Name", name));
        if let Some(base) = &ty.base_type {
            element = element.with_attribute(("BaseType", base.as_str()));
        }
        if ty.r#abstract {
            element = element.with_attribute(("Abstract", "true"));
        }
        if ty.open_type {
            element = element.with_attribute(("OpenType", "true"));
        }
        if ty.has_stream && ty.kind == TypeKind::Entity {
            element = element.with_attribute(("HasStream", "true"));
        }
        let qualified = format!("{ns}.{name}");
        // Properties are written into a buffer first: writing them may record placeholders.
        let mut body = Writer::new_with_indent(Vec::new(), b' ', 2);
        let key = ty
            .key
            .as_ref()
            .filter(|_| ty.kind == TypeKind::Entity && ty.base_type.is_none());
        if let Some(key) = key {
            body.create_element("Key").write_inner_content(|w| {
                w.create_element("PropertyRef")
                    .with_attribute(("Name", key.as_str()))
                    .write_empty()?;
                Ok(())
            })?;
            if !ty.properties.contains_key(key) {
                // The key must be a property: the docs name it but list no row for it.
                body.create_element("Property")
                    .with_attribute(("Name", key.as_str()))
                    .with_attribute(("Type", "Edm.String"))
                    .with_attribute(("Nullable", "false"))
                    .write_empty()?;
            }
        }
        for (property_name, p) in &ty.properties {
            // The model reported it.
            if !crate::ident::is_identifier(property_name) {
                continue;
            }
            let is_key = key.is_some_and(|k| k == property_name);
            self.property(&mut body, &qualified, property_name, p, is_key)?;
        }
        if let Some(d) = &ty.description {
            description(&mut body, d)?;
        }
        let body = body.into_inner();
        if body.is_empty() {
            element.write_empty()?;
        } else {
            element.write_inner_content(|w| write_raw(w, &body))?;
        }
        Ok(())
    }

    fn property(
        &mut self,
        w: &mut Xml,
        owner: &str,
        name: &str,
        p: &Property,
        is_key: bool,
    ) -> io::Result<()> {
        let ty = self.checked(&p.ty);
        // A property whose type is an entity type is a navigation property in CSDL, whichever
        // table the docs list it in.
        let target_is_entity = matches!(&ty, TypeRef::Named(t) if self.model.get(t).is_some_and(|t| t.kind == TypeKind::Entity));
        let type_attr = type_name(&ty, p.collection, &self.untyped);
        let mut element = if target_is_entity {
            let mut e = w
                .create_element("NavigationProperty")
                .with_attribute(("Name", name))
                .with_attribute(("Type", type_attr.as_str()));
            if let TypeRef::Named(target) = &ty {
                if self
                    .service
                    .contains_target(self.model, owner, name, target)
                {
                    e = e.with_attribute(("ContainsTarget", "true"));
                }
            }
            e
        } else {
            w.create_element("Property")
                .with_attribute(("Name", name))
                .with_attribute(("Type", type_attr.as_str()))
        };
        if is_key || (p.nullable == Some(false) && !(target_is_entity && p.collection)) {
            element = element.with_attribute(("Nullable", "false"));
        }
        if p.description.is_empty() {
            element.write_empty()?;
        } else {
            element.write_inner_content(|w| description(w, &p.description))?;
        }
        Ok(())
    }
}

fn description(w: &mut Xml, text: &str) -> io::Result<()> {
    w.create_element("Annotation")
        .with_attribute(("Term", DESCRIPTION))
        .with_attribute(("String", text))
        .write_empty()?;
    Ok(())
}

/// A writer's output as whole lines, so buffers can be joined.
fn lines(w: Xml) -> Vec<u8> {
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    bytes
}

/// The name of the open complex type that stands for JSON of no documented type:
/// `Untyped` in the container's namespace, made unique.
pub fn untyped_name(model: &Model) -> String {
    let mut untyped = format!("{}.Untyped", container_namespace(model));
    while model.get(&untyped).is_some() {
        untyped.push('_');
    }
    untyped
}

/// The namespace that holds most types hosts the entity container.
fn container_namespace(model: &Model) -> String {
    let best = model
        .namespaces
        .iter()
        .max_by(|a, b| a.1.types.len().cmp(&b.1.types.len()).then(b.0.cmp(a.0)));
    best.map_or_else(|| "Default".to_owned(), |(ns, _)| ns.clone())
}

/// Appends already-written, indented XML inside the current element.
fn write_raw(w: &mut Xml, body: &[u8]) -> io::Result<()> {
    let text = String::from_utf8_lossy(body);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        w.write_indent()?;
        w.get_mut().extend_from_slice(line.as_bytes());
    }
    Ok(())
}

/// `csdl.xml`.
pub struct CsdlXml;

impl super::Emit for CsdlXml {
    fn name(&self) -> &'static str {
        "csdl.xml"
    }

    fn reads_verdicts(&self) -> bool {
        false
    }

    fn emit(
        &self,
        input: &super::Input,
        files: &mut dyn super::Files,
    ) -> Result<Vec<crate::diag::Diagnostic>, crate::Error> {
        let csdl = build(input.model, input.label).map_err(|e| crate::Error::Serialize {
            file: self.name().to_owned(),
            message: e.to_string(),
        })?;
        files.bytes(self.name(), csdl.xml.as_bytes())?;
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use crate::model::pages::{api, model, resource};

    fn csdl(pages: &[(String, String)]) -> String {
        let (model, _) = model(pages);
        super::build(&model, &crate::Label::named("docs"))
            .expect("writes")
            .xml
    }

    #[test]
    fn types_keys_inheritance_and_the_container() {
        let entity = resource(
            "entity",
            "\"keyProperty\": \"id\", \"abstract\": true",
            &["id | String | The key. Not nullable."],
            "{\"id\": \"1\"}",
        );
        let user = resource(
            "user",
            "\"baseType\": \"microsoft.graph.entity\"",
            &["name | String | Its name."],
            "{\"name\": \"x\"}",
        );
        let list = api(
            "user-list",
            &["GET /users"],
            "If successful, this method returns a `200 OK` response code and a collection of [user](../resources/user.md) objects in the response body.",
            "",
        );
        let xml = csdl(&[entity, user, list]);
        let has = |needle: &str| assert!(xml.contains(needle), "missing {needle} in\n{xml}");
        has(r#"<EntityType Name="entity" Abstract="true">"#);
        has(r#"<PropertyRef Name="id"/>"#);
        has(r#"<Property Name="id" Type="Edm.String" Nullable="false">"#);
        has(r#"<EntityType Name="user" BaseType="microsoft.graph.entity">"#);
        has(r#"<EntitySet Name="users" EntityType="microsoft.graph.user"/>"#);
    }

    #[test]
    fn text_from_the_docs_is_escaped_and_forbidden_names_are_left_out() {
        let widget = resource(
            "widget",
            "",
            &[
                "size | Int32 | Less than 3 & \"more\" than 1 ]]>",
                "x² | String | Not an identifier.",
            ],
            "{}",
        );
        let xml = csdl(&[widget]);
        assert!(
            xml.contains(r#"String="Less than 3 &amp; &quot;more&quot; than 1 ]]&gt;""#),
            "{xml}"
        );
        assert!(!xml.contains("x²"), "{xml}");
    }
}
