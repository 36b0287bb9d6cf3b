//! The two shapes, name for name. Names pair exactly, then ignoring case (a casing difference
//! is one `mismatch`, and what the two hold is still compared). A thing on one side only is
//! `undocumented` or `phantom`; a member one side declares on a base type and the other on a
//! derived one is one `mismatch`, not a phantom and an undocumented member.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    DriftSummary, Finding, FindingKind, Item, Member, Metadata, Operation, OperationKey, Place,
    Report, Shape, Structured, TypeName,
};

/// One name of either side, paired.
enum Paired<'a, K, V> {
    Both((&'a K, &'a V), (&'a K, &'a V)),
    Pages(&'a K, &'a V),
    Metadata(&'a K, &'a V),
}

/// Pairs two maps by key, then what is left by `fold`ed key (one to one).
fn pair<'a, K: Ord, V, F: Ord>(
    pages: &'a BTreeMap<K, V>,
    metadata: &'a BTreeMap<K, V>,
    fold: impl Fn(&K) -> F,
) -> Vec<Paired<'a, K, V>> {
    let mut paired = Vec::new();
    let mut left: BTreeMap<F, Vec<(&K, &V)>> = BTreeMap::new();
    for (k, v) in metadata {
        if !pages.contains_key(k) {
            left.entry(fold(k)).or_default().push((k, v));
        }
    }
    for (k, v) in pages {
        if let Some(m) = metadata.get_key_value(k) {
            paired.push(Paired::Both((k, v), m));
            continue;
        }
        match left.get_mut(&fold(k)).and_then(|found| found.pop()) {
            Some(m) => paired.push(Paired::Both((k, v), m)),
            None => paired.push(Paired::Pages(k, v)),
        }
    }
    for found in left.into_values() {
        for (k, v) in found {
            paired.push(Paired::Metadata(k, v));
        }
    }
    paired
}

fn lower(s: &String) -> String {
    s.to_ascii_lowercase()
}

struct Findings(Vec<Finding>);

impl Findings {
    fn push(
        &mut self,
        kind: FindingKind,
        item: Item,
        name: String,
        places: (Option<&Place>, Option<&Place>),
        detail: String,
    ) {
        let docs = match places.0 {
            Some(Place::Page { path, line }) => Some((path.clone(), *line)),
            _ => None,
        };
        let metadata = match places.1 {
            Some(Place::Line(line)) => Some(*line),
            _ => None,
        };
        self.0.push(Finding {
            kind,
            item,
            name,
            docs,
            metadata,
            detail,
        });
    }
}

/// "the service describes it: ..." from a description, when the metadata gives one.
fn described(description: Option<&String>) -> String {
    match description {
        Some(d) if !d.trim().is_empty() => {
            let mut d: String = d.split_whitespace().collect::<Vec<_>>().join(" ");
            if d.chars().count() > 160 {
                d = d.chars().take(159).collect::<String>() + "…";
            }
            format!("; the metadata describes it: \"{d}\"")
        }
        _ => String::new(),
    }
}

fn spelling(pages: &str, metadata: &str) -> Option<String> {
    (pages != metadata)
        .then(|| format!("spelled `{pages}` on the pages, `{metadata}` in the metadata"))
}

fn shown(ty: &TypeName, collection: bool) -> String {
    if collection {
        format!("Collection({ty})")
    } else {
        ty.to_string()
    }
}

/// Whether two types agree: any JSON agrees with every type.
fn same_type(a: &TypeName, b: &TypeName) -> bool {
    matches!((a, b), (TypeName::Any, _) | (_, TypeName::Any)) || a == b
}

/// The base chain of a type, without the type (bounded: a cycle ends it).
fn ancestors<'s>(shape: &'s Shape, name: &'s str) -> Vec<&'s str> {
    let mut chain = Vec::new();
    let mut current = shape.types.get(name).and_then(|t| t.base.as_deref());
    while let Some(base) = current {
        if chain.contains(&base) || chain.len() > shape.types.len() {
            break;
        }
        chain.push(base);
        current = shape.types.get(base).and_then(|t| t.base.as_deref());
    }
    chain
}

