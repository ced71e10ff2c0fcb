from django.urls import path  # noqa: F401 - patterns are added as the app grows

app_name = "trainings"

urlpatterns: list = []
