"""Rate limits on writes anyone can repeat cheaply, counted in the cache (Redis), and the page
that says a limit was reached.

Our own limits (``settings.RATE_LIMITS``, e.g. ``"5/h"``: five in each hour) count in fixed
windows: the first attempt in a window creates its counter with ``cache.add``, each later one
``incr``-ements it, and the window's end is when the person can try again. django-allauth
counts sign-in, sign-up and password reset itself (``ACCOUNT_RATE_LIMITS``, same notation
with a third part, ``ip``, ``key`` or ``user``) and shows the same page through ``handler429``.
(django-ratelimit 4.1 does not declare support for Django 6.)
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from datetime import timedelta

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil

UNITS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """``"5/h"``, ``"10/15m"``, ``"3/300s/key"`` (allauth's third part is ignored here)."""
        try:
            amount, period = text.split("/")[:2]
            count = period[:-1] or "1"
            return cls(int(amount), int(count) * UNITS[period[-1]])
        except (ValueError, IndexError, KeyError):
            raise ImproperlyConfigured(f"A rate limit is written like 5/h or 10/15m, not {text!r}.") from None


def refuse_if_over_limit(request: HttpRequest, *, action: str, key: str | None = None) -> HttpResponse | None:
    """Count one attempt at ``action`` by ``key`` (the client's IP address unless given).

    Returns None while within ``settings.RATE_LIMITS[action]``; past it, the 429 page saying
    when to try again. Call it just before the write, so that a refused attempt writes nothing.
    """
    rate = Rate.parse(settings.RATE_LIMITS[action])
    who = key if key is not None else get_adapter(request).get_client_ip(request)
    now = time.time()
    window = int(now // rate.seconds)
    counter = f"ratelimit:{action}:{hashlib.sha256(who.encode()).hexdigest()}:{window}"
    cache.add(counter, 0, timeout=rate.seconds)  # outlives its window, whenever in it it is created
    try:
        attempts = cache.incr(counter)
    except ValueError:  # evicted in between
        cache.set(counter, attempts := 1, timeout=rate.seconds)
    if attempts <= rate.amount:
        return None
    return too_many_attempts(request, retry_after=(window + 1) * rate.seconds - now)


def too_many_attempts(request: HttpRequest, *, retry_after: float) -> HttpResponse:
    """The page (429) saying that nothing was done, and when to try again."""
    now = timezone.now()
    wait = timeuntil(now + timedelta(minutes=max(1, math.ceil(retry_after / 60))), now)  # "50 minutes"
    response = render(request, "errors/429.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(math.ceil(retry_after))
    return response


def handler429(request: HttpRequest) -> HttpResponse:
    """allauth's refusals (it calls ``ROOT_URLCONF.handler429``). It does not say when the
    refused attempt counts out, so this says the longest wait any of its limits can impose."""
    longest = max(
        Rate.parse(rate).seconds
        for rates in allauth_settings.RATE_LIMITS.values()
        if rates
        for rate in rates.split(",")
    )
    return too_many_attempts(request, retry_after=longest)
