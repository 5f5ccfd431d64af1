"""The reference data, for reading: it ships in ``data/municipalities.csv`` and changes only
with a deploy (public pages keep it in memory, see ``geography.selectors``)."""

from django.contrib import admin

from core.admin import RecordAdmin
from geography.models import Municipality, Region


@admin.register(Region)
class RegionAdmin(RecordAdmin):
    list_display = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(RecordAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    list_select_related = ["region"]
