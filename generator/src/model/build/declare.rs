//! Pass 1, declarations: the types each page declares (resource blocks, enum tables, titles),
//! and which declaration of a type is authoritative.

use super::{PageSet, declared_name, file_stem, title_type};
use std::collections::BTreeMap;

use crate::diag::{Code, Location, Sink};
use crate::parse::{Page, PageKind};

/// Where a type is declared.
#[derive(Debug, Clone, Copy)]
pub(super) enum Origin {
    /// `blockType: resource` block `n` of the page.
    Resource(usize),
    /// Only the title says so: `# x resource type`.
    Title,
    /// Enum table `n` of the page.
    Enum(usize),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Declaration {
    pub(super) page: usize,
    pub(super) origin: Origin,
    pub(super) line: u32,
}

impl<'a> PageSet<'a> {
    /// Records that a page declares a type: for link resolution, and as a candidate for the
    /// type's authoritative declaration.
    pub(super) fn declare_type(
        &mut self,
        declarations: &mut BTreeMap<String, Vec<Declaration>>,
        qualified: String,
        d: Declaration,
    ) {
        self.index.declare(&self.pages[d.page].path, &qualified);
        declarations.entry(qualified).or_default().push(d);
    }

    pub(super) fn declare(&mut self, sink: &mut Sink) -> BTreeMap<String, Vec<Declaration>> {
        let mut declarations: BTreeMap<String, Vec<Declaration>> = BTreeMap::new();
        for i in 0..self.pages.len() {
            let page: &'a Page = self.pages[i];
            self.index
                .pages
                .insert(page.path.to_ascii_lowercase(), page.path.clone());
            let ns = page.namespace.as_deref();
            let mut declared_any = false;
            for (n, block) in page.resources.iter().enumerate() {
                let name = declared_name(page, &block.annotation);
                let Some(name) = name else {
                    sink.push(
                        Location::at(page.path.clone(), block.line),
                        Code::ResourceJson,
                        "the resource block names no @odata.type and the title names no type",
                    );
                    continue;
                };
                let qualified = self.index.qualify(&name, ns);
                if !crate::ident::is_qualified_name(&qualified) {
                    sink.push(
                        self.at(i, block.line),
                        Code::NameInvalid,
                        format!("`{name}` is not a type name; the resource block is left out"),
                    );
                    continue;
                }
                self.declare_type(
                    &mut declarations,
                    qualified,
                    Declaration {
                        page: i,
                        origin: Origin::Resource(n),
                        line: block.line,
                    },
                );
                declared_any = true;
            }
            for (n, table) in page.enums.iter().enumerate() {
                let qualified = self.index.qualify(&table.name, ns);
                if !crate::ident::is_qualified_name(&qualified) {
                    let message = format!(
                        "`{}` is not a type name; the enum table is left out",
                        table.name
                    );
                    sink.push(self.at(i, table.line), Code::NameInvalid, message);
                    continue;
                }
                self.index.anchors.insert(
                    (page.path.to_ascii_lowercase(), table.slug.clone()),
                    qualified.clone(),
                );
                self.declare_type(
                    &mut declarations,
                    qualified,
                    Declaration {
                        page: i,
                        origin: Origin::Enum(n),
                        line: table.line,
                    },
                );
                declared_any = true;
            }
            if !declared_any && page.kind == PageKind::Resource {
                if let Some(name) = title_type(page) {
                    let qualified = self.index.qualify(&name, ns);
                    // Declared after the page's enums, so a page whose title names a type is
                    // still primarily that type.
                    self.declare_type(
                        &mut declarations,
                        qualified,
                        Declaration {
                            page: i,
                            origin: Origin::Title,
                            line: 1,
                        },
                    );
                }
            }
        }
        // The authoritative declaration first: a resource block on the page named after the
        // type, then any resource block, then enum tables, then titles; ties by page order.
        for (qualified, decls) in declarations.iter_mut() {
            let short = crate::model::short_name(qualified).to_ascii_lowercase();
            let rank = |d: &Declaration| {
                let named_after = file_stem(&self.pages[d.page].path) == short;
                let origin = match d.origin {
                    Origin::Resource(_) => 0,
                    Origin::Enum(_) => 1,
                    Origin::Title => 2,
                };
                (origin, !named_after, d.page)
            };
            decls.sort_by_key(rank);
            let (first, rest) = decls
                .split_first()
                .map_or((None, &[][..]), |(f, r)| (Some(f), r));
            let Some(first) = first else { continue };
            for d in rest {
                let message = format!(
                    "`{qualified}` is also declared by `{}`, which is authoritative",
                    self.pages[first.page].path
                );
                sink.push(self.at(d.page, d.line), Code::TypeDuplicate, message);
            }
        }
        declarations
    }
}

#[cfg(test)]
mod tests {
    use super::super::pages::{model, resource, said};
    use crate::diag::Code;

    #[test]
    fn the_page_named_after_a_type_is_authoritative_and_the_other_a_duplicate() {
        let (path, text) = resource("widget", "", &["size | Int32 | The size."], "{\"size\": 1}");
        let other = (
            "resources/gadget.md".to_owned(),
            text.replace("# widget resource type", "# gadget resource type")
                .replace("The size.", "Another size."),
        );
        let (model, diagnostics) = model(&[other, (path, text)]);
        let widget = model.get("microsoft.graph.widget").expect("declared");
        assert_eq!(widget.sources[0], "resources/widget.md");
        assert_eq!(widget.properties["size"].description, "The size.");
        assert!(said(
            &diagnostics,
            Code::TypeDuplicate,
            "resources/gadget.md",
            "authoritative"
        ));
    }

    #[test]
    fn a_block_naming_no_type_is_reported_and_left_out() {
        let (path, text) = resource("widget", "", &[], "{}");
        let text = text
            .replace("\"@odata.type\": \"microsoft.graph.widget\"", "\"x\": 1")
            .replace("# widget resource type", "# Widgets");
        let (model, diagnostics) = model(&[(path.clone(), text)]);
        assert_eq!(model.types().count(), 0);
        assert!(said(
            &diagnostics,
            Code::ResourceJson,
            &path,
            "names no @odata.type"
        ));
    }
}
