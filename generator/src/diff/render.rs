//! The changes as a pull-request comment, as JSON, and counted.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Change, ChangeKind, Group, Verb};

/// The most characters a GitHub pull-request comment holds.
pub const COMMENT_LIMIT: usize = 65_536;
/// Lines of a group shown open; a group of more is folded in `<details>`.
const OPEN_LINES: usize = 30;
/// Members named on the one line of an enum's added or removed members.
const MEMBERS_NAMED: usize = 12;

/// The changes as a pull-request comment of at most [`COMMENT_LIMIT`] characters.
pub fn markdown(changes: &[Change]) -> String {
    markdown_within(changes, COMMENT_LIMIT, &Links::default())
}

/// Where the pages are browsed, for locations as links: `head` for the new docs, `base` for the
/// base docs (a removal); each a URL the page's path is appended to
/// (`https://github.com/o/r/blob/<sha>/docs`), its line as `#L12`.
#[derive(Debug, Clone, Default)]
pub struct Links {
    pub head: Option<String>,
    pub base: Option<String>,
}

/// One line of the comment and how many changes it stands for.
struct Line {
    text: String,
    changes: usize,
}

/// Where a change is stated: `page:line`, `base:` before it for a removal (the base docs), a
/// link where its tree has a URL.
fn location(c: &Change, links: &Links) -> String {
    let (tree, url) = if c.kind.is_removal() {
        ("base:", &links.base)
    } else {
        ("", &links.head)
    };
    let text = format!("{tree}{}:{}", c.page, c.line);
    match url {
        Some(url) => format!(
            "[{text}]({}/{}#L{})",
            url.trim_end_matches('/'),
            crate::report::uri_path(&c.page),
            c.line
        ),
        None => text,
    }
}

fn line_of(c: &Change, links: &Links) -> Line {
    let mark = if c.breaking { "**breaking** " } else { "" };
    let detail = if c.detail.is_empty() {
        String::new()
    } else {
        format!(": {}", c.detail)
    };
    Line {
        text: format!(
            "- {mark}{} `{}`{detail} ({})\n",
            c.kind.verb().as_str(),
            c.subject.replace('`', "'"),
            location(c, links)
        ),
        changes: 1,
    }
}

/// The lines of a group's changes: each its own, but the members one enum gains or loses,
/// which are one line with their count and the first few names.
fn group_lines(changes: &[&Change], links: &Links) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut members: BTreeMap<(ChangeKind, &str), Vec<&Change>> = BTreeMap::new();
    for c in changes {
        let enum_member = matches!(
            c.kind,
            ChangeKind::EnumMemberAdded | ChangeKind::EnumMemberRemoved
        );
        match c.subject.rsplit_once('.') {
            Some((owner, _)) if enum_member => members.entry((c.kind, owner)).or_default().push(c),
            _ => lines.push(line_of(c, links)),
        }
    }
    for ((kind, owner), all) in members {
        if all.len() == 1 {
            lines.push(line_of(all[0], links));
            continue;
        }
        let mut names: Vec<String> = (all.iter().take(MEMBERS_NAMED))
            .map(|c| format!("`{}`", c.subject[owner.len() + 1..].replace('`', "'")))
            .collect();
        if all.len() > MEMBERS_NAMED {
            names.push("…".to_owned());
        }
        let mark = if all[0].breaking { "**breaking** " } else { "" };
        lines.push(Line {
            text: format!(
                "- {mark}{} {} members of `{}`: {} ({})\n",
                kind.verb().as_str(),
                all.len(),
                owner.replace('`', "'"),
                names.join(", "),
                location(all[0], links)
            ),
            changes: all.len(),
        });
    }
    lines
}

