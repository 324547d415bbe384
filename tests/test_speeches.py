"""Speeches and the list of speakers: the queue through the API (with the clock moved to get
exact speaking times), the rules and their error codes, and the figures computed from the roll
and the speeches, checked against values worked out by hand."""

import json
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import Attendance, AttendanceStatus, BaseExclusion
from chibo.audit.models import AuditEntry
from chibo.core import clock
from chibo.core.clock import travel, utcnow
from chibo.demo import seed
from chibo.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus, MeetingType
from chibo.members.models import Exemption, Member, MemberState, TemporaryTransfer
from chibo.speeches.models import Speech, SpeechKind, SpeechState
from tests.factories import make_meeting
from tests.helpers import error_code, member_named, unit_id

Login = Callable[..., Awaitable[dict[str, str]]]
API = "/api/v1"

SECRETARY = seed.SECRETARIES[seed.CELL_NOI_VU]  # Lê Văn Thắng, account bithu.noivu
MEMBER = seed.DEMO_ACCOUNT_MEMBERS["dangvien.noivu"]  # Đinh Thị Hoài Thu
AN = "Nguyễn Văn An"
HA = "Nguyễn Thị Thu Hà"
HAI = "Phan Đình Hải"
HOA = "Trần Văn Hòa"
HUONG = "Lê Thị Hương"
LUC = "Dương Văn Lực"


async def running_meeting(
    session: AsyncSession,
    roll: dict[str, AttendanceStatus],
    *,
    status: MeetingStatus = MeetingStatus.in_progress,
    start: datetime | None = None,
    unit_code: str = seed.CELL_NOI_VU,
) -> Meeting:
    """A meeting of Chi bộ Nội vụ (extraordinary: never in the way of the one regular meeting
    a month) with the given roll."""
    meeting = await make_meeting(
        session, unit_code, status=status, meeting_type=MeetingType.extraordinary, start=start
    )
    for name, attendance in roll.items():
        member = await member_named(session, name)
        session.add(Attendance(meeting_id=meeting.id, member_id=member.id, status=attendance))
    await session.flush()
    return meeting


async def mid(session: AsyncSession, name: str) -> int:
    return (await member_named(session, name)).id


def speakers(meeting: Meeting) -> str:
    return f"{API}/meetings/{meeting.id}/speakers"


def queue_names(state: dict[str, Any]) -> list[str]:
    return [s["member_name"] for s in state["queue"]]


def sse_events(text: str) -> list[tuple[str, Any]]:
    events = []
    for block in text.split("\n\n"):
        lines = [line for line in block.split("\n") if line and not line.startswith(":")]
        fields = dict(line.split(": ", 1) for line in lines if ": " in line)
        if "event" in fields:
            events.append((fields["event"], json.loads(fields["data"])))
    return events


@pytest.fixture
def still_clock() -> Iterator[datetime]:
    """The clock stands still but for `travel`, so that speaking times are exact however long
    the requests take."""
    with clock.stopped() as now:
        yield now


# -- the queue ---------------------------------------------------------------------------------


