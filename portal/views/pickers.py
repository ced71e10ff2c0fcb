"""The portal's picker endpoints: communes and wards (public data; the public registration
form uses them)."""

from django.urls import path

from .. import selectors
from ..models import ProgramSettings
from ..pickers import PickerView


class CommunePicker(PickerView):
    """Communes in force, in Vietnamese alphabetical order, found by name without accents
    ("ha hoa" finds "Xã Hạ Hòa"). The program's province only, or the whole country with
    `?scope=country` (an expert may live anywhere)."""

    def get_queryset(self):
        scope_country = self.request.GET.get("scope") == "country"
        province_code = "" if scope_country else ProgramSettings.load_cached().province_code
        units = selectors.current_communes(province_code=province_code)
        return selectors.administrative_units_matching(units, self.q) if self.q else units


urlpatterns = [path("pick/communes/", CommunePicker.as_view(), name="pick_commune")]
