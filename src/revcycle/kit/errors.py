"""The one error tree of revcycle.

Every exception revcycle raises on purpose descends from :class:`RevcycleError`. Contexts subclass
the branch that fits, next to their service (``x12.errors``, ``claims.service`` ...), so callers
can catch by meaning without knowing where an error came from::

    RevcycleError
    ├── InvalidInput            bad data from a person or a file; names the field, segment or line
    │   ├── FieldErrors         one or more named fields failed validation (API: 422)
    │   └── FormatError         a file or message that cannot be read (X12, CSV, FHIR...)
    ├── NotFound                the object does not exist *for this caller* (API: 404)
    ├── Conflict                the request clashes with stored state: duplicate, wrong state (409)
    ├── AccessDenied            the caller may not do this (API: 403)
    │   └── AuthenticationRequired   no valid sign-in or token (API: 401)
    └── ConfigurationError      the installation is not ready (e.g. schema out of date)

Expected business outcomes (a scrubber finding, an 835 that does not balance) are data, not
exceptions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class RevcycleError(Exception):
    """Root of every error revcycle raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(RevcycleError):
    """Input that revcycle cannot accept; the message names where the problem is."""


@dataclass(frozen=True)
class FieldError:
    """One field that failed validation: a dotted path (``subscriber.member_id``) and why."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class FieldErrors(InvalidInput):
    """One or more fields failed validation."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        if not self.errors:
            raise ValueError("FieldErrors needs at least one FieldError")
        super().__init__("; ".join(str(e) for e in self.errors))

    @classmethod
    def single(cls, field: str, message: str) -> FieldErrors:
        return cls([FieldError(field, message)])

    def prefixed(self, prefix: str) -> FieldErrors:
        """The same errors with ``prefix.`` before each field, for nested objects."""
        return FieldErrors(FieldError(f"{prefix}.{e.field}", e.message) for e in self.errors)


class FormatError(InvalidInput):
    """A file or message that cannot be read; ``location`` says where (line, segment, record)."""

    def __init__(self, message: str, *, location: str | None = None) -> None:
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class NotFound(RevcycleError):
    """The object does not exist, or does not exist for this caller's practice."""

    def __init__(self, entity: str, ident: object) -> None:
        self.entity = entity
        self.ident = ident
        super().__init__(f"{entity} {ident} not found")


class Conflict(RevcycleError):
    """The request clashes with what is stored: a duplicate, or an object in the wrong state."""


class AccessDenied(RevcycleError):
    """The caller is known but may not do this."""


class AuthenticationRequired(AccessDenied):
    """No valid session or token was presented."""


class ConfigurationError(RevcycleError):
    """The installation is not ready to run: the message says which command fixes it."""


class FieldCollector:
    """Collects field errors while validating a whole object, then raises them together."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def absorb(self, exc: FieldErrors, prefix: str | None = None) -> None:
        self.errors.extend(exc.prefixed(prefix).errors if prefix else exc.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise FieldErrors(self.errors)
