"""Votes, minutes, resolutions, tasks (and their review) and thematic plans."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response, status

from chibo.auth.deps import CurrentPrincipal
from chibo.core.deps import SessionDep
from chibo.core.pagination import Page
from chibo.core.params import CursorParam, LimitParam
from chibo.core.versioning import etag
from chibo.meetings.norms import VoteThreshold
from chibo.minutes.models import Resolution, Task, TaskStatus, VoteKind
from chibo.minutes.repository import MinutesRepository
from chibo.minutes.schemas import (
    AmendmentRead,
    MinutesAmendmentCreate,
    MinutesFinalize,
    MinutesGenerate,
    MinutesRead,
    MinutesUpdate,
    QuorumInfo,
    ResolutionCreate,
    ResolutionRead,
    TaskCreate,
    TaskRead,
    TaskReviewRead,
    TaskReviewSubmit,
    TaskUpdate,
    ThematicPlanRead,
    ThresholdRead,
    TopicCreate,
    TopicRead,
    TopicUpdate,
    VoteCreate,
    VoteRead,
    VoteUpdate,
    VotingBaseRead,
)
from chibo.minutes.service import (
    MinutesService,
    ResolutionService,
    TaskReview,
    TaskService,
    VoteService,
)
from chibo.minutes.thematic import ThematicService

router = APIRouter(tags=["minutes"])
IfMatch = Annotated[str | None, Header(alias="If-Match")]
MEETING = "/meetings/{meeting_id}"


async def task_reads(session: SessionDep, tasks: list[Task]) -> list[TaskRead]:
    names = await MinutesRepository(session).member_names({t.owner_member_id for t in tasks})
    reads = []
    for task in tasks:
        read = TaskRead.model_validate(task)
        if task.owner_member_id is not None:
            read.owner_name = names.get(task.owner_member_id)
        reads.append(read)
    return reads


async def resolution_reads(
    session: SessionDep, resolutions: list[Resolution]
) -> list[ResolutionRead]:
    tasks = await MinutesRepository(session).tasks_of_resolutions([r.id for r in resolutions])
    reads = []
    for resolution in resolutions:
        read = ResolutionRead.model_validate(resolution)
        read.tasks = await task_reads(session, tasks[resolution.id])
        reads.append(read)
    return reads


async def review_read(session: SessionDep, review: TaskReview) -> TaskReviewRead:
    previous = review.previous
    return TaskReviewRead(
        meeting_id=review.meeting.id,
        previous_meeting_id=previous.id if previous else None,
        previous_meeting_title=previous.title if previous else None,
        previous_meeting_date=(previous.day if previous else None),
        items=await task_reads(session, review.tasks),
        total=review.total,
        done=review.done,
        share_done=review.share_done,
        recorded=review.meeting.tasks_reviewed_total is not None,
    )


# -- votes --------------------------------------------------------------------------------


@router.get(MEETING + "/votes", response_model=list[VoteRead], summary="Votes (biểu quyết)")
async def list_votes(
    meeting_id: int, session: SessionDep, principal: CurrentPrincipal
) -> list[VoteRead]:
    votes = await VoteService(session).list_votes(principal, meeting_id)
    return [VoteRead.model_validate(v) for v in votes]


def threshold_read(kind: VoteKind, threshold: VoteThreshold, base: int) -> ThresholdRead:
    return ThresholdRead(
        kind=kind,
        comparison=threshold.comparison,
        share=f"{threshold.numerator}/{threshold.denominator}",
        rule=threshold.rule_key,
        votes_needed=threshold.needed(base),
        source=threshold.source,
    )


@router.get(
    MEETING + "/voting-base",
    response_model=VotingBaseRead,
    summary="Who may vote, whether the quorum is met, and what each kind of vote needs",
)
async def get_voting_base(
    meeting_id: int, session: SessionDep, principal: CurrentPrincipal
) -> VotingBaseRead:
    meeting, voting = await VoteService(session).voting_base(principal, meeting_id)
    base, quorum = voting.base, voting.quorum
    thresholds = [threshold_read(kind, voting.threshold(kind), base.eligible) for kind in VoteKind]
    ordinary = thresholds[0]
    return VotingBaseRead(
        meeting_id=meeting.id,
        eligible=base.eligible,
        eligible_present=base.eligible_present,
        on_roll=base.on_roll,
        probationary=base.probationary,
        transferred_out=base.transferred_out,
        exempt_absent=base.exempt_absent,
        exempt_present=base.exempt_present,
        temporary_guests=base.temporary_guests,
        votes_needed=ordinary.votes_needed,
        pass_rule=ordinary.rule,
        quorum=QuorumInfo(
            voting_base=quorum.base,
            present=quorum.present,
            required=quorum.required,
            met=quorum.met,
            share=f"{quorum.numerator}/{quorum.denominator}",
        ),
        thresholds=thresholds,
    )


@router.post(
    MEETING + "/votes",
    response_model=VoteRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record a vote: the base is fixed from the roll, the result follows the rule",
)
async def create_vote(
    meeting_id: int, data: VoteCreate, session: SessionDep, principal: CurrentPrincipal
) -> VoteRead:
    return VoteRead.model_validate(await VoteService(session).create(principal, meeting_id, data))


@router.patch("/votes/{vote_id}", response_model=VoteRead, summary="Correct a vote")
async def update_vote(
    vote_id: int,
    data: VoteUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> VoteRead:
    vote = await VoteService(session).update(principal, vote_id, data, if_match)
    response.headers["ETag"] = etag(vote.version)
    return VoteRead.model_validate(vote)


@router.delete("/votes/{vote_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_vote(
    vote_id: int, session: SessionDep, principal: CurrentPrincipal, if_match: IfMatch = None
) -> Response:
    await VoteService(session).delete(principal, vote_id, if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# -- minutes ------------------------------------------------------------------------------


@router.get(
    MEETING + "/minutes",
    response_model=MinutesRead | None,
    summary="The minutes (biên bản); null until generated",
)
async def get_minutes(
    meeting_id: int, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> MinutesRead | None:
    minutes = await MinutesService(session).get(principal, meeting_id)
    if minutes is None:
        return None
    response.headers["ETag"] = etag(minutes.version)
    return MinutesRead.model_validate(minutes)


@router.post(
    MEETING + "/minutes/generate",
    response_model=MinutesRead,
    summary="Draft the minutes from the record (again, until they are final)",
)
async def generate_minutes(
    meeting_id: int,
    session: SessionDep,
    principal: CurrentPrincipal,
    data: MinutesGenerate | None = None,
) -> MinutesRead:
    minutes = await MinutesService(session).generate(
        principal, meeting_id, data or MinutesGenerate()
    )
    return MinutesRead.model_validate(minutes)


@router.patch(MEETING + "/minutes", response_model=MinutesRead, summary="Edit the minutes")
async def update_minutes(
    meeting_id: int,
    data: MinutesUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> MinutesRead:
    minutes = await MinutesService(session).update(principal, meeting_id, data, if_match)
    response.headers["ETag"] = etag(minutes.version)
    return MinutesRead.model_validate(minutes)


@router.post(
    MEETING + "/minutes/finalize",
    response_model=MinutesRead,
    summary="Make the minutes final: the meeting is locked from then on",
)
async def finalize_minutes(
    meeting_id: int,
    data: MinutesFinalize,
    session: SessionDep,
    principal: CurrentPrincipal,
    if_match: IfMatch = None,
) -> MinutesRead:
    minutes = await MinutesService(session).finalize(principal, meeting_id, data, if_match)
    return MinutesRead.model_validate(minutes)


@router.get(MEETING + "/minutes/amendments", response_model=list[AmendmentRead])
async def list_minutes_amendments(
    meeting_id: int, session: SessionDep, principal: CurrentPrincipal
) -> list[AmendmentRead]:
    amendments = await MinutesService(session).amendments(principal, meeting_id)
    return [AmendmentRead.model_validate(a) for a in amendments]


@router.post(
    MEETING + "/minutes/amendments",
    response_model=AmendmentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Amend final minutes: the original text stays in the amendment, with the reason",
)
async def amend_minutes(
    meeting_id: int,
    data: MinutesAmendmentCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> AmendmentRead:
    amendment = await MinutesService(session).amend(principal, meeting_id, data)
    return AmendmentRead.model_validate(amendment)


# -- resolutions --------------------------------------------------------------------------


@router.get(MEETING + "/resolutions", response_model=list[ResolutionRead])
async def list_resolutions(
    meeting_id: int, session: SessionDep, principal: CurrentPrincipal
) -> list[ResolutionRead]:
    resolutions = await ResolutionService(session).list_resolutions(principal, meeting_id)
    return await resolution_reads(session, resolutions)


@router.post(
    MEETING + "/resolutions",
    response_model=ResolutionRead,
    status_code=status.HTTP_201_CREATED,
    summary="Adopt a resolution or conclusion: numbered per cell, year and kind (01-NQ/CB)",
)
async def create_resolution(
    meeting_id: int, data: ResolutionCreate, session: SessionDep, principal: CurrentPrincipal
) -> ResolutionRead:
    resolution, _ = await ResolutionService(session).create_resolution(principal, meeting_id, data)
    return (await resolution_reads(session, [resolution]))[0]


@router.get("/resolutions/{resolution_id}", response_model=ResolutionRead)
async def get_resolution(
    resolution_id: int, session: SessionDep, principal: CurrentPrincipal
) -> ResolutionRead:
    resolution = await ResolutionService(session).get_resolution(principal, resolution_id)
    return (await resolution_reads(session, [resolution]))[0]


# -- tasks --------------------------------------------------------------------------------


@router.get(MEETING + "/tasks", response_model=list[TaskRead], summary="Tasks the meeting assigned")
async def list_meeting_tasks(
    meeting_id: int, session: SessionDep, principal: CurrentPrincipal
) -> list[TaskRead]:
    tasks = await TaskService(session).list_for_meeting(principal, meeting_id)
    return await task_reads(session, tasks)


@router.post(
    MEETING + "/tasks",
    response_model=TaskRead,
    status_code=status.HTTP_201_CREATED,
    summary="Assign a task (owner: a member of the cell)",
)
async def create_task(
    meeting_id: int, data: TaskCreate, session: SessionDep, principal: CurrentPrincipal
) -> TaskRead:
    task = await TaskService(session).create(principal, meeting_id, data)
    return (await task_reads(session, [task]))[0]


@router.get(
    "/units/{unit_id}/tasks",
    response_model=Page[TaskRead],
    summary="Tasks of the unit's cells",
)
async def list_unit_tasks(
    unit_id: int,
    session: SessionDep,
    principal: CurrentPrincipal,
    limit: LimitParam,
    cursor: CursorParam = None,
    task_status: Annotated[TaskStatus | None, Query(alias="status")] = None,
    due_before: Annotated[date | None, Query(description="Deadline before this day")] = None,
) -> Page[TaskRead]:
    items, next_cursor = await TaskService(session).page_for_unit(
        principal, unit_id, status=task_status, due_before=due_before, cursor=cursor, limit=limit
    )
    return Page(items=await task_reads(session, items), next_cursor=next_cursor)


@router.patch("/tasks/{task_id}", response_model=TaskRead, summary="Update a task's status")
async def update_task(
    task_id: int,
    data: TaskUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> TaskRead:
    task = await TaskService(session).update(principal, task_id, data, if_match)
    response.headers["ETag"] = etag(task.version)
    return (await task_reads(session, [task]))[0]


@router.get(
    MEETING + "/task-review",
    response_model=TaskReviewRead,
    summary="The previous regular meeting's tasks, for review at this one",
)
async def get_task_review(
    meeting_id: int, session: SessionDep, principal: CurrentPrincipal
) -> TaskReviewRead:
    return await review_read(session, await TaskService(session).review(principal, meeting_id))


@router.post(
    MEETING + "/task-review",
    response_model=TaskReviewRead,
    summary="Record the review: statuses of last month's tasks and the share done",
)
async def record_task_review(
    meeting_id: int, data: TaskReviewSubmit, session: SessionDep, principal: CurrentPrincipal
) -> TaskReviewRead:
    review = await TaskService(session).record_review(principal, meeting_id, data)
    return await review_read(session, review)


# -- thematic topics and plans ------------------------------------------------------------


@router.get(
    "/units/{unit_id}/thematic-topics",
    response_model=list[TopicRead],
    tags=["thematic plans"],
    summary="Thematic topics the cell registered",
)
async def list_topics(
    unit_id: int,
    session: SessionDep,
    principal: CurrentPrincipal,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> list[TopicRead]:
    service = ThematicService(session)
    return await service.reads(await service.list_topics(principal, unit_id, year))


@router.post(
    "/units/{unit_id}/thematic-topics",
    response_model=TopicRead,
    status_code=status.HTTP_201_CREATED,
    tags=["thematic plans"],
    summary="Register a thematic topic (3–4 a year, presenter from the cell)",
)
async def create_topic(
    unit_id: int, data: TopicCreate, session: SessionDep, principal: CurrentPrincipal
) -> TopicRead:
    service = ThematicService(session)
    return (await service.reads([await service.create(principal, unit_id, data)]))[0]


@router.patch(
    "/thematic-topics/{thematic_topic_id}", response_model=TopicRead, tags=["thematic plans"]
)
async def update_topic(
    thematic_topic_id: int,
    data: TopicUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> TopicRead:
    service = ThematicService(session)
    topic = await service.update(principal, thematic_topic_id, data, if_match)
    response.headers["ETag"] = etag(topic.version)
    return (await service.reads([topic]))[0]


@router.get(
    "/units/{unit_id}/thematic-plan/{year}",
    response_model=ThematicPlanRead,
    tags=["thematic plans"],
    summary="Registered topics against thematic meetings held, per quarter",
)
async def thematic_plan(
    unit_id: int,
    year: Annotated[int, Path(ge=2000, le=2100)],
    session: SessionDep,
    principal: CurrentPrincipal,
) -> ThematicPlanRead:
    return await ThematicService(session).plan(principal, unit_id, year)
