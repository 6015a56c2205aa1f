//! The event log, shaped like `kubectl get events`: type, reason, object, message, time.
//!
//! Events live as long as the API server keeps them: kube-apiserver's `--event-ttl`
//! (1 hour by default) after their last update, so the log of a long run stays as large as
//! one hour of activity, not the whole run.

use serde::Serialize;

use super::clock::{Duration, Time};

/// Normal or Warning, as core/v1 Event.type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EventType {
    Normal,
    Warning,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

/// One event. Repeats of the same (type, reason, object, message) are folded into one
/// entry with a count, as the event recorder's correlator does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub event_type: EventType,
    /// e.g. "Scheduled", "SuccessfulCreate", "FailedScheduling", "BackOff".
    pub reason: String,
    /// `kind/name` in kubectl's lower-case form, e.g. "pod/web-7d9f-abcde".
    pub object: String,
    pub namespace: String,
    pub message: String,
    /// Which component reported it, e.g. "replicaset-controller", "kubelet".
    pub source: String,
    pub first_time: Time,
    pub last_time: Time,
    pub count: u32,
}

/// kube-apiserver's default `--event-ttl`: one hour.
pub const DEFAULT_EVENT_TTL: Duration = Duration(3_600_000);

/// All events of a simulation still within their time to live, oldest first.
#[derive(Debug, Clone)]
pub struct EventLog {
    events: Vec<Event>,
    /// How long an event is kept after its last update (`None`: for ever).
    ttl: Option<Duration>,
    /// When the log next drops expired events; between two sweeps an event may outlive
    /// its time to live by at most a sixtieth of it (one minute of the default hour).
    next_sweep: Time,
}

impl Default for EventLog {
    fn default() -> EventLog {
        EventLog {
            events: Vec::new(),
            ttl: Some(DEFAULT_EVENT_TTL),
            next_sweep: Time(i64::MIN),
        }
    }
}

impl EventLog {
    /// An empty log keeping events for `ttl` after their last update (`None`: for ever).
    pub fn with_ttl(ttl: Option<Duration>) -> EventLog {
        EventLog {
            ttl,
            ..EventLog::default()
        }
    }

    /// The time to live of the events recorded from now on.
    pub fn ttl(&self) -> Option<Duration> {
        self.ttl
    }

    /// Changes the time to live; expired events go at the next record or [`Self::expire`].
    pub fn set_ttl(&mut self, ttl: Option<Duration>) {
        self.ttl = ttl;
        self.next_sweep = Time(i64::MIN);
    }

    /// Drops the events whose last update is `ttl` or more before `now`, as etcd's lease
    /// on an event does.
    pub fn expire(&mut self, now: Time) {
        let Some(ttl) = self.ttl else {
            return;
        };
        self.events.retain(|e| now.since(e.last_time) < ttl);
        self.next_sweep = now.plus(Duration((ttl.0 / 60).max(1)));
    }

    /// Records an event at `now`, folding it into an identical earlier one.
    #[allow(clippy::too_many_arguments)] // Mirrors the fields of an event one to one.
    pub fn record(
        &mut self,
        now: Time,
        event_type: EventType,
        reason: &str,
        object: &str,
        namespace: &str,
        message: &str,
        source: &str,
    ) {
        if now >= self.next_sweep {
            self.expire(now);
        }
        if let Some(e) = self.events.iter_mut().rev().take(64).find(|e| {
            e.event_type == event_type
                && e.reason == reason
                && e.object == object
                && e.message == message
        }) {
            e.count += 1;
            e.last_time = now;
            return;
        }
        self.events.push(Event {
            event_type,
            reason: reason.to_string(),
            object: object.to_string(),
            namespace: namespace.to_string(),
            message: message.to_string(),
            source: source.to_string(),
            first_time: now,
            last_time: now,
            count: 1,
        });
    }

    pub fn all(&self) -> &[Event] {
        &self.events
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_fold_into_a_count() {
        let mut log = EventLog::default();
        let t0 = Time::DEFAULT_START;
        let t1 = Time(t0.0 + 10_000);
        log.record(
            t0,
            EventType::Warning,
            "BackOff",
            "pod/a",
            "default",
            "Back-off",
            "kubelet",
        );
        log.record(
            t1,
            EventType::Warning,
            "BackOff",
            "pod/a",
            "default",
            "Back-off",
            "kubelet",
        );
        log.record(
            t1,
            EventType::Normal,
            "Started",
            "pod/a",
            "default",
            "Started",
            "kubelet",
        );
        assert_eq!(log.len(), 2);
        assert_eq!(
            (
                log.all()[0].count,
                log.all()[0].first_time,
                log.all()[0].last_time
            ),
            (2, t0, t1)
        );
    }

    #[test]
    fn events_expire_an_hour_after_their_last_update() {
        let mut log = EventLog::default();
        let at = |ms: i64| Time(Time::DEFAULT_START.0 + ms);
        let note = |log: &mut EventLog, t: Time, reason: &str| {
            log.record(
                t,
                EventType::Normal,
                reason,
                "pod/a",
                "default",
                "m",
                "kubelet",
            );
        };
        note(&mut log, at(0), "Old");
        note(&mut log, at(0), "Refreshed");
        note(&mut log, at(1_800_000), "Refreshed");
        // Not yet: the TTL runs from the last update.
        log.expire(at(3_599_999));
        assert_eq!(log.len(), 2);
        log.expire(at(3_600_000));
        let reasons: Vec<&str> = log.all().iter().map(|e| e.reason.as_str()).collect();
        assert_eq!(reasons, ["Refreshed"]);
        // Recording sweeps too, so a log fed for days keeps about an hour of events.
        for minute in 0..(3 * 24 * 60) {
            note(&mut log, at(minute * 60_000), &format!("E{minute}"));
        }
        assert!((60..=61).contains(&log.len()), "{}", log.len());
        // With no TTL nothing goes.
        let mut forever = EventLog::with_ttl(None);
        note(&mut forever, at(0), "Old");
        forever.expire(at(i64::MAX / 2));
        assert_eq!(forever.len(), 1);
    }
}
