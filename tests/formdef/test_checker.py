"""The checker reports every problem at once, each at its line and column."""

from __future__ import annotations

from pathlib import Path

from formdef_helpers import messages, problems_of, write

STEPS = """\
steps:
  - id: eins
    title: Eins
    fields:
      - id: familienstand
        type: choice
        label: Familienstand
        choices:
          - {code: LD, label: ledig}
          - {code: VH, label: verheiratet}
      - id: geburtsdatum
        type: date
        label: Geburtsdatum
"""


def test_clean_form_has_no_problems(tmp_path: Path) -> None:
    path = write(tmp_path, STEPS)
    assert problems_of(path) == []


def test_unknown_key_with_did_you_mean_and_position(tmp_path: Path) -> None:
    path = write(tmp_path, STEPS + "        lable: x\n")
    [problem] = problems_of(path)
    assert problem.pos.line == 18 and problem.pos.column == 9
    assert "unknown key 'lable'" in problem.message
    assert problem.hint == "did you mean 'label'?"
    assert str(problem).startswith(f"{path}:18:9: unknown key 'lable' in a field")


def test_unknown_field_type(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        steps:
          - id: eins
            title: Eins
            fields:
              - {id: a, type: txt, label: A}
        """,
    )
    [msg] = messages(path)
    assert msg.startswith("9:")
    assert "unknown field type 'txt'" in msg and "did you mean 'text'" in msg


def test_unknown_name_in_condition_has_column_of_the_name(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        STEPS
        + """\
  - id: zwei
    title: Zwei
    when: familienstnd == "VH"
    fields:
      - {id: b, type: text, label: B}
""",
    )
    [problem] = problems_of(path)
    assert problem.pos.line == 20
    assert problem.pos.column == 11  # the name itself, not the start of the value
    assert "familienstnd" in problem.message
    assert "familienstand" in (problem.hint or "")


def test_choice_code_in_condition_must_exist(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        STEPS
        + """\
  - id: zwei
    title: Zwei
    when: familienstand == "XX"
    fields:
      - {id: b, type: text, label: B}
""",
    )
    [problem] = problems_of(path)
    assert problem.pos.line == 20
    assert "'XX'" in problem.message and "familienstand" in problem.message


def test_type_error_date_compared_with_number(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        STEPS
        + """\
  - id: zwei
    title: Zwei
    when: geburtsdatum > 18
    fields:
      - {id: b, type: text, label: B}
""",
    )
    [problem] = problems_of(path)
    assert "date" in problem.message and "number" in problem.message


def test_condition_must_be_boolean(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        STEPS
        + """\
  - id: zwei
    title: Zwei
    when: geburtsdatum
    fields:
      - {id: b, type: text, label: B}
""",
    )
    [problem] = problems_of(path)
    assert "must give true or false" in problem.message


def test_duplicate_ids(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        STEPS
        + """\
  - id: eins
    title: Noch einmal
    fields:
      - {id: geburtsdatum, type: date, label: X}
""",
    )
    found = messages(path)
    assert any("duplicate step id 'eins'" in m and m.startswith("18:") for m in found)
    assert any("duplicate field id 'geburtsdatum'" in m and "first at line 15" in m for m in found)


def test_cycle_among_computed_values(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        STEPS
        + """\
computed:
  - id: a
    expr: b + 1
  - id: b
    expr: c + 1
  - id: c
    expr: a + 1
""",
    )
    found = messages(path)
    assert len(found) == 1
    assert "circle" in found[0]
    assert "a → b → c → a" in found[0] or "b → c → a → b" in found[0]


def test_condition_may_not_look_ahead(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        steps:
          - id: eins
            title: Eins
            when: spaeter
            fields:
              - {id: a, type: text, label: A}
          - id: zwei
            title: Zwei
            fields:
              - {id: spaeter, type: yesno, label: B}
        """,
    )
    [problem] = problems_of(path)
    assert "only asked later" in problem.message


def test_every_problem_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        steps:
          - id: eins
            title: Eins
            colour: red
            fields:
              - {id: a, type: integer, label: A, min: abc}
              - {id: b, type: text, label: B, when: nope}
        """,
    )
    found = messages(path)
    assert len(found) >= 2
    assert any("colour" in m for m in found)
    assert any(m.startswith("10:") for m in found)  # min: abc


def test_yaml_syntax_error_has_position(tmp_path: Path) -> None:
    path = write(tmp_path, "steps: [\n  - id: x\n")
    [problem] = problems_of(path)
    assert problem.message.startswith("YAML syntax")
    assert problem.pos.line >= 5


def test_escape_attempts_are_load_time_errors(tmp_path: Path) -> None:
    for expr in ['__import__("os")', "familienstand.__class__", "2 ** 99999", "open(1)"]:
        path = write(
            tmp_path,
            STEPS
            + f"""\
  - id: zwei
    title: Zwei
    when: '{expr}'
    fields:
      - {{id: b, type: text, label: B}}
