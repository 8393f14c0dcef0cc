from django.urls import path

from . import curation_views, views

urlpatterns = [
    path("find-help/", views.resource_search, name="resource_search"),
    path("find-help/services/<uuid:service_id>/", views.service_detail, name="service_detail"),
    path("find-help/services/<uuid:service_id>/report/", views.service_report_problem, name="service_report_problem"),
    path("find-help/services/<uuid:service_id>/save/", views.service_save, name="service_save"),
    path("find-help/services/<uuid:service_id>/unsave/", views.service_unsave, name="service_unsave"),
    path("my-list/", views.my_list, name="my_list"),
    path("my-list/email/", views.my_list_email, name="my_list_email"),
    path("directory/", curation_views.curation_list, name="curation_list"),
    path("directory/new/", curation_views.curation_create, name="curation_create"),
    path("directory/<uuid:service_id>/", curation_views.curation_edit, name="curation_edit"),
    path("directory/<uuid:service_id>/checked/", curation_views.curation_mark_checked, name="curation_mark_checked"),
    path("directory/<uuid:service_id>/retire/", curation_views.curation_retire, name="curation_retire"),
    path("directory/reports/", curation_views.report_queue, name="report_queue"),
    path("directory/reports/<int:report_id>/", curation_views.report_resolve, name="report_resolve"),
]
