//! Typst markup from text and Markdown. Every piece of text becomes a Typst
//! string literal (`#"…";`), so nothing from the repo is ever read as markup.

use comrak::nodes::{AstNode, ListType, NodeValue};

/// A Typst string literal.
pub fn str_lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text inserted into markup as a string, never parsed as markup.
pub fn text(s: &str) -> String {
    if s.is_empty() { String::new() } else { format!("#{};", str_lit(s)) }
}

/// GitHub-flavoured Markdown as Typst markup; raw HTML is left out.
pub fn markdown(md: &str) -> String {
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options.extension.front_matter_delimiter = Some("---".to_owned());
    let root = comrak::parse_document(&arena, md, &options);
    let mut out = String::new();
    blocks(root, &mut out);
    out
}

fn blocks<'a>(node: &'a AstNode<'a>, out: &mut String) {
    for child in node.children() {
        block(child, out);
    }
}

fn content<'a>(node: &'a AstNode<'a>, f: fn(&'a AstNode<'a>, &mut String)) -> String {
    let mut s = String::new();
    f(node, &mut s);
    s.trim().to_owned()
}

fn block<'a>(node: &'a AstNode<'a>, out: &mut String) {
    let value = node.data.borrow().value.clone();
    match value {
        NodeValue::Paragraph => {
            inlines(node, out);
            out.push_str("\n\n");
        }
        NodeValue::Heading(h) => {
            out.push_str(&format!("#heading(level: {})[{}]\n\n", h.level.clamp(1, 6), content(node, inlines)));
        }
        NodeValue::List(l) => {
            let items: Vec<String> = node.children().map(|item| format!("[{}]", content(item, blocks))).collect();
            let call = match l.list_type {
                ListType::Bullet => "list(tight: true".to_owned(),
                ListType::Ordered => format!("enum(tight: true, start: {}", l.start.max(1)),
            };
            out.push_str(&format!("#{call}, {})\n\n", items.join(", ")));
        }
        NodeValue::CodeBlock(c) => {
            out.push_str(&format!(
                "#block(width: 100%, fill: luma(245), inset: 6pt, raw(block: true, {}))\n\n",
                str_lit(c.literal.trim_end())
            ));
        }
        NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) | NodeValue::Alert(_) => {
            out.push_str(&format!("#quote(block: true)[{}]\n\n", content(node, blocks)));
        }
        NodeValue::ThematicBreak => out.push_str("#line(length: 100%, stroke: 0.5pt + luma(180))\n\n"),
        NodeValue::Table(t) => {
            let mut cells = Vec::new();
            for row in node.children() {
                let header = matches!(row.data.borrow().value, NodeValue::TableRow(true));
                let row_cells: Vec<String> = row.children().map(|c| format!("[{}]", content(c, inlines))).collect();
                if header {
                    cells.push(format!("table.header({})", row_cells.join(", ")));
                } else {
                    cells.extend(row_cells);
                }
            }
            out.push_str(&format!("#table(columns: {}, {})\n\n", t.num_columns.max(1), cells.join(", ")));
        }
        NodeValue::HtmlBlock(_) | NodeValue::FrontMatter(_) => {}
        NodeValue::Item(_) | NodeValue::TaskItem(_) | NodeValue::Document => blocks(node, out),
        _ => {
            inlines(node, out);
            out.push_str("\n\n");
        }
    }
}

fn inlines<'a>(node: &'a AstNode<'a>, out: &mut String) {
    for child in node.children() {
        inline(child, out);
    }
}

fn inline<'a>(node: &'a AstNode<'a>, out: &mut String) {
    let value = node.data.borrow().value.clone();
    match value {
        NodeValue::Text(t) => out.push_str(&text(&t)),
        NodeValue::SoftBreak => out.push(' '),
        NodeValue::LineBreak => out.push_str("#linebreak()"),
        NodeValue::Code(c) => out.push_str(&format!("#raw({});", str_lit(&c.literal))),
        NodeValue::Emph => out.push_str(&format!("#emph[{}]", content(node, inlines))),
        NodeValue::Strong => out.push_str(&format!("#strong[{}]", content(node, inlines))),
        NodeValue::Strikethrough => out.push_str(&format!("#strike[{}]", content(node, inlines))),
        NodeValue::Link(l) => out.push_str(&format!("#link({})[{}]", str_lit(&l.url), content(node, inlines))),
        NodeValue::Image(_) => inlines(node, out),
        NodeValue::HtmlInline(_) | NodeValue::Raw(_) => {}
        NodeValue::TaskItem(checked) => out.push_str(if checked.is_some() { "☑ " } else { "☐ " }),
        _ => inlines(node, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_a_string_literal() {
        assert_eq!(text(r#"a "b" \ #c"#), r##"#"a \"b\" \\ #c";"##);
    }

    #[test]
    fn markdown_tables_and_lists() {
        let m = markdown("# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- x\n- *y*\n\n<script>z</script>\n");
        assert!(m.contains(r#"#heading(level: 1)[#"T";]"#), "{m}");
        assert!(m.contains(r#"#table(columns: 2, table.header([#"a";], [#"b";]), [#"1";], [#"2";])"#), "{m}");
        assert!(m.contains(r#"#list(tight: true, [#"x";], [#emph[#"y";]])"#), "{m}");
        assert!(!m.contains("script"), "{m}");
    }
}
