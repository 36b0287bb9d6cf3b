//! The OData primitive types.

use std::fmt;

use serde::Serialize;

/// The OData primitive types the dialect names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Primitive {
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    Guid,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Binary,
    Stream,
    /// Any JSON value: `Edm.Untyped`, and the dialect's `microsoft.graph.Json`.
    Untyped,
}

impl Primitive {
    pub const ALL: [Primitive; 18] = [
        Primitive::String,
        Primitive::Boolean,
        Primitive::Byte,
        Primitive::SByte,
        Primitive::Int16,
        Primitive::Int32,
        Primitive::Int64,
        Primitive::Single,
        Primitive::Double,
        Primitive::Decimal,
        Primitive::Guid,
        Primitive::DateTimeOffset,
        Primitive::Date,
        Primitive::TimeOfDay,
        Primitive::Duration,
        Primitive::Binary,
        Primitive::Stream,
        Primitive::Untyped,
    ];

    /// The EDM name without its `Edm.` prefix.
    pub fn name(self) -> &'static str {
        match self {
            Primitive::String => "String",
            Primitive::Boolean => "Boolean",
            Primitive::Byte => "Byte",
            Primitive::SByte => "SByte",
            Primitive::Int16 => "Int16",
            Primitive::Int32 => "Int32",
            Primitive::Int64 => "Int64",
            Primitive::Single => "Single",
            Primitive::Double => "Double",
            Primitive::Decimal => "Decimal",
            Primitive::Guid => "Guid",
            Primitive::DateTimeOffset => "DateTimeOffset",
            Primitive::Date => "Date",
            Primitive::TimeOfDay => "TimeOfDay",
            Primitive::Duration => "Duration",
            Primitive::Binary => "Binary",
            Primitive::Stream => "Stream",
            Primitive::Untyped => "Untyped",
        }
    }

    /// Reads a primitive name in any case, with or without `Edm.`, with stray spaces
    /// (`Edm.Int32`, `string`, `Date Time Offset`), plus the aliases the docs use.
    pub fn parse(text: &str) -> Option<Primitive> {
        let mut buf = [0u8; 32];
        let squashed =
            super::ascii_lowercase_in(text.chars().filter(|c| !c.is_whitespace()), &mut buf)?;
        let name = squashed.strip_prefix("edm.").unwrap_or(squashed);
        let found = Primitive::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name));
        found.or(match name {
            "bool" => Some(Primitive::Boolean),
            "int" | "integer" => Some(Primitive::Int32),
            "long" => Some(Primitive::Int64),
            "float" => Some(Primitive::Single),
            "datetime" | "timestamp" => Some(Primitive::DateTimeOffset),
            "timespan" => Some(Primitive::Duration),
            "number" => Some(Primitive::Double),
            // `webUrl | Url |`: a URL is a string on the wire.
            "url" | "uri" => Some(Primitive::String),
            "json" | "microsoft.graph.json" | "object" => Some(Primitive::Untyped),
            _ => None,
        })
    }
}

impl fmt::Display for Primitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Edm.{}", self.name())
    }
}
