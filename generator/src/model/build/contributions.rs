//! Pass 7, what other pages add to a type: tables of a duplicate resource page, `X properties`
//! tables on API pages, and Request body tables of pages that send "a JSON representation of
//! the [x] object".

use super::declare::{Declaration, Origin};
use super::{Builder, title_type};
use std::collections::BTreeMap;

use crate::diag::Code;
use crate::model::TypeRef;
use crate::parse::{self, Page, PageKind, ParameterKind, PropertyRow};

impl<'a> Builder<'_, 'a> {
    pub(super) fn contributions(&mut self, declarations: &BTreeMap<String, Vec<Declaration>>) {
        // Tables of a type's other declarations (a duplicate resource page).
        for (qualified, decls) in declarations {
            for d in decls.iter().skip(1) {
                if matches!(d.origin, Origin::Enum(_)) {
                    continue;
                }
                for table in self.tables_of(d.page, qualified) {
                    let t: &'a parse::PropertyTable =
                        &self.docs.pages[d.page].property_tables[table];
                    for row in &t.rows {
                        self.add_property(qualified, d.page, row, t.navigation, false);
                    }
                }
            }
        }
        for i in 0..self.docs.pages.len() {
            let page: &'a Page = self.docs.pages[i];
            // "## Command properties" on an API page, and Properties tables of pages that
            // declare no type.
            // Pages that declare a structured type own their unnamed tables (pass 2).
            let declares = !page.resources.is_empty()
                || (page.kind == PageKind::Resource && title_type(page).is_some());
            for table in &page.property_tables {
                let owner = match &table.owner {
                    Some(o) if !declares => self.docs.index.lookup(o, page.namespace.as_deref()),
                    None if !declares => {
                        page.response.as_ref().and_then(|r| r.ty.clone()).and_then(
                            |spec| match self.docs.resolve(&spec, i, table.line, &mut self.sink).ty
                            {
                                TypeRef::Named(n) => Some(n),
                                _ => None,
                            },
                        )
                    }
                    _ => continue,
                };
                let Some(owner) = owner.filter(|o| self.types.contains_key(o)) else {
                    let message = "a properties table on a page that declares no type, naming no type that exists";
                    self.sink
                        .push(self.docs.at(i, table.line), Code::TableColumns, message);
                    continue;
                };
                for row in &table.rows {
                    self.add_property(&owner, i, row, table.navigation, false);
                }
            }
            // "supply a JSON representation of the [device](..) object" + a Request body table.
            let Some((spec, line)) = &page.request_body_type else {
                continue;
            };
            let TypeRef::Named(body_type) = self.docs.resolve(spec, i, *line, &mut self.sink).ty
            else {
                continue;
            };
            if !self.types.contains_key(&body_type) {
                continue;
            }
            // An operation's body holds its parameters, whatever type the page says it sends.
            if page.operation_body_table() {
                self.evidence.operation_body_tables += 1;
                continue;
            }
            for param in page
                .parameters
                .iter()
                .filter(|p| p.kind == ParameterKind::Body)
            {
                let Some(ty) = param.ty.clone() else { continue };
                let row = PropertyRow {
                    name: param.name.clone(),
                    ty,
                    description: param.description.clone(),
                    nullable: None,
                    read_only: false,
                    line: param.line,
                    ty_col: param.ty_col,
                };
                self.add_property(&body_type, i, &row, false, false);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::pages::{api, model, resource, said};
    use crate::diag::Code;

    #[test]
    fn a_request_body_table_of_the_types_representation_adds_what_the_type_lacks() {
        let widget = resource("widget", "", &["size | Int32 | The size."], "{\"size\": 1}");
        let (path, text) = api("widget-update", &["PATCH /widgets/{id}"], "", "");
        let text = text.replace(
            "## Response",
            "## Request body\n\nIn the request body, supply a JSON representation of the [widget](../resources/widget.md) object.\n\n| Property | Type | Description |\n|:--|:--|:--|\n| size | Int32 | The size. |\n| shape | String | Its shape. |\n\n## Response",
        );
        let (model, diagnostics) = model(&[widget, (path.clone(), text)]);
        let widget = model.get("microsoft.graph.widget").expect("declared");
        assert!(widget.properties.contains_key("shape"));
        assert!(widget.properties["size"].sources.contains(&path));
        assert!(said(
            &diagnostics,
            Code::PropertyNotInResource,
            &path,
            "`shape`"
        ));
    }
}
