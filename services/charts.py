"""Summary charts as PNG bytes sized for a phone, with Chinese set in a CJK font shipped on PyPI."""

from __future__ import annotations

import functools
import importlib.util
import io
import logging
import textwrap
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display, ever: charts are rendered in worker threads

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import MaxNLocator

from services.summaries.records import ComplaintAges, Span, TierCoverage, WeeklyVisits

log = logging.getLogger("kam.charts")

# The package that ships the font file (Noto Sans CJK, SIL Open Font License 1.1).
FONT_PACKAGES = ("cvttf_NotoSansCJK_Regular",)
# Fonts a machine may have anyway, tried when the package is missing.
SYSTEM_FONT_HINTS = (
    "Noto Sans CJK",
    "Noto Sans SC",
    "Source Han Sans",
    "WenQuanYi",
    "Droid Sans Fallback",
)

WIDTH_PX = 1080  # phones show photos full width; Telegram keeps up to 2560 px
DPI = 100
TITLE, LABEL, TICK, NOTE = 30, 24, 22, 21  # points at 100 dpi: readable once scaled to a phone
NUMBERED_ROWS = 25  # a heat map with more rows than this shows colours and totals only
BLUE, GREEN, GREY, RED, ORANGE = "#2f6db5", "#6cc08b", "#d5d9df", "#d64545", "#f0a030"

_font_lock = threading.Lock()


@dataclass(frozen=True)
class ChartText:
    """Every word a chart shows, in the reader's language (filled from the message catalog)."""

    visits_title: str
    visits_axis: str
    total: str  # "{weeks}" is replaced by the number of weeks the row totals add up
    coverage_title: str
    coverage_axis: str
    covered: str
    not_covered: str
    overdue_note: str  # "{overdue}" is replaced by the number of overdue clients
    tiers: Mapping[str, str]  # tier value (or "none") -> name
    complaints_title: str
    ages_title: str
    age_labels: Sequence[str]  # one more than the bucket limits
    unanswered: str
    answered: str
    statuses_title: str
    statuses: Mapping[str, str]
    count_axis: str
    no_data: str
    span_label: str  # e.g. "2026-11-16 ~ 2026-11-22"
    # Said where the period's complaints by status would be when none was received in it.
    none_received: str = ""
    # Under the last week's date when the week is still running ("{day}": its last day
    # counted): its lighter cell or shorter bar is days missing, not a week of fewer visits.
    week_through: str = ""


@functools.cache
def cjk_font_family() -> str:
    """Register the CJK font with matplotlib once and return its family name."""
    with _font_lock:
        path = _font_file()
        if path is None:
            log.warning("no CJK font found: Chinese text in charts will show as boxes")
            return "DejaVu Sans"
        font_manager.fontManager.addfont(str(path))
        name: str = font_manager.FontProperties(fname=str(path)).get_name()
        log.info("charts use the font %s (%s)", name, path)
        return name


def _font_file() -> Path | None:
    for package in FONT_PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            for path in sorted(Path(folder).iterdir()):
                if path.suffix.lower() in (".otf", ".ttf", ".ttc"):
                    return path
    for found in font_manager.findSystemFonts():
        try:
            name = font_manager.FontProperties(fname=found).get_name()
        except (OSError, RuntimeError):
            continue
        if any(hint.lower() in name.lower() for hint in SYSTEM_FONT_HINTS):
            return Path(found)
    return None


def _figure(height_px: int, *, constrained: bool = True) -> Figure:
    height_px = max(480, min(height_px, 4000))
    size = (WIDTH_PX / DPI, height_px / DPI)
    if not constrained:
        return Figure(figsize=size, dpi=DPI)
    return Figure(figsize=size, dpi=DPI, layout=ConstrainedLayoutEngine(h_pad=0.15, hspace=0.06))


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    # Light compression: a phone photo is recompressed by Telegram anyway; speed matters more.
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white",
                pil_kwargs={"compress_level": 2})  # fmt: skip
    return buffer.getvalue()


def _style(ax: Axes, family: str) -> None:
    ax.tick_params(labelsize=TICK, labelfontfamily=family)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _title(fig: Figure, family: str, title: str, subtitle: str) -> None:
    fig.suptitle(title, fontsize=TITLE, fontfamily=family)
    # The days covered, as a footer: smaller than the title, still readable.
    fig.supxlabel(subtitle, fontsize=NOTE, fontfamily=family, color="#555555")


def _empty(fig: Figure, family: str, text: ChartText) -> bytes:
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, text.no_data, ha="center", va="center", fontsize=LABEL, fontfamily=family)
    return _png(fig)


def visits_chart_fits(span: Span) -> bool:
    """The visits chart draws eight weeks by week: it is no picture of one day's visits."""
    return not span.period.one_day


def has_visits(data: WeeklyVisits) -> bool:
    """Whether the visits chart has anything to draw (else it says there is nothing yet)."""
    return any(any(counts) for _, counts in data.rows)


