"""The typed model of a form definition.

One set of pydantic classes serves three purposes: it validates loaded YAML,
it is the typed object the engine reads, and it generates the JSON Schema that
editors use for autocompletion (``wizard schema``). Semantic checks that need
the whole form (names in expressions, duplicate ids, cycles) live in
``checker.py``; this module only describes shapes.

All texts are German source strings (``Text``); translations are looked up by
the language layer, never stored here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    model_validator,
)

from .problems import Problem
from .suggest import suggestion_hint
from .yamlpos import MDict, Pos

Ident = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]{0,62}$",
        description="Lower-case identifier: letters a-z, digits and _, starting with a letter.",
    ),
]
Expr = Annotated[
    str,
    Field(
        min_length=1,
        description="An expression over earlier answers, e.g. `age(geburtsdatum) >= 18`.",
    ),
]
Text = Annotated[str, Field(description="German source text; translated through the catalogs.")]
ChoiceCode = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$")]


class Node(BaseModel):
    """Base of every model: forbids unknown keys and remembers source positions.

    Unknown keys are reported as problems with a "did you mean" (collected in the
    validation context) and then dropped, so the rest of the mapping is still
    validated and the author sees every problem in one run.
    """

    model_config = ConfigDict(extra="forbid", validate_default=False, use_attribute_docstrings=True)
    _src: MDict | None = PrivateAttr(default=None)
    what: ClassVar[str] = "this block"

    @model_validator(mode="wrap")
    @classmethod
    def _track_source(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        source = data if isinstance(data, MDict) else None
        problems = info.context.get("problems") if isinstance(info.context, dict) else None
        if source is not None and problems is not None:
            allowed = {f.alias or name for name, f in cls.model_fields.items()}
            unknown = [key for key in source if key not in allowed]
            for key in unknown:
                problems.append(
                    Problem(
                        source.key_pos.get(key),
                        f"unknown key '{key}' in {cls.what}",
                        suggestion_hint(key, allowed)
                        or f"allowed keys: {', '.join(sorted(allowed))}",
                    )
                )
            if unknown:
                data = source.copy_with({k: v for k, v in source.items() if k in allowed})
        result = handler(data)
        if isinstance(result, Node) and isinstance(data, MDict):
            result._src = data
        return result

    def pos(self, key: str | None = None) -> Pos | None:
        """Where this node (or the value at ``key``) was written."""
        if self._src is None:
            return None
        return self._src.pos_of(key) if key else self._src.pos


# --------------------------------------------------------------------------- fields


class Choice(Node):
    """One option of a choice. The code is stored; the label is shown."""

    what: ClassVar[str] = "a choice"
    code: ChoiceCode
    """The stored value, e.g. `VH` for verheiratet. Never translated."""
    label: Text
    """What the user reads (plain language)."""
    official: Text | None = None
    """The wording on the official form, shown beside a translation."""
    hint: Text | None = None


class Rule(Node):
    """A validation rule: an expression that must be true, with its own message."""

    what: ClassVar[str] = "a validation rule"
    rule: Expr
    """Must evaluate to true for the answer to be accepted. The field's own value is its id."""
    message: Text
    """Shown (translated) when the rule fails."""


class FieldBase(Node):
    what: ClassVar[str] = "a field"
    id: Ident
    """Unique name of the answer; used in expressions and in the PDF mapping."""
    label: Text
    """The question, in plain German. Always visible above the input."""
    hint: Text | None = None
    """Shown under the label."""
    why: Text | None = None
    """"Why we ask": shown in an expandable block."""
    official: Text | None = None
    """The official German wording from the paper form, shown beside a translation."""
    when: Expr | None = None
    """Show the field only when this is true."""
    required: StrictBool | Expr = True
    """true, false, or an expression: required only when it is true."""
    validate_: list[Rule] = Field(default_factory=list, alias="validate")
    """Extra rules, each with its own message."""
    autocomplete: str | None = None
    """HTML autocomplete token, e.g. `family-name`, `bday`, `postal-code`."""
    latin_script: StrictBool = False
    """The authority needs Latin letters (names as in the passport)."""

    model_config = ConfigDict(populate_by_name=True)

    @property
    def rules(self) -> list[Rule]:
        return self.validate_

    @property
    def has_value(self) -> bool:
        return True


