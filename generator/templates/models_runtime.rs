// The runtime every generated models file carries after its namespace modules: parsed and
// printed by prettyplease as it is (these `//` comments are left out), with `same_type` and
// `type_key` from `src/vocab/odata_type.rs` put first in `helpers`, and the `undocumented`
// module left out when the models carry no test aids. Not compiled as part of the generator.

/// Finds what a value holds that the docs do not declare: the case tests' aid, compiled
/// for tests and with the `test-aids` feature.
#[cfg(any(test, feature = "test-aids"))]
pub mod undocumented {
    /// Values the docs do not declare: fields of a type that is not open and whose
    /// `@odata.type` (if any) names the type itself, and enum values the enum's table
    /// does not list. Each is pushed as a JSON path below `path`.
    pub trait Undocumented {
        fn undocumented(&self, path: &str, out: &mut Found);
    }

    /// What a walk finds: the paths of undocumented values, and the objects to read again as
    /// the derived type their `@odata.type` names, which it does not look inside.
    pub struct Found {
        /// JSON paths of the values the docs do not declare.
        pub undocumented: ::std::vec::Vec<::std::string::String>,
        /// Each object whose `@odata.type` names a type derived from the one it was read as:
        /// its path, that name, and the object as it was read (written back).
        pub derived: ::std::vec::Vec<(::std::string::String, ::std::string::String, ::serde_json::Value)>,
        /// Whether an `@odata.type` names a type derived from a base (by qualified name) that
        /// the caller reads objects as; none by default.
        pub derives: fn(&str, &str) -> bool,
    }

    impl Found {
        /// Nothing found yet; `derives` tells which objects to leave for another read.
        pub fn new(derives: fn(&str, &str) -> bool) -> Self {
            Found {
                undocumented: ::std::vec::Vec::new(),
                derived: ::std::vec::Vec::new(),
                derives,
            }
        }

        /// Notes `value`, read as `base`, for another read when its `@odata.type` names a type
        /// derived from `base`: then its walk stops here.
        fn defer<T: ::serde::Serialize>(&mut self, value: &T, odata_type: ::std::option::Option<&str>, base: &str, path: &str) -> bool {
            let ::std::option::Option::Some(named) = odata_type else {
                return false;
            };
            if super::helpers::same_type(named, base) || !(self.derives)(named, base) {
                return false;
            }
            let value = ::serde_json::to_value(value).unwrap_or_default();
            self.derived.push((path.to_owned(), named.to_owned(), value));
            true
        }

        /// Starts the walk of a struct read as `name`: true when the object is left for another
        /// read (`defer`), and its walk stops there; else notes the members kept in
        /// `additional` (none for an open type) unless its `@odata.type` names another type.
        pub fn object<T: ::serde::Serialize>(&mut self, value: &T, odata_type: ::std::option::Option<&str>, name: &str, path: &str, additional: ::std::option::Option<&::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>>) -> bool {
            if self.defer(value, odata_type, name, path) {
                return true;
            }
            let own = odata_type.is_none_or(|t| super::helpers::same_type(t, name));
            if let (true, ::std::option::Option::Some(members)) = (own, additional) {
                let undeclared = members.keys().filter(|k| !k.contains('@'));
                self.undocumented.extend(undeclared.map(|k| format!("{path}/{k}")));
            }
            false
        }
    }

    impl ::std::default::Default for Found {
        fn default() -> Self {
            Found::new(|_, _| false)
        }
    }

    impl<T: Undocumented> Undocumented for ::std::option::Option<T> {
        fn undocumented(&self, path: &str, out: &mut Found) {
            if let ::std::option::Option::Some(value) = self {
                value.undocumented(path, out);
            }
        }
    }

    impl<T: Undocumented> Undocumented for ::std::boxed::Box<T> {
        fn undocumented(&self, path: &str, out: &mut Found) {
            (**self).undocumented(path, out);
        }
    }

    impl<T: Undocumented> Undocumented for ::std::vec::Vec<T> {
        fn undocumented(&self, path: &str, out: &mut Found) {
            for (i, value) in self.iter().enumerate() {
                value.undocumented(&format!("{path}/{i}"), out);
            }
        }
    }

    impl Undocumented for ::std::string::String {
        fn undocumented(&self, _: &str, _: &mut Found) {}
    }

    impl Undocumented for bool {
        fn undocumented(&self, _: &str, _: &mut Found) {}
    }

    impl Undocumented for u8 {
        fn undocumented(&self, _: &str, _: &mut Found) {}
    }

    impl Undocumented for i8 {
        fn undocumented(&self, _: &str, _: &mut Found) {}
    }

