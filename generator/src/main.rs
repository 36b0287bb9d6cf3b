//! The command line: a thin layer over [`generator::Config`].

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The run allocates many small strings and maps; mimalloc serves them faster than the system
/// allocator (the corpus benchmark measures with it too).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod allocator;

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
    Generate {
        /// Folder searched recursively for `.md` pages.
        #[arg(long, default_value = "docs-input")]
        docs: PathBuf,
        /// Folder that receives the outputs.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// Write nothing; exit 1 if the outputs on disk differ from what would be generated.
        #[arg(long)]
        check: bool,
        /// The OpenAPI document's server URL (default: the base URL most examples use).
        #[arg(long, value_name = "URL")]
        server_url: Option<String>,
    },
}

fn main() -> ExitCode {
    allocator::keep_freed_memory();
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
    let Command::Generate {
        docs,
        out,
        check,
        server_url,
    } = cli.command;
    let mut config = generator::Config::new();
    config.docs(&docs).out_dir(&out);
    if let Some(url) = server_url {
        config.server_url(url);
    }
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    if check {
        let (generation, changes) = config.check()?;
        print_diagnostics(&mut err, &generation)?;
        if changes.is_empty() {
            writeln!(err, "{} is up to date", out.display())?;
            return Ok(ExitCode::SUCCESS);
        }
        writeln!(err, "{} is stale; these outputs differ:", out.display())?;
        for change in &changes {
            writeln!(err, "  {change}")?;
        }
        writeln!(
            err,
            "regenerate with: cargo run --release -p generator -- generate --docs {} --out {}",
            docs.display(),
            out.display()
        )?;
        return Ok(ExitCode::from(1));
    }
    let generation = config.generate()?;
    print_diagnostics(&mut err, &generation)?;
    Ok(ExitCode::SUCCESS)
}

fn print_diagnostics(
    err: &mut impl Write,
    generation: &generator::Generation,
) -> std::io::Result<()> {
    for d in &generation.diagnostics {
        writeln!(err, "{d}")?;
    }
    writeln!(err, "{}", generation.summary)
}
