//! placeholder
use crate::api::object::Object;
pub fn apply_defaults(_o: &mut Object) {}
