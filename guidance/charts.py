"""Server-side SVG bar charts: no JavaScript, nothing for the CSP to allow, a table beside each."""

from dataclasses import dataclass

ROW_HEIGHT = 30
BAR_HEIGHT = 20
LABEL_WIDTH = 310
BAR_AREA = 330
WIDTH = LABEL_WIDTH + BAR_AREA + 60


@dataclass
class ChartRow:
    label: str
    count: int
    source: object  # the category's figures, shown in the table beside the chart
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
    label_width: int
    total: int
    unit: str
    with_table: bool


def bar_chart(
    slug: str, title: str, bars, *, unit: str = "", scale_to: int | None = None, with_table=True
) -> BarChart:
    """Horizontal bars scaled to the largest count (or ``scale_to``, e.g. 100 for percentages);
    every bar is labelled with its number and ``unit``."""
    largest = scale_to or max((bar.count for bar in bars), default=0) or 1
    rows = []
    for index, bar in enumerate(bars):
        y = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        bar_width = round(bar.count / largest * BAR_AREA)
        rows.append(
            ChartRow(
                label=bar.label,
                count=bar.count,
                source=bar,
                y=y,
                text_y=y + BAR_HEIGHT // 2 + 5,
                bar_width=bar_width,
                count_x=LABEL_WIDTH + bar_width + 8,
            )
        )
    return BarChart(
        slug=slug,
        title=title,
        rows=rows,
        width=WIDTH,
        height=max(len(rows), 1) * ROW_HEIGHT,
        label_width=LABEL_WIDTH,
        total=sum(bar.count for bar in bars),
        unit=unit,
        with_table=with_table,
    )
