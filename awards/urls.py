from django.urls import path

from .pickers import urlpatterns as picker_urlpatterns
from .views import council, cycles, enterprise, nominations, public

app_name = "awards"

urlpatterns = [
    # Public
    path("winners/", public.winners, name="winners"),
    # Staff: cycles, criteria, levels, mobilization
    path("staff/cycles/", cycles.cycle_list, name="cycle_list"),
    path("staff/cycles/new/", cycles.cycle_create, name="cycle_create"),
    path("staff/cycles/<int:pk>/", cycles.cycle_detail, name="cycle_detail"),
    path("staff/cycles/<int:pk>/edit/", cycles.cycle_edit, name="cycle_edit"),
    path("staff/cycles/<int:pk>/criteria/", cycles.cycle_criteria, name="cycle_criteria"),
    path("staff/cycles/<int:pk>/levels/", cycles.cycle_levels, name="cycle_levels"),
    path("staff/cycles/<int:pk>/copy/", cycles.cycle_copy, name="cycle_copy"),
    path("staff/cycles/<int:pk>/encourage/", cycles.encourage, name="encourage"),
    # Staff: nominations, review, decisions
    path("staff/nominations/", nominations.nomination_list, name="nomination_list"),
    path("staff/nominations/<int:pk>/check/", nominations.nomination_check, name="check"),
    path("staff/nominations/<int:pk>/assign/", nominations.assign, name="assign"),
    path("staff/reviews/<int:pk>/unassign/", nominations.review_unassign, name="unassign"),
    path("staff/nominations/<int:pk>/decision/", nominations.decide, name="decide"),
    path("staff/nominations/<int:pk>/result/", nominations.result, name="result"),
    path("ranking/", nominations.ranking, name="ranking"),
    # A nomination and its dossier (organization, staff, assigned council members)
    path("nominations/<int:pk>/", nominations.nomination_detail, name="nomination_detail"),
    path(
        "nominations/<int:pk>/documents/",
        nominations.document_upload,
        name="document_upload",
    ),
    path(
        "nominations/<int:pk>/self-assessment/",
        nominations.self_assessment,
        name="self_assessment",
    ),
    path("nominations/<int:pk>/submit/", nominations.nomination_submit, name="submit"),
    path("nominations/<int:pk>/withdraw/", nominations.nomination_withdraw, name="withdraw"),
    path("documents/<int:pk>/", nominations.document_download, name="document_download"),
    path("documents/<int:pk>/delete/", nominations.document_delete, name="document_delete"),
    # Enterprise area
    path("my/", enterprise.my_nominations, name="my_nominations"),
    path("my/cycles/<int:pk>/apply/", enterprise.apply, name="apply"),
    # Council
    path("council/", council.council_reviews, name="council_reviews"),
    path("council/reviews/<int:pk>/", council.review, name="review"),
    *picker_urlpatterns,
]