class TextField(FieldBase):
    """Short text on one line."""

    type: Literal["text"]
    min_length: int | None = Field(default=None, ge=0)
    max_length: int = Field(default=200, ge=1, le=10_000)
    pattern: str | None = None
    """A regular expression the whole answer must match."""
    pattern_message: Text | None = None
    """Message when the pattern does not match."""


class LongTextField(FieldBase):
    """Free text over several lines."""

    type: Literal["longtext"]
    min_length: int | None = Field(default=None, ge=0)
    max_length: int = Field(default=2000, ge=1, le=20_000)
    free_text: StrictBool = True
    """The user may write in their own language; a German translation is offered."""


class DateField(FieldBase):
    """A calendar date, entered as day, month and year."""

    type: Literal["date"]
    min: Expr | None = None
    """Earliest allowed date, as an expression: `date("1900-01-01")`, `today() - 14`."""
    max: Expr | None = None
    """Latest allowed date, as an expression, e.g. `today()`."""
    min_message: Text | None = None
    max_message: Text | None = None


class IntegerField(FieldBase):
    type: Literal["integer"]
    min: int | None = None
    max: int | None = None
    unit: Text | None = None


class MoneyField(FieldBase):
    """An amount in euro, stored exactly (two decimals)."""

    type: Literal["money"]
    min: Decimal | None = None
    max: Decimal | None = None


class YesNoField(FieldBase):
    type: Literal["yesno"]


class ChoiceField(FieldBase):
    """Exactly one of several options; stores the option's code."""

    type: Literal["choice"]
    choices: list[Choice] = Field(min_length=1)
    widget: Literal["radio", "select"] = "radio"


class MultiChoiceField(FieldBase):
    """Any number of options; stores a list of codes."""

    type: Literal["multichoice"]
    choices: list[Choice] = Field(min_length=1)
    min_selected: int | None = Field(default=None, ge=0)
    max_selected: int | None = Field(default=None, ge=1)


class EmailField(FieldBase):
    type: Literal["email"]


class PhoneField(FieldBase):
    type: Literal["phone"]


class PostcodeField(FieldBase):
    """A German postal code (five digits)."""

    type: Literal["postcode"]


class IbanField(FieldBase):
    """An IBAN, checksum-validated; stored without spaces."""

    type: Literal["iban"]
    countries: list[str] | None = None
    """Allowed country prefixes, e.g. [DE]; default: any valid IBAN."""


class SteuerIdField(FieldBase):
    """The German tax identification number (11 digits, checksum-validated)."""

    type: Literal["steuer_id"]


class CountryField(FieldBase):
    """A country or nationality from the ISO 3166 code list (names from CLDR)."""

    type: Literal["country"]
    multiple: StrictBool = False
    """Several answers (e.g. all nationalities); stored as a list of codes."""
    stateless: StrictBool = False
    """Offer "staatenlos" (XXA) and "ungeklärt" (XXX), the ICAO 9303 codes, for nationalities."""
    exclude: list[str] = Field(default_factory=list)
    """Codes not offered, e.g. [DE]."""


class InfoField(FieldBase):
    """A read-only block of information; asks nothing."""

    type: Literal["info"]
    label: Text = ""
    text: Text
    required: StrictBool | Expr = False

    @property
    def has_value(self) -> bool:
        return False


