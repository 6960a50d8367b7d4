"""The rules a metric's figures and evidence follow, once, for the grid, the import and any API.

Every message is a plain sentence; the caller says where it applies (the grid puts the metric
code in front, the import shows the row and column). The number limits come from the model
field, so the database, the forms and the import cannot disagree about them.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.template.defaultfilters import filesizeformat

from anchors.common.numbers import NotANumber, fit_problem, format_limit, largest, parse_number
from metrics.models import Metric, MetricValue

FIGURES = ("value", "numerator", "denominator")
EVIDENCE_EXTENSIONS = (".pdf", ".docx", ".xlsx", ".odt", ".ods", ".csv", ".png", ".jpg", ".jpeg")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024

ENTER_VALUE = "Enter a value"
VALUE_NEGATIVE = "The value cannot be negative"
NUMERATOR_NEGATIVE = "The numerator cannot be negative"
DENOMINATOR_NOT_POSITIVE = "The denominator must be more than zero"
NUMERATOR_OVER_DENOMINATOR = (
    "The numerator cannot be more than the denominator (a share cannot be over 100%)"
)
NOT_A_NUMBER = "Enter a number, like 1250 or 1250.50"


@dataclass(frozen=True)
class MetricRule:
    """What the figure rules need to know about a metric, from a Metric or a plain row of one."""

    code: str
    is_ratio: bool
    allow_negative: bool = False
    numerator_label: str = ""
    denominator_label: str = ""

    @classmethod
    def of(cls, metric) -> "MetricRule":
        """The rule for a Metric, a MetricRule, or a dict with code, kind (or is_ratio),
        allow_negative and the labels, as ``.values()`` returns it."""
        if isinstance(metric, cls):
            return metric
        if isinstance(metric, Mapping):
            get = metric.get
        else:

            def get(name, default=None):
                return getattr(metric, name, default)

        is_ratio = get("is_ratio")
        if is_ratio is None:
            is_ratio = get("kind") == Metric.Kind.RATIO
        return cls(
            code=get("code") or "",
            is_ratio=bool(is_ratio),
            allow_negative=bool(get("allow_negative")),
            numerator_label=get("numerator_label") or "",
            denominator_label=get("denominator_label") or "",
        )


def _enter(part, label):
    return f"Enter the {part}: {label}" if label else f"Enter the {part}"


def _ratio_errors(rule, value, numerator, denominator):
    errors = []
    if value is not None:
        errors.append(
            ("value", f"{rule.code} is a ratio: enter the numerator and denominator, not a value")
        )
    if numerator is None:
        errors.append(("numerator", _enter("numerator", rule.numerator_label)))
    elif numerator < 0:
        errors.append(("numerator", NUMERATOR_NEGATIVE))
    if denominator is None:
        errors.append(("denominator", _enter("denominator", rule.denominator_label)))
    elif denominator <= 0:
        errors.append(("denominator", DENOMINATOR_NOT_POSITIVE))
    elif numerator is not None and numerator > denominator:
        errors.append(("numerator", NUMERATOR_OVER_DENOMINATOR))
    return errors


def _amount_errors(rule, value, numerator, denominator):
    errors = []
    extra = f"{rule.code} is a count or amount: enter one value, not a numerator and denominator"
    if numerator is not None:
        errors.append(("numerator", extra))
    if denominator is not None:
        errors.append(("denominator", extra))
    if value is None:
        errors.append(("value", ENTER_VALUE))
    elif value < 0 and not rule.allow_negative:
        errors.append(("value", VALUE_NEGATIVE))
    return errors


def figure_errors(metric, *, value, numerator, denominator) -> list[tuple[str, str]]:
    """(part, message) for each figure that breaks the metric's rules; empty when they are fine.

    ``metric`` is a Metric, a MetricRule or a plain dict (see ``MetricRule.of``); the parts are
    value, numerator and denominator, and a part can have more than one message.
    """
    rule = MetricRule.of(metric)
    if rule.is_ratio:
        return _ratio_errors(rule, value, numerator, denominator)
    return _amount_errors(rule, value, numerator, denominator)


@cache
def figure_shape(part: str = "value") -> tuple[int, int]:
    """(max_digits, decimal_places) of a figure, from the model field that stores it."""
    field = MetricValue._meta.get_field(part)
    return field.max_digits, field.decimal_places


def largest_figure(part: str = "value") -> Decimal:
    """The largest figure the model field holds: 9,999,999,999,999.99 for 15 digits, 2 places."""
    max_digits, decimal_places = figure_shape(part)
    return largest(max_digits=max_digits, decimal_places=decimal_places)


@cache
def number_messages(part: str = "value") -> dict[str, str]:
    """What is wrong with a typed figure, by problem (as ``fit_problem`` names them, and
    'not_a_number'): the same words for the grid and the import."""
    _, places = figure_shape(part)
    return {
        "not_a_number": NOT_A_NUMBER,
        "too_large": (
            f"Too large, the largest value accepted is {format_limit(largest_figure(part))}"
        ),
        "too_many_places": (
            f"Use at most {places} decimal place{'' if places == 1 else 's'}"
            if places
            else "Enter a whole number"
        ),
    }


def read_figure(text, part: str = "value") -> tuple[Decimal | None, str]:
    """A typed figure ("1,500", "£1,000,000", "(1,500)") as the Decimal to store, and '' when it
    is fine; or None and what is wrong with it. Blank is (None, '')."""
    try:
        number = parse_number(text)
    except NotANumber:
        return None, NOT_A_NUMBER
    if number is None:
        return None, ""
    max_digits, decimal_places = figure_shape(part)
    problem = fit_problem(number, max_digits=max_digits, decimal_places=decimal_places)
    if problem:
        return None, number_messages(part)[problem]
    # "12.500" is 12.50 and 1E+3 is 1000: the same number, written the way the grid keeps it.
    exponent = number.as_tuple().exponent
    if exponent < -decimal_places:
        number = number.quantize(Decimal(1).scaleb(-decimal_places))
    elif exponent > 0:
        number = number.quantize(Decimal(1))
    return number, ""


def evidence_file_error(upload) -> str:
    """Why an evidence file is refused (its type or size), or '' when it is fine."""
    if not upload:
        return ""
    if Path(upload.name).suffix.lower() not in EVIDENCE_EXTENSIONS:
        return "Evidence must be a PDF, Word, Excel, OpenDocument, CSV, PNG or JPEG file"
    if upload.size > EVIDENCE_MAX_BYTES:
        return (
            f"The evidence file is {filesizeformat(upload.size)}; the largest accepted is "
            f"{filesizeformat(EVIDENCE_MAX_BYTES)}"
        )
    return ""


def evidence_missing(*, note, new_file=None, saved=None) -> bool:
    """Submitting needs evidence: a note, a new file, or the file already saved with the value."""
    has_file = bool(new_file) or bool(saved is not None and saved.evidence_file)
    return not (note or "").strip() and not has_file


__all__ = [
    "DENOMINATOR_NOT_POSITIVE",
    "ENTER_VALUE",
    "EVIDENCE_EXTENSIONS",
    "EVIDENCE_MAX_BYTES",
    "FIGURES",
    "NOT_A_NUMBER",
    "NUMERATOR_NEGATIVE",
    "NUMERATOR_OVER_DENOMINATOR",
    "VALUE_NEGATIVE",
    "MetricRule",
    "evidence_file_error",
    "evidence_missing",
    "figure_errors",
    "figure_shape",
    "largest_figure",
    "number_messages",
    "read_figure",
]