/// Compares the pages' shape with the metadata's.
pub fn compare(pages: &Shape, metadata: &Metadata) -> Report {
    let meta = &metadata.shape;
    let mut out = Findings(Vec::new());
    let mut summary = DriftSummary::default();
    types(pages, meta, &mut out, &mut summary);
    enums(pages, meta, &mut out, &mut summary);
    operations(pages, meta, &mut out, &mut summary);
    container(pages, meta, &mut out, &mut summary);
    for (owner, line, ty) in &metadata.unresolved {
        out.push(
            FindingKind::Unresolved,
            Item::Type,
            ty.clone(),
            (None, Some(&Place::Line(*line))),
            format!("`{owner}` names `{ty}`, which no schema of the metadata defines"),
        );
    }
    let mut findings = out.0;
    findings.sort();
    findings.dedup();
    Report { findings, summary }
}

/// Members declared on another type of the chain on the other side: (type, member) → the
/// type the other side declares it on.
type Moved = BTreeMap<(String, String), String>;

fn moved_members(pages: &Shape, meta: &Shape) -> (Moved, Moved, BTreeSet<(String, String)>) {
    let mut pages_moved = Moved::new();
    let mut meta_moved = Moved::new();
    let mut explained = BTreeSet::new();
    for (name, p) in &pages.types {
        let Some(m) = meta.types.get(name) else {
            continue;
        };
        for member in p.members.keys().filter(|k| !m.members.contains_key(*k)) {
            let on = ancestors(meta, name).into_iter().find(|a| {
                meta.types
                    .get(*a)
                    .is_some_and(|t| t.members.contains_key(member))
            });
            if let Some(on) = on {
                pages_moved.insert((name.clone(), member.clone()), on.to_owned());
                explained.insert((on.to_owned(), member.clone()));
            }
        }
        for member in m.members.keys().filter(|k| !p.members.contains_key(*k)) {
            let on = ancestors(pages, name).into_iter().find(|a| {
                pages
                    .types
                    .get(*a)
                    .is_some_and(|t| t.members.contains_key(member))
            });
            if let Some(on) = on {
                meta_moved.insert((name.clone(), member.clone()), on.to_owned());
                explained.insert((on.to_owned(), member.clone()));
            }
        }
    }
    (pages_moved, meta_moved, explained)
}

fn types(pages: &Shape, meta: &Shape, out: &mut Findings, summary: &mut DriftSummary) {
    let (pages_moved, meta_moved, explained) = moved_members(pages, meta);
    summary.types.total += meta.types.len();
    summary.properties.total += meta.types.values().map(|t| t.members.len()).sum::<usize>();
    for paired in pair(&pages.types, &meta.types, lower) {
        match paired {
            Paired::Both((pn, p), (mn, m)) => {
                summary.types.documented += 1;
                let mut details = Vec::new();
                details.extend(spelling(pn, mn));
                if !p.synthetic {
                    if p.entity != m.entity {
                        let kind = |entity| {
                            if entity {
                                "an entity type"
                            } else {
                                "a complex type"
                            }
                        };
                        details.push(format!(
                            "{} on the pages, {} in the metadata",
                            kind(p.entity),
                            kind(m.entity)
                        ));
                    }
                    if p.base != m.base {
                        let base = |b: &Option<String>| {
                            b.as_ref()
                                .map_or("no base type".to_owned(), |b| format!("base type `{b}`"))
                        };
                        details.push(format!(
                            "{} on the pages, {} in the metadata",
                            base(&p.base),
                            base(&m.base)
                        ));
                    }
                }
                if !details.is_empty() {
                    out.push(
                        FindingKind::Mismatch,
                        Item::Type,
                        pn.clone(),
                        (Some(&p.at), Some(&m.at)),
                        details.join("; "),
                    );
                }
                let moved = (&pages_moved, &meta_moved, &explained);
                members(pn, p, m, moved, out, summary);
            }
            Paired::Pages(name, p) if !p.synthetic => {
                out.push(
                    FindingKind::Phantom,
                    Item::Type,
                    name.clone(),
                    (Some(&p.at), None),
                    "a page documents it; the metadata has no such type".to_owned(),
                );
            }
            Paired::Pages(..) => {}
            Paired::Metadata(name, m) => {
                let detail = format!(
                    "the metadata declares it ({} members); no page documents it{}",
                    m.members.len(),
                    described(m.description.as_ref())
                );
                out.push(
                    FindingKind::Undocumented,
                    Item::Type,
                    name.clone(),
                    (None, Some(&m.at)),
                    detail,
                );
            }
        }
    }
}

