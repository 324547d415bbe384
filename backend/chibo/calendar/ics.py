"""A small iCalendar (RFC 5545) writer: CRLF line ends, lines folded at 75 octets without
splitting a UTF-8 character, TEXT values escaped, times in UTC."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

CRLF = "\r\n"
_FOLD_OCTETS = 75


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


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, ';', ',' and newlines."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\n", "\\n")
    return "".join(ch for ch in value if ch == "\t" or (ord(ch) >= 0x20 and ord(ch) != 0x7F))


def utc_stamp(moment: datetime) -> str:
    """'20240304T010000Z'."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets (continuations start with a
    space, which counts), never inside a UTF-8 sequence."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = _FOLD_OCTETS
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, _FOLD_OCTETS - 1
        current.append(ch)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def _uri(value: str) -> str:
    """URI values are not TEXT: not escaped, but no control characters or spaces."""
    return "".join(ch for ch in value if ord(ch) > 0x20 and ord(ch) != 0x7F)


def _event_lines(event: Event) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{utc_stamp(event.stamp)}",
        f"DTSTART:{utc_stamp(event.start)}",
        f"DTEND:{utc_stamp(event.end)}",
        f"SEQUENCE:{event.sequence}",
        f"STATUS:{event.status}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.last_modified is not None:
        lines.append(f"LAST-MODIFIED:{utc_stamp(event.last_modified)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        lines.append(f"URL:{_uri(event.url)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
    lines.append("END:VEVENT")
    return lines


def calendar(
    events: Iterable[Event],
    *,
    name: str,
    product_id: str = "-//ChiBo//Lich sinh hoat chi bo//VI",
    timezone_hint: str | None = "Asia/Ho_Chi_Minh",
    refresh: str = "PT1H",
) -> str:
    """A VCALENDAR of the events, ready to send as text/calendar."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{product_id}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"NAME:{escape_text(name)}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}",
        f"X-PUBLISHED-TTL:{refresh}",
    ]
    if timezone_hint:
        lines.append(f"X-WR-TIMEZONE:{timezone_hint}")
    for event in events:
        lines.extend(_event_lines(event))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
