"""The live list of speakers, and the changes of the roll, reach other clients within a second.

On PostgreSQL: two separate app workers (uvicorn processes) share one database; a client
follows the meeting on worker 1 while the secretary changes the queue through worker 2, and
the change crosses over by LISTEN/NOTIFY. On SQLite, where one worker is enough, the same test
runs with a single worker. Then the event stream itself: keep-alives, merged bursts, the end of
the streams when the server shuts down, and notifications that wait for the commit.
"""

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import Attendance, AttendanceStatus
from chibo.core.db import create_engine
from chibo.core.migrate import upgrade
from chibo.demo import seed
from chibo.meetings.models import MeetingStatus, MeetingType
from chibo.speeches.live import (
    LISTENER_APPLICATION_NAME,
    Change,
    LiveBroadcaster,
    Topic,
    Wake,
    event_stream,
    notify_change,
    parse_payload,
)
from tests.databases import DATABASE_KIND, create_throwaway_database, drop_throwaway_database
from tests.factories import make_meeting
from tests.helpers import member_named

REPO = Path(__file__).resolve().parents[1]
WORKERS = 2 if DATABASE_KIND == "postgresql" else 1
LATENCY_LIMIT = 1.0  # seconds
SPEAKERS = [
    seed.SECRETARIES[seed.CELL_NOI_VU],
    seed.DEMO_ACCOUNT_MEMBERS["dangvien.noivu"],
    "Nguyễn Văn An",
    "Phan Đình Hải",
]


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    base_url: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@dataclass
class LiveSetup:
    database_url: str
    workers: list[Worker]
    meeting_id: int
    member_ids: dict[str, int]
    log_dir: Path
    extra: list[Worker] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_worker(database_url: str, log_dir: Path, name: str) -> Worker:
    """A separate app worker: `uvicorn chibo.app:app_from_env --factory` on a free port."""
    port = _free_port()
    log = log_dir / f"{name}.log"
    env = {
        **os.environ,
        "CHIBO_DATABASE_URL": database_url,
        "CHIBO_ENVIRONMENT": "test",
        "CHIBO_LOG_JSON": "false",
        "CHIBO_LOG_LEVEL": "WARNING",
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "chibo.app:app_from_env",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Worker(process, f"http://127.0.0.1:{port}", log)


async def wait_ready(worker: Worker, within: float = 30) -> None:
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(base_url=worker.base_url, timeout=2) as http:
        while time.monotonic() < deadline:
            if worker.process.poll() is not None:
                pytest.fail(f"worker exited:\n{worker.output()}")
            with contextlib.suppress(httpx.HTTPError):
                if (await http.get("/readyz")).status_code == 200:
                    return
            await asyncio.sleep(0.1)
    pytest.fail(f"worker not ready after {within} s:\n{worker.output()}")


def stop_worker(worker: Worker) -> None:
    if worker.process.poll() is None:
        worker.process.send_signal(signal.SIGTERM)
        try:
            worker.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.process.kill()
            worker.process.wait(timeout=10)


@pytest.fixture(scope="module")
async def live_setup() -> AsyncIterator[LiveSetup]:
    """A throwaway database with the demo data and a meeting in progress, and the workers."""
    url = await create_throwaway_database("chibo_live")
    log_dir = Path(tempfile.mkdtemp(prefix="chibo_live_logs_"))
    workers: list[Worker] = []
    setup: LiveSetup | None = None
    try:
        await asyncio.to_thread(upgrade, url)
        engine = create_engine(url)
        try:
            async with AsyncSession(engine, expire_on_commit=False) as session:
                await seed.seed_demo(session)
                meeting = await make_meeting(
                    session,
                    seed.CELL_NOI_VU,
                    status=MeetingStatus.in_progress,
                    meeting_type=MeetingType.extraordinary,
                )
                member_ids = {}
                for name in SPEAKERS:
                    member = await member_named(session, name)
                    member_ids[name] = member.id
                    session.add(
                        Attendance(
                            meeting_id=meeting.id,
                            member_id=member.id,
                            status=AttendanceStatus.present,
                        )
                    )
                await session.commit()
                meeting_id = meeting.id
        finally:
            await engine.dispose()
        workers = [start_worker(url, log_dir, f"worker{i + 1}") for i in range(WORKERS)]
        for worker in workers:
            await wait_ready(worker)
        setup = LiveSetup(url, workers, meeting_id, member_ids, log_dir)
        yield setup
    finally:
        for worker in workers + (setup.extra if setup else []):
            stop_worker(worker)
        await drop_throwaway_database(url)
        shutil.rmtree(log_dir, ignore_errors=True)


async def login(http: httpx.AsyncClient, username: str) -> dict[str, str]:
    response = await http.post(
        "/api/v1/auth/login", json={"username": username, "password": seed.DEMO_PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@dataclass
class Received:
    kind: str  # an event name, or "comment"
    data: Any
    at: float  # time.perf_counter() on receipt


class Follower:
    """A client following /live: every event and comment, timed on receipt."""

    def __init__(self, base_url: str, headers: dict[str, str], meeting_id: int) -> None:
        self.url = f"{base_url}/api/v1/meetings/{meeting_id}/live"
        self.headers = headers
        self.received: asyncio.Queue[Received] = asyncio.Queue()
        self.ended = asyncio.Event()
        self.status: int | None = None
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> "Follower":
        self._task = asyncio.create_task(self._follow())
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError, httpx.HTTPError):
            await self._task

    async def _follow(self) -> None:
        try:
            async with (
                httpx.AsyncClient(timeout=httpx.Timeout(5, read=None)) as http,
                http.stream(
                    "GET", self.url, headers={**self.headers, "Accept": "text/event-stream"}
                ) as response,
            ):
                self.status = response.status_code
                event: str | None = None
                async for line in response.aiter_lines():
                    now = time.perf_counter()
                    if line.startswith(":"):
                        await self.received.put(Received("comment", line[1:].strip(), now))
                    elif line.startswith("event: "):
                        event = line.removeprefix("event: ")
                    elif line.startswith("data: ") and event is not None:
                        data = json.loads(line.removeprefix("data: "))
                        await self.received.put(Received(event, data, now))
                        event = None
        finally:
            self.ended.set()

    async def next(self, predicate: Callable[[Received], bool], within: float = 10) -> Received:
        """The next item matching `predicate` (others are skipped)."""
        deadline = time.perf_counter() + within
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError("nothing matching arrived")
            item = await asyncio.wait_for(self.received.get(), remaining)
            if predicate(item):
                return item

    async def following(self) -> dict[str, Any]:
        """Wait for the first state and the sign that the stream follows changes, and past
        the catch-up read that follows (so that changes can arrive only by notification)."""
        first = await self.next(lambda r: r.kind == "speakers")
        await self.next(lambda r: r.kind == "comment" and r.data == "live")
        await asyncio.sleep(0.3)
        state: dict[str, Any] = first.data
        return state


def state_where(check: Callable[[dict[str, Any]], bool]) -> Callable[[Received], bool]:
    return lambda r: r.kind == "speakers" and check(r.data)


async def timed(
    follower: Follower,
    change: Callable[[], Awaitable[httpx.Response]],
    seen: Callable[[dict[str, Any]], bool],
    within: float = 5,
) -> tuple[httpx.Response, float]:
    """Make a change through one worker; seconds until the follower has the new state."""
    sent = time.perf_counter()
    response = await change()
    assert response.status_code < 300, response.text
    received = await follower.next(state_where(seen), within=within)
    return response, received.at - sent


async def test_queue_change_reaches_a_client_of_another_worker_within_a_second(
    live_setup: LiveSetup,
) -> None:
    first, last = live_setup.workers[0], live_setup.workers[-1]
    meeting_id = live_setup.meeting_id
    async with (
        httpx.AsyncClient(base_url=first.base_url, timeout=10) as http_a,
        httpx.AsyncClient(base_url=last.base_url, timeout=10) as http_b,
    ):
        member = await login(http_a, "dangvien.noivu")
        secretary = await login(http_b, "bithu.noivu")
        speakers = f"/api/v1/meetings/{meeting_id}/speakers"
        async with Follower(first.base_url, member, meeting_id) as follower:
            initial = await follower.following()
            assert follower.status == 200
            assert initial["queue"] == [] and initial["current"] is None
            an = live_setup.member_ids["Nguyễn Văn An"]
            hai = live_setup.member_ids["Phan Đình Hải"]
            latencies: dict[str, float] = {}

            response, latencies["ask"] = await timed(
                follower,
                lambda: http_b.post(speakers, headers=secretary, json={"member_id": an}),
                lambda s: [q["member_id"] for q in s["queue"]] == [an],
            )
            an_speech = response.json()["id"]
            response, latencies["ask again"] = await timed(
                follower,
                lambda: http_b.post(speakers, headers=secretary, json={"member_id": hai}),
                lambda s: [q["member_id"] for q in s["queue"]] == [an, hai],
            )
            hai_speech = response.json()["id"]
            _, latencies["order"] = await timed(
                follower,
                lambda: http_b.post(
                    f"{speakers}/order",
                    headers=secretary,
                    json={"speech_ids": [hai_speech, an_speech]},
                ),
                lambda s: [q["member_id"] for q in s["queue"]] == [hai, an],
            )
            _, latencies["start"] = await timed(
                follower,
                lambda: http_b.post(f"{speakers}/{hai_speech}/start", headers=secretary),
                lambda s: (s["current"] or {}).get("id") == hai_speech,
            )
            _, latencies["next speaker"] = await timed(
                follower,
                lambda: http_b.post(
                    f"{speakers}/{an_speech}/start", headers=secretary, json={"end_current": True}
                ),
                lambda s: (
                    (s["current"] or {}).get("id") == an_speech
                    and [f["id"] for f in s["finished"]] == [hai_speech]
                ),
            )
            _, latencies["end"] = await timed(
                follower,
                lambda: http_b.post(f"{speakers}/{an_speech}/end", headers=secretary),
                lambda s: s["current"] is None and len(s["finished"]) == 2,
            )
    report = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in latencies.items())
    print(f"\nlive latency over {WORKERS} worker(s) on {DATABASE_KIND}: {report}")
    assert max(latencies.values()) < LATENCY_LIMIT, report


async def test_check_ins_and_marks_reach_a_client_of_another_worker_within_a_second(
    live_setup: LiveSetup,
) -> None:
    """The secretary's roll follows the stream: a member's check-in from a phone and the
    secretary's marks arrive as `attendance` events, without polling."""
    first, last = live_setup.workers[0], live_setup.workers[-1]
    meeting_id = live_setup.meeting_id
    meeting = f"/api/v1/meetings/{meeting_id}"
    me = live_setup.member_ids[seed.DEMO_ACCOUNT_MEMBERS["dangvien.noivu"]]
    an = live_setup.member_ids["Nguyễn Văn An"]
    async with (
        httpx.AsyncClient(base_url=first.base_url, timeout=10) as http_a,
        httpx.AsyncClient(base_url=last.base_url, timeout=10) as http_b,
    ):
        secretary_a = await login(http_a, "bithu.noivu")
        secretary = await login(http_b, "bithu.noivu")
        member = await login(http_b, "dangvien.noivu")
        code = (await http_b.get(f"{meeting}/check-in-code", headers=secretary)).json()["code"]
        latencies: dict[str, float] = {}

        async def attendance_after(
            name: str, change: Callable[[], Awaitable[httpx.Response]], whose: list[int]
        ) -> httpx.Response:
            sent = time.perf_counter()
            response = await change()
            assert response.status_code == 200, response.text
            event = await follower.next(lambda r: r.kind == "attendance", within=5)
            # Whose row changed: a member's phone re-reads the roll only for its own.
            assert event.data == {"meeting_id": meeting_id, "member_ids": whose}
            latencies[name] = event.at - sent
            return response

        async with Follower(first.base_url, secretary_a, meeting_id) as follower:
            await follower.following()
            await attendance_after(
                "clear",
                lambda: http_b.put(
                    f"{meeting}/attendance/{me}", headers=secretary, json={"status": None}
                ),
                [me],
            )
            response = await attendance_after(
                "check-in",
                lambda: http_b.post(f"{meeting}/check-in", headers=member, json={"code": code}),
                [me],
            )
            assert response.json()["checkin_method"] == "self"
            await attendance_after(
                "mark",
                lambda: http_b.put(
                    f"{meeting}/attendance/{an}", headers=secretary, json={"status": "late"}
                ),
                [an],
            )
            await attendance_after(
                "mark back",
                lambda: http_b.post(
                    f"{meeting}/attendance/bulk",
                    headers=secretary,
                    json={"entries": [{"member_id": an, "status": "present"}]},
                ),
                [an],
            )
            # What the roll says once told: the check-in is there.
            roll = (await http_a.get(f"{meeting}/attendance", headers=secretary_a)).json()
            mine = next(r for r in roll["rows"] if r["member_id"] == me)
            assert mine["status"] in ("present", "late") and mine["checkin_method"] == "self"
            # Checking in twice changes nothing, and says nothing; a refused mark neither.
            response = await http_b.post(f"{meeting}/check-in", headers=member, json={"code": code})
            assert response.status_code == 200
            response = await http_b.put(
                f"{meeting}/attendance/{an}", headers=secretary, json={"status": "excused"}
            )
            assert response.status_code == 422
            with pytest.raises(TimeoutError):
                await follower.next(lambda r: r.kind == "attendance", within=1.5)
    report = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in latencies.items())
    print(f"\nroll latency over {WORKERS} worker(s) on {DATABASE_KIND}: {report}")
    assert max(latencies.values()) < LATENCY_LIMIT, report


