"""Settings, read from the environment (prefix CHIBO_) and an optional .env file."""

from datetime import date, datetime, time
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SECRET_KEY = "chibo-development-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CHIBO_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = Field(
        default=f"sqlite+aiosqlite:///{REPO_ROOT / 'var' / 'chibo.db'}",
        description="SQLAlchemy async URL; postgresql+asyncpg://… for PostgreSQL.",
    )
    database_pool_size: int = 10
    database_echo: bool = False

    secret_key: str = DEFAULT_SECRET_KEY
    access_token_minutes: int = 15
    refresh_token_days: int = 14
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_minutes: int = Field(default=15, ge=1)
    # Rate limits on password guesses and refresh tokens (chibo.auth.throttle).
    login_address_max_failures: int = Field(default=100, ge=1)
    login_address_user_max_failures: int = Field(default=5, ge=1)
    # Reverse proxies whose X-Forwarded-For names the client (comma-separated addresses or
    # networks); none by default: the connection's peer is the client.
    trusted_proxies: str = ""

    max_body_bytes: int = 2 * 1024 * 1024
    # Meeting documents: the largest file accepted, and the local folder of the file store.
    document_max_bytes: int = 20 * 1024 * 1024
    file_store_path: Path = REPO_ROOT / "var" / "files"
    page_limit_default: int = Field(default=50, ge=1)
    page_limit_max: int = Field(default=200, ge=1)
    min_official_members_per_cell: int = 3
    probation_months: int = 12
    # The cell proposes official status within this many working days after the probation.
    official_proposal_working_days: int = Field(30, ge=1)

    web_dist_path: Path = Field(
        default=REPO_ROOT / "frontend" / "dist", description="The built web app, served at /"
    )

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    log_level: str = "INFO"
    log_json: bool = True
    # Where the clock starts (demo and test servers): an ISO day (its 09:00 in Vietnam) or an
    # aware moment; the clock then runs on from it. Refused in production.
    clock_start: datetime | None = None

    @field_validator("clock_start", mode="before")
    @classmethod
    def _day_or_moment(cls, value: object) -> object:
        if isinstance(value, str) and len(value.strip()) == 10:
            value = date.fromisoformat(value.strip())
        if isinstance(value, date) and not isinstance(value, datetime):
            from chibo.core.clock import vietnam_moment

            return vietnam_moment(value, time(9, 0))
        return value

    @model_validator(mode="after")
    def _check_consistency(self) -> "Settings":
        if self.environment == "production" and self.secret_key == DEFAULT_SECRET_KEY:
            raise ValueError("CHIBO_SECRET_KEY must be set to a private value in production mode")
        if self.environment == "production" and len(self.secret_key) < 32:
            raise ValueError("CHIBO_SECRET_KEY must be at least 32 characters in production")
        if self.environment == "production" and self.clock_start is not None:
            raise ValueError("CHIBO_CLOCK_START is for demo and test servers, not production")
        if self.clock_start is not None and self.clock_start.tzinfo is None:
            raise ValueError("CHIBO_CLOCK_START needs a time zone (e.g. +07:00) or a bare day")
        if self.page_limit_default > self.page_limit_max:
            raise ValueError("CHIBO_PAGE_LIMIT_DEFAULT cannot exceed CHIBO_PAGE_LIMIT_MAX")
        trusted_networks(self.trusted_proxies)  # refuses a malformed list at start
        return self

    def start_clock(self) -> None:
        """Pin the process's clock to CHIBO_CLOCK_START, when set."""
        if self.clock_start is not None:
            from chibo.core.clock import pin

            pin(self.clock_start)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=8)
def trusted_networks(value: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """`CHIBO_TRUSTED_PROXIES` parsed: "10.0.0.1, 172.16.0.0/12" -> networks."""
    return tuple(
        ip_network(part.strip(), strict=False) for part in value.split(",") if part.strip()
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
