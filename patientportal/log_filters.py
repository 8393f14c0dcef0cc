"""What must never be written in a log line, and the filters that keep it out (``LOGGING``)."""

from __future__ import annotations

import logging
import re

#: URL paths that hold a secret: a calendar feed's token is the key to the feed
#: (``cases.calendar``, ``patientportal.middleware.TOKEN_URL_PREFIXES``).
SECRET_PATHS = re.compile(r"(/calendar/)[^/\s\"'?#]+(\.ics)")
REDACTED = r"\1[secret]\2"


class RedactSecretURLs(logging.Filter):
    """Writes the secret in such a path as ``[secret]``: in Django's "Not Found: ..." line, our
    error middleware's line and runserver's access lines (see ``LOGGING``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: logging reports it itself
            return True
        redacted = SECRET_PATHS.sub(REDACTED, message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
