"""Template: Antrag auf Kindergeld, after Vordruck KG 1 of the Familienkasse, with Anlage Kind.

Mirrors the sections of the KG 1 (1 antragstellende Person, 2 Ehegatte bzw.
Lebenspartner, 3 Zahlungsweg, 4 Kinder, 5 öffentlicher Dienst und Bezüge außerhalb
Deutschlands, 6 Erklärung) and adds one "Anlage Kind" section per child, with
room for four children; further children go to the addendum. Section 4 lists up
to ten children, as many as the wizard accepts. Build it with
`python pdf_templates/kindergeld.py` (writes kindergeld.pdf beside this file).
"""

from __future__ import annotations

from pathlib import Path

from wizard.pdf.drawkit import Check, Document, Note, Row, Section, Text, build

CHILDREN = 4
"""Children with their own "Anlage Kind" section."""
OVERVIEW = 10
"""Children listed in section 4 (the wizard accepts at most ten)."""

QUESTIONS_ABROAD = [
    ("oed", "Angehörige(r) des öffentlichen Dienstes oder Empfänger(in) von Versorgungsbezügen"),
    ("ausland_arbeit", "Beschäftigung, Rente oder andere Geldleistungen außerhalb Deutschlands"),
    (
        "ausland_leistung",
        "Leistungen für Kinder außerhalb Deutschlands oder von einer zwischen- oder "
        "überstaatlichen Einrichtung (bezogen oder beantragt)",
    ),
]


def abroad_rows() -> list[Row]:
    rows = [
        Row(
            [
                Note("", 0.52),
                Note("antragstellende Person", 0.24),
                Note("Ehegatte/Lebenspartner(in)", 0.24),
            ]
        )
    ]
    for key, text in QUESTIONS_ABROAD:
        rows.append(
            Row(
                [
                    Note(text, 0.52),
                    Check(f"a_{key}_ja", "ja", 0.12),
                    Check(f"a_{key}_nein", "nein", 0.12),
                    Check(f"e_{key}_ja", "ja", 0.12),
                    Check(f"e_{key}_nein", "nein", 0.12),
                ]
            )
        )
    return rows


def overview_rows() -> list[Row]:
    rows = [
        Row(
            [
                Note(
                    "Für jedes Kind, für das Kindergeld beantragt wird, ist eine „Anlage Kind“ "
                    "beigefügt (siehe „Anlage Kind“ in dieser Vorlage).",
                    0.7,
                ),
                Text("anzahl_anlage_kind", "Anzahl der beigefügten „Anlage Kind“", 0.3),
            ]
        )
    ]
    for n in range(1, OVERVIEW + 1, 2):
        rows.append(
            Row(
                [
                    Text(
                        f"kind{n}_uebersicht", f"Kind {n}: Vorname, Familienname, Geburtsdatum", 0.5
                    ),
                    Text(
                        f"kind{n + 1}_uebersicht",
                        f"Kind {n + 1}: Vorname, Familienname, Geburtsdatum",
                        0.5,
                    ),
                ]
            )
        )
    return rows


