// URL paths and route templates, split into segments and matched: one copy, which the generator
// compiles as `vocab::path` and which every generated `cases.rs` carries in its `support`
// module, so a case test matches a URL to its route exactly as the generator filed it. Hence
// only `std`, no inner doc comment, and no tests here (they are in `vocab/mod.rs`).

/// The segments of a path, split on `/` outside braces, parentheses and quotes; empty
/// segments are dropped.
pub fn segments(path: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(8);
    let (mut depth, mut quoted, mut start) = (0i32, false, 0);
    // Every delimiter is ASCII, so byte positions are character boundaries.
    for (i, b) in path.bytes().enumerate() {
        match b {
            b'\'' if depth > 0 => quoted = !quoted,
            b'{' | b'(' if !quoted => depth += 1,
            b'}' | b')' if !quoted => depth -= 1,
            b'/' if depth <= 0 && !quoted => {
                out.push(&path[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&path[start..]);
    out.retain(|s| !s.is_empty());
    out
}

/// Does a URL path fit a route template? Literal segments compare case-insensitively, a
/// `{parameter}` segment matches any one segment, a drive path (`root:/{item-path}:`) spans
/// segments, and a trailing type cast may be added.
pub fn matches(template: &str, path: &str) -> bool {
    match_segments(&segments(template), &segments(path)).is_some()
}

/// How well a concrete path (already split by [`segments`]) fits a template: `None` when it
/// does not, else the number of segments matched literally, so `/me/events/delta()` prefers
/// `delta()` to `{event-id}`. A drive path parameter (`{item-path}:`) spans any number of
/// segments up to the one ending in `:`; a trailing type cast
/// (`/transitiveMembers/microsoft.graph.user`) narrows the route it follows.
pub fn match_segments(template: &[&str], concrete: &[&str]) -> Option<usize> {
    if let Some(score) = match_from(template, concrete) {
        return Some(score);
    }
    match concrete.split_last() {
        Some((last, rest)) if is_cast(last) && !template.last().is_some_and(|t| is_cast(t)) => {
            match_from(template, rest)
        }
        _ => None,
    }
}

/// The segments matched one by one, in a loop: a path of any length costs no stack.
fn match_from(mut template: &[&str], mut concrete: &[&str]) -> Option<usize> {
    let mut score = 0;
    loop {
        let (Some((t, template_rest)), Some((c, concrete_rest))) =
            (template.split_first(), concrete.split_first())
        else {
            return (template.is_empty() && concrete.is_empty()).then_some(score);
        };
        if t.starts_with('{') && t.ends_with("}:") && !c.ends_with(':') {
            // `root:/FolderA/FileB.txt:`: the path goes on to the segment that closes it.
            let end = concrete.iter().position(|s| s.ends_with(':'))?;
            template = template_rest;
            concrete = concrete.get(end + 1..)?;
            continue;
        }
        if !segment_matches(t, c) {
            return None;
        }
        score += usize::from(!is_key_segment(t));
        template = template_rest;
        concrete = concrete_rest;
    }
}

/// `{user-id}`: a segment that is one whole parameter (a key), not `{item-path}:`.
pub fn is_key_segment(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}') && !segment[1..].contains('{')
}

/// `microsoft.graph.user` (or `#microsoft.graph.user`): a qualified type name used as a path
/// segment. Each dotted part is an identifier (a letter or `_`, then letters, digits or `_`).
pub fn is_cast(segment: &str) -> bool {
    let name = segment.trim_start_matches('#');
    name.contains('.')
        && name.split('.').all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
                && chars.all(|c| c.is_alphanumeric() || c == '_')
        })
}

/// `range(address='A1')` → (`range`, `address='A1'`).
pub fn call(segment: &str) -> Option<(&str, &str)> {
    let open = segment.find('(')?;
    let inner = segment.get(open + 1..)?.strip_suffix(')')?;
    let name = &segment[..open];
    (!name.is_empty()).then_some((name, inner))
}

fn segment_matches(template: &str, concrete: &str) -> bool {
    if is_key_segment(template) {
        return true;
    }
    match (call(template), call(concrete)) {
        (Some((t, _)), Some((c, _))) => return t.eq_ignore_ascii_case(c),
        (Some(_), None) | (None, Some(_)) => return false,
        (None, None) => {}
    }
    if template.contains('{') {
        // `{item-path}:` against `{item-path}:` or `file.txt:`: compare the literal ends.
        let prefix = &template[..template.find('{').unwrap_or(0)];
        let suffix = &template[template.rfind('}').map_or(template.len(), |i| i + 1)..];
        return concrete.len() >= prefix.len() + suffix.len()
            && concrete
                .get(..prefix.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(prefix))
            && concrete
                .get(concrete.len() - suffix.len()..)
                .is_some_and(|s| s.eq_ignore_ascii_case(suffix));
    }
    template.eq_ignore_ascii_case(concrete)
}