@pytest.mark.postgres_only
async def test_followers_survive_a_lost_listener_connection(live_setup: LiveSetup) -> None:
    """The database drops the workers' LISTEN connections: a change made meanwhile still
    reaches the follower (it re-reads once its worker listens again), and later changes
    arrive within a second again."""
    first, last = live_setup.workers[0], live_setup.workers[-1]
    meeting_id = live_setup.meeting_id
    speakers = f"/api/v1/meetings/{meeting_id}/speakers"
    hai = live_setup.member_ids["Phan Đình Hải"]
    async with (
        httpx.AsyncClient(base_url=first.base_url, timeout=10) as http_a,
        httpx.AsyncClient(base_url=last.base_url, timeout=10) as http_b,
    ):
        member = await login(http_a, "dangvien.noivu")
        secretary = await login(http_b, "bithu.noivu")
        async with Follower(first.base_url, member, meeting_id) as follower:
            await follower.following()
            dropped = await listeners(live_setup.database_url, terminate=True)
            assert dropped
            # Change the queue while nobody listens (the workers wait a little to reconnect).
            for _ in range(500):
                if not (await listeners(live_setup.database_url)) & dropped:
                    break
                await asyncio.sleep(0.01)
            response, meanwhile = await timed(
                follower,
                lambda: http_b.post(speakers, headers=secretary, json={"member_id": hai}),
                lambda s: [q["member_id"] for q in s["queue"]] == [hai],
                within=10,
            )
            deadline = time.monotonic() + 10
            while not (await listeners(live_setup.database_url)) - dropped:
                assert time.monotonic() < deadline, "the worker did not listen again"
                await asyncio.sleep(0.1)
            speech = response.json()["id"]
            _, after = await timed(
                follower,
                lambda: http_b.post(f"{speakers}/{speech}/withdraw", headers=secretary),
                lambda s: s["queue"] == [],
            )
    print(f"\nlost listener: {meanwhile * 1000:.0f} ms, then {after * 1000:.0f} ms")
    assert after < LATENCY_LIMIT


