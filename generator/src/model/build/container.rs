//! Pass 10, after the types and routes meet: entity sets and singletons from the request
//! lines, and the navigation properties those lines imply.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Code, Location, Sink};
use crate::model::walk::{Matching, Step, Walk};
use crate::model::{Model, Property, Response, TypeKind, TypeRef};
use crate::vocab::{Method, path};

/// Entity sets and singletons: a first segment followed by a key is a set, whose type the GET
/// on its members (or on the set, or a POST to it) returns; one that a GET alone returns is a
/// singleton, as are the roots typed by their properties.
pub(super) fn container(
    model: &Model,
    roots: &BTreeMap<String, String>,
) -> crate::model::Container {
    let mut set_types: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    let mut singleton_types: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    for (path, method, route) in model.all_routes() {
        let segments = path::segments(path);
        let Some(first) = root_segment(&segments) else {
            continue;
        };
        let response = route.response.as_ref().and_then(|r| match &r.ty {
            Some(TypeRef::Named(t)) => Some((t.clone(), r.collection)),
            _ => None,
        });
        let body = route.request_body.as_ref().and_then(|b| match &b.ty {
            Some(TypeRef::Named(t)) => Some(t.clone()),
            _ => None,
        });
        match (segments.len(), segments.get(1).copied()) {
            (2, Some(s)) if path::is_key_segment(s) => match (method, response, body) {
                (Method::Get, Some((t, false)), _) => vote(&mut set_types, first, t, 2),
                (Method::Patch, _, Some(t)) => vote(&mut set_types, first, t, 1),
                _ => {}
            },
            (1, _) => match (method, response, body) {
                (Method::Get, Some((t, true)), _) => vote(&mut set_types, first, t, 1),
                (Method::Get, Some((t, false)), _) => vote(&mut singleton_types, first, t, 1),
                (Method::Post, _, Some(t)) => vote(&mut set_types, first, t, 1),
                _ => {}
            },
            _ => {}
        }
        if segments.get(1).is_some_and(|s| path::is_key_segment(s)) {
            set_types.entry(first).or_default();
        }
    }
    let is_entity = |t: &str| model.get(t).is_some_and(|t| t.kind == TypeKind::Entity);
    let best = |counts: &BTreeMap<String, usize>| {
        counts
            .iter()
            .filter(|(t, _)| is_entity(t))
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(t, _)| t.clone())
    };
    let mut container = crate::model::Container::default();
    for (name, counts) in &set_types {
        if let Some(t) = best(counts) {
            container.entity_sets.insert((*name).to_owned(), t);
        }
    }
    for (name, counts) in &singleton_types {
        if !set_types.contains_key(name) {
            if let Some(t) = best(counts) {
                container.singletons.insert((*name).to_owned(), t);
            }
        }
    }
    for (name, t) in roots {
        if !set_types.contains_key(name.as_str()) && is_entity(t) {
            container
                .singletons
                .entry(name.clone())
                .or_insert_with(|| t.clone());
        }
    }
    container
}

pub(super) fn vote<'a>(
    map: &mut BTreeMap<&'a str, BTreeMap<String, usize>>,
    first: &'a str,
    t: String,
    weight: usize,
) {
    *map.entry(first).or_default().entry(t).or_default() += weight;
}

/// Each (type, segment) a request line takes past what the type declares.
type Segment = (String, String);

/// What the request lines say of the segments no type declares.
#[derive(Default)]
struct SegmentUses {
    /// Segments a key follows in some request line (of any method): collections.
    keyed: BTreeSet<Segment>,
    /// Segments other segments follow (`/me/settings/shiftPreferences`,
    /// `/workbook/application/calculate`): no function, whose result nothing follows.
    followed: BTreeSet<Segment>,
    /// Segments past a root's own properties: functions live there too (`/drive/recent`,
    /// `/workbook/tables/{id}/range`), so only a key after one (a collection) makes it a
    /// navigation property, or segments after one whose type could be no entity otherwise.
    deep: BTreeSet<Segment>,
}

/// The entity type each GET of a segment returns, with how often and whether as a collection,
/// and where the first such route is documented.
type Found = BTreeMap<Segment, (BTreeMap<(String, bool), usize>, String, u32)>;

