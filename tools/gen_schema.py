"""Generates src/manifest/schema/generated.rs: the field names and types of the built-in
kinds kubesim checks field by field, read from the Kubernetes API types.

Usage (kubernetes/api and kubernetes/apimachinery checked out at the release kubesim follows):

    python tools/gen_schema.py K8S_API_DIR APIMACHINERY_DIR > src/manifest/schema/generated.rs

Only facts are taken from the Go source (each struct's JSON field names and Go types); the
output is a plain Rust table. Run it again when kubesim moves to a new Kubernetes release.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# Packages read, as (import path, directory under the checkout, short prefix for names).
PACKAGES = [
    ("k8s.io/api/core/v1", "core/v1", "CORE"),
    ("k8s.io/api/apps/v1", "apps/v1", "APPS"),
    ("k8s.io/api/batch/v1", "batch/v1", "BATCH"),
    ("k8s.io/api/policy/v1", "policy/v1", "POLICY"),
    ("k8s.io/api/networking/v1", "networking/v1", "NETWORKING"),
    ("k8s.io/api/rbac/v1", "rbac/v1", "RBAC"),
    ("k8s.io/api/autoscaling/v2", "autoscaling/v2", "AUTOSCALING"),
    ("k8s.io/apimachinery/pkg/apis/meta/v1", "pkg/apis/meta/v1", "META"),
]

# Kinds checked field by field: (package, Go type, apiVersion, kind).
ROOTS = [
    ("k8s.io/api/core/v1", "Pod", "v1", "Pod"),
    ("k8s.io/api/core/v1", "Node", "v1", "Node"),
    ("k8s.io/api/core/v1", "Service", "v1", "Service"),
    ("k8s.io/api/core/v1", "PersistentVolumeClaim", "v1", "PersistentVolumeClaim"),
    ("k8s.io/api/core/v1", "PersistentVolume", "v1", "PersistentVolume"),
    ("k8s.io/api/core/v1", "ConfigMap", "v1", "ConfigMap"),
    ("k8s.io/api/core/v1", "Secret", "v1", "Secret"),
    ("k8s.io/api/core/v1", "Namespace", "v1", "Namespace"),
    ("k8s.io/api/core/v1", "ServiceAccount", "v1", "ServiceAccount"),
    ("k8s.io/api/core/v1", "LimitRange", "v1", "LimitRange"),
    ("k8s.io/api/core/v1", "ResourceQuota", "v1", "ResourceQuota"),
    ("k8s.io/api/core/v1", "ReplicationController", "v1", "ReplicationController"),
    ("k8s.io/api/core/v1", "PodTemplate", "v1", "PodTemplate"),
    ("k8s.io/api/apps/v1", "Deployment", "apps/v1", "Deployment"),
    ("k8s.io/api/apps/v1", "ReplicaSet", "apps/v1", "ReplicaSet"),
    ("k8s.io/api/apps/v1", "StatefulSet", "apps/v1", "StatefulSet"),
    ("k8s.io/api/apps/v1", "DaemonSet", "apps/v1", "DaemonSet"),
    ("k8s.io/api/batch/v1", "Job", "batch/v1", "Job"),
    ("k8s.io/api/batch/v1", "CronJob", "batch/v1", "CronJob"),
    ("k8s.io/api/policy/v1", "PodDisruptionBudget", "policy/v1", "PodDisruptionBudget"),
    ("k8s.io/api/networking/v1", "Ingress", "networking.k8s.io/v1", "Ingress"),
    ("k8s.io/api/networking/v1", "IngressClass", "networking.k8s.io/v1", "IngressClass"),
    ("k8s.io/api/networking/v1", "NetworkPolicy", "networking.k8s.io/v1", "NetworkPolicy"),
    ("k8s.io/api/rbac/v1", "Role", "rbac.authorization.k8s.io/v1", "Role"),
    ("k8s.io/api/rbac/v1", "RoleBinding", "rbac.authorization.k8s.io/v1", "RoleBinding"),
    ("k8s.io/api/rbac/v1", "ClusterRole", "rbac.authorization.k8s.io/v1", "ClusterRole"),
    (
        "k8s.io/api/rbac/v1",
        "ClusterRoleBinding",
        "rbac.authorization.k8s.io/v1",
        "ClusterRoleBinding",
    ),
    (
        "k8s.io/api/autoscaling/v2",
        "HorizontalPodAutoscaler",
        "autoscaling/v2",
        "HorizontalPodAutoscaler",
    ),
]

# Types from elsewhere in apimachinery, and how JSON holds them.
FOREIGN = {
    "k8s.io/apimachinery/pkg/api/resource.Quantity": "QUANTITY",
    "k8s.io/apimachinery/pkg/util/intstr.IntOrString": "INT_OR_STRING",
    "k8s.io/apimachinery/pkg/runtime.RawExtension": "ANY",
    "k8s.io/apimachinery/pkg/types.UID": "STR",
    "k8s.io/apimachinery/pkg/apis/meta/v1.Time": "TIME",
    "k8s.io/apimachinery/pkg/apis/meta/v1.MicroTime": "TIME",
    "k8s.io/apimachinery/pkg/apis/meta/v1.Duration": "STR",
    "k8s.io/apimachinery/pkg/apis/meta/v1.FieldsV1": "ANY",
}
BUILTIN = {
    "string": "STR",
    "bool": "BOOL",
    "int32": "INT32",
    "int64": "INT64",
    "int": "INT64",
    "float64": "FLOAT",
    "float32": "FLOAT",
    "byte": "INT32",
}

STRUCT_RE = re.compile(r"^type (\w+) struct \{\n(.*?)^\}", re.S | re.M)
# A struct with the comment block right above it.
STRUCT_DOC_RE = re.compile(r"((?:^//[^\n]*\n)*)^type (\w+) struct \{", re.M)
# A field with the comment block right above it (inside a struct body).
FIELD_DOC_RE = re.compile(r"((?:^\s*//[^\n]*\n)*)^\s*(?:(\w+)\s+)?([\w.\[\]*]+)\s+`([^`]*)`", re.M)
ALIAS_RE = re.compile(r"^type (\w+) (?!struct)([\w.\[\]*]+)\s*$", re.M)
IMPORT_RE = re.compile(r'^\s*(?:(\w+)\s+)?"([^"]+)"\s*$', re.M)
FIELD_RE = re.compile(r"^\s*(?:(\w+)\s+)?([\w.\[\]*]+)\s+`([^`]*)`", re.M)
JSON_TAG_RE = re.compile(r'json:"([^"]*)"')


def clean_doc(block: str) -> str:
    """A Go doc comment as the OpenAPI description reads it: marker lines (`+optional`,
    `+k8s:...`) and TODO notes dropped, everything after a `---` line dropped, lines of
    one paragraph joined by spaces, paragraphs separated by a blank line."""
    paragraphs: list[list[str]] = [[]]
    for raw in block.splitlines():
        line = raw.strip()
        if not line.startswith("//"):
            continue
        text = line[2:].strip()
        if text.startswith("---"):
            break
        if text.startswith("+") or text.startswith("TODO"):
            continue
        if not text:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(text)
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def rust_str(text: str) -> str:
    """A Rust string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


