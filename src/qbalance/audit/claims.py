"""Claims: what a published report states, encoded so that it can be audited.

A :class:`Claim` records one checkable numeric statement of a report (自评报告):
the inputs it printed, the printed result with its decimals and unit, the
verdict it printed (达标 / 未达标) and the section it came from.  A
:class:`ClaimSet` is the claims of one report with the report's metadata.
Claims are written by hand in a TOML, JSON or YAML file (see
:func:`load_claims`) or built in Python; the four county reports of the source
material ship as examples (:func:`example_claims`).

Every figure is given as text (``"49.95"``, ``"50%"``) so that its printed
decimals are known; inputs may be numbers or text, or a list of printed parts
that are added.

Kinds of claim (:class:`ClaimKind`) and the fields each one uses:

``ratio``
    ``numerator / denominator`` against ``reported`` (a percent by default); with
    no ``denominator`` the audit lists the denominators consistent with ``reported``.
``consolidation``
    Junior three-year consolidation rate (初中三年巩固率) from ``graduates``,
    ``entrants`` and the adjustments, computed by
    :func:`qbalance.ratios.consolidation_rate`.
``per_capita``
    ``numerator / denominator × per`` (e.g. average training hours = hours /
    teachers); with no ``denominator`` the audit lists the counts consistent
    with the printed value.
``composite_cv``
    A composite CV (综合差异系数) against its printed indicator ``cvs``, or
    against a printed range ``cv_min``–``cv_max`` of ``count`` CVs.
``sum``
    Printed ``parts`` against a printed ``total`` (``relation``: equal, at most,
    at least).
``shares``
    Percent ``parts`` of a printed ``total`` count: each must be a possible
    share of whole units (a GRIM test) and the parts must add up.
``rate_parts``
    A printed ``total`` count against per-``per`` rates of printed ``base``
    counts (e.g. 368 backbone teachers vs 1.47 per 100 of 16 489 pupils).
``figure``
    A printed figure (or several ``values``) without inputs: checked against the
    threshold over every exact value that prints as it, and against a
    ``plausible`` range (unit slips).
``count``
    How many items break a limit (schools over 2000 pupils, classes over 45):
    ``items`` and/or the printed ``breaches`` or ``compliant`` of ``total``.
``survey``
    Social-recognition survey ``sample`` against ‰ of ``population``, and the
    rate the report quotes (``printed_rate``).
``restated``
    The same quantity printed more than once (``values``) must agree.
``lead``
    A section's lead claim ("15 项指标均已达标"): the printed number of items
    ``total`` of ``area`` against the area's items, the items the text says are not
    done (``items``) and the audits of the area's other claims (ids ``G4-…``).
``cross``
    A plausibility check across figures (``check``): ``ratio_in_range`` — the
    ratio ``numerator / denominator`` of printed counts must lie in the range of
    the printed ``values`` (a 师生比 1:N); ``part_le_whole`` — each of ``values`` is
    at most ``total`` (a one-year amount within a multi-year one, schools within
    the county's schools); ``cv_method`` — per-school ``values`` (each with its
    pupils as ``base``) against the printed CV ``reported``: does it follow the
    official student-weighted formula or an unweighted variant?

>>> from qbalance.audit.claims import Claim
>>> c = Claim(id="G14-2023", kind="ratio", section="二（二）14", name_zh="名额分配比例",
...           numerator=532, denominator=1065, reported="50%",
...           rule="guarantee.quota_share_min", verdict="达标")
>>> c.verdict, c.reported
(<Verdict.MET: 'met'>, '50%')
"""

from __future__ import annotations

import enum
import tomllib
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from qbalance._data import data_path
from qbalance._validation import QModel
from qbalance._messages import message
from qbalance.errors import DataError, MissingDependencyError
from qbalance.rounding import exact_fraction, parse_reported
from qbalance.vocab import Verdict

