//! Cost against input size: synthetic pages that grow in one dimension (keys of an example
//! body, keys of a JSON representation, property table rows, route parameters, request lines
//! under roots of their own, the size of one page), each at 1x, 4x and 16x, through the whole pipeline. Prints time (median of the runs)
//! and peak heap for each size, and the ratio of each size's time to the one before it: a
//! linear cost gives 4.0, and anything well past 5 grows faster than the input.
//!
//!     cargo bench -p graphdoc-codegen --features cli --bench scaling [-- <family> ...] [--runs N]
//!
//! Two pairs of families hold one page against the same content as many pages (type sections;
//! API pages pasted together): a big page should cost no more than the same bytes in ordinary
//! pages.

use std::fmt::Write as _;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use graphdoc_codegen::Source;

#[path = "support/counting.rs"]
mod counting;

use counting::{CURRENT, Counting, PEAK};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[path = "../src/allocator.rs"]
mod allocator;

const FRONT: &str = "---\ntitle: \"synthetic\"\ndoc_type: resourcePageType\n---\n\n";

/// A resource page for `name` with `rows` table rows and `keys` keys in its JSON representation.
fn resource(name: &str, rows: usize, keys: usize) -> String {
    let mut page = format!("{FRONT}# {name} resource type\n\nNamespace: microsoft.graph\n\n");
    page.push_str("## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n");
    for i in 0..rows {
        let ty = ["String", "Int32", "DateTimeOffset", "Boolean"][i % 4];
        let _ = writeln!(page, "| prop{i} | {ty} | Property number {i}. Read-only. |");
    }
    page.push_str("\n## JSON representation\n\n");
    let _ = writeln!(
        page,
        "<!-- {{ \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.{name}\" }} -->"
    );
    page.push_str("```json\n{\n  \"id\": \"String (identifier)\"");
    for i in 0..keys {
        let _ = write!(page, ",\n  \"key{i}\": \"String\"");
    }
    page.push_str("\n}\n```\n");
    page
}

/// An API page that creates a `name` with an example body of `keys` keys.
fn example(name: &str, keys: usize) -> String {
    let mut body = String::from("{\n  \"id\": \"1\"");
    for i in 0..keys {
        let _ = write!(body, ",\n  \"key{i}\": \"value {i}\"");
    }
    body.push_str("\n}");
    format!(
        "{FRONT}# Create {name}\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n\
         <!-- {{ \"blockType\": \"ignored\" }} -->\n```http\nPOST /{name}s\n```\n\n\
         ## Example\n\n### Request\n\n\
         <!-- {{ \"blockType\": \"request\", \"name\": \"create_{name}\" }} -->\n\
         ```http\nPOST https://graph.microsoft.com/v1.0/{name}s\nContent-type: application/json\n\n{body}\n```\n\n\
         ### Response\n\n\
         <!-- {{ \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.{name}\" }} -->\n\
         ```http\nHTTP/1.1 201 Created\nContent-type: application/json\n\n{body}\n```\n"
    )
}

/// An API page whose route line has `params` key segments.
fn route(params: usize) -> String {
    let mut path = String::new();
    let mut url = String::new();
    for i in 0..params {
        let _ = write!(path, "/items/{{item{i}-id}}");
        let _ = write!(url, "/items/{i}");
    }
    format!(
        "{FRONT}# Get item\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n\
         <!-- {{ \"blockType\": \"ignored\" }} -->\n```http\nGET {path}\n```\n\n\
         ## Example\n\n### Request\n\n\
         <!-- {{ \"blockType\": \"request\", \"name\": \"get_item\" }} -->\n\
         ```http\nGET https://graph.microsoft.com/v1.0{url}\n```\n\n\
         ### Response\n\n\
         <!-- {{ \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.item\" }} -->\n\
         ```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{{ \"id\": \"1\" }}\n```\n"
    )
}

/// An API page whose HTTP request section has `lines` request lines, each under a root of its
/// own (`GET /root7/items`): routes, roots and their near misses grow with the lines.
fn request_lines(lines: usize) -> String {
    let mut block = String::new();
    for i in 0..lines {
        let _ = writeln!(block, "GET /root{i}/items");
    }
    format!(
        "{FRONT}# List items\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n\
         <!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{block}```\n\n\
         ## Response\n\nIf successful, this method returns a `200 OK` response code and a \
         collection of [item](../resources/item.md) objects in the response body.\n"
    )
}

/// `sections` complex types of 20 rows each, in one page.
fn big_page(sections: usize) -> String {
    let mut page = format!("{FRONT}# holder resource type\n\nNamespace: microsoft.graph\n\n");
    for s in 0..sections {
        let _ = write!(page, "### section{s} type\n\n");
        page.push_str("| Property | Type | Description |\n|:--|:--|:--|\n");
        for i in 0..20 {
            let _ = writeln!(page, "| prop{i} | String | Property {i} of section {s}. |");
        }
        let _ = write!(
            page,
            "\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.section{s}\" }} -->\n```json\n{{"
        );
        for i in 0..20 {
            let sep = if i == 0 { "" } else { "," };
            let _ = write!(page, "{sep} \"prop{i}\": \"String\"");
        }
        page.push_str(" }\n```\n\n");
    }
    page
}

