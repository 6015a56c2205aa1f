//! placeholder
use super::{Decision, View};
use crate::api::cronjob::CronJob;
pub fn reconcile(_cj: &CronJob, _view: &View<'_>) -> Decision {
    Decision::default()
}