__all__ = [
    "Alternative",
    "Claim",
    "ClaimKind",
    "ClaimSet",
    "LabelledValue",
    "Quantity",
    "available_claim_examples",
    "claims_example_path",
    "example_claims",
    "load_claims",
    "quantity_value",
    "unit_scale",
]

#: A printed input: a number, decimal text (``"1,402,544.49"``), or a list of
#: printed parts that are added (``[2642, 87, 5]``).
Quantity = int | float | str | list[int | float | str]

#: Multipliers of the units the audit converts (money and counts in 万 / 亿).
UNIT_SCALES: dict[str, int] = {
    "元": 1, "千元": 10**3, "万元": 10**4, "亿元": 10**8, "万亿元": 10**12, "亿万元": 10**12,
    "人": 1, "万人": 10**4, "亿人": 10**8, "万": 10**4, "亿": 10**8,
}


def unit_scale(unit: str | None) -> int:
    """Multiplier of ``unit`` relative to its base unit (元, 人); 1 for other units.

    Parameters
    ----------
    unit : str or None
        A unit as printed, e.g. ``"万元"``, ``"亿元"``, ``"万人"`` (surrounding spaces
        ignored).

    Returns
    -------
    int
        The factor to the base unit (万元 → 10 000, 亿 → 10⁸); 1 for the base units,
        ``None`` and every unit not in :data:`UNIT_SCALES` (m², %, …).

    Examples
    --------
    >>> from qbalance.audit.claims import unit_scale
    >>> unit_scale("万元"), unit_scale("平方米")
    (10000, 1)
    """
    return UNIT_SCALES.get((unit or "").strip(), 1)


def quantity_value(q: Quantity, *, field: str = "value") -> Fraction:
    """The exact value of a printed input (a list of parts is added).

    Parameters
    ----------
    q : int, float, str or list of those
        A number, decimal text (``"1,402,544.49"``), or printed parts to add.
    field : str
        Name used in error messages (a part is named ``field[i]``).

    Returns
    -------
    fractions.Fraction
        The exact value (the sum of the parts for a list).

    Raises
    ------
    DataError
        A value or part is not a finite number.

    Examples
    --------
    Midu's consolidation denominator, 2642 + 87 + 5 − 40 − 14 − 3:

    >>> from qbalance.audit.claims import quantity_value
    >>> quantity_value([2642, 87, 5, "-40", -14, -3])
    Fraction(2677, 1)
    """
    if isinstance(q, list):
        return sum((exact_fraction(p, field=f"{field}[{i}]") for i, p in enumerate(q)),
                   Fraction(0))
    return exact_fraction(q, field=field)


class ClaimKind(enum.StrEnum):
    """What kind of statement a claim is; decides which checks run."""

    RATIO = "ratio"
    CONSOLIDATION = "consolidation"
    PER_CAPITA = "per_capita"
    COMPOSITE_CV = "composite_cv"
    SUM = "sum"
    SHARES = "shares"
    RATE_PARTS = "rate_parts"
    FIGURE = "figure"
    COUNT = "count"
    SURVEY = "survey"
    RESTATED = "restated"
    LEAD = "lead"
    CROSS = "cross"


_VERDICT_WORDS: dict[str, Verdict] = {
    "达标": Verdict.MET, "已达标": Verdict.MET, "达到": Verdict.MET, "合格": Verdict.MET,
    "met": Verdict.MET, "pass": Verdict.MET, "passed": Verdict.MET, "yes": Verdict.MET,
    "未达标": Verdict.NOT_MET, "不达标": Verdict.NOT_MET, "尚未达标": Verdict.NOT_MET,
    "未达到": Verdict.NOT_MET, "尚未达到": Verdict.NOT_MET, "不合格": Verdict.NOT_MET,
    "not_met": Verdict.NOT_MET, "not met": Verdict.NOT_MET, "fail": Verdict.NOT_MET,
    "failed": Verdict.NOT_MET, "no": Verdict.NOT_MET,
}


