//! The event log, shaped like `kubectl get events`: type, reason, object, message, time.

use serde::Serialize;

use super::clock::Time;

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

/// All events of a simulation, oldest first.
#[derive(Debug, Clone, Default)]
pub struct EventLog {
    events: Vec<Event>,
}

impl EventLog {
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
}
