"""Serving the built web app (frontend/dist) at `/`: files as they are, and index.html for the
app's own routes (client-side routing), never for the API."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, Response

from chibo.core.errors import NotFound

# Hashed assets never change; the shell and the service worker must always be revalidated.
_IMMUTABLE = "public, max-age=31536000, immutable"
_REVALIDATE = "no-cache"


def mount_spa(app: FastAPI, dist: Path) -> None:
    index = dist / "index.html"
    root = dist.resolve()

    @app.get("/{path:path}", include_in_schema=False)
    async def spa(path: str) -> Response:
        if path.startswith("api/") or not index.is_file():
            raise NotFound()
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            cache = _IMMUTABLE if path.startswith("assets/") else _REVALIDATE
            return FileResponse(candidate, headers={"Cache-Control": cache})
        return FileResponse(index, headers={"Cache-Control": _REVALIDATE})
