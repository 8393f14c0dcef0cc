"""Every write to requests and cases. Each is atomic, checks the access policy
(``cases.permissions``), appends its ``CaseEvent`` and queues its notifications in the same
transaction.

    requests.py   the client's: drafts, submit, add to, contact preferences, withdraw
    lifecycle.py  status changes and assignment (the only code that changes a case's status)
    assignment.py assigning from the queue (several at once) and automatically
    merge.py      joining two cases of the same person into one
    work.py       messages, needs, referrals, logged contacts, follow-ups, notes
    assessment.py the needs assessment, and the reassessment six weeks after first contact
    privacy.py    deletion requests and erasure
"""

from .assessment import Rating, RecordedAssessment, assessment_record
from .assignment import ManyAssigned, case_auto_assign, cases_assign_from_queue
from .events import event_append
from .lifecycle import AlreadyAssigned, case_assign, case_transfer, case_transition
from .merge import case_merge
from .privacy import deletion_request_carry_out, deletion_request_create
from .requests import (
    DuplicateRequest,
    IncompleteRequest,
    case_add_to,
    case_record_submission,
    case_submit,
    case_withdraw,
    contact_preferences_update,
    draft_discard,
    draft_get_or_create,
    draft_save_answers,
)
from .versions import StaleEdit
from .work import (
    followup_complete,
    followup_reschedule,
    followup_schedule,
    interaction_log,
    message_send,
    messages_mark_read,
    need_add,
    need_update,
    note_add,
    note_edit,
    referral_create,
    referral_record_feedback,
    referral_record_outcome,
)

__all__ = [
    "AlreadyAssigned",
    "DuplicateRequest",
    "IncompleteRequest",
    "ManyAssigned",
    "Rating",
    "RecordedAssessment",
    "StaleEdit",
    "assessment_record",
    "case_add_to",
    "case_assign",
    "case_auto_assign",
    "case_merge",
    "case_record_submission",
    "case_submit",
    "case_transfer",
    "case_transition",
    "case_withdraw",
    "cases_assign_from_queue",
    "contact_preferences_update",
    "deletion_request_carry_out",
    "deletion_request_create",
    "draft_discard",
    "draft_get_or_create",
    "draft_save_answers",
    "event_append",
    "followup_complete",
    "followup_reschedule",
    "followup_schedule",
    "interaction_log",
    "message_send",
    "messages_mark_read",
    "need_add",
    "need_update",
    "note_add",
    "note_edit",
    "referral_create",
    "referral_record_feedback",
    "referral_record_outcome",
]
