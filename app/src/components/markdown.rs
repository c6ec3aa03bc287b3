//! The little Markdown that doc comments use — paragraphs, bullet lists,
//! `code spans` and **bold** — rendered as elements (never as raw HTML).

use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    List(Vec<Vec<Inline>>),
}

/// Splits `text` into paragraphs and lists; lines of one paragraph or
/// list item are joined with a space.
pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    let flush_paragraph = |paragraph: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(inline(&paragraph.join(" "))));
            paragraph.clear();
        }
    };
    let flush_list = |items: &mut Vec<String>, blocks: &mut Vec<Block>| {
        if !items.is_empty() {
            blocks.push(Block::List(items.iter().map(|i| inline(i)).collect()));
            items.clear();
        }
    };
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            flush_paragraph(&mut paragraph, &mut blocks);
            flush_list(&mut items, &mut blocks);
        } else if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            flush_paragraph(&mut paragraph, &mut blocks);
            items.push(item.to_owned());
        } else if let Some(last) = items.last_mut() {
            last.push(' ');
            last.push_str(line);
        } else {
            paragraph.push(line);
        }
    }
    flush_paragraph(&mut paragraph, &mut blocks);
    flush_list(&mut items, &mut blocks);
    blocks
}

/// `code spans` and **bold** in one line of text; an unclosed marker
/// stays as typed.
pub fn inline(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut plain = String::new();
    while !rest.is_empty() {
        let found = [("`", 1usize), ("**", 2)]
            .into_iter()
            .filter_map(|(marker, len)| {
                let start = rest.find(marker)?;
                let end = rest[start + len..].find(marker)? + start + len;
                Some((start, end, marker, len))
            })
            .min_by_key(|(start, ..)| *start);
        let Some((start, end, marker, len)) = found else {
            plain.push_str(rest);
            break;
        };
        plain.push_str(&rest[..start]);
        if !plain.is_empty() {
            out.push(Inline::Text(std::mem::take(&mut plain)));
        }
        let inner = rest[start + len..end].to_owned();
        out.push(if marker == "`" {
            Inline::Code(inner)
        } else {
            Inline::Strong(inner)
        });
        rest = &rest[end + len..];
    }
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out
}

fn render_inline(parts: Vec<Inline>) -> impl IntoView {
    parts
        .into_iter()
        .map(|part| match part {
            Inline::Text(t) => t.into_any(),
            Inline::Code(c) => view! {
                <code class="rounded bg-gray-100 px-1 font-mono text-[0.9em] text-gray-900 dark:bg-gray-800 dark:text-gray-100">{c}</code>
            }
            .into_any(),
            Inline::Strong(s) => view! { <strong class="font-semibold">{s}</strong> }.into_any(),
        })
        .collect_view()
}

/// Doc-comment Markdown as paragraphs and lists.
#[component]
pub fn Markdown(
    #[prop(into)] text: String,
    #[prop(optional, into)] class: String,
) -> impl IntoView {
    view! {
        <div class=format!("space-y-2 {class}")>
            {parse(&text).into_iter().map(|block| match block {
                Block::Paragraph(parts) => view! { <p>{render_inline(parts)}</p> }.into_any(),
                Block::List(items) => view! {
                    <ul class="list-disc space-y-1 pl-5">
                        {items.into_iter().map(|parts| view! { <li>{render_inline(parts)}</li> }).collect_view()}
                    </ul>
                }.into_any(),
            }).collect_view()}
        </div>
    }
}

/// One line of doc-comment Markdown (code spans and bold), inline.
#[component]
pub fn InlineMarkdown(#[prop(into)] text: String) -> impl IntoView {
    view! { <span>{render_inline(inline(&text))}</span> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_and_bold() {
        assert_eq!(
            inline("Send `api-key` with **every** call"),
            vec![
                Inline::Text("Send ".into()),
                Inline::Code("api-key".into()),
                Inline::Text(" with ".into()),
                Inline::Strong("every".into()),
                Inline::Text(" call".into()),
            ]
        );
        assert_eq!(inline("a `b"), vec![Inline::Text("a `b".into())]);
        assert_eq!(inline("`a**b`"), vec![Inline::Code("a**b".into())]);
    }

    #[test]
    fn paragraphs_and_lists() {
        let blocks = parse("First line\nsame paragraph.\n\n- one\n  more\n- `two`\n\nLast.");
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(vec![Inline::Text("First line same paragraph.".into())]),
                Block::List(vec![
                    vec![Inline::Text("one more".into())],
                    vec![Inline::Code("two".into())],
                ]),
                Block::Paragraph(vec![Inline::Text("Last.".into())]),
            ]
        );
    }
}