/// API page number `n`: a request line, a parameters table of 10 rows and an example.
fn api_page(n: usize) -> String {
    let mut page = format!(
        "{FRONT}# Update widget{n}\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n\
         <!-- {{ \"blockType\": \"ignored\" }} -->\n```http\nPATCH /widgets{n}/{{id}}\n```\n\n\
         ## Request body\n\n| Property | Type | Description |\n|:--|:--|:--|\n"
    );
    for i in 0..10 {
        let _ = writeln!(page, "| prop{i} | String | Property {i} of widget{n}. |");
    }
    let _ = write!(
        page,
        "\n## Example\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"update_widget{n}\" }} -->\n\
         ```http\nPATCH https://graph.microsoft.com/v1.0/widgets{n}/1\nContent-type: application/json\n\n{{ \"prop0\": \"a\" }}\n```\n\n\
         <!-- {{ \"blockType\": \"response\" }} -->\n```http\nHTTP/1.1 204 No Content\n```\n\n"
    );
    page
}

struct Family {
    name: &'static str,
    /// The size at 1x, in the family's own unit.
    base: usize,
    unit: &'static str,
    pages: fn(usize) -> Vec<Source>,
}

fn one(path: &str, text: String) -> Vec<Source> {
    vec![Source::new(path, text)]
}

const FAMILIES: &[Family] = &[
    Family {
        name: "example-keys",
        base: 2_500,
        unit: "keys",
        pages: |n| {
            vec![
                Source::new("resources/thing.md", resource("thing", 1, 0)),
                Source::new("api/thing-create.md", example("thing", n)),
            ]
        },
    },
    Family {
        name: "representation-keys",
        base: 2_500,
        unit: "keys",
        pages: |n| one("resources/thing.md", resource("thing", 0, n)),
    },
    Family {
        name: "table-rows",
        base: 6_250,
        unit: "rows",
        pages: |n| one("resources/thing.md", resource("thing", n, 0)),
    },
    Family {
        name: "route-parameters",
        base: 250,
        unit: "params",
        pages: |n| {
            vec![
                Source::new("resources/item.md", resource("item", 1, 0)),
                Source::new("api/item-get.md", route(n)),
            ]
        },
    },
    Family {
        name: "request-lines",
        base: 3_125,
        unit: "lines",
        pages: |n| {
            vec![
                Source::new("resources/item.md", resource("item", 1, 0)),
                Source::new("api/items-list.md", request_lines(n)),
            ]
        },
    },
    Family {
        name: "page-size",
        base: 250,
        unit: "sections",
        pages: |n| one("resources/holder.md", big_page(n)),
    },
    Family {
        name: "many-pages",
        base: 250,
        unit: "pages",
        pages: |n| {
            (0..n)
                .map(|s| {
                    let mut page = big_page(1).replace("section0", &format!("section{s}"));
                    page = page.replace("holder", &format!("holder{s}"));
                    Source::new(format!("resources/holder{s}.md"), page)
                })
                .collect()
        },
    },
    Family {
        name: "pasted-api-pages",
        base: 250,
        unit: "pages",
        pages: |n| one("api/pasted.md", (0..n).map(api_page).collect()),
    },
    Family {
        name: "api-pages",
        base: 250,
        unit: "pages",
        pages: |n| {
            (0..n)
                .map(|i| Source::new(format!("api/widget{i}-update.md"), api_page(i)))
                .collect()
        },
    },
];

fn run(sources: &[Source], runs: usize) -> (Duration, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut peak = 0;
    for _ in 0..runs {
        let base = CURRENT.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let start = Instant::now();
        let generation = graphdoc_codegen::generate_from_sources(sources, "docs");
        times.push(start.elapsed());
        peak = peak.max(PEAK.load(Ordering::Relaxed) - base);
        drop(generation);
    }
    times.sort();
    (times[times.len() / 2], peak)
}

fn main() {
    allocator::set_up();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let chosen: Vec<&String> = args
        .iter()
        .filter(|a| FAMILIES.iter().any(|f| f.name == a.as_str()))
        .collect();
    println!(
        "{:<20} {:>6} {:>9} {:>9} {:>11} {:>11} {:>7}",
        "family", "scale", "size", "input MB", "time ms", "peak MB", "ratio"
    );
    for family in FAMILIES {
        if !chosen.is_empty() && !chosen.iter().any(|c| c.as_str() == family.name) {
            continue;
        }
        let mut previous: Option<Duration> = None;
        for scale in [1, 4, 16] {
            let n = family.base * scale;
            let sources = (family.pages)(n);
            let bytes: usize = sources.iter().map(|s| s.text.len()).sum();
            let (time, peak) = run(&sources, runs);
            let ratio = previous.map_or_else(
                || "-".to_owned(),
                |p| format!("{:.1}", time.as_secs_f64() / p.as_secs_f64()),
            );
            println!(
                "{:<20} {:>5}x {:>9} {:>9.2} {:>11.1} {:>11.1} {:>7}",
                family.name,
                scale,
                format!("{n} {}", family.unit),
                bytes as f64 / 1e6,
                time.as_secs_f64() * 1e3,
                peak as f64 / 1e6,
                ratio
            );
            previous = Some(time);
        }
    }
}
