"""Template: Antrag auf Bürgergeld – Hauptantrag (HA), SGB II.

Mirrors the sections of the Jobcenter's Hauptantrag: A personal data (with
bank account, numbers and identity document), B nationality and residence,
C start of the claim, D current situation, E the last years, F health
insurance, G household and housing, H the enclosed Anlagen, I signature. The
household table has room for six further persons; more go to the addendum.
Build it with `python pdf_templates/buergergeld.py` (writes buergergeld.pdf
beside this file).
"""

from __future__ import annotations

from pathlib import Path

from wizard.pdf.drawkit import Check, Document, Note, Row, Section, Text, build

PERSONS = 6


def yes_no(name: str, question: str, width: float = 0.34) -> list[Note | Check]:
    """A ja/nein question of the paper form: printed question and two tick boxes."""
    return [
        Note(question, width),
        Check(f"{name}_ja", "ja", 0.07),
        Check(f"{name}_nein", "nein", 0.09),
    ]


def pair(first: list[Note | Check], second: list[Note | Check | Text] | None = None) -> Row:
    """Two ja/nein questions (or a question and a detail box) side by side."""
    return Row([*first, *(second or [Note("", 0.5)])])


def yes_no_detail(name: str, question: str, detail: Text | list[Text]) -> Row:
    """A ja/nein question with a box (or boxes) for the details beside it."""
    return pair(yes_no(name, question), detail if isinstance(detail, list) else [detail])


def person(n: int) -> Row:
    return Row(
        [
            Text(f"p{n}_familienname", f"{n}. Familienname", 0.2),
            Text(f"p{n}_vornamen", "Vorname", 0.17),
            Text(f"p{n}_geburtsdatum", "Geburtsdatum", 0.12),
            Text(f"p{n}_beziehung", "Verhältnis zur antragstellenden Person", 0.27),
            Text(f"p{n}_erwerbsfaehig", "erwerbsfähig", 0.12),
            Text(f"p{n}_einkommen", "Einkommen", 0.12),
        ]
    )


def anlage(name: str, label: str, count: bool = False) -> list[Check | Text | Note]:
    boxes: list[Check | Text | Note] = [Check(f"anlage_{name}", label, 0.38)]
    boxes.append(Text(f"anzahl_{name}", "Anzahl", 0.12) if count else Note("", 0.12))
    return boxes


