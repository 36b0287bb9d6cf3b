//! The catalogue of hostile pages in `tests/hostile/`: each class of input that once crashed
//! the generator or broke an output. Each page's defect is a diagnostic with its code and
//! line, and every output parses with its format's own reader (YAML with serde_yaml, XML with
//! quick-xml, Rust with syn, TOML with toml). CI also compiles the catalogue's generated crate
//! and runs its case tests (`.ci/run`).
//!
//! The docs walk (symlinks, empty folders) and the output set (locks, leftovers, failed runs)
//! are tried on folders made here.

use crate::common;

use std::path::Path;

use graphdoc_codegen::{Code, Generation};

fn hostile() -> Generation {
    graphdoc_codegen::Config::new()
        .docs(common::root().join("tests/hostile"))
        .run()
        .expect("the catalogue generates")
}

fn reported(g: &Generation, path: &str, line: u32, code: Code, needle: &str) {
    let found = g.diagnostics.iter().any(|d| {
        d.location.path == path
            && (line == 0 || d.location.line == line)
            && d.code == code
            && d.message.contains(needle)
    });
    assert!(
        found,
        "expected {path}:{line}: {} containing {needle:?}; got:\n{}",
        code.as_str(),
        g.diagnostics
            .iter()
            .filter(|d| d.location.path == path)
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn each_hostile_page_is_a_diagnostic() {
    let g = hostile();
    // Names: alphanumeric to Unicode but not identifiers.
    reported(&g, "names.md", 18, Code::NameInvalid, "`x²`");
    reported(&g, "names.md", 19, Code::NameInvalid, "`٣abc`");
    reported(&g, "names.md", 27, Code::NameCollision, "status_2");
    reported(&g, "names.md", 28, Code::PropertyDuplicate, "`status`");
    // Nesting past serde_json's limit, in a representation, an annotation and example bodies.
    reported(
        &g,
        "deep-json.md",
        24,
        Code::ResourceJson,
        "nested more than 128",
    );
    reported(
        &g,
        "deep-json.md",
        27,
        Code::AnnotationJson,
        "recursion limit",
    );
    // At the body's first line, where reading it stops.
    reported(
        &g,
        "api/deep-json-create.md",
        27,
        Code::ExampleJson,
        "nested",
    );
    reported(
        &g,
        "api/deep-json-create.md",
        37,
        Code::ExampleJson,
        "nested",
    );
    // Characters XML forbids, a NUL in a name and in a type cell.
    reported(
        &g,
        "control-characters.md",
        18,
        Code::PageCharacter,
        "U+0007",
    );
    reported(
        &g,
        "control-characters.md",
        19,
        Code::NameInvalid,
        "nul\u{FFFD}name",
    );
    reported(
        &g,
        "control-characters.md",
        20,
        Code::TypeUnknown,
        "nul\u{FFFD}type",
    );
    // A direction override in a name.
    reported(&g, "bidi.md", 19, Code::NameInvalid, "name\u{202E}");
    // `@odata.type` values that are no type names.
    for name in ["/etc/passwd", "thing)", "microsoft..graph"] {
        // At the member, on the JSON's one line.
        reported(&g, "odata-type.md", 23, Code::NameInvalid, name);
    }
    reported(&g, "non-utf8.md", 1, Code::PageEncoding, "not valid UTF-8");
    reported(
        &g,
        "yaml-bomb.md",
        2,
        Code::FrontMatterYaml,
        "repetition limit",
    );
    reported(&g, "collisions.md", 0, Code::NameCollision, "Collisions2");
    reported(&g, "api/routes.md", 15, Code::RouteNotAPath, "unclosed `{`");
    // Two pages pasted into one file: the second title starts a page of its own.
    reported(
        &g,
        "api/pasted.md",
        49,
        Code::TitleSeveral,
        "second `# Title`",
    );
}

#[test]
fn pages_pasted_into_one_file_keep_their_own_sections() {
    let g = hostile();
    let body_of = |prefix: &str| -> Vec<String> {
        let (_, _, route) = g
            .model
            .all_routes()
            .find(|(path, _, _)| path.starts_with(prefix))
            .unwrap_or_else(|| panic!("a route under {prefix}"));
        let body = route.request_body.as_ref().expect("a request body");
        body.parameters.iter().map(|p| p.name.clone()).collect()
    };
    // Each route has its own page's request body, and not the other's.
    assert_eq!(body_of("/pastedAs/"), ["alpha"]);
    assert_eq!(body_of("/pastedBs/"), ["beta"]);
}

#[test]
fn hostile_pages_keep_their_other_content() {
    let g = hostile();
    let ty = |name: &str| {
        g.model
            .get(&format!("microsoft.graph.{name}"))
            .unwrap_or_else(|| panic!("{name} is in the model"))
    };
    // A bad name, nesting or byte does not cost the page its other rows.
    assert!(ty("names").properties.contains_key("größe"));
    assert!(ty("names").properties.contains_key("x²"), "JSON carries it");
    assert!(ty("deepJson").properties.contains_key("nested"));
    assert!(ty("controlCharacters").properties.contains_key("bell"));
    assert!(ty("nonUtf8").properties.contains_key("latin"));
    assert!(ty("bomCrlf").properties.contains_key("line"));
    assert!(ty("unterminated").properties.contains_key("id"));
    assert!(ty("yamlBomb").properties.contains_key("id"));
    assert!(
        g.model.get("microsoft.graph./etc/passwd").is_none()
            && g.model.get("/etc/passwd").is_none()
    );
    // The injection text is a description, not code: the one function in the models is the
    // generated one, and the text survives as text.
    let models = std::str::from_utf8(&g.files["rust/src/models.rs"]).expect("UTF-8");
    let code_lines = models.lines().filter(|l| {
        let l = l.trim_start();
        !l.starts_with("///") && !l.starts_with("//!")
    });
    for line in code_lines {
        assert!(
            !line.contains("injected") && !line.contains("include_str"),
            "a description became code: {line}"
        );
    }
    let docs: String = doc_lines(models).join("\n");
    assert!(
        docs.contains("fn injected()"),
        "the description is kept as text"
    );
    assert!(
        !models.contains('\u{202E}'),
        "direction overrides are escaped in generated Rust"
    );
    assert!(docs.contains("\\u{202e}"));
}

/// The doc comments of generated Rust (prettyplease prints `#[doc]` as `///`), in order.
fn doc_lines(source: &str) -> Vec<&str> {
    source
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("///"))
        .collect()
}

#[test]
fn every_output_of_the_catalogue_parses() {
    common::assert_well_formed(&hostile().files);
}

#[test]
fn a_docs_label_cannot_escape_its_headers() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for name in ["x\nfn main() {}", "x?>y", "*/ */", "a\"b'c", "-rf"] {
        let docs = dir.path().join(name);
        std::fs::create_dir_all(&docs).expect("a folder");
        std::fs::copy(
            common::root().join("docs-input/resources/entity.md"),
            docs.join("entity.md"),
        )
        .expect("a page");
        let g = graphdoc_codegen::Config::new()
            .docs(&docs)
            .run()
            .expect("generates");
        common::assert_well_formed(&g.files);
        let label = graphdoc_codegen::docs_label(&docs);
        assert!(
            label
                .chars()
                .all(|c| c.is_alphanumeric() || "._-".contains(c))
                && !label.starts_with('-'),
            "{name:?} → {label:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn the_docs_walk_stays_inside_and_goes_on() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let docs = dir.path().join("docs");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(docs.join("sub")).expect("folders");
    std::fs::create_dir_all(&outside).expect("folders");
    let page = std::fs::read_to_string(common::root().join("docs-input/resources/entity.md"))
        .expect("a page");
    std::fs::write(docs.join("entity.md"), &page).expect("a page");
    std::fs::write(outside.join("secret.md"), page.replace("entity", "secret")).expect("a page");
    symlink(&outside, docs.join("out")).expect("a link out of the folder");
    symlink(outside.join("secret.md"), docs.join("secret.md")).expect("a link to a file outside");
    symlink(&docs, docs.join("sub/loop")).expect("a loop");
    symlink(docs.join("missing.md"), docs.join("dangling.md")).expect("a dangling link");
    symlink(docs.join("missing.txt"), docs.join("dangling.txt")).expect("a dangling link");
    symlink(docs.join("entity.md"), docs.join("sub/alias.md")).expect("a link inside");
    let read = graphdoc_codegen::read_docs(&docs).expect("the walk goes on");
    let pages: Vec<&str> = read.pages.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(pages, ["entity.md", "sub/alias.md"]);
    let problems: Vec<(String, &str)> = read
        .diagnostics
        .iter()
        .map(|d| (d.location.path.clone(), d.code.as_str()))
        .collect();
    for path in [
        "out",
        "secret.md",
        "sub/loop",
        "dangling.md",
        "dangling.txt",
    ] {
        assert!(
            problems.contains(&(path.to_owned(), "docs-unreadable")),
            "{path}: {problems:?}"
        );
    }
    // The run reports them beside the pages' diagnostics.
    let g = graphdoc_codegen::Config::new()
        .docs(&docs)
        .run()
        .expect("generates");
    assert_eq!(
        g.diagnostics
            .iter()
            .filter(|d| d.code == Code::DocsUnreadable)
            .count(),
        5
    );
}

#[test]
fn a_folder_without_pages_writes_nothing() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).expect("a folder");
    std::fs::write(docs.join("notes.txt"), "not a page").expect("a file");
    let out = dir.path().join("out");
    let result = graphdoc_codegen::Config::new()
        .docs(&docs)
        .out_dir(&out)
        .generate();
    assert!(
        matches!(result, Err(graphdoc_codegen::Error::NoPages(_))),
        "no pages is an error"
    );
    assert!(!out.exists(), "nothing was written");
}

