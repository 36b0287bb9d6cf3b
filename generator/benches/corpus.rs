//! Times the parse and model stages over the v1.0 corpus beside a bare pulldown-cmark pass over
//! the same files, in one run, and prints time, MB/s and peak heap for each.
//!
//!     cargo bench -p graphdoc-codegen --features cli --bench corpus [-- <docs folder>]
//!
//! The target ratio compares like with like: both single-threaded. The parallel figures are
//! printed too, against the bare pass on one thread and on as many threads.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

#[path = "support/counting.rs"]
mod counting;

use counting::{CURRENT, Counting, PEAK};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[path = "../src/allocator.rs"]
mod allocator;
#[path = "support/corpus.rs"]
mod corpus;

struct Figures {
    time: Duration,
    peak_bytes: usize,
}

/// Runs `f` once: its time, and the peak heap above what was live before. What `f` returns is
/// dropped after the clock stops.
fn once<T>(f: &mut impl FnMut() -> T) -> (Duration, usize) {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let out = f();
    let time = start.elapsed();
    let peak = PEAK.load(Ordering::Relaxed) - base;
    drop(out);
    (time, peak)
}

/// The median of some runs' times and the highest of their peaks.
fn figures(runs: &[(Duration, usize)]) -> Figures {
    let mut times: Vec<Duration> = runs.iter().map(|r| r.0).collect();
    times.sort();
    Figures {
        time: times[times.len() / 2],
        peak_bytes: runs.iter().map(|r| r.1).max().unwrap_or(0),
    }
}

/// Runs `f` `runs` times; the median time, and the peak heap above what was live before.
fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> Figures {
    let all: Vec<_> = (0..runs).map(|_| once(&mut f)).collect();
    figures(&all)
}

/// The median of a ratio taken in each round.
fn median_ratio(rounds: &[(Duration, Duration)]) -> f64 {
    let mut ratios: Vec<f64> = rounds
        .iter()
        .map(|(a, b)| a.as_secs_f64() / b.as_secs_f64())
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}

fn report(name: &str, bytes: usize, f: &Figures) {
    let secs = f.time.as_secs_f64();
    println!(
        "{name:<52} {:>9.1} ms {:>8.1} MB/s {:>8.1} MB peak heap",
        secs * 1e3,
        bytes as f64 / 1e6 / secs,
        f.peak_bytes as f64 / 1e6
    );
}

fn main() {
    allocator::set_up();
    let dir = corpus::docs(
        std::env::args()
            .skip(1)
            .find(|a| !a.starts_with('-') && !a.is_empty())
            .map(PathBuf::from),
    );
    let sources = graphdoc_codegen::read_docs(&dir).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2)
    });
    let bytes: usize = sources.iter().map(|s| s.text.len()).sum();
    println!(
        "{} pages, {:.1} MB from {}",
        sources.len(),
        bytes as f64 / 1e6,
        dir.display()
    );
    let runs = 7;

    // The bare pass: pulldown-cmark's events of a page, with the options the parser uses.
    let events = |s: &graphdoc_codegen::Source| {
        pulldown_cmark::Parser::new_ext(&s.text, graphdoc_codegen::parse::markdown::options())
            .count()
    };
    let mut bare = || sources.iter().map(events).sum::<usize>();
    let single = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a pool");
    let mut ours = || {
        single.install(|| {
            let pages = graphdoc_codegen::parse_pages(&sources);
            graphdoc_codegen::model::build(pages)
        })
    };
    let mut walk = || {
        sources
            .iter()
            .map(|s| {
                graphdoc_codegen::parse::markdown::parse(&s.text)
                    .blocks
                    .len()
            })
            .sum::<usize>()
    };
    let mut parse_only = || single.install(|| graphdoc_codegen::parse_pages(&sources));
    let mut bare_parallel = || {
        use rayon::prelude::*;
        sources.par_iter().map(events).sum::<usize>()
    };
    let mut parallel = || {
        let pages = graphdoc_codegen::parse_pages(&sources);
        graphdoc_codegen::model::build(pages)
    };
    // The stages take turns, round after round, so that a slow spell of a shared machine
    // falls on all of them; each ratio is the median of the ratios of the rounds.
    let mut rounds = Vec::with_capacity(runs);
    for _ in 0..runs {
        rounds.push([
            once(&mut bare),
            once(&mut walk),
            once(&mut parse_only),
            once(&mut ours),
            once(&mut parallel),
            once(&mut bare_parallel),
        ]);
    }
    let stage = |i: usize| figures(&rounds.iter().map(|r| r[i]).collect::<Vec<_>>());
    // Stage `i`'s time over stage `base`'s.
    let ratio = |i: usize, base: usize| {
        median_ratio(
            &rounds
                .iter()
                .map(|r| (r[i].0, r[base].0))
                .collect::<Vec<_>>(),
        )
    };
    let (bare, walk, parse_only, ours, parallel, bare_parallel) =
        (stage(0), stage(1), stage(2), stage(3), stage(4), stage(5));
    let threads = rayon::current_num_threads();
    let (model, _) = graphdoc_codegen::model::build(graphdoc_codegen::parse_pages(&sources));
    let options = graphdoc_codegen::emit::openapi::OpenApiOptions::default();
    let view = graphdoc_codegen::rust_view::RustView::new(&model);
    let checks = measure(runs, || graphdoc_codegen::check::run(&view));
    let verdicts = graphdoc_codegen::check::run(&view);
    let label = graphdoc_codegen::Label::named("docs");
    let input = graphdoc_codegen::emit::Input {
        model: &model,
        view: &view,
        verdicts: &verdicts,
        label: &label,
        openapi: &options,
    };
    // Each output alone, on one thread: its time, and its bytes written per second.
    let outputs: Vec<(&str, usize, Figures)> = graphdoc_codegen::emit::OUTPUTS
        .iter()
        .map(|output| {
            let emit = || {
                let mut files = graphdoc_codegen::emit::InMemory::default();
                let _ = output.emit(&input, &mut files);
                files
            };
            let written = emit().0.values().map(Vec::len).sum();
            let figures = single.install(|| measure(runs, emit));
            (output.name(), written, figures)
        })
        .collect();
    let whole = measure(runs, || {
        graphdoc_codegen::generate_from_sources(&sources, "docs").map(|g| g.files)
    });

    report("bare pulldown-cmark pass (1 thread)", bytes, &bare);
    report("markdown walk of the parse stage (1 thread)", bytes, &walk);
    report("parse stage (1 thread)", bytes, &parse_only);
    report("parse + model stages (1 thread)", bytes, &ours);
    report(
        &format!("bare pulldown-cmark pass ({threads} threads)"),
        bytes,
        &bare_parallel,
    );
    report(
        &format!("parse + model stages ({threads} threads)"),
        bytes,
        &parallel,
    );
    report("checks (examples, round trips; all cores)", bytes, &checks);
    for (name, written, figures) in &outputs {
        // MB/s of the output written, not of the pages read.
        report(
            &format!("output {name} ({:.1} MB; 1 thread)", *written as f64 / 1e6),
            *written,
            figures,
        );
    }
    report("parse + model + emit (all outputs)", bytes, &whole);
    println!(
        "ratio markdown walk / bare pass, 1 thread: {:.2}x",
        ratio(1, 0)
    );
    println!(
        "ratio parse+model / bare pass, same thread count: {:.2}x",
        ratio(3, 0)
    );
    println!(
        "ratio parse+model ({threads} threads) / bare pass (1 thread): {:.2}x",
        ratio(4, 0)
    );
    println!(
        "ratio parse+model / bare pass, both on {threads} threads: {:.2}x",
        ratio(4, 5)
    );
    if std::env::args().any(|a| a == "--cargo-check") {
        cargo_check(&model);
    }
    if std::env::args().any(|a| a == "--case-tests") {
        case_tests(&sources);
    }
}