async def test_queue_walk_through(
    client: httpx.AsyncClient, session: AsyncSession, login: Login, still_clock: datetime
) -> None:
    present = AttendanceStatus.present
    meeting = await running_meeting(
        session, {SECRETARY: present, MEMBER: present, AN: AttendanceStatus.late}
    )
    await session.commit()
    secretary, member = await login("bithu.noivu"), await login("dangvien.noivu")
    url = speakers(meeting)

    # A member asks from a phone (for themselves); twice is refused while waiting.
    asked = await client.post(url, headers=member)
    assert asked.status_code == 201, asked.text
    thu = asked.json()
    assert (thu["member_name"], thu["state"], thu["requested_by_self"]) == (
        MEMBER,
        "waiting",
        True,
    )
    again = await client.post(url, headers=member, json={"kind": "question"})
    assert again.status_code == 409 and error_code(again) == "already_waiting"

    # The secretary puts someone present (late counts) in the queue.
    added = await client.post(url, headers=secretary, json={"member_id": await mid(session, AN)})
    assert added.status_code == 201, added.text
    an = added.json()
    assert an["requested_by_self"] is False
    state = (await client.get(url, headers=member)).json()
    assert queue_names(state) == [MEMBER, AN] and state["current"] is None

    # The secretary orders the queue.
    ordered = await client.post(
        f"{url}/order", headers=secretary, json={"speech_ids": [an["id"], thu["id"]]}
    )
    assert ordered.status_code == 200, ordered.text
    assert queue_names(ordered.json()) == [AN, MEMBER]

    # An speaks 90 s, pauses 30 s (not counted), speaks 45 s more: 135 s.
    started = await client.post(f"{url}/{an['id']}/start", headers=secretary)
    assert started.status_code == 200, started.text
    current = started.json()["current"]
    assert current["member_name"] == AN and current["state"] == "speaking"
    assert queue_names(started.json()) == [MEMBER]
    busy = await client.post(f"{url}/{thu['id']}/start", headers=secretary)
    assert busy.status_code == 409 and error_code(busy) == "someone_speaking"
    with travel(timedelta(seconds=90)):
        paused = await client.post(f"{url}/{an['id']}/pause", headers=secretary)
        assert paused.status_code == 200, paused.text
        assert paused.json()["current"]["state"] == "paused"
        assert paused.json()["current"]["spoken_seconds"] == 90
        with travel(timedelta(seconds=30)):
            # Paused still holds the floor.
            still = await client.post(f"{url}/{thu['id']}/start", headers=secretary)
            assert error_code(still) == "someone_speaking"
            resumed = await client.post(f"{url}/{an['id']}/resume", headers=secretary)
            assert resumed.json()["current"]["state"] == "speaking"
            with travel(timedelta(seconds=45)):
                live = (await client.get(url, headers=member)).json()
                assert live["current"]["elapsed_seconds"] == 135
                ended = await client.post(f"{url}/{an['id']}/end", headers=secretary)
                assert ended.status_code == 200, ended.text
    state = ended.json()
    assert state["current"] is None
    [done] = state["finished"]
    assert (done["member_name"], done["state"], done["spoken_seconds"]) == (AN, "done", 135)
    begin = datetime.fromisoformat(done["begin_time"])
    end = datetime.fromisoformat(done["end_time"])
    assert (begin, end) == (still_clock, still_clock + timedelta(seconds=165))  # the pause too

    # Later, Thu speaks 60 s; the secretary gives the floor to himself, ending her speech.
    with travel(timedelta(minutes=5)):
        await client.post(f"{url}/{thu['id']}/start", headers=secretary)
        mine = await client.post(url, headers=secretary, json={"kind": "answer"})
        assert mine.status_code == 201 and mine.json()["member_name"] == SECRETARY
        with travel(timedelta(seconds=60)):
            switched = await client.post(
                f"{url}/{mine.json()['id']}/start", headers=secretary, json={"end_current": True}
            )
            assert switched.status_code == 200, switched.text
            with travel(timedelta(seconds=20)):
                await client.post(f"{url}/{mine.json()['id']}/end", headers=secretary)
    state = (await client.get(url, headers=secretary)).json()
    assert [(s["member_name"], s["spoken_seconds"]) for s in state["finished"]] == [
        (AN, 135),
        (MEMBER, 60),
        (SECRETARY, 20),
    ]

    # A member withdraws their own request, not someone else's.
    again = await client.post(url, headers=member)
    assert again.status_code == 201
    other = await client.post(url, headers=secretary, json={"member_id": await mid(session, AN)})
    refused = await client.post(f"{url}/{other.json()['id']}/withdraw", headers=member)
    assert refused.status_code == 403
    withdrawn = await client.post(f"{url}/{again.json()['id']}/withdraw", headers=member)
    assert withdrawn.status_code == 200, withdrawn.text
    assert queue_names(withdrawn.json()) == [AN]

    # The secretary records what was said.
    agenda = AgendaItem(
        meeting_id=meeting.id,
        position=1,
        title="Tự phê bình và phê bình",
        kind=AgendaItemKind.ideology,
    )
    session.add(agenda)
    await session.commit()
    patched = await client.patch(
        f"{url}/{an['id']}",
        headers=secretary,
        json={
            "version": done["version"],
            "agenda_item_id": agenda.id,
            "kind": "self_criticism",
            "summary": "Nhận khuyết điểm chậm tiến độ báo cáo quý.",
            "quality": 4,
        },
    )
    assert patched.status_code == 200, patched.text
    record = patched.json()
    assert (record["kind"], record["quality"], record["agenda_item_id"]) == (
        "self_criticism",
        4,
        agenda.id,
    )
    assert patched.headers["etag"] == f'W/"{record["version"]}"'
    stale = await client.patch(
        f"{url}/{an['id']}", headers=secretary, json={"version": done["version"], "quality": 5}
    )
    assert stale.status_code == 409 and error_code(stale) == "stale_version"

    # Members see the quality mark on their own speeches only.
    seen = (await client.get(url, headers=member)).json()
    assert [s["quality"] for s in seen["finished"] if s["member_name"] == AN] == [None]

    # Every change is audited.
    actions = (
        await session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.entity_type == "speeches",
                AuditEntry.entity_id == str(an["id"]),
            )
        )
    ).all()
    assert set(actions) >= {
        "speech.request",
        "speech.start",
        "speech.pause",
        "speech.resume",
        "speech.end",
        "speech.update",
    }

    # The live snapshot is the same state, as an event stream.
    snapshot = await client.get(f"{API}/meetings/{meeting.id}/live?once=true", headers=member)
    assert snapshot.status_code == 200
    assert snapshot.headers["content-type"].startswith("text/event-stream")
    [(name, data)] = sse_events(snapshot.text)
    listed = (await client.get(url, headers=member)).json()
    assert name == "speakers"
    assert {**data, "server_time": None} == {**listed, "server_time": None}


