"""Template: Antrag auf Wohngeld – Mietzuschuss, after the NRW application form.

Mirrors the sections and numbering of the official form (1 to 16) with room for
six household members in section 9, the rent in its parts (section 6) and the
size of the flat (section 7). Build it with `python pdf_templates/wohngeld.py`
(writes wohngeld.pdf beside this file).

drawkit gives text boxes no length limit (only comb fields have one), so a long
answer (a landlord's name and address, several incomes) is shrunk to fit or goes
to the addendum instead of making the fill fail.
"""

from __future__ import annotations

from pathlib import Path

from wizard.pdf.drawkit import Check, Document, Note, Row, Section, Text, build

PERSONS = 6
COMB = 1 << 24  # text field flag: one character per cell; keeps its /MaxLen


def yes_no(question: str, name: str, yes: str = "ja", width: float = 0.7) -> Row:
    """A question from the form with its nein/ja pair of tick boxes."""
    rest = (1.0 - width) / 2
    return Row(
        [Note(question, width), Check(f"{name}_nein", "nein", rest), Check(f"{name}_ja", yes, rest)]
    )


def person(n: int) -> Section:
    title = "Antragstellende Person" if n == 1 else f"{n}. Person"
    rows = [
        Row(
            [
                Text(f"p{n}_name", "a) Familienname und Geburtsname", 0.45),
                Text(f"p{n}_vorname", "b) Vorname", 0.35),
                Text(f"p{n}_geschlecht", "b) Geschlecht", 0.2),
            ]
        ),
        Row(
            [
                Text(f"p{n}_geburtsdatum", "c) Geburtsdatum", 0.2),
                Text(f"p{n}_geburtsort", "d) Geburtsort", 0.3),
                Text(f"p{n}_familienstand", "e) Familienstand", 0.2),
                Text(f"p{n}_verwandtschaft", "f) Verhältnis zur antragstellenden Person", 0.3),
            ]
        ),
        Row(
            [
                Text(f"p{n}_taetigkeit", "g) zur Zeit ausgeübte Tätigkeit", 0.5),
                Text(f"p{n}_staatsangehoerigkeit", "h) Staatsangehörigkeit", 0.5),
            ]
        ),
        Row(
            [
                Text(
                    f"p{n}_einkuenfte",
                    "Art und Höhe der Einkünfte (brutto), monatlich und jährliche Einmalzahlungen",
                    0.65,
                    lines=4,
                ),
                Text(
                    f"p{n}_werbungskosten",
                    "Werbungskosten/Kinderbetreuung (Art, € jährlich)",
                    0.35,
                    lines=4,
                ),
            ]
        ),
        Row(
            [
                Note("Steuern gezahlt?", 0.16),
                Check(f"p{n}_steuern_ja", "ja", 0.07),
                Check(f"p{n}_steuern_nein", "nein", 0.07),
                Note("Beiträge zur Kranken- und Pflegeversicherung?", 0.22),
                Check(f"p{n}_kv_ja", "ja", 0.07),
                Check(f"p{n}_kv_nein", "nein", 0.07),
                Note("Beiträge zur Renten-/ Lebensversicherung?", 0.2),
                Check(f"p{n}_rv_ja", "ja", 0.07),
                Check(f"p{n}_rv_nein", "nein", 0.07),
            ]
        ),
    ]
    return Section(f"9.{n}", title, rows)


def change(n: int) -> Row:
    return Row(
        [
            Text(f"aenderung_{n}_name", "Wenn ja, bei wem? (Name, Vorname)", 0.7),
            Text(f"aenderung_{n}_datum", "Ab wann? (Datum)", 0.3),
        ]
    )


def special(n: int) -> Row:
    return Row(
        [
            Text(f"besonders_{n}_name", "Name, Vorname", 0.4),
            Text(f"besonders_{n}_gdb", "a) Grad der Behinderung (v.H.)", 0.2),
            Check(f"besonders_{n}_pflege", "b) häuslich pflegebedürftig", 0.2),
            Check(f"besonders_{n}_verfolgung", "c) Opfer der NS-Verfolgung", 0.2),
        ]
    )


