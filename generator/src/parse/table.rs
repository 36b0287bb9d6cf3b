//! Table rows → properties, parameters, enum members and permissions. A row that cannot be read
//! is a diagnostic and counted as such; none is dropped silently.

use super::markdown::{Inline, TableRow};
use super::section::{Role, normalize};
use super::{
    EnumRow, EnumTable, ParameterKind, ParameterRow, Permissions, PropertyRow, PropertyTable,
    RowStats, typecell,
};
use crate::diag::{Code, Sink};

/// Column positions, found by the header names the dialect uses.
#[derive(Debug, Default)]
struct Columns {
    name: Option<usize>,
    ty: Option<usize>,
    description: Option<usize>,
    required: Option<usize>,
}

const NAME_COLUMNS: &[&str] = &[
    "property",
    "property name",
    "name",
    "parameter",
    "parameter name",
    "relationship",
    "relationship name",
    "header",
    "header name",
    "query parameter",
    "member",
    "members",
    "enum member",
    "function parameter",
    "field",
    "key",
    "navigation property",
];

fn columns(header: &[Inline], type_from_value: bool) -> Columns {
    let names: Vec<String> = header.iter().map(|c| normalize(&c.text)).collect();
    let find = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
    let mut cols = Columns {
        name: find(NAME_COLUMNS),
        ty: find(&["type", "data type", "value type", "return type"]),
        description: names
            .iter()
            .position(|n| n.contains("description") || n == "notes" || n == "remarks"),
        required: find(&["required", "required?", "optional"]),
    };
    if cols.ty.is_none() && type_from_value {
        cols.ty = find(&["value"]);
    }
    cols
}

pub(super) struct Ctx<'a> {
    pub path: &'a str,
    pub sink: &'a mut Sink,
    pub stats: &'a mut RowStats,
}

impl Ctx<'_> {
    fn report(&mut self, line: u32, code: Code, message: impl Into<String>) {
        self.sink.at_line(self.path, line, code, message);
    }

    /// A diagnostic at a cell: its row's line and the cell's column.
    pub(super) fn report_cell(
        &mut self,
        line: u32,
        cell: Option<&Inline>,
        code: Code,
        message: impl Into<String>,
    ) {
        let location = crate::diag::Location {
            path: self.path.to_owned(),
            line: line.max(1),
            col: cell.map_or(1, |c| c.col.max(1)),
        };
        self.sink.push(location, code, message);
    }

    /// One diagnostic for a whole table whose rows cannot be read; they are all counted as such.
    fn reject_table(&mut self, line: u32, rows: &[TableRow], why: &str) {
        self.report(line, Code::TableColumns, why);
        self.stats.diagnosed += rows.len();
    }
}

fn cell<'r>(row: &'r TableRow<'_>, index: Option<usize>) -> Option<&'r Inline<'r>> {
    index.and_then(|i| row.cells.get(i))
}

fn text<'r>(row: &'r TableRow<'_>, index: Option<usize>) -> &'r str {
    cell(row, index).map_or("", |c| c.text.as_ref())
}

/// `**Calendar**` with empty cells: a group separator.
fn is_separator(row: &TableRow) -> bool {
    let mut cells = row.cells.iter();
    cells
        .next()
        .is_some_and(|c| c.all_strong || c.text.is_empty())
        && cells.all(|c| c.text.trim().is_empty())
}

/// A name cell: `displayName`, `` `id` ``, `**name**`, `accountEnabled (deprecated)`.
fn name_of(row: &TableRow, index: Option<usize>) -> Option<String> {
    let raw = text(row, index)
        .trim_matches(|c: char| c == '*' || c == '`' || c == '_' || c.is_whitespace());
    let first = raw.split_whitespace().next()?;
    let name = first.trim_matches(|c: char| matches!(c, '*' | '`' | ',' | ':' | '\\'));
    (!name.is_empty()).then(|| name.to_owned())
}

