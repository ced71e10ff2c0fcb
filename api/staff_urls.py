"""The staff pages that issue and revoke API tokens (under the staff workspace)."""

from django.urls import path

from .views import tokens

app_name = "api_tokens"

urlpatterns = [
    path("", tokens.token_list, name="list"),
    path("new/", tokens.token_create, name="create"),
    path("<int:pk>/", tokens.token_detail, name="detail"),
    path("<int:pk>/revoke/", tokens.token_revoke, name="revoke"),
]
