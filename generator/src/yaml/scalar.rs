//! Which style a scalar is written in: what YAML readers would take it for, and what its
//! characters allow (libyaml's analysis).

/// Plain scalars that YAML 1.1 resolves to something other than a string, and YAML 1.2 does not.
pub(super) fn ambiguous_in_yaml_1_1(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
        "OFF",
    ];
    if s.len() <= 3 && WORDS.contains(&s) {
        return true;
    }
    // Numbers start with a digit, after an optional sign.
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !unsigned.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    // Sexagesimal (`1:20`) and underscored (`1_000`) numbers.
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut parts = digits.split(':');
    let first = parts.next().unwrap_or_default();
    let numeric = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_digit() || c == '_' || c == '.')
    };
    let sexagesimal = s.contains(':')
        && first.starts_with(|c: char| c.is_ascii_digit())
        && numeric(first)
        && parts.all(numeric);
    let underscored =
        s.contains('_') && digits.starts_with(|c: char| c.is_ascii_digit()) && numeric(digits);
    sexagesimal || underscored
}

/// Whether serde_yaml reads `s`, written plain, as something other than a string (null, a
/// boolean, a number, or digits with a leading zero): such a string is written quoted. The
/// rules are serde_yaml's (`de.rs`, `visit_untagged_scalar`).
pub(super) fn resolves_to_non_string(s: &str) -> bool {
    if s.is_empty() || matches!(s, "null" | "Null" | "NULL" | "~") {
        return true;
    }
    if matches!(s, "true" | "True" | "TRUE" | "false" | "False" | "FALSE") {
        return true;
    }
    if digits_but_not_number(s) {
        return true;
    }
    let first = s.as_bytes()[0];
    // Every number starts with a digit, a sign or a dot.
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return false;
    }
    is_integer(s) || is_float(s)
}

/// Leading zeros followed by digits: a string in YAML 1.2, which serde_yaml quotes.
pub(super) fn digits_but_not_number(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    s.len() > 1 && s.starts_with('0') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// An integer as serde_yaml reads one: decimal, `0x`, `0o` or `0b`, optionally signed, that
/// fits in 128 bits.
pub(super) fn is_integer(s: &str) -> bool {
    fn radix(digits: &str) -> Option<(&str, u32)> {
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
            if let Some(rest) = digits.strip_prefix(prefix) {
                return Some((rest, radix));
            }
        }
        None
    }
    // Unsigned: an optional `+`, then digits.
    let unpositive = s.strip_prefix('+').unwrap_or(s);
    if let Some((rest, r)) = radix(unpositive)
        && !rest.starts_with(['+', '-'])
        && u128::from_str_radix(rest, r).is_ok()
    {
        return true;
    }
    if !unpositive.starts_with(['+', '-']) && u128::from_str_radix(unpositive, 10).is_ok() {
        return true;
    }
    // Negative.
    if let Some(negative) = s.strip_prefix('-') {
        if let Some((rest, r)) = radix(negative)
            && i128::from_str_radix(&format!("-{rest}"), r).is_ok()
        {
            return true;
        }
        if i128::from_str_radix(s, 10).is_ok() {
            return true;
        }
    }
    false
}

/// A float as serde_yaml reads one: `.inf`, `.nan` and their spellings, or what Rust parses as
/// a finite `f64`.
pub(super) fn is_float(s: &str) -> bool {
    let unpositive = match s.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return false,
        Some(rest) => rest,
        None => s,
    };
    matches!(unpositive, ".inf" | ".Inf" | ".INF")
        || matches!(s, "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN")
        || unpositive.parse::<f64>().is_ok_and(f64::is_finite)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// What a scalar's characters allow (libyaml's `yaml_emitter_analyze_scalar`).
pub(super) struct Analysis {
    pub(super) multiline: bool,
    pub(super) block_plain_allowed: bool,
    pub(super) single_quoted_allowed: bool,
    pub(super) block_allowed: bool,
}

/// Characters libyaml writes as they are (`IS_PRINTABLE`): not tabs, carriage returns, other
/// C0 and C1 controls, surrogates, the byte order mark, U+FFFE or U+FFFF.
pub(super) fn printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && c != '\u{FEFF}'
}

/// Line breaks as YAML reads them.
pub(super) fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Whether `s` holds a line break (its bytes first: a break starts with one of four).
pub(super) fn has_break(s: &str) -> bool {
    s.bytes().any(|b| matches!(b, b'\n' | b'\r' | 0xC2 | 0xE2)) && s.chars().any(is_break)
}

