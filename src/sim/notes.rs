//! Controller decisions that change nothing but are worth telling: a status "update" that
//! leaves the object as it is carries an event and a reason (a CronJob that skips a run
//! because the last one is still active, a missed schedule, a job it did not expect).
//! They are recorded once per instant, however many reconcile rounds repeat them, and do
//! not count as a change, so the cluster still settles.

use crate::controllers::EventNote;
use crate::manifest::diagnostic::Text;
use crate::sim::engine::Cluster;
use crate::sim::store::Key;

impl Cluster {
    /// Records a no-op action's event and reason; always returns false (nothing changed).
    pub(crate) fn note(
        &mut self,
        owner: &Key,
        actor: &str,
        target: String,
        reason: Text,
        event: Option<EventNote>,
    ) -> bool {
        let now = self.now;
        let object = owner.to_string();
        if let Some(note) = event {
            let seen = self.events.all().iter().rev().take(64).any(|e| {
                e.last_time == now
                    && e.reason == note.reason
                    && e.object == object
                    && e.message == note.message
            });
            if !seen {
                self.event(note.event_type, note.reason, owner, &note.message, actor);
            }
        }
        let seen = self
            .trace
            .iter()
            .rev()
            .take_while(|s| s.time == now)
            .any(|s| s.actor == actor && s.target == target && s.reason == reason);
        if !seen {
            self.record(actor, "observe", target, reason);
        }
        false
    }
}