async def listeners(database_url: str, *, terminate: bool = False) -> set[int]:
    """Process ids of the app workers' LISTEN connections (ended first, if asked)."""
    import asyncpg

    url = make_url(database_url)
    connection = await asyncpg.connect(**url.translate_connect_args(username="user"), timeout=5)
    try:
        rows = await connection.fetch(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND application_name = $1",
            LISTENER_APPLICATION_NAME,
        )
        pids = {row["pid"] for row in rows}
        if terminate:
            for pid in pids:
                await connection.execute("SELECT pg_terminate_backend($1)", pid)
    finally:
        await connection.close()
    return pids


async def test_a_worker_shutting_down_ends_its_streams(live_setup: LiveSetup) -> None:
    """uvicorn waits for open responses before it stops: the streams must end by themselves."""
    worker = start_worker(live_setup.database_url, live_setup.log_dir, "shutdown")
    live_setup.extra.append(worker)
    await wait_ready(worker)
    async with httpx.AsyncClient(base_url=worker.base_url, timeout=10) as http:
        member = await login(http, "dangvien.noivu")
    async with Follower(worker.base_url, member, live_setup.meeting_id) as follower:
        await follower.following()
        stopping = time.perf_counter()
        worker.process.send_signal(signal.SIGTERM)
        closing = await follower.next(lambda r: r.kind == "closing", within=5)
        assert closing.data == {"reason": "server_shutdown"}
        await asyncio.wait_for(follower.ended.wait(), 5)
        code = await asyncio.to_thread(worker.process.wait, 10)
        took = time.perf_counter() - stopping
    # uvicorn re-raises the signal once it has shut down gracefully.
    assert code in (0, -signal.SIGTERM), worker.output()
    assert took < 5, f"shutdown took {took:.1f} s"


