"""Fuzzing the loader, validator and checks: whatever the bytes, a report and never a traceback.

A few hundred examples per strategy by default; the full run is
`QUANZE_FUZZ_EXAMPLES=10000 pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.tools.check import run_check

MINI = Path(__file__).parent / "fixtures" / "mini"
VALID = (MINI / "agencies" / "demo.yaml").read_bytes()
EXAMPLES = int(os.environ.get("QUANZE_FUZZ_EXAMPLES", "200"))
PROBLEM = re.compile(r"^\S.*:\d+:\d+: (error|warning): .+")
SLOWEST: list = [0.0, b""]  # seconds, input
RUNS: list[int] = [0]

_ROOT = Path(tempfile.mkdtemp(prefix="quanze-fuzz-"))
shutil.copytree(MINI, _ROOT / "content")
TARGET = _ROOT / "content" / "agencies" / "fuzz.yaml"

fuzz = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])


def check_bytes(data: bytes) -> None:
    """Run `quanze check` on content holding `data` as an agency file; it must report, not raise."""
    TARGET.write_bytes(data)
    start = time.process_time()  # CPU time: other jobs on a shared machine don't count
    report = run_check(_ROOT / "content", root=_ROOT)
    took = time.process_time() - start
    RUNS[0] += 1
    if took > SLOWEST[0]:
        SLOWEST[:] = [took, data]
    for problem in report.problems:
        assert PROBLEM.match(str(problem)) and "\n" not in str(problem), str(problem)
    report.summary()
    report.as_dict()


YAML_CHARS = (" \n\t:-#&*!|>'\"%@`{}[],?~.0123456789abcxyz_\\\r\x00\x85\u2028\ufeff"
              "名称职权行政处罚类别：，。（）《》　０１２")
FIELDS = ["name", "region", "admin_level", "title", "powers", "id", "serial", "code", "category", "basis",
          "statute", "article", "text", "responsibilities", "step", "accountability", "nmae", "- id", "-", "?"]
VALUES = ["", "示例", "'0247001000'", "０２４７００１０００", "行政处罚", "行政處罰", "县级", "87", "-1", "[]", "{}",
          "null", "~", "|", ">-", "&a x", "*a", "!!python/object:os.system", "'", '"', "[a, b", "shehui-baoxian-fa",
          "con", "../x", "1e400", "2021-13-45", "0x1F", ".inf", "!!binary AAAA", "{a: [b, {c: d}]}"]


@st.composite
def yamlish(draw) -> str:
    """Lines of `key: value` at random indents, with list dashes, comments and stray characters."""
    lines = []
    for _ in range(draw(st.integers(0, 30))):
        indent = " " * draw(st.sampled_from([0, 0, 2, 2, 4, 6, 1, 3]))
        key, value = draw(st.sampled_from(FIELDS)), draw(st.sampled_from(VALUES))
        noise = draw(st.text(alphabet=YAML_CHARS, max_size=4))
        lines.append(draw(st.sampled_from([f"{indent}{key}: {value}", f"{indent}- {key}: {value}",
                                           f"{indent}{key}:", f"{indent}- {value}", f"{indent}{noise}",
                                           f"{indent}{key}: {value}{noise}"])))
    return "\n".join(lines)


@st.composite
def mutated(draw) -> bytes:
    """The valid demo file with a few slices deleted, inserted, duplicated or replaced."""
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        end = min(len(data), at + draw(st.integers(0, 40)))
        action = draw(st.sampled_from(["delete", "insert", "duplicate", "replace", "text"]))
        if action == "delete":
            del data[at:end]
        elif action == "insert":
            data[at:at] = draw(st.binary(max_size=8))
        elif action == "duplicate":
            data[at:at] = data[at:end]
        elif action == "replace":
            data[at:end] = draw(st.text(alphabet=YAML_CHARS, max_size=6)).encode("utf-8")
        else:
            data[at:at] = draw(st.sampled_from(VALUES)).encode("utf-8")
    return bytes(data)


@fuzz
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    check_bytes(data)


@fuzz
@given(st.text(alphabet=YAML_CHARS, max_size=400))
def test_random_yaml_characters(text):
    check_bytes(text.encode("utf-8"))


@fuzz
@given(yamlish())
def test_yaml_like_text(text):
    check_bytes(text.encode("utf-8"))


@fuzz
@given(mutated())
def test_mutations_of_a_valid_file(data):
    check_bytes(data)


def test_the_valid_file_passes_and_each_run_was_quick():
    check_bytes(VALID)
    assert run_check(_ROOT / "content", root=_ROOT).ok
    slowest, data = SLOWEST
    gc.collect()  # a collection in a long fuzz run can land on any input: time the slowest again alone
    again = min(_cpu_time(data) for _ in range(3))
    print(f"\n{RUNS[0]} inputs checked; slowest {slowest:.3f} s CPU, {again:.3f} s when run again alone")
    assert again < 1.0, f"check took {again:.2f} s CPU on {data[:300]!r}"


def _cpu_time(data: bytes) -> float:
    TARGET.write_bytes(data)
    start = time.process_time()
    run_check(_ROOT / "content", root=_ROOT)
    return time.process_time() - start


FMT_TARGET = _ROOT / "fmt" / "agencies" / "fuzz.yaml"
FMT_TARGET.parent.mkdir(parents=True)


@fuzz
@given(st.one_of(mutated(), yamlish().map(lambda t: t.encode("utf-8"))))
def test_fmt_refuses_or_keeps_every_value(data):
    from generator.content.load import load_document
    from generator.content.validate import _plain
    from generator.errors import ContentError
    from generator.tools.fmt import format_paths

    FMT_TARGET.write_bytes(data)
    try:
        format_paths([FMT_TARGET])
    except ContentError:
        return
    TARGET.write_bytes(data)
    before, problems = load_document(TARGET)
    after, problems_after = load_document(FMT_TARGET)
    assert problems == problems_after == []
    assert _plain(after.data) == _plain(before.data)
    assert format_paths([FMT_TARGET]) == []