/// A blank, a break, a NUL or the end (libyaml's `IS_BLANKZ`).
pub(super) fn blank_or_end(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => matches!(c, ' ' | '\t' | '\0') || is_break(c),
    }
}

/// [`analyze`] in one pass over the bytes, for text whose characters are printable and whose
/// only line break is `\n` (nearly all text): `None` for other text. Spaces are never looked
/// at: a space matters only beside a line break or at either end.
pub(super) fn analyze_bytes(b: &[u8]) -> Option<Analysis> {
    let (&first, &last) = (b.first()?, b.last()?);
    // A blank, a break or the end, where only ` ` and `\n` can be there.
    let blank = |c: Option<&u8>| matches!(c, None | Some(b' ' | b'\n'));
    let mut block_indicators = b.starts_with(b"---") || b.starts_with(b"...");
    match first {
        b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' => block_indicators = true,
        b'?' | b':' | b'-' if blank(b.get(1)) => block_indicators = true,
        _ => {}
    }
    let (mut line_breaks, mut break_space, mut space_break) = (false, false, false);
    for (i, &c) in b.iter().enumerate() {
        if BYTES[usize::from(c)] & LOOK == 0 {
            continue;
        }
        match c {
            b'\n' => {
                line_breaks = true;
                space_break |= i > 0 && b[i - 1] == b' ';
                break_space |= b.get(i + 1) == Some(&b' ');
            }
            b':' => block_indicators |= i > 0 && blank(b.get(i + 1)),
            b'#' => block_indicators |= i > 0 && matches!(b[i - 1], b' ' | b'\n'),
            // C1 controls and NEL (U+0080-U+009F).
            0xC2 if b.get(i + 1).is_some_and(|&n| n < 0xA0) => return None,
            // The line and paragraph separators, U+2028 and U+2029.
            0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)) => {
                return None;
            }
            // The byte order mark U+FEFF, and U+FFFE and U+FFFF.
            0xEF if matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0xBB), Some(0xBF)) | (Some(0xBF), Some(0xBE | 0xBF))
            ) =>
            {
                return None;
            }
            0xC2 | 0xE2 | 0xEF => {}
            // Controls, tabs, carriage returns.
            _ => return None,
        }
    }
    let edges = first == b' ' || first == b'\n' || last == b' ' || last == b'\n';
    Some(Analysis {
        multiline: line_breaks,
        block_plain_allowed: !(edges
            || break_space
            || space_break
            || line_breaks
            || block_indicators),
        single_quoted_allowed: !(break_space || space_break),
        block_allowed: !(last == b' ' || space_break),
    })
}

/// The bytes [`analyze_bytes`] looks at: controls, `:`, `#`, and the first bytes of the
/// characters that are not printable or are line breaks.
pub(super) const LOOK: u8 = 1;
static BYTES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte < 0x20 || byte == 0x7F || matches!(byte, b':' | b'#' | 0xC2 | 0xE2 | 0xEF) {
            table[b] |= LOOK;
        }
        b += 1;
    }
    table
};

pub(super) fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    if let Some(analysis) = analyze_bytes(s.as_bytes()) {
        return analysis;
    }
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let mut line_breaks = false;
    let mut special_characters = false;
    let (mut leading_space, mut leading_break) = (false, false);
    let (mut trailing_space, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    let mut chars = s.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let followed_by_whitespace = blank_or_end(next);
        let last = next.is_none();
        if first {
            if matches!(
                c,
                '#' | ','
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '&'
                    | '*'
                    | '!'
                    | '|'
                    | '>'
                    | '\''
                    | '"'
                    | '%'
                    | '@'
                    | '`'
            ) {
                block_indicators = true;
            }
            if matches!(c, '?' | ':' | '-') && followed_by_whitespace {
                block_indicators = true;
            }
        } else {
            if c == ':' && followed_by_whitespace {
                block_indicators = true;
            }
            if c == '#' && preceded_by_whitespace {
                block_indicators = true;
            }
        }
        if !printable(c) {
            special_characters = true;
        }
        if is_break(c) {
            line_breaks = true;
        }
        if c == ' ' {
            leading_space |= first;
            trailing_space |= last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            leading_break |= first;
            trailing_break |= last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = blank_or_end(Some(c));
        first = false;
    }
    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks || block_indicators {
        a.block_plain_allowed = false;
    }
    a
}