/// [`markdown`] within `limit` characters: a summary table, then every breaking change, then
/// the other changes by group, a group of many lines folded; past the limit, a cut that says
/// how many changes it leaves out and where the whole report is.
pub fn markdown_within(changes: &[Change], limit: usize, links: &Links) -> String {
    let mut out = String::from("## API changes\n\n");
    if changes.is_empty() {
        out.push_str("No change to routes, types, properties, enum members or scopes.\n");
        return out;
    }
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let plural = if changes.len() == 1 { "" } else { "s" };
    let _ = writeln!(
        out,
        "{} change{plural}, **{breaking} breaking**. Each is located in the new docs, or in the \
         base docs (`base:`) for a removal.\n",
        changes.len()
    );
    out.push_str("| | added | removed | changed | breaking |\n|---|---:|---:|---:|---:|\n");
    let mut groups: Vec<Group> = Vec::new();
    for c in changes {
        if !groups.contains(&c.kind.group()) {
            groups.push(c.kind.group());
        }
    }
    for group in &groups {
        let of = |verb: Verb| {
            (changes.iter())
                .filter(|c| c.kind.group() == *group && c.kind.verb() == verb)
                .count()
        };
        let broken = (changes.iter())
            .filter(|c| c.kind.group() == *group && c.breaking)
            .count();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {broken} |",
            group.heading(),
            of(Verb::Added),
            of(Verb::Removed),
            of(Verb::Changed)
        );
    }
    // Sections: a heading and its lines, folded when there are many.
    let mut sections: Vec<(String, Vec<Line>)> = Vec::new();
    let breaking_ones: Vec<Line> = (changes.iter().filter(|c| c.breaking))
        .map(|c| line_of(c, links))
        .collect();
    if !breaking_ones.is_empty() {
        sections.push(("Breaking changes".to_owned(), breaking_ones));
    }
    for group in &groups {
        let rest: Vec<&Change> = (changes.iter())
            .filter(|c| c.kind.group() == *group && !c.breaking)
            .collect();
        if !rest.is_empty() {
            sections.push((group.heading().to_owned(), group_lines(&rest, links)));
        }
    }
    let total: usize = sections
        .iter()
        .flat_map(|(_, l)| l)
        .map(|l| l.changes)
        .sum();
    let mut shown = 0;
    // Room kept for closing a fold and for the cut's note.
    const RESERVE: usize = 400;
    'sections: for (heading, lines) in &sections {
        let folded = lines.len() > OPEN_LINES;
        let head = if folded {
            let n: usize = lines.iter().map(|l| l.changes).sum();
            format!("\n### {heading}\n\n<details><summary>{n} changes</summary>\n\n")
        } else {
            format!("\n### {heading}\n\n")
        };
        if out.len() + head.len() + RESERVE > limit {
            break;
        }
        out.push_str(&head);
        for line in lines {
            if out.len() + line.text.len() + RESERVE > limit {
                if folded {
                    out.push_str("\n</details>\n");
                }
                break 'sections;
            }
            out.push_str(&line.text);
            shown += line.changes;
        }
        if folded {
            out.push_str("\n</details>\n");
        }
    }
    if shown < total {
        let _ = write!(
            out,
            "\n**The comment ends here:** {} more changes are left out to fit a comment of {limit} \
             characters. The whole report: `graphdoc-codegen diff --format json`.\n",
            total - shown
        );
    }
    out
}

/// The changes for machines: each with its `before` and `after` values where a value changed,
/// and the breaking ones listed apart by their index in `changes`.
pub fn json(changes: &[Change]) -> String {
    let breaking: Vec<usize> = (changes.iter().enumerate())
        .filter(|(_, c)| c.breaking)
        .map(|(i, _)| i)
        .collect();
    let document = serde_json::json!({
        "changes": changes,
        "breaking": breaking,
        "summary": summary(changes),
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// A count per kind, breaking ones apart: the summary a snapshot keeps.
pub fn summary(changes: &[Change]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for c in changes {
        let kind = serde_json::to_value(c.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let key = if c.breaking {
            format!("{kind} (breaking)")
        } else {
            kind
        };
        *counts.entry(key).or_default() += 1;
    }
    counts
}
