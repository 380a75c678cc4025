"""Charts as PNG bytes with matplotlib (Agg, Figure API), drawn for a phone first: the bar and
radar charts of one organisation, the heatmap of several in pages. matplotlib is imported
lazily; call these from a worker thread, not the event loop.
"""

from bot.reports.charts.bars import bar_chart, bar_figure
from bot.reports.charts.fonts import missing_glyphs
from bot.reports.charts.heatmap import heatmap, heatmap_figures
from bot.reports.charts.radar import radar_chart, radar_figure, radar_possible

__all__ = [
    "bar_chart",
    "bar_figure",
    "heatmap",
    "heatmap_figures",
    "missing_glyphs",
    "radar_chart",
    "radar_figure",
    "radar_possible",
]
