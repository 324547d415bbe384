"""Report endpoints: statistics over a unit's subtree."""

from tests.matrix import ALL, Endpoint

ENDPOINTS: list[Endpoint] = [
    Endpoint("GET", "/api/v1/units/{unit_id}/meeting-stats", ALL, params=lambda t: {"year": 2026}),
]
