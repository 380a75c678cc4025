"""Time zones a coordinator is likely to mean, offered as buttons before typing one: each with
a short code for its button (a wire format: codes never change once released).

Pure. The likely ones are the organisation's own, the deployment's, and those of the places
where the coordinator's language is spoken in this field's work, then UTC.
"""

from __future__ import annotations

from collections.abc import Iterable

# code -> IANA name. Add at will; never change or reuse a code.
ZONE_CODES = {
    "utc": "UTC",
    "lon": "Europe/London",
    "par": "Europe/Paris",
    "rom": "Europe/Rome",
    "mad": "Europe/Madrid",
    "ber": "Europe/Berlin",
    "ath": "Europe/Athens",
    "ist": "Europe/Istanbul",
    "kyi": "Europe/Kyiv",
    "mow": "Europe/Moscow",
    "cai": "Africa/Cairo",
    "krt": "Africa/Khartoum",
    "nbo": "Africa/Nairobi",
    "add": "Africa/Addis_Ababa",
    "lag": "Africa/Lagos",
    "dkr": "Africa/Dakar",
    "abj": "Africa/Abidjan",
    "fih": "Africa/Kinshasa",
    "bko": "Africa/Bamako",
    "nim": "Africa/Niamey",
    "jnb": "Africa/Johannesburg",
    "cas": "Africa/Casablanca",
    "tun": "Africa/Tunis",
    "alg": "Africa/Algiers",
    "trp": "Africa/Tripoli",
    "bey": "Asia/Beirut",
    "amm": "Asia/Amman",
    "dam": "Asia/Damascus",
    "bgw": "Asia/Baghdad",
    "ruh": "Asia/Riyadh",
    "dxb": "Asia/Dubai",
    "thr": "Asia/Tehran",
    "kbl": "Asia/Kabul",
    "khi": "Asia/Karachi",
    "del": "Asia/Kolkata",
    "dac": "Asia/Dhaka",
    "bkk": "Asia/Bangkok",
    "kul": "Asia/Kuala_Lumpur",
    "jkt": "Asia/Jakarta",
    "mnl": "Asia/Manila",
    "sha": "Asia/Shanghai",
    "hkg": "Asia/Hong_Kong",
    "tyo": "Asia/Tokyo",
    "ala": "Asia/Almaty",
    "tas": "Asia/Tashkent",
    "mex": "America/Mexico_City",
    "gua": "America/Guatemala",
    "bog": "America/Bogota",
    "ccs": "America/Caracas",
    "lim": "America/Lima",
    "scl": "America/Santiago",
    "bue": "America/Argentina/Buenos_Aires",
    "sao": "America/Sao_Paulo",
    "pap": "America/Port-au-Prince",
    "nyc": "America/New_York",
    "chi": "America/Chicago",
    "lax": "America/Los_Angeles",
    "syd": "Australia/Sydney",
}
_BY_LANGUAGE = {
    "ar": ("Asia/Beirut", "Asia/Amman", "Africa/Cairo", "Africa/Khartoum", "Asia/Baghdad"),
    "es": ("America/Bogota", "America/Mexico_City", "America/Lima", "Europe/Madrid"),
    "fr": ("Europe/Paris", "Africa/Dakar", "Africa/Abidjan", "Africa/Kinshasa"),
    "ru": ("Europe/Moscow", "Europe/Kyiv", "Asia/Almaty", "Asia/Tashkent"),
    "zh": ("Asia/Shanghai", "Asia/Hong_Kong"),
    "en": ("Europe/London", "Africa/Nairobi", "Africa/Lagos", "Asia/Manila", "America/New_York"),
}
OFFERED = 6  # buttons before "type another"


def likely_zones(language: str, *known: str | None) -> list[str]:
    """The zones to offer: the ``known`` ones (the organisation's, the deployment's), then
    those of the language's places, then UTC; each once, each with a button code."""
    regional = _BY_LANGUAGE.get(language.split("_")[0], _BY_LANGUAGE["en"])
    return _offered([*known, *regional, "UTC"])


def _offered(names: Iterable[str | None]) -> list[str]:
    with_codes = set(ZONE_CODES.values())
    found: list[str] = []
    for name in names:
        if name and name in with_codes and name not in found:
            found.append(name)
    return found[:OFFERED]