class LabelledValue(QModel):
    """A printed value with a label (a part, a subject, a repeated figure)."""

    label: str = Field(min_length=1, description="What the value is, as in the report.")
    value: str = Field(min_length=1, description="The printed value, as text.")
    base: Quantity | None = Field(
        default=None, description="rate_parts: the count the rate is per (e.g. pupils).")
    section: str | None = Field(default=None, description="restated: where it is printed.")

    @field_validator("value", mode="before")
    @classmethod
    def _text(cls, v: Any) -> Any:
        return _figure_text(v)


class Alternative(QModel):
    """Another figure printed in the report that a slip may have used."""

    label: str = Field(min_length=1, description="What the figure is and where it is printed.")
    numerator: Quantity | None = None
    denominator: Quantity | None = None


def _figure_text(v: Any) -> Any:
    if isinstance(v, bool) or isinstance(v, float):
        raise ValueError(message("claims.figure_as_text"))
    if isinstance(v, int):
        return str(v)
    return v


_RELATIONS = ("equal", "at_most", "at_least")
_REQUIRED: dict[ClaimKind, tuple[str, ...]] = {
    ClaimKind.RATIO: ("numerator",),
    ClaimKind.CONSOLIDATION: ("graduates", "entrants", "reported"),
    ClaimKind.PER_CAPITA: ("numerator",),
    ClaimKind.COMPOSITE_CV: ("reported",),
    ClaimKind.SUM: ("parts", "total"),
    ClaimKind.SHARES: ("parts", "total"),
    ClaimKind.RATE_PARTS: ("parts", "total"),
    ClaimKind.FIGURE: (),
    ClaimKind.COUNT: (),
    ClaimKind.SURVEY: ("sample", "population"),
    ClaimKind.RESTATED: ("values",),
    ClaimKind.LEAD: ("area", "total"),
    ClaimKind.CROSS: ("check", "values"),
}


