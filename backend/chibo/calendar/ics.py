"""The iCalendar (RFC 5545) feed, written with the `icalendar` library: event times carry the
Asia/Ho_Chi_Minh zone (TZID) and the calendar holds its VTIMEZONE, so that every client (phone
calendars included) shows Vietnam's local time; stamps are in UTC. The library escapes TEXT
values and folds lines at 75 octets without splitting a UTF-8 character."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

TZID = "Asia/Ho_Chi_Minh"
ZONE = ZoneInfo(TZID)
# Vietnam has kept UTC+7 without daylight saving since 13/06/1975: one STANDARD rule from
# 1976 holds for every meeting the system records.
_ZONE_FROM, _ZONE_TO = date(1976, 1, 1), date(2100, 1, 1)


@dataclass(frozen=True, slots=True)
class Event:
    uid: str
    start: datetime
    end: datetime
    stamp: datetime
    summary: str
    sequence: int = 0
    status: str = "CONFIRMED"  # CONFIRMED, TENTATIVE or CANCELLED
    location: str | None = None
    url: str | None = None
    description: str | None = None
    last_modified: datetime | None = None
    categories: tuple[str, ...] = field(default_factory=tuple)


def _clean(value: str) -> str:
    """Control characters (other than tab and newline) have no place in a TEXT value."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\t\n" or (ord(ch) >= 0x20 and ord(ch) != 0x7F))


def _uri(value: str) -> str:
    """URI values are not TEXT: not escaped, but no control characters or spaces."""
    return "".join(ch for ch in value if ord(ch) > 0x20 and ord(ch) != 0x7F)


def local(moment: datetime) -> datetime:
    """An aware moment on Vietnam's clock (written as TZID=Asia/Ho_Chi_Minh local time)."""
    return moment.astimezone(ZONE)


def vtimezone() -> icalendar.Timezone:
    return icalendar.Timezone.from_tzinfo(
        ZONE, tzid=TZID, first_date=_ZONE_FROM, last_date=_ZONE_TO
    )


def _event(event: Event) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event.uid)
    component.add("dtstamp", event.stamp.astimezone(UTC))
    component.add("dtstart", local(event.start))
    component.add("dtend", local(event.end))
    component.add("sequence", event.sequence)
    component.add("status", event.status)
    component.add("summary", _clean(event.summary))
    if event.last_modified is not None:
        component.add("last-modified", event.last_modified.astimezone(UTC))
    if event.location:
        component.add("location", _clean(event.location))
    if event.url:
        component.add("url", icalendar.vUri(_uri(event.url)))
    if event.description:
        component.add("description", _clean(event.description))
    if event.categories:
        component.add("categories", [_clean(c) for c in event.categories])
    return component


def calendar(
    events: Iterable[Event],
    *,
    name: str,
    product_id: str = "-//ChiBo//Lich sinh hoat chi bo//VI",
    refresh: timedelta = timedelta(hours=1),
) -> str:
    """A VCALENDAR of the events with the Asia/Ho_Chi_Minh VTIMEZONE, as text/calendar."""
    cal = icalendar.Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", product_id)
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _clean(name))
    cal.add("name", _clean(name))
    cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(refresh))
    cal.add("x-wr-timezone", TZID)
    cal.add_component(vtimezone())
    for event in events:
        cal.add_component(_event(event))
    text: str = cal.to_ical().decode("utf-8")
    return text