AnyField = Annotated[
    TextField
    | LongTextField
    | DateField
    | IntegerField
    | MoneyField
    | YesNoField
    | ChoiceField
    | MultiChoiceField
    | EmailField
    | PhoneField
    | PostcodeField
    | IbanField
    | SteuerIdField
    | CountryField
    | InfoField,
    Field(discriminator="type"),
]

FIELD_TYPES: dict[str, type[FieldBase]] = {
    cls.model_fields["type"].annotation.__args__[0]: cls  # type: ignore[union-attr]
    for cls in AnyField.__origin__.__args__  # type: ignore[attr-defined]
}


# --------------------------------------------------------------------------- steps


class Computed(Node):
    """A value derived from answers by an expression (never asked)."""

    what: ClassVar[str] = "a computed value"
    id: Ident
    expr: Expr
    label: Text | None = None
    """Shown in the review when set."""


class ItemPage(Node):
    """One page of a repeat item, for items with many questions."""

    what: ClassVar[str] = "a repeat page"
    id: Ident
    title: Text
    intro: Text | None = None
    when: Expr | None = None
    fields: list[AnyField] = Field(min_length=1)


class Repeat(Node):
    """A repeating group (household members, children): one item per person or thing."""

    what: ClassVar[str] = "a repeat"
    min: int = Field(default=0, ge=0)
    max: int = Field(default=10, ge=1, le=100)
    item_label: Text
    """Template naming an item, e.g. `Kind {index}: {vorname}`."""
    item_title: Text | None = None
    """Heading of an item's page(s); defaults to the item label."""
    add_label: Text | None = None
    """Button text for adding an item."""
    fields: list[AnyField] = Field(default_factory=list)
    """The questions of one item, on one page (or use `pages`)."""
    pages: list[ItemPage] = Field(default_factory=list)
    """The questions of one item, over several pages."""
    computed: list[Computed] = Field(default_factory=list)

    @model_validator(mode="after")
    def _fields_or_pages(self) -> Repeat:
        if bool(self.fields) == bool(self.pages):
            raise ValueError("a repeat needs either `fields` (one page) or `pages`, not both")
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is larger than max ({self.max})")
        return self

    @property
    def item_pages(self) -> list[ItemPage]:
        """The item's pages; `fields` is shorthand for one page."""
        if self.pages:
            return self.pages
        cached = getattr(self, "_single_page", None)
        if cached is None:
            cached = [ItemPage.model_construct(id="item", title="", fields=self.fields, when=None)]
            object.__setattr__(self, "_single_page", cached)
        return cached

    @property
    def all_fields(self) -> list[FieldBase]:
        return [f for page in self.item_pages for f in page.fields]


class Step(Node):
    """One page of the wizard, or a repeating group's summary page."""

    what: ClassVar[str] = "a step"
    id: Ident
    title: Text
    intro: Text | None = None
    section: Ident | None = None
    """The section this step belongs to, for the progress display."""
    when: Expr | None = None
    """Show the step only when this is true (over earlier answers)."""
    fields: list[AnyField] = Field(default_factory=list)
    repeat: Repeat | None = None
    """Makes this step a repeating group; answers are stored under the step id."""

    @model_validator(mode="after")
    def _fields_or_repeat(self) -> Step:
        if self.repeat is not None and self.fields:
            raise ValueError("a repeat step keeps its questions under `repeat`, not `fields`")
        if self.repeat is None and not self.fields:
            raise ValueError("a step needs `fields` (or a `repeat`)")
        return self


class Section(Node):
    what: ClassVar[str] = "a section"
    id: Ident
    title: Text


# --------------------------------------------------------------------------- outputs


class Document(Node):
    """An item of the document checklist (Nachweise)."""

    what: ClassVar[str] = "a document"
    id: Ident
    label: Text
    hint: Text | None = None
    official: Text | None = None
    when: Expr | None = None
    """Needed only when this is true."""


