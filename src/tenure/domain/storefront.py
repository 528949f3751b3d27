"""APP-11: the App Store storefront (its country), not the device's region, decides whether a
product and its free trial are offered in the app.

Pure: the caller passes the products' App Store plans (their ``regions`` and the trial's
``regions`` from the catalog) and the country; the device's region is only a fallback when
the app does not tell its storefront, and the answer says which one was used.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

CountrySource = Literal["storefront", "device_region"]

# The English texts for people (msgids of their translations); ``{country}`` stands for the
# country's name in the reader's language.
OFFER_MESSAGES: dict[str, str] = {
    "not_offered": "This product is not offered in the App Store of {country}. To buy it in the "
    "app, change your App Store country or region to one where it is offered and use a payment "
    "method from that country.",
    "trial_not_offered": "The free trial is not offered in the App Store of {country}. To use "
    "it, change your App Store country or region to one where it is offered and use a payment "
    "method from that country.",
    "device_region": "Your App Store country was not sent by the app, so this is based on your "
    "device's region ({country}).",
}


@dataclass(frozen=True, slots=True)
class StorePlan:
    """An App Store plan of a product, with where it and its trial are offered."""

    plan: str
    regions: tuple[str, ...] = ("*",)
    trial_days: int | None = None
    trial_regions: tuple[str, ...] = ("*",)


@dataclass(frozen=True, slots=True)
class Country:
    """The country the offers are decided for, and where it came from."""

    code: str
    source: CountrySource


@dataclass(frozen=True, slots=True)
class StoreOffer:
    """Whether one product, and its free trial, are offered in ``country``'s App Store."""

    product: str
    country: Country
    offered: bool
    plans: tuple[str, ...]  # its App Store plans offered there
    trial_offered: bool
    trial_days: int | None
    # Whether any App Store plan of the product has a free trial (somewhere): a product
    # without one is never "trial not offered".
    has_trial: bool = False

    @property
    def message_keys(self) -> tuple[str, ...]:
        """What to tell the user (keys of :data:`OFFER_MESSAGES`): nothing when the product
        and its trial are offered; else why, and that the device's region was used."""
        keys: list[str] = []
        if not self.offered:
            keys.append("not_offered")
        elif self.has_trial and not self.trial_offered:
            keys.append("trial_not_offered")
        if keys and self.country.source == "device_region":
            keys.append("device_region")
        return tuple(keys)


def released_in(regions: Sequence[str], country: str) -> bool:
    return "*" in regions or country.upper() in regions


def choose_country(storefront: str | None, device_region: str | None) -> Country | None:
    """The storefront's country when the app sent it; else, only as a fallback, the device's
    region; ``None`` when neither is known."""
    if storefront:
        return Country(storefront.upper(), "storefront")
    if device_region:
        return Country(device_region.upper(), "device_region")
    return None


def store_offers(
    products: Iterable[tuple[str, Sequence[StorePlan]]], country: Country
) -> tuple[StoreOffer, ...]:
    """For each product that has App Store plans: is it offered in ``country``'s App Store
    (any of its plans released there), and is a free trial (a trial of a plan offered there,
    in the trial's regions). Products without App Store plans are left out."""
    out: list[StoreOffer] = []
    for product, plans in products:
        if not plans:
            continue
        offered = [p for p in plans if released_in(p.regions, country.code)]
        trials = [
            p
            for p in offered
            if p.trial_days is not None and released_in(p.trial_regions, country.code)
        ]
        out.append(
            StoreOffer(
                product=product,
                country=country,
                offered=bool(offered),
                plans=tuple(p.plan for p in offered),
                trial_offered=bool(trials),
                trial_days=max(p.trial_days for p in trials if p.trial_days) if trials else None,
                has_trial=any(p.trial_days is not None for p in plans),
            )
        )
    return tuple(out)
