"""Label selectors from Python: strings, LabelSelector dicts, None."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kubesim as ks

LABELS = {"app": "nginx", "tier": "web", "env": "prod"}


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("", True),
        ("app=nginx", True),
        ("app==nginx", True),
        ("app!=nginx", False),
        ("app=nginx,tier!=db", True),
        ("env in (prod, staging)", True),
        ("env notin (prod)", False),
        ("legacy", False),
        ("!legacy", True),
        ("app", True),
        ({}, True),
        ({"matchLabels": {"app": "nginx"}}, True),
        ({"matchLabels": {"app": "mysql"}}, False),
        ({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["web"]}]}, True),
        ({"matchExpressions": [{"key": "legacy", "operator": "DoesNotExist"}]}, True),
        ({"matchExpressions": [{"key": "missing", "operator": "NotIn", "values": ["x"]}]}, True),
        (None, False),
    ],
)
def test_selector_matches(selector: object, expected: bool) -> None:
    assert ks.selector_matches(selector, LABELS) is expected


@pytest.mark.parametrize(
    "selector",
    [
        "app in (a",
        "=x",
        "app=nginx,",
        {"matchExpressions": [{"key": "a", "operator": "Equals", "values": ["x"]}]},
        {"matchExpressions": [{"key": "a", "operator": "In", "values": []}]},
    ],
)
def test_bad_selectors_raise_selector_error(selector: object) -> None:
    with pytest.raises(ks.SelectorError):
        ks.selector_matches(selector, LABELS)


def test_selector_error_has_position() -> None:
    with pytest.raises(ks.SelectorError) as info:
        ks.selector_matches("app in (a", LABELS)
    assert info.value.position is not None


label = st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True)


@given(st.dictionaries(label, label, max_size=4), st.dictionaries(label, label, max_size=4))
def test_match_labels_is_subset(want: dict[str, str], have: dict[str, str]) -> None:
    expected = all(have.get(k) == v for k, v in want.items())
    assert ks.selector_matches({"matchLabels": want}, have) is expected
    as_string = ",".join(f"{k}={v}" for k, v in want.items())
    assert ks.selector_matches(as_string, have) is expected
