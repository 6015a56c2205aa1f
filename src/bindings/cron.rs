//! `kubesim._core.CronSchedule`: the cron engine of `crate::cron`, with Python datetimes at
//! the edge. Naive datetimes are taken as UTC; results are aware datetimes in the schedule's
//! zone (`zoneinfo.ZoneInfo`, or `datetime.timezone.utc`).

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyFloat, PyInt, PyString, PyTuple, PyType};

use super::errors::new_error;
use crate::cron::{CronError, Lang, Parsed, Schedule, Timestamp, Tz};

static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static TIMEDELTA: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static TIMEZONE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static ZONEINFO: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static EPOCHS: PyOnceLock<(Py<PyAny>, Py<PyAny>)> = PyOnceLock::new();
static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `datetime.timezone.utc`, looked up once.
fn utc(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    UTC.get_or_try_init(py, || {
        Ok::<_, PyErr>(
            TIMEZONE
                .import(py, "datetime", "timezone")?
                .getattr("utc")?
                .unbind(),
        )
    })
    .map(|u| u.bind(py))
}

/// `kubesim.errors.CronError` with the structured parts as attributes.
fn cron_error(py: Python<'_>, e: &CronError) -> PyErr {
    let err = new_error(py, "CronError", (e.to_string(),));
    let value = err.value(py);
    let set = || -> PyResult<()> {
        value.setattr("expr", &e.expr)?;
        value.setattr("field", e.field.map(|f| f.name()))?;
        value.setattr("column", e.column)?;
        value.setattr("reason", &e.reason)?;
        value.setattr("hint", e.hint.as_deref())?;
        Ok(())
    };
    match set() {
        Ok(()) => err,
        Err(other) => other,
    }
}

fn plain_cron_error(py: Python<'_>, message: String) -> PyErr {
    new_error(py, "CronError", (message,))
}

/// (aware epoch, naive epoch)
fn epochs(py: Python<'_>) -> PyResult<&(Py<PyAny>, Py<PyAny>)> {
    EPOCHS.get_or_try_init(py, || {
        let datetime = DATETIME.import(py, "datetime", "datetime")?;
        let utc = TIMEZONE
            .import(py, "datetime", "timezone")?
            .getattr("utc")?;
        let aware = datetime.call1((1970, 1, 1, 0, 0, 0, 0, utc))?;
        let naive = datetime.call1((1970, 1, 1))?;
        Ok((aware.unbind(), naive.unbind()))
    })
}

/// A datetime (naive = UTC) or a POSIX timestamp (int or float) as an instant.
pub(super) fn to_timestamp(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Timestamp> {
    if obj.is_instance_of::<PyBool>() {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "expected a datetime or a POSIX timestamp, got bool",
        ));
    }
    if obj.is_instance_of::<PyInt>() {
        return Ok(Timestamp::from_secs(obj.extract::<i64>()?));
    }
    if obj.is_instance_of::<PyFloat>() {
        let f: f64 = obj.extract()?;
        if !f.is_finite() || f.abs() > 1e15 {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "timestamp {f} is out of range"
            )));
        }
        let secs = f.floor();
        let nanos = (((f - secs) * 1e9).round() as u32).min(999_999_999);
        return Ok(Timestamp {
            secs: secs as i64,
            nanos,
        });
    }
    let datetime = DATETIME.import(py, "datetime", "datetime")?;
    if obj.is_exact_instance(datetime) {
        if let Some(t) = from_state(py, obj)? {
            return Ok(t);
        }
    }
    if !obj.is_instance(datetime)? {
        let type_name = obj.get_type().name()?;
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "expected a datetime or a POSIX timestamp, got {type_name}"
        )));
    }
    let (aware, naive) = epochs(py)?;
    let epoch = if obj.call_method0("utcoffset")?.is_none() {
        naive
    } else {
        aware
    };
    let delta = obj.sub(epoch.bind(py))?;
    let days: i64 = delta.getattr("days")?.extract()?;
    let seconds: i64 = delta.getattr("seconds")?.extract()?;
    let micros: u32 = delta.getattr("microseconds")?.extract()?;
    Ok(Timestamp {
        secs: days * 86_400 + seconds,
        nanos: micros * 1_000,
    })
}

