"""The `chibo` command: serve, migrate, seed-demo, create-admin."""

import argparse
import asyncio
import getpass
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from chibo import __version__
from chibo.config import Settings, get_settings

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REFUSED = 2
MIN_ADMIN_PASSWORD_LENGTH = 8
# As the accounts API accepts them (chibo.auth.schemas.Username).
USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{2,63}")


class CommandError(Exception):
    """A failure to report in one line, without a traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _settings() -> Settings:
    try:
        return get_settings()
    except ValidationError as exc:
        problems = "; ".join(str(error["msg"]) for error in exc.errors())
        raise CommandError(f"invalid settings: {problems}", EXIT_REFUSED) from exc


# --- serve -------------------------------------------------------------------------------------


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from chibo.core.logging import configure_logging

    settings = _settings()
    configure_logging(settings.log_level, json_output=settings.log_json)
    reload_dirs = [str(Path(__file__).resolve().parent)] if args.reload else None
    uvicorn.run(
        "chibo.app:app_from_env",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=None if args.reload else (args.workers or settings.workers),
        reload=args.reload,
        reload_dirs=reload_dirs,
        log_config=None,  # the app configures logging (JSON lines with request ids)
        log_level=settings.log_level.lower(),
        # X-Forwarded-For is read by the app, from CHIBO_TRUSTED_PROXIES only
        # (chibo.core.client_address); uvicorn's own handling would trust any local peer.
        proxy_headers=False,
    )
    return EXIT_OK


# --- migrate -----------------------------------------------------------------------------------


def _openapi(args: argparse.Namespace) -> int:
    """Write the OpenAPI schema (the web app's client is generated from it)."""
    import json

    from chibo.app import create_app
    from chibo.config import Settings

    schema = create_app(Settings(environment="test")).openapi()
    text = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    return EXIT_OK


def _migrate(_args: argparse.Namespace) -> int:
    from chibo.core.logging import configure_logging
    from chibo.core.migrate import upgrade

    settings = _settings()
    configure_logging(settings.log_level, json_output=settings.log_json)
    upgrade(settings.database_url)
    print("Database migrated to the latest revision.")
    return EXIT_OK


# --- seed-demo ---------------------------------------------------------------------------------


async def _seed(database_url: str) -> bool:
    from chibo.core.db import create_engine, create_sessionmaker
    from chibo.demo.seed import seed_demo

    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            loaded = await seed_demo(session)
            await session.commit()
            return loaded
    finally:
        await engine.dispose()


def _seed_demo(_args: argparse.Namespace) -> int:
    from chibo.demo.seed import (
        DEMO_ACCOUNTS,
        DEMO_PASSWORD,
        DemoDataConflict,
        DemoDataRefused,
        refuse_in_production,
    )

    settings = _settings()
    try:
        refuse_in_production(settings)
    except DemoDataRefused as exc:
        raise CommandError(str(exc), EXIT_REFUSED) from exc
    settings.start_clock()
    try:
        loaded = asyncio.run(_seed(settings.database_url))
    except DemoDataConflict as exc:
        raise CommandError(str(exc)) from exc
    if loaded:
        print(
            "Demo data loaded: Đảng bộ Sở Nội vụ (4 cells, 65 members). Accounts "
            f"{', '.join(DEMO_ACCOUNTS)}; password {DEMO_PASSWORD} (demo only)."
        )
    else:
        print("Demo data already loaded; nothing changed.")
    return EXIT_OK


# --- create-admin ------------------------------------------------------------------------------


def _ask_password() -> str:
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError("no password given: use --password or type it on stdin")
        return password
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        raise CommandError("the two passwords differ")
    return first


async def _create_admin(
    database_url: str,
    *,
    username: str,
    password: str,
    full_name: str,
    unit_code: str | None,
    unit_name: str,
) -> tuple[str, bool]:
    from sqlalchemy import func, select

    import chibo.models  # noqa: F401 - every table, so that foreign keys resolve
    from chibo.audit.models import AuditEntry
    from chibo.audit.service import snapshot
    from chibo.auth.models import Role, User
    from chibo.core.clock import utcnow
    from chibo.core.db import create_engine, create_sessionmaker
    from chibo.core.security import hash_password
    from chibo.units.models import Unit, UnitKind

    def audit(action: str, entity: Unit | User, unit_path: str) -> AuditEntry:
        return AuditEntry(
            occurred_at=utcnow(),
            actor_user_id=None,
            actor_username="cli",
            action=action,
            entity_type=entity.__tablename__,
            entity_id=str(entity.id),
            unit_path=unit_path,
            before=None,
            after=snapshot(entity),
            request_id=None,
        )

    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            if await session.scalar(select(User.id).where(User.username == username)):
                raise CommandError(f"an account named {username!r} already exists")
            unit: Unit | None
            created_unit = False
            if unit_code:
                unit = await session.scalar(select(Unit).where(Unit.code == unit_code))
            else:
                roots = (await session.scalars(select(Unit).where(Unit.parent_id.is_(None)))).all()
                if len(roots) > 1:
                    raise CommandError("several top-level units exist: choose one with --unit-code")
                unit = roots[0] if roots else None
            if unit is None:
                if await session.scalar(select(func.count()).select_from(Unit)):
                    raise CommandError(f"no unit has the code {unit_code!r}")
                unit = Unit(
                    parent_id=None,
                    kind=UnitKind.superior_committee,
                    name=unit_name,
                    code=unit_code,
                    cell_type=None,
                    path="/tmp-create-admin/",
                    depth=0,
                    active=True,
                )
                session.add(unit)
                await session.flush()
                unit.path = f"/{unit.id}/"
                await session.flush()
                session.add(audit("unit.create", unit, unit.path))
                created_unit = True
            user = User(
                username=username,
                full_name=full_name,
                email=None,
                password_hash=hash_password(password),
                role=Role.admin,
                unit_id=unit.id,
                member_id=None,
                active=True,
                failed_logins=0,
                password_changed_at=utcnow(),
            )
            session.add(user)
            await session.flush()
            session.add(audit("user.create", user, unit.path))
            await session.commit()
            return unit.name, created_unit
    finally:
        await engine.dispose()


def _create_admin_command(args: argparse.Namespace) -> int:
    username = args.username.strip().lower()
    if not USERNAME_PATTERN.fullmatch(username):
        raise CommandError(
            "the username takes 3 to 64 letters, digits, '.', '_' or '-', "
            "and starts with a letter or digit"
        )
    password = args.password if args.password is not None else _ask_password()
    if len(password) < MIN_ADMIN_PASSWORD_LENGTH:
        raise CommandError(
            f"the password must have at least {MIN_ADMIN_PASSWORD_LENGTH} characters"
        )
    settings = _settings()
    unit_name, created = asyncio.run(
        _create_admin(
            settings.database_url,
            username=username,
            password=password,
            full_name=args.full_name,
            unit_code=args.unit_code,
            unit_name=args.unit_name,
        )
    )
    where = f"new top-level unit {unit_name!r}" if created else f"unit {unit_name!r}"
    print(f"Administrator {username!r} created, bound to {where}.")
    return EXIT_OK


# --- the parser --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chibo",
        description="ChiBo: Party cell meetings. Settings come from CHIBO_* variables and .env.",
    )
    parser.add_argument("--version", action="version", version=f"chibo {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the API (uvicorn)")
    serve.add_argument("--host", help="address to bind (default: CHIBO_HOST)")
    serve.add_argument("--port", type=int, help="port (default: CHIBO_PORT)")
    serve.add_argument("--workers", type=int, help="worker processes (default: CHIBO_WORKERS)")
    serve.add_argument("--reload", action="store_true", help="restart on code changes (dev)")
    serve.set_defaults(handler=_serve)

    migrate = commands.add_parser("migrate", help="upgrade the database to the latest schema")
    migrate.set_defaults(handler=_migrate)

    seed = commands.add_parser(
        "seed-demo", help="load the demo organisation once (refused in production)"
    )
    seed.set_defaults(handler=_seed_demo)

    openapi = commands.add_parser("openapi", help="write the OpenAPI schema as JSON")
    openapi.add_argument("--output", default="-", help="file to write (default: stdout)")
    openapi.set_defaults(handler=_openapi)

    admin = commands.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("--username", required=True)
    admin.add_argument("--password", help="the password (default: asked for, or read from stdin)")
    admin.add_argument(
        "--unit-code",
        help="code of the unit to bind the account to (default: the single top-level unit; "
        "when the database has no unit, a top-level superior committee is created)",
    )
    admin.add_argument(
        "--unit-name",
        default="Đảng ủy cấp trên",
        help="name of the top-level unit created when none exists",
    )
    admin.add_argument("--full-name", default="Quản trị hệ thống")
    admin.set_defaults(handler=_create_admin_command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        exit_code: int = args.handler(args)
    except CommandError as exc:
        print(f"chibo {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
