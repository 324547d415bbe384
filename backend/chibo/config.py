"""Settings, read from the environment (prefix CHIBO_) and an optional .env file."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
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
    login_max_failures: int = 5
    login_lockout_minutes: int = 15

    max_body_bytes: int = 2 * 1024 * 1024
    # Meeting documents: the largest file accepted, and the local folder of the file store.
    document_max_bytes: int = 20 * 1024 * 1024
    file_store_path: Path = REPO_ROOT / "var" / "files"
    page_limit_default: int = 50
    page_limit_max: int = 200
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

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> "Settings":
        if self.environment == "production" and self.secret_key == DEFAULT_SECRET_KEY:
            raise ValueError("CHIBO_SECRET_KEY must be set to a private value in production mode")
        if self.environment == "production" and len(self.secret_key) < 32:
            raise ValueError("CHIBO_SECRET_KEY must be at least 32 characters in production")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
