//! Reads OData CSDL 4.0 / 4.01 XML (EDMX), a service's `$metadata`, into a [`Shape`] with a
//! streaming reader: one pass over the events, memory for what the shape keeps, no entity
//! expansion (a `<!DOCTYPE>` is skipped; an entity it declares is an error where it is used).
//!
//! Read: schemas and their aliases (and those of `edmx:Include`), entity and complex types
//! with base types and keys, properties (`Collection(...)`, `Nullable`), navigation properties
//! (`ContainsTarget`), type definitions (read as their underlying type), enum types with their
//! members and `IsFlags`, actions and functions (bound or not), the entity container's entity
//! sets and singletons, and `Core.Description` annotations, inline or in `Annotations`
//! blocks. Other annotations and elements are skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{Addressed, Enumeration, Member, Operation, Place, Shape, Structured, TypeName};

const DESCRIPTION: &str = "Org.OData.Core.V1.Description";

/// A service's metadata, read.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    pub shape: Shape,
    /// `4.0` or `4.01`.
    pub version: String,
    /// Each schema's namespace and alias.
    pub schemas: Vec<(String, Option<String>)>,
    /// Types the metadata names that none of its schemas defines: what names it (a qualified
    /// name, or a name and a member), the line, the type.
    pub unresolved: Vec<(String, u32, String)>,
}

/// Metadata that cannot be read: not XML, not CSDL, cut short, cyclic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl fmt::Display for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for MetadataError {}

/// Reads a metadata document.
pub fn read(text: &str) -> Result<Metadata, MetadataError> {
    let mut parser = Parser {
        text,
        lines: Lines::default(),
        raw: Raw::default(),
        stack: Vec::new(),
    };
    parser.run()?;
    parser.raw.resolve()
}

/// Byte offsets → lines, walking forward only (linear over the file).
#[derive(Default)]
struct Lines {
    offset: usize,
    line: u32,
}

impl Lines {
    fn line_at(&mut self, text: &str, offset: usize) -> u32 {
        let offset = offset.min(text.len());
        if offset < self.offset {
            return position(text, offset).0;
        }
        let newlines = bytecount::count(&text.as_bytes()[self.offset..offset], b'\n');
        self.line += u32::try_from(newlines).unwrap_or(u32::MAX);
        self.offset = offset;
        self.line + 1
    }
}

/// The 1-based line and column of a byte offset.
fn position(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = bytecount::count(before, b'\n') + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (to_u32(line), to_u32(col))
}

fn error_at(text: &str, offset: usize, message: impl Into<String>) -> MetadataError {
    let (line, col) = position(text, offset);
    MetadataError {
        line,
        col,
        message: message.into(),
    }
}

/// What the parser keeps before names are resolved (aliases may be declared after their use).
#[derive(Default)]
struct Raw {
    version: Option<String>,
    schemas: Vec<(String, Option<String>)>,
    /// Alias → namespace, of schemas and of `edmx:Include`s.
    aliases: BTreeMap<String, String>,
    /// Namespaces of other documents (`edmx:Include`): their types are defined there.
    included: BTreeSet<String>,
    types: Vec<RawType>,
    enums: Vec<RawEnum>,
    type_definitions: BTreeMap<String, String>,
    operations: Vec<RawOperation>,
    entity_sets: Vec<(String, String, u32)>,
    singletons: Vec<(String, String, u32)>,
    /// (target as written, term as written, text).
    annotations: Vec<(String, String, String)>,
}

struct RawType {
    name: String,
    entity: bool,
    base: Option<String>,
    key: Vec<String>,
    members: Vec<RawMember>,
    line: u32,
}

struct RawMember {
    name: String,
    ty: String,
    nullable: Option<bool>,
    navigation: bool,
    contains_target: bool,
    line: u32,
}

struct RawEnum {
    name: String,
    flags: bool,
    members: Vec<(String, u32)>,
    line: u32,
}

struct RawOperation {
    name: String,
    function: bool,
    bound: bool,
    parameters: Vec<(String, String)>,
    returns: Option<String>,
    line: u32,
}

/// The element being read, for what its children add to.
#[derive(Clone, PartialEq)]
enum Frame {
    Edmx,
    Schema(String),
    Type(usize),
    Enum(usize),
    Operation(usize),
    Container,
    /// An `Annotations` block: its target as written.
    Annotations(String),
    /// An annotation, its target and term as written, awaiting a `<String>` child.
    Annotation(String, String),
    /// The `<String>` of an annotation.
    AnnotationText(String, String),
    /// Anything else; its children are skipped unless they are annotations of it.
    Other(Option<String>),
}