async def test_speeches_only_by_members_present(
    client: httpx.AsyncClient, session: AsyncSession, login: Login
) -> None:
    meeting = await running_meeting(
        session,
        {
            SECRETARY: AttendanceStatus.present,
            AN: AttendanceStatus.excused,
            HA: AttendanceStatus.unexcused,
        },
    )
    await session.commit()
    secretary, member = await login("bithu.noivu"), await login("dangvien.noivu")
    url = speakers(meeting)
    for name in (AN, HA, HAI):  # excused, unexcused, not on the roll
        response = await client.post(
            url, headers=secretary, json={"member_id": await mid(session, name)}
        )
        assert response.status_code == 422, response.text
        assert error_code(response) == "speaker_not_present"
    # The member of the account is not on this roll either.
    response = await client.post(url, headers=member)
    assert error_code(response) == "speaker_not_present"
    # A member asks only for themselves.
    response = await client.post(url, headers=member, json={"member_id": await mid(session, AN)})
    assert response.status_code == 403
    # An account without a member record must say who.
    response = await client.post(url, headers=await login("dangbo.noivu"))
    assert error_code(response) == "member_required"
    # Nothing was written.
    count = await session.scalar(
        select(func.count(Speech.id)).where(Speech.meeting_id == meeting.id)
    )
    assert count == 0

    # Marked absent after asking: the speech cannot start.
    attendance = Attendance(
        meeting_id=meeting.id, member_id=await mid(session, HOA), status=AttendanceStatus.present
    )
    session.add(attendance)
    await session.commit()
    asked = await client.post(url, headers=secretary, json={"member_id": await mid(session, HOA)})
    assert asked.status_code == 201
    attendance.status = AttendanceStatus.excused
    await session.commit()
    start = await client.post(f"{url}/{asked.json()['id']}/start", headers=secretary)
    assert start.status_code == 422 and error_code(start) == "speaker_not_present"


