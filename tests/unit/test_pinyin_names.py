"""A Chinese contact named in pinyin by an English-writing manager is the filed contact it fits,
only when exactly one does."""

from __future__ import annotations

import pytest

from services.pinyin_names import filed_contact, fits, romanized

SHAGANG = ("季海东", "刘伟", "王娟")


@pytest.mark.parametrize(
    "written",
    ["Ji Haidong", "Haidong Ji", "Mr. Ji", "Mr Ji", "jihaidong", "JI HAIDONG", "ji haidong",
     "Ji Hai-dong", "haidongji", "Director Ji"],
)  # fmt: skip
def test_a_pinyin_name_in_any_order_or_case_is_the_filed_contact(written: str) -> None:
    assert filed_contact(written, SHAGANG) == "季海东"


@pytest.mark.parametrize("written", ["Ji", "Ji Haidang", "Li Haidong", "Haidong", "季海东", ""])
def test_a_name_that_does_not_spell_the_contact_is_not_linked(written: str) -> None:
    assert filed_contact(written, SHAGANG) is None


def test_two_contacts_the_name_fits_are_not_guessed_between() -> None:
    two_ji = ("季海东", "季明", "刘伟")
    assert filed_contact("Mr. Ji", two_ji) is None
    assert filed_contact("Ji Ming", two_ji) == "季明"  # the whole name still tells them apart


def test_same_spelled_names_of_two_contacts_are_not_guessed_between() -> None:
    assert filed_contact("Liu Wei", ("刘伟", "柳薇")) is None


def test_a_surname_read_its_own_way_and_a_compound_surname_fit() -> None:
    assert fits("Shan Lei", "单磊")
    assert fits("Ouyang Ming", "欧阳明")
    assert fits("Mr. Ouyang", "欧阳明")
    assert fits("Lv Qiang", "吕强") and fits("Lu Qiang", "吕强")


def test_a_filed_name_is_spelled_as_an_english_reader_writes_it() -> None:
    assert romanized("季海东") == "Ji Haidong"
    assert romanized("欧阳明") == "Ouyang Ming"
