"""``campus_of`` (a branch campus names its main school) must name a school of the county.

A branch campus whose ``campus_of`` names no school of the county (a typo, a school of
another county, the campus's own id) is a clear error naming the school, the field and
the value — in the table readers (the row, the column, the cell) and in the
:class:`qbalance.County` validation (any other way a county is built).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qbalance import County, DataValidationError, School, load_county
from qbalance.examples import example_county
from qbalance.io.tables import read_schools_csv

from .test_readers_properties import SETTINGS, grid, read_quietly, schools

COUNTY = example_county()


def _with_campus(ss: list[School], i: int, main: str) -> list[School]:
    return [s.model_copy(update={"campus_of": main}) if k == i else s
            for k, s in enumerate(ss)]


def _county(ss: list[School]) -> Any:
    d = COUNTY.model_dump()
    d["schools"] = [s.model_dump() for s in ss]
    return d


def test_county_refuses_an_unknown_main_school() -> None:
    ss = _with_campus(list(COUNTY.schools), 1, "X99")
    with pytest.raises(DataValidationError) as info:
        County.model_validate(_county(ss))
    s = COUNTY.schools[1]
    zh, en = info.value.render("zh"), info.value.render("en")
    for part in (s.id, s.name, "所属学校代码", "campus_of", "“X99”"):
        assert part in zh, zh
    for part in (s.id, "campus_of", "'X99'", "no school with this id"):
        assert part in en, en


def test_county_refuses_a_campus_of_itself() -> None:
    s = COUNTY.schools[0]
    with pytest.raises(DataValidationError, match="是它自己的学校代码"):
        County.model_validate(_county(_with_campus(list(COUNTY.schools), 0, s.id)))


def test_county_accepts_a_known_main_school() -> None:
    main = COUNTY.schools[0]
    county = County.model_validate(_county(_with_campus(list(COUNTY.schools), 1, main.id)))
    assert county.schools[1].campus_of == main.id


def test_county_toml_with_an_unknown_main_school(tmp_path: Path) -> None:
    rows = grid(_with_campus(list(COUNTY.schools), 2, "主校区不存在"), "zh", False)
    path = tmp_path / "schools.csv"
    buf = io.StringIO()
    csv.writer(buf).writerows([["" if v is None else v for v in r] for r in rows])
    path.write_text(buf.getvalue(), "utf-8")
    with pytest.raises(DataValidationError) as info:
        load_county(path, name="某县", year=2025)
    (p,) = info.value.problems
    s = COUNTY.schools[2]
    assert s.id in p.location and s.name in p.location and "第 4 行" in info.value.render("zh")
    assert p.field.startswith("所属学校代码") and p.value == "主校区不存在"


@SETTINGS
@given(ss=schools(), lang=st.sampled_from(["zh", "en"]), units=st.booleans(),
       data=st.data())
def test_csv_reader_checks_campus_of(ss: list[School], lang: str, units: bool, data: Any,
                                     tmp_path: Path) -> None:
    """Mutation: one school's campus_of set to another school's id (read exactly as
    written), its own id, or a random text (refused, naming the row, column and value)."""
    i = data.draw(st.integers(0, len(ss) - 1), label="campus")
    others = [s.id for k, s in enumerate(ss) if k != i]
    choices = [st.just(ss[i].id),
               st.text(st.characters(codec="utf-8", categories=["L", "Nd"]),
                       min_size=1, max_size=8)]
    if others:
        choices.append(st.sampled_from(others))
    main = data.draw(st.one_of(choices), label="main")
    changed = _with_campus(ss, i, main)
    rows = grid(changed, lang, units)
    path = tmp_path / "schools.csv"
    buf = io.StringIO()
    csv.writer(buf).writerows([["" if v is None else v for v in r] for r in rows])
    path.write_text(buf.getvalue(), "utf-8")
    if main in others:
        assert list(read_quietly(read_schools_csv, path)) == changed
        return
    with pytest.raises(DataValidationError) as info:
        read_quietly(read_schools_csv, path)
    bad = [p for p in info.value.problems if p.value == main.strip()]
    assert bad, info.value.render("en")
    assert ss[i].id in bad[0].location
    assert bad[0].field in ("所属学校代码", "campus_of", "main school id") or \
        "campus" in bad[0].field or "所属" in bad[0].field, bad[0].field
