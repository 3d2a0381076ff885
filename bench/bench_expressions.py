"""Benchmark: compiled form expressions against hand-written Python lambdas.

For each case the baseline is an equivalent lambda over the same answers (a
plain dict, with the same null handling), measured in the same run, so the
ratio shows the cost of the safe language rather than of the machine. Two
ways of evaluating are shown: ``compiled`` (compile_expression(expr, scope),
what the engine keeps per form) and ``evaluate()`` (ex.evaluate(expr, env),
scope-free, compiled once and memoised on the parsed expression).

Run: .venv/bin/python bench/bench_expressions.py
"""

from __future__ import annotations

import datetime as dt
import sys
import timeit
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout without installing
    sys.path.insert(0, str(ROOT))

from wizard.formdef import expressions as ex  # noqa: E402
from wizard.formdef.expressions import DictEnv, Scope, Symbol  # noqa: E402

TODAY = dt.date(2024, 6, 15)
PERSON = Scope([Symbol("geburtsdatum", "date"), Symbol("einkommen", "number")])
SCOPE = Scope(
    [
        Symbol("familienstand", "code", frozenset({"LD", "VH", "LP", "GS", "VW"})),
        Symbol("geburtsdatum", "date"),
        Symbol("einzugsdatum", "date"),
        Symbol("miete", "number"),
        Symbol("kinder", "group", group=PERSON),
        Symbol("haushalt", "group", group=PERSON),
    ]
)
ANSWERS: dict[str, Any] = {
    "familienstand": "VH",
    "geburtsdatum": dt.date(1988, 7, 1),
    "einzugsdatum": dt.date(2024, 6, 10),
    "miete": Decimal("650.50"),
    "kinder": [{"geburtsdatum": dt.date(1998 + i * 2, 3, 1)} for i in range(10)],
    "haushalt": [{"einkommen": Decimal("1200.00") + i} for i in range(10)],
}


def age(born: Any, today: dt.date) -> int | None:
    """The hand-written equivalent of age()."""
    if not isinstance(born, dt.date):
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def total(items: list[dict[str, Any]], key: str) -> Any:
    result: Any = 0
    for item in items:
        value = item.get(key)
        if value is not None:
            result += value
    return result


CASES: list[tuple[str, str, Callable[[dict[str, Any]], object]]] = [
    (
        "typical condition",
        'familienstand in ["VH", "LP"] and age(geburtsdatum) >= 18',
        lambda a: (
            a.get("familienstand") in ("VH", "LP")
            and (age(a.get("geburtsdatum"), TODAY) or 0) >= 18
        ),
    ),
    (
        "date window",
        "einzugsdatum > today() - 14",
        lambda a: (
            a.get("einzugsdatum") is not None and a["einzugsdatum"] > TODAY - dt.timedelta(days=14)
        ),
    ),
    (
        "count over 10 items",
        "count(kinder, age(geburtsdatum) < 18) > 0",
        lambda a: (
            sum(1 for k in a.get("kinder") or () if (age(k.get("geburtsdatum"), TODAY) or 99) < 18)
            > 0
        ),
    ),
    (
        "sum over 10 items",
        "sum(haushalt, einkommen) + miete * 12",
        lambda a: (
            None
            if a.get("miete") is None
            else total(a.get("haushalt") or [], "einkommen") + a["miete"] * 12
        ),
    ),
]


def per_call_ns(function: Callable[[], object]) -> float:
    """Best of 5 runs, each long enough (~0.2 s) to swamp timer noise."""
    timer = timeit.Timer(function)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=5, number=number)) / number * 1e9


def main() -> None:
    env = DictEnv(ANSWERS, TODAY)
    rows = []
    for label, source, baseline in CASES:
        compiled = ex.compile_expression(source, SCOPE)
        expr = ex.parse(source)
        expected = baseline(ANSWERS)
        assert compiled(env) == expected == ex.evaluate(expr, env), (label, expected)
        base = per_call_ns(lambda b=baseline: b(ANSWERS))
        typed = per_call_ns(lambda c=compiled: c(env))
        free = per_call_ns(lambda e=expr: ex.evaluate(e, env))
        rows.append((label, base, typed, free))
    header = (
        f"{'case':<22} {'lambda ns':>10} {'compiled ns':>12} {'ratio':>6} "
        f"{'evaluate() ns':>14} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    for label, base, typed, free in rows:
        print(
            f"{label:<22} {base:>10.0f} {typed:>12.0f} {typed / base:>5.1f}x "
            f"{free:>14.0f} {free / base:>5.1f}x"
        )


if __name__ == "__main__":
    main()
