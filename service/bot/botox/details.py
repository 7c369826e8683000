"""The injection's details, asked after the date and the units: the taps and typed answers of
the product, units per site and who injected steps (``draft.ask_details`` asks them), and "Add
details" on an injection logged earlier (e.g. one from before products were asked).

Every step is skippable with one tap; nothing is stored before the read-back's Yes.
"""

from __future__ import annotations

from service.bot.botox.draft import Draft, current_draft, new_draft, next_site, reset_details
from service.bot.botox.entry import gone, next_step
from service.bot.botox.payloads import (
    BUTTONS,
    PRODUCT_CODES,
    ChangeDetailsTap,
    DetailsMenuTap,
    DetailsTap,
    InjectorSkipTap,
    ProductTap,
    SitesDoneTap,
    SitesSkipTap,
    SiteTap,
    SiteUnitsSkipTap,
)
from service.bot.botox.store import cycles_of, own_cycle
from service.bot.botox.views import cycle_words
from service.bot.dialog import Waiting
from service.bot.kit import Reply, Turn, expired, keyboard
from service.domain.botox import INJECTOR_MAX, PRODUCT_NAME_MAX, UNITS_MAX, read_units
from service.domain.record import SITES
from service.texts import fmt_date

#: Injections offered by "Add details" (newest first).
DETAILS_CHOICES = 6


def _clean(text: str) -> str:
    return " ".join(text.split())


# ---- the product --------------------------------------------------------------------------------
@BUTTONS.on(ProductTap)
async def product_tapped(turn: Turn, tap: ProductTap) -> Reply:
    """A product, "Other…" (its name typed next) or "Don't know"."""
    draft = current_draft(turn, tap.draft)
    if draft is None:
        return expired(turn)
    draft["product"], draft["product_name"] = PRODUCT_CODES[tap.code], None
    return await next_step(turn, draft, edit=True)


async def product_name_answer(turn: Turn, text: str) -> Reply:
    """The name of the other product, typed."""
    draft = current_draft(turn)
    if draft is None:
        return gone(turn)
    name = _clean(text)
    if not name or len(name) > PRODUCT_NAME_MAX:
        problem = turn.t("botox_product_name_too_long", length=len(name), max=PRODUCT_NAME_MAX)
        return await next_step(turn, draft, problem)
    draft["product_name"] = name
    return await next_step(turn, draft)


# ---- units per site -----------------------------------------------------------------------------
@BUTTONS.on(SiteTap)
async def site_tapped(turn: Turn, tap: SiteTap) -> Reply:
    """Tick or untick a site."""
    draft = current_draft(turn, tap.draft)
    if draft is None or draft.get("sites_done"):
        return expired(turn)
    ticked = set(draft.get("ticked") or [])
    ticked.symmetric_difference_update({tap.site})
    draft["ticked"] = [site for site in SITES if site in ticked]
    return await next_step(turn, draft, edit=True)


@BUTTONS.on(SitesDoneTap)
async def sites_done(turn: Turn, tap: SitesDoneTap) -> Reply:
    """Done: each ticked site's units are asked next (none ticked: skipped)."""
    draft = current_draft(turn, tap.draft)
    if draft is None:
        return expired(turn)
    draft["sites_done"], draft["site_units"] = True, {}
    return await next_step(turn, draft, edit=True)


@BUTTONS.on(SitesSkipTap)
async def sites_skipped(turn: Turn, tap: SitesSkipTap) -> Reply:
    """Skip the units per site."""
    draft = current_draft(turn, tap.draft)
    if draft is None:
        return expired(turn)
    draft.update(sites_done=True, ticked=[], site_units={})
    return await next_step(turn, draft, edit=True)


def _set_site(draft: Draft, units: int | None) -> bool:
    site = next_site(draft)
    if site is None:
        return False
    draft["site_units"] = {**(draft.get("site_units") or {}), site: units}
    return True


