//! serde's serializer traits on the emitter.

use std::fmt::Display;
use std::io::Write;

use serde::ser::{self, Serialize};

use super::emitter::*;
use super::scalar::Style;
use super::{YamlError, unsupported};

impl<W: Write> ser::Serializer for &mut Serializer<W> {
    type Ok = ();
    type Error = YamlError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = ser::Impossible<(), YamlError>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = ser::Impossible<(), YamlError>;

    fn serialize_bool(self, v: bool) -> Result<(), YamlError> {
        self.plain(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<(), YamlError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), YamlError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), YamlError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), YamlError> {
        self.plain(itoa::Buffer::new().format(v))
    }
    fn serialize_i128(self, v: i128) -> Result<(), YamlError> {
        self.plain(itoa::Buffer::new().format(v))
    }
    fn serialize_u8(self, v: u8) -> Result<(), YamlError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), YamlError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), YamlError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), YamlError> {
        self.plain(itoa::Buffer::new().format(v))
    }
    fn serialize_u128(self, v: u128) -> Result<(), YamlError> {
        self.plain(itoa::Buffer::new().format(v))
    }
    fn serialize_f32(self, v: f32) -> Result<(), YamlError> {
        let mut buffer = ryu::Buffer::new();
        self.plain(match v {
            f32::INFINITY => ".inf",
            f32::NEG_INFINITY => "-.inf",
            v if v.is_nan() => ".nan",
            v => buffer.format_finite(v),
        })
    }
    fn serialize_f64(self, v: f64) -> Result<(), YamlError> {
        let mut buffer = ryu::Buffer::new();
        self.plain(match v {
            f64::INFINITY => ".inf",
            f64::NEG_INFINITY => "-.inf",
            v if v.is_nan() => ".nan",
            v => buffer.format_finite(v),
        })
    }
    fn serialize_char(self, v: char) -> Result<(), YamlError> {
        self.scalar(v.encode_utf8(&mut [0; 4]), Style::SingleQuoted)
    }
    fn serialize_str(self, v: &str) -> Result<(), YamlError> {
        self.string(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), YamlError> {
        Err(unsupported("byte strings"))
    }
    fn serialize_none(self) -> Result<(), YamlError> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), YamlError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), YamlError> {
        self.plain("null")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), YamlError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), YamlError> {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), YamlError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), YamlError> {
        Err(unsupported("enum variants with data"))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, YamlError> {
        self.start(true)?;
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, YamlError> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, YamlError> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, YamlError> {
        Err(unsupported("enum variants with data"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, YamlError> {
        self.start(false)?;
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, YamlError> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, YamlError> {
        Err(unsupported("enum variants with data"))
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<(), YamlError> {
        self.string(&value.to_string())
    }
}

/// serde's three forms of sequence, each written as one YAML sequence.
macro_rules! sequence {
    ($($form:ident::$item:ident),*) => {$(
        impl<W: Write> ser::$form for &mut Serializer<W> {
            type Ok = ();
            type Error = YamlError;
            fn $item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), YamlError> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), YamlError> {
                Serializer::end(self)
            }
        }
    )*};
}

sequence!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

impl<W: Write> ser::SerializeMap for &mut Serializer<W> {
    type Ok = ();
    type Error = YamlError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), YamlError> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), YamlError> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), YamlError> {
        Serializer::end(self)
    }
}

impl<W: Write> ser::SerializeStruct for &mut Serializer<W> {
    type Ok = ();
    type Error = YamlError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), YamlError> {
        self.string(key)?;
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), YamlError> {
        Serializer::end(self)
    }
}
