# ChiBo API image. The container migrates the database, then serves on port 8000.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

RUN groupadd --system --gid 10001 chibo \
    && useradd --system --uid 10001 --gid chibo --home-dir /app --no-create-home chibo

COPY pyproject.toml README.md alembic.ini ./
COPY backend ./backend
RUN pip install . \
    && rm -rf build \
    && mkdir -p /app/var \
    && chown chibo:chibo /app/var

# Defaults for the image; docker-compose.yml (or `docker run -e`) sets the real database and key.
ENV CHIBO_ENVIRONMENT=production \
    CHIBO_HOST=0.0.0.0 \
    CHIBO_PORT=8000 \
    CHIBO_DATABASE_URL=sqlite+aiosqlite:////app/var/chibo.db

USER chibo
EXPOSE 8000

HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]

CMD ["sh", "-c", "chibo migrate && exec chibo serve --host 0.0.0.0"]
