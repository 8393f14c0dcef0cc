from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:notification_id>/", views.notification_open, name="notification_open"),
    path("notifications/read/", views.notification_mark_all_read, name="notification_mark_all_read"),
    path("account/notifications/", views.notification_preferences, name="notification_preferences"),
    path("organisation/notifications/failed/", views.failed_notification_list, name="failed_notification_list"),
    path(
        "organisation/notifications/failed/<int:notification_id>/retry/",
        views.failed_notification_retry,
        name="failed_notification_retry",
    ),
]
