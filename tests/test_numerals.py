import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.content.numerals import cn_to_int, int_to_cn


@pytest.mark.parametrize("text, number", [
    ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("八十七", 87), ("一百零四", 104),
    ("一百一十", 110), ("一千二百三十四", 1234), ("两", 2), ("87", 87), ("８７", 87), (" 3 ", 3),
])
def test_cn_to_int(text, number):
    assert cn_to_int(text) == number


@pytest.mark.parametrize("number, text", [(87, "八十七"), (104, "一百零四"), (10, "十"), (1234, "一千二百三十四")])
def test_int_to_cn(number, text):
    assert int_to_cn(number) == text


@pytest.mark.parametrize("junk", ["", "abc", "十十", "一点五", "1.5", "-1", "第八条", None])
def test_junk_raises_value_error(junk):
    with pytest.raises(ValueError, match="numeral"):
        cn_to_int(junk)


@pytest.mark.parametrize("junk", [-1, 1.5, True, "3"])
def test_int_to_cn_refuses_non_numbers(junk):
    with pytest.raises(ValueError):
        int_to_cn(junk)


def written(number: int) -> str:
    """The numeral as article numbers are written, built here without cn2an (an independent oracle)."""
    digits = "零一二三四五六七八九"
    if number < 20:
        return digits[number] if number < 10 else "十" + (digits[number - 10] if number > 10 else "")
    out, gap = "", False
    for unit, value in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit = number // value % 10
        if digit:
            out += ("零" if gap and out else "") + digits[digit] + unit
        gap = not digit
    return out


@pytest.mark.parametrize("number, text", [(1010, "一千零一十"), (2005, "二千零五"), (110, "一百一十"), (19, "十九")])
def test_oracle(number, text):
    assert written(number) == text


@given(st.integers(min_value=1, max_value=9999))
def test_round_trip(number):
    assert cn_to_int(int_to_cn(number)) == number


@given(st.integers(min_value=1, max_value=9999))
def test_agrees_with_an_independent_writer(number):
    assert int_to_cn(number) == written(number)
    assert cn_to_int(written(number)) == number


@given(st.integers(min_value=1, max_value=9999))
def test_full_width_digits(number):
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in str(number))
    assert cn_to_int(full_width) == number


@given(st.text(max_size=12))
def test_any_text_gives_a_number_or_value_error(text):
    try:
        assert cn_to_int(text) >= 0
    except ValueError as exc:
        assert "numeral" in str(exc)
