"""Templates take the reader's translations per render, escape what is filled in, and agree."""

from __future__ import annotations

from io import BytesIO

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import NullTranslations, Translations

from bot import reports
from bot.i18n import Translator
from tests.support.report_world import CORA, World, translator

FRENCH = {
    "Readiness report: %(org)s": "Rapport de préparation : %(org)s",
    "Priority gaps and recommended actions": "Lacunes prioritaires et actions recommandées",
}


def french(texts: dict[str, str] = FRENCH) -> Translator:
    catalog = Catalog(locale="fr")
    for source, text in texts.items():
        catalog.add(source, text)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translator("fr", Translations(buffer), NullTranslations())


async def test_each_render_speaks_its_reader_s_language_and_escapes_values(world: World) -> None:
    model = await world.service.reporting.build_report(CORA, world.springfield.id, "mini")
    fr, en = french(), translator("en")
    in_french = reports.render(model, fr, "html")[0].decode()
    in_english = reports.render(model, en, "html")[0].decode()
    assert (
        "<title>Rapport de préparation : \u2068Springfield &lt;i&gt;&amp;&lt;/i&gt;\u2069</title>"
        in in_french
    )
    assert "Lacunes prioritaires et actions recommandées" in in_french
    assert (
        "<title>Readiness report: \u2068Springfield &lt;i&gt;&amp;&lt;/i&gt;\u2069</title>"
        in in_english
    )
    assert "Lacunes" not in in_english
    summary = reports.summary(model, fr)[0]
    assert (
        "<b>Rapport de préparation : \u2068Springfield &lt;i&gt;&amp;&lt;/i&gt;\u2069</b>"
        in summary
    )


async def test_a_translation_that_does_not_format_is_shown_in_english(world: World) -> None:
    model = await world.service.reporting.build_report(CORA, world.springfield.id, "mini")
    broken = french({"Readiness report: %(org)s": "Rapport : %(organisation)s"})
    text = reports.render(model, broken, "txt")[0].decode()
    assert text.startswith("Readiness report: \u2068Springfield <i>&</i>\u2069\n")