fn segment_uses(walked: &[Walked<'_>]) -> SegmentUses {
    let mut uses = SegmentUses::default();
    for w in walked {
        let (Some(segment), Some(next)) = (w.segments.get(w.at), w.segments.get(w.at + 1)) else {
            continue;
        };
        let key = (w.owner.clone(), (*segment).to_owned());
        if path::is_key_segment(next) {
            uses.keyed.insert(key.clone());
        }
        uses.followed.insert(key);
    }
    uses
}

/// A route's path with its segments and where its walk stops ([`first_undeclared`]): each
/// path is walked once, whatever its methods.
struct Walked<'m> {
    routes: &'m BTreeMap<Method, crate::model::Route>,
    segments: Vec<&'m str>,
    /// The type reached, the index of the first undeclared segment, and whether the walk went
    /// past the root's own properties.
    owner: String,
    at: usize,
    deep: bool,
}

fn walk_paths(model: &Model) -> Vec<Walked<'_>> {
    (model.routes.iter())
        .filter_map(|(path, routes)| {
            let segments = path::segments(path);
            let (owner, at, deep) = first_undeclared(model, &segments)?;
            Some(Walked {
                routes,
                segments,
                owner,
                at,
                deep,
            })
        })
        .collect()
}

/// Navigation properties the request lines imply: `GET /me/joinedTeams` returning teams says
/// the singleton's type (user) has `joinedTeams`, and `/users/{id}/mailFolders/{id}` says
/// user has a collection `mailFolders`. Only a segment right after a root (or after an entity
/// set's key) is read, only when a GET on it returns an entity type (or a complex type that can
/// only be one: with an `id` where the segment is named for it, keyed or followed by other
/// segments, which becomes an entity), and only when the root's type and its bases have no
/// property of that name. Each is reported where the route is documented; returns how many
/// were added.
pub(super) fn implied_navigations(model: &mut Model, root: Option<&str>, sink: &mut Sink) -> usize {
    let walked = walk_paths(model);
    let mut uses = segment_uses(&walked);
    let mut found: Found = BTreeMap::new();
    for w in &walked {
        let Some(route) = w.routes.get(&Method::Get) else {
            continue;
        };
        // The page of a function or action (`# getManagedAppPolicies function`) names an
        // operation, not a property.
        let operation_page = route.summary.as_deref().is_some_and(|title| {
            let title = title.trim().to_ascii_lowercase();
            title.ends_with(" function") || title.ends_with(" action")
        });
        if operation_page {
            continue;
        }
        let (segments, at, deep) = (&w.segments, w.at, w.deep);
        let Some(segment) = segments.get(at) else {
            continue;
        };
        let key = (w.owner.clone(), (*segment).to_owned());
        if deep {
            uses.deep.insert(key.clone());
        }
        if !crate::ident::is_identifier(segment) {
            continue;
        }
        let keyed = segments
            .get(at + 1)
            .is_some_and(|s| path::is_key_segment(s));
        let tail = segments.len() - at;
        let Some(Response {
            ty: Some(TypeRef::Named(target)),
            collection,
            ..
        }) = &route.response
        else {
            continue;
        };
        // `GET /me/joinedTeams` (the property), `GET /users/{id}/mailFolders/{id}` (a member).
        let collection = match (tail, keyed) {
            (1, _) => *collection,
            (2, true) if !collection => true,
            _ => continue,
        };
        let entity_like = |t: &crate::model::TypeDef| match t.kind {
            TypeKind::Entity => true,
            TypeKind::Complex => {
                // An `id` says entity where the segment is named for the type (`presence`,
                // `secureScores`), not where a function returns it (`getArchivedJobs`).
                let named = crate::parse::route::singular(segment)
                    .eq_ignore_ascii_case(crate::model::short_name(target));
                t.base_type.is_none()
                    && ((named && t.properties.contains_key("id"))
                        || uses.keyed.contains(&key)
                        || uses.followed.contains(&key))
            }
            TypeKind::Enum => false,
        };
        if model.get(target).is_none_or(|t| !entity_like(t)) {
            continue;
        }
        let declared = model
            .ancestors(&key.0)
            .any(|(_, t)| t.properties.keys().any(|p| p.eq_ignore_ascii_case(segment)));
        if declared {
            continue;
        }
        let entry = found
            .entry(key)
            .or_insert_with(|| (BTreeMap::new(), route.page.clone(), route.line));
        *entry.0.entry((target.clone(), collection)).or_default() += 1;
    }
    add_navigations(model, root, &uses, found, sink)
}