    impl Undocumented for i16 {
        fn undocumented(&self, _: &str, _: &mut Found) {}
    }

    impl Undocumented for i32 {
        fn undocumented(&self, _: &str, _: &mut Found) {}
    }

    impl Undocumented for i64 {
        fn undocumented(&self, _: &str, _: &mut Found) {}
    }

    impl Undocumented for f32 {
        fn undocumented(&self, _: &str, _: &mut Found) {}
    }

    impl Undocumented for f64 {
        fn undocumented(&self, _: &str, _: &mut Found) {}
    }

    impl Undocumented for ::uuid::Uuid {
        fn undocumented(&self, _: &str, _: &mut Found) {}
    }

    impl Undocumented for ::chrono::DateTime<::chrono::FixedOffset> {
        fn undocumented(&self, _: &str, _: &mut Found) {}
    }

    impl Undocumented for ::chrono::NaiveDate {
        fn undocumented(&self, _: &str, _: &mut Found) {}
    }

    impl Undocumented for ::chrono::NaiveTime {
        fn undocumented(&self, _: &str, _: &mut Found) {}
    }

    impl Undocumented for super::helpers::Base64 {
        fn undocumented(&self, _: &str, _: &mut Found) {}
    }

    impl Undocumented for ::serde_json::Value {
        fn undocumented(&self, _: &str, _: &mut Found) {}
    }
}

/// Types the models use besides those of the standard library, `chrono`, `uuid` and
/// `serde_json`.
pub mod helpers {
    /// A model struct as a JSON object: how it reads a member and writes its fields.
    /// Every struct of the models implements it, and its `serde` impls go through it:
    /// a member the struct declares fills its field (absent leaves it `None`; `null` too, and
    /// is noted in `nulls`), any other lands in `additional_properties`; fields that are
    /// `None` are not written, but as `null` when `nulls` holds them.
    pub trait Object: ::std::default::Default {
        /// The type's qualified name, `microsoft.graph.user`.
        const NAME: &'static str;

        /// Reads the value of the member `key` from `map`; gives the key back when it named a
        /// field (not a member kept in `additional_properties`).
        fn read_field<'de, A: ::serde::de::MapAccess<'de>>(&mut self, key: Key<'de>, map: &mut A) -> ::std::result::Result<::std::option::Option<Key<'de>>, A::Error>;

        /// The fields read as `null` or to send as `null`.
        fn nulls_mut(&mut self) -> &mut ::std::collections::BTreeSet<::std::string::String>;

        /// Writes every field that has a value, then `additional_properties`.
        fn write_fields<M: ::serde::ser::SerializeMap>(&self, map: &mut M) -> ::std::result::Result<(), M::Error>;
    }

    /// A JSON member's name, borrowed from the input when it can be.
    #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
    pub struct Key<'de>(::std::borrow::Cow<'de, str>);

