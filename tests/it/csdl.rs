//! The CSDL document: a snapshot for the fixtures (docs-input's is `generated/csdl.xml`), and the constructs it must
//! carry. CI also checks it with xmllint against OASIS's edmx.xsd, odata-csdl-xml2json and
//! odata-openapi3.

use crate::common;

fn csdl(g: &graphdoc_codegen::Generation) -> String {
    String::from_utf8(g.files["csdl.xml"].clone()).expect("UTF-8")
}

#[test]
fn fixtures_csdl() {
    let g = common::generated(&common::root().join("tests/fixtures"));
    let xml = csdl(&g);
    insta::assert_snapshot!("fixtures_csdl", xml);
    let has = |needle: &str| assert!(xml.contains(needle), "missing {needle}");
    has(r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">"#);
    // One Schema per namespace.
    has(r#"<Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">"#);
    has(
        r#"<Schema Namespace="microsoft.graph.callRecords" xmlns="http://docs.oasis-open.org/odata/ns/edm">"#,
    );
    // Keys on the root, inheritance below it, abstract/open/stream where the docs say so.
    has(r#"<EntityType Name="entity" Abstract="true">"#);
    has(r#"<PropertyRef Name="id"/>"#);
    has(r#"<EntityType Name="user" BaseType="microsoft.graph.directoryObject">"#);
    has(
        r#"<EntityType Name="session" BaseType="microsoft.graph.entity" OpenType="true" HasStream="true">"#,
    );
    // Enums with their members, flags as powers of two.
    has(r#"<Member Name="notAdult" Value="1">"#);
    has(r#"<EnumType Name="riskLevel" IsFlags="true">"#);
    has(r#"<Member Name="high" Value="4"/>"#);
    // Only CSDL 4.0 types.
    for banned in ["Edm.Float", "Edm.TimeSpan", "Edm.Object", "Edm.Untyped"] {
        assert!(!xml.contains(banned), "{banned} is not CSDL 4.0");
    }
    // Navigation: a collection addressed by key through its parent is contained.
    has(
        r#"<NavigationProperty Name="memberOf" Type="Collection(microsoft.graph.directoryObject)" ContainsTarget="true">"#,
    );
    has(r#"<NavigationProperty Name="manager" Type="microsoft.graph.directoryObject">"#);
    // Bound operations: a POST is an action with its body's parameters, a GET a function.
    has(r#"<Action Name="assignLicense" IsBound="true">"#);
    has(r#"<Parameter Name="addLicenses" Type="Collection(Edm.Guid)"/>"#);
    has(r#"<Function Name="reminderView" IsBound="true">"#);
    has(r#"<Parameter Name="startDateTime" Type="Edm.DateTimeOffset" Nullable="false"/>"#);
    // The container: `/users/{id}` is an entity set, `/me` a singleton.
    has(r#"<EntitySet Name="users" EntityType="microsoft.graph.user"/>"#);
    has(r#"<Singleton Name="me" Type="microsoft.graph.user"/>"#);
    // Descriptions as Core.Description annotations.
    has(
        r#"<Annotation Term="Org.OData.Core.V1.Description" String="Represents an Azure AD user account. Inherits from directoryObject."/>"#,
    );
}