def has_complaints(ages: ComplaintAges) -> bool:
    return (
        any(ages.open_by_age)
        or any(ages.responded_by_age)
        or any(n for _, n in ages.period_by_status)
    )


def visits_chart(data: WeeklyVisits, text: ChartText) -> bytes:
    """Visits per manager per week: bars for one person, a table of colours for a team."""
    if not has_visits(data):
        family = cjk_font_family()
        fig = _figure(900)
        _title(fig, family, text.visits_title, text.span_label)
        return _empty(fig, family, text)
    return _png(visits_figure(data, text))


def visits_figure(data: WeeklyVisits, text: ChartText) -> Figure:
    """The visits chart before it is drawn, for data with at least one visit."""
    family = cjk_font_family()
    weeks = [f"{d.month}/{d.day}" for d in data.weeks]
    last, through = data.weeks[-1] if data.weeks else None, data.through
    if last is not None and through is not None and text.week_through:
        if last <= through < last + timedelta(days=6):  # the week is still running
            day = f"{through.month}/{through.day}"
            weeks[-1] += "\n" + text.week_through.replace("{day}", day)
    rows = [(name, counts) for name, counts in data.rows]
    if len(rows) <= 1:
        fig = _figure(900)
        _title(fig, family, text.visits_title, text.span_label)
        ax = fig.add_subplot()
        counts = rows[0][1]
        bars = ax.bar(weeks, counts, color=BLUE)
        ax.bar_label(bars, fontsize=NOTE, fontfamily=family, padding=4)
        ax.set_ylabel(text.visits_axis, fontsize=LABEL, fontfamily=family)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(rows[0][0], fontsize=LABEL, fontfamily=family)
        ax.margins(y=0.15)
        ax.set_ylim(bottom=0)  # counts: the axis starts at zero, never below
        _style(ax, family)
        return fig
    rows = rows[:60]  # more would not be readable on a phone anyway
    # Up to a team's size every cell carries its number; a whole company's chart shows colours
    # with a scale (and each row's total): hundreds of numbers would cost a second to draw.
    numbers = len(rows) <= NUMBERED_ROWS
    row_px = 58 if numbers else 46
    bottom_px = 70 if numbers else 210
    height = 150 + bottom_px + row_px * len(rows)
    # A fixed frame instead of constrained layout: measuring hundreds of labels costs a second.
    fig = _figure(height, constrained=False)
    left, right = 190 / WIDTH_PX, 1 - 95 / WIDTH_PX
    fig.subplots_adjust(left=left, right=right, top=1 - 150 / height, bottom=bottom_px / height)
    fig.suptitle(text.visits_title, fontsize=TITLE, fontfamily=family, y=1 - 12 / height,
                 va="top")  # fmt: skip
    fig.text(0.5, 18 / height, text.span_label, ha="center", va="bottom", fontsize=NOTE,
             fontfamily=family, color="#555555")  # fmt: skip
    ax = fig.add_subplot()
    values = [list(counts) for _, counts in rows]
    peak = max((v for row in values for v in row), default=0) or 1
    image = ax.imshow(values, aspect="auto", cmap="Blues", vmin=0, vmax=peak * 1.15,
                      interpolation="nearest")  # fmt: skip
    for y, row in enumerate(values):
        if numbers:
            for x, value in enumerate(row):
                colour = "white" if value > peak * 0.6 else "#1b2a3a"
                ax.text(x, y, str(value), ha="center", va="center", fontsize=NOTE,
                        color=colour, fontfamily=family)  # fmt: skip
        ax.text(len(weeks) - 0.3, y, str(sum(row)), ha="left", va="center", fontsize=NOTE,
                fontfamily=family)  # fmt: skip
    if not numbers:
        scale = fig.add_axes((left + 0.1, 140 / height, right - left - 0.2, 18 / height))
        bar = fig.colorbar(image, cax=scale, orientation="horizontal")
        bar.set_label(text.visits_axis, fontsize=NOTE, fontfamily=family)
        bar.ax.tick_params(labelsize=NOTE - 2, labelfontfamily=family)
    ax.set_xticks(range(len(weeks)), weeks)
    ax.set_yticks(range(len(rows)), [name for name, _ in rows])
    ax.xaxis.tick_top()
    # The row totals add up the weeks shown, not the period of a summary: said in their heading.
    total = text.total.replace("{weeks}", str(len(weeks)))
    ax.text(len(weeks) - 0.3, -0.75, total, ha="left", va="bottom", fontsize=NOTE,
            fontfamily=family)  # fmt: skip
    ax.set_xlim(-0.5, len(weeks) + 0.6)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.tick_params(labelsize=TICK if numbers else NOTE - 2, labelfontfamily=family)
    ax.tick_params(axis="x", labelsize=NOTE - 2)  # eight dates must fit side by side
    return fig


