//! Parsing, after robfig/cron v3.0.1 `parser.go` (`Parser.Parse` with the options of
//! `ParseStandard`: minute, hour, day of month, month, day of week, and descriptors) and the
//! CronJob validation of kubernetes/kubernetes `pkg/apis/batch/validation/validation.go`
//! (`validateScheduleFormat`), which rejects any schedule containing "TZ".

use super::error::{CronError, Field};
use super::goparse::{atoi, atoi_message, parse_duration, AtoiError};

/// Set when a field was written `*` or `?` (with no step above 1). robfig/cron's `starBit`:
/// the day-of-month/day-of-week rule looks at it.
pub(crate) const STAR_BIT: u64 = 1 << 63;

/// The bit [`Masks`] sets in a field written `*` or `?` (robfig's `starBit`).
pub const STAR_BIT_VALUE: u64 = STAR_BIT;

/// The value range of a field (spec.go, `bounds`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    pub min: u64,
    pub max: u64,
    names: &'static [(&'static str, u64)],
}

const MONTH_NAMES: &[(&str, u64)] = &[
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("may", 5),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

const DOW_NAMES: &[(&str, u64)] = &[
    ("sun", 0),
    ("mon", 1),
    ("tue", 2),
    ("wed", 3),
    ("thu", 4),
    ("fri", 5),
    ("sat", 6),
];

pub(crate) const fn bounds(field: Field) -> Bounds {
    match field {
        Field::Minute => Bounds {
            min: 0,
            max: 59,
            names: &[],
        },
        Field::Hour => Bounds {
            min: 0,
            max: 23,
            names: &[],
        },
        Field::DayOfMonth => Bounds {
            min: 1,
            max: 31,
            names: &[],
        },
        Field::Month => Bounds {
            min: 1,
            max: 12,
            names: MONTH_NAMES,
        },
        Field::DayOfWeek => Bounds {
            min: 0,
            max: 6,
            names: DOW_NAMES,
        },
    }
}

/// The bit sets of a calendar schedule (spec.go, `SpecSchedule`, without its always-zero
/// seconds field). Bit `n` set means value `n` matches; [`STAR_BIT`] records a `*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Masks {
    pub minute: u64,
    pub hour: u64,
    pub dom: u64,
    pub month: u64,
    pub dow: u64,
}

/// What an expression parses to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Parsed {
    /// Five fields, or a descriptor such as `@daily`.
    Calendar(Masks),
    /// `@every <duration>` (constantdelay.go, `Every`): a fixed delay in whole seconds, at
    /// least one.
    Every { delay_secs: i64 },
}

/// getBits: bits `min..=max` stepping by `step` (step ≥ 1, max ≤ 63).
fn get_bits(min: u64, max: u64, step: u64) -> u64 {
    if step == 1 {
        return !(u64::MAX.checked_shl((max + 1) as u32).unwrap_or(0)) & (u64::MAX << min);
    }
    let mut bits = 0;
    let mut i = min;
    while i <= max {
        bits |= 1 << i;
        match i.checked_add(step) {
            Some(next) => i = next,
            None => break,
        }
    }
    bits
}

/// all(r): every value of the field, plus the star bit.
fn all(field: Field) -> u64 {
    let b = bounds(field);
    get_bits(b.min, b.max, 1) | STAR_BIT
}

/// Go's `strings.ToLower` for the purpose of matching a three-letter name: ASCII letters fold,
/// and so do the two non-ASCII letters whose lower case is ASCII (U+0130 → i, U+212A → k).
fn fold_name(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{130}' => out.push('i'),
            '\u{212a}' => out.push('k'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            _ => return None,
        }
    }
    Some(out)
}

/// A failure inside one range of a field, with its column offset within the range text.
struct RangeError {
    message: String,
    hint: Option<String>,
}

impl RangeError {
    fn new(message: String) -> Self {
        RangeError {
            message,
            hint: None,
        }
    }
}

/// mustParseInt.
fn must_parse_int(expr: &str) -> Result<u64, RangeError> {
    match atoi(expr) {
        Ok(n) if n < 0 => Err(RangeError::new(format!(
            "negative number ({n}) not allowed: {expr}"
        ))),
        Ok(n) => Ok(n as u64),
        Err(e) => {
            let mut err = RangeError::new(format!(
                "failed to parse int from {expr}: {}",
                atoi_message(expr, e)
            ));
            if e == AtoiError::Syntax && expr.is_empty() {
                err.hint = Some("a number is missing next to '-' or '/'".into());
            }
            Err(err)
        }
    }
}

