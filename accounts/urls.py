from django.urls import path

from . import views

urlpatterns = [
    path("account/", views.account_overview, name="account_overview"),
    path("team/", views.team_list, name="team_list"),
    path("team/<uuid:member_id>/", views.team_member_detail, name="team_member_detail"),
    path("team/<uuid:member_id>/work/", views.team_member_work, name="team_member_work"),
    path("team/<uuid:member_id>/absences/new/", views.team_member_absence_new, name="team_member_absence_new"),
    path(
        "team/<uuid:member_id>/absences/<int:absence_id>/end/",
        views.team_member_absence_end,
        name="team_member_absence_end",
    ),
    path("organisation/", views.organisation_settings, name="organisation_settings"),
    path("organisation/holidays/add/", views.holiday_add, name="holiday_add"),
    path("organisation/holidays/<int:holiday_id>/remove/", views.holiday_remove, name="holiday_remove"),
    path("account/calendar/", views.calendar_feed_settings, name="calendar_feed_settings"),
    path("account/calendar/new/", views.calendar_feed_create, name="calendar_feed_create"),
    path("account/calendar/stop/", views.calendar_feed_stop, name="calendar_feed_stop"),
]
