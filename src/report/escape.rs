//! The one place where text from the inputs (names, titles, ids, values read back) is made safe for the format it
//! is written in. Every renderer of [`crate::report`] and every word of [`crate::explain`] that reaches a person
//! goes through one function per format:
//!
//! - [`terminal`]: control characters, line breaks and bidirectional overrides become visible escapes (`\n`,
//!   `\u{1b}`), so a value can neither move the cursor, recolour the screen, nor break a table's row;
//! - [`markdown`]: line breaks flattened to a space, every Markdown and HTML markup character escaped with a
//!   backslash or an entity, so a title renders as the text it is and no raw HTML reaches a viewer
//!   ([`markdown_code`] inside a code span, where only a backtick or a line break could break out);
//! - [`html`]: minijinja's auto-escaping (the HTML templates never mark input text as safe); [`html`] is the same
//!   escaping for the rare string built outside a template;
//! - [`csv_cell`]: formula injection neutralised (a leading `=`, `+`, `-`, `@`, tab or carriage return gets an
//!   apostrophe), quoting left to the csv crate ([`csv_cell_read`] undoes it when a cell is read back).

/// Bidirectional controls that can make text display in another order than it is stored ("Trojan source").
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text for a terminal: line breaks, tabs, control characters (C0, DEL, C1) and bidirectional controls are written
/// as visible escapes; everything else is kept.
pub fn terminal(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_bidi_control(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Text for Markdown (inline: a table cell, a heading, a list item): line breaks and other control characters
/// become one space, and every character Markdown or HTML could read as markup is escaped, so that the text is
/// shown as written and no raw HTML is produced.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut last_space = false;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        // An underscore inside a word (`min_share`) is never emphasis; at a word's edge it can be.
        if c == '_' {
            let word = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|c| c.is_alphanumeric());
            if !(word(i.checked_sub(1)) && word(Some(i + 1))) {
                out.push('\\');
            }
            out.push('_');
            last_space = false;
            continue;
        }
        if c.is_control() || is_bidi_control(c) {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = c == ' ';
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            // `(`, `!` and `#` are markup only next to `[` or at the start of a line, which never happens inline.
            '\\' | '`' | '*' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text for a Markdown code span (between backticks, where Markdown and HTML are not interpreted): line breaks and
/// control characters become a space and a backtick, which would end the span, becomes `'`.
pub fn markdown_code(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || is_bidi_control(c) {
                ' '
            } else if c == '`' {
                '\''
            } else {
                c
            }
        })
        .collect()
}

/// Text for HTML outside a template, escaped as minijinja's auto-escape does.
pub fn html(text: &str) -> String {
    minijinja::HtmlEscape(text).to_string()
}

/// A CSV cell a spreadsheet could run as a formula gets a leading apostrophe.
pub fn csv_cell(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// Undo [`csv_cell`] on a cell read back: the apostrophe in front of a formula character is removed.
pub fn csv_cell_read(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if matches!(rest.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "Évaluation\n<script>alert(1)</script> | *x* [a](b) \u{1b}[31mred\u{202e}";

    #[test]
    fn terminal_text_has_no_control_character_left() {
        let t = terminal(HOSTILE);
        assert!(!t.chars().any(|c| c.is_control() || is_bidi_control(c)), "{t:?}");
        assert_eq!(t, "Évaluation\\n<script>alert(1)</script> | *x* [a](b) \\u{1b}[31mred\\u{202e}");
        assert_eq!(terminal("Nuage Québec"), "Nuage Québec");
    }

    #[test]
    fn markdown_text_is_one_inert_line() {
        let m = markdown(HOSTILE);
        assert!(!m.contains('\n') && !m.contains('<') && !m.contains('\u{1b}'), "{m}");
        assert_eq!(m, "Évaluation &lt;script&gt;alert(1)&lt;/script&gt; \\| \\*x\\* \\[a\\](b) \\[31mred ");
        assert_eq!(markdown("Plateforme de télésanté"), "Plateforme de télésanté");
        assert_eq!(markdown("quebec.min_share _x_"), "quebec.min_share \\_x\\_");
        assert_eq!(markdown_code("capacity[a`b\nc]"), "capacity[a'b c]");
    }

    #[test]
    fn html_and_csv_escape_their_own_markup() {
        assert_eq!(html("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#x27;");
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("N-1"), "N-1");
        for cell in ["=SUM(A1)", "-N-1", "N-1", "'quoted", "@x", ""] {
            assert_eq!(csv_cell_read(&csv_cell(cell)), cell);
        }
    }
}
