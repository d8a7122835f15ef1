"""The small typed expression grammar of standard files (no ``eval``).

A standard states an indicator's numerator, and the conditions under which a
relaxation applies, as short texts that are parsed and checked when the
standard is loaded:

- a **sum** is a sum or difference of named quantities, each optionally with a
  number in front: ``teaching_area_m2 - indoor_pe_area_m2``,
  ``gym_area_m2 + ground_area_m2``, ``0.5 * part_time_teachers``;
- a **condition** is ``or`` of ``and`` of atoms; an atom is a flag
  (``rural``, ``over_dense_urban``), ``not`` a flag, or a comparison of two sums
  or numbers with ``<``, ``<=``, ``>``, ``>=``, ``==``, ``!=``:
  ``rural and pupils >= 50 and pupils <= 99``,
  ``year_built <= 2010 or migrant_pupils > 0.5 * pupils``.

Every name must be a quantity or flag the standard declares; the terms of a
sum, and the two sides of a comparison, must have the same unit (a bare number
has none and fits any unit).  Anything else is refused at load time with a
:class:`ValueError` naming the text and the problem (the standard loader turns
it into :class:`qbalance.SpecError`).

>>> from qbalance.expr import parse_sum, parse_condition
>>> s = parse_sum("teaching_area_m2 - indoor_pe_area_m2")
>>> [(str(t.coef), t.name) for t in s.terms]
[('1', 'teaching_area_m2'), ('-1', 'indoor_pe_area_m2')]
>>> c = parse_condition("rural and pupils >= 50 and pupils <= 99")
>>> sorted(c.names())
['pupils', 'rural']
>>> c.evaluate({"rural": True, "pupils": 80}.get)
True
>>> c.evaluate({"rural": True, "pupils": 120}.get)
False
>>> parse_sum("teaching_area_m2 * pupils")
Traceback (most recent call last):
...
ValueError: “teaching_area_m2 * pupils”：第 17 个字符处（遇到 “*”）应为“+”或“-”
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from fractions import Fraction

import attrs

from qbalance._messages import Message, message

__all__ = [
    "Comparison",
    "Condition",
    "Flag",
    "Sum",
    "Term",
    "parse_condition",
    "parse_sum",
]

_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[a-z_][a-z0-9_]*)"
                    r"|(?P<op><=|>=|==|!=|<|>|\+|-|\*|\(|\)))")
_KEYWORDS = {"and", "or", "not"}
_CMP = {"<", "<=", ">", ">=", "==", "!="}

#: Looks up a name: a number, a flag (bool), or ``None`` when the data lacks it.
Lookup = Callable[[str], "float | int | bool | None"]


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            bad = text[pos:].lstrip()[:1]
            raise ValueError(message("expr.bad_char", text=text, bad=bad,
                                     pos=len(text) - len(text[pos:].lstrip())))
        kind = m.lastgroup or "op"
        value = m.group(kind)
        out.append((kind, value, m.start(kind)))
        pos = m.end()
    return out


@attrs.frozen(slots=True)
class Term:
    """``coef * name``; a bare number is a term with ``name`` ``None``.

    Attributes
    ----------
    coef : fractions.Fraction
        The factor (exact: ``0.5`` is 1/2).
    name : str or None
        The quantity, or ``None`` for a constant.
    """

    coef: Fraction
    name: str | None


@attrs.frozen(slots=True)
class Sum:
    """A sum of terms, e.g. ``teaching_area_m2 - indoor_pe_area_m2``.

    Attributes
    ----------
    text : str
        The text it was parsed from.
    terms : tuple of Term
        The terms, in order.
    """

    text: str
    terms: tuple[Term, ...]

    def names(self) -> frozenset[str]:
        """The quantity names used.

        Returns
        -------
        frozenset of str
        """
        return frozenset(t.name for t in self.terms if t.name is not None)

    def unit(self, units: Mapping[str, str]) -> str | None:
        """The common unit of the named terms (``None`` for a constant).

        Parameters
        ----------
        units : mapping of str to str
            Unit of every known name.

        Returns
        -------
        str or None

        Raises
        ------
        ValueError
            An unknown name, or terms of different units.
        """
        found: dict[str, str] = {}
        for t in self.terms:
            if t.name is None:
                continue
            if t.name not in units:
                raise ValueError(message("expr.unknown_quantity", text=self.text, name=t.name,
                                         known=", ".join(sorted(units))))
            found[t.name] = units[t.name]
        if len(set(found.values())) > 1:
            raise ValueError(message("expr.mixed_units", text=self.text,
                                     terms=", ".join(f"{k} [{v}]" for k, v in found.items())))
        return next(iter(found.values()), None)

    def value(self, lookup: Lookup) -> float | None:
        """The sum for one school; ``None`` when a quantity is unknown.

        Parameters
        ----------
        lookup : callable
            ``name -> number or None``.

        Returns
        -------
        float or None
        """
        total = 0.0
        for t in self.terms:
            if t.name is None:
                total += float(t.coef)
                continue
            v = lookup(t.name)
            if v is None or isinstance(v, bool):
                return None
            total += float(v) if t.coef == 1 else float(t.coef) * float(v)
        return total


@attrs.frozen(slots=True)
class Flag:
    """A flag atom (``rural``), possibly negated (``not rural``).

    Attributes
    ----------
    name : str
    negated : bool
    """

    name: str
    negated: bool = False


@attrs.frozen(slots=True)
class Comparison:
    """``left op right`` on two sums.

    Attributes
    ----------
    left, right : Sum
    op : str
        One of ``<``, ``<=``, ``>``, ``>=``, ``==``, ``!=``.
    """

    left: Sum
    op: str
    right: Sum


Atom = Flag | Comparison


@attrs.frozen(slots=True)
class Condition:
    """``or`` of ``and`` of atoms.

    Attributes
    ----------
    text : str
        The text it was parsed from.
    clauses : tuple of tuple of atoms
        The ``or`` alternatives, each a conjunction.
    """

    text: str
    clauses: tuple[tuple[Atom, ...], ...]

    def names(self) -> frozenset[str]:
        """Every name used (flags and quantities).

        Returns
        -------
        frozenset of str
        """
        out: set[str] = set()
        for clause in self.clauses:
            for a in clause:
                if isinstance(a, Flag):
                    out.add(a.name)
                else:
                    out |= a.left.names() | a.right.names()
        return frozenset(out)

    def flags(self) -> frozenset[str]:
        """The names used as flags.

        Returns
        -------
        frozenset of str
        """
        return frozenset(a.name for c in self.clauses for a in c if isinstance(a, Flag))

    def check(self, units: Mapping[str, str], flags: frozenset[str]) -> None:
        """Refuse unknown names and comparisons across units.

        Parameters
        ----------
        units : mapping of str to str
            Unit of every known quantity.
        flags : frozenset of str
            Known flags.

        Raises
        ------
        ValueError
            Names the text and the problem.
        """
        for clause in self.clauses:
            for a in clause:
                if isinstance(a, Flag):
                    if a.name not in flags:
                        raise ValueError(message("expr.unknown_flag", text=self.text,
                                                 name=a.name, known=", ".join(sorted(flags))))
                    continue
                ul, ur = a.left.unit(units), a.right.unit(units)
                if ul is not None and ur is not None and ul != ur:
                    raise ValueError(message("expr.compare_units", text=self.text,
                                             left=a.left.text, ul=ul, right=a.right.text,
                                             ur=ur))

    def evaluate(self, lookup: Lookup) -> bool | None:
        """Whether the condition holds; ``None`` when it depends on unknown data.

        Parameters
        ----------
        lookup : callable
            ``name -> number, bool or None``.

        Returns
        -------
        bool or None
            ``None`` only when no alternative is known to hold and one is unknown.
        """
        unknown = False
        for clause in self.clauses:
            state: bool | None = True
            for a in clause:
                v = _atom(a, lookup)
                if v is False:
                    state = False
                    break
                if v is None:
                    state = None
            if state is True:
                return True
            if state is None:
                unknown = True
        return None if unknown else False

    def missing(self, lookup: Lookup) -> tuple[str, ...]:
        """Names whose value is unknown (``None``), in order of first use.

        Parameters
        ----------
        lookup : callable

        Returns
        -------
        tuple of str
        """
        out = []
        for n in sorted(self.names()):
            if lookup(n) is None:
                out.append(n)
        return tuple(out)


def _atom(a: Atom, lookup: Lookup) -> bool | None:
    if isinstance(a, Flag):
        v = lookup(a.name)
        if v is None:
            return None
        return (not bool(v)) if a.negated else bool(v)
    lv, rv = _exact(a.left, lookup), _exact(a.right, lookup)
    if lv is None or rv is None:
        return None
    return {"<": lv < rv, "<=": lv <= rv, ">": lv > rv, ">=": lv >= rv,
            "==": lv == rv, "!=": lv != rv}[a.op]


def _exact(s: Sum, lookup: Lookup) -> Fraction | None:
    total = Fraction(0)
    for t in s.terms:
        if t.name is None:
            total += t.coef
            continue
        v = lookup(t.name)
        if v is None or isinstance(v, bool):
            return None
        total += t.coef * Fraction(repr(v) if isinstance(v, float) else v)
    return total


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def fail(self, want: Message) -> ValueError:
        t = self.peek()
        where = (message("expr.at", pos=t[2], found=t[1]) if t else message("expr.at_end"))
        return ValueError(message("expr.expected", text=self.text,
                                  want=want, where=where))

    def take(self, value: str) -> bool:
        t = self.peek()
        if t is not None and t[1] == value and (t[0] == "op" or t[1] in _KEYWORDS):
            self.i += 1
            return True
        return False

    def term(self, sign: int) -> Term:
        t = self.peek()
        if t is None:
            raise self.fail(message("expr.want_quantity_or_number"))
        kind, value, _ = t
        if kind == "num":
            self.i += 1
            coef = Fraction(value) * sign
            if self.take("*"):
                n = self.peek()
                if n is None or n[0] != "name" or n[1] in _KEYWORDS:
                    raise self.fail(message("expr.want_quantity_after_times"))
                self.i += 1
                return Term(coef, n[1])
            return Term(coef, None)
        if kind == "name" and value not in _KEYWORDS:
            self.i += 1
            return Term(Fraction(sign), value)
        raise self.fail(message("expr.want_quantity_or_number"))

    def sum(self) -> Sum:
        start = self.i
        sign = -1 if self.take("-") else 1
        terms = [self.term(sign)]
        while True:
            if self.take("+"):
                terms.append(self.term(1))
            elif self.take("-"):
                terms.append(self.term(-1))
            else:
                break
        end = self.i
        text = " ".join(v for _, v, _ in self.toks[start:end])
        return Sum(text, tuple(terms))

    def atom(self) -> Atom:
        if self.take("not"):
            t = self.peek()
            if t is None or t[0] != "name" or t[1] in _KEYWORDS:
                raise self.fail(message("expr.want_flag_after_not"))
            self.i += 1
            return Flag(t[1], True)
        if self.take("("):
            raise ValueError(message("expr.parentheses", text=self.text))
        left = self.sum()
        t = self.peek()
        if t is not None and t[1] in _CMP:
            self.i += 1
            right = self.sum()
            return Comparison(left, t[1], right)
        if len(left.terms) == 1 and left.terms[0].coef == 1 and left.terms[0].name:
            return Flag(left.terms[0].name)
        raise self.fail(message("expr.want_comparison"))

    def condition(self) -> Condition:
        clauses = []
        while True:
            atoms = [self.atom()]
            while self.take("and"):
                atoms.append(self.atom())
            clauses.append(tuple(atoms))
            if not self.take("or"):
                break
        return Condition(self.text, tuple(clauses))

    def end(self) -> None:
        t = self.peek()
        if t is not None:
            want = message("expr.want_plus_minus") if not any(
                v in ("and", "or") for _, v, _ in self.toks) else message("expr.want_and_or")
            raise self.fail(want)


def parse_sum(text: str) -> Sum:
    """Parse a sum of quantities (an indicator's numerator or an added term).

    Parameters
    ----------
    text : str
        E.g. ``"teaching_area_m2 - indoor_pe_area_m2"``.

    Returns
    -------
    Sum

    Raises
    ------
    ValueError
        The text is not a sum of the grammar (names the position).

    Examples
    --------
    >>> from qbalance.expr import parse_sum
    >>> parse_sum("gym_area_m2 + ground_area_m2").names() == {"gym_area_m2", "ground_area_m2"}
    True
    """
    p = _Parser(text)
    s = p.sum()
    p.end()
    return Sum(text.strip(), s.terms)


def parse_condition(text: str) -> Condition:
    """Parse a condition on a school's attributes (when a relaxation applies).

    Parameters
    ----------
    text : str
        E.g. ``"year_built <= 2010 or migrant_pupils > 0.5 * pupils"``.

    Returns
    -------
    Condition

    Raises
    ------
    ValueError
        The text is not a condition of the grammar (names the position).

    Examples
    --------
    >>> from qbalance.expr import parse_condition
    >>> c = parse_condition("year_built <= 2010 or migrant_pupils > 0.5 * pupils")
    >>> c.evaluate({"year_built": 2015, "migrant_pupils": 1300, "pupils": 2300}.get)
    True
    >>> c.evaluate({"year_built": None, "migrant_pupils": 100, "pupils": 2300}.get) is None
    True
    """
    p = _Parser(text)
    c = p.condition()
    p.end()
    return Condition(text.strip(), c.clauses)
