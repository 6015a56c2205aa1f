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

/// A datetime (naive = UTC), a POSIX timestamp or an RFC 3339 string as an instant.
pub fn to_time(obj: &Bound<'_, PyAny>) -> PyResult<Time> {
    if let Ok(s) = obj.extract::<String>() {
        return Time::parse_rfc3339(&s).ok_or_else(|| {
            pyo3::exceptions::PyValueError::new_err(format!(
                "{s:?} is not an RFC 3339 UTC time such as \"2026-01-01T02:00:00Z\""
            ))
        });
    }
    let ts = super::cron::to_timestamp(obj.py(), obj)?;
    Ok(Time(ts.secs * 1000 + i64::from(ts.nanos / 1_000_000)))
}

/// "90s", "5m", "1h30m", a number of seconds, or a `timedelta`.
pub fn to_duration(obj: &Bound<'_, PyAny>) -> PyResult<Duration> {
    if let Ok(s) = obj.extract::<String>() {
        return Duration::parse(&s).ok_or_else(|| {
            pyo3::exceptions::PyValueError::new_err(format!(
                "{s:?} is not a duration such as \"90s\", \"5m\" or \"1h30m\""
            ))
        });
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