class Package:
    def __init__(self, path: str, source: str, prefix: str) -> None:
        self.path = path
        self.prefix = prefix
        self.imports: dict[str, str] = {}
        block = re.search(r"^import \((.*?)^\)", source, re.S | re.M)
        for alias, imp in IMPORT_RE.findall(block.group(1) if block else ""):
            self.imports[alias or imp.rsplit("/", 1)[-1]] = imp
        self.structs = {m.group(1): m.group(2) for m in STRUCT_RE.finditer(source)}
        self.docs = {m.group(2): clean_doc(m.group(1)) for m in STRUCT_DOC_RE.finditer(source)}
        self.aliases = {m.group(1): m.group(2) for m in ALIAS_RE.finditer(source)}

    def qualify(self, name: str) -> str:
        if "." in name:
            alias, rest = name.split(".", 1)
            return f"{self.imports.get(alias, alias)}.{rest}"
        return f"{self.path}.{name}"


def main() -> None:
    api_dir, machinery_dir = Path(sys.argv[1]), Path(sys.argv[2])
    packages: dict[str, Package] = {}
    for path, directory, prefix in PACKAGES:
        base = machinery_dir if path.startswith("k8s.io/apimachinery") else api_dir
        packages[path] = Package(path, (base / directory / "types.go").read_text(), prefix)

    emitted: dict[str, str] = {}  # qualified Go type -> Rust static name
    order: list[str] = []

    def static_name(qualified: str) -> str:
        pkg, name = qualified.rsplit(".", 1)
        snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).upper()
        return f"{packages[pkg].prefix}_{snake}"

    def ty(go: str, pkg: Package) -> str:
        """The Rust `Ty` expression for a Go type written in `pkg`."""
        go = go.lstrip("*")
        if go == "[]byte":
            return "BYTES"
        if go.startswith("[]"):
            return f"Ty::List(&{ty(go[2:], pkg)})"
        if go.startswith("map["):
            value = go[go.index("]") + 1 :]
            return f"Ty::Map(&{ty(value, pkg)})"
        if go in BUILTIN:
            return BUILTIN[go]
        qualified = pkg.qualify(go)
        if qualified in FOREIGN:
            return FOREIGN[qualified]
        owner_path, name = qualified.rsplit(".", 1)
        owner = packages.get(owner_path)
        if owner is None:
            return "ANY"
        if name in owner.aliases:
            return ty(owner.aliases[name], owner)
        if name in owner.structs:
            return f"Ty::Struct(&{visit(qualified)})"
        return "ANY"

    def fields(qualified: str) -> list[tuple[str, str, str]]:
        owner_path, name = qualified.rsplit(".", 1)
        owner = packages[owner_path]
        out: list[tuple[str, str, str]] = []
        for doc, go_name, go_type, tags in FIELD_DOC_RE.findall(owner.structs[name]):
            tag = JSON_TAG_RE.search(tags)
            json_name = tag.group(1).split(",")[0] if tag else ""
            if json_name == "-":
                continue
            if not json_name and (not go_name or "inline" in (tag.group(1) if tag else "")):
                embedded = owner.qualify(go_type.lstrip("*"))
                embedded_path, embedded_name = embedded.rsplit(".", 1)
                if embedded_path in packages and embedded_name in packages[embedded_path].structs:
                    out.extend(fields(embedded))
                continue
            out.append((json_name or go_name, ty(go_type, owner), clean_doc(doc)))
        return out

    def visit(qualified: str) -> str:
        if qualified in emitted:
            return emitted[qualified]
        name = static_name(qualified)
        emitted[qualified] = name
        body = fields(qualified)
        order.append((qualified, name, body))  # type: ignore[arg-type]
        return name

    roots = [(visit(f"{p}.{t}"), api_version, kind) for p, t, api_version, kind in ROOTS]

    out = sys.stdout
    out.write(
        "//! GENERATED by tools/gen_schema.py from kubernetes/api and kubernetes/apimachinery\n"
        "//! v0.36.3 (Kubernetes v1.36): the JSON field names and types of every struct\n"
        "//! reachable from the kinds in [`ROOTS`], with their Go doc comments as the\n"
        "//! descriptions `kubectl explain` and the OpenAPI document show. Do not edit; run the\n"
        "//! tool again.\n\n"
        "use super::ty::*;\n\n"
    )
    out.write("/// The kinds checked field by field: (apiVersion, kind, type).\n")
    out.write("pub static ROOTS: &[(&str, &str, &Struct)] = &[\n")
    for name, api_version, kind in roots:
        out.write(f'    ("{api_version}", "{kind}", &{name}),\n')
    out.write("];\n")
    for qualified, name, body in sorted(order, key=lambda o: o[1]):  # type: ignore[index]
        pkg_path, short = qualified.rsplit(".", 1)
        doc = rust_str(packages[pkg_path].docs.get(short, ""))
        out.write(f'\npub static {name}: Struct = Struct {{\n    name: "{short}",\n')
        out.write(f"    doc: {doc},\n")
        out.write("    fields: &[\n")
        for json_name, rust_ty, field_doc in body:
            out.write(f'        fd("{json_name}", {rust_ty}, {rust_str(field_doc)}),\n')
        out.write("    ],\n};\n")


if __name__ == "__main__":
    main()