class Claim(QModel):
    """One checkable statement of a report.

    Only the fields of the claim's :attr:`kind` are used (see the module
    documentation); a field a kind needs and does not have is an error naming
    the claim and the field.
    """

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
                    description="Identifier, unique in its claim set (e.g. G14-quota-2023).")
    kind: ClaimKind
    section: str = Field(min_length=1, description="Section of the report it comes from.")
    name_zh: str = Field(min_length=1, description="What is claimed, in Chinese.")
    name_en: str = Field(default="", description="What is claimed, in English.")
    quote: str | None = Field(default=None, description="The sentence as printed.")
    note: str | None = Field(default=None, description="Auditor's note (shown with findings).")
    line: int | None = Field(default=None, ge=1, description=(
        "Where the quote is printed: 1-based line of a text report (paragraph / table line "
        "of a .docx, text line of a PDF)."))
    where: str | None = Field(default=None, description=(
        "The location as shown: '003:86', '003:¶12', '003:表1(2,3)', '003:p4'."))
    pattern: str | None = Field(default=None, description=(
        "The extraction pattern that proposed the claim (qbalance extract)."))
    derived: tuple[str, ...] = Field(default=(), description=(
        "Fields whose numbers are worked out, not printed in the quote (lint)."))

    reported: str | None = Field(default=None, description="The printed result, as text.")
    unit: Literal["number", "percent", "permille"] | None = Field(
        default=None, description="Unit of `reported` when it has no %/‰ sign "
                                  "(ratio, consolidation: percent; others: number).")
    rule: str | None = Field(
        default=None, description="Threshold in the standard, as a dotted path: "
                                  "'guarantee.quota_share_min', 'R4.threshold.primary'.")
    op: Literal[">=", ">", "<=", "<"] | None = Field(
        default=None, description="Comparison for a `rule` whose name does not tell it.")
    threshold: str | None = Field(
        default=None, description="Threshold as text when the standard has none: "
                                  "'>= 50%', '< 0.15', '720..940'.")
    verdict: Verdict | None = Field(
        default=None, description="The verdict the report printed: 达标 (met) or 未达标 (not met).")
    exemption: str | None = Field(
        default=None, description="An exemption the report invokes for a breach.")
    series: str | None = Field(default=None, description="Series of yearly claims (slip search).")
    year: int | None = Field(default=None, ge=1949, le=2100)
    alternatives: tuple[Alternative, ...] = Field(
        default=(), description="Other printed figures a slip may have used.")

    # ratio / per_capita
    numerator: Quantity | None = None
    denominator: Quantity | None = None
    numerator_unit: str | None = Field(default=None, description="e.g. 万元.")
    denominator_unit: str | None = None
    reported_unit: str | None = Field(default=None, description="per_capita: e.g. 元.")
    per: int = Field(default=1, gt=0, description="per_capita / rate_parts: 1, 100, …")

    # consolidation
    graduates: int | None = Field(default=None, ge=0)
    entrants: int | None = Field(default=None, ge=0)
    transferred_in: int = Field(default=0, ge=0)
    transferred_out: int = Field(default=0, ge=0)
    resumed: int = Field(default=0, ge=0)
    suspended: int = Field(default=0, ge=0)
    deceased: int = Field(default=0, ge=0)
    variant: Literal["full", "transfers_only", "form"] = "full"
    cap: bool = False

    # composite_cv
    cvs: tuple[str, ...] | None = Field(default=None, description="Printed indicator CVs.")
    cv_min: str | None = None
    cv_max: str | None = None
    count: int = Field(default=7, gt=0, description="composite_cv: number of indicator CVs.")
    segment: Literal["primary", "junior"] | None = None

    # sum / shares / rate_parts / figure / restated / count
    parts: tuple[LabelledValue, ...] = ()
    values: tuple[LabelledValue, ...] = ()
    total: Quantity | None = None
    relation: Literal["equal", "at_most", "at_least"] = "equal"
    items: tuple[str, ...] | None = Field(default=None, description="count: item values.")
    breaches: Quantity | None = Field(default=None, description="count: printed breaches.")
    compliant: Quantity | None = Field(default=None, description="count: printed compliant.")
    allowed: int = Field(default=0, ge=0, description="count: breaches allowed for 'met'.")
    plausible: tuple[str, str] | None = Field(
        default=None, description="figure: plausible range of the value (in `unit_name`).")
    plausible_reason: str | None = None
    unit_name: str | None = Field(default=None, description="figure / sum: unit, e.g. 万元.")

    # lead / cross
    area: str | None = Field(default=None, description=(
        "lead: the area (resources, guarantee, quality, survey)."))
    check: Literal["ratio_in_range", "part_le_whole", "cv_method"] | None = Field(
        default=None, description="cross: which plausibility check.")
    not_done: tuple[str, ...] = Field(default=(), description=(
        "lead: the area's items the report itself says are not met or not done."))

    # survey
    sample: Quantity | None = None
    population: Quantity | None = None
    population_unit: str | None = Field(default=None, description="e.g. 万人.")
    printed_rate: str | None = Field(default=None, description="Rate as quoted, e.g. 1.5%.")

    @field_validator("reported", "cv_min", "cv_max", "printed_rate", mode="before")
    @classmethod
    def _figure(cls, v: Any) -> Any:
        return _figure_text(v)

    @field_validator("cvs", "items", mode="before")
    @classmethod
    def _figures(cls, v: Any) -> Any:
        if isinstance(v, (list, tuple)):
            return tuple(_figure_text(x) for x in v)
        return v

    @field_validator("plausible", mode="before")
    @classmethod
    def _pair(cls, v: Any) -> Any:
        if isinstance(v, (list, tuple)):
            return tuple(str(x) if isinstance(x, int) else _figure_text(x) for x in v)
        return v

    @field_validator("verdict", mode="before")
    @classmethod
    def _verdict(cls, v: Any) -> Any:
        if isinstance(v, str):
            key = v.strip().lower()
            if key in _VERDICT_WORDS:
                return _VERDICT_WORDS[key]
            raise ValueError(message("claims.unknown_verdict", value=v))
        if v is not None and v not in (Verdict.MET, Verdict.NOT_MET):
            raise ValueError(message("claims.bad_verdict", value=v))
        return v

    @model_validator(mode="after")
    def _check_kind(self) -> Self:
        errors: list[InitErrorDetails] = []

        def bad(field: str, msg: str, value: Any = None) -> None:
            errors.append(InitErrorDetails(
                type=PydanticCustomError("claim", msg), loc=(field,), input=value))

        for name in _REQUIRED[self.kind]:
            v = getattr(self, name)
            if v is None or v == ():
                bad(name, f"required for a claim of kind {self.kind.value!r}")
        if self.rule is not None and self.threshold is not None:
            bad("threshold", "give either 'rule' (from the standard) or 'threshold', not both",
                self.threshold)
        k = self.kind
        if k in (ClaimKind.RATIO, ClaimKind.PER_CAPITA) and self.denominator is None and (
                self.reported is None):
            bad("denominator", f"required for a claim of kind {k.value!r} without 'reported'")
        if k is ClaimKind.COMPOSITE_CV and self.cvs is None and (
                self.cv_min is None or self.cv_max is None):
            bad("cvs", "give the printed indicator CVs, or cv_min and cv_max")
        if k is ClaimKind.FIGURE and self.reported is None and not self.values:
            bad("reported", "a figure claim needs 'reported' or 'values'")
        if k is ClaimKind.COUNT and self.items is None and self.breaches is None and (
                self.compliant is None):
            bad("breaches", "a count claim needs 'items', 'breaches' or 'compliant'")
        if k is ClaimKind.COUNT and self.items is not None and self.rule is None and (
                self.threshold is None):
            bad("items", "counting the items that break a limit needs a 'rule' or "
                "'threshold'")
        if k is ClaimKind.COUNT and self.compliant is not None and self.total is None:
            bad("total", "'compliant' needs the 'total' it is a part of")
        if k is ClaimKind.RATE_PARTS:
            for i, p in enumerate(self.parts):
                if p.base is None:
                    bad(f"parts.{i}.base", "rate_parts: every part needs its 'base' count")
        if k is ClaimKind.RESTATED and len(self.values) < 2:
            bad("values", "a restated figure needs at least two printed values")
        # printed figures must parse
        texts: list[tuple[str, str | None]] = [
            ("reported", self.reported), ("cv_min", self.cv_min), ("cv_max", self.cv_max),
            ("printed_rate", self.printed_rate)]
        texts += [(f"cvs.{i}", t) for i, t in enumerate(self.cvs or ())]
        texts += [(f"items.{i}", t) for i, t in enumerate(self.items or ())]
        texts += [(f"parts.{i}.value", p.value) for i, p in enumerate(self.parts)]
        texts += [(f"values.{i}.value", p.value) for i, p in enumerate(self.values)]
        texts += [(f"plausible.{i}", t) for i, t in enumerate(self.plausible or ())]
        for field, text in texts:
            if text is not None:
                try:
                    parse_reported(text, field=field)
                except DataError as exc:
                    bad(field, str(exc).split(": ", 1)[-1], text)
        quantities: list[tuple[str, Any]] = [
            ("numerator", self.numerator), ("denominator", self.denominator),
            ("total", self.total), ("breaches", self.breaches), ("compliant", self.compliant),
            ("sample", self.sample), ("population", self.population)]
        quantities += [(f"parts.{i}.base", p.base) for i, p in enumerate(self.parts)]
        for i, alt in enumerate(self.alternatives):
            quantities += [(f"alternatives.{i}.numerator", alt.numerator),
                           (f"alternatives.{i}.denominator", alt.denominator)]
        for field, q in quantities:
            if q is not None:
                try:
                    quantity_value(q, field=field)
                except DataError as exc:
                    bad(field, str(exc).split(": ", 1)[-1], q)
        if self.denominator is not None and not errors:
            if quantity_value(self.denominator) == 0:
                bad("denominator", "is 0; a ratio needs a non-zero denominator",
                    self.denominator)
        if not errors:
            # counts a share or a rate is taken of must be positive (no division by 0)
            positive: list[tuple[str, Any]] = []
            if k is ClaimKind.SHARES:
                positive.append(("total", self.total))
            if k is ClaimKind.SURVEY:
                positive.append(("population", self.population))
            for field, q in positive:
                if q is not None and quantity_value(q) <= 0:
                    bad(field, f"为 {q}：比例的分母必须大于 0 / is {q}; the whole a share is "
                        "taken of must be greater than 0", q)
            nonneg: list[tuple[str, Any]] = [("sample", self.sample), ("total", self.total)]
            if k in (ClaimKind.PER_CAPITA, ClaimKind.RATIO):
                # money, areas, pupils and teachers: a ratio of them is never of negatives
                nonneg += [("numerator", self.numerator), ("denominator", self.denominator)]
            for field, q in nonneg:
                if q is not None and quantity_value(q) < 0:
                    bad(field, f"为负数 {q} / is negative ({q}); a count cannot be negative", q)
        if errors:
            raise ValidationError.from_exception_data("Claim", errors)
        return self


