//! Part of the API: the routes whose paths match include patterns (and no exclude pattern), and
//! the types they reach, as Kiota's `--include-path` keeps them. Every output is built from the
//! model this leaves, so a filtered crate, document or case file holds only that part.
//!
//! A pattern is a path whose segments match the route template's segments, letter case aside:
//! `*` in a segment matches any text within it, and a segment `**` matches any number of
//! segments. `/me/**` keeps `/me` and everything below it; `/users/*/messages` keeps
//! `/users/{user-id}/messages`.
//!
//! The types kept are those the kept routes send or return (bodies, parameters, responses), the
//! types of those types' properties, and their base types, transitively. A navigation property
//! does not pull its target in (a relationship is data of its own routes); it stays on its type
//! only when its target is kept for another reason.

use std::collections::{BTreeSet, VecDeque};

use super::{Model, TypeRef};

/// Include and exclude patterns. Empty keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathFilter {
    include: Vec<Pattern>,
    exclude: Vec<Pattern>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    written: String,
    segments: Vec<String>,
}

impl Pattern {
    fn new(written: &str) -> Result<Pattern, String> {
        let trimmed = written.trim();
        if !trimmed.starts_with('/') {
            return Err(format!(
                "`{written}` is not a path pattern: it must start with `/`"
            ));
        }
        Ok(Pattern {
            written: trimmed.to_owned(),
            segments: segments(trimmed).map(str::to_ascii_lowercase).collect(),
        })
    }

    fn matches(&self, path: &str) -> bool {
        let path: Vec<String> = segments(path).map(str::to_ascii_lowercase).collect();
        matches_from(&self.segments, &path)
    }
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// Whether pattern segments match path segments. `**` tries each number of segments; the
/// table of (pattern, path) positions already refused keeps that linear in their product.
fn matches_from(pattern: &[String], path: &[String]) -> bool {
    let mut refused = vec![false; (pattern.len() + 1) * (path.len() + 1)];
    let mut stack = vec![(0usize, 0usize)];
    while let Some((p, s)) = stack.pop() {
        let cell = p * (path.len() + 1) + s;
        if refused[cell] {
            continue;
        }
        refused[cell] = true;
        match pattern.get(p) {
            None if s == path.len() => return true,
            None => {}
            Some(star) if star == "**" => {
                // Zero segments, or one more.
                stack.push((p + 1, s));
                if s < path.len() {
                    stack.push((p, s + 1));
                }
            }
            Some(segment) => {
                if path.get(s).is_some_and(|text| glob(segment, text)) {
                    stack.push((p + 1, s + 1));
                }
            }
        }
    }
    false
}

/// `*` matches any text within a segment; the rest matches itself.
fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

impl PathFilter {
    /// A filter from patterns as a user writes them; a pattern that is no path is refused.
    pub fn new<I, E>(include: I, exclude: E) -> Result<PathFilter, String>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
        E: IntoIterator,
        E::Item: AsRef<str>,
    {
        let parse = |p: &str| Pattern::new(p);
        Ok(PathFilter {
            include: include
                .into_iter()
                .map(|p| parse(p.as_ref()))
                .collect::<Result<_, _>>()?,
            exclude: exclude
                .into_iter()
                .map(|p| parse(p.as_ref()))
                .collect::<Result<_, _>>()?,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }

    /// Whether a route template is kept.
    pub fn keeps(&self, path: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|p| p.matches(path)))
            && !self.exclude.iter().any(|p| p.matches(path))
    }

