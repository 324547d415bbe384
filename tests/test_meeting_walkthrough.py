"""A whole regular meeting through the API as the secretary of Chi bộ Nội vụ, from planning
to final minutes; then nobody outside the cell can read any part of it."""

from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.core.clock import travel, utcnow
from chibo.demo import seed
from tests.helpers import fresh_login, member_named, unit_id

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


async def test_a_regular_meeting_from_plan_to_final_minutes(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    secretary = await login("bithu.noivu")
    member = await login("dangvien.noivu")
    cell = await unit_id(session, seed.CELL_NOI_VU)
    chair = await member_named(session, seed.SECRETARIES[seed.CELL_NOI_VU])
    taker = await member_named(session, "Nguyễn Thị Thu Hà")
    me = await member_named(session, seed.DEMO_ACCOUNT_MEMBERS["dangvien.noivu"])
    start = (utcnow() + timedelta(days=3)).replace(hour=1, minute=0, second=0, microsecond=0)

    # Plan it: an extraordinary meeting, so that it never meets the demo's regular months.
    created = await client.post(
        "/api/v1/meetings",
        headers=secretary,
        json={
            "unit_id": cell,
            "meeting_type": "extraordinary",
            "planned_start": start.isoformat(),
            "location": "Phòng họp Sở",
            "chair_member_id": chair.id,
            "minute_taker_member_id": taker.id,
            "follower_name": "Đồng chí Ủy viên Ban Thường vụ",
        },
    )
    assert created.status_code == 201, created.text
    meeting = created.json()
    url = f"/api/v1/meetings/{meeting['id']}"

    uploaded = await client.post(
        f"{url}/documents",
        headers=secretary,
        files={"file": ("Dự thảo nghị quyết.pdf", PDF, "application/pdf")},
        data={"title": "Dự thảo nghị quyết", "kind": "draft_resolution"},
    )
    assert uploaded.status_code == 201, uploaded.text
    document = uploaded.json()
    sent = await client.post(f"{url}/documents/send", headers=secretary)
    assert sent.status_code == 200, sent.text
    content = await client.get(f"/api/v1/documents/{document['id']}/content", headers=member)
    assert content.status_code == 200 and content.content == PDF

    announced = await client.post(
        f"{url}/announce", headers=secretary, json={"version": meeting["version"]}
    )
    assert announced.status_code == 200, announced.text
    # The meeting is held on its day: the clock moves to a minute after the planned start,
    # then to after its end for closing it and making the minutes final.
    with travel(start + timedelta(minutes=1) - utcnow()):
        secretary, member = (
            await fresh_login(client, "bithu.noivu"),
            await fresh_login(client, "dangvien.noivu"),
        )
        started = await client.post(
            f"{url}/start",
            headers=secretary,
            json={"version": announced.json()["version"], "actual_start": start.isoformat()},
        )
        assert started.status_code == 200, started.text

        # Roll call: the member checks in with the code on the secretary's screen.
        code = (await client.get(f"{url}/check-in-code", headers=secretary)).json()["code"]
        checked = await client.post(f"{url}/check-in", headers=member, json={"code": code})
        assert checked.status_code == 200, checked.text
        roll = (await client.get(f"{url}/attendance", headers=secretary)).json()
        rows = [r for r in roll["rows"] if r["excluded_from_base"] is None and r["status"] is None]
        absent = rows[0]
        entries = [{"member_id": absent["member_id"], "status": "excused", "reason": "Đi công tác"}]
        entries += [{"member_id": r["member_id"], "status": "present"} for r in rows[1:]]
        marked = await client.post(
            f"{url}/attendance/bulk", headers=secretary, json={"entries": entries}
        )
        assert marked.status_code == 200, marked.text
        summary = (await client.get(f"{url}/attendance", headers=secretary)).json()["summary"]
        assert summary["excused"] == 1 and summary["unexcused"] == 0 and summary["not_marked"] == 0
        assert summary["present"] == summary["base"] - 1

        # Three speeches through the live queue: the member asks, the secretary adds two more.
        speakers = f"{url}/speakers"
        asked = await client.post(speakers, headers=member, json={"kind": "proposal"})
        assert asked.status_code == 201, asked.text
        others = [r["member_id"] for r in rows[1:] if r["member_id"] != me.id][:2]
        for member_id in others:
            added = await client.post(speakers, headers=secretary, json={"member_id": member_id})
            assert added.status_code == 201, added.text
        queue = (await client.get(speakers, headers=member)).json()["queue"]
        assert [s["member_id"] for s in queue] == [me.id, *others]
        order = [queue[2]["id"], queue[0]["id"], queue[1]["id"]]
        reordered = await client.post(
            f"{speakers}/order", headers=secretary, json={"speech_ids": order}
        )
        assert [s["id"] for s in reordered.json()["queue"]] == order
        for minutes, speech_id in zip((3, 4, 2), order, strict=True):
            begun = await client.post(f"{speakers}/{speech_id}/start", headers=secretary)
            assert begun.status_code == 200, begun.text
            assert begun.json()["current"]["id"] == speech_id
            with travel(timedelta(minutes=minutes)):
                ended = await client.post(f"{speakers}/{speech_id}/end", headers=secretary)
            assert ended.status_code == 200, ended.text
        state = (await client.get(speakers, headers=member)).json()
        assert state["current"] is None and state["queue"] == []
        assert [s["id"] for s in state["finished"]] == order
        figures = (await client.get(f"{url}/speeches/figures", headers=secretary)).json()
        assert figures["speakers"] == 3

        base = (await client.get(f"{url}/voting-base", headers=secretary)).json()["eligible"]
        vote = await client.post(
            f"{url}/votes",
            headers=secretary,
            json={
                "subject": "resolution",
                "title": "Nghị quyết tháng",
                "votes_for": base - 1,
                "votes_against": 0,
                "votes_abstain": 0,
            },
        )
        assert vote.status_code == 201, vote.text
        assert vote.json()["passed"] is True

    with travel(start + timedelta(minutes=101) - utcnow()):
        secretary, member = (
            await fresh_login(client, "bithu.noivu"),
            await fresh_login(client, "dangvien.noivu"),
        )
        ended = await client.post(
            f"{url}/end",
            headers=secretary,
            json={
                "version": (await client.get(url, headers=secretary)).json()["version"],
                "actual_end": (start + timedelta(minutes=100)).isoformat(),
            },
        )
        assert ended.status_code == 200, ended.text
        generated = await client.post(f"{url}/minutes/generate", headers=secretary, json={})
        assert generated.status_code in (200, 201), generated.text
        text = generated.json()["content"]
        assert chair.full_name in text and taker.full_name in text and me.full_name in text
        final = await client.post(
            f"{url}/minutes/finalize",
            headers=secretary,
            json={"version": generated.json()["version"]},
        )
        assert final.status_code == 200, final.text
    assert (await client.get(url, headers=member)).json()["status"] == "minutes_final"
    locked = await client.post(
        f"{url}/votes",
        headers=secretary,
        json={"subject": "other", "title": "Thêm", "votes_for": 1, "votes_against": 0},
    )
    assert locked.status_code == 409

    # Outside the cell, no part of it exists.
    for outsider in ("bithu.tongiao", "bithu.taichinh"):
        headers = await login(outsider)
        for path in (
            url,
            f"{url}/agenda",
            f"{url}/attendance",
            f"{url}/documents",
            f"{url}/speakers",
            f"{url}/speeches/figures",
            f"{url}/votes",
            f"{url}/minutes",
            f"{url}/resolutions",
            f"{url}/amendments",
            f"{url}/guests",
            f"{url}/voting-base",
            f"/api/v1/documents/{document['id']}",
            f"/api/v1/documents/{document['id']}/content",
            f"{url}/live?once=true",
        ):
            response = await client.get(path, headers=headers)
            assert response.status_code == 404, (outsider, path, response.status_code)
        asked = await client.post(speakers, headers=headers, json={})
        assert asked.status_code == 404
