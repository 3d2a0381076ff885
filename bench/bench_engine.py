"""Benchmark: loading/checking the shipped forms, and one engine step on a big form.

Targets (issue "Declarative YAML form definitions and the wizard engine"):
- loading and checking every shipped form: under 300 ms in total;
- a 200-field form with 3 repeat groups of 10 items: one next-step plus
  validation call under 1 ms.

Each figure is printed beside a baseline measured in the same run (plain YAML
parsing; a hand-written validation of the same page), so a noisy machine shows
up in both columns.

Run: .venv/bin/python bench/bench_engine.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import textwrap
import time
from pathlib import Path

import yaml

from wizard import engine
from wizard.formdef import expressions
from wizard.formdef.loader import load_form

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 21)


def timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def form_files() -> list[Path]:
    return sorted((ROOT / "forms").glob("*.yaml"))


def load_all() -> None:
    expressions._parse_cached.cache_clear()  # every run parses every expression again
    for path in form_files():
        load_form(path)


def yaml_only() -> None:
    for path in form_files():
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # noqa: S506 - safe loader


def big_form(directory: Path) -> Path:
    """200 top-level fields over 20 steps, with conditions, and 3 repeat groups."""
    steps = []
    for s in range(20):
        fields = []
        for f in range(10):
            fid = f"f{s}_{f}"
            if f % 5 == 0:
                fields.append(
                    f"      - {{id: {fid}, type: integer, label: Zahl {fid}, min: 0, max: 1000}}"
                )
            elif f % 5 == 1:
                fields.append(
                    f"      - {{id: {fid}, type: choice, label: Wahl, choices: "
                    "[{code: A, label: a}, {code: B, label: b}]}"
                )
            elif f % 5 == 2:
                fields.append(f"      - {{id: {fid}, type: date, label: Datum, max: today()}}")
            elif f % 5 == 3:
                fields.append(
                    f"      - {{id: {fid}, type: text, label: Text, when: 'f{s}_1 == \"A\"'}}"
                )
            else:
                fields.append(
                    f"      - {{id: {fid}, type: money, label: Geld, required: 'f{s}_0 > 10'}}"
                )
        when = f"    when: f{s - 1}_0 >= 0\n" if s else ""
        steps.append(
            f"  - id: s{s}\n    title: Schritt {s}\n{when}    fields:\n" + "\n".join(fields)
        )
    for g in range(3):
        steps.append(
            textwrap.indent(
                textwrap.dedent(
                    f"""\
                  - id: g{g}
                    title: Gruppe {g}
                    repeat:
                      max: 10
                      item_label: "Eintrag {{index()}}: {{name{g}}}"
                      fields:
                        - {{id: name{g}, type: text, label: Name}}
                        - {{id: geb{g}, type: date, label: Geburt, max: today()}}
                        - {{id: eink{g}, type: money, label: Einkommen, when: age(geb{g}) >= 15}}
                """
                ),
                "  ",
            ).rstrip()
        )
    body = (
        "id: big\ntitle: Groß\ndescription: Benchmark.\nauthority: {name: Amt, kind: amt}\n"
        "steps:\n" + "\n".join(steps) + "\ncomputed:\n"
        "  - id: summe\n    expr: sum(g0, eink0) + sum(g1, eink1) + sum(g2, eink2)\n"
        "  - id: erwachsene\n    expr: count(g0, age(geb0) >= 18) + count(g1, age(geb1) >= 18)\n"
    )
    path = directory / "big.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def answers_for_big() -> dict:
    answers: dict = {}
    for s in range(20):
        answers[f"f{s}_0"] = 50
        answers[f"f{s}_1"] = "A"
        answers[f"f{s}_2"] = "2000-01-01"
        answers[f"f{s}_3"] = "Text"
        answers[f"f{s}_4"] = "12.50"
    for g in range(3):
        answers[f"g{g}"] = [
            {f"name{g}": f"Person {i}", f"geb{g}": "1990-01-01", f"eink{g}": "1000.00"}
            for i in range(10)
        ]
    return answers


SUBMITTED = {
    "f10_0": "42",
    "f10_1": "A",
    "f10_2": {"day": "3", "month": "4", "year": "1999"},
    "f10_3": "Hallo",
    "f10_4": "1.234,50",
    "f10_5": "7",
    "f10_6": "B",
    "f10_7": {"day": "1", "month": "1", "year": "2001"},
    "f10_8": "Welt",
    "f10_9": "99",
}


def handwritten(submitted: dict, answers: dict) -> dict:
    """The baseline: the same page validated by hand-written code, no engine."""
    out = dict(answers)
    for key, raw in submitted.items():
        if isinstance(raw, dict):
            out[key] = dt.date(int(raw["year"]), int(raw["month"]), int(raw["day"])).isoformat()
        elif raw.isdigit():
            out[key] = int(raw)
        else:
            out[key] = raw
    return out


def main() -> None:
    rows = []
    load_all()  # warm imports
    t_load = timed(load_all, 15)
    t_yaml = timed(yaml_only, 15)
    n_forms = len(form_files())
    rows.append(
        (
            f"load+check {n_forms} shipped form(s)",
            statistics.median(t_yaml),
            statistics.median(t_load),
            0.300,
        )
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = big_form(Path(tmp))
        t0 = time.perf_counter()
        form = load_form(path)
        load_big = time.perf_counter() - t0
    answers = answers_for_big()
    n_fields = sum(len(s.fields) for s in form.steps if s.repeat is None)

    def engine_call() -> None:
        outcome = engine.submit_step(form, "s10", SUBMITTED, answers, TODAY)
        engine.next_step(form, outcome.answers, "s10", TODAY)

    outcome = engine.submit_step(form, "s10", SUBMITTED, answers, TODAY)
    assert outcome.ok, outcome.errors
    for _ in range(200):
        engine_call()
    t_engine = timed(engine_call, 2000)
    t_hand = timed(lambda: handwritten(SUBMITTED, answers), 2000)
    rows.append(
        (
            f"next-step + validation ({n_fields} fields, 3x10 items)",
            statistics.median(t_hand),
            statistics.median(t_engine),
            0.001,
        )
    )
    p99 = sorted(t_engine)[int(len(t_engine) * 0.99)]

    print(f"{'case':48} {'baseline':>10} {'ours p50':>10} {'ratio':>7} {'target':>8} {'ok':>4}")
    for name, base, ours, target in rows:
        ok = "yes" if ours < target else "NO"
        print(
            f"{name:48} {base * 1e3:8.3f}ms {ours * 1e3:8.3f}ms {ours / base:6.1f}x {target * 1e3:6.0f}ms {ok:>4}"
        )
    print(
        f"(engine p99 {p99 * 1e3:.3f} ms; loading the 200-field form took {load_big * 1e3:.0f} ms)"
    )
    print(
        "baselines: plain yaml.CSafeLoader of the same files; hand-written parsing of the same page"
    )


if __name__ == "__main__":
    main()