    /// The patterns, as written, for a header or a message.
    pub fn describe(&self) -> String {
        let list = |patterns: &[Pattern]| {
            patterns
                .iter()
                .map(|p| p.written.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (self.include.is_empty(), self.exclude.is_empty()) {
            (_, true) => format!("paths {}", list(&self.include)),
            (true, false) => format!("paths except {}", list(&self.exclude)),
            (false, false) => format!(
                "paths {} except {}",
                list(&self.include),
                list(&self.exclude)
            ),
        }
    }
}

/// Keeps the routes the filter keeps and the types they reach.
pub fn retain(model: &mut Model, filter: &PathFilter) {
    if filter.is_empty() {
        return;
    }
    model.routes.retain(|path, _| filter.keeps(path));
    model.routeless.clear();
    model.unrouted_examples.clear();
    let roots: BTreeSet<String> = model
        .routes
        .keys()
        .filter_map(|path| segments(path).next())
        .map(|root| root.split('(').next().unwrap_or(root).to_owned())
        .collect();
    model
        .container
        .entity_sets
        .retain(|name, _| roots.contains(name));
    model
        .container
        .singletons
        .retain(|name, _| roots.contains(name));

    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<String> = VecDeque::new();
    let reach = |ty: Option<&TypeRef>, queue: &mut VecDeque<String>| {
        if let Some(TypeRef::Named(name)) = ty {
            queue.push_back(name.clone());
        }
    };
    for route in model.routes.values().flat_map(|methods| methods.values()) {
        for p in &route.parameters {
            reach(p.ty.as_ref(), &mut queue);
        }
        for p in route.query_parameters.iter().chain(&route.headers) {
            reach(p.ty.as_ref(), &mut queue);
        }
        if let Some(body) = &route.request_body {
            reach(body.ty.as_ref(), &mut queue);
            for p in &body.parameters {
                reach(p.ty.as_ref(), &mut queue);
            }
        }
        if let Some(response) = &route.response {
            reach(response.ty.as_ref(), &mut queue);
        }
    }
    for ty in model
        .container
        .entity_sets
        .values()
        .chain(model.container.singletons.values())
    {
        queue.push_back(ty.clone());
    }
    while let Some(name) = queue.pop_front() {
        if !reached.insert(name.clone()) {
            continue;
        }
        let Some(ty) = model.get(&name) else { continue };
        if let Some(base) = &ty.base_type {
            queue.push_back(base.clone());
        }
        for property in ty.properties.values().filter(|p| !p.navigation) {
            reach(Some(&property.ty), &mut queue);
        }
    }

    for (ns, namespace) in &mut model.namespaces {
        namespace
            .types
            .retain(|name, _| reached.contains(&format!("{ns}.{name}")));
        for ty in namespace.types.values_mut() {
            ty.properties.retain(|_, p| {
                !p.navigation
                    || !matches!(&p.ty, TypeRef::Named(target) if !reached.contains(target))
            });
        }
    }
    model.namespaces.retain(|_, n| !n.types.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keeps(pattern: &str, path: &str) -> bool {
        PathFilter::new([pattern], [""; 0]).unwrap().keeps(path)
    }

    #[test]
    fn patterns_match_segments() {
        assert!(keeps("/me/**", "/me"));
        assert!(keeps("/me/**", "/me/events/{event-id}"));
        assert!(!keeps("/me/**", "/messages"));
        assert!(!keeps("/me/**", "/meetings"));
        assert!(keeps("/users/*/messages", "/users/{user-id}/messages"));
        assert!(!keeps(
            "/users/*/messages",
            "/users/{user-id}/messages/{id}"
        ));
        assert!(keeps(
            "/users/**/messages",
            "/users/{id}/mailFolders/{id}/messages"
        ));
        assert!(keeps("/ME/Events", "/me/events"));
        assert!(keeps("/me/*Groups", "/me/calendarGroups"));
        assert!(!keeps("/me/*Groups", "/me/calendars"));
        assert!(keeps("/**", "/anything/at/all"));
    }

    #[test]
    fn excludes_win_and_bad_patterns_are_refused() {
        let filter = PathFilter::new(["/me/**"], ["/me/drive/**"]).unwrap();
        assert!(filter.keeps("/me/events"));
        assert!(!filter.keeps("/me/drive/root"));
        assert!(PathFilter::new(["me/**"], [""; 0]).is_err());
        assert!(PathFilter::new([""; 0], [""; 0]).unwrap().is_empty());
    }

    #[test]
    fn many_double_stars_stay_linear() {
        let pattern = format!("/{}x", "**/".repeat(200));
        let path = format!("/{}", vec!["a"; 2000].join("/"));
        assert!(!keeps(&pattern, &path));
    }

    #[test]
    fn globs_within_a_segment() {
        assert!(glob("a*b*c", "aXbYc"));
        assert!(!glob("a*b*c", "aXbY"));
        assert!(glob("*", ""));
        assert!(!glob("ab", "abc"));
        assert!(glob("a*a", "aa"));
        assert!(!glob("a*a", "a"));
    }
}
