//! `generated/` must be what docs-input/ generates, so a docs change in a pull request always
//! arrives with the generated diff. In CI a stale copy fails with the command that updates it;
//! locally the test rewrites it (and fails once, so the rewrite is noticed).

use crate::common;

#[test]
fn generated_folder_is_up_to_date() {
    let root = common::root();
    let generation = graphdoc_codegen::Config::new()
        .docs(root.join("docs-input"))
        .run()
        .expect("docs-input generates");
    let mut stale = Vec::new();
    for (path, contents) in &generation.files {
        let target = root.join("generated").join(path);
        if std::fs::read(&target).ok().as_deref() != Some(contents.as_slice()) {
            stale.push(path.clone());
        }
    }
    if stale.is_empty() {
        return;
    }
    let command = graphdoc_codegen::label::REGENERATE;
    if std::env::var_os("CI").is_some() {
        panic!(
            "generated/ is stale ({}); update it with `{command}` and commit it",
            stale.join(", ")
        );
    }
    graphdoc_codegen::Config::new()
        .docs(root.join("docs-input"))
        .out_dir(root.join("generated"))
        .generate()
        .expect("writes generated/");
    panic!(
        "generated/ was stale ({}) and has been rewritten; commit it and rerun the tests",
        stale.join(", ")
    );
}