/// parseIntOrName.
fn parse_int_or_name(expr: &str, field: Field) -> Result<u64, RangeError> {
    let b = bounds(field);
    if !b.names.is_empty() {
        if let Some(folded) = fold_name(expr) {
            if let Some((_, v)) = b.names.iter().find(|(n, _)| *n == folded) {
                return Ok(*v);
            }
        }
    }
    must_parse_int(expr).map_err(|mut e| {
        if e.hint.is_none() {
            e.hint = name_hint(expr, field);
        }
        e
    })
}

fn name_hint(expr: &str, field: Field) -> Option<String> {
    if !expr.chars().any(|c| c.is_alphabetic()) {
        return None;
    }
    Some(match field {
        Field::Month => "month names are the first three letters in English: JAN-DEC".into(),
        Field::DayOfWeek => "weekday names are the first three letters in English: SUN-SAT".into(),
        _ => format!("the {} field takes numbers only", field.name()),
    })
}

/// getRange: `number | number "-" number [ "/" number ]`, `*` or `?`, with an optional step.
fn get_range(expr: &str, field: Field) -> Result<u64, RangeError> {
    let r = bounds(field);
    let range_and_step: Vec<&str> = expr.split('/').collect();
    let low_and_high: Vec<&str> = range_and_step[0].split('-').collect();
    let single_digit = low_and_high.len() == 1;

    let (start, mut end, mut extra);
    if low_and_high[0] == "*" || low_and_high[0] == "?" {
        start = r.min;
        end = r.max;
        extra = STAR_BIT;
    } else {
        start = parse_int_or_name(low_and_high[0], field)?;
        end = match low_and_high.len() {
            1 => start,
            2 => parse_int_or_name(low_and_high[1], field)?,
            _ => return Err(RangeError::new(format!("too many hyphens: {expr}"))),
        };
        extra = 0;
    }

    let step = match range_and_step.len() {
        1 => 1,
        2 => {
            let step = must_parse_int(range_and_step[1])?;
            // "N/step" means "N-max/step".
            if single_digit {
                end = r.max;
            }
            if step > 1 {
                extra = 0;
            }
            step
        }
        _ => return Err(RangeError::new(format!("too many slashes: {expr}"))),
    };

    if start < r.min {
        return Err(RangeError::new(format!(
            "beginning of range ({start}) below minimum ({}): {expr}",
            r.min
        )));
    }
    if end > r.max {
        let mut err = RangeError::new(format!(
            "end of range ({end}) above maximum ({}): {expr}",
            r.max
        ));
        if field == Field::DayOfWeek && end == 7 {
            err.hint = Some(
                "Sunday is 0 (or SUN); robfig/cron v3, which Kubernetes uses, accepts 0-6 only"
                    .into(),
            );
        } else if field == Field::Hour && end == 24 {
            err.hint = Some("midnight is hour 0; hours run 0-23".into());
        }
        return Err(err);
    }
    if start > end {
        return Err(RangeError::new(format!(
            "beginning of range ({start}) beyond end of range ({end}): {expr}"
        )));
    }
    if step == 0 {
        return Err(RangeError::new(format!(
            "step of range should be a positive number: {expr}"
        )));
    }
    Ok(get_bits(start, end, step) | extra)
}

/// getField: a comma-separated list of ranges. Empty items are skipped, as Go's
/// `strings.FieldsFunc` skips them, so a field of only commas matches nothing.
fn get_field(text: &str, field: Field, column: usize, expr: &str) -> Result<u64, CronError> {
    let mut bits = 0;
    let mut offset = 0; // characters into `text`
    for item in text.split(',') {
        if !item.is_empty() {
            match get_range(item, field) {
                Ok(b) => bits |= b,
                Err(e) => {
                    let mut err = CronError::schedule(expr, e.message).at(field, column + offset);
                    err.hint = e.hint;
                    return Err(err);
                }
            }
        }
        offset += item.chars().count() + 1;
    }
    Ok(bits)
}

