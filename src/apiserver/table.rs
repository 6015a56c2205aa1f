//! Server-side printing: the answer to `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`,
//! which is how kubectl asks for the rows it prints. The cells come from kubesim's own
//! kubectl printers (src/kubectl/printers), so the real kubectl and `c.kubectl(...)` print
//! the same table; `-o wide` columns have priority 1, as the API server's column
//! definitions mark them (pkg/printers/internalversion/printers.go).

use serde_json::{json, Value};

use super::discovery::Resource;
use super::objects::Item;
use super::Request;
use crate::kubectl::format::age;
use crate::kubectl::printers::{columns, section_table, PrintContext, Section};
use crate::kubectl::ResourceType;
use crate::sim::engine::Cluster;

/// The Table of `items` of `res`.
pub(super) fn table(
    cluster: &Cluster,
    res: &Resource,
    items: &[Item],
    meta: Value,
    req: &Request,
) -> Value {
    let resource = ResourceType::from_kind(res.kind);
    // A column is shown without `-o wide` when the plain table has it (events put their
    // wide columns in between, so position alone does not tell).
    let (names, normal): (Vec<&str>, Vec<&str>) = match resource {
        Some(rt) => (columns(rt, true), columns(rt, false)),
        None if res.kind == "Namespace" => (vec!["NAME", "STATUS", "AGE"], vec![]),
        None => (vec!["NAME", "AGE"], vec![]),
    };
    let definitions: Vec<Value> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            json!({
                "name": name,
                "type": "string",
                "format": if i == 0 { "name" } else { "" },
                "description": "",
                "priority": if normal.is_empty() || normal.contains(name) { 0 } else { 1 },
            })
        })
        .collect();
    let mut ctx = PrintContext::new(cluster.now, "");
    ctx.wide = true;
    let include = req.param("includeObject").unwrap_or("Metadata");
    let rows: Vec<Value> = items
        .iter()
        .map(|item| {
            let mut row = json!({"cells": cells(item, resource, &ctx, names.len())});
            match include {
                "None" => {}
                "Object" => row["object"] = item.json.clone(),
                _ => {
                    row["object"] = json!({
                        "kind": "PartialObjectMetadata",
                        "apiVersion": "meta.k8s.io/v1",
                        "metadata": item.json["metadata"].clone(),
                    })
                }
            }
            row
        })
        .collect();
    json!({
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": meta,
        "columnDefinitions": definitions,
        "rows": rows,
    })
}

/// One row's cells, from the printers when kubesim prints the type, else name and age.
fn cells(item: &Item, resource: Option<ResourceType>, ctx: &PrintContext, n: usize) -> Vec<Value> {
    let printed = match (resource, &item.object, &item.event) {
        (Some(rt), Some(obj), _) => {
            section_table(&Section::objects(rt, std::slice::from_ref(obj)), ctx)
        }
        (Some(_), None, Some(e)) => section_table(&Section::events(std::slice::from_ref(e)), ctx),
        _ => None,
    };
    let mut cells: Vec<String> = match printed.and_then(|t| t.rows.into_iter().next()) {
        Some(row) => row,
        None => {
            let meta = &item.json["metadata"];
            let name = meta["name"].as_str().unwrap_or_default().to_string();
            let created = age(ctx.now, meta["creationTimestamp"].as_str());
            if n == 3 {
                let phase = item.json["status"]["phase"].as_str().unwrap_or("Active");
                vec![name, phase.to_string(), created]
            } else {
                vec![name, created]
            }
        }
    };
    cells.resize(n, String::new());
    cells.into_iter().map(Value::String).collect()
}
