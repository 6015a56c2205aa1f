//! Go's `strconv.Atoi`, `strconv.Quote` and `time.ParseDuration`, as far as robfig/cron's
//! parser relies on them: which inputs they accept, the values they give, and the exact text
//! of their errors (which robfig/cron passes on, and the API server shows to the user).

/// Why `strconv.Atoi` failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AtoiError {
    Syntax,
    Range,
}

/// Go's `strconv.Atoi` on a 64-bit platform (src/strconv/atoi.go, `Atoi`, `ParseInt`,
/// `ParseUint`): an optional sign, then decimal digits only; overflow of int64 is a range error.
pub(crate) fn atoi(s: &str) -> Result<i64, AtoiError> {
    let bytes = s.as_bytes();
    if !bytes.is_empty() && bytes.len() < 19 {
        // The fast path: fewer than 19 bytes cannot overflow int64.
        let (neg, digits) = match bytes[0] {
            b'-' => (true, &bytes[1..]),
            b'+' => (false, &bytes[1..]),
            _ => (false, bytes),
        };
        if digits.is_empty() {
            return Err(AtoiError::Syntax);
        }
        let mut n: i64 = 0;
        for &c in digits {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                return Err(AtoiError::Syntax);
            }
            n = n * 10 + i64::from(d);
        }
        return Ok(if neg { -n } else { n });
    }
    if bytes.is_empty() {
        return Err(AtoiError::Syntax);
    }
    let (neg, digits) = match bytes[0] {
        b'-' => (true, &bytes[1..]),
        b'+' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    // ParseUint(digits, 10, 64): a bad byte is a syntax error unless overflow came first.
    if digits.is_empty() {
        return Err(AtoiError::Syntax);
    }
    let cutoff = u64::MAX / 10 + 1;
    let mut n: u64 = 0;
    let mut overflow = false;
    for &c in digits {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return Err(AtoiError::Syntax);
        }
        if n >= cutoff {
            overflow = true;
            break;
        }
        n *= 10;
        match n.checked_add(u64::from(d)) {
            Some(v) => n = v,
            None => {
                overflow = true;
                break;
            }
        }
    }
    if overflow {
        return Err(AtoiError::Range);
    }
    let limit = 1u64 << 63;
    if (!neg && n >= limit) || (neg && n > limit) {
        return Err(AtoiError::Range);
    }
    Ok(if neg {
        (n as i128).wrapping_neg() as i64
    } else {
        n as i64
    })
}

/// The message of the `*strconv.NumError` that `strconv.Atoi(s)` returns.
pub(crate) fn atoi_message(s: &str, err: AtoiError) -> String {
    let what = match err {
        AtoiError::Syntax => "invalid syntax",
        AtoiError::Range => "value out of range",
    };
    format!("strconv.Atoi: parsing {}: {what}", strconv_quote(s))
}

/// Go's `strconv.Quote`: a double-quoted Go string literal. Printable characters are kept;
/// others become `\a`-style, `\xNN`, `\uNNNN` or `\UNNNNNNNN` escapes. Go decides
/// printability from its Unicode tables; this treats control characters and the invisible
/// format characters as unprintable, which agrees with Go for every character a cron field
/// can contain in practice.
pub(crate) fn strconv_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if is_unprintable(c) => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn is_unprintable(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || matches!(c as u32,
            0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x180e | 0x200b..=0x200f
            | 0x202a..=0x202e | 0x2060..=0x206f | 0xfeff | 0xfff9..=0xfffb
            | 0xd800..=0xdfff | 0xe000..=0xf8ff | 0xfffe | 0xffff)
        || (c as u32) >= 0xf0000
}