class ClaimSet(QModel):
    """The claims of one report, with what the report is."""

    county: str = Field(min_length=1, description="County, in Chinese (e.g. 弥渡县).")
    county_en: str = Field(default="", description="County in English (e.g. Midu).")
    report: str = Field(min_length=1, description="Title of the report.")
    source: str = Field(default="", description="Where the report comes from.")
    year: int | None = Field(default=None, description="Data year of the report.")
    standard: str = Field(default="national-2017",
                          description="Standard the report is checked against by default.")
    notes: str | None = None
    claims: tuple[Claim, ...] = Field(description="The claims, at least one.")

    @model_validator(mode="after")
    def _unique(self) -> Self:
        seen: set[str] = set()
        errors: list[InitErrorDetails] = []
        if not self.claims:
            errors.append(InitErrorDetails(
                type=PydanticCustomError("claim", "a claim set needs at least one claim"),
                loc=("claims",), input=[]))
        for i, c in enumerate(self.claims):
            if c.id in seen:
                errors.append(InitErrorDetails(
                    type=PydanticCustomError("claim", "claim id {id} is used twice",
                                             {"id": c.id}),
                    loc=("claims", i, "id"), input=c.id))
            seen.add(c.id)
        if errors:
            raise ValidationError.from_exception_data("ClaimSet", errors)
        return self

    def claim(self, claim_id: str) -> Claim:
        """The claim with ``claim_id``; :class:`KeyError` naming the ids otherwise.

        Parameters
        ----------
        claim_id : str
            The claim's id (e.g. ``"G14-2023"``).

        Returns
        -------
        Claim

        Raises
        ------
        KeyError
            No claim has this id; the message lists the ids of the set.
        """
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(str(message("audit.no_claim_in_set", id=claim_id,
                                   ids=str([c.id for c in self.claims]))))