DOCUMENT = Document(
    title="Antrag auf Bürgergeld – Hauptantrag",
    reference="nach dem Hauptantrag (HA) nach dem Zweiten Buch Sozialgesetzbuch (SGB II)",
    authority="Jobcenter",
    sections=[
        Section(
            "A",
            "Persönliche Daten der antragstellenden Person",
            [
                Row(
                    [
                        Text("familienname", "Familienname", 0.35),
                        Text("vornamen", "Vorname", 0.35),
                        Text("geburtsname", "Geburtsname (sofern abweichend)", 0.3),
                    ]
                ),
                Row(
                    [
                        Text("geburtsdatum", "Geburtsdatum", 0.15),
                        Text("geburtsort", "Geburtsort", 0.25),
                        Text("geburtsland", "Geburtsland", 0.2),
                        Text("geschlecht", "Geschlecht", 0.12),
                        Text("staatsangehoerigkeit", "Staatsangehörigkeit", 0.28),
                    ]
                ),
                Row(
                    [
                        Text("strasse", "Straße, Hausnummer, Zusatz", 0.45),
                        Text("plz", "Postleitzahl", 0.13),
                        Text("ort", "Wohnort", 0.42),
                    ]
                ),
                Row(
                    [
                        Text("wohnhaft_bei", "gegebenenfalls wohnhaft bei", 0.5),
                        Check("kein_fester_wohnsitz", "Kein fester Wohnsitz", 0.5),
                    ]
                ),
                Row(
                    [
                        Text("telefon", "Telefonnummer (freiwillig)", 0.4),
                        Text("email", "E-Mail-Adresse (freiwillig)", 0.6),
                    ]
                ),
                Row(
                    [
                        Text("kontoinhaber", "Kontoinhaberin/Kontoinhaber", 0.3),
                        Text("iban", "IBAN", 0.45),
                        Text("bic", "BIC", 0.25),
                    ]
                ),
                Row(
                    [
                        Text(
                            "kein_konto_grund",
                            "Grund, falls keine Bankverbindung angegeben werden kann",
                            1.0,
                            lines=2,
                        )
                    ]
                ),
                Row(
                    [
                        Text("rv_nummer", "Rentenversicherungsnummer", 0.3),
                        Check("rv_beantragt", "noch nicht vorhanden, beantragt", 0.28),
                        Check("rv_keine", "nicht vorhanden", 0.17),
                        Text("steuer_id", "Steuerliche Identifikationsnummer", 0.25),
                    ]
                ),
                Row(
                    [
                        Text("ausweis_art", "Ausgewiesen durch", 0.6),
                        Text("ausweis_gueltig_bis", "Gültig bis", 0.15),
                        Note("", 0.25),
                    ]
                ),
                yes_no_detail(
                    "betreuung",
                    "Gesetzliche Betreuung, Bevollmächtigung oder Vormundschaft",
                    Text("betreuung_name", "Name und Anschrift", 0.5),
                ),
            ],
        ),
        Section(
            "B",
            "Nationalität und Aufenthalt",
            [
                Row(
                    [
                        Text("aufenthaltsstatus", "Aufenthaltsstatus", 0.5),
                        Text("aufenthalt_gueltig_bis", "gültig bis", 0.15),
                        Text("azr_nummer", "AZR-Nummer", 0.35),
                    ]
                ),
                pair(
                    yes_no("aufenthaltstitel", "Gültiger Aufenthaltstitel vorhanden"),
                    yes_no(
                        "verpflichtung",
                        "Verpflichtungserklärung (Übernahme der Kosten des Lebensunterhalts)",
                    ),
                ),
                yes_no_detail(
                    "asylblg",
                    "Leistungen nach dem Asylbewerberleistungsgesetz",
                    Text("asylblg_bis", "Leistungen nach dem AsylbLG bis", 0.5),
                ),
                Row(
                    [
                        Text(
                            "nationale_id",
                            "Nationale Personenidentifikationsnummer / Personenkennnummer",
                            1.0,
                        )
                    ]
                ),
            ],
        ),
        Section(
            "C",
            "Antragstellung",
            [
                Row(
                    [
                        Note("Ich beantrage Bürgergeld", 0.22),
                        Check("beginn_sofort", "ab sofort", 0.14),
                        Check("beginn_spaeter", "ab einem späteren Zeitpunkt:", 0.28),
                        Text("beginn_datum", "ab (Datum)", 0.16),
                        Text("einreisedatum", "Einreisedatum", 0.2),
                    ]
                ),
            ],
        ),
        Section(
            "D",
            "Aktuelle Lebenssituation",
            [
                Row(
                    [
                        Text("familienstand", "Familienstand", 0.6),
                        Text(
                            "getrennt_seit", "getrennt lebend / geschieden / aufgehoben seit", 0.4
                        ),
                    ]
                ),
                pair(
                    yes_no(
                        "erwerbsfaehig",
                        "Nach meiner Einschätzung kann ich mindestens 3 Stunden täglich arbeiten.",
                    ),
                    yes_no("alleinerziehend", "Ich bin alleinerziehend."),
                ),
                yes_no_detail(
                    "schwanger",
                    "Ich bin schwanger.",
                    Text("entbindungstermin", "voraussichtlicher Entbindungstermin", 0.5),
                ),
                pair(
                    yes_no(
                        "eltern_ausserhalb",
                        "Unter 25 Jahre; ein Elternteil lebt außerhalb der Bedarfsgemeinschaft.",
                    ),
                    yes_no(
                        "ausbildung",
                        "Ich bin Schüler/in, Student/in oder Auszubildende/r.",
                    ),
                ),
                pair(
                    yes_no("schulbuecher", "Kosten für Schulbücher/Arbeitshefte"),
                    yes_no("auswaerts", "Während der Ausbildung auswärts untergebracht"),
                ),
                yes_no_detail(
                    "andere_leistungen",
                    "Andere Leistungen beantragt oder beabsichtigt",
                    [
                        Text("andere_leistungen_art", "Art der Leistungen", 0.28),
                        Text("andere_leistungen_sonst", "Sonstige Leistung", 0.22),
                    ],
                ),
                pair(
                    yes_no(
                        "ernaehrung",
                        "Kostenaufwändige Ernährung aus medizinischen Gründen",
                    ),
                    yes_no("behinderung", "Ich habe eine Behinderung."),
                ),
                pair(
                    yes_no(
                        "teilhabe",
                        "Teilhabe am Arbeitsleben (§ 49 SGB IX) / Eingliederungshilfe (§ 112 SGB IX)",
                    ),
                    yes_no("besonderer_bedarf", "Unabweisbarer, laufender besonderer Bedarf"),
                ),
                yes_no_detail(
                    "stationaer",
                    "Aufenthalt in einer stationären Einrichtung (derzeit oder demnächst)",
                    Text("stationaer_art", "Art der Einrichtung", 0.5),
                ),
                Row(
                    [
                        Note("", 0.5),
                        Text("stationaer_von", "Aufenthalt von", 0.25),
                        Text("stationaer_bis", "bis (voraussichtlich)", 0.25),
                    ]
                ),
            ],
        ),
        Section(
            "E",
            "Bisherige Lebenssituation",
            [
                yes_no_detail(
                    "frueher",
                    "In den letzten 3 Jahren Bürgergeld oder Sozialhilfe bezogen oder beantragt",
                    Text("frueher_art", "Art der Leistung", 0.5),
                ),
                Row(
                    [
                        Text("frueher_traeger", "Name und Anschrift des Leistungsträgers", 0.78),
                        Text("frueher_bis", "Leistung bis", 0.22),
                    ]
                ),
                pair(
                    yes_no(
                        "beschaeftigt",
                        "In den letzten 5 Jahren bei einem Arbeitgeber beschäftigt",
                    ),
                    yes_no("lohnanspruch", "Ausstehende Lohnansprüche gegen einen Arbeitgeber"),
                ),
                pair(
                    yes_no("selbstaendig", "In den letzten 5 Jahren selbständig/freiberuflich"),
                    yes_no("wehrdienst", "Wehrdienst oder freiwilliger Dienst geleistet"),
                ),
                yes_no_detail(
                    "entgeltersatz",
                    "Entgeltersatzleistungen erhalten (z. B. Krankengeld, Arbeitslosengeld)",
                    Text("entgeltersatz_art", "Art und Zeitraum", 0.5),
                ),
                Row(
                    [
                        Text(
                            "lebensunterhalt",
                            "Wie haben Sie Ihren Lebensunterhalt bisher bestritten?",
                            1.0,
                            lines=2,
                        )
                    ]
                ),
                pair(
                    yes_no("pflege", "Pflege von Angehörigen (Pflege nach dem SGB XI)"),
                    yes_no(
                        "anspruch_dritte",
                        "Ansprüche gegenüber Dritten (z. B. Schadensersatz, Erbschaft)",
                    ),
                ),
                pair(yes_no("schaden_dritte", "Unfall oder Gesundheitsschaden durch Dritte")),
            ],
        ),
        Section(
            "F",
            "Kranken- und Pflegeversicherung",
            [
                Row(
                    [
                        Text("kv_art", "Art der Versicherung", 0.5),
                        Text("krankenkasse", "Name der Krankenkasse", 0.5),
                    ]
                ),
            ],
        ),
        Section(
            "G",
            "Wohnsituation und weitere Personen im Haushalt",
            [
                pair(
                    yes_no("allein", "Wohnen Sie allein?"),
                    yes_no("wohnkosten", "Entstehen Ihnen Bedarfe für Unterkunft und Heizung?"),
                ),
                *[person(n) for n in range(1, PERSONS + 1)],
            ],
        ),
        Section(
            "H",
            "Beigefügte Anlagen",
            [
                Row(
                    [
                        *anlage("wep", "Anlage WEP (weitere Person ab 15 Jahren)", True),
                        *anlage("ki", "Anlage KI (Kind unter 15 Jahren)", True),
                    ]
                ),
                Row(
                    [
                        *anlage("ek", "Anlage EK (Einkommen)", True),
                        *anlage("kdu", "Anlage KDU (Unterkunft und Heizung)"),
                    ]
                ),
                Row(
                    [
                        *anlage("vm", "Anlage VM (Vermögen)"),
                        *anlage("ve", "Anlage VE (Einstehensgemeinschaft)"),
                    ]
                ),
                Row(
                    [
                        *anlage("hg", "Anlage HG (Haushaltsgemeinschaft)"),
                        *anlage("sv", "Anlage SV (Sozialversicherung)"),
                    ]
                ),
                Row(
                    [
                        *anlage("meb", "Anlage MEB (Mehrbedarfe)"),
                        *anlage("uh1", "Anlage UH1 (Unterhalt Ehegatte)"),
                    ]
                ),
                Row(
                    [
                        *anlage("uh2", "Anlage UH2 (Unterhalt Kinder)"),
                        *anlage("uh3", "Anlage UH3 (Unterhalt Eltern)"),
                    ]
                ),
                Row([*anlage("uf", "Anlage UF (Unfall/Schaden durch Dritte)"), Note("", 0.5)]),
            ],
        ),
        Section(
            "I",
            "Unterschrift",
            [
                Row(
                    [
                        Note(
                            "Ich versichere, dass die Angaben richtig und vollständig sind. "
                            "Änderungen teile ich dem Jobcenter unverzüglich mit (§ 60 SGB I).",
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
