fn main() -> Result<(), Box<dyn std::error::Error>> {
    graphdoc_codegen::Config::new()
        .docs("docs")
        // prost-build's knobs, each used by a test in tests/models.rs.
        .type_attribute("microsoft.graph.alternativeSecurityId", "#[derive(Eq)]")
        .field_attribute(
            "microsoft.graph.device.displayName",
            "#[doc(alias = \"name\")]",
        )
        .extern_path("microsoft.graph.command", "crate::DeviceCommand")
        .compile_models()?;
    Ok(())
}