/// Adds each found navigation property, with the type most routes return; a complex target
/// becomes an entity (keyed by its `id`, or below the entity `root`).
fn add_navigations(
    model: &mut Model,
    root: Option<&str>,
    uses: &SegmentUses,
    found: Found,
    sink: &mut Sink,
) -> usize {
    let mut added = 0;
    for (key, (votes, page, line)) in found {
        let Some(((target, collection), _)) = votes
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        else {
            continue;
        };
        let keyed = uses.keyed.contains(&key);
        // Past the root's own properties, composable functions return entities too
        // (`/names/{id}/range/format`): only a type that could be no entity otherwise
        // (`workbook/application/calculate`) makes a followed segment a property there.
        let complex = model
            .get(&target)
            .is_some_and(|t| t.kind == TypeKind::Complex);
        if !keyed && uses.deep.contains(&key) && !(complex && uses.followed.contains(&key)) {
            continue;
        }
        if let Some(t) = model
            .get_mut(&target)
            .filter(|t| t.kind == TypeKind::Complex)
        {
            if t.properties.contains_key("id") {
                t.key = Some("id".to_owned());
            } else if let Some(root) = root.filter(|r| *r != target) {
                t.base_type = Some(root.to_owned());
            } else {
                continue;
            }
            t.kind = TypeKind::Entity;
        }
        let collection = collection || keyed;
        let (owner, segment) = key;
        let Some(ty) = model.get_mut(&owner) else {
            continue;
        };
        sink.push(
            Location::at(page.clone(), line),
            Code::PropertyImpliedByRoute,
            format!(
                "`{segment}` follows `{owner}` in a request line but is not among its properties; added as a navigation to {}`{target}`",
                if collection { "a collection of " } else { "" }
            ),
        );
        ty.properties.insert(
            segment,
            Property::navigation(target, collection, Some(page), line),
        );
        added += 1;
    }
    added
}

/// The type a path reaches before its first segment that no type declares, that segment's
/// index, and whether the walk went past the root's own properties:
/// `/teams/{id}/schedule/timeOffRequests` reaches schedule, at 3, deep. The walk starts at an
/// entity set's member or a singleton and follows declared navigation and structural
/// properties (a collection only through a key).
fn first_undeclared(model: &Model, segments: &[&str]) -> Option<(String, usize, bool)> {
    let first = root_segment(segments)?;
    let container = &model.container;
    let (current, mut at) = if let Some(t) = container.singletons.get(first) {
        (t.clone(), 1)
    } else if let (Some(t), true) = (
        container.entity_sets.get(first),
        segments.get(1).is_some_and(|s| path::is_key_segment(s)),
    ) {
        (t.clone(), 2)
    } else {
        return None;
    };
    let start = at;
    let mut walk = Walk::at(model, current, false);
    // Each step moves on by at least one segment.
    loop {
        let segment = segments.get(at)?;
        if !crate::ident::is_identifier(segment) {
            return None;
        }
        let property = match walk.step(segment, Matching::Exact) {
            Step::Property { property, .. } => property,
            Step::Unknown => return Some((walk.ty, at, at > start)),
            Step::Key | Step::Cast => return None,
        };
        if !matches!(property.ty, TypeRef::Named(_)) {
            return None;
        }
        if property.collection {
            if !segments
                .get(at + 1)
                .is_some_and(|s| path::is_key_segment(s))
            {
                return None;
            }
            at += 2;
        } else {
            at += 1;
        }
    }
}

/// The first segment of a path when it can name an entity set or singleton (`users`).
pub(super) fn root_segment<'p>(segments: &[&'p str]) -> Option<&'p str> {
    segments
        .first()
        .copied()
        .filter(|s| crate::ident::is_identifier(s))
}

