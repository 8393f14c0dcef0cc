"""Reads of requests and cases, always scoped to the user asking through ``cases.permissions``.

A case the user may not see is a 404, exactly like a case that does not exist; an object inside
a case (a referral, a need, a message, a follow-up) is only ever found through its case.

    client.py   what clients read: their requests, drafts, My data, deletion requests
    staff.py    what staff read: the caseload, the case record
    supervisor.py  what supervisors read: the queue, who should take a case
    duplicates.py  possible duplicates: a request that looks like the same person as another case
"""

from .client import *  # noqa: F403
from .client import __all__ as _client_all
from .duplicates import *  # noqa: F403
from .duplicates import __all__ as _duplicates_all
from .staff import *  # noqa: F403
from .staff import __all__ as _staff_all
from .supervisor import *  # noqa: F403
from .supervisor import __all__ as _supervisor_all

__all__ = [*_client_all, *_duplicates_all, *_staff_all, *_supervisor_all]
