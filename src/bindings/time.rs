//! Virtual-clock instants and durations to and from Python.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use crate::sim::clock::{Duration, Time};

static UTC_DATETIME: PyOnceLock<(Py<PyAny>, Py<PyAny>)> = PyOnceLock::new();

/// An aware UTC `datetime` for an instant of the virtual clock.
pub fn to_datetime(py: Python<'_>, t: Time) -> PyResult<Bound<'_, PyAny>> {
    let (datetime, utc) = UTC_DATETIME.get_or_try_init(py, || -> PyResult<_> {
        let module = py.import("datetime")?;
        Ok((
            module.getattr("datetime")?.unbind(),
            module.getattr("timezone")?.getattr("utc")?.unbind(),
        ))
    })?;
    datetime
        .bind(py)
        .call_method1("fromtimestamp", (t.0 as f64 / 1000.0, utc.bind(py)))
}

/// The first instant the virtual clock may show: the Unix epoch (Kubernetes timestamps
/// before it do not occur).
pub const FIRST: Time = Time(0);
/// The last instant the virtual clock may show: 9999-12-31T23:59:59.999Z, the last a
/// Python `datetime` holds (RFC 3339 has four-digit years too).
pub const LAST: Time = Time(253_402_300_799_999);

/// A datetime (naive = UTC), a POSIX timestamp or an RFC 3339 string as an instant, between
/// 1970-01-01 and 9999-12-31 (`Cluster(start=2**62)` used to wrap around to 1970).
pub fn to_time(obj: &Bound<'_, PyAny>) -> PyResult<Time> {
    let t = if let Ok(s) = obj.extract::<String>() {
        Time::parse_rfc3339(&s).ok_or_else(|| {
            pyo3::exceptions::PyValueError::new_err(format!(
                "{s:?} is not an RFC 3339 UTC time such as \"2026-01-01T02:00:00Z\""
            ))
        })?
    } else {
        let ts = super::cron::to_timestamp(obj.py(), obj)?;
        ts.secs
            .checked_mul(1000)
            .and_then(|ms| ms.checked_add(i64::from(ts.nanos / 1_000_000)))
            .map(Time)
            .unwrap_or(Time(i64::MAX))
    };
    if !(FIRST..=LAST).contains(&t) {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "the virtual clock runs from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z; \
             give a time between them",
        ));
    }
    Ok(t)
}

/// `now + span`, refused when it would pass [`LAST`] (`advance("1e300")` was accepted,
/// and then every read of `c.now` raised).
pub fn checked_end(now: Time, span: Duration) -> PyResult<Time> {
    match now.0.checked_add(span.0).map(Time) {
        Some(end) if end <= LAST => Ok(end),
        _ => Err(pyo3::exceptions::PyValueError::new_err(format!(
            "moving the clock on by {} from {now} would pass 9999-12-31T23:59:59Z, the last \
             instant the virtual clock holds",
            span.human()
        ))),
    }
}

/// "90s", "5m", "1h30m", a number of seconds, or a `timedelta`.
pub fn to_duration(obj: &Bound<'_, PyAny>) -> PyResult<Duration> {
    if let Ok(s) = obj.extract::<String>() {
        let d = Duration::parse(&s).ok_or_else(|| {
            pyo3::exceptions::PyValueError::new_err(format!(
                "{s:?} is not a duration such as \"90s\", \"5m\" or \"1h30m\""
            ))
        })?;
        return seconds(d.0 as f64 / 1000.0);
    }
    if let Ok(secs) = obj
        .call_method0("total_seconds")
        .and_then(|v| v.extract::<f64>())
    {
        return seconds(secs);
    }
    seconds(obj.extract::<f64>()?)
}

fn seconds(secs: f64) -> PyResult<Duration> {
    if !secs.is_finite() || !(0.0..1e12).contains(&secs) {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "a duration must be between 0 and 1e12 seconds, not {secs}"
        )));
    }
    Ok(Duration((secs * 1000.0).round() as i64))
}

/// A `timedelta` for a duration of the virtual clock.
pub fn to_timedelta(py: Python<'_>, d: Duration) -> PyResult<Bound<'_, PyAny>> {
    py.import("datetime")?
        .getattr("timedelta")?
        .call1((0, 0, 0, d.0))
}