async def test_a_stream_outside_scope_is_refused(live_setup: LiveSetup) -> None:
    worker = live_setup.workers[0]
    async with httpx.AsyncClient(base_url=worker.base_url, timeout=10) as http:
        outsider = await login(http, "bithu.tongiao")
        url = f"/api/v1/meetings/{live_setup.meeting_id}/live"
        assert (await http.get(url, headers=outsider)).status_code == 404
        assert (await http.get(url)).status_code == 401


# -- the event stream and the notifications, in process ---------------------------------------


@pytest.fixture
async def broadcaster() -> AsyncIterator[LiveBroadcaster]:
    engine = create_engine("sqlite+aiosqlite://")
    live = LiveBroadcaster(engine)
    await live.start()
    try:
        yield live
    finally:
        await live.stop()
        await engine.dispose()


async def test_event_stream_keeps_alive_merges_bursts_and_ends_on_shutdown(
    broadcaster: LiveBroadcaster,
) -> None:
    reads = 0
    state: dict[str, Any] = {"meeting_id": 7, "queue": [], "server_time": "t0"}

    async def read_state() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        return {**state, "server_time": f"t{reads}"}

    stream = event_stream(broadcaster, 7, dict(state), read_state, keepalive=0.3)
    assert await anext(stream) == "retry: 2000\n\n"
    assert (await anext(stream)).startswith("event: speakers\n")
    assert await anext(stream) == ": live\n\n"
    assert broadcaster.subscriber_count(7) == 1
    # The re-read after subscribing finds nothing new (the clock does not count): quiet, then
    # a keep-alive comment.
    assert await asyncio.wait_for(anext(stream), 2) == ": keep-alive\n\n"
    assert reads == 1
    # A burst of changes: one re-read, one event.
    state["queue"] = [{"id": 1}]
    for _ in range(5):
        broadcaster.publish(7)
    broadcaster.publish(8)  # another meeting
    event = await asyncio.wait_for(anext(stream), 2)
    assert event.startswith("event: speakers\n") and '"queue":[{"id":1}]' in event
    assert reads == 2
    # Shutdown: a last event, then the end.
    broadcaster.begin_closing()
    assert (await asyncio.wait_for(anext(stream), 2)).startswith("event: closing\n")
    with pytest.raises(StopAsyncIteration):
        await anext(stream)
    assert broadcaster.subscriber_count() == 0