/// Writes the corpus's models crate with its case tests, compiles the tests, runs them, and
/// prints their count and times.
fn case_tests(sources: &[graphdoc_codegen::Source]) {
    let generation = graphdoc_codegen::generate_from_sources(sources, "docs").expect("generates");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-corpus-cases");
    for (name, bytes) in &generation.files {
        if let Some(path) = name.strip_prefix("rust/") {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("writable target/");
            std::fs::write(path, bytes).expect("writable target/");
        }
    }
    let cargo = |args: &[&str]| {
        let started = Instant::now();
        let output = std::process::Command::new(env!("CARGO"))
            .args(args)
            .arg("--manifest-path")
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", dir.join("target"))
            .output()
            .expect("cargo runs");
        (output, started.elapsed())
    };
    let (built, compile) = cargo(&["test", "--no-run", "--quiet"]);
    let (ran, run) = cargo(&["test", "--quiet"]);
    let stdout = String::from_utf8_lossy(&ran.stdout);
    let result = stdout
        .lines()
        .find(|l| l.starts_with("test result:"))
        .unwrap_or("no test result");
    let c = &generation.summary.cases;
    println!(
        "case tests of the corpus: {} tests ({} known failures); compiled in {:.1} s ({}), run in {:.2} s: {result}",
        c.made,
        c.known_failures,
        compile.as_secs_f64(),
        if built.status.success() {
            "ok"
        } else {
            "FAILED"
        },
        run.as_secs_f64(),
    );
}

/// Writes the corpus's Rust models as a crate and times `cargo check` on it.
fn cargo_check(model: &graphdoc_codegen::Model) {
    let started = Instant::now();
    let rust = graphdoc_codegen::emit::rust::build(
        &graphdoc_codegen::rust_view::RustView::new(model),
        &graphdoc_codegen::Label::named("docs"),
        &graphdoc_codegen::emit::rust::RustOptions {
            test_aids: true,
            ..Default::default()
        },
    );
    let (cargo_toml, lib_rs) =
        graphdoc_codegen::emit::rust::crate_files(&graphdoc_codegen::Label::named("docs"));
    let generation = started.elapsed();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-corpus-models");
    let write = |path: &str, text: &str| {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("writable target/");
        std::fs::write(path, text).expect("writable target/");
    };
    write("Cargo.toml", &cargo_toml);
    write("src/lib.rs", &lib_rs);
    let models = rust.into_string();
    write("src/models.rs", &models);
    println!(
        "Rust models of the corpus: {} lines generated in {:.1} ms",
        models.lines().count(),
        generation.as_secs_f64() * 1e3
    );
    let started = Instant::now();
    let status = std::process::Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .status();
    println!(
        "cargo check of them: {:?} in {:.1} s",
        status.map(|s| s.success()),
        started.elapsed().as_secs_f64()
    );
}
