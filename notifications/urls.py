from django.urls import path

from . import views

urlpatterns = [
    path("organisation/notifications/failed/", views.failed_notification_list, name="failed_notification_list"),
    path(
        "organisation/notifications/failed/<int:notification_id>/retry/",
        views.failed_notification_retry,
        name="failed_notification_retry",
    ),
]