async def test_event_stream_passes_changes_of_the_roll_on(broadcaster: LiveBroadcaster) -> None:
    """A change of the roll is an `attendance` event, without re-reading the speakers."""
    reads = 0

    async def read_state() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        return {"meeting_id": 7, "queue": []}

    stream = event_stream(broadcaster, 7, {"meeting_id": 7, "queue": []}, read_state)
    for _ in range(3):  # retry, the state, ": live"
        await anext(stream)
    # The catch-up re-read of the speakers (nothing new), then the change of the roll.
    broadcaster.publish(7, Topic.attendance, [5])
    event = await asyncio.wait_for(anext(stream), 2)
    assert event == 'event: attendance\ndata: {"meeting_id":7,"member_ids":[5]}\n\n'
    assert reads == 1
    # A burst: one event for all the rows, no re-read.
    for member_id in (9, 3, 9):
        broadcaster.publish(7, Topic.attendance, [member_id])
    event = await asyncio.wait_for(anext(stream), 2)
    assert event == 'event: attendance\ndata: {"meeting_id":7,"member_ids":[3,9]}\n\n'
    assert reads == 1
    # Someone's row, and rows unknown: anyone's.
    broadcaster.publish(7, Topic.attendance, [3])
    broadcaster.publish(7, Topic.attendance)
    event = await asyncio.wait_for(anext(stream), 2)
    assert event == 'event: attendance\ndata: {"meeting_id":7,"member_ids":null}\n\n'
    # Both at once: the speakers are re-read too (nothing new here: no speakers event).
    broadcaster.publish(7, Topic.attendance, [])
    broadcaster.publish(7, Topic.speakers)
    event = await asyncio.wait_for(anext(stream), 2)
    assert event == 'event: attendance\ndata: {"meeting_id":7,"member_ids":[]}\n\n'
    assert reads == 2
    broadcaster.begin_closing()
    assert (await asyncio.wait_for(anext(stream), 2)).startswith("event: closing\n")