/// A plain `datetime` read from its pickle state (`__reduce__`): one call instead of a
/// subtraction and three attribute reads. `None` if the state is not the 10-byte form.
fn from_state(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Option<Timestamp>> {
    let reduced = obj.call_method0(pyo3::intern!(py, "__reduce__"))?;
    let Ok(reduced) = reduced.cast_into::<PyTuple>() else {
        return Ok(None);
    };
    let Ok(args) = reduced.get_item(1)?.cast_into::<PyTuple>() else {
        return Ok(None);
    };
    let state = args.get_item(0)?;
    let Ok(bytes) = state.cast::<PyBytes>() else {
        return Ok(None);
    };
    let &[y0, y1, mo, d, h, mi, s, u0, u1, u2] = bytes.as_bytes() else {
        return Ok(None);
    };
    let days = crate::cron::days_from_civil(
        i64::from(y0) << 8 | i64::from(y1),
        i64::from(mo & 0x7f),
        i64::from(d),
    );
    let wall = days * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s);
    let micros = u32::from(u0) << 16 | u32::from(u1) << 8 | u32::from(u2);
    let offset = if args.len() < 2 {
        0
    } else {
        let tzinfo = args.get_item(1)?;
        if tzinfo.is(utc(py)?) || tzinfo.is_none() {
            0
        } else {
            let delta = obj.call_method0(pyo3::intern!(py, "utcoffset"))?;
            if delta.is_none() {
                0
            } else {
                let days: i64 = delta.getattr(pyo3::intern!(py, "days"))?.extract()?;
                let seconds: i64 = delta.getattr(pyo3::intern!(py, "seconds"))?.extract()?;
                let micros: i64 = delta
                    .getattr(pyo3::intern!(py, "microseconds"))?
                    .extract()?;
                if micros != 0 {
                    return Ok(None);
                }
                days * 86_400 + seconds
            }
        }
    };
    Ok(Some(Timestamp {
        secs: wall - offset,
        nanos: micros * 1_000,
    }))
}

/// When to fire, as the CronJob controller computes it, for `spec.schedule` in
/// `spec.timeZone` (default UTC).
#[pyclass(module = "kubesim._core", name = "CronSchedule", frozen)]
pub struct PyCronSchedule {
    inner: Schedule,
    time_zone: Option<String>,
    /// The tzinfo of returned datetimes; `None` when `zoneinfo` lacks the zone, in which case
    /// each datetime gets its fixed offset.
    tzinfo: Option<Py<PyAny>>,
}

impl PyCronSchedule {
    /// What every datetime this schedule returns is made of.
    fn maker<'py>(&self, py: Python<'py>) -> PyResult<Maker<'py>> {
        Ok(Maker {
            py,
            datetime: DATETIME.import(py, "datetime", "datetime")?.clone(),
            tzinfo: self.tzinfo.as_ref().map(|t| t.bind(py).clone()),
            tz: self.inner.time_zone(),
        })
    }

    fn datetime<'py>(&self, py: Python<'py>, t: Timestamp) -> PyResult<Bound<'py, PyAny>> {
        self.maker(py)?.make(t)
    }

    fn output<'py>(
        &self,
        py: Python<'py>,
        times: Vec<i64>,
        timestamps: bool,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        if timestamps {
            return Ok(times
                .into_iter()
                .map(|t| PyInt::new(py, t).into_any())
                .collect());
        }
        let maker = self.maker(py)?;
        times
            .into_iter()
            .map(|t| maker.make(Timestamp::from_secs(t)))
            .collect()
    }
}

/// Builds aware datetimes in one zone.
///
/// The fast path calls `datetime(state, tzinfo)` with the 10-byte state that pickling uses
/// (year, month with the fold in its high bit, day, hour, minute, second, microseconds):
/// under the stable ABI that is CPython's cheapest constructor, about three times faster
/// than `datetime.fromtimestamp(ts, tz)`. The wall reading and the fold come from the
/// zone data kubesim computes fire times with.
struct Maker<'py> {
    py: Python<'py>,
    datetime: Bound<'py, PyType>,
    tzinfo: Option<Bound<'py, PyAny>>,
    tz: Tz,
}

