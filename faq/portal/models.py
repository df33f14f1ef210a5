"""Reader feedback stored in the database: helpful votes and searches that found nothing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

COMMENT_MAX = 1000
QUERY_MAX = 200


class Feedback(models.Model):
    """One "Was this helpful?" vote: one row per entry, language and visitor; a second vote
    from the same visitor updates the row."""

    entry_id = models.CharField(_("entry"), max_length=100)
    lang = models.CharField(_("language"), max_length=8)
    visitor = models.CharField(max_length=64, editable=False)  # random id from a signed cookie
    client = models.CharField(max_length=64, editable=False)  # HMAC of the client address, for the cap
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["entry_id", "lang", "visitor"], name="one_vote_per_visitor")
        ]
        indexes = [models.Index(fields=["client", "updated"], name="feedback_client_recent")]

    def __str__(self):
        return f"{self.lang}/{self.entry_id}: {'+' if self.helpful else '-'}"


class ZeroResultQuery(models.Model):
    """A normalized search that found nothing, counted so editors see what to write next."""

    query = models.CharField(_("query"), max_length=QUERY_MAX)
    lang = models.CharField(_("language"), max_length=8)
    count = models.PositiveIntegerField(_("count"), default=1)
    first_seen = models.DateTimeField(_("first seen"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last seen"), auto_now=True)

    class Meta:
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        constraints = [models.UniqueConstraint(fields=["query", "lang"], name="one_row_per_query")]

    def __str__(self):
        return f"{self.lang}: {self.query}"


class ZeroResultDay(models.Model):
    """Per language and day: how many new distinct queries were kept (at most
    settings.FAQ_ZERO_RESULTS_PER_DAY), and how many searches without results were not kept."""

    day = models.DateField(_("day"))
    lang = models.CharField(_("language"), max_length=8)
    kept = models.PositiveIntegerField(_("new queries kept"), default=0)
    dropped = models.PositiveBigIntegerField(_("searches not kept"), default=0)

    class Meta:
        verbose_name = _("searches without results per day")
        verbose_name_plural = _("searches without results per day")
        constraints = [models.UniqueConstraint(fields=["day", "lang"], name="one_row_per_day")]

    def __str__(self):
        return f"{self.lang} {self.day}: {self.kept} kept, {self.dropped} not kept"
