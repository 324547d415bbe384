"""Live updates of a meeting (the list of speakers, the roll), across app workers.

Writers call `notify_change(session, meeting_id)` in the transaction that changes a meeting's
list of speakers (or its state), and `notify_change(session, meeting_id, Topic.attendance)` in
one that changes its roll (a check-in, a mark, a guest). Followers are told only once that
transaction has committed, so that they never re-read the old state:

- PostgreSQL: `pg_notify('chibo_live', '<meeting id>[:<topic>[:<member ids>]]')` in the same
  transaction; PostgreSQL delivers it on commit (and drops it on rollback) to every worker.
  Each worker holds one LISTEN connection (asyncpg), opened when the first follower arrives
  and reopened when lost, and fans the notifications out to its followers of that meeting.
- SQLite (one worker): the changes wait in `session.info` and an `after_commit` hook hands
  them to the broadcasters of this process.

Followers re-read the list of speakers from the database when told (bursts are merged); a
change of the roll is passed on as an `attendance` event, with whose rows changed, that tells
the client to re-read the roll (the secretary's screen always; a member's phone only for its
own row, so that phones do not all re-read the roll on every check-in).
A stream ends when the server shuts down, so that open streams never hold up a restart.
"""

import asyncio
import contextlib
import json
import logging
import signal
import threading
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session

log = logging.getLogger("chibo.live")

CHANNEL = "chibo_live"
KEEPALIVE_SECONDS = 15.0
DEBOUNCE_SECONDS = 0.05
LISTENER_CHECK_SECONDS = 30.0
LISTENER_APPLICATION_NAME = "chibo-live"  # in pg_stat_activity
_PENDING_KEY = "chibo.live.pending"
_SENT_KEY = "chibo.live.sent"

# Broadcasters running in this process (normally one: the app's).
_broadcasters: "weakref.WeakSet[LiveBroadcaster]" = weakref.WeakSet()


# -- publishing --------------------------------------------------------------------------------


class Topic(Enum):
    """What changed in a meeting."""

    speakers = "speakers"  # the list of speakers, or the meeting's state
    attendance = "attendance"  # the roll: a check-in, a mark, a guest


ALL_TOPICS = frozenset(Topic)
# PostgreSQL refuses payloads of 8000 bytes or more: past this, the members are left out.
MAX_PAYLOAD = 7000


@dataclass(frozen=True)
class Change:
    meeting_id: int
    topic: Topic
    # Whose row of the roll changed (None: unknown, anyone's), so that a member's phone
    # re-reads the roll only for its own.
    member_ids: frozenset[int] | None = None

    def payload(self) -> str:
        # A bare id means the speakers (what workers of the previous version send and expect).
        if self.topic is Topic.speakers:
            return str(self.meeting_id)
        text = f"{self.meeting_id}:{self.topic.value}"
        if self.member_ids is not None:
            members = f"{text}:{','.join(str(i) for i in sorted(self.member_ids))}"
            if len(members) <= MAX_PAYLOAD:
                return members
        return text


def parse_payload(payload: str) -> Change | None:
    """The change a notification tells; None when it is not one of ours."""
    head, _, tail = payload.partition(":")
    topic_name, _, members = tail.partition(":")
    try:
        topic = Topic(topic_name) if topic_name else Topic.speakers
        ids = frozenset(int(i) for i in members.split(",")) if members else None
        return Change(int(head), topic, ids)
    except ValueError:
        return None


async def notify_change(
    session: AsyncSession,
    meeting_id: int,
    topic: Topic = Topic.speakers,
    *,
    member_ids: Iterable[int] | None = None,
) -> None:
    """Tell the followers of the meeting that it changed, once (and only if) the session's
    transaction commits. Call it after the change; calling it twice is harmless.
    `member_ids`: for the roll, whose rows changed (leave out when unknown)."""
    change = Change(meeting_id, topic, None if member_ids is None else frozenset(member_ids))
    sent: set[Change] = session.info.setdefault(_SENT_KEY, set())
    if change in sent:
        return
    sent.add(change)
    if session.get_bind().dialect.name == "postgresql":
        # Delivered by PostgreSQL at commit, to every worker's listener (this one's too).
        await session.execute(select(func.pg_notify(CHANNEL, change.payload())))
    else:
        session.info.setdefault(_PENDING_KEY, set()).add(change)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(_SENT_KEY, None)
    pending: set[Change] = session.info.pop(_PENDING_KEY, set())
    for change in pending:
        for broadcaster in list(_broadcasters):
            broadcaster.publish(change.meeting_id, change.topic, change.member_ids)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_SENT_KEY, None)
    session.info.pop(_PENDING_KEY, None)


# -- following ---------------------------------------------------------------------------------


class Wake(Enum):
    changed = "changed"
    idle = "idle"  # nothing happened for a while: time for a keep-alive
    closing = "closing"  # the server shuts down


