"""Program data for staff: the program settings and the province's administrative units."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import ProgramSettingsForm
from ..models import AdministrativeUnit, ProgramSettings
from ..permissions import staff_required
from .helpers import add_service_errors, paginate, search_param


@staff_required
def program_settings(request):
    current = ProgramSettings.load()
    choices = [(unit.code, unit.name) for unit in selectors.provinces()]
    if current.province_code and current.province_code not in dict(choices):
        choices.append((current.province_code, current.province_name))
    form = ProgramSettingsForm(
        request.POST or None, instance=copy.copy(current), province_choices=choices
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.program_settings_update(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The program settings were saved."))
            return redirect("portal:program_settings")
    return render(request, "portal/program_settings.html", {"form": form, "settings_row": current})


@staff_required
def administrative_unit_list(request):
    provinces = list(selectors.provinces(current_only=False))
    program = ProgramSettings.load_cached()
    code = request.GET.get("province") or program.province_code
    province = next((unit for unit in provinces if unit.code == code), None)
    query = search_param(request)
    include_closed = request.GET.get("closed") == "1"
    units = (
        selectors.administrative_units_of(province=province, include_closed=include_closed)
        if province
        else []
    )
    matching = selectors.administrative_units_matching(units, query) if query else units
    return render(
        request,
        "portal/administrative_unit_list.html",
        {
            "provinces": provinces,
            "province": province,
            "query": query,
            "include_closed": include_closed,
            "page": paginate(request, matching, 50),
            "total": len(units),
            "matches": len(matching),
            "commune_level": AdministrativeUnit.Level.COMMUNE,
        },
    )
