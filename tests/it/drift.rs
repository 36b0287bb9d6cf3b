//! Drift between the pages and a service's metadata: none between docs and the `csdl.xml` they
//! generate; each change to that metadata is exactly its finding; metadata others wrote reads;
//! bad metadata is an error with its place, never a panic.

use std::path::Path;

use graphdoc_codegen::drift::{self, Finding, FindingKind, Item, TypeName};

use crate::common;

fn own_csdl(dir: &Path) -> (&'static graphdoc_codegen::Generation, String) {
    let g = common::generated(dir);
    let xml = String::from_utf8(g.files["csdl.xml"].clone()).expect("UTF-8");
    (g, xml)
}

fn drift_of(dir: &Path, xml: &str) -> Vec<Finding> {
    let metadata = drift::read(xml).expect("the metadata reads");
    drift::drift(&metadata, &common::generated(dir).model).findings
}

fn assert_no_drift(dir: &Path) {
    let (_, xml) = own_csdl(dir);
    let findings = drift_of(dir, &xml);
    assert!(
        findings.is_empty(),
        "{} findings between {} and its own csdl.xml, the first: {:#?}",
        findings.len(),
        dir.display(),
        &findings[..findings.len().min(5)]
    );
}

#[test]
fn no_drift_between_docs_input_and_its_csdl() {
    assert_no_drift(&common::root().join("docs-input"));
}

#[test]
fn no_drift_between_the_fixtures_and_their_csdl() {
    assert_no_drift(&common::root().join("tests/fixtures"));
}

#[test]
fn no_drift_between_the_sample_and_its_csdl() {
    assert_no_drift(&common::sample());
}

#[test]
fn no_drift_between_the_corpus_and_its_csdl() {
    if let Some(corpus) = common::corpus() {
        assert_no_drift(&corpus);
    }
}

/// The one finding a change to the fixtures' csdl.xml gives.
fn one_finding(change: impl Fn(&str) -> String) -> Finding {
    let fixtures = common::root().join("tests/fixtures");
    let (_, xml) = own_csdl(&fixtures);
    let changed = change(&xml);
    assert_ne!(changed, xml, "the change changes nothing");
    let mut findings = drift_of(&fixtures, &changed);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    findings.remove(0)
}

/// The element that starts with `start` and ends with `end`, taken out with the line it is on.
fn without(xml: &str, start: &str, end: &str) -> String {
    let from = xml.find(start).expect("the element is there");
    let to = from + xml[from..].find(end).expect("it ends") + end.len();
    let line_start = xml[..from].rfind('\n').unwrap_or(0);
    format!("{}{}", &xml[..line_start], &xml[to..])
}

fn assert_finding(f: &Finding, kind: FindingKind, item: Item, name: &str) {
    assert_eq!(
        (f.kind, f.item, f.name.as_str()),
        (kind, item, name),
        "{f:#?}"
    );
    // Located: on the pages when they hold it, in the metadata when it does.
    if kind != FindingKind::Undocumented {
        let (page, line) = f.docs.as_ref().expect("located on the pages");
        assert!(page.ends_with(".md") && *line > 1, "{f:#?}");
    }
    if kind != FindingKind::Phantom {
        assert!(f.metadata.is_some_and(|line| line > 1), "{f:#?}");
    }
}

