//! `kubesim._core.CronSchedule`: the cron engine of `crate::cron`, with Python datetimes at
//! the edge. Naive datetimes are taken as UTC; results are aware datetimes in the schedule's
//! zone (`zoneinfo.ZoneInfo`, or `datetime.timezone.utc`).

use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyFloat, PyInt, PyString, PyTuple, PyType};

use super::errors::new_error;
use crate::cron::{CronError, Lang, Parsed, Schedule, Timestamp, Tz, Zone, MAX_SECS, MIN_SECS};

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

/// The most fire times one call returns as a list; more is an error that names `iter()`,
/// so that a range of centuries cannot exhaust memory.
const MAX_BATCH: usize = 1_000_000;

/// An instant outside what kubesim's cron engine (and Python's `datetime`) handles.
fn out_of_range(py: Python<'_>, what: &str) -> PyErr {
    plain_cron_error(
        py,
        format!(
            "{what} is out of range: cron schedules take instants from 0001-01-01T00:00:00Z to \
             9999-12-31T23:59:59Z (POSIX seconds {MIN_SECS} to {MAX_SECS}) / {what}: 범위를 \
             벗어났습니다. cron 스케줄은 0001-01-01T00:00:00Z부터 9999-12-31T23:59:59Z까지의 \
             시각만 다룹니다"
        ),
    )
}

/// A count argument (`n`, `limit`): a non-negative int; huge ones saturate (the batch bound
/// then reports them), negative ones are a `ValueError`, anything else a `TypeError`.
fn count(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<usize> {
    if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
        let type_name = obj.get_type().name()?;
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "{what} must be an int, not {type_name} / {what}은(는) 정수여야 합니다"
        )));
    }
    if obj.lt(0)? {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "{what} must not be negative / {what}은(는) 음수일 수 없습니다"
        )));
    }
    Ok(obj
        .extract::<u64>()
        .map_or(usize::MAX, |v| usize::try_from(v).unwrap_or(usize::MAX)))
}

/// The error for a list longer than [`MAX_BATCH`].
fn too_many(py: Python<'_>, what: &str) -> PyErr {
    plain_cron_error(
        py,
        format!(
            "{what}: more than {MAX_BATCH} fire times in one list; pass a smaller limit (or \
             n), or walk them with iter() / {what}: 한 번에 {MAX_BATCH}개가 넘는 실행 시각은 \
             목록으로 돌려주지 않습니다. limit(또는 n)를 줄이거나 iter()로 하나씩 받으세요"
        ),
    )
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
    from_state_in(py, obj, None)
}