async def test_queue_rules_and_bad_input(
    client: httpx.AsyncClient, session: AsyncSession, login: Login
) -> None:
    roll = {SECRETARY: AttendanceStatus.present, MEMBER: AttendanceStatus.present}
    meeting = await running_meeting(session, roll)
    other_meeting = await running_meeting(session, roll, start=datetime(2024, 3, 11, 1, tzinfo=UTC))
    foreign_item = AgendaItem(
        meeting_id=other_meeting.id, position=1, title="Khác", kind=AgendaItemKind.other
    )
    session.add(foreign_item)
    await session.commit()
    secretary, member = await login("bithu.noivu"), await login("dangvien.noivu")
    url = speakers(meeting)

    bad_item = await client.post(url, headers=member, json={"agenda_item_id": foreign_item.id})
    assert error_code(bad_item) == "agenda_item_not_in_meeting"
    thu = (await client.post(url, headers=member)).json()
    mine = (await client.post(url, headers=secretary)).json()

    # The member role runs nothing.
    for action in ("start", "pause", "resume", "end"):
        response = await client.post(f"{url}/{thu['id']}/{action}", headers=member)
        assert response.status_code == 403, (action, response.text)
    response = await client.post(
        f"{url}/order", headers=member, json={"speech_ids": [mine["id"], thu["id"]]}
    )
    assert response.status_code == 403
    response = await client.patch(f"{url}/{thu['id']}", headers=member, json={"version": 1})
    assert response.status_code == 403

    # The order names every waiting request, once.
    response = await client.post(
        f"{url}/order", headers=secretary, json={"speech_ids": [thu["id"]]}
    )
    assert response.status_code == 409 and error_code(response) == "queue_changed"
    assert sorted(response.json()["error"]["details"]["waiting"]) == sorted([thu["id"], mine["id"]])
    response = await client.post(
        f"{url}/order", headers=secretary, json={"speech_ids": [thu["id"], thu["id"], mine["id"]]}
    )
    assert error_code(response) == "duplicate_speech_ids"

    # Actions in the wrong state, on another meeting's speech, with bad values.
    assert error_code(await client.post(f"{url}/{thu['id']}/pause", headers=secretary)) == (
        "speech_wrong_state"
    )
    assert error_code(await client.post(f"{url}/{thu['id']}/end", headers=secretary)) == (
        "speech_wrong_state"
    )
    await client.post(f"{url}/{thu['id']}/start", headers=secretary)
    assert error_code(await client.post(f"{url}/{thu['id']}/start", headers=secretary)) == (
        "speech_wrong_state"
    )
    assert error_code(await client.post(f"{url}/{thu['id']}/withdraw", headers=member)) == (
        "speech_wrong_state"
    )
    response = await client.post(f"{speakers(other_meeting)}/{thu['id']}/end", headers=secretary)
    assert response.status_code == 404
    response = await client.patch(
        f"{url}/{thu['id']}", headers=secretary, json={"version": 1, "quality": 6}
    )
    assert response.status_code == 422 and error_code(response) == "validation_error"
    response = await client.patch(
        f"{url}/{thu['id']}", headers=secretary, json={"version": 1, "kind": None}
    )
    assert response.status_code == 422
    response = await client.patch(
        f"{url}/{thu['id']}", headers=secretary, json={"agenda_item_id": foreign_item.id}
    )
    assert error_code(response) == "validation_error"  # no version
    current = (await client.get(url, headers=secretary)).json()["current"]
    response = await client.patch(
        f"{url}/{thu['id']}",
        headers=secretary,
        json={"version": current["version"], "agenda_item_id": foreign_item.id},
    )
    assert error_code(response) == "agenda_item_not_in_meeting"
    await client.post(f"{url}/{thu['id']}/end", headers=secretary)

    # Another cell's secretary sees none of it.
    outsider = await login("bithu.tongiao")
    for method, path in (
        ("GET", url),
        ("POST", url),
        ("POST", f"{url}/{mine['id']}/start"),
        ("PATCH", f"{url}/{thu['id']}"),
        ("GET", f"{API}/meetings/{meeting.id}/live?once=true"),
        ("GET", f"{API}/meetings/{meeting.id}/speeches/figures"),
    ):
        body = {"version": 1} if method == "PATCH" else None
        response = await client.request(method, path, headers=outsider, json=body)
        assert response.status_code == 404, (method, path, response.text)


