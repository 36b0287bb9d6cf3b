//! What reading a service's metadata and comparing it with the pages cost against its size:
//! synthetic CSDL of 1, 10 and 100 MB (entity types with properties, navigation properties,
//! base types, enums, bound operations, descriptions), read and compared with the v1.0
//! corpus's model. Prints time (median of the runs),
//! MB/s and peak heap for each size, and the ratio of each size's time to the one before: a
//! linear cost gives 10.0.
//!
//!     cargo bench -p graphdoc-codegen --features cli --bench drift [-- --runs N]

use std::fmt::Write as _;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use graphdoc_codegen::drift;

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/counting.rs"]
mod counting;

use counting::{CURRENT, Counting, PEAK};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// About `bytes` of CSDL.
fn metadata(bytes: usize) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n<edmx:DataServices>\n<Schema Namespace=\"microsoft.graph\" Alias=\"graph\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n",
    );
    let mut t = 0;
    while xml.len() < bytes {
        let base = if t == 0 {
            String::new()
        } else {
            format!(" BaseType=\"graph.t{}\"", t / 2)
        };
        let _ = writeln!(xml, "<EntityType Name=\"t{t}\"{base}>");
        if t == 0 {
            xml.push_str("<Key><PropertyRef Name=\"id\"/></Key>\n<Property Name=\"id\" Type=\"Edm.String\" Nullable=\"false\"/>\n");
        }
        for p in 0..12 {
            let ty = [
                "Edm.String",
                "Collection(Edm.String)",
                "Edm.Int32",
                "graph.e0",
            ][p % 4];
            let _ = writeln!(
                xml,
                "<Property Name=\"p{t}x{p}\" Type=\"{ty}\"><Annotation Term=\"Org.OData.Core.V1.Description\" String=\"Property {p} of type {t} &amp; more.\"/></Property>"
            );
        }
        let _ = writeln!(
            xml,
            "<NavigationProperty Name=\"n{t}\" Type=\"Collection(graph.t{})\" ContainsTarget=\"true\"/>",
            t / 3
        );
        xml.push_str("</EntityType>\n");
        let _ = writeln!(
            xml,
            "<Action Name=\"a{t}\" IsBound=\"true\"><Parameter Name=\"bindingParameter\" Type=\"graph.t{t}\"/><Parameter Name=\"x\" Type=\"Edm.String\"/><ReturnType Type=\"graph.t0\"/></Action>"
        );
        t += 1;
    }
    xml.push_str("<EnumType Name=\"e0\"><Member Name=\"a\" Value=\"0\"/><Member Name=\"b\" Value=\"1\"/></EnumType>\n");
    xml.push_str("<EntityContainer Name=\"c\"><EntitySet Name=\"t0s\" EntityType=\"graph.t0\"/></EntityContainer>\n</Schema>\n</edmx:DataServices>\n</edmx:Edmx>\n");
    xml
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs: usize = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(5);
    let docs = corpus::docs(None);
    let (model, _) = graphdoc_codegen::build_model(&docs).expect("the docs build");
    println!(
        "drift against the model of {} ({runs} runs each, median)",
        docs.display()
    );
    println!(
        "{:>8} {:>10} {:>10} {:>10} {:>12} {:>8}",
        "size", "read", "compare", "MB/s", "peak heap", "ratio"
    );
    let mut previous: Option<Duration> = None;
    for mb in [1usize, 10, 100] {
        let xml = metadata(mb << 20);
        let mut reads = Vec::new();
        let mut compares = Vec::new();
        let mut peak = 0;
        let mut findings = 0;
        for _ in 0..runs {
            let before = CURRENT.load(Ordering::Relaxed);
            PEAK.store(before, Ordering::Relaxed);
            let start = Instant::now();
            let metadata = drift::read(&xml).expect("the metadata reads");
            let read = start.elapsed();
            let start = Instant::now();
            let report = drift::drift(&metadata, &model);
            compares.push(start.elapsed());
            reads.push(read);
            findings = report.findings.len();
            peak = peak.max(PEAK.load(Ordering::Relaxed) - before);
        }
        reads.sort();
        compares.sort();
        let (read, compare) = (reads[runs / 2], compares[runs / 2]);
        let total = read + compare;
        let ratio = previous.map_or_else(String::new, |p| {
            format!("{:.1}", total.as_secs_f64() / p.as_secs_f64())
        });
        println!(
            "{:>6}MB {:>8.1}ms {:>8.1}ms {:>10.1} {:>10.1}MB {:>8}   ({findings} findings)",
            xml.len() >> 20,
            read.as_secs_f64() * 1e3,
            compare.as_secs_f64() * 1e3,
            xml.len() as f64 / 1e6 / total.as_secs_f64(),
            peak as f64 / 1e6,
            ratio
        );
        previous = Some(total);
    }
}