/// Go's internal `time.quote` (src/time/format.go), used in `ParseDuration`'s errors: ASCII
/// printable characters are kept, every byte of anything else becomes `\xNN`.
pub(crate) fn time_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if !(' '..'\u{80}').contains(&c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// Go's `time.ParseDuration` (src/time/format.go): a possibly signed sequence of decimal
/// numbers, each with an optional fraction and a unit (ns, us, µs, μs, ms, s, m, h).
/// Returns nanoseconds, or Go's error message.
pub(crate) fn parse_duration(orig: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", time_quote(orig));
    let mut s = orig;
    let mut neg = false;
    if let Some(c) = s.as_bytes().first() {
        if *c == b'-' || *c == b'+' {
            neg = *c == b'-';
            s = &s[1..];
        }
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    const LIMIT: u64 = 1 << 63;
    let mut d: u64 = 0;
    while !s.is_empty() {
        let b = s.as_bytes();
        if !(b[0] == b'.' || b[0].is_ascii_digit()) {
            return Err(invalid());
        }
        // leadingInt
        let mut i = 0;
        let mut v: u64 = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            if v > LIMIT / 10 {
                return Err(invalid());
            }
            v = v * 10 + u64::from(b[i] - b'0');
            if v > LIMIT {
                return Err(invalid());
            }
            i += 1;
        }
        let pre = i > 0;
        s = &s[i..];
        // leadingFraction
        let mut f: u64 = 0;
        let mut scale: f64 = 1.0;
        let mut post = false;
        if s.as_bytes().first() == Some(&b'.') {
            s = &s[1..];
            let b = s.as_bytes();
            let mut i = 0;
            let mut overflow = false;
            while i < b.len() && b[i].is_ascii_digit() {
                if !overflow {
                    if f > (LIMIT - 1) / 10 {
                        overflow = true;
                    } else {
                        let y = f * 10 + u64::from(b[i] - b'0');
                        if y > LIMIT {
                            overflow = true;
                        } else {
                            f = y;
                            scale *= 10.0;
                        }
                    }
                }
                i += 1;
            }
            post = i > 0;
            s = &s[i..];
        }
        if !pre && !post {
            return Err(invalid());
        }
        // The unit runs up to the next '.' or digit.
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() && !(b[i] == b'.' || b[i].is_ascii_digit()) {
            i += 1;
        }
        if i == 0 {
            return Err(format!(
                "time: missing unit in duration {}",
                time_quote(orig)
            ));
        }
        let (u, rest) = s.split_at(i);
        s = rest;
        let unit: u64 = match u {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    time_quote(u),
                    time_quote(orig)
                ))
            }
        };
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            // Go converts the float product back with uint64(...), which truncates.
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        d += v;
        if d > LIMIT {
            return Err(invalid());
        }
    }
    if neg {
        return Ok((d as i128).wrapping_neg() as i64);
    }
    if d > LIMIT - 1 {
        return Err(invalid());
    }
    Ok(d as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atoi_cases() {
        let cases: &[(&str, Result<i64, AtoiError>)] = &[
            ("0", Ok(0)),
            ("+5", Ok(5)),
            ("-12", Ok(-12)),
            ("007", Ok(7)),
            ("", Err(AtoiError::Syntax)),
            ("-", Err(AtoiError::Syntax)),
            ("1_000", Err(AtoiError::Syntax)),
            ("0x10", Err(AtoiError::Syntax)),
            ("9223372036854775807", Ok(i64::MAX)),
            ("-9223372036854775808", Ok(i64::MIN)),
            ("9223372036854775808", Err(AtoiError::Range)),
            ("99999999999999999999x", Err(AtoiError::Range)),
            ("9999999999999999999x", Err(AtoiError::Syntax)),
            ("0000000000000000000000005", Ok(5)),
        ];
        for (input, want) in cases {
            assert_eq!(atoi(input), *want, "atoi({input:?})");
        }
    }

    #[test]
    fn quote_cases() {
        assert_eq!(strconv_quote("jan"), r#""jan""#);
        assert_eq!(strconv_quote("a\"b\\"), r#""a\"b\\""#);
        assert_eq!(strconv_quote("\u{1}\u{7f}"), r#""\x01\x7f""#);
        assert_eq!(strconv_quote("é\u{200b}"), r#""é\u200b""#);
        assert_eq!(time_quote("1é"), r#""1\xc3\xa9""#);
    }

    #[test]
    fn duration_cases() {
        let ok: &[(&str, i64)] = &[
            ("0", 0),
            ("-0", 0),
            ("1h30m", 5_400_000_000_000),
            ("1.5h", 5_400_000_000_000),
            ("300ms", 300_000_000),
            ("-1.5s", -1_500_000_000),
            ("1\u{b5}s", 1_000),
            ("1\u{3bc}s", 1_000),
            (".5m", 30_000_000_000),
            ("5.m", 300_000_000_000),
            ("2562047h47m16.854775807s", i64::MAX),
        ];
        for (input, want) in ok {
            assert_eq!(parse_duration(input), Ok(*want), "{input:?}");
        }
        let bad: &[(&str, &str)] = &[
            ("", r#"time: invalid duration """#),
            ("Xm", r#"time: invalid duration "Xm""#),
            ("5", r#"time: missing unit in duration "5""#),
            ("1h ", r#"time: unknown unit "h " in duration "1h ""#),
            ("1d", r#"time: unknown unit "d" in duration "1d""#),
            (".s", r#"time: invalid duration ".s""#),
            ("2562048h", r#"time: invalid duration "2562048h""#),
        ];
        for (input, want) in bad {
            assert_eq!(parse_duration(input).unwrap_err(), *want, "{input:?}");
        }
    }
}
