"""Guarantee 5 from classes counted by size band (rules-beyond-national.md §2).

"Guarantee 5 (class size) is often collected as counts of classes by size band
(≤25, 26–30, …, 61–65, ≥66); the indicator is met when no class is over the limit."
A band wholly above the limit proves its classes over it; a band straddling the
limit (41–50 against 45) cannot say how many of its classes are over, so without
another band proving a class over the limit the verdict is not assessed, with the
reason.  Never a verdict the bands do not support.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qbalance import County, DataValidationError, evaluate_county, load_standard
from qbalance.examples import example_facts
from qbalance.models import CLASS_SIZE_BANDS, ClassSizeBandFacts, band_label, parse_band
from qbalance.vocab import Verdict

NATIONAL = load_standard("national-2017")      # limits 45 (primary), 50 (junior)


def _seg(pupils: int, classes: int | None,
         bands: dict[str, int] | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {"pupils": pupils, "teachers_above_degree": 30, "backbone_teachers": 5,
                         "pe_art_teachers": 5, "classes": classes}
    if bands is not None:
        d["class_size_bands"] = bands
    return d


def _school(sid: str, kind: str, seg: dict[str, Any]) -> dict[str, Any]:
    return {"id": sid, "name": f"学校{sid}", "kind": kind, "teaching_area_m2": 3000.0,
            "sports_area_m2": 5000.0, "equipment_value_yuan": 1.2e6,
            "multimedia_classrooms": 12, kind: seg}


def _county(schools: list[dict[str, Any]] | None = None, *, primary: Any = None,
            junior: Any = None, class_sizes: Any = None) -> County:
    data = example_facts()
    data["schools"] = schools or [_school("P1", "primary", _seg(400, 10)),
                                  _school("J1", "junior", _seg(400, 10))]
    g = data["guarantee"]
    g.pop("class_sizes", None)
    if class_sizes is not None:
        g["class_sizes"] = class_sizes
    if primary is not None or junior is not None:
        g["class_size_bands"] = {"primary": primary, "junior": junior}
    return County.model_validate(data)


def _g5(county: County, std: Any = NATIONAL) -> Any:
    return evaluate_county(county, std).check("G5")


def test_the_statistics_bands() -> None:
    labels = [band_label(lo, hi) for lo, hi in CLASS_SIZE_BANDS]
    assert labels == ["<=25", "26-30", "31-35", "36-40", "41-45", "46-50", "51-55", "56-60",
                      "61-65", ">=66"]
    assert [parse_band(x) for x in ("25人及以下", "≤25", "26—30人", "66人及以上", "≥66")] == [
        (None, 25), (None, 25), (26, 30), (66, None), (66, None)]
    for bad in ("40+", "30-26", "abc"):
        with pytest.raises(ValueError):
            parse_band(bad)


@pytest.mark.parametrize(("primary", "verdict"), [
    ({"<=25": 2, "41-45": 8}, Verdict.MET),             # 45 is not over 45
    ({"41-45": 8, "46-50": 1}, Verdict.NOT_MET),        # one class of 46-50 is over
    ({">=66": 1}, Verdict.NOT_MET),
    ({"<=25": 0, "46-50": 0, "41-45": 3}, Verdict.MET),  # empty bands above prove nothing
])
def test_aligned_bands_decide_exactly_at_the_limit(primary: dict[str, int],
                                                    verdict: Verdict) -> None:
    c = _g5(_county(primary=primary, junior={"46-50": 5}))
    assert c.verdict is verdict
    m = next(m for m in c.measures if m.name_en.startswith("primary"))
    assert m.exact == sum(n for k, n in primary.items() if k in ("46-50", ">=66"))


def test_junior_limit_50_with_the_band_46_50_met_and_51_55_not() -> None:
    assert _g5(_county(primary={"<=25": 1}, junior={"46-50": 9})).verdict is Verdict.MET
    c = _g5(_county(primary={"<=25": 1}, junior={"46-50": 9, "51-55": 1}))
    assert c.verdict is Verdict.NOT_MET and "初中超过50人的班级（按班额分段） 1/10" in c.reason_zh


def test_a_band_straddling_the_limit_is_not_assessed_with_the_reason() -> None:
    c = _g5(_county(primary={"<=25": 2, "41-50": 5}, junior={"<=25": 1}))
    assert c.verdict is Verdict.NOT_ASSESSED
    assert "41-50跨越限额45人" in c.reason_zh and "5个班是否超过45人无法由分段判断" in c.reason_zh
    assert "straddle the limit 45" in c.reason_en
    assert c.missing == ("guarantee.class_sizes",)      # the classes over the limit decide


def test_a_straddling_band_with_a_band_above_the_limit_is_not_met() -> None:
    c = _g5(_county(primary={"41-50": 5, "51-55": 1}, junior={"<=25": 1}))
    assert c.verdict is Verdict.NOT_MET
    assert "≥1/6" in c.reason_zh            # at least 1 of 6: the 41-50 band cannot tell


@pytest.mark.parametrize(("limit", "verdict"), [
    (45, Verdict.MET), (44, Verdict.NOT_ASSESSED), (40, Verdict.NOT_MET), (50, Verdict.MET)])
def test_the_limit_decides_which_bands_straddle(limit: int, verdict: Verdict) -> None:
    std = NATIONAL.derive(f"limit-{limit}", {"guarantee": {"class_size_max": {
        "primary": limit, "junior": 50}}})
    assert _g5(_county(primary={"36-40": 4, "41-45": 3}, junior={"<=25": 1}), std).verdict \
        is verdict


def test_school_bands_when_the_county_gives_none() -> None:
    ok = [_school("P1", "primary", _seg(400, 10, {"<=25": 2, "41-45": 8})),
          _school("J1", "junior", _seg(400, 10, {"46-50": 10}))]
    assert _g5(_county(ok)).verdict is Verdict.MET
    over = [_school("P1", "primary", _seg(400, 10, {"41-45": 9, "46-50": 1})),
            _school("J1", "junior", _seg(400, 10, {"46-50": 10}))]
    c = _g5(_county(over))
    assert c.verdict is Verdict.NOT_MET and "学校P1（P1）1个" in c.reason_zh


def test_schools_without_bands_leave_it_not_assessed_naming_them() -> None:
    schools = [_school("P1", "primary", _seg(400, 10, {"41-45": 10})),
               _school("P2", "primary", _seg(400, 10)),
               _school("J1", "junior", _seg(400, 10, {"46-50": 10}))]
    c = _g5(_county(schools))
    assert c.verdict is Verdict.NOT_ASSESSED
    assert c.missing == ("schools[P2].primary.class_size_bands",)
    # a school proving a class over the limit decides even so
    schools[0] = _school("P1", "primary", _seg(400, 10, {"41-45": 9, ">=66": 1}))
    assert _g5(_county(schools)).verdict is Verdict.NOT_MET


def test_bands_beside_the_declared_classes_over_the_limit() -> None:
    declared = {"primary_classes": 10, "primary_over": 0, "junior_classes": 10, "junior_over": 0}
    c = _g5(_county(primary={"41-45": 9, "46-50": 1}, junior={"<=25": 10},
                    class_sizes=declared))
    assert c.verdict is Verdict.NOT_MET         # the bands prove one class over 45
    c = _g5(_county(primary={"41-50": 10}, junior={"<=25": 10}, class_sizes=declared))
    assert c.verdict is Verdict.MET             # straddling bands: the declared count decides


def test_bands_must_add_up_to_the_classes_and_not_overlap() -> None:
    with pytest.raises(DataValidationError, match="班额分段的班级数之和为9"):
        _school_model(_seg(400, 10, {"<=25": 1, "41-45": 8}))
    with pytest.raises(DataValidationError, match="重叠"):
        ClassSizeBandFacts(primary={"40-45": 1, "45-50": 2})
    with pytest.raises(DataValidationError, match="重复"):
        ClassSizeBandFacts(primary={"<=25": 1, "≤25": 2})


def _school_model(seg: dict[str, Any]) -> Any:
    from qbalance import School

    return School.model_validate(_school("P1", "primary", seg))


def test_example_county_facts_unchanged() -> None:
    # the example county declares its classes over the limit and gives no bands
    c = evaluate_county(County.model_validate(example_facts() | {"schools": [
        _school("P1", "primary", _seg(400, 10)), _school("J1", "junior", _seg(400, 10))]}),
        NATIONAL).check("G5")
    assert c.verdict is Verdict.MET and "按班额分段" not in c.reason_zh


@settings(max_examples=60, deadline=None)
@given(sizes=st.lists(st.integers(1, 90), min_size=1, max_size=40),
       limit=st.integers(20, 70))
def test_bands_never_give_a_verdict_the_class_sizes_contradict(sizes: list[int],
                                                                limit: int) -> None:
    """Binned into the statistics' bands, the verdict is the true one (no class over the
    limit) or not assessed; it is always decided when the limit is a band's top."""
    bands: dict[str, int] = {}
    for n in sizes:
        lo, hi = next((lo, hi) for lo, hi in CLASS_SIZE_BANDS
                      if (lo is None or n >= lo) and (hi is None or n <= hi))
        bands[band_label(lo, hi)] = bands.get(band_label(lo, hi), 0) + 1
    std = NATIONAL.derive("limit", {"guarantee": {"class_size_max": {"primary": limit,
                                                                     "junior": 50}}})
    # no class counts on the schools: the average class size proves nothing here
    schools = [_school("P1", "primary", _seg(400, None)), _school("J1", "junior", _seg(400, None))]
    c = _g5(_county(schools, primary=bands, junior={"<=25": 1}), std)
    truth = Verdict.MET if max(sizes) <= limit else Verdict.NOT_MET
    assert c.verdict in (truth, Verdict.NOT_ASSESSED)
    if limit in {hi for _, hi in CLASS_SIZE_BANDS if hi is not None}:
        assert c.verdict is truth       # the limit is a band's top: always decided


