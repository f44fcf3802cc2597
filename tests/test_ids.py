"""Ids of imported powers: made from the code as printed when it gives one that fits, else from the name."""

from __future__ import annotations

import pytest

from generator.content.ids import power_id
from generator.content.model import is_id


@pytest.mark.parametrize("code, expected", [
    ("0247001000", "0247001000"), ("330200-CF-001", "330200-cf-001"), ("XK-001", "xk-001"),
    ("０２４７００１０００", "0247001000"), ("-001-", "001"), ("11440000MB2C92178L-2-44000000-000000-0101-01",
                                                           "11440000mb2c92178l-2-44000000-000000-0101-01"),
])
def test_an_id_from_the_code(code, expected):
    assert power_id("甲", code, set()) == expected


@pytest.mark.parametrize("code", ["1" * 57, "1" * 64, "许可", "--"])
def test_a_code_that_gives_no_fitting_id_gives_way_to_the_name(code):
    taken: set[str] = set()
    ids = [power_id("对违法行为的处罚", code, taken) for _ in range(3)]
    assert ids[0] == ids[1].removesuffix("-2") and len(set(ids)) == 3 and all(is_id(i) for i in ids)
    assert not ids[0].startswith("1")
