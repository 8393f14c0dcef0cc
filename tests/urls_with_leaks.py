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


def leaky_case_list(request):
    from cases.models import Case

    return HttpResponse(" ".join(Case.objects.values_list("reference", flat=True)))  # not scoped to the viewer


def leaky_referral(request, case_id, referral_id):
    from cases.models import Referral
    from cases.selectors import case_get_for_client

    case_get_for_client(user=request.user, case_id=case_id)  # the case is checked...
    referral = get_object_or_404(Referral, pk=referral_id)  # ...but the referral is found by its id alone
    return HttpResponse(str(referral.pk))


urlpatterns = [
    *project_urlpatterns,
    path("leaky/staff/", leaky_staff_page, name="leaky_staff"),
    path("leaky/member/<uuid:member_id>/", leaky_member_page, name="leaky_member"),
    path("leaky/undeclared/", undeclared_page, name="leaky_undeclared"),
    path("leaky/cases/", leaky_case_list, name="leaky_case_list"),
    path("leaky/cases/<uuid:case_id>/referrals/<uuid:referral_id>/", leaky_referral, name="leaky_referral"),
]
