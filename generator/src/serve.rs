//! The CLI's network side of [`graphdoc_codegen::contract`]: the mock server (axum on tokio)
//! and the replay client (ureq on a few threads). Only the CLI builds them.

use std::io::Write as _;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use graphdoc_codegen::contract::replay::{self, Answer, Outcome, Plan, Request, Values};
use graphdoc_codegen::contract::{Case, Contract, cases_from_yaml};

/// `mock`: serves the docs' contract on `addr` until the process is stopped.
pub fn mock(docs: &std::path::Path, addr: SocketAddr) -> anyhow::Result<ExitCode> {
    let (model, _) = graphdoc_codegen::build_model(docs)?;
    let contract = Arc::new(Contract::new(&model));
    drop(model);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let bound = listener.local_addr()?;
        eprintln!(
            "mock of {} ({} operations, {} documented cases) listening on http://{bound}",
            docs.display(),
            contract.routes.len(),
            contract.cases.len()
        );
        let _ = std::io::stderr().flush();
        let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
            let contract = Arc::clone(&contract);
            async move { answer(&contract, request).await }
        });
        axum::serve(listener, app)
            .await
            .context("the server stopped")
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The largest request body the mock reads.
const BODY_LIMIT: usize = 16 << 20;

async fn answer(contract: &Contract, request: axum::extract::Request) -> axum::response::Response {
    use axum::http::{HeaderName, HeaderValue, StatusCode};
    let method = request.method().as_str().to_owned();
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
    let reply = match axum::body::to_bytes(request.into_body(), BODY_LIMIT).await {
        Ok(body) => contract.respond(&method, &target, &body),
        Err(e) => graphdoc_codegen::contract::mock::Reply {
            status: 413,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: serde_json::to_vec(&serde_json::json!({"error": {"code": "RequestTooLarge", "message": e.to_string()}})).unwrap_or_default(),
        },
    };
    let mut response = axum::response::Response::new(axum::body::Body::from(reply.body));
    *response.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
    for (name, value) in reply.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// What `replay` was asked.
pub struct ReplayArgs {
    pub base_url: String,
    pub docs: std::path::PathBuf,
    pub cases: Option<std::path::PathBuf>,
    pub headers: Vec<(String, String)>,
    pub include_paths: Vec<String>,
    pub exclude_paths: Vec<String>,
    pub values: Option<std::path::PathBuf>,
    pub allow_writes: bool,
    pub concurrency: usize,
    pub timeout: Duration,
    pub format: replay::ReplayFormat,
    pub dry_run: bool,
}

/// How often a 429 or 503 is tried again, and the longest `Retry-After` waited for.
const RETRIES: u32 = 3;
const LONGEST_WAIT: Duration = Duration::from_secs(10);

/// `replay`: each case sent (or skipped), judged, and printed; exit 1 when one fails.
pub fn replay(args: ReplayArgs) -> anyhow::Result<ExitCode> {
    let (mut model, _) = graphdoc_codegen::build_model(&args.docs)?;
    let filter = graphdoc_codegen::PathFilter::new(&args.include_paths, &args.exclude_paths)
        .map_err(anyhow::Error::msg)?;
    graphdoc_codegen::model::filter::retain(&mut model, &filter);
    let contract = Contract::new(&model);
    let cases: Vec<Case> = match &args.cases {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read `{}`", path.display()))?;
            let all = cases_from_yaml(&text, &contract)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            // The path patterns keep the cases of the routes they keep.
            all.into_iter()
                .filter(|c| filter.is_empty() || c.route.is_some())
                .collect()
        }
        None => contract.cases.clone(),
    };
    let values = match &args.values {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read `{}`", path.display()))?;
            Values::from_yaml(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        }
        None => Values::default(),
    };
    let base = args.base_url.trim_end_matches('/').to_owned();
    let plans: Vec<Plan> = cases
        .iter()
        .map(|c| {
            let mut plan = replay::plan(c, &values, args.allow_writes);
            if let Plan::Send(request) = &mut plan {
                request.headers.extend(args.headers.iter().cloned());
            }
            plan
        })
        .collect();
    let hidden: Vec<String> = args
        .headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    if args.dry_run {
        write_out(&dry_run(&cases, &plans, &base, &hidden))?;
        return Ok(ExitCode::SUCCESS);
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(args.timeout))
        .http_status_as_error(false)
        // A documented redirect is an answer to judge, not to follow.
        .max_redirects(0)
        .build()
        .into();
    let answers = send_all(&agent, &base, &plans, args.concurrency);
    let results: Vec<(&Case, Outcome)> = cases
        .iter()
        .zip(&plans)
        .zip(answers)
        .map(|((case, plan), answer)| {
            let outcome = match plan {
                Plan::Skip(why) => Outcome::Skip(why.clone()),
                Plan::Send(_) => {
                    let answer = answer
                        .into_inner()
                        .ok()
                        .flatten()
                        .unwrap_or_else(|| Err("not sent".to_owned()));
                    replay::judge(&contract, case, answer.as_ref().map_err(String::as_str))
                }
            };
            (case, outcome)
        })
        .collect();
    write_out(&replay::render(args.format, &results))?;
    let failed = results
        .iter()
        .any(|(_, o)| matches!(o, Outcome::Fail { .. }));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What `--dry-run` prints: each request as it would be sent, the headers given on the
/// command line (`hidden`) shown as `<hidden>`.
fn dry_run(cases: &[Case], plans: &[Plan], base: &str, hidden: &[String]) -> String {
    let mut out = String::new();
    for (case, plan) in cases.iter().zip(plans) {
        match plan {
            Plan::Skip(why) => out.push_str(&format!("skip {}: {why}\n", case.name)),
            Plan::Send(r) => {
                out.push_str(&format!(
                    "{} {}{} ({})\n",
                    r.method, base, r.target, case.name
                ));
                for (name, value) in &r.headers {
                    let shown = if hidden.contains(&name.to_ascii_lowercase()) {
                        "<hidden>"
                    } else {
                        value
                    };
                    out.push_str(&format!("  {name}: {shown}\n"));
                }
                if let Some(body) = &r.body {
                    out.push_str(&format!("  <{} bytes of body>\n", body.len()));
                }
            }
        }
    }
    out
}

/// Every planned request sent, each case on one of `concurrency` threads; the answers in the
/// plans' order (`None` for a skipped case).
fn send_all(
    agent: &ureq::Agent,
    base: &str,
    plans: &[Plan],
    concurrency: usize,
) -> Vec<std::sync::Mutex<Option<Result<Answer, String>>>> {
    // Each case on one of `concurrency` threads; the results in the cases' order.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let answers: Vec<std::sync::Mutex<Option<Result<Answer, String>>>> =
        plans.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..concurrency.clamp(1, 256) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(plan) = plans.get(i) else { break };
                    if let Plan::Send(request) = plan {
                        let got = send(agent, base, request);
                        if let Ok(mut slot) = answers[i].lock() {
                            *slot = Some(got);
                        }
                    }
                }
            });
        }
    });
    answers
}