impl<'py> Maker<'py> {
    fn make(&self, t: Timestamp) -> PyResult<Bound<'py, PyAny>> {
        let Some(tzinfo) = &self.tzinfo else {
            return self.fixed_offset(t);
        };
        let offset = crate::cron::offset_seconds(self.tz, t.secs);
        let local = t.secs + offset;
        let days = local.div_euclid(86_400);
        let rem = local.rem_euclid(86_400);
        let (year, month, day) = crate::cron::civil_from_days(days);
        if !(1..=9999).contains(&year) {
            return self.slow(t, tzinfo);
        }
        let fold = self.tz != Tz::UTC && second_occurrence(self.tz, t.secs, offset, local);
        let micros = t.nanos / 1_000;
        let state = [
            (year >> 8) as u8,
            (year & 0xff) as u8,
            month as u8 | if fold { 0x80 } else { 0 },
            day as u8,
            (rem / 3600) as u8,
            (rem / 60 % 60) as u8,
            (rem % 60) as u8,
            (micros >> 16) as u8,
            (micros >> 8 & 0xff) as u8,
            (micros & 0xff) as u8,
        ];
        self.datetime.call1((PyBytes::new(self.py, &state), tzinfo))
    }

    /// `datetime.fromtimestamp`, which raises Python's own error out of range.
    fn slow(&self, t: Timestamp, tzinfo: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let dt = self
            .datetime
            .call_method1("fromtimestamp", (t.secs, tzinfo))?;
        if t.nanos >= 1_000 {
            let timedelta = TIMEDELTA.import(self.py, "datetime", "timedelta")?;
            return dt.add(timedelta.call1((0, 0, t.nanos / 1_000))?);
        }
        Ok(dt)
    }

    /// Zones `zoneinfo` does not know get their fixed offset at that instant.
    fn fixed_offset(&self, t: Timestamp) -> PyResult<Bound<'py, PyAny>> {
        let offset = crate::cron::offset_seconds(self.tz, t.secs);
        let timedelta = TIMEDELTA.import(self.py, "datetime", "timedelta")?;
        let delta = timedelta.call1((0, offset))?;
        let tzinfo = TIMEZONE
            .import(self.py, "datetime", "timezone")?
            .call1((delta,))?;
        self.slow(t, &tzinfo)
    }
}

/// Whether the wall reading `local` (at offset `offset`) was already shown once, earlier,
/// under a larger offset: the second pass through an hour repeated when clocks go back,
/// which `zoneinfo` marks with `fold=1`.
fn second_occurrence(tz: Tz, secs: i64, offset: i64, local: i64) -> bool {
    let before = crate::cron::offset_seconds(tz, secs - 86_400);
    if before <= offset {
        return false;
    }
    let earlier = local - before;
    earlier < secs && crate::cron::offset_seconds(tz, earlier) == before
}

#[pymethods]
impl PyCronSchedule {
    /// Parses `expr` as the API server validates `spec.schedule` (robfig/cron v3
    /// `ParseStandard`), in the IANA zone `time_zone` (`spec.timeZone`; `None` means UTC).
    /// Raises `kubesim.errors.CronError` (a `ValueError`) naming the field and why.
    #[new]
    #[pyo3(signature = (expr, time_zone=None))]
    fn new(py: Python<'_>, expr: &str, time_zone: Option<&str>) -> PyResult<Self> {
        let inner = Schedule::with_time_zone(expr, time_zone).map_err(|e| cron_error(py, &e))?;
        let tzinfo = if inner.time_zone() == Tz::UTC {
            Some(utc(py)?.clone().unbind())
        } else {
            ZONEINFO
                .import(py, "zoneinfo", "ZoneInfo")
                .and_then(|zi| zi.call1((inner.time_zone().name(),)))
                .ok()
                .map(Bound::unbind)
        };
        Ok(PyCronSchedule {
            inner,
            time_zone: time_zone.map(str::to_string),
            tzinfo,
        })
    }

    /// The expression as written.
    #[getter]
    fn expr(&self) -> &str {
        self.inner.expr()
    }

    /// The zone name given, or `None` (UTC).
    #[getter]
    fn time_zone(&self) -> Option<&str> {
        self.time_zone.as_deref()
    }

