"""Server-side SVG charts: no JavaScript, nothing for the CSP to allow, the numbers in a table too.

``bar_chart`` draws horizontal bars, ``area_chart`` a line with the area under it (a total over
time). Both return plain geometry that ``templates/charts/bar_chart.html`` and
``templates/charts/area_chart.html`` draw; the SVG scales with its ``viewBox`` and carries
``role="img"`` with a title naming every value, so a screen reader hears the figures.

A value may be ``None``: a figure held back (a small group, see ``registry.numbers``). Its bar is
not drawn and its label reads ``held_text(item)`` (by default ``SUPPRESSED``, "< 5"). Each chart
names the template of the table shown with it (``table_template``), which gets the chart as
``chart`` and each row's ``source``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.formats import number_format

# Each bar has its label above it, so a long label never squeezes the bar and the chart stays
# narrow enough to read on a phone: at 480 units wide, 16-unit text is 12px on a 390px screen.
ROW_HEIGHT = 48
LABEL_HEIGHT = 18
BAR_HEIGHT = 20
WIDTH = 480
CHARACTER_WIDTH = 9  # about, at the charts' 16 units: room for the values
SUPPRESSED = "< 5"


def _text_width(texts) -> int:
    return max((len(text) for text in texts), default=0) * CHARACTER_WIDTH + 12


def shown(value, unit: str = "") -> str:
    """A value as the chart writes it: digits grouped the language's way, or "< 5"."""
    if value is None:
        return SUPPRESSED
    return f"{number_format(value, use_l10n=True, force_grouping=True)}{unit}"


@dataclass
class ChartRow:
    label: str
    count: int | float | None
    text: str  # the value as written beside the bar
    source: object  # the category's figures, for the table beside the chart
    label_y: int
    y: int
    text_y: int
    bar_width: int
    count_x: int


@dataclass
class BarChart:
    slug: str
    title: str
    rows: list[ChartRow]
    width: int
    height: int
    unit: str
    table_template: str = ""
    csv_url: str = ""

    template = "charts/bar_chart.html"


def bar_chart(
    slug: str,
    title: str,
    bars,
    *,
    unit: str = "",
    scale_to: int | None = None,
    table_template: str = "",
    csv_url: str = "",
    value: Callable = lambda bar: bar.count,
    label: Callable = lambda bar: bar.label,
    held_text: Callable = lambda bar: SUPPRESSED,
) -> BarChart:
    """Horizontal bars scaled to the largest value (or ``scale_to``, e.g. 100 for percentages),
    each under its label and followed by its number and ``unit``. ``value`` and ``label`` read
    a bar (by default its ``count`` and ``label``)."""
    values = [value(bar) for bar in bars]
    largest = scale_to or max((v for v in values if v is not None), default=0) or 1
    texts = [
        shown(number, unit) if number is not None else held_text(bar)
        for bar, number in zip(bars, values, strict=True)
    ]
    bar_area = WIDTH - _text_width(texts)
    rows = []
    for index, (bar, number, text) in enumerate(zip(bars, values, texts, strict=True)):
        top = index * ROW_HEIGHT
        y = top + LABEL_HEIGHT + 4
        bar_width = round(max(number or 0, 0) / largest * bar_area)
        rows.append(
            ChartRow(
                label=str(label(bar)),
                count=number,
                text=text,
                source=bar,
                label_y=top + LABEL_HEIGHT - 3,
                y=y,
                text_y=y + BAR_HEIGHT // 2 + 6,
                bar_width=bar_width,
                count_x=bar_width + 8,
            )
        )
    return BarChart(
        slug=slug,
        title=title,
        rows=rows,
        width=WIDTH,
        height=max(len(rows), 1) * ROW_HEIGHT,
        unit=unit,
        table_template=table_template,
        csv_url=csv_url,
    )


AREA_WIDTH = WIDTH
AREA_HEIGHT = 260
AREA_LEFT = 56  # room for the value axis
AREA_BOTTOM = 30  # room for the time axis
AREA_TOP = 15
AREA_RIGHT = 36  # half the last time label
AXIS_LABELS = 4  # at most this many labels on the time axis


@dataclass
class AreaPoint:
    label: str
    value: int | float | None
    text: str
    source: object
    x: float
    y: float


@dataclass
class AreaChart:
    slug: str
    title: str
    points: list[AreaPoint]
    line: str  # the polyline's points
    area: str  # the polygon's points (the line closed along the base)
    ticks: list[dict]  # value axis: {"y", "text"}
    axis_labels: list[AreaPoint]
    width: int = AREA_WIDTH
    height: int = AREA_HEIGHT
    left: int = AREA_LEFT
    base_y: int = AREA_HEIGHT - AREA_BOTTOM
    right_x: int = AREA_WIDTH - AREA_RIGHT
    unit: str = ""
    table_template: str = ""
    csv_url: str = ""
    gaps: list[AreaPoint] = field(default_factory=list)  # held-back points, not drawn

    template = "charts/area_chart.html"


def area_chart(
    slug: str,
    title: str,
    items,
    *,
    value: Callable,
    label: Callable,
    unit: str = "",
    table_template: str = "",
    csv_url: str = "",
    held_text: Callable = lambda item: SUPPRESSED,
) -> AreaChart:
    """A value over time (``items`` in time order) as a line with the area under it shaded.

    Held-back values (None) are left out of the line and listed in ``gaps``."""
    values = [value(item) for item in items]
    largest = max((v for v in values if v is not None), default=0) or 1
    plot_width = AREA_WIDTH - AREA_LEFT - AREA_RIGHT
    plot_height = AREA_HEIGHT - AREA_TOP - AREA_BOTTOM
    step = plot_width / max(len(items) - 1, 1)
    base_y = AREA_HEIGHT - AREA_BOTTOM
    points = []
    for index, (item, number) in enumerate(zip(items, values, strict=True)):
        x = round(AREA_LEFT + index * step, 1)
        y = round(base_y - (number or 0) / largest * plot_height, 1)
        text = shown(number, unit) if number is not None else held_text(item)
        points.append(AreaPoint(str(label(item)), number, text, item, x, y))
    drawn = [point for point in points if point.value is not None]
    line = " ".join(f"{point.x},{point.y}" for point in drawn)
    area = ""
    if drawn:
        area = f"{drawn[0].x},{base_y} {line} {drawn[-1].x},{base_y}"
    every = max(1, -(-len(points) // AXIS_LABELS))
    ticks = [
        {"y": round(base_y - share * plot_height, 1), "text": shown(round(largest * share), unit)}
        for share in (0, 0.5, 1)
    ]
    return AreaChart(
        slug=slug,
        title=title,
        points=points,
        line=line,
        area=area,
        ticks=ticks,
        axis_labels=points[::every],
        unit=unit,
        table_template=table_template,
        csv_url=csv_url,
        gaps=[point for point in points if point.value is None],
    )
