"""The consent wording a client agrees to before submitting a request.

The wording is versioned: the version agreed is stored on the case with the time. Change the
text only by adding a new version, so that every case still points at the words it was given.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CONSENT_WORDING = {
    "2026-11": [
        _(
            "We will keep the answers you give here, and what you tell your advocate later, in a "
            "secure record of your request."
        ),
        _(
            "Only the people at your MS society who work on your request can see it: your "
            "advocate, their supervisor and the organisation's administrators. Every time someone "
            "opens it, we record who it was."
        ),
        _(
            "We use this information only to help you: to contact you, to find services for you "
            "and, with your agreement, to refer you to them."
        ),
        _("You can download everything we hold about you, or ask us to delete it, at any time from your account."),
    ],
}

#: The version new requests are asked to agree to.
CURRENT_CONSENT_VERSION = "2026-11"


def consent_paragraphs(version: str = CURRENT_CONSENT_VERSION) -> list:
    return CONSENT_WORDING[version]