@BUTTONS.on(SiteUnitsSkipTap)
async def site_units_skipped(turn: Turn, tap: SiteUnitsSkipTap) -> Reply:
    """Skip the units of the site asked (the site is kept, without units)."""
    draft = current_draft(turn, tap.draft)
    if draft is None or not _set_site(draft, None):
        return expired(turn)
    return await next_step(turn, draft, edit=True)


async def site_units_answer(turn: Turn, text: str) -> Reply:
    """A site's units typed: "20", "20 units", "twenty"."""
    draft = current_draft(turn)
    if draft is None:
        return gone(turn)
    units = read_units(text)
    if units is None or units == "unknown":
        if units == "unknown" and _set_site(draft, None):
            return await next_step(turn, draft)
        problem = turn.t("botox_site_units_not_read", text=text[:40], max=UNITS_MAX)
        return await next_step(turn, draft, problem)
    _set_site(draft, units)
    return await next_step(turn, draft)


# ---- who injected -------------------------------------------------------------------------------
@BUTTONS.on(InjectorSkipTap)
async def injector_skipped(turn: Turn, tap: InjectorSkipTap) -> Reply:
    """Skip "who injected"."""
    draft = current_draft(turn, tap.draft)
    if draft is None:
        return expired(turn)
    draft["injector"], draft["injector_done"] = None, True
    return await next_step(turn, draft, edit=True)


async def injector_answer(turn: Turn, text: str) -> Reply:
    """Who injected, typed (up to INJECTOR_MAX characters)."""
    draft = current_draft(turn)
    if draft is None:
        return gone(turn)
    name = _clean(text)
    if not name or len(name) > INJECTOR_MAX:
        problem = turn.t("botox_injector_too_long", length=len(name), max=INJECTOR_MAX)
        return await next_step(turn, draft, problem)
    draft["injector"], draft["injector_done"] = name, True
    return await next_step(turn, draft)


@BUTTONS.on(ChangeDetailsTap)
async def change_details(turn: Turn, tap: ChangeDetailsTap) -> Reply:
    """Change on the read-back, then "Product, sites, who": asked again."""
    draft = current_draft(turn, tap.draft)
    if draft is None:
        return expired(turn)
    reset_details(draft)
    return await next_step(turn, draft, edit=True)


# ---- details of an injection logged earlier -----------------------------------------------------
@BUTTONS.on(DetailsMenuTap)
async def details_menu(turn: Turn, tap: DetailsMenuTap) -> Reply:
    """ "Add details to an injection": the newest injections, with what they have already."""
    cycles = (await cycles_of(turn.session, turn.me.id or 0))[:DETAILS_CHOICES]
    if not cycles:
        return expired(turn)
    lang = turn.lang
    rows = []
    for cycle in cycles:
        assert cycle.id is not None
        label = fmt_date(cycle.injected_on, lang, year=True)
        rows.append([(label, DetailsTap(cycle.id))])
    lines = [turn.t("botox_details_pick")]
    for cycle in cycles:
        said = turn.t("botox_parts_joiner").join(cycle_words(cycle, lang))
        day = fmt_date(cycle.injected_on, lang, year=True)
        lines.append(turn.t("botox_details_item", date=day, details=said or "–"))
    return Reply("\n".join(lines), keyboard(rows), edit=True)


@BUTTONS.on(DetailsTap)
async def details_of(turn: Turn, tap: DetailsTap) -> Reply:
    """Add details to this injection: the product, the units, the sites, who injected, then
    the read-back."""
    cycle = await own_cycle(turn.session, turn.me, tap.cycle)
    if cycle is None:
        return expired(turn)
    draft = new_draft(turn, cycle=cycle.id)
    draft["on"] = cycle.injected_on.isoformat()
    draft["units"], draft["units_done"] = cycle.units, cycle.units is not None
    return await next_step(turn, draft, edit=True)


ANSWERS = {
    Waiting.BOTOX_PRODUCT_NAME: product_name_answer,
    Waiting.BOTOX_SITE_UNITS: site_units_answer,
    Waiting.BOTOX_INJECTOR: injector_answer,
}
