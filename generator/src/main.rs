//! The command line: a thin layer over [`graphdoc_codegen::Config`] and [`graphdoc_codegen::report`].

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use graphdoc_codegen::report::{Baseline, Deny, Format, Gate};

/// The run allocates many small strings and maps; mimalloc serves them faster than the system
/// allocator (the corpus benchmark measures with it too).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod allocator;
mod serve;

#[derive(Parser)]
#[command(
    version,
    about = "Generate models and specs from Microsoft Graph-style markdown API reference pages"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse the docs, build the model, and write the outputs.
    Generate(Generate),
    /// What a diagnostic code means; every code, with its first line, without one.
    Explain {
        /// A code (`route-not-a-path`).
        code: Option<String>,
    },
    /// The semantic API changes from the docs in `--base` to those in `--docs`: routes,
    /// parameters, request and response types, scopes, types, properties and enum members,
    /// each breaking or not.
    Diff {
        /// The docs before the change.
        #[arg(long)]
        base: PathBuf,
        /// The docs after the change.
        #[arg(long, default_value = "docs-input")]
        docs: PathBuf,
        /// markdown (a pull-request comment) or json.
        #[arg(long, default_value = "markdown", value_parser = |s: &str| s.parse::<graphdoc_codegen::diff::DiffFormat>())]
        format: graphdoc_codegen::diff::DiffFormat,
        /// Exit 1 when a change of this class is found: breaking.
        #[arg(long, value_parser = |s: &str| s.parse::<graphdoc_codegen::diff::FailOn>())]
        fail_on: Option<graphdoc_codegen::diff::FailOn>,
        /// Locations in the new docs as links: the URL their pages are under
        /// (`https://github.com/o/r/blob/<sha>/docs`), a page's path and `#L<line>` appended.
        #[arg(long, value_name = "URL")]
        link_base: Option<String>,
        /// The same for the base docs, where removals are located.
        #[arg(long, value_name = "URL")]
        link_base_before: Option<String>,
    },
    /// Where the pages and a service's published metadata (OData CSDL, `$metadata`) disagree:
    /// what the service has that no page documents (undocumented), what the pages promise that
    /// the service lacks (phantom), and where both have a thing and differ (mismatch).
    Drift(Drift),
    /// An HTTP server made from the docs: each request answered with the documented response
    /// of the case that matches it best (else one built from the route's schema), bad ones with
    /// 400, 404 or 405 and OData's error JSON. For a front end while the service is built.
    Mock {
        /// Folder searched recursively for `.md` pages.
        #[arg(long, default_value = "docs-input")]
        docs: PathBuf,
        /// Where to listen (port 0: any free port; the chosen address is printed on stderr).
        #[arg(long, default_value = "127.0.0.1:4010")]
        addr: std::net::SocketAddr,
    },
    /// Sends each documented request to a service and judges the answer against the docs:
    /// a contract test of the docs against staging or production.
    Replay(Replay),
}

#[derive(clap::Args)]
struct Replay {
    /// The service's base URL, as the docs' URLs start (`https://graph.microsoft.com/v1.0`).
    #[arg(long, value_name = "URL", value_parser = absolute_url)]
    base_url: String,
    /// Folder searched recursively for `.md` pages: the model answers are judged by.
    #[arg(long, default_value = "docs-input")]
    docs: PathBuf,
    /// Replay the cases of a committed `cases.yaml` instead of those the docs give.
    #[arg(long, value_name = "FILE")]
    cases: Option<PathBuf>,
    /// A header sent with every request (`Authorization: Bearer ...`); never printed.
    /// Repeatable. `GRAPHDOC_REPLAY_AUTHORIZATION` in the environment is sent as
    /// `Authorization` too.
    #[arg(long = "header", value_name = "NAME: VALUE", value_parser = header)]
    headers: Vec<(String, String)>,
    /// Replay only the cases of routes whose paths match (`/me/**`). Repeatable.
    #[arg(long = "include-path", value_name = "PATTERN")]
    include_paths: Vec<String>,
    /// Leave out the cases of routes whose paths match. Repeatable.
    #[arg(long = "exclude-path", value_name = "PATTERN")]
    exclude_paths: Vec<String>,
    /// Values for the ids documented URLs hold (YAML: placeholder name → value, or example
    /// name → {placeholder name → value}); a case whose URL keeps a placeholder is skipped.
    #[arg(long, value_name = "FILE")]
    values: Option<PathBuf>,
    /// Send POST, PATCH, PUT and DELETE too (only GET is sent without it).
    #[arg(long)]
    allow_writes: bool,
    /// How many requests are in flight at once.
    #[arg(long, default_value_t = 4)]
    concurrency: usize,
    /// Seconds a request may take, answer included.
    #[arg(long, default_value_t = 30.0)]
    timeout: f64,
    /// text, json, junit, sarif or github.
    #[arg(long, default_value = "text", value_parser = |s: &str| s.parse::<graphdoc_codegen::contract::replay::ReplayFormat>())]
    format: graphdoc_codegen::contract::replay::ReplayFormat,
    /// Print what would be sent, send nothing.
    #[arg(long)]
    dry_run: bool,
}