/// The name of a row, or `None` for a row that is skipped (a group separator) or has no name
/// (reported); both are counted.
fn row_name(ctx: &mut Ctx, row: &TableRow, name: Option<String>, what: &str) -> Option<String> {
    if is_separator(row) {
        ctx.stats.separators += 1;
        return None;
    }
    if name.is_none() {
        ctx.report(
            row.line,
            Code::RowNameMissing,
            format!("the row has no {what} name"),
        );
        ctx.stats.diagnosed += 1;
    }
    name
}

pub(super) fn properties(
    ctx: &mut Ctx,
    header: &[Inline],
    rows: &[TableRow],
    line: u32,
    owner: Option<String>,
    navigation: bool,
) -> Option<PropertyTable> {
    let cols = columns(header, true);
    let (Some(name_col), Some(ty_col)) = (cols.name, cols.ty) else {
        let kind = if navigation {
            "Relationships"
        } else {
            "Properties"
        };
        ctx.reject_table(
            line,
            rows,
            &format!(
                "a {kind} table needs a name and a type column; found {}",
                header_names(header)
            ),
        );
        return None;
    };
    let mut table = PropertyTable {
        owner,
        navigation,
        line,
        rows: Vec::new(),
    };
    for row in rows {
        // `elevationOfPrivilege,spoofing).|` under a row: the end of its description.
        if let (Some(previous), Some(rest)) = (table.rows.last_mut(), broken_row(row, name_col)) {
            previous.description.push(' ');
            previous.description.push_str(rest);
            ctx.report_cell(
                row.line,
                row.cells.get(name_col),
                Code::RowBroken,
                "the row holds only the end of the row above it; joined to its description",
            );
            ctx.stats.diagnosed += 1;
            continue;
        }
        let Some(name) = row_name(ctx, row, name_of(row, Some(name_col)), "property") else {
            continue;
        };
        let description = text(row, cols.description).to_owned();
        let ty = read_type(ctx, row, ty_col, &description);
        let ty_col = cell(row, Some(ty_col)).map_or(1, |c| c.col);
        if navigation {
            ctx.stats.navigation_properties += 1;
        } else {
            ctx.stats.properties += 1;
        }
        let lower = description.to_ascii_lowercase();
        let nullable = if lower.contains("not nullable") || lower.contains("non-nullable") {
            Some(false)
        } else if lower.contains("nullable") {
            Some(true)
        } else {
            None
        };
        let read_only = lower.contains("read-only")
            || lower.contains("read only")
            || lower.contains("readonly");
        table.rows.push(PropertyRow {
            name,
            ty,
            description,
            nullable,
            read_only,
            line: row.line,
            ty_col,
        });
    }
    Some(table)
}

/// The text of a row that is the end of the row above: one cell of text that no name could
/// be (it has spaces or punctuation), every other cell empty.
fn broken_row<'r>(row: &'r TableRow, name_col: usize) -> Option<&'r str> {
    let text = row.cells.get(name_col)?.text.trim();
    let alone =
        (row.cells.iter().enumerate()).all(|(i, c)| i == name_col || c.text.trim().is_empty());
    let no_name = text
        .chars()
        .any(|c| !(c.is_alphanumeric() || matches!(c, '_' | '@' | '.' | '`' | '*')));
    (alone && no_name && !text.is_empty()).then_some(text)
}

/// A type cell, reporting one the dialect does not define. The row is still used, with its
/// raw type text.
fn read_type(ctx: &mut Ctx, row: &TableRow, ty_col: usize, description: &str) -> super::CellType {
    let empty = Inline::default();
    let cell = row.cells.get(ty_col).unwrap_or(&empty);
    let ty = typecell::parse(cell, description, ctx.path);
    if let Err(raw) = &ty {
        let shown = if raw.is_empty() {
            "an empty type cell".to_owned()
        } else {
            format!("`{raw}`")
        };
        ctx.report_cell(
            row.line,
            Some(cell),
            Code::TypeUnknown,
            format!("{shown} is not a type; kept as written"),
        );
    }
    ty
}