/// Go's `strings.Fields`: split around runs of Unicode white space, with each field's
/// 1-based column in characters.
fn fields(spec: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (byte, column)
    for (column, (i, c)) in spec.char_indices().enumerate() {
        if c.is_whitespace() {
            if let Some((b, col)) = start.take() {
                out.push((col, &spec[b..i]));
            }
        } else if start.is_none() {
            start = Some((i, column + 1));
        }
    }
    if let Some((b, col)) = start {
        out.push((col, &spec[b..]));
    }
    out
}

/// parseDescriptor.
fn parse_descriptor(spec: &str) -> Result<Parsed, CronError> {
    let calendar = |minute, hour, dom, month, dow| {
        Ok(Parsed::Calendar(Masks {
            minute,
            hour,
            dom,
            month,
            dow,
        }))
    };
    match spec {
        "@yearly" | "@annually" => return calendar(1, 1, 1 << 1, 1 << 1, all(Field::DayOfWeek)),
        "@monthly" => {
            return calendar(1, 1, 1 << 1, all(Field::Month), all(Field::DayOfWeek));
        }
        "@weekly" => {
            return calendar(1, 1, all(Field::DayOfMonth), all(Field::Month), 1);
        }
        "@daily" | "@midnight" => {
            return calendar(
                1,
                1,
                all(Field::DayOfMonth),
                all(Field::Month),
                all(Field::DayOfWeek),
            );
        }
        "@hourly" => {
            return calendar(
                1,
                all(Field::Hour),
                all(Field::DayOfMonth),
                all(Field::Month),
                all(Field::DayOfWeek),
            );
        }
        _ => {}
    }
    if let Some(text) = spec.strip_prefix("@every ") {
        return match parse_duration(text) {
            // Every: less than a second becomes a second; sub-second parts are dropped.
            Ok(nanos) => Ok(Parsed::Every {
                delay_secs: (nanos.max(1_000_000_000)) / 1_000_000_000,
            }),
            Err(e) => {
                let mut err =
                    CronError::schedule(spec, format!("failed to parse duration {spec}: {e}"));
                err.column = Some(8);
                Err(err.with_hint(
                    "a Go duration such as 90s, 15m, 1h30m or 2h; units are ns, us, ms, s, m, h",
                ))
            }
        };
    }
    let err = CronError::schedule(spec, format!("unrecognized descriptor: {spec}"));
    Err(err.with_hint(
        "descriptors are @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly \
         and @every <duration>, in lower case",
    ))
}

