"""The wizard engine: pure functions over a form definition and a user's answers.

No Flask, no PDF: the web, PDF and language layers call these.
"""

from .flow import (
    env_for,
    is_required,
    next_step,
    previous_step,
    progress,
    required_fields,
    step,
    visible_fields,
    visible_steps,
)
from .review import (
    Missing,
    ReviewItem,
    ReviewRow,
    ReviewStep,
    checklist,
    computed_values,
    effective_answers,
    first_unfinished_step,
    is_complete,
    item_label,
    missing,
    output_env,
    review,
)
from .submit import (
    Outcome,
    check_group,
    item_missing,
    item_pages,
    item_visible_fields,
    items,
    remove_item,
    submit_item_page,
    submit_step,
)
from .values import FieldError

__all__ = [
    "FieldError",
    "Missing",
    "Outcome",
    "ReviewItem",
    "ReviewRow",
    "ReviewStep",
    "check_group",
    "checklist",
    "computed_values",
    "effective_answers",
    "env_for",
    "first_unfinished_step",
    "is_complete",
    "is_required",
    "item_label",
    "item_missing",
    "item_pages",
    "item_visible_fields",
    "items",
    "missing",
    "next_step",
    "output_env",
    "previous_step",
    "progress",
    "remove_item",
    "required_fields",
    "review",
    "step",
    "submit_item_page",
    "submit_step",
    "visible_fields",
    "visible_steps",
]