/// `Name: value`.
fn header(text: &str) -> Result<(String, String), String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| "a header is `Name: value`".to_owned())?;
    let name = name.trim();
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    {
        return Err(format!("`{name}` is not a header name"));
    }
    Ok((name.to_owned(), value.trim().to_owned()))
}

#[derive(clap::Args)]
struct Drift {
    /// The service's metadata: an OData CSDL 4.0 or 4.01 XML document.
    #[arg(long, value_name = "FILE")]
    metadata: PathBuf,
    /// Folder searched recursively for `.md` pages.
    #[arg(long, default_value = "docs-input")]
    docs: PathBuf,
    /// How the findings are printed: text, json, markdown, sarif or github.
    #[arg(long, default_value = "text", value_parser = |s: &str| s.parse::<graphdoc_codegen::drift::DriftFormat>())]
    format: graphdoc_codegen::drift::DriftFormat,
    /// Exit 1 on a finding of this kind (undocumented, phantom, mismatch, unresolved, or
    /// `all`) that the baseline does not hold. Repeatable.
    #[arg(long, value_name = "KIND|all")]
    deny: Vec<String>,
    /// The known findings (a file `--update-baseline` writes); only new ones are denied.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write this run's findings to the `--baseline` file.
    #[arg(long, requires = "baseline")]
    update_baseline: bool,
}

#[derive(clap::Args)]
struct Generate {
    /// Folder searched recursively for `.md` pages.
    #[arg(long, default_value = "docs-input")]
    docs: PathBuf,
    /// Folder that receives the outputs.
    #[arg(long, default_value = "generated")]
    out: PathBuf,
    /// Write nothing; exit 1 if the outputs on disk differ from what would be generated.
    #[arg(long)]
    check: bool,
    /// Write nothing and compare nothing: only the diagnostics (what a build script's warning
    /// sums up).
    #[arg(long, conflicts_with = "check")]
    dry_run: bool,
    /// The OpenAPI document's server URL (default: the base URL most examples use).
    #[arg(long, value_name = "URL", value_parser = absolute_url)]
    server_url: Option<String>,
    /// Keep only the routes whose paths match this pattern, and the types they reach, in every
    /// output (`/me/**`, `/users/*/messages`: `*` within a segment, `**` for any segments).
    /// Repeatable.
    #[arg(long = "include-path", value_name = "PATTERN")]
    include_paths: Vec<String>,
    /// Leave out the routes whose paths match this pattern. Repeatable.
    #[arg(long = "exclude-path", value_name = "PATTERN")]
    exclude_paths: Vec<String>,
    /// How diagnostics are printed: text (stderr), json, sarif or github (stdout).
    #[arg(long, default_value = "text", value_parser = |s: &str| s.parse::<Format>())]
    format: Format,
    /// Exit 1 when a diagnostic of this code (or of any, `all`) is not in the baseline.
    #[arg(long, value_name = "CODE|all")]
    deny: Vec<String>,
    /// Leave out the diagnostics of this code: not printed, counted, denied or recorded in a
    /// baseline. Repeatable.
    #[arg(long, value_name = "CODE")]
    allow: Vec<String>,
    /// The known diagnostics (a file `--update-baseline` writes); only new ones are denied.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write this run's diagnostics to the `--baseline` file (not with `--check` or
    /// `--dry-run`, which write nothing).
    #[arg(long, requires = "baseline", conflicts_with_all = ["check", "dry_run"])]
    update_baseline: bool,
    /// Print only the summary (and, with --format other than text, the report).
    #[arg(long, short)]
    quiet: bool,
}

/// `--server-url` must be an absolute http(s) URL with a host.
fn absolute_url(text: &str) -> Result<String, String> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .ok_or_else(|| format!("`{text}` is not an absolute http(s) URL"))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || text.chars().any(char::is_whitespace) {
        return Err(format!("`{text}` has no host"));
    }
    Ok(text.to_owned())
}

