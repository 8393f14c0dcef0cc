from django.urls import path

from . import calendar
from .views import client, intake, staff

urlpatterns = [
    path("cases/", staff.caseload, name="caseload"),
    path("cases/<uuid:case_id>/", staff.case_detail, name="case_detail"),
    path("cases/<uuid:case_id>/contacts/new/", staff.contact_log, name="case_contact_log"),
    path("cases/<uuid:case_id>/follow-ups/new/", staff.follow_up_new, name="case_follow_up_new"),
    path(
        "cases/<uuid:case_id>/follow-ups/<int:follow_up_id>/move/",
        staff.follow_up_reschedule,
        name="case_follow_up_reschedule",
    ),
    path("cases/<uuid:case_id>/follow-ups/<int:follow_up_id>/done/", staff.follow_up_done, name="case_follow_up_done"),
    path("cases/<uuid:case_id>/status/", staff.case_status, name="case_status"),
    path("cases/<uuid:case_id>/needs/new/", staff.need_new, name="case_need_new"),
    path("cases/<uuid:case_id>/needs/<int:need_id>/", staff.need_edit, name="case_need_edit"),
    path("cases/<uuid:case_id>/messages/", staff.case_message, name="case_message"),
    path("cases/<uuid:case_id>/referrals/new/", staff.referral_new, name="case_referral_new"),
    path(
        "cases/<uuid:case_id>/referrals/<uuid:referral_id>/outcome/",
        staff.referral_outcome,
        name="case_referral_outcome",
    ),
    path("cases/<uuid:case_id>/notes/new/", staff.note_new, name="case_note_new"),
    path("cases/<uuid:case_id>/notes/<int:note_id>/", staff.note_edit, name="case_note_edit"),
    path("cases/<uuid:case_id>/assessment/new/", staff.assessment_new, name="case_assessment_new"),
    path("request-an-advocate/", intake.request_start, name="request_start"),
    path("request-an-advocate/continue/", intake.request_continue, name="request_continue"),
    path("request-an-advocate/question/<slug:step>/", intake.request_step, name="request_step"),
    path("request-an-advocate/urgent-help/", intake.request_urgent_help, name="request_urgent_help"),
    path("request-an-advocate/already-open/", intake.request_duplicate, name="request_duplicate"),
    path("request-an-advocate/check/", intake.request_check, name="request_check"),
    path("request-an-advocate/discard/", intake.request_discard, name="request_discard"),
    path("my-requests/", client.my_requests, name="my_requests"),
    path("my-requests/<uuid:case_id>/", client.my_request_detail, name="my_request_detail"),
    path("my-requests/<uuid:case_id>/sent/", client.my_request_sent, name="my_request_sent"),
    path("my-requests/<uuid:case_id>/message/", client.my_request_message, name="my_request_message"),
    path("my-requests/<uuid:case_id>/add/", client.my_request_add, name="my_request_add"),
    path("my-requests/<uuid:case_id>/withdraw/", client.my_request_withdraw, name="my_request_withdraw"),
    path("my-requests/<uuid:case_id>/contact/", client.my_request_contact, name="my_request_contact"),
    path(
        "my-requests/<uuid:case_id>/referrals/<uuid:referral_id>/feedback/",
        client.my_request_feedback,
        name="my_request_feedback",
    ),
    path("my-data/", client.my_data, name="my_data"),
    path("my-data/download/", client.my_data_download, name="my_data_download"),
    path("my-data/delete/", client.my_data_delete, name="my_data_delete"),
    path("organisation/deletion-requests/", client.deletion_request_list, name="deletion_request_list"),
    path(
        "organisation/deletion-requests/<uuid:request_id>/",
        client.deletion_request_detail,
        name="deletion_request_detail",
    ),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]
