"""Private calendar feeds. The .ics URL is public: its secret token is the credential
(tests/test_calendar.py covers it)."""

from tests.matrix import ALL, Endpoint

ENDPOINTS: list[Endpoint] = [
    Endpoint("GET", "/api/v1/calendar/feed", ALL, scoped=False),
    Endpoint(
        "POST",
        "/api/v1/calendar/feed",
        ALL,
        scoped=False,
        status=201,
    ),
    Endpoint("DELETE", "/api/v1/calendar/feed", ALL, scoped=False),
    Endpoint("GET", "/api/v1/calendar/{token}.ics", ALL, scoped=False, public=True),
]
