//! The string form of label selectors, as `kubectl get -l` takes it.
//!
//! A port of the lexer and parser in upstream
//! `staging/src/k8s.io/apimachinery/pkg/labels/selector.go` (`Lexer`, `Parser`, `Parse`),
//! keeping its grammar, quirks and error wording:
//!
//! ```text
//! selector    ::= "" | requirement ("," requirement)*
//! requirement ::= ["!"] KEY [ ("in" | "notin") "(" VALUE ("," VALUE)* ")"
//!                          | ("=" | "==" | "!=" | ">" | "<") VALUE ]
//! ```
//!
//! Whitespace is space, tab, CR and LF. Identifiers run until whitespace or one of
//! `= ! ( ) , > <`. `in`/`notin` are keywords only where an operator is expected. Values may
//! be empty (`x=`, `x in (a,,b)`, `x in ()`), and set values are deduplicated and sorted.
//! Like upstream, which reads bytes and takes a zero byte for the end of input, a NUL
//! character ends the selector where a token would start and is skipped right after one.

use std::collections::BTreeMap;

use super::{requirement_problems, validate, Operator, Requirement, Selector};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}

/// A token, its text and its byte offset in the input.
#[derive(Debug, Clone, Copy)]
struct Item<'a> {
    tok: Tok,
    lit: &'a str,
    at: usize,
}

/// Where `in`/`notin` are read: as operators after a key, or as plain identifiers elsewhere
/// (upstream `ParserContext`), so `in in (in)` is a valid selector.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    KeyAndOperator,
    Values,
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_special(b: u8) -> bool {
    matches!(b, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

/// Upstream `Lexer.Lex`, run to the end: the input's tokens, ending with `EndOfString`.
/// It works on bytes; every token boundary is an ASCII byte, so slices stay on characters.
fn lex(s: &str) -> Vec<Item<'_>> {
    let bytes = s.as_bytes();
    let text = |from: usize, to: usize| s.get(from..to).unwrap_or_default();
    let mut items = Vec::new();
    let mut pos = 0;
    loop {
        while bytes.get(pos).copied().is_some_and(is_whitespace) {
            pos += 1;
        }
        let start = pos;
        let Some(&first) = bytes.get(pos).filter(|b| **b != 0) else {
            items.push(Item {
                tok: Tok::EndOfString,
                lit: "",
                at: start,
            });
            return items;
        };
        if is_special(first) {
            let second = bytes.get(pos + 1).copied();
            let (tok, len) = match (first, second) {
                (b'=', Some(b'=')) => (Tok::DoubleEquals, 2),
                (b'!', Some(b'=')) => (Tok::NotEquals, 2),
                (b'=', _) => (Tok::Equals, 1),
                (b'!', _) => (Tok::DoesNotExist, 1),
                (b'(', _) => (Tok::OpenPar, 1),
                (b')', _) => (Tok::ClosedPar, 1),
                (b',', _) => (Tok::Comma, 1),
                (b'>', _) => (Tok::GreaterThan, 1),
                _ => (Tok::LessThan, 1),
            };
            pos += len;
            items.push(Item {
                tok,
                lit: text(start, pos),
                at: start,
            });
        } else {
            while bytes
                .get(pos)
                .is_some_and(|&b| b != 0 && !is_special(b) && !is_whitespace(b))
            {
                pos += 1;
            }
            let lit = text(start, pos);
            let tok = match lit {
                "in" => Tok::In,
                "notin" => Tok::NotIn,
                _ => Tok::Identifier,
            };
            items.push(Item {
                tok,
                lit,
                at: start,
            });
        }
        // Upstream reads one byte past a token and, if it is a zero byte, does not put it back.
        if bytes.get(pos) == Some(&0) {
            pos += 1;
        }
    }
}

/// A parse failure: upstream's message and the byte offset it is about.
struct Failure {
    reason: String,
    at: usize,
}

fn fail<T>(reason: String, at: usize) -> Result<T, Failure> {
    Err(Failure { reason, at })
}

struct Parser<'a> {
    items: Vec<Item<'a>>,
    next: usize,
    end: usize,
}