#[cfg(test)]
mod tests {
    use super::super::pages::{api, entity_root, model, resource, returns, said};
    use crate::diag::Code;

    #[test]
    fn entity_sets_singletons_and_the_navigations_request_lines_imply() {
        let entity = entity_root();
        let user = resource(
            "user",
            "\"baseType\": \"microsoft.graph.entity\"",
            &[],
            "{}",
        );
        let team = resource(
            "team",
            "\"baseType\": \"microsoft.graph.entity\"",
            &[],
            "{}",
        );
        let list = api("user-list", &["GET /users"], &returns("user", true), "");
        let me = api("user-get", &["GET /me"], &returns("user", false), "");
        let teams = api(
            "user-list-joinedteams",
            &["GET /me/joinedTeams"],
            &returns("team", true),
            "",
        );
        let (model, diagnostics) = model(&[entity, user, team, list, me, teams.clone()]);
        assert_eq!(model.container.entity_sets["users"], "microsoft.graph.user");
        assert_eq!(model.container.singletons["me"], "microsoft.graph.user");
        let joined = &model.get("microsoft.graph.user").unwrap().properties["joinedTeams"];
        assert!(joined.navigation && joined.collection);
        assert!(said(
            &diagnostics,
            Code::PropertyImpliedByRoute,
            &teams.0,
            "`joinedTeams`"
        ));
    }

    #[test]
    fn past_a_roots_own_properties_only_a_keyed_segment_is_a_navigation() {
        let entity = entity_root();
        let root = |name: &str, rows: &[&str]| {
            resource(name, "\"baseType\": \"microsoft.graph.entity\"", rows, "{}")
        };
        let pages = [
            entity,
            root(
                "team",
                &["schedule | [schedule](schedule.md) | The schedule."],
            ),
            root("schedule", &[]),
            root("timeOff", &[]),
            root("shift", &[]),
            api(
                "team-get",
                &["GET /teams/{id}"],
                &returns("team", false),
                "",
            ),
            // A collection: its members are addressed by key.
            api(
                "timeoff-list",
                &[
                    "GET /teams/{id}/schedule/timesOff",
                    "GET /teams/{id}/schedule/timesOff/{id}",
                ],
                &returns("timeOff", true),
                "",
            ),
            // No key ever follows: as likely a function as a property.
            api(
                "schedule-latest",
                &["GET /teams/{id}/schedule/latestShift"],
                &returns("shift", false),
                "",
            ),
        ];
        let (model, _) = model(&pages);
        let schedule = model.get("microsoft.graph.schedule").unwrap();
        let times_off = &schedule.properties["timesOff"];
        assert!(times_off.navigation && times_off.collection);
        assert!(!schedule.properties.contains_key("latestShift"));
    }

    #[test]
    fn a_segment_other_segments_follow_is_a_property_and_its_type_an_entity() {
        let entity = entity_root();
        let user = resource(
            "user",
            "\"baseType\": \"microsoft.graph.entity\"",
            &[],
            "{}",
        );
        // No key, no `id`: only the line that goes on past it says `settings` is no function.
        let settings = resource(
            "userSettings",
            "",
            &["discoverable | Boolean | Found."],
            "{}",
        );
        let pages = [
            entity,
            user,
            settings,
            api(
                "user-get",
                &["GET /users/{id}"],
                &returns("user", false),
                "",
            ),
            api(
                "usersettings-get",
                &["GET /users/{id}/settings"],
                &returns("userSettings", false),
                "",
            ),
            api(
                "usersettings-clear",
                &["POST /users/{id}/settings/clear"],
                "",
                "",
            ),
        ];
        let (read, _) = model(&pages);
        let user = read.get("microsoft.graph.user").unwrap();
        assert!(user.properties["settings"].navigation);
        let settings = read.get("microsoft.graph.userSettings").unwrap();
        assert_eq!(settings.kind, crate::model::TypeKind::Entity);
        // Without the line that goes on, a GET of a complex type may be a function's.
        let (alone, _) = model(&pages[..5]);
        assert!(
            !alone
                .get("microsoft.graph.user")
                .unwrap()
                .properties
                .contains_key("settings")
        );
    }
}