def test_notification_payloads() -> None:
    changes = [
        Change(12, Topic.speakers),
        Change(12, Topic.attendance),
        Change(12, Topic.attendance, frozenset({4, 31})),
    ]
    assert [c.payload() for c in changes] == ["12", "12:attendance", "12:attendance:4,31"]
    assert [parse_payload(c.payload()) for c in changes] == changes
    many = Change(12, Topic.attendance, frozenset(range(10**6, 10**6 + 2000)))
    assert many.payload() == "12:attendance"  # too long for NOTIFY: anyone's row
    for wrong in ("12:other", "x", "12:attendance:a"):
        assert parse_payload(wrong) is None


async def test_event_stream_ends_when_the_meeting_leaves_view(
    broadcaster: LiveBroadcaster,
) -> None:
    async def gone() -> None:
        return None

    stream = event_stream(broadcaster, 7, {"meeting_id": 7}, gone)
    chunks = [chunk async for chunk in stream]
    assert chunks[-1] == ": live\n\n" and len(chunks) == 3
    assert broadcaster.subscriber_count() == 0


async def test_notifications_wait_for_the_commit(broadcaster: LiveBroadcaster) -> None:
    """Followers are told after the commit, never for a rolled back change (the in-process
    path; on PostgreSQL, NOTIFY itself is transactional)."""
    engine = create_engine("sqlite+aiosqlite://")
    try:
        async with broadcaster.subscribe(7) as subscription, AsyncSession(engine) as session:
            await session.execute(text("SELECT 1"))
            await notify_change(session, 7)
            await notify_change(session, 7)
            assert await subscription.wait(0.1) is Wake.idle
            await session.rollback()
            assert await subscription.wait(0.1) is Wake.idle

            await session.execute(text("SELECT 1"))
            await notify_change(session, 7)
            assert await subscription.wait(0.1) is Wake.idle
            await session.commit()
            assert await subscription.wait(0.1) is Wake.changed
            assert subscription.take_changes() == ({Topic.speakers}, frozenset())

            await session.execute(text("SELECT 1"))
            await notify_change(session, 7, Topic.attendance, member_ids=[4])
            await notify_change(session, 7, Topic.attendance, member_ids=[4])
            await notify_change(session, 7, Topic.attendance, member_ids=[5])
            await session.commit()
            assert await subscription.wait(0.1) is Wake.changed
            assert subscription.take_changes() == ({Topic.attendance}, frozenset({4, 5}))
    finally:
        await engine.dispose()