    /// The first fire time after `after` (a datetime, naive = UTC, or a POSIX timestamp), or
    /// `None` if there is none within five years.
    fn next<'py>(
        &self,
        py: Python<'py>,
        after: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let after = to_timestamp(py, after)?;
        self.inner
            .next_timestamp(after)
            .map(|t| self.datetime(py, Timestamp::from_secs(t)))
            .transpose()
    }

    /// The next `n` fire times after `after`, in one call. With `timestamps=True`, POSIX
    /// seconds (ints) instead of datetimes, which is faster still.
    #[pyo3(signature = (after, n, *, timestamps=false))]
    fn next_n<'py>(
        &self,
        py: Python<'py>,
        after: &Bound<'py, PyAny>,
        n: usize,
        timestamps: bool,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let start = to_timestamp(py, after)?;
        let times = self
            .inner
            .fire_timestamps(start, Timestamp::from_secs(i64::MAX), n);
        self.output(py, times, timestamps)
    }

    /// The latest fire time strictly before `before`, searching back at most five years.
    fn prev<'py>(
        &self,
        py: Python<'py>,
        before: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let before = to_timestamp(py, before)?;
        self.inner
            .prev_timestamp(before)
            .map(|t| self.datetime(py, t))
            .transpose()
    }

    /// Whether `dt` is a fire time (a whole minute matching every field in the schedule's
    /// zone). Raises `CronError` for `@every`, which has no calendar to match.
    fn matches(&self, py: Python<'_>, dt: &Bound<'_, PyAny>) -> PyResult<bool> {
        let t = to_timestamp(py, dt)?;
        self.inner.matches_timestamp(t).ok_or_else(|| {
            plain_cron_error(
                py,
                format!(
                    "{:?} fires at a fixed delay after whenever it starts, so no time matches \
                     it on its own; use next(start) instead",
                    self.inner.expr()
                ),
            )
        })
    }

    /// Fire times in `(start, end]`, at most `limit` (default: all), in one call; with
    /// `timestamps=True`, POSIX seconds.
    #[pyo3(signature = (start, end, limit=None, *, timestamps=false))]
    fn fire_times<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
        limit: Option<usize>,
        timestamps: bool,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let start = to_timestamp(py, start)?;
        let end = to_timestamp(py, end)?;
        let times = self
            .inner
            .fire_timestamps(start, end, limit.unwrap_or(usize::MAX));
        self.output(py, times, timestamps)
    }

    /// An iterator over the fire times after `after` (endless for most schedules).
    fn iter(slf: Bound<'_, Self>, after: &Bound<'_, PyAny>) -> PyResult<PyCronIterator> {
        let cursor = to_timestamp(slf.py(), after)?;
        Ok(PyCronIterator {
            schedule: slf.unbind(),
            cursor: Some(cursor),
        })
    }

    /// A sentence saying when the schedule fires, in English (`"en"`) or Korean (`"ko"`).
    #[pyo3(signature = (lang="en"))]
    fn describe(&self, py: Python<'_>, lang: &str) -> PyResult<String> {
        let lang: Lang = lang.parse().map_err(|e: String| plain_cron_error(py, e))?;
        Ok(self.inner.describe(lang))
    }

    /// True for `@every <duration>` schedules.
    #[getter]
    fn is_every(&self) -> bool {
        matches!(self.inner.parsed(), Parsed::Every { .. })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let expr = PyString::new(py, self.inner.expr()).repr()?;
        Ok(match &self.time_zone {
            Some(tz) => format!(
                "CronSchedule({expr}, time_zone={})",
                PyString::new(py, tz).repr()?
            ),
            None => format!("CronSchedule({expr})"),
        })
    }

    fn __str__(&self) -> String {
        self.inner.describe(Lang::En)
    }
}

/// Iterator returned by `CronSchedule.iter(after)`.
#[pyclass(module = "kubesim._core", name = "CronIterator")]
pub struct PyCronIterator {
    schedule: Py<PyCronSchedule>,
    cursor: Option<Timestamp>,
}

#[pymethods]
impl PyCronIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(cursor) = self.cursor else {
            return Ok(None);
        };
        let schedule = self.schedule.get();
        let next = schedule
            .inner
            .next_timestamp(cursor)
            .map(Timestamp::from_secs)
            .filter(|t| *t > cursor);
        self.cursor = next;
        next.map(|t| schedule.datetime(py, t)).transpose()
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCronSchedule>()?;
    m.add_class::<PyCronIterator>()?;
    Ok(())
}
