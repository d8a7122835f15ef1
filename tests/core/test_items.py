"""The guarantee / quality / survey indicators are named once, in the standard data."""

from __future__ import annotations

import pytest

from qbalance import SpecError, evaluate_county, example_county, load_standard
from qbalance.ratios import RATIO_SPECS, parent_share, rotation_share, training_budget_share

EXPECTED = ([f"G{i}" for i in range(1, 16)] + [f"Q{i}" for i in range(1, 10)]
            + ["S1", "S2", "S3"])


def test_national_names_every_guarantee_quality_and_survey_indicator() -> None:
    std = load_standard("national-2017")
    assert [i.code for i in std.items] == EXPECTED
    assert std.item("G11").unit == "percent"
    assert std.item("G1").unit == "declared"
    assert std.item("S1").unit == "permille"
    assert std.item("G14").text_zh is not None and "50%" in std.item("G14").text_zh


def test_every_check_takes_its_names_from_the_standard() -> None:
    std = load_standard("national-2017")
    res = evaluate_county(example_county(), std)
    for area in (res.guarantee, res.quality, res.survey):
        assert [c.code for c in area.checks] == [i.code for i in std.items
                                                 if i.area == area.checks[0].area]
        for c in area.checks:
            assert (c.name_zh, c.name_en) == (std.item(c.code).name_zh,
                                              std.item(c.code).name_en)
    # A derived standard that renames an item changes the check's name, nothing else.
    data = std.model_dump(mode="json")
    for it in data["items"]:
        if it["code"] == "G14":
            it["name_zh"] = "名额分配到校"
    renamed = std.from_dict(data)
    res2 = evaluate_county(example_county(), renamed)
    assert res2.check("G14").name_zh == "名额分配到校"
    assert res2.check("G14").verdict is res.check("G14").verdict
    assert res2.check("G14").measures == res.check("G14").measures


@pytest.mark.usefixtures("english")
def test_a_standard_without_the_item_is_refused_by_name() -> None:
    std = load_standard("national-2017")
    data = std.model_dump(mode="json")
    data["items"] = [i for i in data["items"] if i["code"] != "Q4"]
    with pytest.raises(SpecError, match="names no indicator 'Q4'"):
        evaluate_county(example_county(), std.from_dict(data))


@pytest.mark.usefixtures("english")
def test_item_code_and_area_must_agree() -> None:
    data = load_standard().model_dump(mode="json")
    data["items"][0]["area"] = "quality"
    with pytest.raises(Exception, match="does not match the code"):
        load_standard().from_dict(data)


def test_public_ratio_functions_and_county_checks_share_one_table() -> None:
    assert rotation_share(67, 614) == RATIO_SPECS["rotation_share"].value(67, 614)
    assert parent_share(1, 4) == 0.25
    assert training_budget_share(146.2652, 2432.346) == float(
        RATIO_SPECS["training_budget_share"].exact(146.2652, 2432.346))
    res = evaluate_county(example_county())
    g11 = res.check("G11")
    rot = example_county().guarantee
    assert rot is not None and rot.rotation is not None
    assert g11.measures[0].exact == RATIO_SPECS["rotation_share"].exact(
        rot.rotation.rotated, rot.rotation.eligible)
    assert float(g11.measures[0].exact) == rotation_share(rot.rotation.rotated,
                                                         rot.rotation.eligible)
