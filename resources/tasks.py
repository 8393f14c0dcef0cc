"""Directory tasks. They take ids only and re-read everything else."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_my_list(user_id: str) -> int:
    """Send a client the services on their list. Safe to run twice (it sends the list again)."""
    from .selectors import saved_service_list_for_user

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    services = list(saved_service_list_for_user(user=user))
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("resources/email/my_list.txt", {"services": services, "site_name": settings.SITE_NAME})
        subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}" + translation.gettext("your saved services")
    send_mail(subject, body, None, [user.email])
    return len(services)
