//! JSON `null` as the API server decodes it: Go's encoding/json leaves a field untouched
//! when its value is `null` ("unmarshaling a JSON null into any other Go value has no
//! effect"), so `nodeSelectorTerms: null`, `labels: null` or `resources: null` mean
//! "unset" for lists, maps and pointers alike. Dropping such keys before serde sees them
//! gives every typed decode the same meaning.

use serde_json::Value;

/// `value` with every mapping key whose value is `null` removed, at any depth. `null`
/// items of a list are kept (their meaning depends on the item type, which the strict
/// decoder knows; see `manifest::strict`).
pub fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn null_keys_go_at_every_depth_and_list_items_stay() {
        let cases = [
            (json!({"a": null}), json!({})),
            (json!({"a": {"b": null, "c": 1}}), json!({"a": {"c": 1}})),
            (json!([{"a": null}, null]), json!([{}, null])),
            (json!({"a": [{"b": null}]}), json!({"a": [{}]})),
            (json!("x"), json!("x")),
        ];
        for (input, want) in cases {
            assert_eq!(without_nulls(input.clone()), want, "{input}");
        }
    }
}
