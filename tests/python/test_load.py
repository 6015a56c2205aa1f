"""The Python surface of loading: sources, defaults, attribute access, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kubesim as ks

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
"""


def test_load_applies_deployment_defaults() -> None:
    [d] = ks.load(DEPLOYMENT)
    assert isinstance(d, ks.Deployment)
    assert isinstance(d, ks.KubeObject)
    assert (d.kind, d.api_version, d.name, d.namespace) == (
        "Deployment",
        "apps/v1",
        "web",
        "default",
    )
    assert d.spec.replicas == 2
    assert d.spec.strategy.type == "RollingUpdate"
    assert d.spec.strategy.rolling_update.max_surge == "25%"
    assert d.spec.strategy.rollingUpdate.maxUnavailable == "25%"
    assert d.spec.revision_history_limit == 10
    assert d.spec.progress_deadline_seconds == 600
    pod = d.spec.template.spec
    assert pod.restart_policy == "Always"
    assert pod.containers[0].image_pull_policy == "IfNotPresent"


@pytest.mark.parametrize(
    ("image", "policy"),
    [("nginx", "Always"), ("nginx:latest", "Always"), ("nginx:1.25", "IfNotPresent")],
)
def test_image_pull_policy_follows_the_tag(image: str, policy: str) -> None:
    [pod] = ks.load(
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": "p"},
            "spec": {"containers": [{"name": "c", "image": image}]},
        }
    )
    assert pod.spec.containers[0].image_pull_policy == policy


def test_sources_text_path_bytes_dict_list(tmp_path: Path) -> None:
    f = tmp_path / "d.yaml"
    f.write_text(DEPLOYMENT)
    as_dict = ks.load(DEPLOYMENT)[0].to_dict()
    for source in (DEPLOYMENT, str(f), f, DEPLOYMENT.encode(), as_dict, [as_dict]):
        [d] = ks.load(source)
        assert d.to_dict() == as_dict


def test_folder_loads_every_manifest_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b.yml").write_text(DEPLOYMENT.replace("name: web", "name: second"))
    (tmp_path / "a.yaml").write_text(DEPLOYMENT)
    (tmp_path / "notes.txt").write_text("not a manifest")
    assert [o.name for o in ks.load(tmp_path)] == ["web", "second"]


def test_multi_document_and_list() -> None:
    text = (
        DEPLOYMENT
        + "---\n---\n"
        + json.dumps(
            {
                "apiVersion": "v1",
                "kind": "List",
                "items": [
                    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}},
                    {
                        "apiVersion": "v1",
                        "kind": "Service",
                        "metadata": {"name": "svc"},
                        "spec": {"ports": [{"port": 80}]},
                    },
                ],
            }
        )
    )
    objs = ks.load(text)
    assert [o.kind for o in objs] == ["Deployment", "ConfigMap", "Service"]
    cm, svc = objs[1], objs[2]
    assert type(cm) is ks.KubeObject
    assert not cm.simulated
    assert "not simulated" in repr(cm)
    assert svc.spec.ports[0].target_port == 80
    assert svc.spec.type == "ClusterIP"


def test_fields_behave_like_read_only_mappings() -> None:
    [d] = ks.load(DEPLOYMENT)
    labels = d.spec.template.metadata.labels
    assert dict(labels.items()) == {"app": "web"}
    assert labels["app"] == "web"
    assert "app" in labels
    assert len(labels) == 1
    assert labels == {"app": "web"}
    assert d.labels == {"app": "web"}
    assert d.spec.get("paused") is None
    assert d.spec.get("paused", False) is False
    with pytest.raises(AttributeError, match="no field"):
        _ = d.spec.replicaz
    with pytest.raises(KeyError):
        _ = labels["missing"]


def test_to_yaml_round_trips() -> None:
    [d] = ks.load(DEPLOYMENT)
    text = d.to_yaml()
    assert text.startswith("apiVersion: apps/v1\nkind: Deployment\n")
    [again] = ks.load(text)
    assert again == d
    assert json.loads(d.to_json(indent=2)) == d.to_dict()


def test_repr_is_readable() -> None:
    [d] = ks.load(DEPLOYMENT)
    assert repr(d) == "<Deployment default/web (apps/v1)>"


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n\tname: x\n", "yaml-syntax", 4),
        (
            "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: x}\n",
            "removed-api-version",
            1,
        ),
        (
            "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: x}\n",
            "removed-api-version",
            1,
        ),
        ("apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n", "unknown-kind", 2),
        ("kind: Pod\nmetadata: {name: x}\n", "missing-type", 1),
        ("apiVersion: v1\nkind: Pod\nspec: {}\n", "missing-name", 1),
        ("- a\n- b\n", "not-an-object", 1),
        (
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replicas: three\n",
            "type-error",
            5,
        ),
        ("a: 1\na: 2\n", "duplicate-key", 2),
    ],
)
def test_errors_name_code_and_line(text: str, code: str, line: int) -> None:
    with pytest.raises(ks.ManifestError) as info:
        ks.load(text)
    [d] = [d for d in info.value.diagnostics if d.severity == "error"][:1]
    assert (d.code, d.line) == (code, line), str(d)
    assert d.file == "<input>"
    assert d.column >= 1
    assert str(d).startswith(f"<input>:{line}:")
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, ks.KubesimError)


def test_errors_in_korean() -> None:
    with pytest.raises(ks.ManifestError) as info:
        ks.load("kind: Pod\n", lang="ko")
    assert "apiVersion" in str(info.value)
    assert "없습니다" in info.value.diagnostics[0].message


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    f = tmp_path / "broken.yaml"
    f.write_text("apiVersion: v1\nkind: Pod\nmetadata: [\n")
    with pytest.raises(ks.ManifestError) as info:
        ks.load(f)
    assert info.value.diagnostics[0].file == str(f)
    with pytest.raises(ks.SourceError):
        ks.load(tmp_path / "missing.yaml")


def test_lang_is_checked() -> None:
    with pytest.raises(ValueError, match="lang"):
        ks.load(DEPLOYMENT, lang="fr")
