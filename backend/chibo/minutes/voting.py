"""When a vote passes, and how resolutions are numbered. Pure rules.

Who may vote (the voting base, Quy định 294-QĐ/TW point 9.3.2) is computed in one place,
`chibo.attendance.voting`; its names are re-exported here for the callers that know them here.

Thresholds are data (`NormsRules.vote_thresholds`, one per kind of vote); a vote records the
rule it was decided by as a key such as "more_than:1/2" or "at_least:2/3". Votes recorded
before thresholds were data carry the key "more_than_half_of_eligible" (the same as
"more_than:1/2").
"""

from chibo.attendance.voting import (
    PRESENT_STATUSES,
    RollEntry,
    VotingBase,
    compute_voting_base,
    is_official_on,
)
from chibo.meetings.norms import VoteThreshold

__all__ = [
    "DEFAULT_PASS_RULE",
    "PRESENT_STATUSES",
    "RollEntry",
    "VotingBase",
    "compute_voting_base",
    "is_official_on",
    "passes",
    "resolution_code",
    "threshold_of",
    "voting_base",
]

voting_base = compute_voting_base

# The key version 1 of the norms used for every vote: more than half of the base.
DEFAULT_PASS_RULE = "more_than_half_of_eligible"
LEGACY_RULES = {DEFAULT_PASS_RULE: "more_than:1/2"}


def threshold_of(rule_key: str) -> VoteThreshold:
    """The threshold a recorded rule key names ("more_than:1/2", "at_least:2/3", or the
    version 1 name). Raises ValueError on anything else."""
    key = LEGACY_RULES.get(rule_key, rule_key)
    comparison, _, share = key.partition(":")
    numerator, _, denominator = share.partition("/")
    if comparison not in ("more_than", "at_least") or not (
        numerator.isdigit() and denominator.isdigit()
    ):
        raise ValueError(f"unknown vote rule: {rule_key}")
    return VoteThreshold.model_validate(
        {
            "comparison": comparison,
            "numerator": int(numerator),
            "denominator": int(denominator),
        }
    )


def passes(rule_key: str, votes_for: int, eligible: int) -> bool:
    """Whether `votes_for` carries a motion under the rule when `eligible` members may vote."""
    return votes_for >= threshold_of(rule_key).needed(eligible)


def resolution_code(number: int, kind_suffix: str, unit_suffix: str = "CB") -> str:
    """01-NQ/CB (nghị quyết of a cell), 02-KL/CB (kết luận)."""
    return f"{number:02d}-{kind_suffix}/{unit_suffix}"