class Subscription:
    def __init__(self, broadcaster: "LiveBroadcaster", meeting_id: int) -> None:
        self.broadcaster = broadcaster
        self.meeting_id = meeting_id
        self._changed = asyncio.Event()
        self._topics: set[Topic] = set()
        self._members: set[int] | None = set()  # None: anyone's row may have changed

    def mark_changed(self, *topics: Topic, member_ids: Iterable[int] | None = None) -> None:
        """Something changed (no topic: anything may have; for the roll, `member_ids` says
        whose rows, None: unknown)."""
        topics = topics or tuple(ALL_TOPICS)
        self._topics.update(topics)
        if Topic.attendance in topics:
            if member_ids is None:
                self._members = None
            elif self._members is not None:
                self._members.update(member_ids)
        self._changed.set()

    def take_changes(self) -> tuple[set[Topic], frozenset[int] | None]:
        """What changed since the last call (after `wait` answered `changed`), and whose rows
        of the roll (None: unknown)."""
        topics, self._topics = self._topics, set()
        members, self._members = self._members, set()
        return topics, None if members is None else frozenset(members)

    async def wait(self, idle_after: float) -> Wake:
        """Until the meeting changes (or `idle_after` seconds pass, or the server shuts
        down); then `take_changes` says what changed."""
        if not self.broadcaster.closing:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), idle_after)
        if self.broadcaster.closing:
            return Wake.closing
        if not self._changed.is_set():
            return Wake.idle
        # Merge a burst of changes into one re-read.
        await asyncio.sleep(DEBOUNCE_SECONDS)
        self._changed.clear()
        return Wake.closing if self.broadcaster.closing else Wake.changed


class LiveBroadcaster:
    """One per app worker: subscriptions per meeting, fed by PostgreSQL LISTEN or, on
    SQLite, by this process's commits."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._url: URL = engine.url
        self.uses_postgres = engine.dialect.name == "postgresql"
        self._subscriptions: dict[int, set[Subscription]] = {}
        self._closing = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._listener: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()
        self._previous_handlers: dict[int, Any] = {}

    @property
    def closing(self) -> bool:
        return self._closing

    @property
    def listening(self) -> bool:
        return self._listening.is_set()

    def subscriber_count(self, meeting_id: int | None = None) -> int:
        if meeting_id is not None:
            return len(self._subscriptions.get(meeting_id, ()))
        return sum(len(s) for s in self._subscriptions.values())

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._closing = False
        _broadcasters.add(self)
        self._chain_signal_handlers()

    async def stop(self) -> None:
        self.begin_closing()
        self._restore_signal_handlers()
        _broadcasters.discard(self)
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None

    def begin_closing(self) -> None:
        """End every stream (the server is shutting down)."""
        self._closing = True
        self.wake_all()

    def _chain_signal_handlers(self) -> None:
        """uvicorn waits for open responses before it shuts down, and a stream never ends by
        itself: on SIGINT/SIGTERM, end the streams, then let uvicorn's handler do its work."""
        if threading.current_thread() is not threading.main_thread():
            return
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous = signal.getsignal(sig)
            if not callable(previous):
                continue  # no server handles it here: leave the default alone
            self._previous_handlers[sig] = previous

            def handler(signum: int, frame: Any, previous: Any = previous) -> None:
                self._closing = True
                if self._loop is not None and not self._loop.is_closed():
                    self._loop.call_soon_threadsafe(self.wake_all)
                previous(signum, frame)

            signal.signal(sig, handler)

    def _restore_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for sig, previous in self._previous_handlers.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(sig, previous)
        self._previous_handlers.clear()

    # -- fan-out -----------------------------------------------------------------------------

    def publish(
        self,
        meeting_id: int,
        topic: Topic = Topic.speakers,
        member_ids: Iterable[int] | None = None,
    ) -> None:
        for subscription in list(self._subscriptions.get(meeting_id, ())):
            subscription.mark_changed(topic, member_ids=member_ids)

    def wake_all(self) -> None:
        for subscriptions in list(self._subscriptions.values()):
            for subscription in list(subscriptions):
                subscription.mark_changed()

    @contextlib.asynccontextmanager
    async def subscribe(self, meeting_id: int) -> AsyncIterator[Subscription]:
        subscription = Subscription(self, meeting_id)
        self._subscriptions.setdefault(meeting_id, set()).add(subscription)
        try:
            if self.uses_postgres:
                self._ensure_listener()
                # Listen before the first read, so that no change falls in between (if the
                # database is slow to answer, the listener wakes everyone once it listens).
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._listening.wait(), 5)
            yield subscription
        finally:
            subscriptions = self._subscriptions.get(meeting_id)
            if subscriptions is not None:
                subscriptions.discard(subscription)
                if not subscriptions:
                    del self._subscriptions[meeting_id]

    # -- PostgreSQL listener -----------------------------------------------------------------

    def _ensure_listener(self) -> None:
        if self._closing:
            return
        if self._listener is None or self._listener.done():
            self._listener = asyncio.get_running_loop().create_task(
                self._listen_forever(), name="chibo-live-listener"
            )

    def _connect_args(self) -> dict[str, Any]:
        args: dict[str, Any] = self._url.translate_connect_args(username="user")
        for key in ("ssl", "sslmode"):
            if key in self._url.query:
                args["ssl"] = self._url.query[key]
        return args

    def _on_notification(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        change = parse_payload(payload)
        if change is not None:
            self.publish(change.meeting_id, change.topic, change.member_ids)

    async def _listen_forever(self) -> None:
        import asyncpg

        delay = 0.2
        while not self._closing:
            try:
                connection = await asyncpg.connect(
                    **self._connect_args(),
                    timeout=5,
                    server_settings={"application_name": LISTENER_APPLICATION_NAME},
                )
            except Exception as exc:  # unreachable, refused, misconfigured: try again later
                log.warning("live listener cannot connect", extra={"error": str(exc)[:300]})
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            lost = asyncio.Event()
            connection.add_termination_listener(lambda _c, lost=lost: lost.set())
            try:
                await connection.add_listener(CHANNEL, self._on_notification)
                log.info(
                    "live listener listening", extra={"backend_pid": connection.get_server_pid()}
                )
                self._listening.set()
                delay = 0.2
                # Changes may have happened while nobody listened: everyone re-reads.
                self.wake_all()
                while not self._closing and not lost.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(lost.wait(), LISTENER_CHECK_SECONDS)
                    if not lost.is_set():
                        # A half-open connection says nothing: ask it something.
                        await connection.execute("SELECT 1", timeout=5)
            except Exception as exc:  # whatever broke the connection: open another
                log.warning("live listener lost", extra={"error": str(exc)[:300]})
            finally:
                self._listening.clear()
                if not connection.is_closed():
                    try:
                        await asyncio.wait_for(connection.close(), 2)
                    except Exception:
                        connection.terminate()
            if not self._closing:
                await asyncio.sleep(delay)


# -- the event stream --------------------------------------------------------------------------


def sse_event(name: str, data: Any) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False, separators=(',', ':'))}\n\n"