impl<'a> Parser<'a> {
    /// The current token, without moving on (upstream `lookahead`).
    fn peek(&self, ctx: Context) -> Item<'a> {
        let mut item = self.items.get(self.next).copied().unwrap_or(Item {
            tok: Tok::EndOfString,
            lit: "",
            at: self.end,
        });
        if ctx == Context::Values && matches!(item.tok, Tok::In | Tok::NotIn) {
            item.tok = Tok::Identifier;
        }
        item
    }

    /// The current token, moving on (upstream `consume`).
    fn take(&mut self, ctx: Context) -> Item<'a> {
        let item = self.peek(ctx);
        self.next += 1;
        item
    }

    /// Upstream `Parser.parse`: requirements separated by commas, up to the end.
    fn parse(&mut self) -> Result<Vec<Requirement>, Failure> {
        let mut requirements = Vec::new();
        loop {
            let item = self.peek(Context::Values);
            match item.tok {
                Tok::Identifier | Tok::DoesNotExist => {
                    let r = self.requirement().map_err(|f| Failure {
                        reason: format!("unable to parse requirement: {}", f.reason),
                        at: f.at,
                    })?;
                    requirements.push(r);
                    let after = self.take(Context::Values);
                    match after.tok {
                        Tok::EndOfString => return Ok(requirements),
                        Tok::Comma => {
                            let next = self.peek(Context::Values);
                            if !matches!(next.tok, Tok::Identifier | Tok::DoesNotExist) {
                                return fail(
                                    format!("found '{}', expected: identifier after ','", next.lit),
                                    next.at,
                                );
                            }
                        }
                        _ => {
                            return fail(
                                format!("found '{}', expected: ',' or 'end of string'", after.lit),
                                after.at,
                            )
                        }
                    }
                }
                Tok::EndOfString => return Ok(requirements),
                _ => {
                    return fail(
                        format!(
                            "found '{}', expected: !, identifier, or 'end of string'",
                            item.lit
                        ),
                        item.at,
                    )
                }
            }
        }
    }

    /// Upstream `parseRequirement`.
    fn requirement(&mut self) -> Result<Requirement, Failure> {
        let (key, key_at, inferred) = self.key_and_inferred_operator()?;
        if let Some(op) = inferred {
            return build(key, op, Values::default(), key_at);
        }
        let operator = self.operator()?;
        let values = match operator {
            Operator::In | Operator::NotIn => self.value_set()?,
            _ => self.exact_value()?,
        };
        build(key, operator, values, key_at)
    }

    /// Upstream `parseKeyAndInferOperator`: an optional `!`, a key (validated at once), and
    /// `Exists`/`DoesNotExist` when no operator follows. `!key` stays `DoesNotExist` even when
    /// something follows; the caller then reports that something.
    fn key_and_inferred_operator(&mut self) -> Result<(&'a str, usize, Option<Operator>), Failure> {
        let mut item = self.take(Context::Values);
        let mut operator = None;
        if item.tok == Tok::DoesNotExist {
            operator = Some(Operator::DoesNotExist);
            item = self.take(Context::Values);
        }
        if item.tok != Tok::Identifier {
            return fail(
                format!("found '{}', expected: identifier", item.lit),
                item.at,
            );
        }
        let errs = validate::label_key_errors(item.lit);
        if !errs.is_empty() {
            // Upstream validates with a nil field path, which prints as "<nil>".
            return fail(
                format!(
                    "<nil>: Invalid value: {}: {}",
                    validate::go_quote(item.lit),
                    errs.join("; ")
                ),
                item.at,
            );
        }
        if operator.is_none()
            && matches!(
                self.peek(Context::Values).tok,
                Tok::EndOfString | Tok::Comma
            )
        {
            operator = Some(Operator::Exists);
        }
        Ok((item.lit, item.at, operator))
    }

    /// Upstream `parseOperator`.
    fn operator(&mut self) -> Result<Operator, Failure> {
        let item = self.take(Context::KeyAndOperator);
        Ok(match item.tok {
            Tok::In => Operator::In,
            Tok::Equals => Operator::Equals,
            Tok::DoubleEquals => Operator::DoubleEquals,
            Tok::GreaterThan => Operator::GreaterThan,
            Tok::LessThan => Operator::LessThan,
            Tok::NotIn => Operator::NotIn,
            Tok::NotEquals => Operator::NotEquals,
            _ => {
                return fail(
                    format!(
                        "found '{}', expected: in, notin, =, ==, !=, gt, lt",
                        item.lit
                    ),
                    item.at,
                )
            }
        })
    }

    /// Upstream `parseValues`: `(a,b,...)`; `()` is the set holding the empty string.
    fn value_set(&mut self) -> Result<Values<'a>, Failure> {
        let open = self.take(Context::Values);
        if open.tok != Tok::OpenPar {
            // Upstream's message has no comma here.
            return fail(format!("found '{}' expected: '('", open.lit), open.at);
        }
        let item = self.peek(Context::Values);
        match item.tok {
            Tok::Identifier | Tok::Comma => {
                let values = self.identifiers()?;
                let close = self.take(Context::Values);
                if close.tok != Tok::ClosedPar {
                    return fail(format!("found '{}', expected: ')'", item.lit), close.at);
                }
                Ok(values)
            }
            Tok::ClosedPar => {
                self.take(Context::Values);
                let mut values = Values::default();
                values.insert("", item.at);
                Ok(values)
            }
            _ => fail(
                format!("found '{}', expected: ',', ')' or identifier", item.lit),
                item.at,
            ),
        }
    }

    /// Upstream `parseIdentifiersList`: comma-separated, possibly empty values, stopping
    /// before the closing parenthesis.
    fn identifiers(&mut self) -> Result<Values<'a>, Failure> {
        let mut values = Values::default();
        loop {
            let item = self.take(Context::Values);
            match item.tok {
                Tok::Identifier => {
                    values.insert(item.lit, item.at);
                    let next = self.peek(Context::Values);
                    match next.tok {
                        Tok::Comma => continue,
                        Tok::ClosedPar => return Ok(values),
                        _ => {
                            return fail(
                                format!("found '{}', expected: ',' or ')'", next.lit),
                                next.at,
                            )
                        }
                    }
                }
                Tok::Comma => {
                    if values.is_empty() {
                        values.insert("", item.at); // "(,"
                    }
                    let next = self.peek(Context::Values);
                    if next.tok == Tok::ClosedPar {
                        values.insert("", next.at); // ",)"
                        return Ok(values);
                    }
                    if next.tok == Tok::Comma {
                        values.insert("", next.at); // ",,"
                    }
                }
                _ => {
                    return fail(
                        format!("found '{}', expected: ',', or identifier", item.lit),
                        item.at,
                    )
                }
            }
        }
    }

    /// Upstream `parseExactValue`: one value, empty when the requirement ends right away.
    fn exact_value(&mut self) -> Result<Values<'a>, Failure> {
        let mut values = Values::default();
        let next = self.peek(Context::Values);
        if matches!(next.tok, Tok::EndOfString | Tok::Comma) {
            values.insert("", next.at);
            return Ok(values);
        }
        let item = self.take(Context::Values);
        if item.tok == Tok::Identifier {
            values.insert(item.lit, item.at);
            return Ok(values);
        }
        fail(
            format!("found '{}', expected: identifier", item.lit),
            item.at,
        )
    }
}