/// [`from_state`], also reading a datetime in `own` (the schedule's `ZoneInfo` and zone)
/// without asking Python for its offset: the wall reading and `fold` (from the protocol-4
/// state, which carries it in the month byte) resolve as PEP 495 says, on the zone data
/// kubesim computes fire times with, the same data that made the datetimes it returns.
fn from_state_in(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    own: Option<(&Bound<'_, PyAny>, Zone)>,
) -> PyResult<Option<Timestamp>> {
    let reduced = obj.call_method1(pyo3::intern!(py, "__reduce_ex__"), (4,))?;
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
    let fold = mo & 0x80 != 0;
    let offset = if args.len() < 2 {
        0
    } else {
        let tzinfo = args.get_item(1)?;
        if tzinfo.is(utc(py)?) || tzinfo.is_none() {
            0
        } else if let Some(zone) = own.filter(|(own, _)| tzinfo.is(own)).map(|(_, z)| z) {
            wall_offset(zone, wall, fold)
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

/// The UTC offset that `zoneinfo` gives a wall reading (as seconds since 1970 of local
/// time) with `fold` (PEP 495): a reading shown twice takes the offset of its first
/// showing with fold 0 and of its second with fold 1; a reading skipped by a change takes
/// the offset before the change with fold 0 and after it with fold 1.
fn wall_offset(zone: Zone, wall: i64, fold: bool) -> i64 {
    // 14 hours either side lies beyond any reading of `wall`.
    let before = zone.offset_at(wall - 50_400);
    let after = zone.offset_at(wall + 50_400);
    if before == after {
        return before;
    }
    let fits = |o: i64| zone.offset_at(wall - o) == o;
    match (fits(before), fits(after)) {
        (true, true) => {
            if fold {
                after
            } else {
                before
            }
        }
        (true, false) => before,
        (false, true) => after,
        (false, false) => {
            if fold {
                after
            } else {
                before
            }
        }
    }
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
    /// The datetime next() or prev() returned last, and its instant: a loop that feeds each
    /// answer back (`t = s.next(t)`) is then not read again. Datetimes are immutable, so the
    /// same object always means the same instant.
    last: Mutex<Option<(Py<PyAny>, Timestamp)>>,
}

impl PyCronSchedule {
    /// What every datetime this schedule returns is made of.
    fn maker<'py>(&self, py: Python<'py>) -> PyResult<Maker<'py>> {
        Ok(Maker {
            py,
            datetime: DATETIME.import(py, "datetime", "datetime")?.clone(),
            tzinfo: self.tzinfo.as_ref().map(|t| t.bind(py).clone()),
            zone: self.inner.zone(),
        })
    }

    fn datetime<'py>(&self, py: Python<'py>, t: Timestamp) -> PyResult<Bound<'py, PyAny>> {
        self.maker(py)?.make(t)
    }

    /// [`Self::datetime`], remembered as the last answer (see `last`).
    fn remembered<'py>(&self, py: Python<'py>, t: Timestamp) -> PyResult<Bound<'py, PyAny>> {
        let dt = self.datetime(py, t)?;
        if let Ok(mut last) = self.last.try_lock() {
            *last = Some((dt.clone().unbind(), t));
        }
        Ok(dt)
    }

    /// An argument as an instant: a datetime (naive = UTC; in this schedule's own zone read
    /// without calling back into Python) or POSIX seconds, within [`MIN_SECS`]..=[`MAX_SECS`];
    /// anything out of range is a `CronError` naming `what`.
    fn read(&self, py: Python<'_>, obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Timestamp> {
        if let Ok(last) = self.last.try_lock() {
            if let Some((dt, t)) = last.as_ref() {
                if obj.is(dt) {
                    return Ok(*t);
                }
            }
        }
        let datetime = DATETIME.import(py, "datetime", "datetime")?;
        let t = if obj.is_exact_instance(datetime) {
            let own = self
                .tzinfo
                .as_ref()
                .map(|t| (t.bind(py), self.inner.zone()));
            match from_state_in(py, obj, own)? {
                Some(t) => t,
                None => to_timestamp(py, obj)?,
            }
        } else {
            to_timestamp(py, obj).map_err(|e| {
                if e.is_instance_of::<pyo3::exceptions::PyOverflowError>(py) {
                    out_of_range(py, what)
                } else {
                    e
                }
            })?
        };
        if (MIN_SECS..=MAX_SECS).contains(&t.secs) {
            Ok(t)
        } else {
            Err(out_of_range(py, what))
        }
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
    zone: Zone,
}

impl<'py> Maker<'py> {
    fn make(&self, t: Timestamp) -> PyResult<Bound<'py, PyAny>> {
        let Some(tzinfo) = &self.tzinfo else {
            return self.fixed_offset(t);
        };
        let offset = self.zone.offset_at(t.secs);
        let local = t.secs + offset;
        let days = local.div_euclid(86_400);
        let rem = local.rem_euclid(86_400);
        let (year, month, day) = crate::cron::civil_from_days(days);
        if !(1..=9999).contains(&year) {
            return Err(beyond_datetime(self.py, t, self.zone));
        }
        let fold = self.zone.tz != Tz::UTC && second_occurrence(self.zone, t.secs, offset, local);
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

    /// `datetime.fromtimestamp`, for an instant whose wall reading `fixed_offset` checked.
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
        let offset = self.zone.offset_at(t.secs);
        let year = crate::cron::civil_from_days((t.secs + offset).div_euclid(86_400)).0;
        if !(1..=9999).contains(&year) {
            return Err(beyond_datetime(self.py, t, self.zone));
        }
        let timedelta = TIMEDELTA.import(self.py, "datetime", "timedelta")?;
        let delta = timedelta.call1((0, offset))?;
        let tzinfo = TIMEZONE
            .import(self.py, "datetime", "timezone")?
            .call1((delta,))?;
        self.slow(t, &tzinfo)
    }
}