#[test]
fn a_type_removed_is_a_phantom_type() {
    let f = one_finding(|x| without(x, r#"<ComplexType Name="labelSet""#, "</ComplexType>"));
    assert_finding(
        &f,
        FindingKind::Phantom,
        Item::Type,
        "microsoft.graph.labelSet",
    );
}

#[test]
fn a_property_removed_is_a_phantom_property() {
    let f = one_finding(|x| {
        x.replace(
            r#"<Property Name="favoriteNumbers" Type="Collection(Edm.Int32)"/>"#,
            "",
        )
    });
    let name = "microsoft.graph.user/favoriteNumbers";
    assert_finding(&f, FindingKind::Phantom, Item::Property, name);
}

#[test]
fn an_enum_member_removed_is_a_phantom_member() {
    let f = one_finding(|x| x.replace(r#"<Member Name="medium" Value="2"/>"#, ""));
    let name = "microsoft.graph.riskLevel/medium";
    assert_finding(&f, FindingKind::Phantom, Item::EnumMember, name);
}

#[test]
fn an_entity_set_removed_is_a_phantom_set() {
    let f = one_finding(|x| without(x, r#"<EntitySet Name="users""#, "/>"));
    assert_finding(&f, FindingKind::Phantom, Item::EntitySet, "users");
}

#[test]
fn an_operation_removed_is_a_phantom_operation() {
    let f = one_finding(|x| without(x, r#"<Action Name="assignLicense""#, "</Action>"));
    let name = "microsoft.graph.user/microsoft.graph.assignLicense";
    assert_finding(&f, FindingKind::Phantom, Item::Operation, name);
}

#[test]
fn a_type_added_is_an_undocumented_type() {
    let f = one_finding(|x| {
        x.replacen(
            r#"<ComplexType Name="Untyped""#,
            "<ComplexType Name=\"gadget\">\n<Property Name=\"size\" Type=\"Edm.Int32\"/>\n</ComplexType>\n<ComplexType Name=\"Untyped\"",
            1,
        )
    });
    assert_finding(
        &f,
        FindingKind::Undocumented,
        Item::Type,
        "microsoft.graph.gadget",
    );
    assert!(f.docs.is_none());
}

#[test]
fn a_property_of_another_type_is_a_mismatch() {
    let f = one_finding(|x| {
        x.replace(
            r#"Name="favoriteNumbers" Type="Collection(Edm.Int32)""#,
            r#"Name="favoriteNumbers" Type="Collection(Edm.Int64)""#,
        )
    });
    let name = "microsoft.graph.user/favoriteNumbers";
    assert_finding(&f, FindingKind::Mismatch, Item::Property, name);
    assert!(
        f.detail.contains("`Collection(Edm.Int64)` in the metadata"),
        "{}",
        f.detail
    );
}

#[test]
fn a_property_no_longer_a_collection_is_a_mismatch() {
    let f = one_finding(|x| {
        x.replace(
            r#"Name="favoriteNumbers" Type="Collection(Edm.Int32)""#,
            r#"Name="favoriteNumbers" Type="Edm.Int32""#,
        )
    });
    let name = "microsoft.graph.user/favoriteNumbers";
    assert_finding(&f, FindingKind::Mismatch, Item::Property, name);
    assert!(
        f.detail.contains("`Edm.Int32` in the metadata"),
        "{}",
        f.detail
    );
}

#[test]
fn a_property_made_nullable_is_a_mismatch() {
    let f = one_finding(|x| {
        x.replace(
            r#"Name="businessPhones" Type="Collection(Edm.String)" Nullable="false""#,
            r#"Name="businessPhones" Type="Collection(Edm.String)""#,
        )
    });
    let name = "microsoft.graph.user/businessPhones";
    assert_finding(&f, FindingKind::Mismatch, Item::Property, name);
    assert!(
        f.detail.contains("nullable in the metadata"),
        "{}",
        f.detail
    );
}

#[test]
fn another_base_type_is_a_mismatch() {
    let f = one_finding(|x| {
        x.replace(
            r#"<EntityType Name="room" BaseType="microsoft.graph.directoryObject">"#,
            r#"<EntityType Name="room" BaseType="microsoft.graph.entity">"#,
        )
    });
    assert_finding(
        &f,
        FindingKind::Mismatch,
        Item::Type,
        "microsoft.graph.room",
    );
    assert!(
        f.detail
            .contains("`microsoft.graph.entity` in the metadata"),
        "{}",
        f.detail
    );
}

#[test]
fn another_casing_is_one_mismatch() {
    let f = one_finding(|x| {
        x.replace(
            r#"Name="favoriteNumbers" Type="Collection(Edm.Int32)""#,
            r#"Name="FavoriteNumbers" Type="Collection(Edm.Int32)""#,
        )
    });
    let name = "microsoft.graph.user/favoriteNumbers";
    assert_finding(&f, FindingKind::Mismatch, Item::Property, name);
    assert!(
        f.detail
            .contains("spelled `favoriteNumbers` on the pages, `FavoriteNumbers`"),
        "{}",
        f.detail
    );
}

#[test]
fn metadata_written_by_others_reads() {
    let dir = common::root().join("tests/metadata/oasis");
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).expect("the folder") {
        let path = entry.expect("an entry").path();
        let text = std::fs::read_to_string(&path).expect("UTF-8");
        let metadata = drift::read(&text).unwrap_or_else(|e| panic!("{}:{e}", path.display()));
        let shape = &metadata.shape;
        let things = shape.types.len()
            + shape.enums.len()
            + shape.operations.len()
            + shape.entity_sets.len()
            + shape.singletons.len();
        assert!(
            things > 0 || path.ends_with("odata-csdl-schemas-csdl-16.2.xml"),
            "{}: nothing read",
            path.display()
        );
        assert!(
            ["4.0", "4.01"].contains(&metadata.version.as_str()),
            "{}",
            metadata.version
        );
        // Types from referenced documents are defined there: nothing the OASIS examples name
        // is unresolved but what their own schemas leave out.
        read += 1;
    }
    assert!(read >= 19, "{read} documents");
    // TripPin, in full: aliases, inheritance, containment, functions and actions.
    let text = std::fs::read_to_string(dir.join("odata-openapi-TripPin.xml")).expect("TripPin");
    let trip = drift::read(&text).expect("TripPin reads").shape;
    let person = &trip.types["Microsoft.OData.SampleService.Models.TripPin.Person"];
    assert!(person.entity && person.key == ["UserName"]);
    let trips = &person.members["Trips"];
    assert!(trips.navigation && trips.collection && trips.contains_target);
    assert!(trip.entity_sets.contains_key("People") && trip.singletons.contains_key("Me"));
    assert!(
        trip.operations
            .keys()
            .any(|(name, binding)| name.ends_with(".GetFavoriteAirline") && binding.is_some())
    );
}

#[test]
fn what_a_service_metadata_holds_besides_plain_types() {
    let text = std::fs::read_to_string(common::root().join("tests/metadata/features.xml"))
        .expect("the fixture");
    let metadata = drift::read(&text).expect("it reads");
    assert_eq!(metadata.version, "4.01");
    assert_eq!(
        metadata.schemas,
        [
            ("contoso.shop".to_owned(), Some("shop".to_owned())),
            ("contoso.parts".to_owned(), None)
        ]
    );
    let shape = &metadata.shape;
    let item = &shape.types["contoso.shop.item"];
    assert_eq!(
        item.description.as_deref(),
        Some("Anything the shop sells.")
    );
    let product = &shape.types["contoso.shop.product"];
    // The schema's alias resolved, in a base type and in member types.
    assert_eq!(product.base.as_deref(), Some("contoso.shop.item"));
    let sku = &product.members["sku"];
    // A type definition is its underlying type; a description from an `Annotations` block,
    // its `<String>` unescaped.
    assert_eq!(sku.ty, TypeName::Named("Edm.String".into()));
    assert_eq!(
        sku.description.as_deref(),
        Some("The stock keeping unit & its check digit.")
    );
    let sizes = &product.members["sizes"];
    assert_eq!(
        (sizes.ty.clone(), sizes.collection, sizes.nullable),
        (
            TypeName::Named("contoso.shop.size".into()),
            true,
            Some(false)
        )
    );
    assert_eq!(product.members["extra"].ty, TypeName::Any);
    let parts = &product.members["parts"];
    assert!(parts.navigation && parts.contains_target && parts.nullable == Some(true));
    assert!(shape.enums["contoso.shop.size"].flags);
    assert_eq!(shape.enums["contoso.shop.size"].members.len(), 2);
    let price = &shape.operations[&(
        "contoso.shop.price".to_owned(),
        Some(("contoso.shop.product".to_owned(), false)),
    )];
    assert!(price.function);
    assert_eq!(
        price.parameters,
        [(
            "currency".to_owned(),
            TypeName::Named("Edm.String".into()),
            false
        )]
    );
    assert_eq!(
        price.returns,
        Some((TypeName::Named("Edm.Decimal".into()), false))
    );
    let restock = &shape.operations[&("contoso.shop.restock".to_owned(), None)];
    assert!(!restock.function);
    assert_eq!(shape.entity_sets["products"].ty, "contoso.shop.product");
    assert_eq!(shape.singletons["catalog"].ty, "contoso.shop.product");
    // A type no schema defines is a finding of its own, at its line; the vocabularies'
    // namespaces are other documents' and not reported.
    assert_eq!(metadata.unresolved.len(), 1, "{:?}", metadata.unresolved);
    let (owner, line, ty) = &metadata.unresolved[0];
    assert_eq!(
        (owner.as_str(), ty.as_str()),
        ("contoso.parts.part/maker", "contoso.parts.maker")
    );
    assert_eq!(
        text.lines().nth(*line as usize - 1).map(str::trim),
        Some(r#"<Property Name="maker" Type="contoso.parts.maker"/>"#)
    );
    let report = drift::drift(
        &metadata,
        &common::generated(&common::root().join("docs-input")).model,
    );
    let unresolved: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Unresolved)
        .collect();
    assert_eq!(unresolved.len(), 1);
    assert_eq!(unresolved[0].metadata, Some(*line));
    // Nothing of the shop is documented by docs-input: every type of it is undocumented.
    assert_eq!(report.summary.types.total, 4);
    assert_eq!(report.summary.types.documented, 0);
}

fn error_of(text: &str) -> drift::MetadataError {
    match drift::read(text) {
        Ok(m) => panic!("read: {:?}", m.shape.types.keys().collect::<Vec<_>>()),
        Err(e) => e,
    }
}

#[test]
fn bad_metadata_is_an_error_with_its_place() {
    let e = error_of("this is not XML at all <<< >");
    assert!(e.line >= 1 && e.col >= 1, "{e}");
    let e = error_of("<html>\n  <body/>\n</html>\n");
    assert!(e.message.contains("not CSDL") && e.line == 1, "{e}");
    let e = error_of("");
    assert!(e.message.contains("no XML element"), "{e}");
    // Mismatched tags.
    let e = error_of("<edmx:Edmx Version=\"4.0\">\n<Schema Namespace=\"a\">\n</edmx:Edmx>");
    assert_eq!(e.line, 3, "{e}");
    // A base type cycle, at a type of it.
    let cycle = "<edmx:Edmx Version=\"4.0\"><edmx:DataServices>\n<Schema Namespace=\"a\">\n<ComplexType Name=\"x\" BaseType=\"a.y\"/>\n<ComplexType Name=\"y\" BaseType=\"a.x\"/>\n</Schema></edmx:DataServices></edmx:Edmx>";
    let e = error_of(cycle);
    assert!(
        e.message.contains("cycle") && (3..=4).contains(&e.line),
        "{e}"
    );
}

#[test]
fn cut_short_metadata_is_an_error_wherever_it_is_cut() {
    let (_, xml) = own_csdl(&common::root().join("tests/fixtures"));
    let end = xml.rfind("</edmx:Edmx>").expect("the end");
    let cuts: Vec<usize> = (0..end)
        .step_by(97)
        .filter(|i| xml.is_char_boundary(*i))
        .collect();
    for cut in cuts {
        let e = error_of(&xml[..cut]);
        assert!(e.line >= 1, "{e}");
    }
    let e = error_of(&xml[..end]);
    assert!(e.message.contains("cut short"), "{e}");
}

#[test]
fn entities_are_not_expanded() {
    let doc = |body: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE edmx [\n<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n<!ENTITY lol \"lol\">\n<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n<edmx:Edmx Version=\"4.0\"><edmx:DataServices><Schema Namespace=\"a\">\n{body}\n</Schema></edmx:DataServices></edmx:Edmx>"
        )
    };
    for body in [
        "<ComplexType Name=\"x\"><Annotation Term=\"Org.OData.Core.V1.Description\" String=\"&xxe;\"/></ComplexType>",
        "<ComplexType Name=\"x\"><Annotation Term=\"Org.OData.Core.V1.Description\"><String>&lol2;</String></Annotation></ComplexType>",
    ] {
        let e = error_of(&doc(body));
        assert_eq!(e.line, 8, "{e}");
    }
    // The declarations alone are skipped.
    let m = drift::read(&doc("<ComplexType Name=\"x\"/>")).expect("reads");
    assert!(m.shape.types.contains_key("a.x"));
}

#[test]
fn large_metadata_reads_in_one_pass() {
    // 20,000 types of 10 properties each (about 13 MB); the drift benchmark times 100 MB.
    let mut xml =
        String::from("<edmx:Edmx Version=\"4.0\"><edmx:DataServices><Schema Namespace=\"big\">\n");
    for t in 0..20_000 {
        xml.push_str(&format!(
            "<EntityType Name=\"t{t}\" BaseType=\"big.t{}\">\n",
            t.max(1) - 1
        ));
        for p in 0..10 {
            xml.push_str(&format!(
                "  <Property Name=\"p{p}\" Type=\"Collection(big.t{p})\" Nullable=\"false\"/>\n"
            ));
        }
        xml.push_str("</EntityType>\n");
    }
    xml.push_str("</Schema></edmx:DataServices></edmx:Edmx>\n");
    // t0 derives from itself: a cycle, found without walking each chain to its end.
    let e = error_of(&xml);
    assert!(e.message.contains("cycle"), "{e}");
    let m = drift::read(&xml.replacen(" BaseType=\"big.t0\"", "", 1)).expect("reads");
    assert_eq!(m.shape.types.len(), 20_000);
    assert_eq!(m.shape.types["big.t19999"].members.len(), 10);
    match &m.shape.types["big.t19999"].at {
        drift::Place::Line(line) => assert_eq!(*line as usize, 1 + 19_999 * 12 + 1),
        other => panic!("{other:?}"),
    }
}
