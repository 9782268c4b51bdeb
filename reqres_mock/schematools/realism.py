"""Realistic values for fake bodies: what a property's name and ``format`` suggest, via faker.

``email`` gets an e-mail address, ``postalCode`` a postcode, ``createdAt`` a timestamp, a
``name`` inside ``account`` a company name. Names are compared without case, ``_``, ``-`` and
spaces, so ``postal_code``, ``PostalCode`` and ``postalCode`` are one. Anything unrecognised gets
a plain word. Dates come from a fixed window (2000-2030), never from "now", so a seed gives the
same values on any day.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from faker import Faker

_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)
_END = datetime(2030, 12, 31, tzinfo=timezone.utc)

#: Parents whose ``name`` is an organisation's, not a person's.
_ORGANISATIONS = {
    "account",
    "company",
    "organization",
    "organisation",
    "business",
    "vendor",
    "supplier",
    "merchant",
    "tenant",
    "employer",
}


def normalise(name: str | None) -> str:
    """``postal_code``, ``PostalCode`` and ``postal-code`` all become ``postalcode``."""
    return re.sub(r"[\s_\-.]", "", name or "").lower()


def singular(name: str | None) -> str | None:
    """The item hint of an array property: ``addresses`` → ``address``, ``cities`` → ``city``."""
    if not name or len(name) < 4:
        return name
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("sses", "xes", "ches", "shes")):
        return name[:-2]
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name


def _timestamp(fake: Faker) -> str:
    moment = fake.date_time_between_dates(_EPOCH, _END, tzinfo=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _date(fake: Faker) -> str:
    return fake.date_between_dates(_EPOCH.date(), _END.date()).isoformat()


def _time(fake: Faker) -> str:
    # hh:mm:ss, as draft-3's "time" (which jsonschema's default format checker applies) wants.
    return str(fake.time())


def _one_line_address(fake: Faker) -> str:
    return str(fake.address()).replace("\n", ", ")


FORMATS: dict[str, Callable[[Faker], str]] = {
    "email": lambda f: f.email(),
    "idn-email": lambda f: f.email(),
    "date-time": _timestamp,
    "date": _date,
    "time": _time,
    "uri": lambda f: f.url(),
    "iri": lambda f: f.url(),
    "uri-reference": lambda f: f.uri_path(),
    "iri-reference": lambda f: f.uri_path(),
    "url": lambda f: f.url(),
    "uuid": lambda f: f.uuid4(),
    "ipv4": lambda f: f.ipv4(),
    "ip-address": lambda f: f.ipv4(),
    "ipv6": lambda f: f.ipv6(),
    "hostname": lambda f: f.domain_name(),
    "idn-hostname": lambda f: f.domain_name(),
    "json-pointer": lambda f: "/" + f.word(),
    "regex": lambda f: "^[a-z]+$",
    "duration": lambda f: f"P{f.random_int(1, 30)}D",
}

#: Exact (normalised) property names → value makers.
_NAMES: dict[str, Callable[[Faker], str]] = {
    "email": lambda f: f.email(),
    "emailaddress": lambda f: f.email(),
    "mail": lambda f: f.email(),
    "firstname": lambda f: f.first_name(),
    "givenname": lambda f: f.first_name(),
    "lastname": lambda f: f.last_name(),
    "surname": lambda f: f.last_name(),
    "familyname": lambda f: f.last_name(),
    "fullname": lambda f: f.name(),
    "displayname": lambda f: f.name(),
    "username": lambda f: f.user_name(),
    "login": lambda f: f.user_name(),
    "company": lambda f: f.company(),
    "companyname": lambda f: f.company(),
    "organization": lambda f: f.company(),
    "organisation": lambda f: f.company(),
    "jobtitle": lambda f: f.job(),
    "job": lambda f: f.job(),
    "phone": lambda f: f.phone_number(),
    "phonenumber": lambda f: f.phone_number(),
    "telephone": lambda f: f.phone_number(),
    "tel": lambda f: f.phone_number(),
    "mobile": lambda f: f.phone_number(),
    "address": _one_line_address,
    "street": lambda f: f.street_address(),
    "streetaddress": lambda f: f.street_address(),
    "addressline1": lambda f: f.street_address(),
    "addressline2": lambda f: f.secondary_address(),
    "number": lambda f: f.building_number(),
    "streetnumber": lambda f: f.building_number(),
    "housenumber": lambda f: f.building_number(),
    "buildingnumber": lambda f: f.building_number(),
    "city": lambda f: f.city(),
    "town": lambda f: f.city(),
    "state": lambda f: f.state(),
    "province": lambda f: f.state(),
    "region": lambda f: f.state(),
    "country": lambda f: f.country(),
    "countrycode": lambda f: f.country_code(),
    "postalcode": lambda f: f.postcode(),
    "postcode": lambda f: f.postcode(),
    "zip": lambda f: f.postcode(),
    "zipcode": lambda f: f.postcode(),
    "id": lambda f: f.uuid4(),
    "uuid": lambda f: f.uuid4(),
    "guid": lambda f: f.uuid4(),
    "url": lambda f: f.url(),
    "uri": lambda f: f.url(),
    "website": lambda f: f.url(),
    "homepage": lambda f: f.url(),
    "link": lambda f: f.url(),
    "href": lambda f: f.url(),
    "ip": lambda f: f.ipv4(),
    "ipaddress": lambda f: f.ipv4(),
    "host": lambda f: f.domain_name(),
    "hostname": lambda f: f.domain_name(),
    "domain": lambda f: f.domain_name(),
    "date": _date,
    "birthdate": _date,
    "dateofbirth": _date,
    "dob": _date,
    "time": _time,
    "timestamp": _timestamp,
    "datetime": _timestamp,
    "description": lambda f: f.sentence(),
    "comment": lambda f: f.sentence(),
    "message": lambda f: f.sentence(),
    "note": lambda f: f.sentence(),
    "notes": lambda f: f.sentence(),
    "text": lambda f: f.sentence(),
    "body": lambda f: f.paragraph(),
    "summary": lambda f: f.sentence(),
    "title": lambda f: f.sentence(nb_words=4).rstrip("."),
    "subject": lambda f: f.sentence(nb_words=5).rstrip("."),
    "currency": lambda f: f.currency_code(),
    "currencycode": lambda f: f.currency_code(),
    "language": lambda f: f.language_code(),
    "locale": lambda f: f.locale().replace("_", "-"),
    "color": lambda f: f.color_name(),
    "colour": lambda f: f.color_name(),
    "iban": lambda f: f.iban(),
    "sku": lambda f: f.bothify("??-####").upper(),
    "status": lambda f: f.random_element(("new", "active", "pending", "closed")),
}

#: Name endings → value makers, tried when no exact name matches (``orderId``, ``createdAt``).
_SUFFIXES: tuple[tuple[str, Callable[[Faker], str]], ...] = (
    ("email", lambda f: f.email()),
    ("url", lambda f: f.url()),
    ("uri", lambda f: f.url()),
    ("id", lambda f: f.uuid4()),
    ("guid", lambda f: f.uuid4()),
    ("date", _date),
    ("at", _timestamp),
    ("time", _timestamp),
    ("phone", lambda f: f.phone_number()),
    ("name", lambda f: f.name()),
    ("city", lambda f: f.city()),
    ("country", lambda f: f.country()),
)


def string_for(fake: Faker, name: str | None, parent: str | None, fmt: str | None) -> str:
    """A realistic string for a property called ``name`` inside ``parent``, with ``fmt``."""
    if fmt in FORMATS:
        return FORMATS[fmt](fake)
    key = normalise(name)
    if key == "name":
        if normalise(parent) in _ORGANISATIONS:
            return str(fake.company())
        return str(fake.name())
    if key in _NAMES:
        return str(_NAMES[key](fake))
    for suffix, make in _SUFFIXES:
        if len(key) > len(suffix) and key.endswith(suffix):
            return str(make(fake))
    return str(fake.word())


#: Normalised names → the range a realistic number falls in, and its decimal places.
_NUMBERS: dict[str, tuple[float, float, int]] = {
    "age": (18, 90, 0),
    "year": (1990, 2030, 0),
    "quantity": (1, 20, 0),
    "qty": (1, 20, 0),
    "count": (1, 50, 0),
    "price": (1, 500, 2),
    "amount": (1, 1000, 2),
    "total": (1, 2000, 2),
    "cost": (1, 500, 2),
    "rating": (1, 5, 0),
    "score": (0, 100, 0),
    "stars": (1, 5, 0),
    "percent": (0, 100, 1),
    "percentage": (0, 100, 1),
    "latitude": (-90, 90, 6),
    "lat": (-90, 90, 6),
    "longitude": (-180, 180, 6),
    "lng": (-180, 180, 6),
    "lon": (-180, 180, 6),
    "id": (1, 99999, 0),
}


def number_range(name: str | None) -> tuple[float, float, int]:
    """The realistic range and decimal places of a number called ``name``."""
    key = normalise(name)
    if key in _NUMBERS:
        return _NUMBERS[key]
    if key.endswith("id"):
        return _NUMBERS["id"]
    return (1, 1000, 2)