fn members(
    owner: &str,
    pages: &Structured,
    meta: &Structured,
    (pages_moved, meta_moved, explained): (&Moved, &Moved, &BTreeSet<(String, String)>),
    out: &mut Findings,
    summary: &mut DriftSummary,
) {
    let item = |m: &Member| {
        if m.navigation {
            Item::Navigation
        } else {
            Item::Property
        }
    };
    for paired in pair(&pages.members, &meta.members, lower) {
        match paired {
            Paired::Both((pn, p), (mn, m)) => {
                summary.properties.documented += 1;
                let mut details = Vec::new();
                details.extend(spelling(pn, mn));
                if !same_type(&p.ty, &m.ty) || p.collection != m.collection {
                    details.push(format!(
                        "`{}` on the pages, `{}` in the metadata",
                        shown(&p.ty, p.collection),
                        shown(&m.ty, m.collection)
                    ));
                }
                if let (Some(pn), Some(mn)) = (p.nullable, m.nullable) {
                    if pn != mn {
                        let says = |n: bool| if n { "nullable" } else { "not nullable" };
                        details.push(format!(
                            "{} on the pages, {} in the metadata",
                            says(pn),
                            says(mn)
                        ));
                    }
                }
                if p.navigation != m.navigation {
                    let says = |n: bool| {
                        if n {
                            "a navigation property"
                        } else {
                            "a structural property"
                        }
                    };
                    details.push(format!(
                        "{} on the pages, {} in the metadata",
                        says(p.navigation),
                        says(m.navigation)
                    ));
                } else if p.navigation && p.contains_target != m.contains_target {
                    let says = |c: bool| if c { "contained" } else { "not contained" };
                    details.push(format!(
                        "{} on the pages, {} in the metadata",
                        says(p.contains_target),
                        says(m.contains_target)
                    ));
                }
                if !details.is_empty() {
                    out.push(
                        FindingKind::Mismatch,
                        item(m),
                        format!("{owner}/{pn}"),
                        (Some(&p.at), Some(&m.at)),
                        details.join("; "),
                    );
                }
            }
            Paired::Pages(name, p) => {
                let key = (owner.to_owned(), name.clone());
                if let Some(on) = pages_moved.get(&key) {
                    summary.properties.documented += 1;
                    out.push(FindingKind::Mismatch, item(p), format!("{owner}/{name}"), (Some(&p.at), None), format!("declared on `{owner}` on the pages, on its base type `{on}` in the metadata"));
                } else if !explained.contains(&key) {
                    out.push(
                        FindingKind::Phantom,
                        item(p),
                        format!("{owner}/{name}"),
                        (Some(&p.at), None),
                        "a page documents it; the metadata's type has no such member".to_owned(),
                    );
                }
            }
            Paired::Metadata(name, m) => {
                let key = (owner.to_owned(), name.clone());
                if let Some(on) = meta_moved.get(&key) {
                    summary.properties.documented += 1;
                    out.push(FindingKind::Mismatch, item(m), format!("{owner}/{name}"), (None, Some(&m.at)), format!("declared on its base type `{on}` on the pages, on `{owner}` in the metadata"));
                } else if explained.contains(&key) {
                    summary.properties.documented += 1;
                } else {
                    let detail = format!(
                        "the metadata declares it (`{}`); no page documents it{}",
                        shown(&m.ty, m.collection),
                        described(m.description.as_ref())
                    );
                    out.push(
                        FindingKind::Undocumented,
                        item(m),
                        format!("{owner}/{name}"),
                        (None, Some(&m.at)),
                        detail,
                    );
                }
            }
        }
    }
}

