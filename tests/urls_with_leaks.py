"""The project's URLs plus three deliberately broken views, for test_walker_catches.py."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from accounts.models import User
from patientportal.urls import urlpatterns as project_urlpatterns

from django.urls import path  # isort: skip


def leaky_staff_page(request):
    return HttpResponse("staff only, but nobody checks")


def leaky_member_page(request, member_id):
    member = get_object_or_404(User, pk=member_id)  # not scoped to the viewer's organisation
    return HttpResponse(member.email)


def undeclared_page(request):
    return HttpResponse("nobody said who may see this")


urlpatterns = [
    *project_urlpatterns,
    path("leaky/staff/", leaky_staff_page, name="leaky_staff"),
    path("leaky/member/<uuid:member_id>/", leaky_member_page, name="leaky_member"),
    path("leaky/undeclared/", undeclared_page, name="leaky_undeclared"),
]
