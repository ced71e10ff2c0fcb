from django.urls import path

from .views import (
    communication,
    documents,
    exports,
    news,
    policies,
    program,
    public,
    system,
    workspace,
)
from .views import help as help_views
from .views import pickers as picker_views

app_name = "portal"

urlpatterns = [
    path("", public.home, name="home"),
    path("healthz", system.healthz, name="healthz"),
    path("ping", system.ping, name="ping"),
    path("accounts/after-login/", system.after_login, name="after_login"),
    path("staff/", workspace.staff_home, name="staff_home"),
    path("monitoring/", workspace.official_home, name="official_home"),
    path("my/", workspace.enterprise_home, name="enterprise_home"),
    path("council/", workspace.council_home, name="council_home"),
    # Excel exports of the staff lists (portal.exports).
    path("exports/<slug:name>/start/", exports.export_start, name="export_start"),
    path("exports/<int:pk>/", exports.export_detail, name="export_detail"),
    path("exports/<int:pk>/progress/", exports.export_progress, name="export_progress"),
    path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
    # Public site: news and guidance, policies.
    path("news/", news.article_list, name="article_list"),
    path("news/<slug:slug>/", news.article_detail, name="article_detail"),
    path("policies/", policies.policy_list, name="policy_list"),
    path("policies/<slug:slug>/", policies.policy_detail, name="policy_detail"),
    path(
        "policies/<slug:slug>/decision/",
        policies.policy_decision_download,
        name="policy_decision_download",
    ),
    # Public: verify a signed document (an uploaded PDF, or a document's code).
    path("verify-document/", documents.document_verify, name="document_verify"),
    # Staff: news, communication activities, policies, program data.
    path("staff/news/", news.staff_article_list, name="staff_article_list"),
    path("staff/news/new/", news.staff_article_create, name="staff_article_create"),
    path("staff/news/<int:pk>/", news.staff_article_update, name="staff_article_update"),
    path("staff/news/<int:pk>/publish/", news.staff_article_publish, name="staff_article_publish"),
    path("staff/news/<int:pk>/archive/", news.staff_article_archive, name="staff_article_archive"),
    path(
        "staff/communication/",
        communication.staff_communication_list,
        name="staff_communication_list",
    ),
    path(
        "staff/communication/new/",
        communication.staff_communication_create,
        name="staff_communication_create",
    ),
    path(
        "staff/communication/<int:pk>/",
        communication.staff_communication_update,
        name="staff_communication_update",
    ),
    path("staff/policies/", policies.staff_policy_list, name="staff_policy_list"),
    path("staff/policies/new/", policies.staff_policy_create, name="staff_policy_create"),
    path("staff/policies/<int:pk>/", policies.staff_policy_update, name="staff_policy_update"),
    path("staff/program/", program.program_settings, name="program_settings"),
    path(
        "staff/administrative-units/",
        program.administrative_unit_list,
        name="administrative_unit_list",
    ),
    path("help/", help_views.help_page, name="help"),
    # Pickers (autocompletes) of the forms.
    *picker_views.urlpatterns,
]
