"""Bad input never crashes or hangs: it gives a KubesimError."""

from __future__ import annotations

import contextlib
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kubesim as ks


def _refused(source: object) -> ks.ManifestError:
    with pytest.raises(ks.ManifestError) as info:
        ks.load(source)
    assert info.value.diagnostics, "an error always carries at least one diagnostic"
    return info.value


def test_garbage_bytes() -> None:
    rng = os.urandom
    for _ in range(20):
        with contextlib.suppress(ks.KubesimError):
            ks.load(rng(4096))


def test_ten_megabytes_of_text() -> None:
    error = _refused("a: b\n" * (2 * 1024 * 1024))
    assert error.diagnostics[0].code == "input-too-large"


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        "[" * 5_000 + "]" * 5_000,
        "{a: " * 5_000 + "1" + "}" * 5_000,
        "".join(f"{' ' * i}a:\n" for i in range(2_000)),
        "- " * 10_000 + "x",
    ],
)
def test_deep_nesting(text: str) -> None:
    _refused(text)


def test_alias_bomb() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    error = _refused("\n".join(lines))
    assert error.diagnostics[0].code == "input-limit"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    with contextlib.suppress(ks.KubesimError):
        ks.load(data)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("-:{}[],&*!|>'\"# \n\tabc01")), max_size=200))
def test_arbitrary_yaml_like_text_never_crashes(text: str) -> None:
    with contextlib.suppress(ks.KubesimError):
        ks.load(text)
