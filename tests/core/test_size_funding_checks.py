"""Funding and size checks of the ratio primitives (issue 3): report figures, properties,
and every invalid input.

The figures come from the source reports in /work/shared/reports (index in README.md
there); each test names the county, the report and the section.  These checks compare
counts and amounts against limits, so the reports print totals and amounts rather than
rounded ratios: the figures are kept here, not in tests/data/report_ratios.toml (whose
format is a printed ratio and its rounding).  The one figure that is a printed per-pupil
value (Midu's special-education 6000 yuan) is in that file.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qbalance
from qbalance import DataError, RatioError, evaluate_county, example_county, load_standard
from qbalance import ratios
from qbalance.models import SchoolKind
from qbalance.ratios import (
    classes_over_limit,
    exact_per_pupil,
    exact_teacher_pay_ratio,
    music_art_room_shortfalls,
    per_pupil,
    rooms_required,
    schools_averaging_over,
    schools_over_size,
    small_school_funds_required,
    survey_sample_required,
    teacher_pay_ratio,
)

#: These tests match the English wording of the errors (their Chinese is tested
#: in tests/core/test_messages_everywhere.py).
pytestmark = pytest.mark.usefixtures("english")

NATIONAL = load_standard("national-2017")
G = NATIONAL.require_guarantee()

NEW_NAMES = [
    "RoomKindCheck", "RoomShortfalls", "classes_over_limit", "exact_per_pupil",
    "exact_teacher_pay_ratio", "music_art_room_shortfalls", "schools_averaging_over",
    "schools_over_size", "small_school_funds_required", "survey_sample_required",
    "teacher_pay_ratio",
]


def test_new_names_are_exported() -> None:
    # the ratio functions are public in qbalance.ratios; qbalance.__all__ is the curated
    # surface (issue 13, item 7), through which they stay reachable for compatibility
    for name in NEW_NAMES:
        assert name in ratios.__all__, name
        assert getattr(qbalance, name) is getattr(ratios, name)


# -- report figures ----------------------------------------------------------------------

def test_pingyuan_three_primary_schools_over_2000() -> None:
    # Pingyuan (平远县) 000 self-evaluation report, September 2025, item 11:
    # 平远县第一小学 2289, 平远县实验小学 2318, 平远县城南小学 2535 pupils (> 2000).
    primary = G.school_size_max[SchoolKind.PRIMARY]
    assert primary == 2000
    over = schools_over_size([2289, 2318, 2535], primary)
    assert over.dtype == np.bool_ and over.tolist() == [True, True, True]
    assert int(over.sum()) == 3


def test_baoqing_two_schools_over_2000() -> None:
    # Baoqing (宝清县) 002 self-evaluation report, 2024 data, (三) 政府保障 4:
    # 第一中学 2212 (junior) and 第四小学 2268 (primary) pupils, over 2000.
    limits = [G.school_size_max[SchoolKind.JUNIOR], G.school_size_max[SchoolKind.PRIMARY]]
    assert schools_over_size([2212, 2268], limits).tolist() == [True, True]
    # The same enrolments would be within a nine-year school's 2500.
    nine = G.school_size_max[SchoolKind.NINE_YEAR]
    assert nine == 2500
    assert not schools_over_size([2212, 2268], nine).any()
    assert not schools_over_size([2000], 2000).any()  # at the limit is within it


def _pingyuan_like(classes: int, over: int, schools_over: int, schools: int, limit: int,
                   seed: int) -> list[list[int]]:
    """Invented class sizes per school with the report's totals (the report prints no
    class list): ``over`` of ``classes`` classes over ``limit``, in ``schools_over`` of
    ``schools`` schools."""
    rng = random.Random(seed)
    out: list[list[int]] = [[] for _ in range(schools)]
    for k in range(over):  # spread the oversized classes over the first schools_over
        out[k % schools_over].append(rng.randint(limit + 1, limit + 15))
    for k in range(classes - over):
        out[k % schools].append(rng.randint(20, limit))
    return out


def test_pingyuan_class_sizes_not_met() -> None:
    # Pingyuan (平远县) 000 self-evaluation report, September 2025, item 12: 181 of 310
    # primary classes over 45 and 90 of 166 junior classes over 50; 15 schools with
    # oversized classes, 10 primary and 5 junior.  The class sizes are invented with
    # those totals (20 schools with primary classes, 16 with junior ones, also invented).
    lim = G.class_size_max
    assert (lim.primary, lim.junior) == (45, 50)
    primary = _pingyuan_like(310, 181, 10, 20, 45, seed=1)
    junior = _pingyuan_like(166, 90, 5, 16, 50, seed=2)
    p_over = classes_over_limit(primary, 45)
    j_over = classes_over_limit(junior, 50)
    assert sum(map(len, primary)) == 310 and sum(map(len, junior)) == 166
    assert int(p_over.sum()) == 181 and int(j_over.sum()) == 90
    assert int((p_over > 0).sum()) + int((j_over > 0).sum()) == 15
    # One call over both segments with each row's own limit gives the same counts.
    both = classes_over_limit(primary + junior, [45] * 20 + [50] * 16)
    assert both.tolist() == p_over.tolist() + j_over.tolist()


def test_averages_prove_only_an_excess() -> None:
    # Pingyuan (平远县) 000 report, September 2025, part 一 and item 12: 13 450 primary
    # pupils in 310 classes (43.4) and 8045 junior in 166 (48.5) average within 45 / 50
    # although 181 and 90 classes are over.  Midu (弥渡县) 003 report, 2023 data, part 一
    # and 政府保障 5: 16 489 primary pupils in 573 classes and 7596 junior in 172, with 0
    # classes over: averages cannot contradict that.
    assert schools_averaging_over([13_450, 8_045], [310, 166], [45, 50]).tolist() == [
        False, False]
    assert schools_averaging_over([16_489, 7_596], [573, 172], [45, 50]).tolist() == [
        False, False]
    # 2289 pupils (Pingyuan's 第一小学, item 11) in an invented 48 classes average 47.7.
    assert schools_averaging_over([2289], [48], 45).tolist() == [True]
    assert schools_averaging_over([45 * 48], [48], 45).tolist() == [False]


def test_baoqing_small_schools_funded_as_100() -> None:
    # Baoqing (宝清县) 002 self-evaluation report, 2024 data, (三) 政府保障 6: 19 schools
    # under 100 pupils, 609 pupils, funded as 100 each, 225.525 万元 granted; (三) 2: base
    # rates 720 (primary) and 940 (junior) yuan per pupil.
    floor = G.small_school_pupils
    assert floor == 100
    granted = Fraction(Decimal("225.525")) * 10_000
    at_primary = small_school_funds_required(19, 609, floor=floor, base_rate=720)
    at_junior = small_school_funds_required(19, 609, floor=floor, base_rate=940)
    assert isinstance(at_primary, Fraction)
    assert at_primary == 1_368_000 and at_junior == 1_786_000
    assert granted >= at_junior >= at_primary           # a floor: more is fine
    assert 609 * 720 < at_primary                       # real pupils only would not do
    # The required amount does not depend on how few pupils the schools have.
    assert small_school_funds_required(19, 0, floor=floor, base_rate=720) == at_primary
    assert small_school_funds_required(19, 19 * 99, floor=floor, base_rate=720) == at_primary


def test_pingyuan_small_schools() -> None:
    # Pingyuan (平远县) 000 self-evaluation report, September 2025, item 13: 5 schools
    # under 100 pupils, 259 pupils, funded as 100 each: 505 000 yuan in all.  The report
    # prints no base rate; the amount is exactly 500 funded pupils at 1010 yuan.
    assert small_school_funds_required(5, 259, floor=100, base_rate=1010) == 505_000
    assert small_school_funds_required(5, 259, floor=100, base_rate=Decimal("1010.01")) > (
        505_000)


def test_teacher_pay_three_reports() -> None:
    # Pingyuan (平远县) 000 report, September 2025, item 15: 2024 monthly pay 10233.91 vs
    # 9842.00 yuan.  Baoqing (宝清县) 002 report, 2024 data, (三) 8: 8.3220 vs 7.4848 万元
    # a year.  Midu (弥渡县) 003 report, 2023 data, 政府保障 8: 105 082 vs 82 071 yuan.
    threshold = Fraction(G.teacher_pay_ratio_min)
    assert threshold == 1
    cases = [((10233.91, 9842.00), Fraction(1023391, 984200)),
             ((8.3220, 7.4848), Fraction(20805, 18712)),
             ((105_082, 82_071), Fraction(105082, 82071))]
    for (teacher, civil), exact in cases:
        r = exact_teacher_pay_ratio(teacher, civil)
        assert r == exact and r >= threshold
        assert teacher_pay_ratio(teacher, civil) == float(exact)
    # Baoqing in 元 instead of 万元: the same ratio.
    assert exact_teacher_pay_ratio(83_220, 74_848) == Fraction(20805, 18712)
    # One fen below the civil servants' pay is not met.
    assert exact_teacher_pay_ratio(9841.99, 9842.00) < 1


def test_special_education_per_pupil() -> None:
    # Baoqing (宝清县) 002 report, 2024 data, (三) 7: 67.8 万元 for 113 pupils.  Midu
    # (弥渡县) 003 report, 2023 data, 政府保障 7: "900000 万元" (it is 元) for 150 pupils.
    # per_pupil suffices for the value; exact_per_pupil gives the exact threshold test.
    minimum = Fraction(G.special_funds_min_yuan)
    assert minimum == 6000
    for amount, pupils in ((678_000, 113), (900_000, 150)):
        assert exact_per_pupil(amount, pupils) == minimum
        assert per_pupil(amount, pupils) == 6000
    assert exact_per_pupil(Decimal("678000") - Decimal("0.01"), 113) < minimum
    assert exact_per_pupil(900_000 * 10_000, 150) == 60_000_000  # the 万元 read literally


def test_survey_sample_sizes() -> None:
    # Midu (弥渡县) 003 report, 2023 data, part 一 and 社会认可度: 常住人口 25.79 万, 782
    # questionnaires; the report states the rule as "1.5 %" (it is 1.5 ‰).
    per_mille = NATIONAL.require_survey().sample_per_mille_min
    assert per_mille == 1.5
    need = survey_sample_required(257_900, per_mille=per_mille)
    assert need == 387 == math.ceil(Fraction(3, 2000) * 257_900)
    assert 782 >= need
    assert survey_sample_required(257_900, per_mille=15) == 3869 > 782
    # Baoqing (宝清县) 002 report, 2024 data, 一 and (五): 687 questionnaires, "高于常住人口
    # 1.5‰"; it prints only the total population 38.78 万, which bounds the resident one:
    # even 1.5 ‰ of the total needs no more than 687.
    assert survey_sample_required(387_800, per_mille=1.5) == 582 <= 687
    # Pingyuan (平远县) 000 report, September 2025, 一: 常住人口 18.51 万 (survey not yet run).
    assert survey_sample_required(185_100, per_mille=1.5) == 278


def test_pingyuan_room_area_exemption() -> None:
    # Pingyuan (平远县) 000 report, September 2025, item 10: 31 schools, 476 classes, 55
    # music rooms of 3349 m² and 55 art rooms of 3256 m² in all; the rooms of 27 schools
    # are below the minimum area, all built before 2016, and their number meets the need.
    # The per-school layout is invented with exactly those totals: 7 old schools of 8
    # classes with one room of each kind, 20 old and 4 new schools of 17 or 18 classes
    # with two; every room of the old schools is small.
    classes = [8] * 7 + [17, 18] * 12
    music = [[55.0]] * 7 + [[55.0, 55.0]] * 19 + [[55.0, 51.0]] + [[96.0, 96.0]] * 4
    art = [[54.0]] * 7 + [[54.0, 54.0]] * 19 + [[54.0, 52.0]] + [[90.0, 90.0]] * 4
    years = [1998] * 27 + [2016, 2018, 2020, 2021]
    assert len(classes) == 31 and sum(classes) == 476
    assert sum(map(len, music)) == sum(map(len, art)) == 55
    assert sum(map(sum, music)) == 3349 and sum(map(sum, art)) == 3256
    kw: dict[str, Any] = dict(classes_per_room=G.classes_per_room,
                              music_min_m2=G.music_room_min_m2, art_min_m2=G.art_room_min_m2)
    assert G.room_area_exempt_built_before == 2016
    r = music_art_room_shortfalls(classes, music, art, year_built=years,
                                  exempt_built_before=G.room_area_exempt_built_before, **kw)
    assert int(r.need.sum()) == 55
    assert int(r.exempt.sum()) == 27 and not r.short.any() and not r.undecided.any()
    assert int(((r.music.large < r.need) | (r.art.large < r.need)).sum()) == 27  # area short
    # Without the exemption those 27 schools fall short, on area; the new ones meet it.
    r0 = music_art_room_shortfalls(classes, music, art, year_built=years,
                                   exempt_built_before=None, **kw)
    assert int(r0.short.sum()) == 27
    assert set(r0.music.reason.tolist()[:27]) == {"area"} == set(r0.art.reason.tolist()[:27])
    assert set(r0.music.reason.tolist()[27:]) == {"met"} == set(r0.art.reason.tolist()[27:])
    # A 2016 school is not "before 2016": with small rooms it falls short.
    r1 = music_art_room_shortfalls([8], [[55.0]], [[90.0]], year_built=[2016],
                                   exempt_built_before=2016, **kw)
    assert r1.music.reason.tolist() == ["area"] and r1.art.reason.tolist() == ["met"]


def test_rooms_result_is_read_only() -> None:
    r = music_art_room_shortfalls([13], [[96.0]], [[90.0]], classes_per_room=12,
                                  music_min_m2=96, art_min_m2=90, exempt_built_before=2016)
    assert r.need.tolist() == [2] and r.music.reason.tolist() == ["count"]
    with pytest.raises(ValueError):
        r.need[0] = 1
    with pytest.raises(AttributeError):
        r.need = r.need  # type: ignore[misc]


# -- the county evaluation uses the same functions ---------------------------------------

def test_county_checks_agree_with_the_primitives() -> None:
    county = example_county()
    result = evaluate_county(county)
    schools = [s for s in county.schools
               if s.kind is not SchoolKind.SPECIAL and s.kind in G.school_size_max]
    pupils = [sum(b.pupils for b in (s.primary, s.junior) if b is not None) for s in schools]
    over = schools_over_size(pupils, [G.school_size_max[s.kind] for s in schools])
    assert result.check("G4").measures[0].exact == int(over.sum())
    pay = county.guarantee.teacher_pay if county.guarantee else None
    assert pay is not None
    assert result.check("G8").measures[0].exact == exact_teacher_pay_ratio(
        pay.teacher_avg_yuan, pay.civil_servant_avg_yuan)
    survey = county.survey
    assert survey is not None
    need = survey_sample_required(survey.resident_population, per_mille=1.5)
    assert f"needs at least {need}" in result.check("S1").reason_en


def test_county_small_school_error_stays_a_county_data_error() -> None:
    data = example_county().model_dump(mode="json")
    data["guarantee"]["small_schools"]["pupils"] = 3 * 99 + 1
    county = qbalance.County.from_dict(data)
    with pytest.raises(DataError) as info:
        evaluate_county(county)
    err = info.value
    assert type(err) is DataError
    assert str(err) == ("guarantee.small_schools: 3 schools under 100 pupils cannot have "
                        "298 pupils (at most 297)")
    assert err.field == "guarantee.small_schools.pupils" and err.value == 298


# -- properties ----------------------------------------------------------------------------

sizes = st.lists(st.integers(0, 4000), max_size=40)


@given(sizes, st.integers(1, 4000))
def test_school_size_matches_a_loop_and_a_scalar_limit(pupils: list[int], limit: int) -> None:
    over = schools_over_size(pupils, limit)
    assert over.tolist() == [p > limit for p in pupils]
    assert over.tolist() == schools_over_size(pupils, [limit] * len(pupils)).tolist()


@given(st.lists(st.tuples(st.integers(0, 4000), st.integers(1, 4000)), max_size=40),
       st.randoms(use_true_random=False))
def test_school_size_permutation_invariant(rows: list[tuple[int, int]],
                                           rnd: random.Random) -> None:
    pupils, limits = [p for p, _ in rows], [lim for _, lim in rows]
    over = schools_over_size(pupils, limits)
    order = list(range(len(rows)))
    rnd.shuffle(order)
    shuffled = schools_over_size([pupils[i] for i in order], [limits[i] for i in order])
    assert shuffled.tolist() == [bool(over[i]) for i in order]
    assert int(shuffled.sum()) == int(over.sum())


@given(sizes, st.integers(1, 4000), st.integers(0, 500))
def test_school_size_count_is_monotonic_in_the_limit(pupils: list[int], limit: int,
                                                     step: int) -> None:
    low = schools_over_size(pupils, limit)
    high = schools_over_size(pupils, limit + step)
    assert not (high & ~low).any()          # raising the limit never adds a school
    assert int(high.sum()) <= int(low.sum())


class_lists = st.lists(st.lists(st.integers(0, 80), max_size=30), max_size=12)


@given(class_lists, st.integers(1, 80))
def test_classes_over_matches_a_loop(schools: list[list[int]], limit: int) -> None:
    over = classes_over_limit(schools, limit)
    assert over.tolist() == [sum(c > limit for c in cls) for cls in schools]
    assert int(over.sum()) == sum(c > limit for cls in schools for c in cls)


@given(class_lists, st.integers(1, 80), st.integers(0, 20), st.randoms(use_true_random=False))
def test_classes_over_monotonic_and_permutation_invariant(
        schools: list[list[int]], limit: int, step: int, rnd: random.Random) -> None:
    over = classes_over_limit(schools, limit)
    assert (classes_over_limit(schools, limit + step) <= over).all()
    shuffled = [rnd.sample(cls, len(cls)) for cls in schools]  # classes within a school
    assert classes_over_limit(shuffled, limit).tolist() == over.tolist()
    order = rnd.sample(range(len(schools)), len(schools))     # schools
    assert classes_over_limit([schools[i] for i in order], limit).tolist() == [
        int(over[i]) for i in order]


@given(st.lists(st.lists(st.integers(0, 80), min_size=1, max_size=30), max_size=12),
       st.integers(1, 80))
def test_average_over_the_limit_proves_an_oversized_class(schools: list[list[int]],
                                                          limit: int) -> None:
    pupils = [sum(cls) for cls in schools]
    classes = [len(cls) for cls in schools]
    avg = schools_averaging_over(pupils, classes, limit)
    assert avg.tolist() == [p > limit * c for p, c in zip(pupils, classes, strict=True)]
    over = classes_over_limit(schools, limit)
    assert not (avg & (over == 0)).any()    # the pigeonhole: an excess average is a proof


@given(st.integers(0, 500), st.integers(1, 300),
       st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**5), places=2),
       st.data())
def test_small_school_funds(schools: int, floor: int, rate: Decimal, data: st.DataObject) -> None:
    per_school = data.draw(st.lists(st.integers(0, floor - 1), min_size=schools,
                                    max_size=schools))
    pupils = sum(per_school)
    required = small_school_funds_required(schools, pupils, floor=floor, base_rate=rate)
    # Each school funded as max(its pupils, floor): all are under the floor.
    assert required == sum(max(p, floor) for p in per_school) * Fraction(rate)
    assert required == schools * floor * Fraction(rate)
    assert small_school_funds_required(schools + 1, pupils, floor=floor,
                                       base_rate=rate) >= required
    with pytest.raises(RatioError, match="pupils"):
        small_school_funds_required(schools, schools * (floor - 1) + 1, floor=floor,
                                    base_rate=rate)


money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**6), places=2)


@given(money, money, st.sampled_from([1, 10, 10_000]))
def test_teacher_pay_ratio_exact_and_unit_free(teacher: Decimal, civil: Decimal,
                                               k: int) -> None:
    r = exact_teacher_pay_ratio(teacher, civil)
    assert r == Fraction(teacher) / Fraction(civil)
    assert (r >= 1) is (teacher >= civil)
    assert exact_teacher_pay_ratio(teacher * k, civil * k) == r
    assert teacher_pay_ratio(teacher, civil) == float(r)


@given(st.integers(1, 10**8), st.decimals(min_value=0, max_value=1000, places=3),
       st.integers(0, 10**6))
def test_survey_sample_required_is_the_least_enough(population: int, per_mille: Decimal,
                                                    respondents: int) -> None:
    need = survey_sample_required(population, per_mille=per_mille)
    exact = Fraction(per_mille) / 1000 * population
    assert need - 1 < exact <= need
    # Enough respondents by this count iff the exact sample rate meets the rule.
    assert (respondents >= need) is (Fraction(respondents, population) >= Fraction(per_mille)
                                     / 1000)
    assert survey_sample_required(population + 1, per_mille=per_mille) >= need


AREAS = [0.0, 60.0, 89.9, 90.0, 95.9, 96.0, 120.0]


@st.composite
def room_schools(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(0, 12))
    rooms = st.lists(st.sampled_from(AREAS), max_size=6)
    return {
        "classes": draw(st.lists(st.integers(0, 60), min_size=n, max_size=n)),
        "music": draw(st.lists(rooms, min_size=n, max_size=n)),
        "art": draw(st.lists(rooms, min_size=n, max_size=n)),
        "years": draw(st.lists(st.one_of(st.none(), st.integers(1990, 2025)), min_size=n,
                               max_size=n)),
        "per": draw(st.integers(1, 20)),
        "music_min": draw(st.sampled_from([96.0, 95.9, 60.0])),
        "art_min": draw(st.sampled_from([90.0, 89.9, 120.0])),
        "before": draw(st.sampled_from([None, 2016, 2000])),
    }


def _rooms(d: dict[str, Any], **over: Any) -> ratios.RoomShortfalls:
    d = {**d, **over}
    return music_art_room_shortfalls(
        d["classes"], d["music"], d["art"], year_built=d["years"], classes_per_room=d["per"],
        music_min_m2=d["music_min"], art_min_m2=d["art_min"], exempt_built_before=d["before"])


def _reference_reason(classes: int, areas: list[float], year: int | None, per: int,
                      min_area: float, before: int | None) -> str:
    """One school, one kind of room, by the words of the rule."""
    need = rooms_required(classes, classes_per_room=per)
    exempt = year is not None and before is not None and year < before
    counted = len(areas) if exempt else sum(a >= min_area for a in areas)
    if counted >= need:
        return "met"
    if len(areas) < need:
        return "count"
    if year is None and before is not None:
        return "undecided"
    return "area"


@given(room_schools())
def test_rooms_match_a_plain_loop(d: dict[str, Any]) -> None:
    r = _rooms(d)
    for kind, rk, min_area in (("music", r.music, d["music_min"]), ("art", r.art, d["art_min"])):
        want = [_reference_reason(c, a, y, d["per"], min_area, d["before"])
                for c, a, y in zip(d["classes"], d[kind], d["years"], strict=True)]
        assert rk.reason.tolist() == want
        assert rk.short.tolist() == [w in ("count", "area") for w in want]
        assert rk.undecided.tolist() == [w == "undecided" for w in want]
        assert rk.rooms.tolist() == [len(a) for a in d[kind]]
    assert r.need.tolist() == [rooms_required(c, classes_per_room=d["per"])
                               for c in d["classes"]]
    assert not (r.short & r.undecided).any()


@given(room_schools(), st.randoms(use_true_random=False))
def test_rooms_permutation_invariant(d: dict[str, Any], rnd: random.Random) -> None:
    r = _rooms(d)
    n = len(d["classes"])
    order = rnd.sample(range(n), n)
    p = _rooms(d, **{k: [d[k][i] for i in order] for k in ("classes", "music", "art", "years")})
    for a, b in ((r.short, p.short), (r.undecided, p.undecided), (r.need, p.need),
                 (r.music.reason, p.music.reason), (r.art.counted, p.art.counted)):
        assert b.tolist() == [a.tolist()[i] for i in order]


@given(room_schools())
def test_rooms_monotonic(d: dict[str, Any]) -> None:
    r = _rooms(d)
    # A stricter area minimum never removes a shortfall ...
    stricter = _rooms(d, music_min=d["music_min"] + 50, art_min=d["art_min"] + 50)
    assert not ((r.short | r.undecided) & ~(stricter.short | stricter.undecided)).any()
    # ... an extra large room of each kind never adds one ...
    bigger = _rooms(d, music=[a + [200.0] for a in d["music"]],
                    art=[a + [200.0] for a in d["art"]])
    assert not (bigger.short & ~r.short).any()
    # ... and the exemption only removes shortfalls.
    no_rule = _rooms(d, before=None)
    assert not (r.short & ~no_rule.short).any() and not no_rule.undecided.any()


@given(st.decimals(min_value=0, max_value=10**8, places=2), st.integers(1, 10**5))
def test_per_pupil_is_the_exact_value(amount: Decimal, pupils: int) -> None:
    exact = exact_per_pupil(amount, pupils)
    assert exact == Fraction(amount) / pupils
    assert per_pupil(amount, pupils) == float(exact)


# -- invalid inputs ------------------------------------------------------------------------

ROOM_RULE: dict[str, Any] = dict(classes_per_room=12, music_min_m2=96, art_min_m2=90,
                                 exempt_built_before=2016)


def _rooms_call(**kw: Any) -> Callable[[], object]:
    args: dict[str, Any] = dict(classes=[10, 20], music_room_areas=[[96.0], [96.0, 96.0]],
                                art_room_areas=[[90.0], [90.0, 90.0]], labels=["甲小学", "乙小学"],
                                **ROOM_RULE)
    args.update(kw)
    return lambda: music_art_room_shortfalls(**args)


# (call, message pattern, field, value, school)
INVALID: list[tuple[str, Callable[[], object], str, str, object, str | None]] = [
    # school size
    ("size-negative", lambda: schools_over_size([2289, -1], 2000, labels=["一小", "二小"]),
     r"schools_over_size: pupils of 二小 \(position 1\) = -1 is negative", "pupils", -1, "二小"),
    ("size-float", lambda: schools_over_size([2289.5], 2000),
     r"pupils of position 0 = 2289\.5 must be a whole number", "pupils", 2289.5, None),
    ("size-bool", lambda: schools_over_size([True], 2000),
     r"pupils of position 0 = True must be a whole number", "pupils", True, None),
    ("size-text", lambda: schools_over_size(["2289"], 2000),
     r"pupils of position 0 = '2289' must be a whole number", "pupils", "2289", None),
    ("size-2d", lambda: schools_over_size([[1, 2]], 2000),
     r"pupils must be one count per school \(a 1-D array\), got shape \(1, 2\)", "pupils",
     [[1, 2]], None),
    ("size-ragged", lambda: schools_over_size([[1, 2], [1]], 2000),
     r"pupils cannot be read as one count per school", "pupils", [[1, 2], [1]], None),
    ("size-zero-limit", lambda: schools_over_size([1, 2], [2000, 0], labels=["一小", "二小"]),
     r"limits of 二小 \(position 1\) is 0; a limit must be positive", "limits", 0, "二小"),
    ("size-scalar-zero-limit", lambda: schools_over_size([1], 0),
     r"limits is 0; a limit must be positive", "limits", 0, None),
    ("size-negative-limit", lambda: schools_over_size([1], -2000),
     r"limits = -2000 is negative", "limits", -2000, None),
    ("size-length", lambda: schools_over_size([1, 2, 3], [2000, 2500]),
     r"limits has 2 values for 3 schools", "limits", [2000, 2500], None),
    # class size
    ("class-negative", lambda: classes_over_limit([[40], [46, -3]], 45, labels=["一小", "二小"]),
     r"classes_over_limit: class_sizes of 二小 \(position 1\), class 1 = -3 is negative",
     "class_sizes", -3, "二小"),
    ("class-float", lambda: classes_over_limit([[40, 45.5]], 45),  # type: ignore[list-item]
     r"class_sizes of position 0, class 1 = 45\.5 must be a whole number", "class_sizes",
     45.5, None),
    ("class-not-a-list", lambda: classes_over_limit(
        [[40], 46], 45, labels=["一小", "二小"]),  # type: ignore[list-item]
     r"class_sizes of 二小 \(position 1\) must be one count per class", "class_sizes", 46,
     "二小"),
    ("class-top-level", lambda: classes_over_limit("45", 45),  # type: ignore[arg-type]
     r"class_sizes must be a sequence", "class_sizes", "45", None),
    ("class-limits", lambda: classes_over_limit([[40], [41]], [45]),
     r"limits has 1 values for 2 schools", "limits", [45], None),
    ("average-empty", lambda: schools_averaging_over([90, 30], [2, 0], 45, labels=["一小", "二小"]),
     r"schools_averaging_over: 二小 \(position 1\) has 30 pupils in 0 classes", "classes", 0,
     "二小"),
    ("average-length", lambda: schools_averaging_over([90, 30], [2], 45),
     r"classes has 1 values but pupils has 2", "classes", [2], None),
    ("average-negative", lambda: schools_averaging_over([90], [-2], 45),
     r"classes of position 0 = -2 is negative", "classes", -2, None),
    # small schools
    ("small-no-schools", lambda: small_school_funds_required(0, 5, floor=100, base_rate=720),
     r"small_school_funds_required: pupils = 5 but schools = 0", "pupils", 5, None),
    ("small-too-many", lambda: small_school_funds_required(19, 1882, floor=100, base_rate=720),
     r"19 schools under 100 pupils cannot have 1882 pupils \(at most 1881\)", "pupils", 1882,
     None),
    ("small-floor", lambda: small_school_funds_required(19, 0, floor=0, base_rate=720),
     r"floor is 0", "floor", 0, None),
    ("small-rate-zero", lambda: small_school_funds_required(19, 609, floor=100, base_rate=0),
     r"base_rate is 0", "base_rate", 0, None),
    ("small-rate-negative", lambda: small_school_funds_required(19, 609, floor=100,
                                                                base_rate=-720.0),
     r"base_rate = -720\.0 is negative", "base_rate", -720.0, None),
    ("small-rate-nan", lambda: small_school_funds_required(19, 609, floor=100,
                                                           base_rate=float("nan")),
     r"base_rate = nan is not a finite number", "base_rate", None, None),
    ("small-schools-float", lambda: small_school_funds_required(
        19.0, 609, floor=100, base_rate=720),  # type: ignore[arg-type]
     r"schools = 19\.0 must be a whole number", "schools", 19.0, None),
    ("small-pupils-negative", lambda: small_school_funds_required(19, -1, floor=100,
                                                                  base_rate=720),
     r"pupils = -1 is negative", "pupils", -1, None),
    # teacher pay
    ("pay-zero-teacher", lambda: exact_teacher_pay_ratio(0, 9842.00),
     r"teacher_pay_ratio: teacher_avg is 0", "teacher_avg", 0, None),
    ("pay-zero-civil", lambda: teacher_pay_ratio(10233.91, 0),
     r"teacher_pay_ratio: civil_servant_avg is 0", "civil_servant_avg", 0, None),
    ("pay-negative", lambda: teacher_pay_ratio(-10233.91, 9842.00),
     r"teacher_avg = -10233\.91 is negative", "teacher_avg", -10233.91, None),
    ("pay-text", lambda: teacher_pay_ratio("10233.91", 9842.00),  # type: ignore[arg-type]
     r"teacher_avg = '10233\.91' is not a number", "teacher_avg", "10233.91", None),
    ("pay-inf", lambda: teacher_pay_ratio(10233.91, float("inf")),
     r"civil_servant_avg = inf is not a finite number", "civil_servant_avg", math.inf, None),
    # survey
    ("survey-zero", lambda: survey_sample_required(0, per_mille=1.5),
     r"survey_sample_required: population is 0", "population", 0, None),
    ("survey-negative", lambda: survey_sample_required(-257_900, per_mille=1.5),
     r"population = -257900 is negative", "population", -257_900, None),
    ("survey-wan", lambda: survey_sample_required(25.79, per_mille=1.5),  # type: ignore[arg-type]
     r"population = 25\.79 must be a whole number", "population", 25.79, None),
    ("survey-rate-high", lambda: survey_sample_required(257_900, per_mille=1500),
     r"per_mille = 1500 is above 1000", "per_mille", 1500, None),
    ("survey-rate-negative", lambda: survey_sample_required(257_900, per_mille=-1.5),
     r"per_mille = -1\.5 is negative", "per_mille", -1.5, None),
    # special-education per pupil
    ("per-pupil-zero", lambda: exact_per_pupil(678_000, 0),
     r"per_pupil: pupils is 0", "pupils", 0, None),
    ("per-pupil-negative", lambda: exact_per_pupil(-678_000, 113),
     r"per_pupil: amount = -678000 is negative", "amount", -678_000, None),
    # music and art rooms
    ("rooms-negative-area", _rooms_call(music_room_areas=[[96.0], [96.0, -96.0]]),
     r"music_room_areas of 乙小学 \(position 1\), room 1 = -96\.0; an area must be a finite "
     r"number ≥ 0", "music_room_areas", -96.0, "乙小学"),
    ("rooms-nan-area", _rooms_call(art_room_areas=[[float("nan")], [90.0]]),
     r"art_room_areas of 甲小学 \(position 0\), room 0 = nan", "art_room_areas", None, "甲小学"),
    ("rooms-text-area", _rooms_call(art_room_areas=[["90"], [90.0]]),
     r"art_room_areas of 甲小学 \(position 0\), room 0 = '90'", "art_room_areas", "90",
     "甲小学"),
    ("rooms-none-list", _rooms_call(music_room_areas=[None, [96.0]]),
     r"music_room_areas of 甲小学 \(position 0\) = None is not a list of room areas",
     "music_room_areas", None, "甲小学"),
    ("rooms-length", _rooms_call(art_room_areas=[[90.0]]),
     r"art_room_areas has 1 values but classes has 2", "art_room_areas", [[90.0]], None),
    ("rooms-classes", _rooms_call(classes=[10, -20]),
     r"classes of 乙小学 \(position 1\) = -20 is negative", "classes", -20, "乙小学"),
    ("rooms-year", _rooms_call(year_built=[2015, 2015.5]),
     r"year_built of 乙小学 \(position 1\) = 2015\.5 is not a year", "year_built", 2015.5,
     "乙小学"),
    ("rooms-year-length", _rooms_call(year_built=[2015]),
     r"year_built has 1 values but classes has 2", "year_built", [2015], None),
    ("rooms-per", _rooms_call(classes_per_room=0),
     r"classes_per_room is 0", "classes_per_room", 0, None),
    ("rooms-min-area", _rooms_call(music_min_m2=0),
     r"music_min_m2 is 0; it must be positive", "music_min_m2", 0, None),
    ("rooms-min-area-negative", _rooms_call(art_min_m2=-90),
     r"art_min_m2 = -90 is negative", "art_min_m2", -90, None),
    ("rooms-exempt-year", _rooms_call(exempt_built_before=2016.0),
     r"exempt_built_before = 2016\.0 is not a year", "exempt_built_before", 2016.0, None),
]


@pytest.mark.parametrize(("call", "pattern", "field", "value", "school"),
                         [case[1:] for case in INVALID], ids=[case[0] for case in INVALID])
def test_invalid_inputs_raise_a_named_ratio_error(call: Callable[[], object], pattern: str,
                                                  field: str, value: object,
                                                  school: str | None) -> None:
    with pytest.raises(RatioError, match=pattern) as info:
        call()
    err = info.value
    assert isinstance(err, DataError) and isinstance(err, qbalance.QBalanceError)
    assert err.field == field
    assert err.school == school
    if value is None:  # nan: compare by its text
        assert err.value is None or repr(err.value) == "nan" or err.value != err.value
    else:
        assert err.value == value and type(err.value) is type(value)


@settings(max_examples=50)
@given(st.lists(st.integers(-100, 4000), min_size=1, max_size=20))
def test_any_negative_count_is_named(pupils: list[int]) -> None:
    labels = [f"学校{i}" for i in range(len(pupils))]
    if min(pupils) >= 0:
        assert schools_over_size(pupils, 2000, labels=labels).shape == (len(pupils),)
        return
    first = next(i for i, p in enumerate(pupils) if p < 0)
    with pytest.raises(RatioError) as info:
        schools_over_size(pupils, 2000, labels=labels)
    assert info.value.school == labels[first] and info.value.value == pupils[first]
    assert f"{labels[first]} (position {first})" in str(info.value)


def test_empty_inputs_have_nothing_over() -> None:
    assert schools_over_size([], 2000).tolist() == []
    assert classes_over_limit([], 45).tolist() == []
    assert classes_over_limit([[]], 45).tolist() == [0]
    assert schools_averaging_over([], [], 45).tolist() == []
    r = music_art_room_shortfalls([], [], [], **ROOM_RULE)
    assert r.short.tolist() == [] and r.need.tolist() == []