fn main() -> ExitCode {
    allocator::set_up();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Diff {
            base,
            docs,
            format,
            fail_on,
            link_base,
            link_base_before,
        } => {
            let links = graphdoc_codegen::diff::Links {
                head: link_base,
                base: link_base_before,
            };
            diff(&base, &docs, format, fail_on, &links)
        }
        Command::Generate(args) => run_generate(args),
        Command::Drift(args) => drift(args),
        Command::Mock { docs, addr } => serve::mock(&docs, addr),
        Command::Replay(args) => {
            let mut headers = args.headers;
            if let Some(auth) = std::env::var_os("GRAPHDOC_REPLAY_AUTHORIZATION") {
                headers.push((
                    "Authorization".to_owned(),
                    auth.to_string_lossy().into_owned(),
                ));
            }
            if !(args.timeout > 0.0 && args.timeout.is_finite()) {
                anyhow::bail!("--timeout must be a positive number of seconds");
            }
            serve::replay(serve::ReplayArgs {
                base_url: args.base_url,
                docs: args.docs,
                cases: args.cases,
                headers,
                include_paths: args.include_paths,
                exclude_paths: args.exclude_paths,
                values: args.values,
                allow_writes: args.allow_writes,
                concurrency: args.concurrency,
                timeout: std::time::Duration::from_secs_f64(args.timeout),
                format: args.format,
                dry_run: args.dry_run,
            })
        }
        Command::Explain { code } => explain(code.as_deref()),
    }
}