def coverage_chart(tiers: Sequence[TierCoverage], span: Span, text: ChartText) -> bytes:
    """Share of clients visited within their cadence, per tier, with the counts written out."""
    family = cjk_font_family()
    fig = _figure(300 + 130 * max(len(tiers), 1))
    _title(fig, family, text.coverage_title, text.span_label)
    if not tiers:
        return _empty(fig, family, text)
    ax = fig.add_subplot()
    names = [text.tiers.get(t.tier.value if t.tier else "none", "?") for t in tiers][::-1]
    shares = [100 * t.covered / t.clients if t.clients else 0.0 for t in tiers][::-1]
    rest = ax.barh(names, [100.0] * len(tiers), color=GREY, label=text.not_covered, height=0.6)
    done = ax.barh(names, shares, color=GREEN, label=text.covered, height=0.6)
    for y, t in enumerate(tiers[::-1]):
        share = 100 * t.covered / t.clients if t.clients else 0.0
        note = f"{t.covered}/{t.clients}  {share:.0f}%"
        if t.overdue:
            note += "  " + text.overdue_note.replace("{overdue}", str(t.overdue))
        ax.text(2, y, note, va="center", ha="left", fontsize=NOTE, fontfamily=family,
                color="#10261a")  # fmt: skip
    ax.set_xlim(0, 100)
    ax.set_xlabel(text.coverage_axis, fontsize=LABEL, fontfamily=family)
    ax.legend(handles=[done, rest], loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2,
              frameon=False, prop={"family": family, "size": NOTE})  # fmt: skip
    _style(ax, family)
    return _png(fig)


def complaints_chart(ages: ComplaintAges, text: ChartText) -> bytes:
    """Unresolved complaints by age (answered or not), and the period's complaints by status."""
    fig = complaints_figure(ages, text)
    if not has_complaints(ages):
        return _empty(fig, cjk_font_family(), text)
    return _png(fig)


def complaints_figure(ages: ComplaintAges, text: ChartText) -> Figure:
    """The complaints chart before it is drawn (titled only, when there are no complaints)."""
    family = cjk_font_family()
    fig = _figure(1500)
    _title(fig, family, text.complaints_title, text.span_label)
    if not has_complaints(ages):
        return fig
    top, bottom = fig.subplots(2, 1, height_ratios=(3, 2))
    # Long labels ("over 30 days") on two lines: side by side they ran into each other.
    labels = ["\n".join(textwrap.wrap(label, 8)) for label in text.age_labels]
    unanswered, answered = list(ages.open_by_age), list(ages.responded_by_age)
    top.bar(labels, unanswered, color=RED, label=text.unanswered)
    bars = top.bar(labels, answered, bottom=unanswered, color=ORANGE, label=text.answered)
    totals = [a + b for a, b in zip(unanswered, answered, strict=True)]
    top.bar_label(bars, labels=[str(n) if n else "" for n in totals], fontsize=NOTE,
                  fontfamily=family, padding=4)  # fmt: skip
    top.set_title(text.ages_title, fontsize=LABEL, fontfamily=family)
    top.set_ylabel(text.count_axis, fontsize=LABEL, fontfamily=family)
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    # Headroom above the tallest bar for its count and for the legend in one row: a count drawn
    # under the title or the legend is a number the reader cannot see.
    top.set_ylim(0, max(*totals, 1) * 1.5)
    top.legend(frameon=False, prop={"family": family, "size": NOTE}, loc="upper right")
    _style(top, family)
    names = [text.statuses.get(s, s) for s, _ in ages.period_by_status][::-1]
    counts = [n for _, n in ages.period_by_status][::-1]
    if not any(counts) and text.none_received:
        # Four bars of 0 on an axis ticked 0 and 1 read as a chart that failed to draw: said.
        bottom.set_title(text.statuses_title, fontsize=LABEL, fontfamily=family)
        bottom.axis("off")
        bottom.text(0.5, 0.5, text.none_received, ha="center", va="center", fontsize=LABEL,
                    fontfamily=family, color="#555555", transform=bottom.transAxes)  # fmt: skip
        return fig
    palette = {"open": RED, "responded": ORANGE, "resolved": GREEN, "closed": GREY}
    colours = [palette.get(s, BLUE) for s, _ in ages.period_by_status][::-1]
    status_bars = bottom.barh(names, counts, color=colours, height=0.6)
    bottom.bar_label(status_bars, fontsize=NOTE, fontfamily=family, padding=6)
    bottom.set_title(text.statuses_title, fontsize=LABEL, fontfamily=family)
    bottom.xaxis.set_major_locator(MaxNLocator(integer=True))
    # Room to the right of the longest bar for its count; at least one whole complaint wide, or
    # a period with none received ticks its axis in thousandths (0.008, 0.016…).
    bottom.set_xlim(0, max([*counts, 1]) * 1.15)
    _style(bottom, family)
    return fig
