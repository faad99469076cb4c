"""Read FHIR R4 JSON: a Bundle (transaction, batch or collection), one resource, or a folder.

Pure apart from reading the files it is given. JSON is parsed with ``parse_float=Decimal`` so an
amount never passes through a float. References are resolved within what was read: ``urn:uuid:``
to a Bundle entry's ``fullUrl``, ``Patient/123`` (relative or absolute) to a resource of that type
and id, ``#id`` to a contained resource. A relative reference that is not in the input may still
name something imported before; ``urn:uuid:`` and ``#`` references must resolve here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from revcycle.imports.model import RecordError
from revcycle.kit.errors import FormatError

_LITERAL = re.compile(r"(?:^|/)([A-Z][A-Za-z]+)/([A-Za-z0-9\-.]{1,64})(?:/_history/[^/]+)?$")


def load_json(text: str, *, name: str) -> Any:
    """The JSON document, or ``FormatError`` naming the line and column where it breaks."""
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"not valid JSON: {exc.msg}", location=f"{name} line {exc.lineno} column {exc.colno}"
        ) from None


@dataclass
class Entry:
    """One resource read from the input, with the key other records refer to it by."""

    resource: dict[str, Any]
    key: str
    """``Patient/123``; a transaction entry without an id is known by its ``urn:uuid:`` fullUrl;
    a contained resource by its container's key, ``#`` and its id (``Claim/7#patient-1``)."""
    full_url: str | None = None

    @property
    def type(self) -> str:
        return str(self.resource.get("resourceType") or "")

    @property
    def ident(self) -> str:
        if "#" in self.key:
            return self.key.split("/", 1)[-1]
        return str(self.resource.get("id") or self.full_url or "")


@dataclass
class Index:
    """Every resource of the input, findable by fullUrl and by ``Type/id``."""

    entries: list[Entry] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    by_url: dict[str, Entry] = field(default_factory=dict)
    by_key: dict[str, Entry] = field(default_factory=dict)

    def add(self, resource: Any, full_url: str | None, where: str) -> None:
        if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
            self.errors.append(RecordError("resource", where, "resourceType", "not a FHIR resource"))
            return
        if resource["resourceType"] == "Bundle":
            self.add_bundle(resource, where)
            return
        rid = resource.get("id")
        key = f"{resource['resourceType']}/{rid}" if rid else (full_url or "")
        if not key:
            self.errors.append(
                RecordError(resource["resourceType"], where, "id", "a resource needs an id or a fullUrl")
            )
            return
        entry = Entry(resource, key, full_url)
        self.entries.append(entry)
        self.by_key[key] = entry
        if full_url:
            self.by_url[full_url] = entry
        for inner in resource.get("contained") or ():
            if isinstance(inner, dict) and inner.get("id") and isinstance(inner.get("resourceType"), str):
                local = Entry(inner, f"{key}#{inner['id']}")
                self.entries.append(local)
                self.by_key[local.key] = local

    def add_bundle(self, bundle: dict[str, Any], where: str) -> None:
        entries = bundle.get("entry") or []
        if not isinstance(entries, list):
            self.errors.append(RecordError("Bundle", str(bundle.get("id") or where), "entry", "not a list"))
            return
        for i, item in enumerate(entries):
            if not isinstance(item, dict):
                self.errors.append(RecordError("Bundle", where, f"entry[{i}]", "not an object"))
                continue
            self.add(item.get("resource"), item.get("fullUrl"), f"{where} entry[{i}]")

    def resolve(self, reference: str, from_key: str = "") -> Resolved:
        """What ``reference`` (made by the resource ``from_key``) points to; ``Resolved.error``
        says why it cannot point anywhere."""
        if reference.startswith("#"):
            found = self.by_key.get(f"{from_key.split('#')[0]}{reference}")
            if found is None:
                return Resolved(error=f"contained resource {reference} is not in the resource")
            return Resolved(entry=found, type=found.type, key=found.key)
        if reference in self.by_url:
            entry = self.by_url[reference]
            return Resolved(entry=entry, type=entry.type, key=entry.key)
        if reference.startswith(("urn:uuid:", "urn:oid:")):
            return Resolved(error=f"reference {reference} does not resolve to any entry of the Bundle")
        match = _LITERAL.search(reference)
        if match is None:
            return Resolved(error=f"reference {reference!r} is not of the form Type/id")
        key = f"{match[1]}/{match[2]}"
        return Resolved(entry=self.by_key.get(key), type=match[1], key=key)


@dataclass(frozen=True)
class Resolved:
    """A reference resolved: the entry when it was in the input, and the key to look it up by."""

    entry: Entry | None = None
    type: str = ""
    key: str = ""
    error: str | None = None


def read_texts(documents: Iterable[tuple[str, str]]) -> Index:
    """Index the resources of ``(name, json text)`` documents; unreadable ones become errors."""
    index = Index()
    for name, text in documents:
        try:
            doc = load_json(text, name=name)
        except FormatError as exc:
            index.errors.append(RecordError("file", name, "", exc.message))
            continue
        index.add(doc, None, name)
    return index


NOT_RESOURCES = frozenset({"package.json", ".index.json"})
"""Files of a FHIR package folder that describe the package, not resources."""


def read_path(path: Path) -> Index:
    """A file, or every ``*.json`` file of a folder (sorted), read as one collection."""
    if not path.is_dir():
        return read_texts([(path.name, path.read_text(encoding="utf-8"))])
    files = sorted(p for p in path.rglob("*.json") if p.is_file() and p.name not in NOT_RESOURCES)
    return read_texts((p.name, p.read_text(encoding="utf-8")) for p in files)
