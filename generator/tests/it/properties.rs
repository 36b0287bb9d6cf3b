//! Property tests of the two places where arbitrary docs text becomes structure: naming (any
//! wire name becomes a Rust identifier, distinct within its scope) and route normalization
//! (any request line is a template or an error, and a template is stable and matches the URLs
//! it stands for).

use graphdoc_codegen::ident::{self, Scope};
use graphdoc_codegen::parse::route;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_name_is_an_identifier(wire in any::<String>()) {
        for name in [ident::field(&wire), ident::type_name(&wire), ident::module(&wire)] {
            let ident = name.ident();
            prop_assert_ne!(ident.to_string(), "__invalid", "{:?} → {:?}", wire, name.rust);
            prop_assert!(syn::parse_str::<syn::Ident>(&ident.to_string()).is_ok());
            prop_assert_eq!(&name.wire, &wire);
        }
    }

    #[test]
    fn names_in_a_scope_are_distinct(wires in proptest::collection::vec("[a-zA-Z_ 0-9²٣é-]{0,6}", 0..40)) {
        let mut scope = Scope::default();
        let mut seen = std::collections::HashSet::new();
        for wire in &wires {
            let (name, _) = scope.add(ident::field(wire));
            prop_assert!(seen.insert(name.rust.trim_start_matches("r#").to_owned()), "{:?}", name);
        }
    }

    #[test]
    fn any_request_line_is_a_template_or_an_error(line in any::<String>()) {
        if let Ok(t) = route::normalize(&line) {
            prop_assert!(t.path.starts_with('/'), "{:?} → {:?}", line, t.path);
        }
        let _ = route::parse_request_line(&line);
    }

    #[test]
    fn templates_are_stable_and_match_their_urls(
        parts in proptest::collection::vec(("[a-z]{2,8}", proptest::option::of("[a-z]{1,6}(-id|Id)?")), 1..12),
    ) {
        let mut documented = String::new();
        let mut concrete = String::new();
        for (n, (literal, key)) in parts.iter().enumerate() {
            documented.push('/');
            documented.push_str(literal);
            concrete.push('/');
            concrete.push_str(literal);
            if let Some(key) = key {
                documented.push_str(&format!("/{{{key}}}"));
                concrete.push_str(&format!("/value{n}"));
            }
        }
        // A first segment `beta` is a version, not part of the path.
        prop_assume!(parts[0].0 != "beta");
        let t = route::normalize(&documented).expect("a plain path is a template");
        let again = route::normalize(&t.path).expect("a template is a template");
        prop_assert_eq!(&again.path, &t.path, "normalizing twice changes nothing");
        let names: std::collections::HashSet<&str> = t.params.iter().map(|p| p.name.as_str()).collect();
        prop_assert_eq!(names.len(), t.params.len(), "parameter names are distinct: {:?}", t.params);
        prop_assert!(graphdoc_codegen::vocab::path::matches(&t.path, &concrete), "{} matches {}", t.path, concrete);
    }
}