""",
        )
        found = problems_of(path)
        assert len(found) == 1, expr
        assert found[0].pos.line == 20


def test_include_fragment_with_prefix(tmp_path: Path) -> None:
    write(
        tmp_path,
        """\
        fields:
          - {id: strasse, type: text, label: Straße}
          - {id: zusatz, type: text, label: Zusatz, when: answered(strasse)}
        """,
        name="fragments/adr.yaml",
        header=False,
    )
    path = write(
        tmp_path,
        """\
        steps:
          - id: eins
            title: Eins
            fields:
              - {include: adr, prefix: neu_}
              - {include: adr, prefix: alt_}
        """,
    )
    assert problems_of(path) == []
    from wizard.formdef.loader import load_form

    form = load_form(path)
    ids = [f.id for f in form.steps[0].fields]
    assert ids == ["neu_strasse", "neu_zusatz", "alt_strasse", "alt_zusatz"]
    assert form.steps[0].fields[1].when == "answered(neu_strasse)"


def test_unknown_fragment_is_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        steps:
          - id: eins
            title: Eins
            fields:
              - {include: adresse}
        """,
    )
    [problem] = [p for p in problems_of(path) if "fragment" in p.message]
    assert "no fragment 'adresse'" in problem.message
    assert problem.pos.line == 9


def test_item_condition_may_use_earlier_steps_but_not_later_ones(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        steps:
          - id: eins
            title: Eins
            fields:
              - {id: verheiratet, type: yesno, label: V}
          - id: kinder
            title: Kinder
            repeat:
              item_label: "Kind {index()}"
              fields:
                - {id: vorname, type: text, label: Vorname}
                - {id: x, type: text, label: X, when: verheiratet and answered(vorname)}
                - {id: y, type: text, label: Y, when: spaeter}
          - id: drei
            title: Drei
            fields:
              - {id: spaeter, type: yesno, label: S}
        """,
    )
    [problem] = problems_of(path)
    assert "'spaeter', which is only asked later" in problem.message
    assert problem.pos.line == 17


def test_rules_may_use_the_same_page_but_not_later_steps(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        steps:
          - id: eins
            title: Eins
            fields:
              - id: von
                type: date
                label: Von
                validate:
                  - {rule: von < bis, message: Vorher}
              - {id: bis, type: date, label: Bis, required: 'answered(von) and spaet'}
          - id: zwei
            title: Zwei
            fields:
              - {id: spaet, type: yesno, label: S}
        """,
    )
    [problem] = problems_of(path)
    assert "'spaet', which is only asked later" in problem.message
    assert problem.pos.line == 14


def test_form_id_must_match_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, STEPS, name="anders.yaml")
    [problem] = problems_of(path)
    assert "differs from the file name 'anders.yaml'" in problem.message
    assert problem.pos.line == 1


def test_unknown_country_codes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        steps:
          - id: eins
            title: Eins
            fields:
              - {id: land, type: country, label: Land, exclude: [DE, XY]}
              - {id: iban, type: iban, label: IBAN, countries: [DE, Germany]}
        """,
    )
    found = messages(path)
    assert any("'XY' is not a country code" in m for m in found)
    assert any("'Germany' is not a country code" in m for m in found)


def test_yaml_11_booleans_are_refused_with_a_hint(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        steps:
          - id: eins
            title: Eins
            fields:
              - {id: a, type: text, label: A, latin_script: yes}
        """,
    )
    assert messages(path) == ["9:53: 'yes' is not true or false (write true or false)"]
    path = write(
        tmp_path,
        """        steps:
          - id: eins
            title: Eins
            fields:
              - {id: a, type: text, label: A, required: no}
        """,
    )
    assert messages(path) == ["9:49: 'no' is not a boolean here (write true or false)"]


def test_nested_fragments_and_prefixed_repeat_steps(tmp_path: Path) -> None:
    write(
        tmp_path,
        "fields:\n  - {id: plz, type: postcode, label: PLZ}\n",
        name="fragments/plz.yaml",
        header=False,
    )
    write(
        tmp_path,
        """\
        fields:
          - {id: ort, type: text, label: Ort}
          - {include: plz}
        """,
        name="fragments/ort.yaml",
        header=False,
    )
    write(
        tmp_path,
        """\
        steps:
          - id: kinder
            title: Kinder
            repeat:
              item_label: "{name}"
              fields:
                - {id: name, type: text, label: Name}
        """,
        name="fragments/kinderliste.yaml",
        header=False,
    )
    from wizard.formdef.loader import load_form, load_fragment

    assert [f.id for f in load_fragment(tmp_path / "fragments" / "ort.yaml").fields] == [
        "ort",
        "plz",
    ]
    path = write(
        tmp_path,
        """\
        steps:
          - id: eins
            title: Eins
            fields:
              - {include: ort, prefix: neu_}
          - {include: kinderliste, prefix: eigene_}
        """,
    )
    form = load_form(path)
    assert [f.id for f in form.steps[0].fields] == ["neu_ort", "neu_plz"]
    assert form.steps[1].id == "eigene_kinder"
