//! Chooses the sample of the v1.0 reference committed under `tests/corpus-sample/`: a few hundred
//! real pages on which every count of the corpus summary that the whole corpus makes nonzero is
//! nonzero too, so that a clone without the corpus beside it still tests every construct on
//! real pages.
//!
//!     cargo run --release -p graphdoc-codegen --example corpus_sample -- \
//!         ../shared/corpus/graph-v1.0 ../shared/corpus/graph-v1.0-2021-06 tests/corpus-sample \
//!         docs-input
//!
//! How: the corpus's form of the pages of the last folder (the default docs, whose models the
//! round-trip test reads real objects through) and the API pages named for its resources
//! (`device-*.md`); a page or two for each diagnostic code and page kind, chosen spread over the sorted
//! pages; the pages those link to (the resources an API page reads, one level); then, for each
//! count still zero, the smallest set of further pages that makes it nonzero, found by halving
//! the rest of the corpus while the count stays nonzero. The choice depends only on the pages,
//! so the same corpus gives the same sample. The June version of every chosen page that June
//! has is copied beside it, for the diff test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use graphdoc_codegen::{Source, Summary};

/// Pages taken for each diagnostic code and each page kind.
const PER_CODE: usize = 2;
const PER_KIND: usize = 4;

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [july, june, out, also] = args.as_slice() else {
        eprintln!(
            "usage: corpus_sample <corpus> <corpus a month earlier> <out folder> <docs to take>"
        );
        std::process::exit(2);
    };
    for dir in [july, june] {
        if !dir.is_dir() {
            eprintln!(
                "error: {} is missing: the corpus is ../shared/corpus/ beside the checkout",
                dir.display()
            );
            std::process::exit(2);
        }
    }
    let sources = read(july);
    let all: Vec<usize> = (0..sources.len()).collect();
    let (whole, diagnostics) = run(&sources, &all);
    let target: BTreeSet<String> = counts(&whole)
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, _)| k)
        .collect();
    let index: BTreeMap<&str, usize> = (sources.iter().enumerate())
        .map(|(i, s)| (s.path.as_str(), i))
        .collect();

    let mut sample = BTreeSet::new();
    // The pages of `also` and the API pages named for its resources.
    for page in read(also) {
        let path = page.path.to_lowercase();
        let stem = path
            .strip_prefix("resources/")
            .and_then(|p| p.strip_suffix(".md"));
        for (i, source) in sources.iter().enumerate() {
            let named = stem.is_some_and(|stem| {
                (source.path.strip_prefix("api/"))
                    .and_then(|p| p.strip_prefix(stem))
                    .is_some_and(|p| p.starts_with('-'))
            });
            if source.path.to_lowercase() == path || named {
                sample.insert(i);
            }
        }
    }
    // Each diagnostic code on a few pages, spread over the sorted list.
    let mut by_code: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for d in &diagnostics {
        if let Some(&i) = index.get(d.location.path.as_str()) {
            by_code.entry(d.code.to_string()).or_default().insert(i);
        }
    }
    for pages in by_code.values() {
        sample.extend(spread(pages, PER_CODE));
    }
    // Each kind of page.
    let mut by_kind: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for page in graphdoc_codegen::parse_pages(&sources) {
        if let Some(&i) = index.get(page.path.as_str()) {
            by_kind
                .entry(format!("{:?}", page.kind))
                .or_default()
                .insert(i);
        }
    }
    for pages in by_kind.values() {
        sample.extend(spread(pages, PER_KIND));
    }
    // The pages they link to, one level: an API page's resource, its body types.
    // Links are matched ignoring case, as the docs' links and file names differ in it.
    let by_lowercase: BTreeMap<String, usize> = (index.iter())
        .map(|(path, &i)| (path.to_lowercase(), i))
        .collect();
    let linked: Vec<usize> = sample
        .iter()
        .flat_map(|&i| links(&sources[i]))
        .filter_map(|path| by_lowercase.get(&path).copied())
        .collect();
    sample.extend(linked);
    eprintln!("{} pages by code, kind and link", sample.len());

    // Each count still zero: the fewest further pages that make it nonzero.
    loop {
        let chosen: Vec<usize> = sample.iter().copied().collect();
        let have = counts(&run(&sources, &chosen).0);
        let missing: Vec<&String> = (target.iter())
            .filter(|k| have.get(*k).is_none_or(|&n| n == 0))
            .collect();
        let Some(count) = missing.first() else { break };
        let rest: Vec<usize> = all
            .iter()
            .filter(|i| !sample.contains(i))
            .copied()
            .collect();
        let found = narrow(&sources, &sample, rest, count);
        eprintln!(
            "{count}: {} more ({})",
            found.len(),
            (found.iter().map(|&i| sources[i].path.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if found.is_empty() {
            eprintln!("error: {count} cannot be made nonzero");
            std::process::exit(1);
        }
        sample.extend(found);
    }

    write(out, july, june, &sources, &sample);
    let chosen: Vec<usize> = sample.into_iter().collect();
    // The folder written reads as the pages chosen.
    let written = read(&out.join("graph-v1.0"));
    let all_written: Vec<usize> = (0..written.len()).collect();
    let (in_memory, on_disk) = (
        counts(&run(&sources, &chosen).0),
        counts(&run(&written, &all_written).0),
    );
    for (k, n) in &in_memory {
        if on_disk.get(k) != Some(n) {
            eprintln!("error: {k} is {n} in memory, {:?} on disk", on_disk.get(k));
        }
    }
    let bytes: usize = chosen.iter().map(|&i| sources[i].text.len()).sum();
    eprintln!(
        "{} of {} pages ({:.1} MB), every one of the {} nonzero counts nonzero",
        chosen.len(),
        sources.len(),
        bytes as f64 / 1e6,
        target.len()
    );
}

fn read(dir: &Path) -> Vec<Source> {
    graphdoc_codegen::read_docs(dir)
        .unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(2)
        })
        .pages
}

