"""Template: Antrag auf Zulassung zum Integrationskurs, with the exemption from the cost contribution.

Mirrors what the BAMF's application for admission to an integration course
(§ 44 Abs. 4 AufenthG, § 5 IntV) asks, together with the application for
exemption from the cost contribution (§ 9 Abs. 2 IntV): course provider, person,
address, residence status, the reasons for the admission, German and literacy,
the kind of course, childcare, and the grounds for the exemption. Build it with
`python pdf_templates/integrationskurs.py` (writes integrationskurs.pdf beside
this file).
"""

from __future__ import annotations

from pathlib import Path

from wizard.pdf.drawkit import Check, Document, Note, Row, Section, Text, build

CHILDREN = 4
COMB = 1 << 24


def child(n: int) -> Row:
    return Row(
        [
            Text(f"kb{n}_vorname", f"Kind {n} – Vorname", 0.4),
            Text(f"kb{n}_geburtsdatum", "Geburtsdatum", 0.25),
            Text(f"kb{n}_kita", "Betreuung (Kita, Tagesmutter) schon vorhanden", 0.35),
        ]
    )


DOCUMENT = Document(
    title="Antrag auf Zulassung zum Integrationskurs",
    reference="mit Antrag auf Befreiung vom Kostenbeitrag (§ 44 Abs. 4 AufenthG, §§ 5, 9 IntV)",
    authority="Bundesamt für Migration und Flüchtlinge",
    sections=[
        Section(
            "1",
            "Antrag",
            [
                Row(
                    [
                        Check(
                            "antrag_zulassung",
                            "Antrag auf Zulassung zu einem Integrationskurs (§ 44 Abs. 4 AufenthG)",
                            1.0,
                        )
                    ]
                ),
                Row(
                    [
                        Check(
                            "antrag_nur_befreiung",
                            "Antrag nur auf Befreiung vom Kostenbeitrag (Teilnahmeberechtigung "
                            "oder Verpflichtung liegt vor)",
                            1.0,
                        )
                    ]
                ),
                Row(
                    [
                        Text(
                            "traeger_name",
                            "Falls der Antrag über einen Kursträger gestellt wird: Name",
                            0.7,
                        ),
                        Text("traeger_kennziffer", "Kennziffer", 0.3),
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
                        Text("familienname", "Name", 0.5),
                        Text("geburtsname", "ggf. Geburtsname", 0.5),
                    ]
                ),
                Row(
                    [
                        Text("vornamen", "Vorname(n)", 0.75),
                        Text("geburtsdatum", "Geburtsdatum", 0.25),
                    ]
                ),
                Row(
                    [
                        Note("Geschlecht", 0.25),
                        Check("geschlecht_m", "männlich"),
                        Check("geschlecht_w", "weiblich"),
                        Check("geschlecht_d", "divers"),
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
                        Text("staatsangehoerigkeiten", "Staatsangehörigkeit(en)", 0.6),
                        Text("muttersprache", "Muttersprache", 0.4),
                    ]
                ),
            ],
        ),
        Section(
            "3",
            "Anschrift",
            [
                Row(
                    [
                        Text("strasse", "Straße/Hausnummer", 0.6),
                        Text("co", "ggf. wohnhaft bei (c/o)", 0.4),
                    ]
                ),
                Row(
                    [
                        Text("plz_ort", "Postleitzahl/Ort", 0.6),
                        Text("telefon", "Telefonnummer", 0.4),
                    ]
                ),
                Row([Text("email", "E-Mail", 1.0)]),
            ],
        ),
        Section(
            "4",
            "Aufenthaltsstatus",
            [
                Row(
                    [
                        Text("status", "Aufenthaltsstatus", 0.5),
                        Text("status_paragraf", "Rechtsgrundlage", 0.25),
                        Text("dokument_gueltig_bis", "gültig bis", 0.25),
                    ]
                ),
                Row(
                    [
                        Text("dokument_nummer", "Dokumentennummer", 0.35),
                        Text("in_de_seit", "in Deutschland seit", 0.3),
                        Text("bamf_az", "Aktenzeichen des Bundesamts", 0.35),
                    ]
                ),
            ],
        ),
        Section(
            "5",
            "Vorhandene Teilnahmeberechtigung oder Verpflichtung",
            [
                Row(
                    [
                        Text("berechtigung_stelle", "ausgestellt von", 0.45),
                        Text("berechtigung_art", "Art", 0.35),
                        Text("berechtigung_datum", "Datum", 0.2),
                    ]
                ),
            ],
        ),
        Section(
            "6",
            "Begründung des Antrags auf Zulassung",
            [
                Row(
                    [
                        Note(
                            "Ich beantrage die Zulassung zu einem Integrationskurs (Sprach- und "
                            "Orientierungskurs) gemäß § 44 Abs. 4 AufenthG, da ich nicht über "
                            "ausreichende Kenntnisse der deutschen Sprache verfüge.",
                            1.0,
                        )
                    ]
                ),
                Row(
                    [
                        Check(
                            "integrationsbeduerftig",
                            "Ich bin in besonderer Weise integrationsbedürftig. Begründung:",
                            1.0,
                        )
                    ]
                ),
                Row(
                    [
                        Check(
                            "sorgerecht",
                            "Ich habe das Sorgerecht für ein in Deutschland lebendes "
                            "minderjähriges Kind.",
                            1.0,
                        )
                    ]
                ),
                Row([Text("sonstige_gruende", "Sonstige Gründe", 1.0, lines=2)]),
            ],
        ),
        Section(
            "7",
            "Deutschkenntnisse und gewünschter Kurs",
            [
                Row(
                    [
                        Text("deutsch_niveau", "Deutschkenntnisse (Selbsteinschätzung)", 0.35),
                        Text("lesen_schreiben", "Lesen und Schreiben", 0.45),
                        Text("schuljahre", "Schulbesuch (Jahre)", 0.2),
                    ]
                ),
                Row([Text("kursart", "Gewünschte Kursart", 1.0)]),
                Row([Text("bisher_kurs", "Bisherige Teilnahme an einem Integrationskurs", 1.0)]),
                Row([Text("andere_kurse", "Sonstige Deutschkurse", 1.0)]),
            ],
        ),
        Section(
            "8",
            "Kinderbetreuung während des Kurses",
            [
                Row(
                    [
                        Note("Kinderbetreuung wird benötigt", 0.5),
                        Check("kinderbetreuung_ja", "ja", 0.25),
                        Check("kinderbetreuung_nein", "nein", 0.25),
                    ]
                ),
                *[child(n) for n in range(1, CHILDREN + 1)],
            ],
        ),
        Section(
            "9",
            "Befreiung vom Kostenbeitrag",
            [
                Row(
                    [
                        Check(
                            "befreiung",
                            "Ich beantrage die Befreiung vom Kostenbeitrag zum Integrationskurs.",
                            1.0,
                        )
                    ]
                ),
                Row([Note("Begründung: Ich beziehe", 1.0)]),
                Row(
                    [
                        Check("grund_sgb2", "Leistungen nach SGB II (Bürgergeld)", 0.5),
                        Check("grund_sgb3", "Leistungen nach SGB III (Arbeitslosengeld)", 0.5),
                    ]
                ),
                Row(
                    [
                        Check("grund_sgb12", "Leistungen nach SGB XII (Lebensunterhalt)", 0.5),
                        Check("grund_asylblg", "Leistungen nach dem AsylbLG", 0.5),
                    ]
                ),
                Row(
                    [
                        Check(
                            "grund_lohn",
                            "oder: Ich bin beschäftigt; mein Bruttoentgelt übersteigt die Grenze nicht.",
                            1.0,
                        )
                    ]
                ),
                Row(
                    [
                        Check(
                            "grund_sonstige",
                            "oder: Ich bin aus sonstigen Gründen finanziell bedürftig.",
                            1.0,
                        )
                    ]
                ),
                Row(
                    [
                        Text("leistung_stelle", "Leistungsträger", 0.6),
                        Text("leistung_bis", "bewilligt bis", 0.4),
                    ]
                ),
                Row(
                    [
                        Text("brutto", "monatliches Bruttoentgelt", 0.5),
                        Text("kinder_kindergeld", "Kinder nach § 32 EStG", 0.5),
                    ]
                ),
                Row([Text("beduerftig_text", "Sonstige Gründe der Bedürftigkeit", 1.0)]),
            ],
        ),
        Section(
            "10",
            "Erklärung",
            [
                Row(
                    [
                        Check(
                            "keine_schule",
                            "Ich befinde mich in keiner schulischen Ausbildung.",
                            1.0,
                        )
                    ]
                ),
                Row(
                    [
                        Check(
                            "kein_kurs_bisher",
                            "Ich habe bisher noch an keinem Integrationskurs teilgenommen.",
                            1.0,
                        )
                    ]
                ),
                Row(
                    [
                        Note(
                            "Ich versichere, dass ich alle Angaben vollständig und richtig gemacht "
                            "habe. Ich bin mir bewusst, dass falsche Angaben zur Ablehnung des "
                            "Antrags oder – bei späterer Feststellung – zum Widerruf der Zulassung "
                            "oder der Befreiung führen können.",
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
