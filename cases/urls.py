from django.urls import path

from . import calendar, client_views, views

urlpatterns = [
    path("request-an-advocate/", views.request_start, name="request_start"),
    path("request-an-advocate/continue/", views.request_continue, name="request_continue"),
    path("request-an-advocate/question/<slug:step>/", views.request_step, name="request_step"),
    path("request-an-advocate/urgent-help/", views.request_urgent_help, name="request_urgent_help"),
    path("request-an-advocate/already-open/", views.request_duplicate, name="request_duplicate"),
    path("request-an-advocate/check/", views.request_check, name="request_check"),
    path("request-an-advocate/discard/", views.request_discard, name="request_discard"),
    path("my-requests/", client_views.my_requests, name="my_requests"),
    path("my-requests/<uuid:case_id>/", client_views.my_request_detail, name="my_request_detail"),
    path("my-requests/<uuid:case_id>/sent/", client_views.my_request_sent, name="my_request_sent"),
    path("my-requests/<uuid:case_id>/message/", client_views.my_request_message, name="my_request_message"),
    path("my-requests/<uuid:case_id>/add/", client_views.my_request_add, name="my_request_add"),
    path("my-requests/<uuid:case_id>/withdraw/", client_views.my_request_withdraw, name="my_request_withdraw"),
    path("my-requests/<uuid:case_id>/contact/", client_views.my_request_contact, name="my_request_contact"),
    path(
        "my-requests/<uuid:case_id>/referrals/<uuid:referral_id>/feedback/",
        client_views.my_request_feedback,
        name="my_request_feedback",
    ),
    path("my-data/", client_views.my_data, name="my_data"),
    path("my-data/download/", client_views.my_data_download, name="my_data_download"),
    path("my-data/delete/", client_views.my_data_delete, name="my_data_delete"),
    path("organisation/deletion-requests/", client_views.deletion_request_list, name="deletion_request_list"),
    path(
        "organisation/deletion-requests/<uuid:request_id>/",
        client_views.deletion_request_detail,
        name="deletion_request_detail",
    ),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]