pub(super) fn parameters(
    ctx: &mut Ctx,
    kind: ParameterKind,
    header: &[Inline],
    rows: &[TableRow],
    line: u32,
) -> Vec<ParameterRow> {
    let cols = columns(header, kind == ParameterKind::Body);
    // Headers have no type; path segments are strings whatever the table says.
    let typed = !matches!(
        kind,
        ParameterKind::Header | ParameterKind::ResponseHeader | ParameterKind::Path
    );
    let name_col = cols.name.or_else(|| (header.len() >= 2).then_some(0));
    let (Some(name_col), true) = (
        name_col,
        !typed || cols.ty.is_some() || kind == ParameterKind::Query,
    ) else {
        ctx.reject_table(
            line,
            rows,
            &format!(
                "a parameter table needs a name and a type column; found {}",
                header_names(header)
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in rows {
        let Some(name) = row_name(ctx, row, name_of(row, Some(name_col)), "parameter") else {
            continue;
        };
        let description =
            text(row, cols.description.or(if typed { None } else { Some(1) })).to_owned();
        let ty = match cols.ty {
            Some(ty_col) if typed => Some(read_type(ctx, row, ty_col, &description)),
            _ => None,
        };
        let ty_col = cell(row, cols.ty).map_or(1, |c| c.col);
        let lower = description.to_ascii_lowercase();
        let required_cell = normalize(text(row, cols.required));
        let required = if required_cell == "yes"
            || required_cell == "true"
            || required_cell == "required"
            || lower.starts_with("required")
            || lower.contains(". required")
        {
            Some(true)
        } else if required_cell == "no"
            || required_cell == "false"
            || lower.starts_with("optional")
            || lower.contains(". optional")
        {
            Some(false)
        } else {
            None
        };
        ctx.stats.parameters += 1;
        out.push(ParameterRow {
            kind,
            name,
            ty,
            description,
            required,
            line: row.line,
            ty_col,
        });
    }
    out
}

pub(super) fn enumeration(
    ctx: &mut Ctx,
    header: &[Inline],
    rows: &[TableRow],
    line: u32,
    name: String,
    slug: String,
    flags: bool,
) -> Option<EnumTable> {
    let names: Vec<String> = header.iter().map(|c| normalize(&c.text)).collect();
    let find = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
    let member_col = find(&[
        "member",
        "members",
        "name",
        "enum member",
        "value",
        "values",
    ])
    .or((names.len() == 1).then_some(0));
    let Some(member_col) = member_col else {
        ctx.reject_table(
            line,
            rows,
            &format!(
                "an enum table needs a Member, Name or Value column; found {}",
                header_names(header)
            ),
        );
        return None;
    };
    let numeric_col = find(&["numeric value", "value", "int value"]).filter(|&c| c != member_col);
    let description_col = names.iter().position(|n| n.contains("description"));
    let mut table = EnumTable {
        name,
        slug,
        flags,
        line,
        members: Vec::new(),
    };
    for row in rows {
        let member = text(row, Some(member_col))
            .trim_matches(|c: char| matches!(c, '*' | '`' | '_') || c.is_whitespace());
        let member = Some(member.to_owned()).filter(|m| !m.is_empty());
        let Some(member) = row_name(ctx, row, member, "member") else {
            continue;
        };
        if !member
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
            || member.starts_with(|c: char| c.is_ascii_digit())
        {
            ctx.report_cell(
                row.line,
                row.cells.get(member_col),
                Code::EnumMemberInvalid,
                format!("`{member}` is not a valid enum member name"),
            );
            ctx.stats.diagnosed += 1;
            continue;
        }
        if table.members.iter().any(|m| m.name == member) {
            ctx.report_cell(
                row.line,
                row.cells.get(member_col),
                Code::EnumMemberInvalid,
                format!("member `{member}` is listed twice"),
            );
            ctx.stats.diagnosed += 1;
            continue;
        }
        let value = text(row, numeric_col)
            .trim()
            .trim_matches('`')
            .parse::<i64>()
            .ok();
        ctx.stats.enum_members += 1;
        table.members.push(EnumRow {
            name: member,
            value,
            description: text(row, description_col).to_owned(),
            line: row.line,
        });
    }
    Some(table)
}

pub(super) fn permissions(
    ctx: &mut Ctx,
    header: &[Inline],
    rows: &[TableRow],
    line: u32,
    into: &mut Permissions,
) {
    let names: Vec<String> = header.iter().map(|c| normalize(&c.text)).collect();
    // `| Supported resource | Delegated (work or school account) | ... | Application |`
    let by_column: Vec<(usize, Kind)> = names
        .iter()
        .enumerate()
        .filter_map(|(i, n)| kind_of(n).map(|k| (i, k)))
        .collect();
    if !by_column.is_empty() {
        for row in rows {
            for &(i, kind) in &by_column {
                let scopes = scopes_of(ctx, row, i);
                extend(into, kind, scopes);
            }
            ctx.stats.permissions += 1;
        }
        return;
    }
    if names.len() < 2 {
        ctx.reject_table(
            line,
            rows,
            &format!(
                "a permissions table needs a type and a permissions column; found {}",
                header_names(header)
            ),
        );
        return;
    }
    for row in rows {
        let Some(kind) = kind_of(&normalize(text(row, Some(0)))) else {
            ctx.report_cell(
                row.line,
                row.cells.first(),
                Code::PermissionRow,
                format!("`{}` is not a permission type", text(row, Some(0))),
            );
            ctx.stats.diagnosed += 1;
            continue;
        };
        let scopes = scopes_of(ctx, row, 1);
        extend(into, kind, scopes);
        ctx.stats.permissions += 1;
    }
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Work,
    Personal,
    Application,
}

fn kind_of(text: &str) -> Option<Kind> {
    if text.contains("delegated") && (text.contains("work") || text.contains("school")) {
        Some(Kind::Work)
    } else if text.contains("delegated")
        && (text.contains("personal") || text.contains("microsoft account"))
    {
        Some(Kind::Personal)
    } else if text.starts_with("application") {
        Some(Kind::Application)
    } else {
        None
    }
}

fn extend(into: &mut Permissions, kind: Kind, scopes: Vec<String>) {
    let list = match kind {
        Kind::Work => &mut into.delegated_work,
        Kind::Personal => &mut into.delegated_personal,
        Kind::Application => &mut into.application,
    };
    for scope in scopes {
        if !list.contains(&scope) {
            list.push(scope);
        }
    }
}

/// The scopes in a row's cell `col`: `User.Read, User.ReadWrite.All` → the scope names;
/// `Not supported.` → none.
fn scopes_of(ctx: &mut Ctx, row: &TableRow, col: usize) -> Vec<String> {
    let cell = text(row, Some(col));
    if cell.to_ascii_uppercase().contains("TODO") {
        ctx.report_cell(
            row.line,
            row.cells.get(col),
            Code::PermissionPlaceholder,
            format!("the permissions cell is a placeholder: `{}`", cell.trim()),
        );
        return Vec::new();
    }
    cell.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(|s| s.trim_matches(|c: char| matches!(c, '`' | '*' | '.' | '(' | ')')))
        .filter(|s| {
            s.contains('.')
                && s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        })
        .map(str::to_owned)
        .collect()
}

fn header_names(header: &[Inline]) -> String {
    let names: Vec<&str> = header.iter().map(|c| c.text.as_ref()).collect();
    format!("`{}`", names.join(" | "))
}

/// Whether a table has the columns a section's tables have.
pub(super) fn fits(role: &Role, header: &[Inline]) -> bool {
    let names: Vec<String> = header.iter().map(|c| normalize(&c.text)).collect();
    match role {
        Role::Properties { .. }
        | Role::Relationships
        | Role::RequestBody
        | Role::FunctionParameters => {
            let cols = columns(header, true);
            cols.name.is_some() && cols.ty.is_some()
        }
        Role::PathParameters
        | Role::QueryParameters
        | Role::RequestHeaders
        | Role::ResponseHeaders => columns(header, false).name.is_some(),
        Role::Permissions => names
            .iter()
            .any(|n| n.contains("permission") || kind_of(n).is_some()),
        Role::Enum { .. } => names
            .iter()
            .any(|n| matches!(n.as_str(), "member" | "members" | "name" | "value")),
        _ => false,
    }
}

/// Whether the role reads tables at all; rows of other tables are counted as "other".
pub(super) fn is_shape_role(role: &Role) -> bool {
    !matches!(
        role,
        Role::Methods
            | Role::ErrorCodes
            | Role::Examples
            | Role::HttpRequest
            | Role::JsonRepresentation
            | Role::Response
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markdown::{BlockKind, parse};
    use crate::parse::{RowStats, TypeCell};
    use crate::vocab::Primitive;

    /// Reads the first table of `markdown` with `read`, returning what it made, the
    /// diagnostics and the row counts.
    fn read<T>(
        markdown: &str,
        read: impl FnOnce(&mut Ctx, &[Inline], &[TableRow], u32) -> T,
    ) -> (T, Vec<crate::diag::Diagnostic>, RowStats) {
        let doc = parse(markdown);
        let (header, rows, line) = doc
            .blocks
            .iter()
            .find_map(|b| match &b.kind {
                BlockKind::Table { header, rows } => Some((header, rows, b.line)),
                _ => None,
            })
            .expect("a table");
        let mut sink = Sink::default();
        let mut stats = RowStats::default();
        let mut ctx = Ctx {
            path: "p.md",
            sink: &mut sink,
            stats: &mut stats,
        };
        let made = read(&mut ctx, header, rows, line);
        (made, sink.diagnostics, stats)
    }

    #[test]
    fn property_rows_with_types_flags_and_a_row_without_a_name() {
        let table = "| Property | Type | Description |\n|:--|:--|:--|\n| id | String | Read-only. Not nullable. |\n| tags | String collection | Its tags. |\n| | Int32 | No name. |\n";
        let (made, diagnostics, stats) = read(table, |ctx, h, r, line| {
            properties(ctx, h, r, line, None, false)
        });
        let table = made.expect("a properties table");
        let names: Vec<&str> = table.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["id", "tags"]);
        let id = &table.rows[0];
        assert!(id.read_only);
        assert_eq!(id.nullable, Some(false));
        let Ok(tags) = &table.rows[1].ty else {
            panic!("typed")
        };
        assert_eq!(
            (&tags.cell, tags.collection),
            (&TypeCell::Primitive(Primitive::String), true)
        );
        assert_eq!(table.rows[1].ty_col, 10);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        // (Rows are counted by the page before a table is read.)
        assert_eq!((stats.properties, stats.diagnosed), (2, 1));
    }

    #[test]
    fn a_table_without_a_type_column_is_one_diagnostic_for_all_its_rows() {
        let table = "| Property | Description |\n|:--|:--|\n| a | x |\n| b | y |\n";
        let (made, diagnostics, stats) = read(table, |ctx, h, r, line| {
            properties(ctx, h, r, line, None, false)
        });
        assert!(made.is_none());
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, Code::TableColumns);
        assert_eq!(stats.diagnosed, 2);
    }

    #[test]
    fn enum_members_with_values_and_permissions_by_kind() {
        let table = "| Member | Value | Description |\n|:--|:--|:--|\n| none | 0 | Nothing. |\n| all | 1 | Everything. |\n";
        let (made, _, _) = read(table, |ctx, h, r, line| {
            enumeration(
                ctx,
                h,
                r,
                line,
                "level".into(),
                "level-values".into(),
                false,
            )
        });
        let members: Vec<(String, Option<i64>)> = made
            .expect("an enum")
            .members
            .into_iter()
            .map(|m| (m.name, m.value))
            .collect();
        assert_eq!(members, [("none".into(), Some(0)), ("all".into(), Some(1))]);

        let table = "| Permission type | Permissions (from least to most privileged) |\n|:--|:--|\n| Delegated (work or school account) | User.Read, User.ReadWrite |\n| Delegated (personal Microsoft account) | Not supported. |\n| Application | User.Read.All |\n";
        let mut scopes = Permissions::default();
        read(table, |ctx, h, r, line| {
            permissions(ctx, h, r, line, &mut scopes)
        });
        assert_eq!(scopes.delegated_work, ["User.Read", "User.ReadWrite"]);
        assert!(scopes.delegated_personal.is_empty());
        assert_eq!(scopes.application, ["User.Read.All"]);
    }
}
