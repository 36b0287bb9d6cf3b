//! `mock` and `replay` as users run them: a mock of the docs on a loopback port, the docs'
//! cases replayed against it, other clients' requests, and replays that cannot happen.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_graphdoc-codegen"))
}

fn docs_input() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input")
}

/// A mock server on a port the system chose, stopped when dropped.
struct Mock {
    child: Child,
    url: String,
}

impl Mock {
    fn of(docs: &Path) -> Mock {
        let mut child = bin()
            .args(["mock", "--addr", "127.0.0.1:0", "--docs"])
            .arg(docs)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("the mock starts");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("the mock says where it listens")
                .expect("a line");
            if let Some(at) = line.find("listening on ") {
                break line[at + "listening on ".len()..].trim().to_owned();
            }
        };
        Mock { child, url }
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn replay(url: &str, docs: &Path, extra: &[&str]) -> Output {
    bin()
        .args(["replay", "--base-url", url, "--docs"])
        .arg(docs)
        .args(extra)
        .output()
        .expect("replay runs")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

/// The names of the cases of an outcome.
fn named(report: &serde_json::Value, outcome: &str) -> Vec<String> {
    (report["cases"].as_array().unwrap().iter())
        .filter(|c| c["outcome"] == outcome)
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

const VALUES: &str = "commandsId: '1'\ndevicesId: '2'\nid: '3'\n";

fn values(dir: &Path) -> String {
    let path = dir.join("values.yaml");
    std::fs::write(&path, VALUES).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn every_case_of_docs_input_passes_against_its_mock() {
    let dir = tempfile::tempdir().unwrap();
    let mock = Mock::of(&docs_input());
    let o = replay(
        &mock.url,
        &docs_input(),
        &[
            "--allow-writes",
            "--values",
            &values(dir.path()),
            "--format",
            "json",
        ],
    );
    let report = json(&o);
    assert_eq!(o.status.code(), Some(0), "{report:#}");
    assert_eq!(report["summary"]["fail"], 0, "{report:#}");
    assert_eq!(report["summary"]["skip"], 0, "{report:#}");
    assert!(
        report["summary"]["pass"].as_u64().unwrap() >= 3,
        "{report:#}"
    );
    // The other forms: JUnit XML that an XML reader takes whole, SARIF and GitHub commands.
    let args = ["--allow-writes", "--values", &values(dir.path())];
    let junit = replay(
        &mock.url,
        &docs_input(),
        &[&args[..], &["--format", "junit"]].concat(),
    );
    let junit = String::from_utf8(junit.stdout).unwrap();
    let mut reader = quick_xml::Reader::from_str(&junit);
    let mut testcases = 0;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if e.name().as_ref() == "testcase" =>
            {
                testcases += 1
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(
        testcases,
        report["cases"].as_array().unwrap().len(),
        "{junit}"
    );
    let sarif = replay(
        &mock.url,
        &docs_input(),
        &[&args[..], &["--format", "sarif"]].concat(),
    );
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let github = replay(
        &mock.url,
        &docs_input(),
        &[&args[..], &["--format", "github"]].concat(),
    );
    assert!(String::from_utf8_lossy(&github.stdout).starts_with("::notice title=replay::"));
    // Without --allow-writes only GETs are sent; without values, placeholders are skipped.
    let o = replay(&mock.url, &docs_input(), &["--format", "json"]);
    let report = json(&o);
    for case in report["cases"].as_array().unwrap() {
        assert_eq!(case["outcome"], "skip", "{case}");
        let why = case["why"].as_str().unwrap();
        assert!(
            why.contains("--allow-writes") || why.contains("placeholder"),
            "{why}"
        );
    }
}

#[test]
fn every_case_of_the_corpus_passes_against_its_mock() {
    let corpus = match std::env::var_os("GRAPHDOC_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/graph-v1.0"),
    };
    if !corpus.is_dir() {
        eprintln!(
            "note: no v1.0 corpus at {}: its mock is not replayed",
            corpus.display()
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mock = Mock::of(&corpus);
    let o = replay(
        &mock.url,
        &corpus,
        &[
            "--allow-writes",
            "--values",
            &values(dir.path()),
            "--format",
            "json",
            "--concurrency",
            "8",
        ],
    );
    let report = json(&o);
    assert_eq!(named(&report, "fail"), Vec::<String>::new());
    assert_eq!(o.status.code(), Some(0));
    assert!(
        report["summary"]["pass"].as_u64().unwrap() > 1000,
        "{}",
        report["summary"]
    );
}

#[test]
fn a_mock_of_changed_docs_fails_exactly_the_cases_holding_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let changed = dir.path().join("docs");
    for entry in walk(&docs_input()) {
        let relative = entry.strip_prefix(docs_input()).unwrap();
        let text = std::fs::read_to_string(&entry).unwrap();
        // `Status` of a command becomes a number; `AppServiceName` is gone.
        let text = text.replace("|Status|String||", "|Status|Int32||");
        let text: String = text
            .lines()
            .filter(|l| !l.contains("AppServiceName"))
            .map(|l| format!("{l}\n"))
            .collect();
        let target = changed.join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    let mock = Mock::of(&changed);
    let o = replay(
        &mock.url,
        &docs_input(),
        &[
            "--allow-writes",
            "--values",
            &values(dir.path()),
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let report = json(&o);
    assert_eq!(named(&report, "fail"), ["update_command"], "{report:#}");
    let failed = (report["cases"].as_array().unwrap().iter())
        .find(|c| c["outcome"] == "fail")
        .unwrap();
    let reasons = failed["reasons"].to_string();
    assert!(
        reasons.contains("`AppServiceName`") && reasons.contains("`/Status`"),
        "{reasons}"
    );
    assert!(
        named(&report, "pass").contains(&"post_command".to_owned()),
        "{report:#}"
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn the_mock_answers_another_client_and_refuses_bad_requests() {
    let mock = Mock::of(&docs_input());
    // Python's standard library as the other client.
    let script = r#"
import json, sys, urllib.request, urllib.error
base = sys.argv[1]
def send(method, path, body=None):
    data = None if body is None else body.encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()
out = {
    "unknown": send("GET", "/nowhere/at/all"),
    "method": send("DELETE", "/me/devices"),
    "bad": send("PATCH", "/me/devices", '{"accountEnabled": "yes"}'),
    "notjson": send("PATCH", "/me/devices", '{"accountEnabled": tru'),
    "good": send("PATCH", "/v1.0/me/devices", '{"accountEnabled": true}'),
    "query": send("PATCH", "/me/devices?$select=displayName&$top=1", '{}'),
}
print(json.dumps(out))
"#;
    let o = Command::new("python3")
        .args(["-c", script, &mock.url])
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let error = |key: &str| -> (u64, serde_json::Value) {
        let body: serde_json::Value = serde_json::from_str(out[key][2].as_str().unwrap()).unwrap();
        (out[key][0].as_u64().unwrap(), body["error"].clone())
    };
    let (status, e) = error("unknown");
    assert_eq!(status, 404);
    assert!(
        e["message"].as_str().unwrap().contains("/nowhere/at/all"),
        "{e}"
    );
    let (status, e) = error("method");
    assert_eq!(status, 405);
    assert_eq!(
        out["method"][1]["allow"]
            .as_str()
            .or(out["method"][1]["Allow"].as_str()),
        Some("PATCH")
    );
    assert!(e["code"].is_string());
    let (status, e) = error("bad");
    assert_eq!(status, 400);
    let message = e["message"].as_str().unwrap();
    assert!(
        message.contains("`/accountEnabled`") && message.contains("boolean"),
        "{message}"
    );
    assert_eq!(error("notjson").0, 400);
    assert_eq!(out["good"][0], 200, "{out}");
    let body: serde_json::Value = serde_json::from_str(out["good"][2].as_str().unwrap()).unwrap();
    assert!(body.is_object(), "{body}");
    assert_eq!(out["query"][0], 200, "{out}");
}

/// A server on a free port that does `answer` with each connection.
fn server(answer: fn(std::net::TcpStream)) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    url
}

#[test]
fn replays_that_cannot_happen_say_why_and_end() {
    let dir = tempfile::tempdir().unwrap();
    let values = values(dir.path());
    let docs = docs_input();
    // Not a cases file.
    let cases = dir.path().join("cases.yaml");
    std::fs::write(&cases, "{ this: is: not yaml").unwrap();
    let o = replay(
        "http://127.0.0.1:9",
        &docs,
        &["--cases", cases.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("not a cases file"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Not a URL.
    let o = replay("localhost:80", &docs, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not an absolute http(s) URL"));
    // Refused: a port nothing listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let o = replay(
        &format!("http://127.0.0.1:{port}"),
        &docs,
        &["--allow-writes", "--values", &values, "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(1));
    let report = json(&o);
    let reasons = report["cases"].to_string();
    assert!(
        reasons.contains("no answer") && reasons.to_lowercase().contains("refused"),
        "{reasons}"
    );
    // Garbage for an answer.
    let garbage = server(|mut s| {
        let mut buf = [0u8; 4096];
        let _ = s.read(&mut buf);
        let _ = s.write_all(b"this is not HTTP\r\n\r\n");
    });
    let o = replay(
        &garbage,
        &docs,
        &["--allow-writes", "--values", &values, "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(named(&json(&o), "pass").is_empty());
    // No answer at all, within the timeout.
    let hanging = server(|s| {
        std::thread::sleep(std::time::Duration::from_secs(30));
        drop(s);
    });
    let started = std::time::Instant::now();
    let o = replay(
        &hanging,
        &docs,
        &[
            "--allow-writes",
            "--values",
            &values,
            "--format",
            "json",
            "--timeout",
            "1",
            "--concurrency",
            "8",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        json(&o)["cases"].to_string().contains("timeout"),
        "{}",
        json(&o)["cases"]
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(25));
    // A dry run sends nothing and never prints a credential.
    let o = replay(
        &hanging,
        &docs,
        &[
            "--allow-writes",
            "--values",
            &values,
            "--dry-run",
            "--header",
            "Authorization: Bearer s3cret",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let shown = String::from_utf8_lossy(&o.stdout);
    assert!(
        shown.contains("PATCH ")
            && shown.contains("Authorization: <hidden>")
            && !shown.contains("s3cret"),
        "{shown}"
    );
}