fn entity_docs(dir: &Path) -> std::path::PathBuf {
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).expect("a folder");
    std::fs::copy(
        common::root().join("docs-input/resources/entity.md"),
        docs.join("entity.md"),
    )
    .expect("a page");
    docs
}

#[test]
fn a_run_removes_what_a_killed_run_left() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let docs = entity_docs(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("rust/src")).expect("folders");
    let leftovers = [
        out.join(".model.yaml.generator-tmp"),
        out.join("rust/src/.models.rs.generator-tmp"),
    ];
    for leftover in &leftovers {
        std::fs::write(leftover, "half a file").expect("a leftover");
    }
    std::fs::write(out.join("notes.txt"), "mine").expect("a file of the user's");
    graphdoc_codegen::Config::new()
        .docs(&docs)
        .out_dir(&out)
        .generate()
        .expect("generates");
    for leftover in &leftovers {
        assert!(!leftover.exists(), "{} is removed", leftover.display());
    }
    assert!(out.join("notes.txt").exists(), "other files are left alone");
    assert!(out.join("model.yaml").exists());
}

#[test]
fn a_failed_run_leaves_the_previous_set_intact() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let docs = entity_docs(dir.path());
    let out = dir.path().join("out");
    let config = {
        let mut c = graphdoc_codegen::Config::new();
        c.docs(&docs).out_dir(&out);
        c
    };
    config.generate().expect("generates");
    let before = snapshot(&out);
    // The next run changes every file, but one target cannot be replaced: a folder stands
    // where `rust/src/models.rs` is; no file is renamed into place unless all can be written.
    let page = std::fs::read_to_string(docs.join("entity.md")).expect("the page");
    std::fs::write(
        docs.join("entity.md"),
        page.replace("Read-only", "Read only"),
    )
    .expect("edit");
    std::fs::write(docs.join("extra.md"), page.replace("entity", "extraThing"))
        .expect("a second page");
    // `model.yaml` is written after `cases.yaml` and `csdl.xml`, whose new bytes must not land.
    std::fs::create_dir_all(out.join(".model.yaml.generator-tmp")).expect("a blocker");
    let failed = config.generate();
    assert!(failed.is_err(), "the blocked file fails the run");
    std::fs::remove_dir(out.join(".model.yaml.generator-tmp")).expect("unblock");
    assert_eq!(
        snapshot(&out),
        before,
        "the previous set is intact, no temporary file left"
    );
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walk(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("readable");
            (
                p.strip_prefix(dir).expect("below").display().to_string(),
                bytes,
            )
        })
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[cfg(unix)]
#[test]
fn a_second_run_into_the_same_folder_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let docs = entity_docs(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("a folder");
    // Another process holds the folder's lock.
    let holder = std::fs::File::open(&out).expect("the folder opens");
    holder.lock().expect("locks");
    let result = graphdoc_codegen::Config::new()
        .docs(&docs)
        .out_dir(&out)
        .generate();
    assert!(
        matches!(result, Err(graphdoc_codegen::Error::Locked(_))),
        "refused while locked"
    );
    assert!(!out.join("model.yaml").exists());
    holder.unlock().expect("unlocks");
    graphdoc_codegen::Config::new()
        .docs(&docs)
        .out_dir(&out)
        .generate()
        .expect("runs once the lock is free");
}

