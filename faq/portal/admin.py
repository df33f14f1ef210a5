"""Admin for editors: every vote, a per-entry summary (helpful ratio, recent comments) on top of
the vote list, the searches that found nothing, most frequent first, and per language and day how
many of them were kept and how many were over the daily limit."""

from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from . import feedback
from .models import Feedback, ZeroResultDay, ZeroResultQuery


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows come from readers; editors read and may delete spam, never add or edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    change_list_template = "admin/faq/feedback/change_list.html"
    list_display = ("entry_id", "lang", "helpful", "short_comment", "updated")
    list_filter = ("lang", "helpful", "updated")
    search_fields = ("entry_id", "comment")
    ordering = ("-updated",)
    exclude = ("visitor", "client")

    @admin.display(description=_("comment"))
    def short_comment(self, obj):
        return Truncator(obj.comment).chars(80)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "summary": feedback.entry_summary()}
        return super().changelist_view(request, extra_context)


@admin.register(ZeroResultQuery)
class ZeroResultQueryAdmin(ReadOnlyAdmin):
    list_display = ("query", "lang", "count", "last_seen", "first_seen")
    list_filter = ("lang",)
    search_fields = ("query",)
    ordering = ("-count", "-last_seen")


@admin.register(ZeroResultDay)
class ZeroResultDayAdmin(ReadOnlyAdmin):
    list_display = ("day", "lang", "kept", "dropped")
    list_filter = ("lang",)
    ordering = ("-day", "lang")