fn enums(pages: &Shape, meta: &Shape, out: &mut Findings, summary: &mut DriftSummary) {
    summary.types.total += meta.enums.len();
    for paired in pair(&pages.enums, &meta.enums, lower) {
        match paired {
            Paired::Both((pn, p), (mn, m)) => {
                summary.types.documented += 1;
                let mut details = Vec::new();
                details.extend(spelling(pn, mn));
                if p.flags != m.flags {
                    let says = |f: bool| if f { "flags" } else { "not flags" };
                    details.push(format!(
                        "{} on the pages, {} in the metadata",
                        says(p.flags),
                        says(m.flags)
                    ));
                }
                if !details.is_empty() {
                    out.push(
                        FindingKind::Mismatch,
                        Item::Type,
                        pn.clone(),
                        (Some(&p.at), Some(&m.at)),
                        details.join("; "),
                    );
                }
                for member in pair(&p.members, &m.members, lower) {
                    let name = |n: &String| format!("{pn}/{n}");
                    match member {
                        Paired::Both((a, pa), (b, mb)) => {
                            if let Some(detail) = spelling(a, b) {
                                out.push(
                                    FindingKind::Mismatch,
                                    Item::EnumMember,
                                    name(a),
                                    (Some(pa), Some(mb)),
                                    detail,
                                );
                            }
                        }
                        Paired::Pages(a, at) => out.push(
                            FindingKind::Phantom,
                            Item::EnumMember,
                            name(a),
                            (Some(at), None),
                            "a page lists it; the metadata's enum has no such member".to_owned(),
                        ),
                        Paired::Metadata(b, at) => out.push(
                            FindingKind::Undocumented,
                            Item::EnumMember,
                            name(b),
                            (None, Some(at)),
                            "the metadata's enum has it; no page lists it".to_owned(),
                        ),
                    }
                }
            }
            Paired::Pages(name, p) => out.push(
                FindingKind::Phantom,
                Item::Type,
                name.clone(),
                (Some(&p.at), None),
                "a page documents this enum; the metadata has no such type".to_owned(),
            ),
            Paired::Metadata(name, m) => {
                let detail = format!(
                    "the metadata declares this enum ({} members); no page documents it{}",
                    m.members.len(),
                    described(m.description.as_ref())
                );
                out.push(
                    FindingKind::Undocumented,
                    Item::Type,
                    name.clone(),
                    (None, Some(&m.at)),
                    detail,
                );
            }
        }
    }
}

fn operation_name(key: &OperationKey) -> String {
    match &key.1 {
        Some((ty, true)) => format!("Collection({ty})/{}", key.0),
        Some((ty, false)) => format!("{ty}/{}", key.0),
        None => key.0.clone(),
    }
}

fn binding_shown(binding: &Option<(String, bool)>) -> String {
    match binding {
        Some((ty, true)) => format!("bound to `Collection({ty})`"),
        Some((ty, false)) => format!("bound to `{ty}`"),
        None => "unbound".to_owned(),
    }
}

fn operation_details(p: &Operation, m: &Operation) -> Vec<String> {
    let mut details = Vec::new();
    if p.function != m.function {
        let says = |f: bool| if f { "a function" } else { "an action" };
        details.push(format!(
            "{} on the pages, {} in the metadata",
            says(p.function),
            says(m.function)
        ));
    }
    let by_name = |ps: &[(String, TypeName, bool)]| -> BTreeMap<String, (TypeName, bool)> {
        ps.iter()
            .map(|(n, t, c)| (n.clone(), (t.clone(), *c)))
            .collect()
    };
    let (pp, mp) = (by_name(&p.parameters), by_name(&m.parameters));
    for paired in pair(&pp, &mp, lower) {
        match paired {
            Paired::Both((a, (at, ac)), (b, (bt, bc))) => {
                details.extend(spelling(a, b).map(|s| format!("parameter {s}")));
                if !same_type(at, bt) || ac != bc {
                    details.push(format!(
                        "parameter `{a}` is `{}` on the pages, `{}` in the metadata",
                        shown(at, *ac),
                        shown(bt, *bc)
                    ));
                }
            }
            Paired::Pages(a, _) => details.push(format!("parameter `{a}` is on the pages only")),
            Paired::Metadata(b, _) => {
                details.push(format!("parameter `{b}` is in the metadata only"))
            }
        }
    }
    let returns = |r: &Option<(TypeName, bool)>| {
        r.as_ref()
            .map_or("nothing".to_owned(), |(t, c)| format!("`{}`", shown(t, *c)))
    };
    let same_return = match (&p.returns, &m.returns) {
        (Some((a, ac)), Some((b, bc))) => same_type(a, b) && ac == bc,
        (None, None) => true,
        _ => false,
    };
    if !same_return {
        details.push(format!(
            "returns {} on the pages, {} in the metadata",
            returns(&p.returns),
            returns(&m.returns)
        ));
    }
    details
}