def anlage_kind(n: int) -> Section:
    rows = [
        Row(
            [
                Text(
                    f"k{n}_steuer_id", "Steuerliche Identifikationsnummer des Kindes", 0.5, comb=11
                ),
                Text(f"k{n}_geburtsdatum", "Geburtsdatum", 0.25),
                Text(f"k{n}_geschlecht", "Geschlecht", 0.25),
            ]
        ),
        Row(
            [
                Text(f"k{n}_vornamen", "Vorname(n)", 0.5),
                Text(f"k{n}_familienname", "Familienname", 0.5),
            ]
        ),
        Row(
            [
                Text(f"k{n}_geburtsort", "Geburtsort", 0.5),
                Text(f"k{n}_staatsangehoerigkeit", "Staatsangehörigkeit", 0.5),
            ]
        ),
        Row(
            [
                Text(f"k{n}_kindschaft", "Kindschaftsverhältnis zur antragstellenden Person", 0.5),
                Text(
                    f"k{n}_kindschaft_partner",
                    "Kindschaftsverhältnis zum Ehegatten/Lebenspartner",
                    0.5,
                ),
            ]
        ),
        Row(
            [
                Text(f"k{n}_haushalt", "Das Kind lebt in meinem Haushalt", 0.4),
                Text(f"k{n}_lebt_wo", "Wenn nein: Das Kind lebt", 0.6),
            ]
        ),
        Row([Text(f"k{n}_anschrift", "Anschrift des Kindes, wenn abweichend", 1.0)]),
        Row(
            [
                Text(
                    f"k{n}_anderer_elternteil",
                    "Kindschaftsverhältnis zu weiteren Personen: anderer Elternteil",
                    0.5,
                ),
                Text(f"k{n}_elternteil_name", "Name, Vorname", 0.35),
                Text(f"k{n}_elternteil_geburtsdatum", "Geburtsdatum", 0.15),
            ]
        ),
        Row(
            [
                Text(
                    f"k{n}_elternteil_anschrift",
                    "(letzte bekannte) Anschrift des anderen Elternteils",
                    1.0,
                )
            ]
        ),
        Row([Note("Nur für ein volljähriges Kind (18 Jahre oder älter) auszufüllen:", 1.0)]),
        Row(
            [
                Text(f"k{n}_situation", "Das Kind befindet sich in / ist", 0.5),
                Text(
                    f"k{n}_einrichtung",
                    "Schule, Ausbildungsstätte, Hochschule, Träger des Freiwilligendienstes",
                    0.5,
                ),
            ]
        ),
        Row(
            [
                Text(f"k{n}_beginn", "von", 0.13),
                Text(f"k{n}_ende", "bis (voraussichtlich)", 0.15),
                Text(f"k{n}_erstausbildung", "Erstausbildung abgeschlossen?", 0.22),
                Text(f"k{n}_erwerbstaetig", "Übt das Kind eine Erwerbstätigkeit aus?", 0.34),
                Text(f"k{n}_wochenstunden", "Stunden pro Woche", 0.16),
            ]
        ),
        Row(
            [
                Text(
                    f"k{n}_andere_leistungen",
                    "Andere Leistungen für Kinder gezahlt/beantragt",
                    0.35,
                ),
                Text(
                    f"k{n}_andere_leistungen_welche", "Art der Leistung und zahlende Stelle", 0.65
                ),
            ]
        ),
        Row(
            [
                Text(f"k{n}_kindergeld_bisher", "Kindergeld bereits bezogen/beantragt", 0.35),
                Text(
                    f"k{n}_kindergeld_bisher_wer",
                    "Name, Vorname der Person, Familienkasse, Kindergeld-Nr.",
                    0.65,
                ),
            ]
        ),
    ]
    return Section(f"Anlage Kind {n}", "Angaben zum Kind", rows)


