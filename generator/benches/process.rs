//! The whole generation against a bare pulldown-cmark pass, as whole processes run in turn in
//! one benchmark: the CLI (`graphdoc-codegen generate`) on a docs folder, and a small program
//! that reads the same files and parses each with pulldown-cmark on one thread (this benchmark
//! itself, run with `--bare`). Also the parse and model stages alone, on one thread
//! (`--parse-model`). Prints each one's median wall time, MB/s and peak RSS, and the medians of
//! the ratios taken round by round; with `--callgrind`, the instructions each executes
//! (valgrind), the stable figure on a noisy machine.
//!
//!     cargo bench -p graphdoc-codegen --features cli --bench process -- [<docs>] [--runs N] [--callgrind]

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The `.md` files below `dir`, read as the CLI reads them.
fn pages(dir: &Path) -> Vec<String> {
    graphdoc_codegen::read_docs(dir)
        .map(|docs| docs.pages.into_iter().map(|s| s.text).collect())
        .unwrap_or_default()
}

/// `--bare`: pulldown-cmark over every page, on one thread.
fn bare(dir: &Path) {
    let mut events = 0usize;
    let mut files = 0usize;
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        files += 1;
        events +=
            pulldown_cmark::Parser::new_ext(&text, graphdoc_codegen::parse::markdown::options())
                .count();
    }
    println!("{files} pages, {events} events");
}

/// `--parse-model`: the generator's parse and model stages, on one thread.
fn parse_model(dir: &Path) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a pool");
    let types = pool.install(|| {
        let docs = graphdoc_codegen::read_docs(dir).expect("the docs folder reads");
        let pages = graphdoc_codegen::parse_pages(&docs.pages);
        let (model, _) = graphdoc_codegen::model::build(pages);
        model.types().count()
    });
    println!("{types} types");
}

/// Both programs this benchmark runs besides the CLI (the bare pass and the parse and model
/// stages) allocate as the CLI does: mimalloc, set up as the CLI sets it up.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../src/allocator.rs"]
mod allocator;
#[path = "support/corpus.rs"]
mod corpus;

struct Run {
    time: Duration,
    peak_rss_kb: i64,
}

/// Runs a command to its end: its wall time and peak resident set (from `wait4`).
fn run(command: &mut Command) -> Run {
    let start = Instant::now();
    let child = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the command starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, once; `status` and `usage` are valid for writes.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let time = start.elapsed();
    assert_eq!(waited, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{command:?} failed: status {status}"
    );
    Run {
        time,
        peak_rss_kb: usage.ru_maxrss,
    }
}

/// Instructions executed by a command under callgrind (all its threads).
fn instructions(command: &Command) -> Option<u64> {
    let out = std::env::temp_dir().join(format!("process-bench-{}.callgrind", std::process::id()));
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(command.get_program())
        .args(command.get_args())
        .envs(command.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    let text = std::fs::read_to_string(&out).ok()?;
    let _ = std::fs::remove_file(&out);
    if !status.success() {
        return None;
    }
    text.lines()
        .find_map(|l| {
            l.strip_prefix("summary:")
                .or_else(|| l.strip_prefix("totals:"))
        })
        .and_then(|n| n.trim().split_whitespace().next()?.parse().ok())
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value_of = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
    };
    if let Some(dir) = value_of("--bare") {
        allocator::set_up();
        return bare(Path::new(dir));
    }
    if let Some(dir) = value_of("--parse-model") {
        allocator::set_up();
        return parse_model(Path::new(dir));
    }
    let docs = args
        .iter()
        .skip(1)
        .enumerate()
        .find(|(i, a)| {
            !a.starts_with('-') && !a.is_empty() && args.get(*i).is_none_or(|p| p != "--runs")
        })
        .map(|(_, a)| PathBuf::from(a));
    let docs = corpus::docs(docs);
    let runs: usize = value_of("--runs").and_then(|n| n.parse().ok()).unwrap_or(7);
    let texts = pages(&docs);
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "{} pages, {:.1} MB from {}; {runs} rounds",
        texts.len(),
        bytes as f64 / 1e6,
        docs.display()
    );
    drop(texts);
    let out = tempfile::tempdir().expect("a temporary folder");
    let me = std::env::current_exe().expect("this benchmark's path");
    let cli = env!("CARGO_BIN_EXE_graphdoc-codegen");
    let path = |p: &Path| p.as_os_str().to_owned();
    // Each: what it is, the program, its arguments.
    let commands: [(&str, OsString, Vec<OsString>); 3] = [
        (
            "bare pulldown-cmark pass (1 thread)",
            path(&me),
            vec!["--bare".into(), path(&docs)],
        ),
        (
            "parse + model (1 thread)",
            path(&me),
            vec!["--parse-model".into(), path(&docs)],
        ),
        (
            "whole generation, the CLI (all cores)",
            cli.into(),
            ["generate", "--quiet", "--docs"]
                .map(OsString::from)
                .into_iter()
                .chain([path(&docs), "--out".into(), path(out.path())])
                .collect(),
        ),
    ];
    let command = |(_, program, args): &(&str, OsString, Vec<OsString>)| {
        let mut c = Command::new(program);
        c.args(args);
        c
    };
    // Round after round, each in turn, so a slow spell of a shared machine falls on all.
    let rounds: Vec<Vec<Run>> = (0..runs)
        .map(|_| commands.iter().map(|c| run(&mut command(c))).collect())
        .collect();
    for (i, (name, ..)) in commands.iter().enumerate() {
        let time = median(rounds.iter().map(|r| r[i].time.as_secs_f64()).collect());
        let rss = rounds.iter().map(|r| r[i].peak_rss_kb).max().unwrap_or(0);
        println!(
            "{name:<40} {:>8.1} ms {:>8.1} MB/s {:>8.1} MB peak RSS",
            time * 1e3,
            bytes as f64 / 1e6 / time,
            rss as f64 / 1024.0
        );
    }
    let ratio = |i: usize| {
        median(
            rounds
                .iter()
                .map(|r| r[i].time.as_secs_f64() / r[0].time.as_secs_f64())
                .collect(),
        )
    };
    println!(
        "ratio parse + model / bare pass, time: {:.2}x (target 2.5x)",
        ratio(1)
    );
    println!(
        "ratio whole generation / bare pass, time: {:.2}x (target 6x)",
        ratio(2)
    );
    if args.iter().any(|a| a == "--callgrind") {
        let counts: Vec<Option<u64>> = commands.iter().map(|c| instructions(&command(c))).collect();
        for ((name, ..), count) in commands.iter().zip(&counts) {
            match count {
                Some(n) => println!("{name:<40} {:>14} instructions", n),
                None => println!("{name:<40} callgrind failed"),
            }
        }
        if let (Some(Some(bare)), Some(Some(pm)), Some(Some(whole))) =
            (counts.first(), counts.get(1), counts.get(2))
        {
            println!(
                "ratio parse + model / bare pass, instructions: {:.2}x (target 2.5x)",
                *pm as f64 / *bare as f64
            );
            println!(
                "ratio whole generation / bare pass, instructions: {:.2}x",
                *whole as f64 / *bare as f64
            );
        }
    }
}
