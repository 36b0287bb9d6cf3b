//! The mock under load, on loopback: the `mock` binary serving a docs folder (the v1.0 corpus
//! by default), and 1, 8 and 64 concurrent clients each sending the documented GETs of the docs
//! in turn, a bounded number of requests per level. Prints requests per second and p50/p99
//! latency per level, and how many answers were lost or differ from the one the same request
//! got alone (none should).
//!
//!     cargo bench -p graphdoc-codegen --features cli --bench mock_load [-- <DOCS>] [--requests N]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use graphdoc_codegen::contract::Contract;
use graphdoc_codegen::contract::replay::{Plan, Values, plan};

#[path = "support/corpus.rs"]
mod corpus;

fn get(agent: &ureq::Agent, url: &str) -> Option<(u16, Vec<u8>)> {
    let mut response = agent.get(url).call().ok()?;
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_vec().ok()?;
    Some((status, body))
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let requests: usize = args
        .iter()
        .position(|a| a == "--requests")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(20_000);
    let named = args
        .iter()
        .find(|a| !a.starts_with("--") && a.parse::<usize>().is_err())
        .map(std::path::PathBuf::from);
    let docs = corpus::docs(named);
    let (model, _) = graphdoc_codegen::build_model(&docs).expect("the docs build");
    let contract = Contract::new(&model);
    let targets: Vec<String> = (contract.cases.iter())
        .filter_map(|c| match plan(c, &Values::default(), false) {
            Plan::Send(r) => Some(r.target),
            Plan::Skip(_) => None,
        })
        .collect();
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_graphdoc-codegen"))
        .args(["mock", "--addr", "127.0.0.1:0", "--docs"])
        .arg(&docs)
        .stderr(Stdio::piped())
        .spawn()
        .expect("the mock starts");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("the mock says where it listens")
            .expect("a line");
        if let Some(at) = line.find("http://") {
            break line[at..].trim().to_owned();
        }
    };
    println!(
        "mock of {} up in {:.2} s; {} documented GETs",
        docs.display(),
        started.elapsed().as_secs_f64(),
        targets.len()
    );
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    // Each request's answer alone: what it must get under load.
    let expected: Vec<Option<(u16, Vec<u8>)>> = targets
        .iter()
        .map(|t| get(&agent, &format!("{base}{t}")))
        .collect();
    println!(
        "{:>8} {:>10} {:>10} {:>10} {:>8} {:>8}",
        "clients", "req/s", "p50", "p99", "lost", "wrong"
    );
    for clients in [1usize, 8, 64] {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let results = std::sync::Mutex::new(Vec::with_capacity(requests));
        let start = Instant::now();
        std::thread::scope(|scope| {
            for _ in 0..clients {
                scope.spawn(|| {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .max_redirects(0)
                        .build()
                        .into();
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= requests {
                            break;
                        }
                        let k = i % targets.len();
                        let sent = Instant::now();
                        let got = get(&agent, &format!("{base}{}", targets[k]));
                        mine.push((sent.elapsed(), got.is_none(), got != expected[k]));
                    }
                    results.lock().expect("results").extend(mine);
                });
            }
        });
        let elapsed = start.elapsed();
        let mut results = results.into_inner().expect("results");
        results.sort_by_key(|r| r.0);
        let at = |q: f64| results[((results.len() as f64 * q) as usize).min(results.len() - 1)].0;
        let lost = results.iter().filter(|r| r.1).count();
        let wrong = results.iter().filter(|r| r.2 && !r.1).count();
        let ms = |d: Duration| format!("{:.2}ms", d.as_secs_f64() * 1e3);
        println!(
            "{clients:>8} {:>10.0} {:>10} {:>10} {lost:>8} {wrong:>8}",
            results.len() as f64 / elapsed.as_secs_f64(),
            ms(at(0.5)),
            ms(at(0.99))
        );
    }
    let _ = child.kill();
    let _ = child.wait();
}
