//! Drift: where the pages and a service's published metadata (OData CSDL, `$metadata`)
//! disagree, as Microsoft's docs scanner's check-metadata does.
//!
//! Both sides become one [`Shape`]: the pages' through the rules `csdl.xml` is written by
//! ([`pages::shape`]), the metadata's read from its XML ([`metadata::read`]). [`compare`]
//! pairs them name for name and says what differs, each [`Finding`] located on the pages when
//! they hold the thing and in the metadata file otherwise; [`render`] prints the findings and
//! gates a run on them, as `generate` does its diagnostics.

mod compare;
pub mod metadata;
pub mod pages;
pub mod render;

use std::collections::BTreeMap;

use serde::Serialize;

pub use compare::compare;
pub use metadata::{Metadata, MetadataError, read};
pub use render::{DriftBaseline, DriftDeny, DriftFormat};

use crate::Model;

/// The findings between the pages' model and a service's metadata: the library's entry point.
pub fn drift(metadata: &Metadata, model: &Model) -> Report {
    compare(&pages::shape(model), metadata)
}

/// Where a thing is stated.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub enum Place {
    /// A page and a 1-based line.
    Page { path: String, line: u32 },
    /// A 1-based line of the metadata file.
    Line(u32),
    #[default]
    Nowhere,
}

/// A type as a member, parameter or return names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeName {
    /// `Edm.String` or a qualified type name, aliases resolved.
    Named(String),
    /// Any JSON value: what the pages type as JSON (no type of their own), which no type of the
    /// metadata contradicts.
    Any,
}

impl std::fmt::Display for TypeName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeName::Named(n) => f.write_str(n),
            TypeName::Any => f.write_str("any JSON"),
        }
    }
}

/// The part of a service both sides describe, by qualified name.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// Entity and complex types.
    pub types: BTreeMap<String, Structured>,
    pub enums: BTreeMap<String, Enumeration>,
    pub operations: BTreeMap<OperationKey, Operation>,
    pub entity_sets: BTreeMap<String, Addressed>,
    pub singletons: BTreeMap<String, Addressed>,
}

#[derive(Debug, Clone, Default)]
pub struct Structured {
    pub entity: bool,
    pub base: Option<String>,
    pub key: Vec<String>,
    /// Properties and navigation properties, by name.
    pub members: BTreeMap<String, Member>,
    pub description: Option<String>,
    /// A type only the writer of `csdl.xml` adds (the stand-in for JSON of no documented type):
    /// no finding when the metadata lacks it.
    pub synthetic: bool,
    pub at: Place,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub ty: TypeName,
    pub collection: bool,
    /// As stated: the pages leave it unsaid where they say nothing; the metadata's default is
    /// nullable.
    pub nullable: Option<bool>,
    pub navigation: bool,
    pub contains_target: bool,
    pub description: Option<String>,
    pub at: Place,
}

#[derive(Debug, Clone, Default)]
pub struct Enumeration {
    pub flags: bool,
    pub members: BTreeMap<String, Place>,
    pub description: Option<String>,
    pub at: Place,
}

/// An operation's identity: its qualified name and what it is bound to (a type, and whether to
/// a collection of it), or nothing.
pub type OperationKey = (String, Option<(String, bool)>);

#[derive(Debug, Clone)]
pub struct Operation {
    pub function: bool,
    pub parameters: Vec<(String, TypeName, bool)>,
    pub returns: Option<(TypeName, bool)>,
    pub description: Option<String>,
    pub at: Place,
}

/// An entity set's or singleton's type.
#[derive(Debug, Clone)]
pub struct Addressed {
    pub ty: String,
    pub at: Place,
}

/// What a finding says of the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// The service has it; no page does.
    Undocumented,
    /// A page has it; the service does not.
    Phantom,
    /// Both have it, and they differ.
    Mismatch,
    /// The metadata names a type none of its schemas defines: a defect of the metadata.
    Unresolved,
}

impl FindingKind {
    pub const ALL: [FindingKind; 4] = [
        FindingKind::Undocumented,
        FindingKind::Phantom,
        FindingKind::Mismatch,
        FindingKind::Unresolved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Undocumented => "undocumented",
            FindingKind::Phantom => "phantom",
            FindingKind::Mismatch => "mismatch",
            FindingKind::Unresolved => "unresolved",
        }
    }
}

impl std::str::FromStr for FindingKind {
    type Err = String;

    fn from_str(s: &str) -> Result<FindingKind, String> {
        FindingKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!("`{s}` is not a kind of finding: undocumented, phantom, mismatch, unresolved or all")
            })
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Item {
    Type,
    Property,
    Navigation,
    EnumMember,
    EntitySet,
    Singleton,
    Operation,
}

impl Item {
    pub fn as_str(self) -> &'static str {
        match self {
            Item::Type => "type",
            Item::Property => "property",
            Item::Navigation => "navigation",
            Item::EnumMember => "enum-member",
            Item::EntitySet => "entity-set",
            Item::Singleton => "singleton",
            Item::Operation => "operation",
        }
    }
}

/// One difference between the pages and the metadata.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub kind: FindingKind,
    pub item: Item,
    /// `microsoft.graph.user`, `microsoft.graph.user/displayName`,
    /// `microsoft.graph.user/microsoft.graph.checkMemberGroups`, `users`.
    pub name: String,
    /// Where the pages state it.
    pub docs: Option<(String, u32)>,
    /// The line of the metadata that states it.
    pub metadata: Option<u32>,
    pub detail: String,
}

/// How much of the service the pages document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// What the metadata declares.
    pub total: usize,
    /// Of those, what a page documents too (differing or not).
    pub documented: usize,
}

impl Coverage {
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.documented as f64 * 100.0 / self.total as f64
        }
    }
}

/// The metadata's side of the service, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DriftSummary {
    pub types: Coverage,
    pub properties: Coverage,
    pub operations: Coverage,
    pub container: Coverage,
}

/// Every finding, in a stable order, and how much the pages cover.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub summary: DriftSummary,
}