async def test_meeting_status_rules(
    client: httpx.AsyncClient, session: AsyncSession, login: Login
) -> None:
    roll = {SECRETARY: AttendanceStatus.present, MEMBER: AttendanceStatus.present}
    announced = await running_meeting(session, roll, status=MeetingStatus.announced)
    held = await running_meeting(
        session, roll, status=MeetingStatus.held, start=datetime(2024, 3, 11, 1, tzinfo=UTC)
    )
    final = await running_meeting(
        session,
        roll,
        status=MeetingStatus.minutes_final,
        start=datetime(2024, 3, 18, 1, tzinfo=UTC),
    )
    rows = {}
    for meeting in (held, final):
        rows[meeting.id] = speech = Speech(
            meeting_id=meeting.id,
            member_id=await mid(session, MEMBER),
            state=SpeechState.done,
            kind=SpeechKind.contribution,
            weight=1,
            requested_at=meeting.planned_start,
            begin_time=meeting.planned_start,
            end_time=meeting.planned_start + timedelta(minutes=2),
            spoken_seconds=120,
        )
        session.add(speech)
    await session.commit()
    secretary, member = await login("bithu.noivu"), await login("dangvien.noivu")

    # The queue runs only while the meeting is in progress.
    for meeting in (announced, held):
        response = await client.post(speakers(meeting), headers=member)
        assert response.status_code == 409 and error_code(response) == "meeting_wrong_status"
    response = await client.post(f"{speakers(held)}/{rows[held.id].id}/start", headers=secretary)
    assert error_code(response) == "meeting_wrong_status"
    response = await client.post(speakers(final), headers=secretary)
    assert error_code(response) == "meeting_locked"

    # The record may be completed after the meeting, until the minutes are final.
    response = await client.patch(
        f"{speakers(held)}/{rows[held.id].id}",
        headers=secretary,
        json={"version": 1, "summary": "Đề xuất cải tiến quy trình.", "kind": "proposal"},
    )
    assert response.status_code == 200, response.text
    response = await client.patch(
        f"{speakers(final)}/{rows[final.id].id}",
        headers=secretary,
        json={"version": 1, "summary": "Sửa sau khi đã chốt."},
    )
    assert response.status_code == 409 and error_code(response) == "meeting_locked"


# -- figures -----------------------------------------------------------------------------------


def done_speech(
    meeting: Meeting, member_id: int, seconds: int, kind: SpeechKind, offset_minutes: int
) -> Speech:
    begin = meeting.planned_start + timedelta(minutes=offset_minutes)
    return Speech(
        meeting_id=meeting.id,
        member_id=member_id,
        kind=kind,
        state=SpeechState.done,
        weight=offset_minutes,
        requested_at=begin - timedelta(minutes=1),
        begin_time=begin,
        end_time=begin + timedelta(seconds=seconds),
        spoken_seconds=seconds,
    )