DOCUMENT = Document(
    title="Antrag auf Wohngeld – Mietzuschuss",
    reference="nach dem Antragsvordruck Wohngeld – Mietzuschuss (Nordrhein-Westfalen)",
    authority="Wohngeldstelle",
    sections=[
        Section(
            "",
            "Art des Antrags",
            [
                Row(
                    [
                        Check("antrag_erst", "Erstantrag", 0.2),
                        Check("antrag_weiter", "Weiterleistungsantrag (Ablauf des BWZR)", 0.4),
                        Check("antrag_erhoehung", "Erhöhungsantrag (Änderung im BWZR)", 0.4),
                    ]
                ),
                Row([Text("wohngeldnummer", "Wohngeldnummer (falls bekannt)", 0.5, comb=12)]),
            ],
        ),
        Section(
            "1",
            "Antragstellende Person",
            [
                Row(
                    [
                        Text("familienname", "Familienname, ggf. Geburtsname", 0.4),
                        Text("vorname", "Vorname", 0.35),
                        Text("geburtsdatum", "Geburtsdatum", 0.25),
                    ]
                ),
                Row(
                    [
                        Text("telefon", "Telefonnummer (freiwillig)", 0.3),
                        Text("email", "E-Mail-Adresse (freiwillig)", 0.4),
                        Text("persoenliche_verhaeltnisse", "Persönliche Verhältnisse", 0.3),
                    ]
                ),
            ],
        ),
        Section(
            "2",
            "Anschrift der Wohnung, für die Wohngeld beantragt wird",
            [
                Row(
                    [
                        Text(
                            "wohnungsadresse",
                            "Postleitzahl, Ort, Straße, Hausnummer, Etage, ggf. Wohnungsnummer",
                            1.0,
                        )
                    ]
                )
            ],
        ),
        Section(
            "3",
            "Bankverbindung, auf die das Wohngeld überwiesen werden soll",
            [
                Row(
                    [
                        Text("kreditinstitut", "Name des Kreditinstituts", 0.35),
                        Text("iban", "IBAN", 0.45),
                        Text("bic", "BIC", 0.2),
                    ]
                ),
                Row(
                    [
                        Text("kontoinhaber", "Name der Kontoinhaberin / des Kontoinhabers", 0.5),
                        Text("kontoinhaber_ist", "Kontoinhaber(in) ist", 0.5),
                    ]
                ),
                Row(
                    [
                        Text(
                            "zahlungsempfaenger",
                            "Name und Anschrift des(r) Zahlungsempfängers(in), "
                            "sofern er/sie nicht die antragstellende Person ist",
                            1.0,
                        )
                    ]
                ),
            ],
        ),
        Section(
            "4",
            "Mittelpunkt der Lebensbeziehungen",
            [
                yes_no(
                    "Bildet der Wohnraum für alle Personen, die ihn bewohnen, den Mittelpunkt "
                    "der Lebensbeziehungen?",
                    "mittelpunkt",
                ),
                Row(
                    [
                        Text(
                            "mittelpunkt_person",
                            "Wenn nein: Welche Person hat ihren Mittelpunkt der "
                            "Lebensbeziehungen nicht im Haushalt?",
                            1.0,
                        )
                    ]
                ),
            ],
        ),
        Section(
            "5",
            "Ich bin … der Wohnung, für die Wohngeld beantragt wird",
            [
                Row(
                    [
                        Check("hauptmieter", "Hauptmieter(in)", 0.18),
                        Check("untermieter", "Untermieter(in)", 0.18),
                        Check(
                            "bewohner_mfh",
                            "Bewohner(in) einer Wohnung im eigenen Mehrfamilienhaus",
                            0.46,
                        ),
                        Check("heimbewohner", "Heimbewohner(in)", 0.18),
                    ]
                )
            ],
        ),
        Section(
            "6",
            "Vermieter(in) und Miete",
            [
                Row(
                    [
                        Text(
                            "vermieter",
                            "Wer hat Ihnen die Wohnung vermietet oder untervermietet? "
                            "Name, Vorname, Anschrift, ggf. Telefonnummer",
                            1.0,
                        )
                    ]
                ),
                Row(
                    [
                        Text("grundmiete", "Grundmiete (kalt), € monatlich", 0.25),
                        Text("nebenkosten", "Betriebskosten ohne Heizung, € mtl.", 0.25),
                        Text("heizkosten", "Heizkosten, € monatlich", 0.25),
                        Text("gesamtmiete", "Miete einschl. Betriebskosten, € mtl.", 0.25),
                    ]
                ),
            ],
        ),
        Section(
            "7",
            "Wohnung",
            [
                Row(
                    [
                        Text("einzug", "Bewohnt seit (Tag, Monat, Jahr)", 0.4),
                        Text("wohnflaeche", "Wohnfläche (m²)", 0.3),
                        Text("zimmer", "Anzahl der Zimmer", 0.3),
                    ]
                ),
                yes_no(
                    "Teil der Wohnung untervermietet, kostenlos überlassen oder von einer nicht "
                    "zum Haushalt rechnenden Person mitbenutzt? (wenn ja: Anlage „Untervermietung“)",
                    "untervermietung",
                ),
                Row(
                    [
                        Note(
                            "Wird ein Teil der Wohnung ausschließlich gewerblich oder beruflich "
                            "genutzt?",
                            0.5,
                        ),
                        Check("gewerblich_nein", "nein", 0.15),
                        Check("gewerblich_ja", "ja", 0.15),
                        Text("gewerblich_qm", "wenn ja: m²", 0.2),
                    ]
                ),
            ],
        ),
        Section(
            "8",
            "Zuschüsse zur Miete",
            [
                yes_no(
                    "Erhalten Sie oder eine zum Haushalt rechnende Person Wohngeld oder andere "
                    "private oder öffentliche Zuschüsse zur Bezahlung der Miete?",
                    "zuschuesse",
                ),
                yes_no("… oder wurde ein entsprechender Antrag gestellt?", "zuschuesse_antrag"),
            ],
        ),
        Section(
            "9",
            "Personen im Haushalt und ihre Einkünfte",
            [
                Row(
                    [
                        Note(
                            "Alle in der Wohnung wohnenden Personen (auch Kinder), mit denen die "
                            "antragstellende Person gemeinsam wohnt und wirtschaftet. Einkünfte nur "
                            "für Personen, die keine Transferleistung erhalten oder beantragt haben; "
                            "alle Einkünfte einzeln mit dem Bruttobetrag.",
                            1.0,
                        )
                    ]
                )
            ],
        ),
        *[person(n) for n in range(1, PERSONS + 1)],
        Section(
            "10",
            "Verstorbene haushaltsangehörige Person",
            [
                Row(
                    [
                        Note(
                            "Ist eine Person, die zum Haushalt gehörte und keine Transferleistung "
                            "erhalten hat, innerhalb der letzten 12 Monate verstorben?",
                            0.5,
                        ),
                        Check("verstorben_nein", "nein", 0.1),
                        Check("verstorben_ja", "ja", 0.1),
                        Text("verstorben_datum", "Datum", 0.3),
                    ]
                ),
                Row([Text("verstorben_namen", "Name(n)", 1.0)]),
                Row(
                    [
                        Note("Wohnung nach dem Tode gewechselt?", 0.5),
                        Check("wohnungswechsel_nein", "nein", 0.1),
                        Check("wohnungswechsel_ja", "ja", 0.1),
                        Text("wohnungswechsel_datum", "Datum", 0.3),
                    ]
                ),
                Row(
                    [
                        Note("Nach dem Tode eine weitere Person in den Haushalt aufgenommen?", 0.5),
                        Check("aufnahme_nein", "nein", 0.1),
                        Check("aufnahme_ja", "ja", 0.1),
                        Text("aufnahme_datum", "Datum", 0.3),
                    ]
                ),
                Row([Text("aufnahme_namen", "Name(n) der aufgenommenen Person(en)", 1.0)]),
            ],
        ),
        Section(
            "11",
            "Änderung der Einnahmen",
            [
                yes_no(
                    "Werden sich die Einnahmen der zum Haushalt rechnenden Personen in den "
                    "nächsten 12 Monaten verringern oder erhöhen?",
                    "aenderung",
                ),
                *[change(n) for n in range(1, PERSONS + 1)],
                Row([Text("aenderung_grund", "Grund der Verringerung / Erhöhung", 1.0, lines=3)]),
            ],
        ),
        Section(
            "12",
            "Kindergeld",
            [
                yes_no(
                    "Rechnen zu Ihrem Haushalt Kinder, für die Kindergeld gewährt wird?",
                    "kindergeld",
                ),
                Row(
                    [
                        Text("kindergeld_anzahl", "Anzahl der Kinder", 0.3),
                        Text(
                            "kindergeld_berechtigte", "Wer ist die/der Kindergeldberechtigte?", 0.7
                        ),
                    ]
                ),
            ],
        ),
        Section(
            "13",
            "Sozialleistungen",
            [
                yes_no(
                    "Haben Sie oder eine zum Haushalt rechnende Person eine der folgenden "
                    "Leistungen beantragt, oder wird eine davon bezogen?",
                    "leistungen",
                ),
                Row(
                    [
                        Check("leistung_buergergeld", "Bürgergeld / Sozialgeld (SGB II)", 0.34),
                        Check("leistung_grundsicherung", "Grundsicherung (SGB XII)", 0.33),
                        Check("leistung_hlu", "Hilfe zum Lebensunterhalt (SGB XII)", 0.33),
                    ]
                ),
                Row(
                    [
                        Check("leistung_bvg", "Ergänzende Hilfe zum Lebensunterhalt (BVG)", 0.34),
                        Check("leistung_asylblg", "Asylbewerberleistung", 0.33),
                        Check("leistung_jugendhilfe", "Kinder- und Jugendhilfe (SGB VIII)", 0.33),
                    ]
                ),
                Row(
                    [
                        Check("leistung_bafoeg", "BAföG / Berufsausbildungsbeihilfe", 0.34),
                        Check("leistung_rente", "Rente", 0.33),
                        Check("leistung_unterhaltsvorschuss", "Unterhaltsvorschuss", 0.33),
                    ]
                ),
                Row([Check("leistung_alg1", "Arbeitslosengeld I (SGB III)", 0.34)]),
                Row(
                    [
                        Text(
                            "leistungen_wer",
                            "Wer bezieht die Leistung oder hat sie beantragt? "
                            "(Name, Vorname, Antragsdatum bzw. Bezugszeitraum)",
                            1.0,
                            lines=2,
                        )
                    ]
                ),
            ],
        ),
        Section(
            "14",
            "Unterhaltszahlungen",
            [
                yes_no(
                    "Werden von den zum Haushalt rechnenden Personen Unterhaltszahlungen "
                    "geleistet? (wenn ja: Vordruck „Aufwendungen zur Erfüllung gesetzlicher "
                    "Unterhaltspflichten“)",
                    "unterhalt",
                )
            ],
        ),
        Section(
            "15",
            "Schwerbehinderung, Pflegebedürftigkeit, NS-Verfolgung (nur wenn zutreffend)",
            [special(n) for n in range(1, PERSONS + 1)],
        ),
        Section(
            "16",
            "Erklärung",
            [
                Row(
                    [
                        Note(
                            "Ich versichere, dass ich a) von anderen wohngeldberechtigten "
                            "Haushaltsangehörigen bestimmt worden bin, den Wohngeldantrag zu "
                            "stellen (§ 3 Abs. 3 WoGG), und b) dass alle Angaben, auch in den "
                            "Anlagen, richtig und vollständig sind und die aufgeführten Personen "
                            "keine weiteren Einnahmen haben.",
                            1.0,
                        )
                    ]
                ),
                Row(
                    [
                        Note(
                            "Mir ist bekannt, dass ich der Wohngeldstelle Änderungen, die für das "
                            "Wohngeld erheblich sind (zum Beispiel Aus- und Einzüge, Anträge auf "
                            "Transferleistungen, Einnahmeerhöhungen oder Mietverringerungen von "
                            "mehr als 15 %), unverzüglich mitteilen muss und dass zu Unrecht "
                            "erhaltenes Wohngeld zurückzuzahlen ist.",
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