/// A fire time whose wall reading lies outside years 1..=9999, which `datetime` cannot hold.
fn beyond_datetime(py: Python<'_>, t: Timestamp, zone: Zone) -> PyErr {
    let zone = zone.tz.name();
    plain_cron_error(
        py,
        format!(
            "the fire time at POSIX second {} falls outside years 1 to 9999 in {zone}, which a \
             datetime cannot hold; ask with timestamps=True / POSIX 초 {}의 실행 시각은 {zone}에서 \
             1~9999년 밖이라 datetime으로 나타낼 수 없습니다. timestamps=True로 받으세요",
            t.secs, t.secs
        ),
    )
}

/// Whether the wall reading `local` (at offset `offset`) was already shown once, earlier,
/// under a larger offset: the second pass through an hour repeated when clocks go back,
/// which `zoneinfo` marks with `fold=1`.
fn second_occurrence(zone: Zone, secs: i64, offset: i64, local: i64) -> bool {
    let before = zone.offset_at(secs - 86_400);
    if before <= offset {
        return false;
    }
    let earlier = local - before;
    earlier < secs && zone.offset_at(earlier) == before
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
            last: Mutex::new(None),
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
        let after = self.read(py, after, "after")?;
        self.inner
            .next_timestamp(after)
            .map(|t| self.remembered(py, Timestamp::from_secs(t)))
            .transpose()
    }

    /// The next `n` fire times after `after`, in one call (at most 1,000,000; iter() has no
    /// limit). With `timestamps=True`, POSIX seconds (ints) instead of datetimes, which is
    /// faster still.
    #[pyo3(signature = (after, n, *, timestamps=false))]
    fn next_n<'py>(
        &self,
        py: Python<'py>,
        after: &Bound<'py, PyAny>,
        n: &Bound<'py, PyAny>,
        timestamps: bool,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let n = count(n, "n")?;
        if n > MAX_BATCH {
            return Err(too_many(py, "next_n"));
        }
        let start = self.read(py, after, "after")?;
        let times = self
            .inner
            .fire_timestamps(start, Timestamp::from_secs(MAX_SECS), n);
        self.output(py, times, timestamps)
    }

    /// The latest fire time strictly before `before`, searching back at most five years.
    fn prev<'py>(
        &self,
        py: Python<'py>,
        before: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let before = self.read(py, before, "before")?;
        self.inner
            .prev_timestamp(before)
            .map(|t| self.remembered(py, t))
            .transpose()
    }

    /// Whether `dt` is a fire time (a whole minute matching every field in the schedule's
    /// zone). Raises `CronError` for `@every`, which has no calendar to match.
    fn matches(&self, py: Python<'_>, dt: &Bound<'_, PyAny>) -> PyResult<bool> {
        let t = self.read(py, dt, "dt")?;
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
    /// `timestamps=True`, POSIX seconds. A list of more than 1,000,000 is a `CronError`
    /// (pass a limit, or walk them with iter()).
    #[pyo3(signature = (start, end, limit=None, *, timestamps=false))]
    fn fire_times<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
        limit: Option<&Bound<'py, PyAny>>,
        timestamps: bool,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let limit = limit.map(|l| count(l, "limit")).transpose()?;
        let start = self.read(py, start, "start")?;
        let end = self.read(py, end, "end")?;
        let wanted = limit.unwrap_or(usize::MAX);
        let times = self
            .inner
            .fire_timestamps(start, end, wanted.min(MAX_BATCH + 1));
        if times.len() > MAX_BATCH {
            return Err(too_many(py, "fire_times"));
        }
        self.output(py, times, timestamps)
    }

    /// An iterator over the fire times after `after` (endless for most schedules).
    fn iter(slf: Bound<'_, Self>, after: &Bound<'_, PyAny>) -> PyResult<PyCronIterator> {
        let cursor = slf.get().read(slf.py(), after, "after")?;
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
