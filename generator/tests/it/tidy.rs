//! The house rules a reader relies on, read from the source as rust-analyzer's tidy tests read
//! theirs: every room names only the rooms below it in ARCHITECTURE.md's layers, no source
//! file is over 800 lines and no function over 120.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

const MAX_FILE_LINES: usize = 800;
const MAX_FN_LINES: usize = 120;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, relative to it, `/`-separated.
fn sources() -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![src()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ reads") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(src()).expect("under src/");
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

fn parse(file: &str) -> syn::File {
    let text = std::fs::read_to_string(src().join(file)).expect("the file reads");
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{file} parses: {e}"))
}

/// The layers ARCHITECTURE.md gives, lowest first.
fn layers() -> Vec<String> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../ARCHITECTURE.md"))
            .expect("ARCHITECTURE.md reads");
    let after = text
        .split_once("The rooms in layers, lowest first")
        .expect("ARCHITECTURE.md gives the layers")
        .1;
    let block = after
        .split_once("```text\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .expect("the layers are a text block")
        .0;
    block.split_whitespace().map(str::to_owned).collect()
}

/// `#[cfg(test)]`, or `#[cfg(all(test, ...))]` (tests of a feature's code).
fn has_cfg_test(attrs: &[syn::Attribute]) -> bool {
    let first_is_test = |list: &syn::MetaList| {
        (list.tokens.clone().into_iter().next()).is_some_and(|t| t.to_string() == "test")
    };
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>().is_ok_and(|m| match &m {
                syn::Meta::Path(path) => path.is_ident("test"),
                syn::Meta::List(list) => list.path.is_ident("all") && first_is_test(list),
                syn::Meta::NameValue(_) => false,
            })
    })
}

/// The room of a file: its first path component (`model/build/types.rs` is in `model`).
fn room(file: &str) -> &str {
    let first = file.split('/').next().unwrap_or(file);
    first.strip_suffix(".rs").unwrap_or(first)
}

/// The files of the library's tree (not the command line's), without those compiled for tests
/// alone (`#[cfg(test)] mod x;`).
fn library_files() -> Vec<String> {
    let all = sources();
    let mut test_only: BTreeSet<String> = BTreeSet::new();
    for file in &all {
        for item in parse(file).items {
            if let syn::Item::Mod(m) = item {
                if m.content.is_none() && has_cfg_test(&m.attrs) {
                    let dir = match file.strip_suffix("mod.rs") {
                        Some(dir) => dir.to_owned(),
                        None => format!("{}/", file.trim_end_matches(".rs")),
                    };
                    test_only.insert(format!("{dir}{}.rs", m.ident));
                    test_only.insert(format!("{dir}{}/mod.rs", m.ident));
                }
            }
        }
    }
    // The crate roots, and the binary's own modules.
    let mut outside: BTreeSet<String> = ["main.rs", "lib.rs"].map(str::to_owned).into();
    for item in parse("main.rs").items {
        if let syn::Item::Mod(m) = item {
            outside.insert(format!("{}.rs", m.ident));
            outside.insert(format!("{}/mod.rs", m.ident));
        }
    }
    all.into_iter()
        .filter(|f| !test_only.contains(f) && !outside.contains(f))
        .collect()
}

/// The rooms `crate::X` paths name outside tests, with their lines.
#[derive(Default)]
struct CratePaths {
    named: Vec<(String, usize)>,
}

impl<'ast> Visit<'ast> for CratePaths {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !has_cfg_test(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        if let syn::UseTree::Path(p) = &item.tree {
            if p.ident == "crate" {
                let line = p.ident.span().start().line;
                let mut names = Vec::new();
                use_tree_heads(&p.tree, &mut names);
                self.named.extend(names.into_iter().map(|n| (n, line)));
            }
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let mut segments = path.segments.iter();
        if let (Some(first), Some(second)) = (segments.next(), segments.next()) {
            if first.ident == "crate" {
                let line = first.ident.span().start().line;
                self.named.push((second.ident.to_string(), line));
            }
        }
        syn::visit::visit_path(self, path);
    }
}

/// The first names of a use tree below `crate::`: `{a::b, c}` names `a` and `c`.
fn use_tree_heads(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(p) => out.push(p.ident.to_string()),
        syn::UseTree::Name(n) => out.push(n.ident.to_string()),
        syn::UseTree::Rename(r) => out.push(r.ident.to_string()),
        syn::UseTree::Glob(_) => out.push("*".to_owned()),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_tree_heads(t, out)),
    }
}

/// What the crate root re-exports, by name: `Error` → `error`.
fn reexports() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for item in parse("lib.rs").items {
        let syn::Item::Use(u) = item else { continue };
        let syn::UseTree::Path(p) = &u.tree else {
            continue;
        };
        let mut names = Vec::new();
        let mut leaves = |tree: &syn::UseTree| use_tree_heads(tree, &mut names);
        leaves(&p.tree);
        for name in names {
            out.insert(name, p.ident.to_string());
        }
    }
    out
}