/// The summary and diagnostics of the pages `chosen` (indices into `sources`).
fn run(sources: &[Source], chosen: &[usize]) -> (Summary, Vec<graphdoc_codegen::Diagnostic>) {
    let pages: Vec<Source> = chosen.iter().map(|&i| sources[i].clone()).collect();
    let generation = graphdoc_codegen::generate_from_sources(&pages, "docs")
        .expect("generation in memory succeeds");
    (generation.summary, generation.diagnostics)
}

/// Every count of a summary by its path (`diagnostics.route-duplicate`, `cases.refused.no-route`),
/// shares left out.
fn counts(summary: &Summary) -> BTreeMap<String, u64> {
    fn flatten(prefix: &str, value: &serde_json::Value, out: &mut BTreeMap<String, u64>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    let path = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    flatten(&path, v, out);
                }
            }
            serde_json::Value::Number(n) => {
                out.insert(prefix.to_owned(), n.as_u64().unwrap_or_default());
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    flatten(
        "",
        &serde_json::to_value(summary).expect("a summary serializes"),
        &mut out,
    );
    // Counts that must be zero on any docs, and whose presence in the sample says nothing.
    out.retain(|k, _| !k.contains("Unexplained") && k != "tableRows.separators");
    out
}

/// Up to `n` of `pages`, evenly spaced over them.
fn spread(pages: &BTreeSet<usize>, n: usize) -> Vec<usize> {
    let pages: Vec<usize> = pages.iter().copied().collect();
    (0..n.min(pages.len()))
        .map(|k| pages[k * pages.len() / n.min(pages.len())])
        .collect()
}

/// The pages of the docs a page links to (`../resources/user.md`, `user-get.md`), as paths
/// relative to the docs folder, lowercased.
fn links(source: &Source) -> Vec<String> {
    let folder = source.path.rsplit_once('/').map_or("", |(f, _)| f);
    let mut out = Vec::new();
    for piece in source.text.split("](").skip(1) {
        let target = piece.split([')', ' ', '#']).next().unwrap_or_default();
        if !target.ends_with(".md") || target.contains("://") {
            continue;
        }
        let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
        for part in target.split('/') {
            match part {
                "." | "" => {}
                ".." => {
                    parts.pop();
                }
                part => parts.push(part),
            }
        }
        out.push(parts.join("/").to_lowercase());
    }
    out
}

/// The fewest pages of `rest` that, added to `sample`, make `count` nonzero: halves of `rest`
/// are dropped while what is left still makes it nonzero; when neither half alone does, each
/// half is narrowed beside the other.
fn narrow(
    sources: &[Source],
    sample: &BTreeSet<usize>,
    rest: Vec<usize>,
    count: &str,
) -> Vec<usize> {
    let holds = |extra: &[usize]| -> bool {
        let chosen: Vec<usize> = sample.iter().chain(extra).copied().collect();
        counts(&run(sources, &chosen).0)
            .get(count)
            .is_some_and(|&n| n > 0)
    };
    if !holds(&rest) {
        return Vec::new();
    }
    // The pages kept so far beside which `candidates` is narrowed.
    fn go(holds: &dyn Fn(&[usize]) -> bool, kept: &[usize], candidates: Vec<usize>) -> Vec<usize> {
        if candidates.len() <= 1 {
            return candidates;
        }
        let (a, b) = candidates.split_at(candidates.len() / 2);
        let with = |part: &[usize]| -> Vec<usize> { kept.iter().chain(part).copied().collect() };
        if holds(&with(a)) {
            return go(holds, kept, a.to_vec());
        }
        if holds(&with(b)) {
            return go(holds, kept, b.to_vec());
        }
        let a = go(holds, &with(b), a.to_vec());
        let b = go(holds, &with(&a), b.to_vec());
        a.into_iter().chain(b).collect()
    }
    go(&holds, &[], rest)
}

/// The chosen pages of July under `out/graph-v1.0/`, the same pages of June under
/// `out/graph-v1.0-2021-06/`, and the licence beside each.
fn write(out: &Path, july: &Path, june: &Path, sources: &[Source], sample: &BTreeSet<usize>) {
    for (from, name) in [(july, "graph-v1.0"), (june, "graph-v1.0-2021-06")] {
        let to = out.join(name);
        if to.exists() {
            std::fs::remove_dir_all(&to).expect("the old sample can be removed");
        }
        for &i in sample {
            let path = &sources[i].path;
            let source = from.join(path);
            if !source.is_file() {
                continue;
            }
            let target = to.join(path);
            std::fs::create_dir_all(target.parent().expect("a page is in a folder"))
                .expect("the sample folder can be made");
            std::fs::copy(&source, &target).expect("a page can be copied");
        }
        for licence in ["LICENSE", "LICENSE-CODE"] {
            if from.join(licence).is_file() {
                std::fs::copy(from.join(licence), to.join(licence)).expect("the licence copies");
            }
        }
    }
}
