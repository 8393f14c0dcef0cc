"""The pages `make bench` times: a registry. Append a ``BenchPage`` to ``PAGES`` to time one more.

``url`` is a URL name for ``reverse()`` or a callable given the signed-in user (``None`` when
anonymous) that returns the path, e.g. ``lambda user: reverse("case_detail", args=[...])``.
``role`` is who signs in (``None``: nobody); the harness signs in as that role's demo account
(``accounts.demo``), which the data builders create in every data set. ``setup`` runs once
before the warm-up with the same user; it writes into the benchmark database, so keep it
idempotent. ``statuses`` are the answers accepted; anything else fails the run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from accounts import demo
from accounts.models import Role, User


@dataclass(frozen=True)
class BenchPage:
    name: str
    url: str | Callable[[User | None], str]
    role: Role | None
    setup: Callable[[User | None], object] | None = None
    statuses: tuple[int, ...] = (200,)

    def path(self, user: User | None) -> str:
        return reverse(self.url) if isinstance(self.url, str) else self.url(user)


PAGES: list[BenchPage] = [
    BenchPage("home_client", "home", Role.CLIENT),
    BenchPage("home_advocate", "home", Role.ADVOCATE),
    BenchPage("home_supervisor", "home", Role.SUPERVISOR),
    BenchPage("home_org_admin", "home", Role.ORG_ADMIN),
    # 503 while no Celery worker answers the ping: still timed, and the status is recorded.
    BenchPage("healthz", "healthz", None, statuses=(200, 503)),
]


def user_for_role(role: Role) -> User:
    """The demo account for ``role``; staff get a TOTP authenticator if they lack one."""
    email = next(u.email for u in demo.DOCUMENTED_SIGN_INS if u.role == role)
    user = User.objects.get(email__iexact=email)
    if user.is_staff_role and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, demo.DEMO_TOTP_SECRET)  # else StaffMFAMiddleware redirects every page
    return user