/// A requirement's values as upstream's string set holds them (deduplicated, sorted), each
/// with the byte offset where it first appeared, to point errors at it.
#[derive(Default)]
struct Values<'a>(BTreeMap<&'a str, usize>);

impl<'a> Values<'a> {
    fn insert(&mut self, value: &'a str, at: usize) {
        self.0.entry(value).or_insert(at);
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Upstream `NewRequirement` on parsed parts; a failure points at the earliest bad value in
/// the text, or at the key.
fn build(
    key: &str,
    operator: Operator,
    values: Values<'_>,
    key_at: usize,
) -> Result<Requirement, Failure> {
    let positions: Vec<usize> = values.0.values().copied().collect();
    let values: Vec<String> = values.0.keys().map(|v| v.to_string()).collect();
    let problems = requirement_problems(key, operator, &values);
    if problems.is_empty() {
        return Ok(Requirement {
            key: key.to_string(),
            operator,
            values,
        });
    }
    let at = problems
        .iter()
        .filter_map(|p| p.value_index.and_then(|i| positions.get(i).copied()))
        .min()
        .unwrap_or(key_at);
    let reason = validate::aggregate(problems.into_iter().map(|p| p.message).collect());
    fail(reason, at)
}

/// Parses the string form of a selector (upstream `labels.Parse`), e.g.
/// `app=nginx,tier!=db,env in (a,b),!legacy`. The empty string selects everything.
/// Requirements come out sorted by key. On failure, [`Error::Selector`] carries the input,
/// the 0-based character position of the token where parsing failed, and upstream's reason.
pub fn parse(s: &str) -> Result<Selector> {
    let mut parser = Parser {
        items: lex(s),
        next: 0,
        end: s.len(),
    };
    match parser.parse() {
        Ok(requirements) => Ok(Selector::from_requirements(requirements)),
        Err(Failure { reason, at }) => Err(Error::Selector {
            input: s.to_string(),
            position: s
                .get(..at)
                .map_or_else(|| s.chars().count(), |p| p.chars().count()),
            reason,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexer_tokens() {
        use Tok::*;
        let cases: Vec<(&str, Vec<(Tok, &str)>)> = vec![
            ("", vec![(EndOfString, "")]),
            ("   \t\r\n", vec![(EndOfString, "")]),
            ("x", vec![(Identifier, "x"), (EndOfString, "")]),
            (
                "x in (a,b)",
                vec![
                    (Identifier, "x"),
                    (In, "in"),
                    (OpenPar, "("),
                    (Identifier, "a"),
                    (Comma, ","),
                    (Identifier, "b"),
                    (ClosedPar, ")"),
                    (EndOfString, ""),
                ],
            ),
            (
                "a==b!=c=d",
                vec![
                    (Identifier, "a"),
                    (DoubleEquals, "=="),
                    (Identifier, "b"),
                    (NotEquals, "!="),
                    (Identifier, "c"),
                    (Equals, "="),
                    (Identifier, "d"),
                    (EndOfString, ""),
                ],
            ),
            (
                "!x>1<2",
                vec![
                    (DoesNotExist, "!"),
                    (Identifier, "x"),
                    (GreaterThan, ">"),
                    (Identifier, "1"),
                    (LessThan, "<"),
                    (Identifier, "2"),
                    (EndOfString, ""),
                ],
            ),
            (
                "===",
                vec![(DoubleEquals, "=="), (Equals, "="), (EndOfString, "")],
            ),
            (
                ">=",
                vec![(GreaterThan, ">"), (Equals, "="), (EndOfString, "")],
            ),
            (
                "!!",
                vec![(DoesNotExist, "!"), (DoesNotExist, "!"), (EndOfString, "")],
            ),
            (
                "notin in innotin",
                vec![
                    (NotIn, "notin"),
                    (In, "in"),
                    (Identifier, "innotin"),
                    (EndOfString, ""),
                ],
            ),
            (
                "日本=語",
                vec![
                    (Identifier, "日本"),
                    (Equals, "="),
                    (Identifier, "語"),
                    (EndOfString, ""),
                ],
            ),
            (
                "a\0b",
                vec![(Identifier, "a"), (Identifier, "b"), (EndOfString, "")],
            ),
            (
                "=\0b",
                vec![(Equals, "="), (Identifier, "b"), (EndOfString, "")],
            ),
            (
                "a,\0b",
                vec![
                    (Identifier, "a"),
                    (Comma, ","),
                    (Identifier, "b"),
                    (EndOfString, ""),
                ],
            ),
            (
                "a, \0b",
                vec![(Identifier, "a"), (Comma, ","), (EndOfString, "")],
            ),
        ];
        for (input, want) in cases {
            let got: Vec<(Tok, &str)> = lex(input).iter().map(|i| (i.tok, i.lit)).collect();
            assert_eq!(got, want, "input {input:?}");
        }
    }

    #[test]
    fn lexer_positions() {
        let got: Vec<usize> = lex(" a  !=\tbc , d").iter().map(|i| i.at).collect();
        assert_eq!(got, vec![1, 4, 7, 10, 12, 13]);
    }
}