fn operations(pages: &Shape, meta: &Shape, out: &mut Findings, summary: &mut DriftSummary) {
    summary.operations.total += meta.operations.len();
    let fold = |k: &OperationKey| {
        (
            k.0.to_ascii_lowercase(),
            k.1.as_ref().map(|(t, c)| (t.to_ascii_lowercase(), *c)),
        )
    };
    let mut pages_only = Vec::new();
    let mut meta_only: BTreeMap<String, Vec<(&OperationKey, &Operation)>> = BTreeMap::new();
    for paired in pair(&pages.operations, &meta.operations, fold) {
        match paired {
            Paired::Both((pk, p), (mk, m)) => {
                summary.operations.documented += 1;
                let mut details = Vec::new();
                details.extend(spelling(&operation_name(pk), &operation_name(mk)));
                details.extend(operation_details(p, m));
                if !details.is_empty() {
                    out.push(
                        FindingKind::Mismatch,
                        Item::Operation,
                        operation_name(pk),
                        (Some(&p.at), Some(&m.at)),
                        details.join("; "),
                    );
                }
            }
            Paired::Pages(k, p) => pages_only.push((k, p)),
            Paired::Metadata(k, m) => meta_only
                .entry(k.0.to_ascii_lowercase())
                .or_default()
                .push((k, m)),
        }
    }
    // The same operation bound elsewhere is one mismatch of binding.
    for (k, p) in pages_only {
        match meta_only
            .get_mut(&k.0.to_ascii_lowercase())
            .and_then(|found| found.pop())
        {
            Some((mk, m)) => {
                summary.operations.documented += 1;
                let mut details = vec![format!(
                    "{} on the pages, {} in the metadata",
                    binding_shown(&k.1),
                    binding_shown(&mk.1)
                )];
                details.extend(operation_details(p, m));
                out.push(
                    FindingKind::Mismatch,
                    Item::Operation,
                    operation_name(k),
                    (Some(&p.at), Some(&m.at)),
                    details.join("; "),
                );
            }
            None => out.push(
                FindingKind::Phantom,
                Item::Operation,
                operation_name(k),
                (Some(&p.at), None),
                format!(
                    "a page documents it, {}; the metadata has no operation of that name",
                    binding_shown(&k.1)
                ),
            ),
        }
    }
    for (k, m) in meta_only.into_values().flatten() {
        let kind = if m.function { "function" } else { "action" };
        let detail = format!(
            "the metadata declares this {kind}, {}; no page documents it{}",
            binding_shown(&k.1),
            described(m.description.as_ref())
        );
        out.push(
            FindingKind::Undocumented,
            Item::Operation,
            operation_name(k),
            (None, Some(&m.at)),
            detail,
        );
    }
}

fn container(pages: &Shape, meta: &Shape, out: &mut Findings, summary: &mut DriftSummary) {
    summary.container.total += meta.entity_sets.len() + meta.singletons.len();
    for (item, p_map, m_map, other) in [
        (
            Item::EntitySet,
            &pages.entity_sets,
            &meta.entity_sets,
            &meta.singletons,
        ),
        (
            Item::Singleton,
            &pages.singletons,
            &meta.singletons,
            &meta.entity_sets,
        ),
    ] {
        let (what, other_what) = if item == Item::EntitySet {
            ("entity set", "singleton")
        } else {
            ("singleton", "entity set")
        };
        let article = |w: &str| {
            if w.starts_with('e') {
                format!("an {w}")
            } else {
                format!("a {w}")
            }
        };
        for paired in pair(p_map, m_map, lower) {
            match paired {
                Paired::Both((pn, p), (mn, m)) => {
                    summary.container.documented += 1;
                    let mut details = Vec::new();
                    details.extend(spelling(pn, mn));
                    if p.ty != m.ty {
                        details.push(format!("of `{}` on the pages, of `{}` in the metadata", p.ty, m.ty));
                    }
                    if !details.is_empty() {
                        out.push(FindingKind::Mismatch, item, pn.clone(), (Some(&p.at), Some(&m.at)), details.join("; "));
                    }
                }
                Paired::Pages(name, p) => match other.get(name) {
                    Some(m) => {
                        summary.container.documented += 1;
                        out.push(FindingKind::Mismatch, item, name.clone(), (Some(&p.at), Some(&m.at)), format!("{} on the pages, {} in the metadata", article(what), article(other_what)));
                    }
                    None => out.push(FindingKind::Phantom, item, name.clone(), (Some(&p.at), None), format!("the request lines start at it; the metadata's container has no {what} `{name}`")),
                },
                Paired::Metadata(name, m) => {
                    let on_pages = if item == Item::EntitySet { &pages.singletons } else { &pages.entity_sets };
                    // Counted and reported from the pages' side.
                    if !on_pages.contains_key(name) {
                        out.push(FindingKind::Undocumented, item, name.clone(), (None, Some(&m.at)), format!("the metadata's container has this {what} of `{}`; no request line starts at it", m.ty));
                    }
                }
            }
        }
    }
}