/// `explain CODE`: the code's meaning, and an example of the defect with its fix; `explain`:
/// every code and the first line of its meaning.
fn explain(code: Option<&str>) -> anyhow::Result<ExitCode> {
    use graphdoc_codegen::Code;
    use std::fmt::Write as _;
    let mut out = String::new();
    match code {
        Some(name) => {
            let code: Code = name.parse().map_err(anyhow::Error::msg)?;
            writeln!(out, "{code}\n")?;
            for line in code.description().lines() {
                writeln!(out, "{}", line.strip_prefix(' ').unwrap_or(line))?;
            }
            writeln!(out, "\n{}", code.explanation().trim_end())?;
            let pages = code.explanation().split("~~~markdown ").skip(1);
            if pages
                .map(|p| p.split_once('\n').map_or("", |(_, page)| page))
                .any(graphdoc_codegen::diag::leaves_out_its_header)
            {
                writeln!(
                    out,
                    "\n(Pages shown from their first section leave out the front matter, `# Title` and\n`Namespace:` line every page opens with.)"
                )?;
            }
        }
        None => {
            let width = Code::ALL
                .iter()
                .map(|c| c.as_str().len())
                .max()
                .unwrap_or(0);
            for code in Code::ALL {
                writeln!(out, "{:width$}  {}", code.as_str(), code.summary())?;
            }
        }
    }
    // A reader that stops early (`| head`) is no error.
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// `drift`: the findings between the pages and the metadata, printed on stdout; exit 1 when a
/// denied kind has a finding the baseline does not hold.
fn drift(args: Drift) -> anyhow::Result<ExitCode> {
    use anyhow::Context as _;
    use graphdoc_codegen::drift;
    let deny = drift::DriftDeny::parse(args.deny.iter().map(String::as_str))
        .map_err(anyhow::Error::msg)?;
    let shown = args.metadata.display().to_string();
    let bytes = std::fs::read(&args.metadata).with_context(|| format!("cannot read `{shown}`"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{shown}: not UTF-8 (byte {}); CSDL is UTF-8",
            e.utf8_error().valid_up_to()
        )
    })?;
    let metadata = drift::read(&text).map_err(|e| anyhow::anyhow!("{shown}:{e}"))?;
    let baseline = match &args.baseline {
        Some(path) if !args.update_baseline => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the baseline `{}`", path.display()))?;
            Some(drift::DriftBaseline::from_json(&text).map_err(anyhow::Error::msg)?)
        }
        _ => None,
    };
    let (model, _) = graphdoc_codegen::build_model(&args.docs)?;
    let report = drift::drift(&metadata, &model);
    // A baseline just written holds every finding: none is new.
    let baseline = match (args.update_baseline, &args.baseline) {
        (true, Some(path)) => {
            let written = drift::DriftBaseline::of(&report.findings);
            std::fs::write(path, written.to_json())
                .with_context(|| format!("cannot write the baseline `{}`", path.display()))?;
            Some(written)
        }
        _ => baseline,
    };
    let denied = drift::render::denied(&report, &deny, baseline.as_ref());
    let out = drift::render::render(args.format, &report, &denied, &shown);
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    Ok(if denied.iter().any(|d| *d) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn diff(
    base: &std::path::Path,
    docs: &std::path::Path,
    format: graphdoc_codegen::diff::DiffFormat,
    fail_on: Option<graphdoc_codegen::diff::FailOn>,
    links: &graphdoc_codegen::diff::Links,
) -> anyhow::Result<ExitCode> {
    let (before, after) = rayon::join(
        || graphdoc_codegen::build_model(base),
        || graphdoc_codegen::build_model(docs),
    );
    let changes = graphdoc_codegen::diff::diff(&before?.0, &after?.0);
    let report = match format {
        graphdoc_codegen::diff::DiffFormat::Json => graphdoc_codegen::diff::json(&changes),
        graphdoc_codegen::diff::DiffFormat::Markdown => graphdoc_codegen::diff::markdown_within(
            &changes,
            graphdoc_codegen::diff::COMMENT_LIMIT,
            links,
        ),
    };
    std::io::stdout().lock().write_all(report.as_bytes())?;
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let plural = if changes.len() == 1 { "" } else { "s" };
    eprintln!("{} change{plural}, {breaking} breaking", changes.len());
    let fails = match fail_on {
        Some(graphdoc_codegen::diff::FailOn::Breaking) => breaking > 0,
        None => false,
    };
    Ok(if fails {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The diagnostics a baseline file holds as known.
fn read_baseline(file: &std::path::Path) -> anyhow::Result<Baseline> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("cannot read `{}`: {e}", file.display()))?;
    Baseline::from_json(&text).map_err(|e| anyhow::anyhow!("`{}`: {e}", file.display()))
}

/// `--check`'s report: up to date, or the outputs that differ and how to regenerate them;
/// whether they are stale.
fn stale(
    err: &mut impl Write,
    changes: &[graphdoc_codegen::FileChange],
    docs: &std::path::Path,
    out: &std::path::Path,
) -> std::io::Result<bool> {
    if changes.is_empty() {
        writeln!(err, "{} is up to date", out.display())?;
        return Ok(false);
    }
    writeln!(err, "{} is stale; these outputs differ:", out.display())?;
    for change in changes {
        write!(err, "{change}")?;
        if !matches!(change.kind, graphdoc_codegen::FileChangeKind::Stale { .. }) {
            writeln!(err)?;
        }
    }
    writeln!(
        err,
        "regenerate with: {} --docs {} --out {}",
        graphdoc_codegen::label::REGENERATE,
        docs.display(),
        out.display()
    )?;
    Ok(true)
}

fn run_generate(args: Generate) -> anyhow::Result<ExitCode> {
    let Generate {
        docs,
        out,
        check,
        dry_run,
        server_url,
        include_paths,
        exclude_paths,
        format,
        deny,
        allow,
        baseline,
        update_baseline,
        quiet,
    } = args;
    let deny = Deny::parse(deny.iter().map(String::as_str)).map_err(anyhow::Error::msg)?;
    let allowed = (allow.iter())
        .map(|name| name.parse::<graphdoc_codegen::Code>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(anyhow::Error::msg)?;
    let known = match (&baseline, update_baseline) {
        (Some(file), false) => Some(read_baseline(file)?),
        _ => None,
    };
    let mut config = graphdoc_codegen::Config::new();
    config
        .docs(&docs)
        .out_dir(&out)
        .include_paths(include_paths)
        .exclude_paths(exclude_paths);
    if let Some(url) = server_url {
        config.server_url(url);
    }
    let (generation, changes) = if check {
        let (generation, changes) = config.check()?;
        (generation, Some(changes))
    } else if dry_run {
        (config.run()?, None)
    } else {
        (config.generate()?, None)
    };
    let mut generation = generation;
    if !allowed.is_empty() {
        generation
            .diagnostics
            .retain(|d| !allowed.contains(&d.code));
        generation.summary.leave_out(&allowed);
    }
    let verdict = Gate::of(&generation.diagnostics, known.as_ref(), &deny);
    let report = graphdoc_codegen::report::render(
        format,
        &generation.diagnostics,
        &verdict,
        &docs.to_string_lossy(),
    );
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    match format {
        Format::Text if !quiet => err.write_all(report.as_bytes())?,
        Format::Text => {}
        _ => std::io::stdout().lock().write_all(report.as_bytes())?,
    }
    writeln!(err, "{}", generation.summary)?;
    if update_baseline && let Some(file) = &baseline {
        let text = Baseline::of(&generation.diagnostics).to_json();
        std::fs::write(file, text)
            .map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", file.display()))?;
        writeln!(
            err,
            "wrote {} known diagnostics to {}",
            generation.diagnostics.len(),
            file.display()
        )?;
    }
    let mut failed = match changes {
        Some(changes) => stale(&mut err, &changes, &docs, &out)?,
        None => false,
    };
    if verdict.fails() && !update_baseline {
        let denied = verdict.denied.iter().filter(|d| **d).count();
        writeln!(
            err,
            "error: {denied} new diagnostic(s) of denied codes{}",
            if known.is_some() {
                " (not in the baseline)"
            } else {
                ""
            }
        )?;
        failed = true;
    }
    // The process ends here, and its memory goes with it: the model and the diagnostics are
    // not taken apart piece by piece first.
    std::mem::forget(generation);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