def test_schools_table_band_columns_read_and_written_back(tmp_path: Any) -> None:
    from qbalance.io.tables import read_schools_csv, school_row, template_keys

    head = ("学校代码,学校名称,学校类型,小学在校生数,小学高于规定学历教师数,小学县级及以上骨干教师数,"
            "小学体育艺术专任教师数,小学班级数,小学班额25人及以下班级数,小学班额41-45人班级数,"
            "小学46-50人班级数,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,网络多媒体教室数\n")
    path = tmp_path / "s.csv"
    path.write_text(head + "P1,城关小学,小学,400,30,5,5,10,4,5,1,3000,5000,1200000,12\n",
                    encoding="utf-8")
    (s,) = read_schools_csv(path)
    assert s.primary is not None
    assert s.primary.class_size_bands == {"<=25": 4, "41-45": 5, "46-50": 1}
    row = school_row(s)
    assert (row["primary_class_band_le25"], row["primary_class_band_41_45"],
            row["primary_class_band_46_50"]) == (4, 5, 1)
    assert not any("class_band" in k for k in template_keys())     # optional columns
    # a band the table has no column for is refused rather than lost
    odd = _school_model(_seg(400, 10, {"41-50": 10}))
    from qbalance import DataError
    with pytest.raises(DataError, match="41-50"):
        school_row(odd)
    bad = head + "P1,城关小学,小学,400,30,5,5,10,4,5,2,3000,5000,1200000,12\n"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(DataValidationError, match="P1"):
        read_schools_csv(path)


def test_declaration_form_item_5_from_the_bands_where_they_decide() -> None:
    from qbalance import declaration_form, example_county

    d = example_county().model_dump()
    del d["guarantee"]["class_sizes"]
    d["guarantee"]["class_size_bands"] = {"primary": {"41-45": 200, "46-50": 11},
                                         "junior": {"<=25": 100, "46-55": 21}}
    county = County.model_validate(d)
    ev = evaluate_county(county)
    item = declaration_form(ev, county).guarantee.item(5)   # type: ignore[union-attr]
    assert item.verdict is Verdict.NOT_MET is ev.check("G5").verdict
    assert item.blank("primary_classes_over").text == "11"
    assert item.blank("junior_classes_over").blank     # 46-55 straddles 50: not counted