#[test]
fn every_room_names_only_the_rooms_below_it() {
    let layers = layers();
    let rank: BTreeMap<&str, usize> = layers
        .iter()
        .enumerate()
        .map(|(i, r)| (r.as_str(), i))
        .collect();
    assert_eq!(
        rank.len(),
        layers.len(),
        "a room is listed twice: {layers:?}"
    );
    let reexports = reexports();
    let mut against = Vec::new();
    let mut unlisted = BTreeSet::new();
    for file in library_files() {
        let from = room(&file).to_owned();
        let Some(&from_rank) = rank.get(from.as_str()) else {
            unlisted.insert(from);
            continue;
        };
        let mut paths = CratePaths::default();
        paths.visit_file(&parse(&file));
        for (name, line) in paths.named {
            let to = reexports.get(&name).cloned().unwrap_or(name);
            if to == from {
                continue;
            }
            match rank.get(to.as_str()) {
                Some(&to_rank) if to_rank < from_rank => {}
                Some(_) => against.push(format!(
                    "src/{file}:{line}: `{from}` names `{to}`, a room above it"
                )),
                None => against.push(format!(
                    "src/{file}:{line}: `{from}` names `{to}`, which the layers do not list"
                )),
            }
        }
    }
    assert!(
        unlisted.is_empty(),
        "rooms ARCHITECTURE.md's layers do not list: {unlisted:?}"
    );
    assert!(
        against.is_empty(),
        "imports against the layers:\n{}",
        against.join("\n")
    );
}

/// The lines of every function (and method) longer than the limit.
#[derive(Default)]
struct LongFunctions {
    file: String,
    found: Vec<String>,
}

impl LongFunctions {
    fn measure(&mut self, name: &syn::Ident, block: &syn::Block) {
        let start = name.span().start().line;
        let end = block.brace_token.span.close().end().line;
        let lines = end.saturating_sub(start) + 1;
        if lines > MAX_FN_LINES {
            self.found.push(format!(
                "src/{}:{start}: `{name}` is {lines} lines",
                self.file
            ));
        }
    }
}

impl<'ast> Visit<'ast> for LongFunctions {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.measure(&f.sig.ident, &f.block);
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.measure(&f.sig.ident, &f.block);
        syn::visit::visit_impl_item_fn(self, f);
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            self.measure(&f.sig.ident, block);
        }
        syn::visit::visit_trait_item_fn(self, f);
    }
}

#[test]
fn no_source_file_or_function_is_too_long_to_read() {
    let mut found = Vec::new();
    for file in sources() {
        let text = std::fs::read_to_string(src().join(&file)).expect("the file reads");
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            found.push(format!("src/{file}: {lines} lines"));
        }
        let mut long = LongFunctions {
            file: file.clone(),
            found: Vec::new(),
        };
        long.visit_file(&parse(&file));
        found.extend(long.found);
    }
    assert!(
        found.is_empty(),
        "over {MAX_FILE_LINES} lines a file or {MAX_FN_LINES} a function:\n{}",
        found.join("\n")
    );
}

/// The names of the types a room shows the others (`pub`, `pub(crate)`), outside tests.
#[derive(Default)]
struct TypeNames {
    named: Vec<(String, usize)>,
}

impl TypeNames {
    fn note(&mut self, vis: &syn::Visibility, ident: &syn::Ident) {
        let shown = match vis {
            syn::Visibility::Public(_) => true,
            syn::Visibility::Restricted(r) => r.path.is_ident("crate"),
            syn::Visibility::Inherited => false,
        };
        if shown {
            self.named
                .push((ident.to_string(), ident.span().start().line));
        }
    }
}

impl<'ast> Visit<'ast> for TypeNames {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        match item {
            syn::Item::Mod(m) if has_cfg_test(&m.attrs) => return,
            syn::Item::Struct(s) => self.note(&s.vis, &s.ident),
            syn::Item::Enum(e) => self.note(&e.vis, &e.ident),
            syn::Item::Trait(t) => self.note(&t.vis, &t.ident),
            syn::Item::Type(t) => self.note(&t.vis, &t.ident),
            _ => {}
        }
        syn::visit::visit_item(self, item);
    }
}

#[test]
fn no_type_name_means_two_things() {
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in library_files() {
        let mut names = TypeNames::default();
        names.visit_file(&parse(&file));
        for (name, line) in names.named {
            seen.entry(name)
                .or_default()
                .push(format!("src/{file}:{line}"));
        }
    }
    let reused: Vec<String> = (seen.iter())
        .filter(|(_, at)| at.len() > 1)
        .map(|(name, at)| format!("`{name}`: {}", at.join(", ")))
        .collect();
    assert!(
        reused.is_empty(),
        "type names used for two things:\n{}",
        reused.join("\n")
    );
}

/// The rules above would pass on nothing: they see the rooms, the imports and the functions.
#[test]
fn the_rules_see_what_they_judge() {
    let files = library_files();
    assert!(
        files.iter().any(|f| f == "model/build/types.rs")
            && !files.iter().any(|f| f == "diag/explained.rs")
    );
    let mut paths = CratePaths::default();
    paths.visit_file(&parse("check/round_trip.rs"));
    let named: BTreeSet<&str> = paths.named.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        named.contains("rust_view") && named.contains("diag"),
        "{named:?}"
    );
    assert_eq!(reexports().get("Error").map(String::as_str), Some("error"));
    let mut names = TypeNames::default();
    names.visit_file(
        &syn::parse_file(
            "pub struct A; pub(crate) enum B {} struct C; #[cfg(test)] mod tests { pub struct D; }",
        )
        .expect("parses"),
    );
    let names: Vec<&str> = names.named.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["A", "B"]);
    let mut long = LongFunctions::default();
    let many = format!("fn f() {{\n{}}}\n", "let _ = 1;\n".repeat(MAX_FN_LINES));
    long.visit_file(&syn::parse_file(&many).expect("parses"));
    assert_eq!(long.found.len(), 1, "{:?}", long.found);
}
