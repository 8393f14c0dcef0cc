"""Move what cases held into the spine's records, before 0005 drops the old columns.

For each case:
- its intake (the answers as submitted) comes from the case's first audit snapshot, taken when
  it was inserted, so answers changed later do not overwrite what the person first said;
- its contact preferences become one row per change found in the audit history (the latest
  is the current one), or one row from the case when it has no history;
- its timeline entries become events, with the status before and after each step; its
  messages, referrals (and the client's feedback) and follow-ups get their events too.
"""

from django.db import migrations

CONTACT = [
    "contact_methods",
    "phone",
    "contact_email",
    "postal_address",
    "best_days",
    "best_times",
    "language",
    "access_needs",
    "other_contact_name",
    "other_contact_phone",
    "access_other",
]
ANSWERS = CONTACT + [
    "for_self",
    "person_name",
    "relationship",
    "person_agreed",
    "country",
    "region",
    "categories",
    "description",
    "is_urgent",
    "consent_version",
    "consent_given_at",
]

#: Old timeline kind -> (event kind, status after it or None for no change).
TIMELINE = {
    "received": ("submitted", "new"),
    "added_to": ("added_to", None),
    "assigned": ("assigned", "assigned"),
    "in_progress": ("status_changed", "in_progress"),
    "waiting_on_client": ("status_changed", "waiting_on_client"),
    "resolved": ("status_changed", "resolved"),
    "closed": ("closed", "closed"),
    "reopened": ("reopened", "in_progress"),
    "withdrawn": ("withdrawn", "withdrawn"),
    "contact_updated": ("contact_preferences_changed", None),
}


def forwards(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseHistory = apps.get_model("cases", "CaseHistory")
    CaseIntake = apps.get_model("cases", "CaseIntake")
    ContactPreferences = apps.get_model("cases", "ContactPreferences")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    TimelineEntry = apps.get_model("cases", "TimelineEntry")
    Message = apps.get_model("cases", "Message")
    Referral = apps.get_model("cases", "Referral")
    FollowUp = apps.get_model("cases", "FollowUp")

    for case in Case.objects.order_by("submitted_at", "id").iterator(chunk_size=500):
        snapshots = list(CaseHistory.objects.filter(pgh_obj_id=case.pk).order_by("pgh_created_at", "pgh_id"))
        first = snapshots[0] if snapshots else case
        CaseIntake.objects.create(case_id=case.pk, **{name: getattr(first, name) for name in ANSWERS})

        previous = None
        for snapshot in snapshots or [case]:
            values = {name: getattr(snapshot, name) for name in CONTACT}
            if values != previous:
                ContactPreferences.objects.create(
                    case_id=case.pk,
                    changed_by_id=case.applicant_id,
                    created_at=getattr(snapshot, "pgh_created_at", case.submitted_at),
                    **values,
                )
                previous = values

        events = []
        status = ""
        for entry in TimelineEntry.objects.filter(case_id=case.pk).order_by("at", "id"):
            kind, after = TIMELINE[entry.kind]
            payload = {}
            if kind == "submitted":
                payload["needs"] = list(first.categories)
            if kind == "withdrawn" and case.withdrawn_reason:
                payload["reason"] = case.withdrawn_reason
            events.append(
                CaseEvent(
                    case_id=case.pk,
                    kind=kind,
                    from_status=status if after else "",
                    to_status=after or "",
                    actor_id=entry.actor_id,
                    advocate_id=entry.advocate_id,
                    at=entry.at,
                    payload=payload,
                    visibility="client",
                )
            )
            status = after or status
        for message in Message.objects.filter(case_id=case.pk):
            events.append(
                CaseEvent(
                    case_id=case.pk,
                    kind="message_sent",
                    actor_id=message.sender_id,
                    at=message.created_at,
                    payload={"message": str(message.pk)},
                    visibility="client",
                )
            )
        for referral in Referral.objects.filter(case_id=case.pk):
            events.append(
                CaseEvent(
                    case_id=case.pk,
                    kind="referral_made",
                    actor_id=referral.referred_by_id,
                    at=referral.created_at,
                    payload={
                        "referral": str(referral.pk),
                        "service": str(referral.service_id),
                        "need": referral.need_id,
                    },
                    visibility="client",
                )
            )
            if referral.client_feedback:
                events.append(
                    CaseEvent(
                        case_id=case.pk,
                        kind="referral_feedback",
                        actor_id=case.applicant_id,
                        at=referral.client_feedback_at or referral.created_at,
                        payload={"referral": str(referral.pk), "feedback": referral.client_feedback},
                        visibility="client",
                    )
                )
        for follow_up in FollowUp.objects.filter(case_id=case.pk):
            events.append(
                CaseEvent(
                    case_id=case.pk,
                    kind="follow_up_scheduled",
                    actor_id=follow_up.owner_id,
                    at=follow_up.created_at,
                    payload={
                        "follow_up": follow_up.pk,
                        "due_at": follow_up.due_at.isoformat(),
                        "client_contact": follow_up.is_client_contact,
                    },
                    visibility="client" if follow_up.is_client_contact else "staff",
                )
            )
        CaseEvent.objects.bulk_create(events)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_case_spine_models")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