    impl Key<'_> {
        /// The name, owned.
        pub fn into_owned(self) -> ::std::string::String {
            self.0.into_owned()
        }
    }

    impl ::std::ops::Deref for Key<'_> {
        type Target = str;

        fn deref(&self) -> &str {
            &self.0
        }
    }

    impl<'de> ::serde::Deserialize<'de> for Key<'de> {
        fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
            struct Visitor;
            impl<'de> ::serde::de::Visitor<'de> for Visitor {
                type Value = Key<'de>;

                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str("a member name")
                }

                fn visit_borrowed_str<E: ::serde::de::Error>(self, v: &'de str) -> ::std::result::Result<Key<'de>, E> {
                    ::std::result::Result::Ok(Key(::std::borrow::Cow::Borrowed(v)))
                }

                fn visit_str<E: ::serde::de::Error>(self, v: &str) -> ::std::result::Result<Key<'de>, E> {
                    ::std::result::Result::Ok(Key(::std::borrow::Cow::Owned(v.to_owned())))
                }

                fn visit_string<E: ::serde::de::Error>(self, v: ::std::string::String) -> ::std::result::Result<Key<'de>, E> {
                    ::std::result::Result::Ok(Key(::std::borrow::Cow::Owned(v)))
                }
            }
            deserializer.deserialize_str(Visitor)
        }
    }

    /// Reads an [`Object`] from a JSON object.
    pub fn deserialize<'de, T: Object, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<T, D::Error> {
        struct Visitor<T>(::std::marker::PhantomData<T>);
        impl<'de, T: Object> ::serde::de::Visitor<'de> for Visitor<T> {
            type Value = T;

            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "a `{}` object", T::NAME)
            }

            fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<T, A::Error> {
                let mut value = T::default();
                while let ::std::option::Option::Some(key) = map.next_key::<Key<'de>>()? {
                    let mut spy = NullSpy { map: &mut map, null: false };
                    let field = value.read_field(key, &mut spy)?;
                    // A field read as `null` is noted, to be written as `null` again.
                    let null = if spy.null { field } else { ::std::option::Option::None };
                    if let ::std::option::Option::Some(key) = null.filter(|k| &**k != "@odata.type") {
                        value.nulls_mut().insert(key.into_owned());
                    }
                }
                ::std::result::Result::Ok(value)
            }
        }
        deserializer.deserialize_map(Visitor(::std::marker::PhantomData))
    }

    /// The map of an object being read, noting whether the value it gives for a member is a
    /// `null` read into an `Option` (a field's).
    struct NullSpy<'m, A> {
        map: &'m mut A,
        null: bool,
    }

    impl<'de, A: ::serde::de::MapAccess<'de>> ::serde::de::MapAccess<'de> for NullSpy<'_, A> {
        type Error = A::Error;

        fn next_key_seed<K: ::serde::de::DeserializeSeed<'de>>(&mut self, seed: K) -> ::std::result::Result<::std::option::Option<K::Value>, A::Error> {
            self.map.next_key_seed(seed)
        }

        fn next_value_seed<V: ::serde::de::DeserializeSeed<'de>>(&mut self, seed: V) -> ::std::result::Result<V::Value, A::Error> {
            self.map.next_value_seed(Spied { inner: seed, null: &mut self.null })
        }
    }

    /// A seed, deserializer or visitor that sets `null` when an `Option` reads `null`.
    struct Spied<'n, T> {
        inner: T,
        null: &'n mut bool,
    }

    impl<'de, S: ::serde::de::DeserializeSeed<'de>> ::serde::de::DeserializeSeed<'de> for Spied<'_, S> {
        type Value = S::Value;

        fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<S::Value, D::Error> {
            self.inner.deserialize(Spied { inner: deserializer, null: self.null })
        }
    }

    macro_rules! forward {
        ($($method:ident)*) => {
            $(
                fn $method<V: ::serde::de::Visitor<'de>>(self, visitor: V) -> ::std::result::Result<V::Value, D::Error> {
                    self.inner.$method(visitor)
                }
            )*
        };
    }

    impl<'de, D: ::serde::Deserializer<'de>> ::serde::Deserializer<'de> for Spied<'_, D> {
        type Error = D::Error;

        fn deserialize_option<V: ::serde::de::Visitor<'de>>(self, visitor: V) -> ::std::result::Result<V::Value, D::Error> {
            self.inner.deserialize_option(Spied { inner: visitor, null: self.null })
        }

        forward! {
            deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
            deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
            deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
            deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
            deserialize_unit deserialize_seq deserialize_map deserialize_identifier
            deserialize_ignored_any
        }

        fn deserialize_unit_struct<V: ::serde::de::Visitor<'de>>(self, name: &'static str, visitor: V) -> ::std::result::Result<V::Value, D::Error> {
            self.inner.deserialize_unit_struct(name, visitor)
        }

        fn deserialize_newtype_struct<V: ::serde::de::Visitor<'de>>(self, name: &'static str, visitor: V) -> ::std::result::Result<V::Value, D::Error> {
            self.inner.deserialize_newtype_struct(name, visitor)
        }

        fn deserialize_tuple<V: ::serde::de::Visitor<'de>>(self, len: usize, visitor: V) -> ::std::result::Result<V::Value, D::Error> {
            self.inner.deserialize_tuple(len, visitor)
        }

        fn deserialize_tuple_struct<V: ::serde::de::Visitor<'de>>(self, name: &'static str, len: usize, visitor: V) -> ::std::result::Result<V::Value, D::Error> {
            self.inner.deserialize_tuple_struct(name, len, visitor)
        }

        fn deserialize_struct<V: ::serde::de::Visitor<'de>>(self, name: &'static str, fields: &'static [&'static str], visitor: V) -> ::std::result::Result<V::Value, D::Error> {
            self.inner.deserialize_struct(name, fields, visitor)
        }

        fn deserialize_enum<V: ::serde::de::Visitor<'de>>(self, name: &'static str, variants: &'static [&'static str], visitor: V) -> ::std::result::Result<V::Value, D::Error> {
            self.inner.deserialize_enum(name, variants, visitor)
        }

        fn is_human_readable(&self) -> bool {
            self.inner.is_human_readable()
        }
    }

    impl<'de, V: ::serde::de::Visitor<'de>> ::serde::de::Visitor<'de> for Spied<'_, V> {
        type Value = V::Value;

        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            self.inner.expecting(f)
        }

        fn visit_none<E: ::serde::de::Error>(self) -> ::std::result::Result<V::Value, E> {
            *self.null = true;
            self.inner.visit_none()
        }

        fn visit_unit<E: ::serde::de::Error>(self) -> ::std::result::Result<V::Value, E> {
            *self.null = true;
            self.inner.visit_unit()
        }

        fn visit_some<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<V::Value, D::Error> {
            self.inner.visit_some(deserializer)
        }
    }

    /// Writes an [`Object`] as a JSON object.
    pub fn serialize<T: Object, S: ::serde::Serializer>(value: &T, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(::std::option::Option::None)?;
        value.write_fields(&mut map)?;
        ::serde::ser::SerializeMap::end(map)
    }

    /// Writes a struct's fields into a map: each field that has a value, and `null` for each
    /// that is `None` and noted in `nulls`.
    pub struct Fields<'a, M> {
        map: &'a mut M,
        nulls: &'a ::std::collections::BTreeSet<::std::string::String>,
    }

    impl<'a, M: ::serde::ser::SerializeMap> Fields<'a, M> {
        pub fn new(map: &'a mut M, nulls: &'a ::std::collections::BTreeSet<::std::string::String>) -> Self {
            Fields { map, nulls }
        }

        /// Writes `key` and the value of a field that has one, or `null` for a field that is
        /// `None` and noted in `nulls`.
        pub fn field<T: ::serde::Serialize>(&mut self, key: &str, value: &::std::option::Option<T>) -> ::std::result::Result<(), M::Error> {
            match value {
                ::std::option::Option::Some(value) => self.map.serialize_entry(key, value),
                ::std::option::Option::None if self.nulls.contains(key) => self.map.serialize_entry(key, &::serde_json::Value::Null),
                ::std::option::Option::None => ::std::result::Result::Ok(()),
            }
        }
    }

    /// Writes `key` and the value of a field that has one.
    pub fn write<M: ::serde::ser::SerializeMap, T: ::serde::Serialize>(map: &mut M, key: &str, value: &::std::option::Option<T>) -> ::std::result::Result<(), M::Error> {
        match value {
            ::std::option::Option::Some(value) => map.serialize_entry(key, value),
            ::std::option::Option::None => ::std::result::Result::Ok(()),
        }
    }

    /// Writes the members a struct does not declare, as they are.
    pub fn write_all<M: ::serde::ser::SerializeMap>(map: &mut M, members: &::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>) -> ::std::result::Result<(), M::Error> {
        for (key, value) in members {
            map.serialize_entry(key, value)?;
        }
        ::std::result::Result::Ok(())
    }

    /// Reads a value typed by a base type as the derived type its `@odata.type` names: a
    /// `directoryObject` that is a `user`, an `attachment` that is a `fileAttachment`. Every
    /// struct has it.
    pub trait Derived: Object + ::serde::Serialize {
        /// The value as `T` when its `@odata.type` names `T`: each member, whether the base
        /// declares it or keeps it in `additional_properties`, read again as `T`. `None` when
        /// it names another type or none (an unknown type stays the base, its members kept).
        fn as_derived<T: Object + ::serde::de::DeserializeOwned>(&self) -> ::std::option::Option<T> {
            let value = ::serde_json::to_value(self).ok()?;
            let named = value.get("@odata.type")?.as_str()?;
            if !same_type(named, T::NAME) {
                return ::std::option::Option::None;
            }
            ::serde_json::from_value(value).ok()
        }
    }

    impl<B: Object + ::serde::Serialize> Derived for B {}

    /// Bytes that travel as base64 text.
    #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::default::Default, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash)]
    pub struct Base64(pub ::std::vec::Vec<u8>);

    impl ::serde::Serialize for Base64 {
        fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
            use ::base64::Engine as _;
            serializer.serialize_str(&::base64::engine::general_purpose::STANDARD.encode(&self.0))
        }
    }

    impl<'de> ::serde::Deserialize<'de> for Base64 {
        fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
            use ::base64::Engine as _;
            use ::base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
            // Padding written or not, standard or URL-safe alphabet.
            let lenient = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
            let text = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
            GeneralPurpose::new(&::base64::alphabet::STANDARD, lenient)
                .decode(text.trim_end_matches('='))
                .or_else(|_| GeneralPurpose::new(&::base64::alphabet::URL_SAFE, lenient).decode(text.trim_end_matches('=')))
                .map(Base64)
                .map_err(::serde::de::Error::custom)
        }
    }
}
