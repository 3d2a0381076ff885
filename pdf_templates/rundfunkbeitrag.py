"""Template: Antrag auf Befreiung von der Rundfunkbeitragspflicht bzw. Ermäßigung.

Mirrors the parts of the Beitragsservice's application (§ 4 RBStV): the
contribution account (already registered, or registered with this
application), the applicant, the ground with its proof and period, and the
persons the exemption extends to (§ 4 Abs. 3 RBStV), with room for the
spouse and four further persons. Build it with
`python pdf_templates/rundfunkbeitrag.py` (writes rundfunkbeitrag.pdf beside
this file).
"""

from __future__ import annotations

from pathlib import Path

from wizard.pdf.drawkit import Check, Document, Note, Row, Section, Text, build

PERSONS = 4


def person(n: int) -> Row:
    return Row(
        [
            Text(f"p{n}_familienname", f"Person {n}: Name", 0.22),
            Text(f"p{n}_vornamen", "Vorname", 0.2),
            Text(f"p{n}_geburtsdatum", "Geburtsdatum", 0.14),
            Text(f"p{n}_beziehung", "Kind / weitere Person im Bescheid", 0.24),
            Text(f"p{n}_beitragsnummer", "Beitragsnummer", 0.2),
        ]
    )


DOCUMENT = Document(
    title="Befreiung von der Rundfunkbeitragspflicht / Ermäßigung",
    reference="Antrag nach § 4 Rundfunkbeitragsstaatsvertrag (RBStV)",
    authority="ARD ZDF Deutschlandradio Beitragsservice",
    sections=[
        Section(
            "1",
            "Beitragskonto",
            [
                Row(
                    [
                        Check("bereits_angemeldet", "Meine Wohnung ist bereits angemeldet.", 0.45),
                        Text("beitragsnummer", "Beitragsnummer", 0.55),
                    ]
                ),
                Row(
                    [
                        Check("neu_anmelden", "Ich melde meine Wohnung hiermit an.", 0.45),
                        Text("wohnt_seit", "Ich wohne in dieser Wohnung seit", 0.55),
                    ]
                ),
            ],
        ),
        Section(
            "2",
            "Persönliche Angaben der antragstellenden Person",
            [
                Row(
                    [
                        Text("anrede", "Anrede", 0.14),
                        Text("vornamen", "Vorname", 0.43),
                        Text("familienname", "Name", 0.43),
                    ]
                ),
                Row(
                    [
                        Text("strasse", "Straße, Hausnummer", 0.6),
                        Text("zusatz", "Adresszusatz", 0.4),
                    ]
                ),
                Row(
                    [
                        Text("plz", "Postleitzahl", 0.2),
                        Text("ort", "Ort", 0.55),
                        Text("geburtsdatum", "Geburtsdatum", 0.25),
                    ]
                ),
                Row(
                    [
                        Text("telefon", "Telefonnummer (freiwillig)", 0.4),
                        Text("email", "E-Mail-Adresse (freiwillig)", 0.6),
                    ]
                ),
            ],
        ),
        Section(
            "3",
            "Antrag",
            [
                Row(
                    [
                        Note("Ich beantrage", 0.16),
                        Check("befreiung", "Befreiung (§ 4 Abs. 1 RBStV)", 0.26),
                        Check("haertefall", "Befreiung als Härtefall (§ 4 Abs. 6)", 0.31),
                        Check("ermaessigung", "Ermäßigung (§ 4 Abs. 2 RBStV)", 0.27),
                    ]
                ),
                Row([Text("grund", "Grund für die Befreiung/Ermäßigung", 1.0, lines=2)]),
                Row(
                    [
                        Text(
                            "haertefall_begruendung",
                            "Nur bei besonderem Härtefall: Begründung",
                            1.0,
                            lines=2,
                        )
                    ]
                ),
                Row(
                    [
                        Text("nachweis", "Beigefügter Nachweis", 0.6),
                        Text("gueltig_von", "Nachweis gültig vom", 0.2),
                        Text("gueltig_bis", "bis", 0.2),
                    ]
                ),
            ],
        ),
        Section(
            "4",
            "Die Befreiung/Ermäßigung soll auch gelten für (§ 4 Abs. 3 RBStV)",
            [
                Row(
                    [
                        Text(
                            "partner_familienname",
                            "Ehegatte/eingetragener Lebenspartner: Name",
                            0.32,
                        ),
                        Text("partner_vornamen", "Vorname", 0.24),
                        Text("partner_geburtsdatum", "Geburtsdatum", 0.14),
                        Text("partner_beitragsnummer", "Beitragsnummer (falls vorhanden)", 0.3),
                    ]
                ),
                *[person(n) for n in range(1, PERSONS + 1)],
            ],
        ),
        Section(
            "5",
            "Hinweise",
            [
                Row(
                    [
                        Note(
                            "Bitte einen Nachweis mit Name, Art der Leistung und Leistungszeitraum "
                            "beifügen. Ohne Unterschrift ist der Antrag nicht gültig.",
                            1.0,
                        )
                    ]
                ),
            ],
        ),
    ],
)


if __name__ == "__main__":
    target = Path(__file__).with_suffix(".pdf")
    names = build(DOCUMENT, target)
    print(f"{len(names)} fields")
