"""Template: Anmeldung einer Wohnung, after the Meldeschein of the Bundesmeldegesetz.

Mirrors the sections of the official Meldeschein (new flat, previous flat,
persons, documents) with room for four persons. Build it with
`python pdf_templates/anmeldung.py` (writes anmeldung.pdf beside this file).
"""

from __future__ import annotations

from pathlib import Path

from wizard.pdf.drawkit import Check, Document, Note, Row, Section, Text, build

PERSONS = 4


def person(n: int) -> Section:
    rows = [
        Row(
            [
                Text(f"p{n}_familienname", "Familienname, ggf. Doktorgrad, Passname", 0.6),
                Text(f"p{n}_geburtsname", "Geburtsname / frühere Namen", 0.4),
            ]
        ),
        Row(
            [
                Text(f"p{n}_vornamen", "Vornamen", 0.6),
                Text(f"p{n}_geschlecht", "Geschlecht", 0.2),
                Text(f"p{n}_familienstand", "Familienstand", 0.2),
            ]
        ),
        Row(
            [
                Text(f"p{n}_geburt", "Tag, Ort, Land der Geburt", 0.6),
                Text(f"p{n}_religion", "Religionsgesellschaft", 0.4),
            ]
        ),
        Row(
            [
                Text(f"p{n}_staatsangehoerigkeiten", "Staatsangehörigkeiten", 0.6),
                Text(f"p{n}_ordensname", "Ordens-/Künstlername", 0.4),
            ]
        ),
        Row(
            [
                Text(
                    f"p{n}_ehe",
                    "Angaben zur Eheschließung / Lebenspartnerschaft (Datum, Ort, Land)",
                    0.7,
                ),
                Text(f"p{n}_beziehung", "Familienmitglied ist", 0.3),
            ]
        ),
        Row(
            [
                Text(f"p{n}_dokument_art", "Dokument (Art)", 0.2),
                Text(f"p{n}_dokument_behoerde", "Ausstellungsbehörde", 0.35),
                Text(f"p{n}_dokument_nummer", "Seriennummer", 0.2),
                Text(f"p{n}_dokument_datum", "Datum", 0.125),
                Text(f"p{n}_dokument_gueltig", "gültig bis", 0.125),
            ]
        ),
    ]
    return Section(f"{n + 3}", f"Person {n}", rows)


DOCUMENT = Document(
    title="Anmeldung bei der Meldebehörde",
    reference="nach dem Meldeschein (Anlage 1 zu § 23 Bundesmeldegesetz)",
    authority="Meldebehörde",
    sections=[
        Section(
            "1",
            "Neue Wohnung",
            [
                Row(
                    [
                        Text("einzug_tag", "Tag des Einzugs", 0.25),
                        Text("einzug_plz_ort", "Postleitzahl, Gemeinde, Ortsteil", 0.75),
                    ]
                ),
                Row([Text("einzug_strasse", "Straße, Hausnummer, Zusätze", 1.0)]),
                Row(
                    [
                        Note("Die neue Wohnung ist", 0.25),
                        Check("neu_alleinige", "alleinige Wohnung"),
                        Check("neu_haupt", "Hauptwohnung"),
                        Check("neu_neben", "Nebenwohnung"),
                    ]
                ),
            ],
        ),
        Section(
            "2",
            "Bisherige Wohnung",
            [
                Row(
                    [
                        Text("auszug_tag", "Tag des Auszugs", 0.25),
                        Text("auszug_plz_ort", "Postleitzahl, Gemeinde/Kreis/Land", 0.75),
                    ]
                ),
                Row(
                    [
                        Text("auszug_strasse", "Straße, Hausnummer, Zusätze", 0.65),
                        Text("zuzug_staat", "Bei Zuzug aus dem Ausland: Staat", 0.35),
                    ]
                ),
                Row(
                    [
                        Note("Die bisherige Wohnung war", 0.25),
                        Check("alt_alleinige", "alleinige Wohnung"),
                        Check("alt_haupt", "Hauptwohnung"),
                        Check("alt_neben", "Nebenwohnung"),
                    ]
                ),
                Row(
                    [
                        Note("Wird die bisherige Wohnung beibehalten?", 0.4),
                        Check("beibehalten_nein", "Nein", 0.2),
                        Check("beibehalten_haupt", "Ja, als Hauptwohnung", 0.2),
                        Check("beibehalten_neben", "Ja, als Nebenwohnung", 0.2),
                    ]
                ),
            ],
        ),
        Section(
            "3",
            "Weitere Wohnungen",
            [
                Row(
                    [
                        Note(
                            "Haben die unten aufgeführten Personen noch weitere Wohnungen in Deutschland?",
                            0.6,
                        ),
                        Check("weitere_nein", "Nein", 0.15),
                        Check("weitere_ja", "Ja (siehe Beiblatt)", 0.25),
                    ]
                ),
            ],
        ),
        *[person(n) for n in range(1, PERSONS + 1)],
    ],
)


if __name__ == "__main__":
    names = build(DOCUMENT, Path(__file__).with_suffix(".pdf"))
    print(f"{len(names)} fields")
