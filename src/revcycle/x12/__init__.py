"""X12 5010 engine: tokenizer, envelopes, one sub-package per implementation guide, validation.

Entry points: :func:`parse` (file to typed models), :func:`write` (models to X12 text),
:func:`revcycle.x12.validate.validate` (findings as data), :func:`revcycle.x12.jsonview.to_json`.
"""

from revcycle.x12.api import iter_parse, parse, write
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.core.segment import Delimiters
from revcycle.x12.errors import X12Error

__all__ = ["Delimiters", "Envelope", "X12Error", "iter_parse", "parse", "write"]
