"""The application factory."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text

from chibo import __version__
from chibo.attendance.router import router as attendance_router
from chibo.audit.router import router as audit_router
from chibo.auth.router import router as auth_router
from chibo.auth.users_router import router as users_router
from chibo.calendar.router import router as calendar_router
from chibo.config import Settings, get_settings
from chibo.core.db import create_engine, create_sessionmaker
from chibo.core.handlers import install_handlers
from chibo.core.logging import configure_logging
from chibo.core.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from chibo.core.spa import mount_spa
from chibo.documents.router import body_size_overrides
from chibo.documents.router import router as documents_router
from chibo.inspections.router import router as inspections_router
from chibo.meetings.router import router as meetings_router
from chibo.members.router import positions_router
from chibo.members.router import router as members_router
from chibo.minutes.router import router as minutes_router
from chibo.ratings.rollups import router as rollups_router
from chibo.ratings.router import router as ratings_router
from chibo.reports.router import router as reports_router
from chibo.reviews.router import router as reviews_router
from chibo.speeches.live import LiveBroadcaster
from chibo.speeches.router import router as speeches_router
from chibo.units.router import router as units_router

API_PREFIX = "/api/v1"


def api_router() -> APIRouter:
    api = APIRouter(prefix=API_PREFIX)
    for router in (
        auth_router,
        users_router,
        units_router,
        members_router,
        positions_router,
        meetings_router,
        attendance_router,
        speeches_router,
        documents_router,
        calendar_router,
        minutes_router,
        ratings_router,
        rollups_router,
        reviews_router,
        reports_router,
        inspections_router,
        audit_router,
    ):
        api.include_router(router)
    return api


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    settings.start_clock()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Tests may have installed their own engine and sessionmaker already.
        owns_engine = getattr(app.state, "engine", None) is None
        if owns_engine:
            app.state.engine = create_engine(
                settings.database_url,
                echo=settings.database_echo,
                pool_size=settings.database_pool_size,
            )
            app.state.sessionmaker = create_sessionmaker(app.state.engine)
        # Live list of speakers: one broadcaster per worker (LISTEN/NOTIFY on PostgreSQL).
        app.state.live = LiveBroadcaster(app.state.engine)
        await app.state.live.start()
        try:
            yield
        finally:
            await app.state.live.stop()
            if owns_engine:
                await app.state.engine.dispose()
                app.state.engine = None

    app = FastAPI(
        title="ChiBo API",
        version=__version__,
        description="Party cell meetings (sinh hoạt chi bộ): units, members, meetings, ratings.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = None
    install_handlers(app)
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        overrides=body_size_overrides(settings),
    )
    app.add_middleware(RequestContextMiddleware)
    app.include_router(api_router())

    @app.get("/healthz", tags=["operations"], summary="The process is up")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["operations"], summary="The database is reachable")
    async def readyz() -> JSONResponse:
        try:
            async with app.state.sessionmaker() as session:
                await session.execute(text("SELECT 1"))
        except Exception:  # any failure means not ready
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, 503)
        return JSONResponse({"status": "ok", "database": "ok"})

    # Last: every other GET path belongs to the web app (when it is built).
    mount_spa(app, settings.web_dist_path)

    return app


def app_from_env() -> FastAPI:
    """Entry point for uvicorn (`chibo.app:app_from_env`, factory=True)."""
    settings = get_settings()
    configure_logging(settings.log_level, json_output=settings.log_json)
    return create_app(settings)