/// Parses a schedule as the API server's CronJob validation does: `cron.ParseStandard`, and
/// no `TZ`/`CRON_TZ` in the schedule (the time zone belongs in `spec.timeZone`).
pub fn parse(spec: &str) -> Result<Parsed, CronError> {
    if spec.is_empty() {
        return Err(CronError::schedule(spec, "empty spec string"));
    }
    if let Some(at) = spec.find("TZ") {
        let mut err = CronError::schedule(
            spec,
            "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
        );
        err.column = Some(spec[..at].chars().count() + 1);
        return Err(err.with_hint("set spec.timeZone (the time_zone argument) instead"));
    }
    if spec.starts_with('@') {
        return parse_descriptor(spec);
    }
    let fields = fields(spec);
    if fields.len() != 5 {
        let listed: Vec<&str> = fields.iter().map(|(_, f)| *f).collect();
        let err = CronError::schedule(
            spec,
            format!(
                "expected exactly 5 fields, found {}: [{}]",
                fields.len(),
                listed.join(" ")
            ),
        );
        let hint = if fields.len() == 6 {
            "Kubernetes schedules have no seconds field: minute hour day-of-month month day-of-week"
        } else {
            "the five fields are: minute hour day-of-month month day-of-week"
        };
        return Err(err.with_hint(hint));
    }
    let mut masks = [0u64; 5];
    for (i, field) in Field::ALL.into_iter().enumerate() {
        let (column, text) = fields[i];
        masks[i] = get_field(text, field, column, spec)?;
    }
    Ok(Parsed::Calendar(Masks {
        minute: masks[0],
        hour: masks[1],
        dom: masks[2],
        month: masks[3],
        dow: masks[4],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(values: &[u64]) -> u64 {
        values.iter().fold(0, |acc, v| acc | 1 << v)
    }

    fn masks(expr: &str) -> Masks {
        match parse(expr) {
            Ok(Parsed::Calendar(m)) => m,
            other => panic!("{expr:?} gave {other:?}"),
        }
    }

    #[test]
    fn get_bits_matches_upstream_table() {
        assert_eq!(get_bits(0, 0, 1), 0x1);
        assert_eq!(get_bits(1, 1, 1), 0x2);
        assert_eq!(get_bits(1, 5, 2), 0x2a);
        assert_eq!(get_bits(1, 4, 2), 0xa);
        assert_eq!(all(Field::Minute), 0xfff_ffff_ffff_ffff | STAR_BIT);
        assert_eq!(all(Field::Hour), 0xff_ffff | STAR_BIT);
        assert_eq!(all(Field::DayOfMonth), 0xffff_fffe | STAR_BIT);
        assert_eq!(all(Field::Month), 0x1ffe | STAR_BIT);
        assert_eq!(all(Field::DayOfWeek), 0x7f | STAR_BIT);
    }

    #[test]
    fn fields_parse_to_bits() {
        // (expression, minute, hour, dom, month, dow)
        let star = STAR_BIT;
        let cases: &[(&str, u64, u64, u64, u64, u64)] = &[
            (
                "5 * * * *",
                bits(&[5]),
                all(Field::Hour),
                all(Field::DayOfMonth),
                all(Field::Month),
                all(Field::DayOfWeek),
            ),
            (
                "*/15 0 1 1 0",
                bits(&[0, 15, 30, 45]),
                bits(&[0]),
                bits(&[1]),
                bits(&[1]),
                bits(&[0]),
            ),
            (
                "*/1 ? ? ? ?",
                all(Field::Minute),
                all(Field::Hour),
                all(Field::DayOfMonth),
                all(Field::Month),
                all(Field::DayOfWeek),
            ),
            (
                "10/20 1-5/2 1,15 JAN-mar Mon-FRI",
                bits(&[10, 30, 50]),
                bits(&[1, 3, 5]),
                bits(&[1, 15]),
                bits(&[1, 2, 3]),
                bits(&[1, 2, 3, 4, 5]),
            ),
            (
                "1,,2 +3 01 dec sun",
                bits(&[1, 2]),
                bits(&[3]),
                bits(&[1]),
                bits(&[12]),
                bits(&[0]),
            ),
            (
                "*-5 ?-x/1 *-1-2 * *",
                all(Field::Minute),
                all(Field::Hour),
                all(Field::DayOfMonth),
                all(Field::Month),
                all(Field::DayOfWeek),
            ),
            (
                ", * * * *",
                0,
                all(Field::Hour),
                all(Field::DayOfMonth),
                all(Field::Month),
                all(Field::DayOfWeek),
            ),
            (
                "0 0 * * fr\u{130}",
                1,
                1,
                all(Field::DayOfMonth),
                all(Field::Month),
                bits(&[5]),
            ),
            (
                "*/61 * */2 * *",
                1,
                star | 0xff_ffff,
                bits(&[1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31]),
                all(Field::Month),
                all(Field::DayOfWeek),
            ),
            (
                "0\t0\u{a0}1 1  *",
                1,
                1,
                bits(&[1]),
                bits(&[1]),
                all(Field::DayOfWeek),
            ),
        ];
        for &(expr, minute, hour, dom, month, dow) in cases {
            let want = Masks {
                minute,
                hour,
                dom,
                month,
                dow,
            };
            assert_eq!(masks(expr), want, "{expr:?}");
        }
    }

    #[test]
    fn descriptors() {
        let daily = masks("0 0 * * *");
        assert_eq!(masks("@daily"), daily);
        assert_eq!(masks("@midnight"), daily);
        assert_eq!(masks("@hourly"), masks("0 * * * *"));
        assert_eq!(
            masks("@weekly"),
            Masks {
                dow: 1,
                ..masks("0 0 * * *")
            }
        );
        assert_eq!(masks("@monthly"), masks("0 0 1 * *"));
        assert_eq!(masks("@yearly"), masks("@annually"));
        assert_eq!(masks("@yearly"), masks("0 0 1 1 *"));
        let every = |e| match parse(e) {
            Ok(Parsed::Every { delay_secs }) => delay_secs,
            other => panic!("{e:?} gave {other:?}"),
        };
        assert_eq!(every("@every 1h30m"), 5400);
        assert_eq!(every("@every 1.9s"), 1);
        assert_eq!(every("@every 0"), 1);
        assert_eq!(every("@every -5m"), 1);
    }

    #[test]
    fn errors_mirror_robfig() {
        // (expression, robfig's message, field, column)
        let cases: &[(&str, &str, Option<Field>, Option<usize>)] = &[
            ("", "empty spec string", None, None),
            ("61 * * * *", "end of range (61) above maximum (59): 61", Some(Field::Minute), Some(1)),
            ("0 24 * * *", "end of range (24) above maximum (23): 24", Some(Field::Hour), Some(3)),
            ("0 0 0 * *", "beginning of range (0) below minimum (1): 0", Some(Field::DayOfMonth), Some(5)),
            ("0 0 * 13 *", "end of range (13) above maximum (12): 13", Some(Field::Month), Some(7)),
            ("0 0 * * 7", "end of range (7) above maximum (6): 7", Some(Field::DayOfWeek), Some(9)),
            ("0 0 * * 1-7", "end of range (7) above maximum (6): 1-7", Some(Field::DayOfWeek), Some(9)),
            ("0 0 * * 1,2,9", "end of range (9) above maximum (6): 9", Some(Field::DayOfWeek), Some(13)),
            ("0 0 0 * * *", "expected exactly 5 fields, found 6: [0 0 0 * * *]", None, None),
            ("   ", "expected exactly 5 fields, found 0: []", None, None),
            ("5-3 * * * *", "beginning of range (5) beyond end of range (3): 5-3", Some(Field::Minute), Some(1)),
            ("*/0 * * * *", "step of range should be a positive number: */0", Some(Field::Minute), Some(1)),
            ("*/-12 * * * *", "negative number (-12) not allowed: -12", Some(Field::Minute), Some(1)),
            ("5--5 * * * *", "too many hyphens: 5--5", Some(Field::Minute), Some(1)),
            ("5- * * * *", "failed to parse int from : strconv.Atoi: parsing \"\": invalid syntax", Some(Field::Minute), Some(1)),
            ("1-2-3 * * * *", "too many hyphens: 1-2-3", Some(Field::Minute), Some(1)),
            ("*//2 * * * *", "too many slashes: *//2", Some(Field::Minute), Some(1)),
            ("0 0 * jan-x *", "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax", Some(Field::Month), Some(7)),
            ("0 0 * * monday", "failed to parse int from monday: strconv.Atoi: parsing \"monday\": invalid syntax", Some(Field::DayOfWeek), Some(9)),
            ("99999999999999999999 * * * *", "failed to parse int from 99999999999999999999: strconv.Atoi: parsing \"99999999999999999999\": value out of range", Some(Field::Minute), Some(1)),
            ("@every Xm", "failed to parse duration @every Xm: time: invalid duration \"Xm\"", None, Some(8)),
            ("@unrecognized", "unrecognized descriptor: @unrecognized", None, None),
            ("@Daily", "unrecognized descriptor: @Daily", None, None),
            ("@every", "unrecognized descriptor: @every", None, None),
            ("TZ=UTC 0 * * * *", "cannot use TZ or CRON_TZ in schedule, use timeZone field instead", None, Some(1)),
            ("0 * * * * CRON_TZ=UTC", "cannot use TZ or CRON_TZ in schedule, use timeZone field instead", None, Some(16)),
        ];
        for &(expr, reason, field, column) in cases {
            let err = parse(expr).expect_err(expr);
            assert_eq!(err.reason, reason, "{expr:?}");
            assert_eq!(err.field, field, "{expr:?}");
            assert_eq!(err.column, column, "{expr:?}");
        }
    }

    #[test]
    fn error_display_names_field_and_hint() {
        let err = parse("0 0 * * 7").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid cron schedule \"0 0 * * 7\": day of week field (field 5 of 5, column 9): \
             end of range (7) above maximum (6): 7; hint: Sunday is 0 (or SUN); robfig/cron v3, \
             which Kubernetes uses, accepts 0-6 only"
        );
    }
}