async def test_meeting_and_member_figures_match_hand_computed(
    client: httpx.AsyncClient, session: AsyncSession, login: Login
) -> None:
    march = datetime(2019, 3, 4, 1, tzinfo=UTC)
    april = datetime(2019, 4, 1, 1, tzinfo=UTC)
    roll = {
        AN: AttendanceStatus.present,
        HA: AttendanceStatus.present,
        HAI: AttendanceStatus.present,
        HOA: AttendanceStatus.late,
        HUONG: AttendanceStatus.excused,
        LUC: AttendanceStatus.unexcused,
    }
    meeting = await running_meeting(session, roll, status=MeetingStatus.held, start=march)
    # The exempt member came anyway; the member attending temporarily from Ban Tôn giáo too.
    exempt = await mid(session, seed.EXEMPT_MEMBER)
    guest = await mid(session, seed.TEMPORARILY_TRANSFERRED_MEMBER)
    session.add_all(
        [
            Attendance(
                meeting_id=meeting.id,
                member_id=exempt,
                status=AttendanceStatus.present,
                excluded_from_base=BaseExclusion.exempt,
            ),
            Attendance(
                meeting_id=meeting.id,
                member_id=guest,
                status=AttendanceStatus.present,
                temporary_guest=True,
            ),
        ]
    )
    an, hoa, luc = await mid(session, AN), await mid(session, HOA), await mid(session, LUC)
    k = SpeechKind
    session.add_all(
        [
            done_speech(meeting, an, 120, k.contribution, 10),
            done_speech(meeting, guest, 90, k.criticism, 20),
            done_speech(meeting, an, 60, k.self_criticism, 30),
            done_speech(meeting, exempt, 30, k.self_criticism, 40),
            done_speech(meeting, hoa, 45, k.question, 50),
            # Not counted: withdrawn, still waiting; and a speech recorded for someone since
            # marked absent (counted as a speaker, not as an attendee who spoke).
            Speech(
                meeting_id=meeting.id,
                member_id=await mid(session, HA),
                state=SpeechState.withdrawn,
                weight=60,
                requested_at=march,
            ),
            Speech(
                meeting_id=meeting.id,
                member_id=await mid(session, HAI),
                state=SpeechState.waiting,
                weight=61,
                requested_at=march,
            ),
            done_speech(meeting, luc, 15, k.answer, 70),
        ]
    )
    # April: An attends and speaks once more; Hòa is excused.
    second = await running_meeting(
        session,
        {AN: AttendanceStatus.present, HOA: AttendanceStatus.excused},
        status=MeetingStatus.minutes_final,
        start=april,
    )
    session.add(done_speech(second, an, 75, k.proposal, 5))
    # Cancelled meetings do not count, even with a roll.
    cancelled = await running_meeting(
        session,
        {AN: AttendanceStatus.present},
        status=MeetingStatus.cancelled,
        start=datetime(2019, 4, 15, 1, tzinfo=UTC),
    )
    assert cancelled.status is MeetingStatus.cancelled
    await session.commit()
    secretary = await login("bithu.noivu")

    response = await client.get(f"{API}/meetings/{meeting.id}/speeches/figures", headers=secretary)
    assert response.status_code == 200, response.text
    figures = response.json()
    # Attendees: An, Hà, Hải, Hòa (late), the exempt member, the guest = 6 (excused and
    # unexcused are absent). Speakers: An, guest, exempt, Hòa, Lực = 5; of them attendees: 4.
    assert figures["attendees"] == 6
    assert figures["speakers"] == 5
    assert figures["attendees_who_spoke"] == 4
    assert figures["share_of_attendees_who_spoke"] == round(4 / 6, 4)
    assert figures["speeches"] == 6
    assert figures["total_seconds"] == 120 + 90 + 60 + 30 + 45 + 15
    assert figures["self_criticism_count"] == 2
    assert figures["criticism_count"] == 1
    assert figures["by_kind"] == {
        "contribution": 1,
        "proposal": 0,
        "report": 0,
        "question": 1,
        "answer": 1,
        "self_criticism": 2,
        "criticism": 1,
    }
    assert [
        (s["member_id"], s["speeches"], s["seconds"], s["attended"]) for s in figures["per_speaker"]
    ] == [
        (an, 2, 180, True),
        (guest, 1, 90, True),
        (hoa, 1, 45, True),
        (exempt, 1, 30, True),
        (luc, 1, 15, False),
    ]

    # Per member over a period (Vietnam dates, both ends included).
    member_url = f"{API}/members/{an}/speeches"
    whole = await client.get(
        member_url, headers=secretary, params={"from": "2019-03-01", "to": "2019-04-30"}
    )
    assert whole.status_code == 200, whole.text
    body = whole.json()
    assert (body["meetings_attended"], body["speeches"], body["total_seconds"]) == (2, 3, 255)
    assert body["self_criticism_count"] == 1
    assert [(s["meeting_id"], s["seconds"], s["kind"]) for s in body["items"]] == [
        (meeting.id, 120, "contribution"),
        (meeting.id, 60, "self_criticism"),
        (second.id, 75, "proposal"),
    ]
    march_only = (
        await client.get(
            member_url, headers=secretary, params={"from": "2019-03-01", "to": "2019-03-31"}
        )
    ).json()
    assert (march_only["meetings_attended"], march_only["speeches"]) == (1, 2)
    assert march_only["total_seconds"] == 180
    # 08:00 on 1 April in Hà Tĩnh is still 1 April: the "to" day is included.
    april_first = (
        await client.get(
            member_url, headers=secretary, params={"from": "2019-04-01", "to": "2019-04-01"}
        )
    ).json()
    assert (april_first["meetings_attended"], april_first["total_seconds"]) == (1, 75)
    paged = (
        await client.get(
            member_url,
            headers=secretary,
            params={"from": "2019-03-01", "to": "2019-04-30", "limit": 2},
        )
    ).json()
    assert len(paged["items"]) == 2 and paged["next_cursor"]
    rest = (
        await client.get(
            member_url,
            headers=secretary,
            params={"from": "2019-03-01", "to": "2019-04-30", "cursor": paged["next_cursor"]},
        )
    ).json()
    assert [s["seconds"] for s in rest["items"]] == [75] and rest["next_cursor"] is None
    hoa_body = (
        await client.get(
            f"{API}/members/{hoa}/speeches",
            headers=secretary,
            params={"from": "2019-03-01", "to": "2019-04-30"},
        )
    ).json()
    assert (hoa_body["meetings_attended"], hoa_body["speeches"]) == (1, 1)

    backwards = await client.get(
        member_url, headers=secretary, params={"from": "2019-04-30", "to": "2019-03-01"}
    )
    assert backwards.status_code == 422 and error_code(backwards) == "period_end_before_start"
    # A member sees their own figures only; another base committee sees nothing.
    member = await login("dangvien.noivu")
    own = await client.get(f"{API}/members/{await mid(session, MEMBER)}/speeches", headers=member)
    assert own.status_code == 200
    assert (await client.get(member_url, headers=member)).status_code == 403
    assert (await client.get(member_url, headers=await login("bithu.taichinh"))).status_code == 404
    assert (
        await client.get(
            f"{API}/meetings/{meeting.id}/speeches/figures", headers=await login("bithu.taichinh")
        )
    ).status_code == 404