struct Parser<'t> {
    text: &'t str,
    lines: Lines,
    raw: Raw,
    /// Open elements: what each is, and its line.
    stack: Vec<(Frame, u32)>,
}

fn attribute(e: &BytesStart, name: &str) -> Result<Option<String>, String> {
    for a in e.attributes() {
        let a = a.map_err(|err| err.to_string())?;
        if a.key.local_name().as_ref() == name {
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| err.to_string())?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

impl Parser<'_> {
    fn run(&mut self) -> Result<(), MetadataError> {
        let text = self.text;
        // Text is kept whole: a description's spaces around `&amp;` are its own.
        let reader = &mut Reader::from_str(text);
        let mut root_seen = false;
        loop {
            let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            let event = reader.read_event().map_err(|e| {
                let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                error_at(text, at, format!("not well-formed XML: {e}"))
            })?;
            // The element starts at its `<`, after any whitespace skipped before it.
            let start = before
                + text
                    .get(before..)
                    .map_or(0, |rest| rest.len() - rest.trim_start().len());
            let line = self.lines.line_at(text, start);
            let fail = |message: String| error_at(text, start, message);
            match event {
                Event::Start(e) | Event::Empty(e) if !root_seen => {
                    root_seen = true;
                    if e.local_name().as_ref() != "Edmx" {
                        let name = e.name().as_ref().to_owned();
                        return Err(fail(format!(
                            "not CSDL: the root element is `<{name}>`, not `<edmx:Edmx>`"
                        )));
                    }
                    self.raw.version = attribute(&e, "Version").map_err(fail)?;
                    self.stack.push((Frame::Edmx, line));
                    if reader_is_empty(text, start) {
                        self.stack.pop();
                    }
                }
                Event::Start(e) => {
                    let frame = self.open(&e, line).map_err(fail)?;
                    self.stack.push((frame, line));
                }
                Event::Empty(e) => {
                    self.open(&e, line).map_err(fail)?;
                }
                Event::End(_) => {
                    self.stack.pop();
                }
                Event::Text(t) => {
                    if let Some((Frame::AnnotationText(_, _), _)) = self.stack.last() {
                        let decoded = t.xml_content(quick_xml::XmlVersion::Implicit1_0);
                        self.annotation_text(&decoded);
                    }
                }
                Event::CData(t) => {
                    if let Some((Frame::AnnotationText(_, _), _)) = self.stack.last() {
                        self.annotation_text(t.as_ref());
                    }
                }
                Event::GeneralRef(r) => {
                    if let Some((Frame::AnnotationText(_, _), _)) = self.stack.last() {
                        let name = r.as_ref().to_owned();
                        let resolved = match r.resolve_char_ref() {
                            Ok(Some(c)) => c.to_string(),
                            _ => quick_xml::escape::resolve_predefined_entity(&name)
                                .map(str::to_owned)
                                .ok_or_else(|| {
                                    fail(format!(
                                        "`&{name};` is an entity this reader does not expand"
                                    ))
                                })?,
                        };
                        self.annotation_text(&resolved);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !root_seen {
            return Err(error_at(text, 0, "not CSDL: the file holds no XML element"));
        }
        if let Some((frame, line)) = self.stack.last() {
            let what = match frame {
                Frame::Edmx => "`<edmx:Edmx>`".to_owned(),
                Frame::Schema(ns) => format!("the schema `{ns}`"),
                _ => "an element".to_owned(),
            };
            return Err(error_at(
                text,
                text.len(),
                format!("the file ends inside {what} opened at line {line}: it is cut short"),
            ));
        }
        Ok(())
    }

    /// What an annotation directly inside the current element describes, as a target.
    fn current_target(&self) -> Option<String> {
        let (frame, _) = self.stack.last()?;
        match frame {
            Frame::Type(i) => Some(self.raw.types[*i].name.clone()),
            Frame::Enum(i) => Some(self.raw.enums[*i].name.clone()),
            Frame::Operation(i) => Some(self.raw.operations[*i].name.clone()),
            Frame::Annotations(target) => Some(target.clone()),
            Frame::Other(target) => target.clone(),
            _ => None,
        }
    }

    /// The frame of an element: a schema's types, operations and container, and their
    /// members ([`Parser::open_inner`] the rest).
    fn open(&mut self, e: &BytesStart, line: u32) -> Result<Frame, String> {
        let get = |name: &str| attribute(e, name);
        let name_of = || name_attribute(e);
        let local = e.local_name();
        let parent = self.stack.last().map(|(f, _)| f.clone());
        let frame = match (local.as_ref(), parent) {
            ("Include", _) => {
                let ns = get("Namespace")?.unwrap_or_default();
                if let Some(alias) = get("Alias")? {
                    self.raw.aliases.insert(alias, ns.clone());
                }
                self.raw.included.insert(ns);
                Frame::Other(None)
            }
            ("Schema", _) => {
                let ns = get("Namespace")?.ok_or("`<Schema>` has no `Namespace`")?;
                let alias = get("Alias")?;
                if let Some(alias) = &alias {
                    self.raw.aliases.insert(alias.clone(), ns.clone());
                }
                self.raw.schemas.push((ns.clone(), alias));
                Frame::Schema(ns)
            }
            ("EntityType" | "ComplexType", Some(Frame::Schema(ns))) => {
                self.raw.types.push(RawType {
                    name: format!("{ns}.{}", name_of()?),
                    entity: local.as_ref() == "EntityType",
                    base: get("BaseType")?,
                    key: Vec::new(),
                    members: Vec::new(),
                    line,
                });
                Frame::Type(self.raw.types.len() - 1)
            }
            ("EnumType", Some(Frame::Schema(ns))) => {
                self.raw.enums.push(RawEnum {
                    name: format!("{ns}.{}", name_of()?),
                    flags: get("IsFlags")?.as_deref() == Some("true"),
                    members: Vec::new(),
                    line,
                });
                Frame::Enum(self.raw.enums.len() - 1)
            }
            ("TypeDefinition", Some(Frame::Schema(ns))) => {
                let underlying = get("UnderlyingType")?.unwrap_or_default();
                let name = format!("{ns}.{}", name_of()?);
                self.raw.type_definitions.insert(name.clone(), underlying);
                Frame::Other(Some(name))
            }
            ("Action" | "Function", Some(Frame::Schema(ns))) => {
                self.raw.operations.push(RawOperation {
                    name: format!("{ns}.{}", name_of()?),
                    function: local.as_ref() == "Function",
                    bound: get("IsBound")?.as_deref() == Some("true"),
                    parameters: Vec::new(),
                    returns: None,
                    line,
                });
                Frame::Operation(self.raw.operations.len() - 1)
            }
            ("EntityContainer", Some(Frame::Schema(_))) => Frame::Container,
            ("Property" | "NavigationProperty", Some(Frame::Type(i))) => {
                let navigation = local.as_ref() == "NavigationProperty";
                let member = RawMember {
                    name: name_of()?,
                    ty: get("Type")?.unwrap_or_default(),
                    nullable: get("Nullable")?.map(|v| v != "false"),
                    navigation,
                    contains_target: get("ContainsTarget")?.as_deref() == Some("true"),
                    line,
                };
                let target = format!("{}/{}", self.raw.types[i].name, member.name);
                self.raw.types[i].members.push(member);
                Frame::Other(Some(target))
            }
            (_, parent) => self.open_inner(e, parent, line)?,
        };
        Ok(frame)
    }

    /// The frame of an element inside a type, an enum, an operation, the container or an
    /// annotation.
    fn open_inner(
        &mut self,
        e: &BytesStart,
        parent: Option<Frame>,
        line: u32,
    ) -> Result<Frame, String> {
        let get = |name: &str| attribute(e, name);
        let name_of = || name_attribute(e);
        let local = e.local_name();
        let frame = match (local.as_ref(), parent) {
            ("PropertyRef", _) => {
                let ty = self.stack.iter().rev().find_map(|(f, _)| match f {
                    Frame::Type(i) => Some(*i),
                    _ => None,
                });
                if let Some(i) = ty {
                    self.raw.types[i].key.push(name_of()?);
                }
                Frame::Other(None)
            }
            ("Member", Some(Frame::Enum(i))) => {
                let name = name_of()?;
                let target = format!("{}/{name}", self.raw.enums[i].name);
                self.raw.enums[i].members.push((name, line));
                Frame::Other(Some(target))
            }
            ("Parameter", Some(Frame::Operation(i))) => {
                let ty = get("Type")?.unwrap_or_default();
                self.raw.operations[i].parameters.push((name_of()?, ty));
                Frame::Other(None)
            }
            ("ReturnType", Some(Frame::Operation(i))) => {
                self.raw.operations[i].returns = get("Type")?;
                Frame::Other(None)
            }
            ("EntitySet", Some(Frame::Container)) => {
                let ty = get("EntityType")?.unwrap_or_default();
                self.raw.entity_sets.push((name_of()?, ty, line));
                Frame::Other(None)
            }
            ("Singleton", Some(Frame::Container)) => {
                let ty = get("Type")?.unwrap_or_default();
                self.raw.singletons.push((name_of()?, ty, line));
                Frame::Other(None)
            }
            ("Annotations", _) => {
                let target = get("Target")?.unwrap_or_default();
                Frame::Annotations(target)
            }
            ("Annotation", _) => {
                let term = get("Term")?.unwrap_or_default();
                let target = self.current_target().unwrap_or_default();
                if let Some(text) = get("String")? {
                    self.raw
                        .annotations
                        .push((target.clone(), term.clone(), text));
                }
                Frame::Annotation(target, term)
            }
            ("String", Some(Frame::Annotation(target, term))) => {
                self.raw
                    .annotations
                    .push((target.clone(), term.clone(), String::new()));
                Frame::AnnotationText(target, term)
            }
            _ => Frame::Other(None),
        };
        Ok(frame)
    }

    fn annotation_text(&mut self, text: &str) {
        if let Some(last) = self.raw.annotations.last_mut() {
            last.2.push_str(text);
        }
    }
}

/// An element's `Name`, which it must have.
fn name_attribute(e: &BytesStart) -> Result<String, String> {
    attribute(e, "Name")?.ok_or_else(|| format!("`<{}>` has no `Name`", e.local_name().as_ref()))
}

/// A base type chain must end. Each type is walked once: a chain stops at a type already known
/// to end.
fn check_chains(types: &[RawType], shape: &Shape) -> Result<(), MetadataError> {
    let mut ends: BTreeSet<&str> = BTreeSet::new();
    for t in types {
        let mut chain: Vec<&str> = Vec::new();
        let mut on_chain: BTreeSet<&str> = BTreeSet::new();
        let mut current = Some(t.name.as_str());
        while let Some(name) = current.filter(|n| !ends.contains(n)) {
            if !on_chain.insert(name) {
                return Err(MetadataError {
                    line: t.line,
                    col: 1,
                    message: format!(
                        "the base types of `{}` form a cycle through `{name}`",
                        t.name
                    ),
                });
            }
            chain.push(name);
            current = shape.types.get(name).and_then(|t| t.base.as_deref());
        }
        ends.extend(chain);
    }
    Ok(())
}

fn enumeration(e: &RawEnum, description: Option<String>) -> Enumeration {
    Enumeration {
        flags: e.flags,
        members: (e.members.iter())
            .map(|(name, line)| (name.clone(), Place::Line(*line)))
            .collect(),
        description,
        at: Place::Line(e.line),
    }
}

/// Whether the element starting at `start` is empty (`<x/>`): only for the root, which is
/// pushed before its event kind is looked at.
fn reader_is_empty(text: &str, start: usize) -> bool {
    let rest = &text[start.min(text.len())..];
    rest.find('>').is_some_and(|end| rest[..end].ends_with('/'))
}

impl Raw {
    /// `Collection(alias.T)` → (`namespace.T`, true); `Edm.*` as it is.
    fn qualify(&self, written: &str) -> (String, bool) {
        let written = written.trim();
        let (inner, collection) = match written
            .strip_prefix("Collection(")
            .and_then(|s| s.strip_suffix(')'))
        {
            Some(inner) => (inner.trim(), true),
            None => (written, false),
        };
        (self.qualify_name(inner), collection)
    }

    fn qualify_name(&self, name: &str) -> String {
        match name.rsplit_once('.') {
            Some((prefix, short)) => match self.aliases.get(prefix) {
                Some(ns) => format!("{ns}.{short}"),
                None => name.to_owned(),
            },
            None => name.to_owned(),
        }
    }

    /// A target path with its leading name qualified: `alias.T/p` → `namespace.T/p`.
    fn qualify_target(&self, target: &str) -> String {
        let (head, rest) = target
            .split_once('/')
            .map_or((target, None), |(h, r)| (h, Some(r)));
        // `ns.T(ns.P)` overloads: the name before the parentheses.
        let head = head.split('(').next().unwrap_or(head);
        match rest {
            Some(rest) => format!("{}/{rest}", self.qualify_name(head)),
            None => self.qualify_name(head),
        }
    }

    fn resolve(self) -> Result<Metadata, MetadataError> {
        let mut shape = Shape::default();
        let mut unresolved = Vec::new();
        let mut unresolved_bases = Vec::new();
        let defined: BTreeSet<&str> = (self.types.iter().map(|t| t.name.as_str()))
            .chain(self.enums.iter().map(|e| e.name.as_str()))
            .collect();
        // A type as a member names it: a type definition is its underlying type; a name no
        // schema defines is reported, and compared as written.
        let mut type_of = |written: &str, owner: &str, line: u32| -> (TypeName, bool) {
            let (mut name, collection) = self.qualify(written);
            if let Some(underlying) = self.type_definitions.get(&name) {
                name = self.qualify(underlying).0;
            }
            let external =
                (name.rsplit_once('.')).is_some_and(|(ns, _)| self.included.contains(ns));
            let known = name.starts_with("Edm.") || defined.contains(name.as_str()) || external;
            if !known {
                unresolved.push((owner.to_owned(), line, name.clone()));
            }
            if name == "Edm.Untyped" {
                return (TypeName::Any, collection);
            }
            (TypeName::Named(name), collection)
        };
        let descriptions: BTreeMap<String, String> = (self.annotations.iter())
            .filter(|(_, term, _)| self.qualify_name(term) == DESCRIPTION)
            .map(|(target, _, text)| (self.qualify_target(target), text.trim().to_owned()))
            .collect();
        for t in &self.types {
            let mut members = BTreeMap::new();
            for m in &t.members {
                let owner = format!("{}/{}", t.name, m.name);
                let (ty, collection) = type_of(&m.ty, &owner, m.line);
                members.entry(m.name.clone()).or_insert(Member {
                    ty,
                    collection,
                    nullable: Some(m.nullable.unwrap_or(true)),
                    navigation: m.navigation,
                    contains_target: m.contains_target,
                    description: descriptions.get(&owner).cloned(),
                    at: Place::Line(m.line),
                });
            }
            let base = t.base.as_deref().map(|b| self.qualify_name(b));
            if let Some(b) = &base {
                let external =
                    (b.rsplit_once('.')).is_some_and(|(ns, _)| self.included.contains(ns));
                if !defined.contains(b.as_str()) && !external {
                    unresolved_bases.push((t.name.clone(), t.line, b.clone()));
                }
            }
            shape.types.entry(t.name.clone()).or_insert(Structured {
                entity: t.entity,
                base,
                key: t.key.clone(),
                members,
                description: descriptions.get(&t.name).cloned(),
                synthetic: false,
                at: Place::Line(t.line),
            });
        }
        for e in &self.enums {
            let enumeration = enumeration(e, descriptions.get(&e.name).cloned());
            shape.enums.entry(e.name.clone()).or_insert(enumeration);
        }
        for op in &self.operations {
            let mut parameters = op.parameters.iter();
            let binding = if op.bound {
                parameters.next().map(|(name, ty)| {
                    let (ty, collection) = type_of(ty, &format!("{}/{name}", op.name), op.line);
                    (ty.to_string(), collection)
                })
            } else {
                None
            };
            let parameters = parameters
                .map(|(name, ty)| {
                    let (ty, collection) = type_of(ty, &format!("{}/{name}", op.name), op.line);
                    (name.clone(), ty, collection)
                })
                .collect();
            let returns = (op.returns.as_deref()).map(|r| type_of(r, &op.name, op.line));
            // Overloads of one name and binding (functions by their parameters): the first.
            shape
                .operations
                .entry((op.name.clone(), binding))
                .or_insert(Operation {
                    function: op.function,
                    parameters,
                    returns,
                    description: descriptions.get(&op.name).cloned(),
                    at: Place::Line(op.line),
                });
        }
        for (sets, found) in [
            (&mut shape.entity_sets, &self.entity_sets),
            (&mut shape.singletons, &self.singletons),
        ] {
            for (name, ty, line) in found {
                let (ty, _) = type_of(ty, name, *line);
                sets.entry(name.clone()).or_insert(Addressed {
                    ty: ty.to_string(),
                    at: Place::Line(*line),
                });
            }
        }
        check_chains(&self.types, &shape)?;
        unresolved.extend(unresolved_bases);
        Ok(Metadata {
            shape,
            version: self.version.unwrap_or_default(),
            schemas: self.schemas,
            unresolved,
        })
    }
}
