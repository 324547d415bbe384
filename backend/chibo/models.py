"""Every ORM model, imported in one place for Alembic and the test harness."""

from chibo.attendance.models import Attendance, Guest
from chibo.audit.models import AuditEntry
from chibo.auth.models import AuthSession, AuthThrottle, RefreshToken, User
from chibo.core.db import Base
from chibo.documents.models import Document
from chibo.inspections.models import FollowUpItem, Inspection, InspectionPlan
from chibo.meetings.models import (
    AgendaItem,
    AgendaTemplate,
    CalendarFeed,
    Meeting,
    MeetingAmendment,
    MeetingNorms,
    ThematicTopic,
)
from chibo.members.models import (
    CommitteePosition,
    Exemption,
    Member,
    MemberEvent,
    OfficialProposal,
    TemporaryTransfer,
)
from chibo.minutes.models import Minutes, Resolution, Task, Vote
from chibo.ratings.models import MeetingRating, RatingEvent, RatingSheet, RollupRule
from chibo.reviews.models import AnnualReview
from chibo.speeches.models import Speech
from chibo.units.models import Unit

__all__ = [
    "AgendaItem",
    "AgendaTemplate",
    "AnnualReview",
    "Attendance",
    "AuditEntry",
    "AuthSession",
    "AuthThrottle",
    "Base",
    "CalendarFeed",
    "CommitteePosition",
    "Document",
    "Exemption",
    "FollowUpItem",
    "Guest",
    "Inspection",
    "InspectionPlan",
    "Meeting",
    "MeetingAmendment",
    "MeetingNorms",
    "MeetingRating",
    "Member",
    "MemberEvent",
    "Minutes",
    "OfficialProposal",
    "RatingEvent",
    "RatingSheet",
    "RefreshToken",
    "Resolution",
    "RollupRule",
    "Speech",
    "Task",
    "TemporaryTransfer",
    "ThematicTopic",
    "Unit",
    "User",
    "Vote",
]
