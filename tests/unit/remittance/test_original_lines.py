"""A secondary claim's lines mapped to the original claim lines they bill again, without a database."""

from __future__ import annotations

import datetime as dt

from revcycle.remittance.domain.matching import BilledLine, map_to_original

DOS = dt.date(2026, 2, 3)


def test_secondary_lines_map_by_procedure_modifiers_date_and_line_order() -> None:
    original = [
        BilledLine(1, 1, "99213", ("25",), DOS),
        BilledLine(2, 2, "85025", (), DOS),
        BilledLine(3, 3, "85025", (), DOS + dt.timedelta(days=1)),
        BilledLine(4, 4, "85025", (), DOS),
    ]
    secondary = [
        BilledLine(11, 1, "99213", ("25",), DOS),
        BilledLine(12, 2, "85025", (), DOS),
        BilledLine(13, 3, "85025", (), DOS + dt.timedelta(days=1)),
        BilledLine(14, 4, "85025", (), DOS),
    ]
    assert map_to_original(secondary, original) == {11: 1, 12: 2, 13: 3, 14: 4}


def test_a_line_whose_modifiers_changed_still_maps_and_an_extra_line_does_not() -> None:
    original = [BilledLine(1, 1, "99213", ("25",), DOS)]
    secondary = [BilledLine(11, 1, "99213", (), DOS), BilledLine(12, 2, "99213", (), DOS)]
    assert map_to_original(secondary, original) == {11: 1}