DOCUMENT = Document(
    title="Antrag auf Kindergeld",
    reference="nach Vordruck KG 1 mit Anlage Kind",
    authority="Familienkasse der Bundesagentur für Arbeit",
    sections=[
        Section(
            "1",
            "Angaben zur antragstellenden Person",
            [
                Row(
                    [
                        Text(
                            "a_steuer_id",
                            "Steuerliche Identifikationsnummer der antragstellenden Person",
                            0.55,
                            comb=11,
                        ),
                        Text("a_kindergeldnummer", "Kindergeld-Nr. (falls vorhanden)", 0.45),
                    ]
                ),
                Row(
                    [
                        Text("a_familienname", "Familienname", 0.5),
                        Text("a_titel", "Titel", 0.15),
                        Text("a_geburtsname", "ggf. Geburtsname und Name aus früherer Ehe", 0.35),
                    ]
                ),
                Row(
                    [
                        Text("a_vornamen", "Vorname(n)", 0.6),
                        Text("a_geburtsdatum", "Geburtsdatum", 0.2),
                        Text("a_geschlecht", "Geschlecht", 0.2),
                    ]
                ),
                Row(
                    [
                        Text("a_geburtsort", "Geburtsort", 0.4),
                        Text(
                            "a_staatsangehoerigkeit",
                            "Staatsangehörigkeit (ggf. auch doppelte)",
                            0.6,
                        ),
                    ]
                ),
                Row(
                    [
                        Text(
                            "a_aufenthaltstitel_art",
                            "Wenn nicht EU-/EWR-Staat oder Schweiz: Aufenthaltstitel (Kopie beigefügt)",
                            0.5,
                        ),
                        Text("a_aufenthaltstitel_paragraf", "Rechtsgrundlage", 0.3),
                        Text("a_aufenthaltstitel_gueltig", "gültig bis", 0.2),
                    ]
                ),
                Row(
                    [
                        Text("a_strasse", "Anschrift (Straße/Platz, Hausnummer, Zusätze)", 0.6),
                        Text("a_plz_ort", "Postleitzahl, Wohnort", 0.4),
                    ]
                ),
                Row(
                    [
                        Text("a_telefon", "Telefonische Rückfrage tagsüber unter Nr.", 0.5),
                        Text("a_familienstand", "Familienstand (genaue Angabe)", 0.5),
                    ]
                ),
                Row(
                    [
                        Note("Familienstand:", 0.16),
                        Check("fs_ledig", "ledig", 0.14),
                        Check("fs_verheiratet", "verheiratet", 0.2),
                        Check(
                            "fs_lebenspartnerschaft",
                            "in eingetragener Lebenspartnerschaft lebend",
                            0.5,
                        ),
                    ]
                ),
                Row(
                    [
                        Note("", 0.16),
                        Check("fs_verwitwet", "verwitwet", 0.14),
                        Check("fs_geschieden", "geschieden", 0.2),
                        Check("fs_getrennt", "dauernd getrennt lebend", 0.5),
                    ]
                ),
                Row(
                    [
                        Text("a_familienstand_seit", "Familienstand seit", 0.3),
                        Text("a_getrennt_seit", "dauernd getrennt lebend seit", 0.3),
                        Note("", 0.4),
                    ]
                ),
            ],
        ),
        Section(
            "2",
            "Angaben zum Ehegatten bzw. eingetragenen Lebenspartner der antragstellenden Person",
            [
                Row(
                    [
                        Text("e_familienname", "Familienname", 0.5),
                        Text("e_titel", "Titel", 0.15),
                        Text("e_geburtsname", "ggf. Geburtsname und Name aus früherer Ehe", 0.35),
                    ]
                ),
                Row(
                    [
                        Text("e_vornamen", "Vorname(n)", 0.6),
                        Text("e_geburtsdatum", "Geburtsdatum", 0.4),
                    ]
                ),
                Row(
                    [
                        Text("e_steuer_id", "Steuerliche Identifikationsnummer", 0.5, comb=11),
                        Text("e_staatsangehoerigkeit", "Staatsangehörigkeit", 0.5),
                    ]
                ),
                Row(
                    [
                        Text(
                            "e_anschrift",
                            "Anschrift, wenn abweichend von der antragstellenden Person "
                            "(Straße/Platz, Hausnummer, Postleitzahl, Wohnort, Staat)",
                            1.0,
                        )
                    ]
                ),
            ],
        ),
        Section(
            "3",
            "Angaben zum Zahlungsweg",
            [
                Row([Text("iban", "IBAN", 0.65), Text("bic", "BIC", 0.35)]),
                Row(
                    [
                        Text("bank", "Bank, Finanzinstitut (ggf. auch Zweigstelle)", 0.5),
                        Text("kontoinhaber", "Kontoinhaber(in)", 0.5),
                    ]
                ),
            ],
        ),
        Section("4", "Kinder, für die Kindergeld beantragt wird", overview_rows()),
        Section(
            "5",
            "Öffentlicher Dienst, Beschäftigung und Leistungen außerhalb Deutschlands",
            abroad_rows(),
        ),
        Section(
            "6",
            "Erklärung",
            [
                Row(
                    [
                        Note(
                            "Ich versichere, dass ich alle Angaben (auch in den Anlagen) vollständig "
                            "und wahrheitsgetreu gemacht habe. Mir ist bekannt, dass ich alle "
                            "Änderungen, die für den Anspruch auf Kindergeld von Bedeutung sind, "
                            "unverzüglich der Familienkasse mitzuteilen habe. Das Merkblatt "
                            "Kindergeld habe ich zur Kenntnis genommen.",
                            1.0,
                        )
                    ]
                ),
                Row(
                    [
                        Note(
                            "Zustimmung des mit der antragstellenden Person in einem Haushalt "
                            "lebenden Ehegatten bzw. Lebenspartners oder anderen Elternteils: Ich "
                            "bin damit einverstanden, dass der antragstellenden Person das "
                            "Kindergeld gezahlt wird. Unterschrift: ______________________________",
                            1.0,
                        )
                    ]
                ),
            ],
        ),
        *[anlage_kind(n) for n in range(1, CHILDREN + 1)],
    ],
)


if __name__ == "__main__":
    names = build(DOCUMENT, Path(__file__).with_suffix(".pdf"))
    print(f"{len(names)} fields")