/// A representation of many members its table lacks: the report lists the first hundred
/// diagnostics of that code on the page and sums up the rest as one; the summary counts all.
#[test]
fn repeated_diagnostics_are_summed_up_and_counted_in_full() {
    let members: Vec<String> = (0..250)
        .map(|i| format!("  \"p{i}\": \"String\""))
        .collect();
    let page = format!(
        "---\ntitle: \"wide resource type\"\ndoc_type: resourcePageType\n---\n\n# wide resource type\n\nNamespace: microsoft.graph\n\nWide.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| p0 | String | The first. |\n\n## JSON representation\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.wide\" }} -->\n```json\n{{\n{}\n}}\n```\n",
        members.join(",\n")
    );
    let sources = [graphdoc_codegen::Source::new("resources/wide.md", page)];
    let g = graphdoc_codegen::generate_from_sources(&sources, "docs").expect("it generates");
    let listed: Vec<_> = g
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::PropertyNotInTable)
        .collect();
    assert_eq!(listed.len(), 101);
    assert!(
        listed[100]
            .message
            .starts_with("and 149 more like this on this page"),
        "{}",
        listed[100]
    );
    assert_eq!(g.summary.diagnostics[&Code::PropertyNotInTable], 249);
    // Reading a page counts what it does not keep too: 250 rows without a name.
    let rows: Vec<String> = (0..250).map(|i| format!("|  | String | d{i} |")).collect();
    let nameless = format!(
        "---\ntitle: \"nameless\"\n---\n\n# nameless resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{}\n",
        rows.join("\n")
    );
    let sources = [graphdoc_codegen::Source::new(
        "resources/nameless.md",
        nameless,
    )];
    let n = graphdoc_codegen::generate_from_sources(&sources, "docs").expect("it generates");
    let listed = (n.diagnostics.iter()).filter(|d| d.code == Code::RowNameMissing);
    assert_eq!(listed.count(), 101);
    assert_eq!(n.summary.diagnostics[&Code::RowNameMissing], 250);
    // Every member is still a property.
    assert_eq!(
        g.model
            .get("microsoft.graph.wide")
            .unwrap()
            .properties
            .len(),
        250
    );
}