async def test_figures_of_a_meeting_without_speeches(
    client: httpx.AsyncClient, session: AsyncSession, login: Login
) -> None:
    meeting = await running_meeting(session, {})
    await session.commit()
    figures = (
        await client.get(
            f"{API}/meetings/{meeting.id}/speeches/figures", headers=await login("dangvien.noivu")
        )
    ).json()
    assert figures["attendees"] == 0 and figures["share_of_attendees_who_spoke"] is None
    assert figures["total_seconds"] == 0 and figures["per_speaker"] == []


async def test_silent_members(
    client: httpx.AsyncClient, session: AsyncSession, login: Login
) -> None:
    """A fresh cell, so that no other meeting of the demo data weighs in."""
    committee = await login("dangbo.noivu")
    cell = await client.post(
        f"{API}/units",
        headers=committee,
        json={
            "parent_id": await unit_id(session, seed.BASE_CODE),
            "kind": "cell",
            "name": "Chi bộ Thử nghiệm",
            "code": "CB-TN",
        },
    )
    assert cell.status_code == 201, cell.text
    cell_id = cell.json()["id"]
    ids: dict[str, int] = {}
    for name in ("Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Tám"):
        created = await client.post(
            f"{API}/members",
            headers=committee,
            json={"unit_id": cell_id, "full_name": f"Nguyễn Văn {name}", "status": "official"},
        )
        assert created.status_code == 201, created.text
        ids[name] = created.json()["id"]
    # Bảy attends temporarily from Chi bộ Nội vụ.
    ids["Bảy"] = await mid(session, AN)
    session.add(
        TemporaryTransfer(
            member_id=ids["Bảy"],
            home_unit_id=await unit_id(session, seed.CELL_NOI_VU),
            host_unit_id=cell_id,
            start_date=date(2019, 1, 1),
        )
    )
    session.add(Exemption(member_id=ids["Sáu"], start_date=date(2019, 6, 1), reason="Ốm dài ngày"))
    await session.commit()

    present, excused = AttendanceStatus.present, AttendanceStatus.excused
    # K1…K4: the cell's held meetings, oldest first; rolls by member.
    rolls: dict[str, list[AttendanceStatus | None]] = {
        "Một": [present] * 4,  # spoke in K1 only
        "Hai": [present] * 4,  # spoke in K4
        "Ba": [present, present, None, None],  # two meetings only
        "Bốn": [present, present, excused, AttendanceStatus.late],  # never spoke
        "Năm": [present] * 4,  # withdrew in K4; spoke at a committee meeting
        "Sáu": [present, present, present, None],  # exempt today
        "Bảy": [None, present, present, present],  # attends temporarily, never spoke
        "Tám": [present] * 4,  # left the rolls
    }
    meetings = []
    for month in range(1, 5):
        meeting = await make_meeting(
            session,
            "CB-TN",
            status=MeetingStatus.minutes_final if month < 4 else MeetingStatus.held,
            start=datetime(2019, month, 4, 1, tzinfo=UTC),
        )
        meetings.append(meeting)
        for name, statuses in rolls.items():
            mark = statuses[month - 1]
            if mark is not None:
                session.add(Attendance(meeting_id=meeting.id, member_id=ids[name], status=mark))
    k1, _, _, k4 = meetings
    session.add_all(
        [
            done_speech(k1, ids["Một"], 60, SpeechKind.contribution, 5),
            done_speech(k4, ids["Hai"], 60, SpeechKind.contribution, 5),
            Speech(
                meeting_id=k4.id,
                member_id=ids["Năm"],
                state=SpeechState.withdrawn,
                weight=9,
                requested_at=k4.planned_start,
            ),
        ]
    )
    # Later meetings that do not count: a committee meeting, a cancelled one, one in progress.
    for status, kind, day in (
        (MeetingStatus.held, MeetingType.committee, 10),
        (MeetingStatus.cancelled, MeetingType.extraordinary, 11),
        (MeetingStatus.in_progress, MeetingType.extraordinary, 12),
    ):
        later = await make_meeting(
            session,
            "CB-TN",
            status=status,
            meeting_type=kind,
            start=datetime(2019, 5, day, 1, tzinfo=UTC),
        )
        for name in ("Một", "Năm", "Bốn"):
            session.add(Attendance(meeting_id=later.id, member_id=ids[name], status=present))
        if kind is MeetingType.committee:
            session.add(done_speech(later, ids["Năm"], 30, SpeechKind.report, 5))
    tam = await session.get(Member, ids["Tám"])
    assert tam is not None
    tam.state = MemberState.removed
    await session.commit()

    url = f"{API}/units/{cell_id}/silent-members"
    body = (await client.get(url, headers=committee)).json()
    assert body["last"] == 3
    found = {m["member_id"]: m for m in body["members"]}
    names = {v: k for k, v in ids.items()}
    assert sorted(names[i] for i in found) == sorted(["Một", "Bốn", "Năm", "Bảy"])
    assert datetime.fromisoformat(found[ids["Một"]]["last_spoke_at"]) == k1.planned_start + (
        timedelta(minutes=5)
    )
    assert found[ids["Bốn"]]["last_spoke_at"] is None
    assert datetime.fromisoformat(found[ids["Bốn"]]["last_attended_start"]) == k4.planned_start
    assert all(m["meetings_considered"] == 3 for m in body["members"])

    body = (await client.get(url, headers=committee, params={"last": 1})).json()
    assert sorted(names[m["member_id"]] for m in body["members"]) == sorted(
        ["Một", "Ba", "Bốn", "Năm", "Bảy"]
    )
    body = (await client.get(url, headers=committee, params={"last": 4})).json()
    # Một spoke in K1, within their last four; Bốn and Bảy attended only three.
    assert [names[m["member_id"]] for m in body["members"]] == ["Năm"]

    # The base committee's view covers this cell too.
    base = await unit_id(session, seed.BASE_CODE)
    body = (await client.get(f"{API}/units/{base}/silent-members", headers=committee)).json()
    assert {ids["Một"], ids["Bốn"], ids["Năm"]} <= {m["member_id"] for m in body["members"]}

    assert (await client.get(url, headers=committee, params={"last": 0})).status_code == 422
    noi_vu = await unit_id(session, seed.CELL_NOI_VU)
    member = await login("dangvien.noivu")
    response = await client.get(f"{API}/units/{noi_vu}/silent-members", headers=member)
    assert response.status_code == 403
    outsider = await login("bithu.noivu")
    assert (await client.get(url, headers=outsider)).status_code == 404


async def test_elapsed_time_runs_while_speaking(
    client: httpx.AsyncClient, session: AsyncSession, login: Login, still_clock: datetime
) -> None:
    meeting = await running_meeting(session, {SECRETARY: AttendanceStatus.present})
    await session.commit()
    secretary = await login("bithu.noivu")
    url = speakers(meeting)
    speech = (await client.post(url, headers=secretary)).json()
    started = (await client.post(f"{url}/{speech['id']}/start", headers=secretary)).json()
    assert started["current"]["elapsed_seconds"] == 0
    assert datetime.fromisoformat(started["current"]["segment_started_at"]) == utcnow()
    with travel(timedelta(minutes=3)):
        state = (await client.get(url, headers=secretary)).json()
    assert state["current"]["elapsed_seconds"] == 180
    assert state["current"]["spoken_seconds"] == 0
