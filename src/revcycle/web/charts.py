"""Small server-side SVG charts: stacked bars, Pareto, bars and a line. No script, no inline style
(the content security policy forbids both): colours are presentation attributes. Every chart has a
title and a text description for screen readers, and its numbers are also in a table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from markupsafe import Markup

PALETTE = ("#0b5cad", "#2f9e6b", "#d08c00", "#c2410c", "#7c3aed", "#4a5560")
"""Colour-blind-safe enough at these sizes, and each series is also labelled in the legend."""

WIDTH, HEIGHT = 560, 240
LEFT, RIGHT, TOP, BOTTOM = 150, 20, 16, 40


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Decimal]


def _svg(ident: str, title: str, desc: str, body: list[str], height: int = HEIGHT) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d" class="chart">'
        f'<title id="{ident}-t">{escape(title)}</title>'
        f'<desc id="{ident}-d">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 - every piece of text is escaped


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 12, fill: str = "#1b1f24") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}">'
        f"{escape(text)}</text>"
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, tip: str) -> str:
    """A bar with its value as a tooltip."""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}">'
        f"<title>{escape(tip)}</title></rect>"
    )


def _legend(labels: Sequence[str], y: float) -> list[str]:
    parts, x = [], float(LEFT)
    for i, label in enumerate(labels):
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>'
        )
        parts.append(_text(x + 14, y, label, size=11))
        x += 20 + 7 * len(label)
    return parts


def stacked_bars(
    ident: str, title: str, desc: str, categories: Sequence[str], series: Sequence[Series], unit: str
) -> Markup:
    """Horizontal bars, one per category, stacked by series (e.g. payers by aging bucket)."""
    rows = len(categories)
    height = TOP + BOTTOM + 28 * rows
    totals = [sum((s.values[i] for s in series), Decimal(0)) for i in range(rows)]
    top = max(totals, default=Decimal(0)) or Decimal(1)
    span = WIDTH - LEFT - RIGHT - 70
    body: list[str] = []
    for i, category in enumerate(categories):
        y = TOP + 28 * i
        body.append(_text(LEFT - 8, y + 15, category[:22], "end"))
        x = float(LEFT)
        for j, s in enumerate(series):
            w = float(s.values[i] / top) * span
            if w > 0:
                tip = f"{category}, {s.label}: {unit}{s.values[i]:,.2f}"
                body.append(_rect(x, y + 3, w, 18, PALETTE[j % len(PALETTE)], tip))
            x += w
        body.append(_text(x + 6, y + 15, f"{unit}{totals[i]:,.0f}", size=11))
    body += _legend([s.label for s in series], height - 12)
    return _svg(ident, title, desc, body, height)


def pareto(ident: str, title: str, desc: str, causes: Sequence[tuple[str, int]]) -> Markup:
    """Bars of counts, largest first, with the cumulative share as a line (0-100 %)."""
    ordered = sorted(causes, key=lambda c: -c[1])
    total = sum(n for _, n in ordered) or 1
    top = max((n for _, n in ordered), default=1) or 1
    plot_h = HEIGHT - TOP - BOTTOM - 40
    step = (WIDTH - 60 - RIGHT) / max(len(ordered), 1)
    body: list[str] = []
    points, running = [], 0
    for i, (cause, n) in enumerate(ordered):
        x = 60 + step * i
        h = plot_h * n / top
        body.append(_rect(x + 4, TOP + plot_h - h, step - 8, h, PALETTE[0], f"{cause}: {n}"))
        body.append(_text(x + step / 2, TOP + plot_h + 16, cause[:14], "middle", 11))
        running += n
        points.append(f"{x + step / 2:.1f},{TOP + plot_h - plot_h * running / total:.1f}")
    body.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{PALETTE[3]}" stroke-width="2"/>')
    body.append(_text(56, TOP + 10, f"{top}", "end", 11))
    body.append(_text(WIDTH - 4, TOP + 10, "100%", "end", 11, PALETTE[3]))
    return _svg(ident, title, desc, body)


def bars(
    ident: str, title: str, desc: str, labels: Sequence[str], values: Sequence[Decimal], unit: str = ""
) -> Markup:
    """Vertical bars over time (e.g. payments by week)."""
    top = max(values, default=Decimal(0)) or Decimal(1)
    plot_h = HEIGHT - TOP - BOTTOM
    step = (WIDTH - 70 - RIGHT) / max(len(values), 1)
    body: list[str] = [_text(64, TOP + 10, f"{unit}{top:,.0f}", "end", 11)]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = 70 + step * i
        h = float(value / top) * plot_h
        body.append(_rect(x + 4, TOP + plot_h - h, step - 8, h, PALETTE[1], f"{label}: {unit}{value:,.2f}"))
        body.append(_text(x + step / 2, HEIGHT - BOTTOM + 16, label, "middle", 11))
    return _svg(ident, title, desc, body)


def rate_line(ident: str, title: str, desc: str, labels: Sequence[str], rates: Sequence[Decimal]) -> Markup:
    """A percentage (0-100) over time, each point marked and labelled."""
    plot_h = HEIGHT - TOP - BOTTOM
    step = (WIDTH - 70 - RIGHT) / max(len(rates), 1)
    body = [_text(64, TOP + 10, "100%", "end", 11), _text(64, TOP + plot_h, "0%", "end", 11)]
    body.append(
        f'<line x1="70" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#c9d1d9"/>'
    )
    points = []
    for i, (label, rate) in enumerate(zip(labels, rates, strict=True)):
        x = 70 + step * i + step / 2
        y = TOP + plot_h - float(rate) / 100 * plot_h
        points.append(f"{x:.1f},{y:.1f}")
        tip = escape(f"{label}: {rate}%")
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{PALETTE[0]}"><title>{tip}</title></circle>'
        )
        body.append(_text(x, y - 8, f"{rate}%", "middle", 11))
        body.append(_text(x, HEIGHT - BOTTOM + 16, label, "middle", 11))
    body.insert(
        2, f'<polyline points="{" ".join(points)}" fill="none" stroke="{PALETTE[0]}" stroke-width="2"/>'
    )
    return _svg(ident, title, desc, body)
