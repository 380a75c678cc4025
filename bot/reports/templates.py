"""The one Jinja environment of the bot: autoescaped templates with newstyle gettext.

The reader's Translator is handed to each render as ``gettext``/``ngettext`` in the context,
never installed globally, so renders in different languages can run side by side.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from bot.display import isolate, ltr, shorten
from bot.i18n import Translator
from bot.reports.palette import LOW_MARK


@cache
def environment() -> Environment:
    """The environment: ``*.html.j2`` autoescaped (everything but ``*.txt.j2``), i18n on."""
    env = Environment(
        loader=PackageLoader("bot", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html.j2",), disabled_extensions=("txt.j2",), default=True
        ),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(iso=isolate, ltr=ltr, bdi=bdi, ltr_bdi=ltr_bdi, brief=brief)
    env.globals.update(mark=LOW_MARK)
    env.policies["ext.i18n.trimmed"] = True
    env.newstyle_gettext = True  # type: ignore[attr-defined]  # trans blocks pass **variables
    return env


def bdi(text: str) -> Markup:
    """A value isolated in HTML: ``<bdi>`` takes its direction from its own first letter."""
    return Markup("<bdi>%s</bdi>") % text if text else Markup("")


def brief(text: str, limit: int) -> str:
    """A person's text cut to ``limit`` UTF-16 units with "…" for a chat screen (files keep it)."""
    return shorten(text, limit)[0]


def ltr_bdi(text: str) -> Markup:
    """A number, date or code kept left to right in HTML, whatever surrounds it."""
    return Markup('<bdi dir="ltr">%s</bdi>') % text if text else Markup("")


def _escaped(context: Context, variables: dict[str, Any]) -> dict[str, Any]:
    """The values filled into a translation, escaped when the template is autoescaped."""
    if not context.eval_ctx.autoescape:
        return variables
    return {k: escape(v) if isinstance(v, str) else v for k, v in variables.items()}


def gettext_callables(t: Translator) -> dict[str, Callable[..., str]]:
    """Newstyle ``gettext``/``ngettext`` for one render, bound to the reader's Translator.

    The translation is trusted markup and the values filled in are escaped, as with Jinja's own
    newstyle gettext; formatting goes through the Translator, so a broken translation falls
    back to English instead of failing the report.
    """

    @pass_context
    def gettext(context: Context, message: str, **variables: Any) -> str:
        if variables:
            text = t._(message, **_escaped(context, variables))
        else:
            text = t._(message).replace("%%", "%")  # newstyle msgids write a percent sign as %%
        return Markup(text) if context.eval_ctx.autoescape else text

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, n: int, **variables: Any) -> str:
        params = _escaped(context, variables)
        params.pop("n", None)
        text = t.n_(singular, plural, n, **params)
        return Markup(text) if context.eval_ctx.autoescape else text

    return {"gettext": gettext, "ngettext": ngettext}


def render(name: str, t: Translator, **values: Any) -> str:
    """Render a template in the reader's language."""
    template = environment().get_template(name)
    return template.render(**gettext_callables(t), **values)
