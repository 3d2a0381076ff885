"""Template: Antrag auf Erteilung eines Aufenthaltstitels, after the Berlin form LABO AGen 1.

Mirrors the parts of the official (flat, multilingual) application in the same
order: person, passport, residence abroad and family status, spouse, six
children, parents, earlier stays, entry and address, purpose, means of
subsistence and health insurance, convictions, expulsions and the duration
applied for. It adds what the authority needs for the card (eye colour and
height) and what the application is about (first permit or extension, the
current document). Build it with `python pdf_templates/aufenthaltstitel.py`
(writes aufenthaltstitel.pdf beside this file).
"""

from __future__ import annotations

from pathlib import Path

from wizard.pdf.drawkit import Check, Document, Note, Row, Section, Text, build

CHILDREN = 6
STAYS = 3


def yes_no(name: str, question: str) -> Row:
    return Row(
        [
            Note(question, 0.7),
            Check(f"{name}_ja", "ja", 0.15),
            Check(f"{name}_nein", "nein", 0.15),
        ]
    )


def relative(prefix: str, title: str, *, sex: bool) -> Row:
    """One relative in one row, as in the form's tables: name, first names, (m/w),
    date and place of birth, nationality, residence."""
    boxes = [
        Text(f"{prefix}_name", f"{title} – Name", 0.18 if sex else 0.2),
        Text(f"{prefix}_vornamen", "Vornamen", 0.17 if sex else 0.19),
    ]
    if sex:
        boxes.append(Text(f"{prefix}_geschlecht", "m / w", 0.06))
    boxes += [
        Text(f"{prefix}_geburt", "Geburtstag und -ort", 0.22),
        Text(f"{prefix}_staat", "Staatsangehörigkeit", 0.15),
        Text(f"{prefix}_wohnort", "Wohnort", 0.22 if sex else 0.24),
    ]
    return Row(boxes)


def child(n: int) -> Row:
    return relative(f"k{n}", f"Kind {n}", sex=True)


def stay(n: int) -> Row:
    return Row(
        [
            Text(f"a{n}_von", "von", 0.2),
            Text(f"a{n}_bis", "bis", 0.2),
            Text(f"a{n}_ort", "in", 0.6),
        ]
    )


def conviction(prefix: str, where: str) -> list[Row]:
    return [
        Row([Note(where, 1.0)]),
        Row(
            [
                Text(f"{prefix}_wann_wo", "wann und wo?", 0.3),
                Text(f"{prefix}_grund", "Grund der Strafe", 0.35),
                Text(f"{prefix}_art", "Art und Höhe der Strafe", 0.35),
            ]
        ),
    ]


