//! Changes to types: added, removed, their base and kind, their properties and members.

use std::collections::BTreeMap;

use super::{Change, ChangeKind, change, show};
use crate::model::{Model, Property, TypeDef};

pub(super) fn types(base: &Model, head: &Model, out: &mut Vec<Change>) {
    let old: BTreeMap<String, &TypeDef> = base.types().collect();
    let new: BTreeMap<String, &TypeDef> = head.types().collect();
    let page = |t: &TypeDef| t.sources.first().cloned().unwrap_or_default();
    for (name, t) in &old {
        if !new.contains_key(name) {
            out.push(change(
                ChangeKind::TypeRemoved,
                name,
                true,
                "",
                &page(t),
                t.line,
            ));
        }
    }
    for (name, t) in &new {
        let Some(before) = old.get(name) else {
            out.push(change(
                ChangeKind::TypeAdded,
                name,
                false,
                "",
                &page(t),
                t.line,
            ));
            continue;
        };
        let at = page(t);
        if before.base_type != t.base_type {
            out.push(
                change(ChangeKind::BaseTypeChanged, name, true, "", &at, t.line).of_value(
                    "",
                    before.base_type.as_deref().unwrap_or("none").to_owned(),
                    t.base_type.as_deref().unwrap_or("none").to_owned(),
                ),
            );
        }
        if before.kind != t.kind {
            let kind = |k: crate::model::TypeKind| format!("{k:?}").to_lowercase();
            out.push(
                change(ChangeKind::TypeKindChanged, name, true, "", &at, t.line).of_value(
                    "",
                    kind(before.kind),
                    kind(t.kind),
                ),
            );
        }
        properties(name, before, t, out);
        // Each member at its row.
        let members = |t: &TypeDef| -> BTreeMap<String, u32> {
            t.members.iter().map(|m| (m.name.clone(), m.line)).collect()
        };
        let (was, is) = (members(before), members(t));
        for (m, &line) in was.iter().filter(|(m, _)| !is.contains_key(*m)) {
            let subject = format!("{name}.{m}");
            out.push(change(
                ChangeKind::EnumMemberRemoved,
                subject,
                true,
                "",
                &page(before),
                line.max(before.line),
            ));
        }
        for (m, &line) in is.iter().filter(|(m, _)| !was.contains_key(*m)) {
            let subject = format!("{name}.{m}");
            out.push(change(
                ChangeKind::EnumMemberAdded,
                subject,
                false,
                "",
                &at,
                line.max(t.line),
            ));
        }
    }
}

fn property_page(p: &Property, owner: &TypeDef) -> String {
    p.sources
        .iter()
        .next()
        .or(owner.sources.first())
        .cloned()
        .unwrap_or_default()
}

fn properties(name: &str, before: &TypeDef, after: &TypeDef, out: &mut Vec<Change>) {
    for (p_name, p) in &before.properties {
        if !after.properties.contains_key(p_name) {
            let subject = format!("{name}.{p_name}");
            out.push(change(
                ChangeKind::PropertyRemoved,
                subject,
                true,
                "",
                &property_page(p, before),
                p.line,
            ));
        }
    }
    for (p_name, p) in &after.properties {
        let subject = format!("{name}.{p_name}");
        let page = property_page(p, after);
        let Some(old) = before.properties.get(p_name) else {
            out.push(change(
                ChangeKind::PropertyAdded,
                subject,
                false,
                "",
                &page,
                p.line,
            ));
            continue;
        };
        let (was, is) = (
            show(Some(&old.ty), old.collection),
            show(Some(&p.ty), p.collection),
        );
        if was != is {
            out.push(
                change(
                    ChangeKind::PropertyTypeChanged,
                    &subject,
                    true,
                    "",
                    &page,
                    p.line,
                )
                .of_value("", was, is),
            );
        }
        let nullable = |p: &Property| p.nullable != Some(false);
        if nullable(old) != nullable(p) {
            // Values that were never null may now be: clients that relied on it break.
            let (detail, breaking) = if nullable(p) {
                ("now nullable", true)
            } else {
                ("no longer nullable", false)
            };
            out.push(change(
                ChangeKind::PropertyNullabilityChanged,
                &subject,
                breaking,
                detail,
                &page,
                p.line,
            ));
        }
    }
}