fn write_out(text: &str) -> anyhow::Result<()> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// One request, tried again after a 429 or 503 as its `Retry-After` says (within a bound).
fn send(agent: &ureq::Agent, base: &str, request: &Request) -> Result<Answer, String> {
    let url = format!("{base}{}", request.target);
    let mut attempt = 0;
    loop {
        let mut builder = ureq::http::Request::builder()
            .method(request.method.to_string().as_str())
            .uri(&url);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let built = builder
            .body(request.body.clone().unwrap_or_default())
            .map_err(|e| format!("`{url}` cannot be sent: {e}"))?;
        let mut response = agent.run(built).map_err(|e| describe(&url, &e))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        if matches!(status, 429 | 503) && attempt < RETRIES {
            attempt += 1;
            let wait = header("retry-after")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map_or(Duration::from_secs(1), Duration::from_secs)
                .min(LONGEST_WAIT);
            std::thread::sleep(wait);
            continue;
        }
        let content_type = header("content-type");
        let body = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_vec()
            .map_err(|e| describe(&url, &e))?;
        return Ok(Answer {
            status,
            content_type,
            body,
        });
    }
}

fn describe(url: &str, e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => format!("`{url}`: no answer within the timeout"),
        ureq::Error::Io(io) => format!("`{url}`: {io}"),
        other => format!("`{url}`: {other}"),
    }
}