def _read(path: Path) -> Any:
    from qbalance._files import load_mapping_file

    if path.suffix.lower() not in (".toml", ".json", ".yaml", ".yml"):
        raise DataError(message("audit.file_type", path=str(path), suffix=path.suffix.lower()),
                        field="path", value=str(path))
    return load_mapping_file(path, what="claims file")


def load_claims(source: str | Path | Mapping[str, Any]) -> ClaimSet:
    """Read a claims file (TOML, JSON, or YAML with ``qbalance[yaml]``).

    Parameters
    ----------
    source : str, pathlib.Path or mapping
        A file, the name of a shipped example (``"midu"``), or parsed data.

    Returns
    -------
    ClaimSet
        The validated claims and the report's metadata.

    Raises
    ------
    DataValidationError
        Listing every invalid claim by id, with the field and value.
    DataError
        The file cannot be read or parsed.

    Examples
    --------
    >>> from qbalance import load_claims
    >>> claims = load_claims({"county": "某县", "report": "自评报告", "claims": [
    ...     {"id": "G11", "kind": "ratio", "section": "二（三）11", "name_zh": "交流轮岗比例",
    ...      "numerator": 67, "denominator": 614, "reported": 10.91}]})
    Traceback (most recent call last):
    ...
    qbalance.errors.DataValidationError: 报告数据中有 1 处问题：
      - G11：字段“reported” = 10.91：报告中的数字请写成文本（如 "49.95"），以便知道印出的小数位数
    """
    if isinstance(source, Mapping):
        return ClaimSet.from_dict(source, source="claims")
    name = str(source)
    if name in available_claim_examples():
        return example_claims(name)
    path = Path(source)
    data = _read_yaml_safe(path)
    if not isinstance(data, dict):
        raise DataError(message("audit.file_top", path=str(path)), field="path",
                        value=str(path))
    return ClaimSet.from_dict(data, source=str(path))


