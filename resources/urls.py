from django.urls import path

from . import views

urlpatterns = [
    path("find-help/", views.resource_search, name="resource_search"),
    path("find-help/services/<uuid:service_id>/", views.service_detail, name="service_detail"),
    path("find-help/services/<uuid:service_id>/report/", views.service_report_problem, name="service_report_problem"),
    path("find-help/services/<uuid:service_id>/save/", views.service_save, name="service_save"),
    path("find-help/services/<uuid:service_id>/unsave/", views.service_unsave, name="service_unsave"),
    path("my-list/", views.my_list, name="my_list"),
    path("my-list/email/", views.my_list_email, name="my_list_email"),
]
