"""The file store: document bytes, content-addressed by SHA-256.

An upload is first written to a staging file (hashed and counted on the way, refused past the
cap), checked, and only then moved into place under its digest. The same bytes are stored once,
so a document row whose transaction rolls back leaves at worst a file another upload may reuse,
never a half-written one. `FileStore` is the interface; `LocalFileStore` keeps the files in a
folder (settings.file_store_path); an object store can implement the same protocol.
"""

import hashlib
import os
import re
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, BinaryIO, Protocol

import anyio
from anyio import to_thread
from fastapi import Depends, Request

from chibo.config import Settings

CHUNK_BYTES = 64 * 1024
_KEY = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{64}$")


class TooLarge(Exception):
    """The upload went past the cap while it was being staged (nothing is left behind)."""


class ContentMissing(Exception):
    """A stored key has no content: the store lost the file."""


@dataclass(frozen=True, slots=True)
class StagedFile:
    path: Path
    sha256: str
    size: int


class FileStore(Protocol):
    @property
    def staging_dir(self) -> Path:
        """A local folder for uploads being received and checked."""
        ...

    def key_for(self, sha256: str) -> str:
        """The storage key of content with this digest."""
        ...

    async def put(self, staged: StagedFile) -> str:
        """Move a checked staging file into the store under its digest; returns the key.
        Storing bytes that are already there is a no-op."""
        ...

    async def exists(self, key: str) -> bool: ...

    def open(self, key: str) -> AsyncIterator[bytes]:
        """The content, in chunks (raises ContentMissing when it is not there)."""
        ...


class LocalFileStore:
    """Files in a local folder: <root>/<sha[:2]>/<sha>, staging files in <root>/.staging."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def staging_dir(self) -> Path:
        return self.root / ".staging"

    def key_for(self, sha256: str) -> str:
        return f"{sha256[:2]}/{sha256}"

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ContentMissing(key)
        return self.root / key

    async def put(self, staged: StagedFile) -> str:
        key = self.key_for(staged.sha256)
        target = self._path(key)

        def _move() -> None:
            if target.exists():
                staged.path.unlink(missing_ok=True)
                return
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged.path, target)  # atomic: same file system as the staging folder

        await to_thread.run_sync(_move)
        return key

    async def exists(self, key: str) -> bool:
        return await anyio.Path(self._path(key)).is_file()

    async def open(self, key: str) -> AsyncIterator[bytes]:
        try:
            handle = await anyio.open_file(self._path(key), "rb")
        except FileNotFoundError as exc:
            raise ContentMissing(key) from exc
        async with handle:
            while chunk := await handle.read(CHUNK_BYTES):
                yield chunk


def stage_upload(source: BinaryIO, staging_dir: Path, max_bytes: int) -> StagedFile:
    """Copy an upload to a new staging file, hashing it; TooLarge past `max_bytes` (the staging
    file is then removed). Blocking: call it in a thread."""
    staging_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    descriptor, name = tempfile.mkstemp(dir=staging_dir, prefix="upload-")
    path = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as target:
            while chunk := source.read(CHUNK_BYTES):
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge()
                digest.update(chunk)
                target.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return StagedFile(path=path, sha256=digest.hexdigest(), size=size)


def file_store_from_settings(settings: Settings) -> FileStore:
    return LocalFileStore(settings.file_store_path)


def get_file_store(request: Request) -> FileStore:
    """The app's file store (app.state.file_store; made from the settings on first use)."""
    store: FileStore | None = getattr(request.app.state, "file_store", None)
    if store is None:
        store = file_store_from_settings(request.app.state.settings)
        request.app.state.file_store = store
    return store


FileStoreDep = Annotated[FileStore, Depends(get_file_store)]