def _read_yaml_safe(path: Path) -> Any:
    try:
        return _read(path)
    except DataError:
        raise
    except MissingDependencyError:
        raise
    except Exception as exc:  # yaml.YAMLError and friends
        raise DataError(message("audit.file_parse", path=str(path), reason=str(exc)),
                        field="path", value=str(path)) from exc


_EXAMPLES = data_path("claims")


def available_claim_examples() -> dict[str, str]:
    """Shipped claims files: ``{name: report title}``.

    Returns
    -------
    dict of str to str
        Name → title of the report (``report``) of every shipped claims file, by
        file name; each name can be passed to :func:`example_claims`.

    Examples
    --------
    >>> from qbalance.audit.claims import available_claim_examples
    >>> sorted(available_claim_examples())
    ['baoqing', 'lianping', 'midu', 'pingyuan']
    """
    out: dict[str, str] = {}
    for entry in sorted(_EXAMPLES.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            out[entry.name[:-5]] = str(tomllib.loads(entry.read_text("utf-8"))["report"])
    return out


def claims_example_path(name: str) -> Path:
    """Path of a shipped claims file (e.g. ``"midu"``).

    Parameters
    ----------
    name : str
        A name of :func:`available_claim_examples`.

    Returns
    -------
    pathlib.Path
        The TOML file ``<name>.toml`` inside the installed package.

    Raises
    ------
    DataError
        No shipped claims file has that name.

    Examples
    --------
    >>> from qbalance.audit.claims import claims_example_path
    >>> claims_example_path("baoqing").name
    'baoqing.toml'
    """
    if name not in available_claim_examples():
        raise DataError(message("audit.no_example", value=name,
                                available=", ".join(available_claim_examples())),
                        field="example", value=name)
    return Path(str(_EXAMPLES / f"{name}.toml"))


def example_claims(name: str) -> ClaimSet:
    """The shipped claims of a county report: pingyuan, baoqing, midu or lianping.

    Parameters
    ----------
    name : str
        A name of :func:`available_claim_examples`.

    Returns
    -------
    ClaimSet
        The validated claims read from :func:`claims_example_path`.

    Raises
    ------
    DataError
        No shipped claims file has that name.

    Examples
    --------
    >>> from qbalance import example_claims
    >>> midu = example_claims("midu")
    >>> midu.county, len(midu.claims) >= 15
    ('弥渡县', True)
    """
    path = claims_example_path(name)
    return ClaimSet.from_dict(tomllib.loads(path.read_text("utf-8")), source=path.name)