def _fingerprint(state: dict[str, Any]) -> str:
    """The state without what changes by itself with the clock."""

    def strip(speech: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in speech.items() if k != "elapsed_seconds"}

    current = state.get("current")
    return json.dumps(
        {
            **{k: v for k, v in state.items() if k != "server_time"},
            "current": None if current is None else strip(current),
            "queue": [strip(s) for s in state.get("queue", [])],
            "finished": [strip(s) for s in state.get("finished", [])],
        },
        sort_keys=True,
        default=str,
    )


ReadState = Callable[[], Awaitable[dict[str, Any] | None]]


async def event_stream(
    broadcaster: LiveBroadcaster | None,
    meeting_id: int,
    initial: dict[str, Any],
    read_state: ReadState,
    *,
    once: bool = False,
    keepalive: float = KEEPALIVE_SECONDS,
) -> AsyncIterator[str]:
    """Server-Sent Events: the list of speakers now and after every change (`speakers`), an
    `attendance` event after every change of the roll (`member_ids`: whose rows, null when
    unknown; the client re-reads the roll), and a comment now and then. `read_state` re-reads
    the list of speakers in a new session (None: the meeting is gone from view)."""
    yield "retry: 2000\n\n"
    yield sse_event("speakers", initial)
    if once or broadcaster is None:
        return
    last = _fingerprint(initial)
    async with broadcaster.subscribe(meeting_id) as subscription:
        yield ": live\n\n"  # following from here on
        # A change may have landed between the first read and the subscription (the client
        # reads the roll itself when the stream opens).
        subscription.mark_changed(Topic.speakers)
        while True:
            wake = await subscription.wait(keepalive)
            if wake is Wake.closing:
                yield sse_event("closing", {"reason": "server_shutdown"})
                return
            if wake is Wake.idle:
                yield ": keep-alive\n\n"
                continue
            topics, member_ids = subscription.take_changes()
            if Topic.speakers in topics:
                try:
                    state = await read_state()
                except Exception:  # the database is away: end, the client reconnects
                    log.exception("live stream cannot read the state")
                    return
                if state is None:
                    return
                fingerprint = _fingerprint(state)
                if fingerprint != last:
                    last = fingerprint
                    yield sse_event("speakers", state)
            if Topic.attendance in topics:
                yield sse_event(
                    "attendance",
                    {
                        "meeting_id": meeting_id,
                        "member_ids": None if member_ids is None else sorted(member_ids),
                    },
                )
