fn main() -> Result<(), Box<dyn std::error::Error>> {
    graphdoc_codegen::Config::new()
        .docs("docs")
        .compile_models()?;
    Ok(())
}