DOCUMENT = Document(
    title="Antrag auf Erteilung eines Aufenthaltstitels",
    reference="nach dem Antragsvordruck LABO AGen 1 (Berlin)",
    authority="Ausländerbehörde",
    sections=[
        Section(
            "1",
            "Antrag",
            [
                Row(
                    [
                        Text("antragsart", "Art des Antrags", 0.3),
                        Text("bisheriges_dokument", "bisheriges Aufenthaltsdokument", 0.45),
                        Text("bisheriges_dokument_gueltig", "gültig bis", 0.25),
                    ]
                ),
            ],
        ),
        Section(
            "2",
            "Angaben zur Person",
            [
                Row(
                    [
                        Text("familienname", "Familienname", 0.5),
                        Text("geburtsname", "Geburtsname", 0.5),
                    ]
                ),
                Row(
                    [
                        Text("vornamen", "Vornamen", 0.6),
                        Text("geschlecht", "Geschlecht", 0.2),
                        Text("geburtsdatum", "Geburtstag", 0.2),
                    ]
                ),
                Row(
                    [
                        Text("geburtsort", "Geburtsort", 0.5),
                        Text("geburtsland", "Geburtsland", 0.5),
                    ]
                ),
                Row(
                    [
                        Text("staatsangehoerigkeiten", "Staatsangehörigkeit(en) – jetzige", 0.5),
                        Text("fruehere_staatsangehoerigkeiten", "frühere", 0.5),
                    ]
                ),
                Row(
                    [
                        Text("augenfarbe", "Augenfarbe", 0.3),
                        Text("groesse", "Größe", 0.2),
                        Note("Lichtbild bitte beim Antrag abgeben.", 0.5),
                    ]
                ),
            ],
        ),
        Section(
            "3",
            "Pass oder sonstiges Personaldokument",
            [
                Row(
                    [
                        Text("pass_bezeichnung", "Genaue Bezeichnung", 0.45),
                        Text("pass_staat", "ausstellender Staat", 0.3),
                        Text("pass_nummer", "Nr.", 0.25),
                    ]
                ),
                Row(
                    [
                        Text("pass_ausgestellt_am", "ausgestellt am", 0.2),
                        Text("pass_ausgestellt_von", "ausgestellt von", 0.55),
                        Text("pass_gueltig_bis", "gültig bis", 0.25),
                    ]
                ),
                Row(
                    [
                        Text(
                            "rueckkehr_nach",
                            "Rückkehrberechtigung (falls im Pass vermerkt) nach",
                            0.7,
                        ),
                        Text("rueckkehr_bis", "bis zum", 0.3),
                    ]
                ),
                Row([Text("kein_pass_grund", "Wenn kein Pass: Erläuterung", 1.0, lines=2)]),
            ],
        ),
        Section(
            "4",
            "Wohnsitz im Ausland und Familienstand",
            [
                yes_no(
                    "wohnsitz_ausland",
                    "Wird ständiger Wohnort außerhalb der Bundesrepublik Deutschland beibehalten?",
                ),
                Row([Text("wohnsitz_ausland_wo", "und ggf. wo?", 1.0)]),
                Row(
                    [
                        Text("familienstand", "Familienstand", 0.5),
                        Text("familienstand_seit", "seit (Datum)", 0.5),
                    ]
                ),
            ],
        ),
        Section(
            "5",
            "Ehegatte (auch wenn er oder sie im Ausland lebt)",
            [
                relative("eh", "Ehegatte", sex=True),
                Row([Text("eh_geburtsname", "Geburtsname", 0.35)]),
            ],
        ),
        Section(
            "6",
            "Kinder (auch wenn sie im Ausland leben)",
            [child(n) for n in range(1, CHILDREN + 1)],
        ),
        Section(
            "7",
            "Eltern (auch wenn sie im Ausland leben)",
            [
                relative("vater", "Vater", sex=False),
                relative("mutter", "Mutter", sex=False),
            ],
        ),
        Section(
            "8",
            "Frühere Aufenthalte in Deutschland",
            [
                yes_no("frueher", "Haben Sie sich bereits früher in Deutschland aufgehalten?"),
                *[stay(n) for n in range(1, STAYS + 1)],
            ],
        ),
        Section(
            "9",
            "Einreise und jetzige Anschrift",
            [
                Row(
                    [
                        Text("einreise_am", "Eingereist am", 0.25),
                        Text("einreise_aus", "aus", 0.4),
                        Text("angemeldet_am", "Angemeldet am", 0.35),
                    ]
                ),
                Row(
                    [
                        Text("anschrift_strasse", "Straße, Hausnummer", 0.6),
                        Text("anschrift_ort", "Postleitzahl, Ort", 0.4),
                    ]
                ),
                Row([Text("kontakt", "Kontakt (E-Mail / Telefon) – freiwillige Angaben", 1.0)]),
            ],
        ),
        Section(
            "10",
            "Zweck des Aufenthalts",
            [
                Row(
                    [
                        Text("zweck", "Zweck des Aufenthalts", 0.45),
                        Text("zweck_detail", "genauer", 0.55),
                    ]
                ),
                Row([Text("arbeitgeber", "Arbeitgeber (Name, Anschrift)", 1.0)]),
                Row(
                    [
                        Text("bezug_name", "Name der Verwandten, der Studienanstalt usw.", 0.45),
                        Text("bezug_anschrift", "Deren Anschrift", 0.55),
                    ]
                ),
                Row(
                    [
                        Text("taetigkeit", "Beabsichtigte Erwerbstätigkeit", 0.5),
                        Text("beruf", "Erlernter Beruf", 0.5),
                    ]
                ),
            ],
        ),
        Section(
            "11",
            "Lebensunterhalt und Krankenversicherung",
            [
                Row(
                    [
                        Text(
                            "lebensunterhalt",
                            "Aus welchen Mitteln wird der Lebensunterhalt bestritten?",
                            1.0,
                            lines=2,
                        )
                    ]
                ),
                Row([Text("lebensunterhalt_weiteres", "weitere Angaben", 1.0)]),
                yes_no(
                    "kv", "Besteht Krankenversicherungsschutz für die Bundesrepublik Deutschland?"
                ),
                Row([Text("kv_name", "Krankenversicherung", 1.0)]),
            ],
        ),
        Section(
            "12",
            "Vorstrafen",
            [
                yes_no("vorbestraft", "Sind Sie vorbestraft?"),
                *conviction("de", "a) in Deutschland"),
                *conviction("ausland", "b) im Ausland"),
            ],
        ),
        Section(
            "13",
            "Ausweisung, Abschiebung, Ablehnung",
            [
                yes_no(
                    "schengen",
                    "Sind Sie aus einem anderen Schengenstaat ausgewiesen oder abgeschoben oder "
                    "ist ein Antrag auf Erteilung eines Aufenthaltstitels abgelehnt oder eine "
                    "Einreise in das Schengengebiet verweigert worden?",
                ),
                Row([Text("schengen_details", "wenn ja: Angaben", 1.0)]),
                yes_no(
                    "ausweisung_de",
                    "Sind Sie aus der Bundesrepublik Deutschland ausgewiesen oder abgeschoben oder "
                    "ist ein Antrag auf Erteilung eines Aufenthaltstitels abgelehnt oder eine "
                    "Einreise in die Bundesrepublik Deutschland verweigert worden?",
                ),
                Row([Text("ausweisung_de_details", "wenn ja: Angaben", 1.0)]),
            ],
        ),
        Section(
            "14",
            "Dauer und Erklärung",
            [
                Row(
                    [
                        Note("Ich beantrage den Aufenthaltstitel für", 0.4),
                        Text("dauer_zahl", "Anzahl", 0.2),
                        Text("dauer_einheit", "Tage / Monat(e) / Jahr(e)", 0.4),
                    ]
                ),
                Row(
                    [
                        Note(
                            "Ich versichere, vorstehende Angaben nach bestem Wissen und Gewissen "
                            "richtig und vollständig gemacht zu haben. Falsche oder unzutreffende "
                            "Angaben im Antrag oder im weiteren Verfahren können meine Ausweisung "
                            "aus der Bundesrepublik Deutschland zur Folge haben (§ 54 Abs. 2 Nr. 8 "
                            "Aufenthaltsgesetz).",
                            1.0,
                        )
                    ]
                ),
            ],
        ),
    ],
)


COMB = 1 << 24


if __name__ == "__main__":
    target = Path(__file__).with_suffix(".pdf")
    names = build(DOCUMENT, target)
    print(f"{len(names)} fields")