class Authority(Node):
    what: ClassVar[str] = "the authority"
    name: Text
    """E.g. `Meldebehörde (Bürgeramt)`."""
    kind: Ident
    """The kind of office, e.g. `meldebehoerde`; groups forms that go to the same office."""
    url: str | None = None


class Submission(Node):
    """Where and how to submit."""

    what: ClassVar[str] = "the submission text"
    text: Text
    deadline: Text | None = None
    """E.g. `innerhalb von 2 Wochen nach dem Einzug`."""


class PdfField(Node):
    """How one answer (or expression) reaches the PDF."""

    what: ClassVar[str] = "a PDF field mapping"
    field: str | None = None
    """PDF field name (AcroForm). In a repeat, `{n}` is replaced by the slot number."""
    slots: list[str] | None = None
    """In a repeat: the PDF field name for each slot, when names are irregular."""
    boxes: list[str] | None = None
    """Split one value across several fields (boxes), in order."""
    chunks: list[int] | None = None
    """Characters per box when splitting (default: one per box)."""
    value: Expr
    """Expression giving the value, e.g. `familienname` or `plz + " " + ort`."""
    label: Text | None = None
    """German label of the value where the form has no room for it (the addendum)."""
    format: (
        Literal["text", "date", "date_compact", "money", "integer", "upper", "checkbox"] | None
    ) = None
    """`date`: DD.MM.YYYY, `date_compact`: DDMMYYYY, `checkbox`: true ticks the box."""
    map: dict[str, str] | None = None
    """Code → value on the form (e.g. `VH: verheiratet`) or radio export value."""
    # Overlay placement (flat forms)
    page: int | None = Field(default=None, ge=1)
    x: float | None = None
    y: float | None = None
    width: float | None = Field(default=None, gt=0)
    height: float | None = Field(default=None, gt=0)
    size: float | None = Field(default=None, gt=0, le=72)
    align: Literal["left", "center", "right"] | None = None
    mark: Literal["text", "cross", "comb"] | None = None
    cells: int | None = Field(default=None, ge=1)


class PdfRepeat(Node):
    """Maps a repeating group onto numbered slots of the form."""

    what: ClassVar[str] = "a PDF repeat mapping"
    group: Ident
    slots: int = Field(ge=1)
    """How many items the form has room for; the rest go to the addendum."""
    fields: list[PdfField] = Field(min_length=1)


class PdfOutput(Node):
    """One PDF the form produces, and how answers map onto it."""

    what: ClassVar[str] = "a PDF output"
    id: Ident
    title: Text
    template: str
    """Path of the template PDF, relative to the project root (or absolute)."""
    kind: Literal["acroform", "overlay", "drawn"] = "acroform"
    """`acroform`: fill form fields; `overlay`: draw text on a flat form;
    `drawn`: a template module in pdf_templates/ draws the whole form."""
    optional_template: StrictBool = False
    """The template is an official PDF a deployment may not have (skip if absent)."""
    when: Expr | None = None
    fields: list[PdfField] = Field(default_factory=list)
    repeats: list[PdfRepeat] = Field(default_factory=list)
    flatten: StrictBool = False


# --------------------------------------------------------------------------- the form


class FormDef(Node):
    """A whole application: metadata, steps, checklist, submission and PDF mapping."""

    what: ClassVar[str] = "the form"
    id: Ident
    title: Text
    description: Text
    """One or two plain-language sentences: what this application is for."""
    authority: Authority
    version: str = "1"
    language: Literal["de"] = "de"
    """Source language of the texts."""
    sections: list[Section] = Field(default_factory=list)
    steps: list[Step] = Field(min_length=1)
    computed: list[Computed] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    submit: Submission | None = None
    next_steps: Text | None = None
    """What happens after submitting."""
    pdf: list[PdfOutput] = Field(default_factory=list)


class Fragment(Node):
    """A shared piece (person, address, bank account) that forms include."""

    what: ClassVar[str] = "the fragment"
    description: Text | None = None
    fields: list[AnyField] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
