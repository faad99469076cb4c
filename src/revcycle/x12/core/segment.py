"""One segment read from a file, and the delimiters it was read with."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Delimiters:
    """The four X12 separators, read from the ISA of each interchange."""

    element: str = "*"
    repetition: str = "^"
    component: str = ":"
    segment: str = "~"

    def all(self) -> tuple[str, str, str, str]:
        return (self.element, self.repetition, self.component, self.segment)


DEFAULT_DELIMITERS = Delimiters()


class Segment:
    """A segment: ``elements[0]`` is the id; ``position`` is its 1-based ordinal in the file."""

    __slots__ = ("elements", "line", "position")

    def __init__(self, elements: list[str], position: int, line: int) -> None:
        self.elements = elements
        self.position = position
        self.line = line

    @property
    def id(self) -> str:
        return self.elements[0]

    def get(self, index: int) -> str:
        """Element ``index`` (1-based, as in ``CLM01``), or ``""`` when absent."""
        elements = self.elements
        return elements[index] if index < len(elements) else ""

    def __len__(self) -> int:
        return len(self.elements)

    def __repr__(self) -> str:
        return f"Segment({'*'.join(self.elements)!r}, position={self.position}, line={self.line})"


class IsaSegment(Segment):
    """An ISA segment, carrying the delimiters read from it."""

    __slots__ = ("delimiters",)

    def __init__(self, elements: list[str], position: int, line: int, delimiters: Delimiters) -> None:
        super().__init__(elements, position, line)
        self.delimiters = delimiters
