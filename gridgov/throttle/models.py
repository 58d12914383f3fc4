from django.db import models
from django.utils.translation import gettext_lazy as _


class Counter(models.Model):
    """How many times ``key`` (e.g. "public-report:203.0.113.7") was hit in the window starting at ``window_start``
    (Unix seconds). One row per key: a hit in a later window starts the count again (see ``counters.hit``)."""

    key = models.CharField(_("key"), max_length=200, primary_key=True)
    window_start = models.BigIntegerField(_("window start (Unix time)"))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("throttle counter")
        verbose_name_plural = _("throttle counters")
        indexes = [models.Index(fields=["window_start"], name="throttle_window_idx")]

    def __str__(self) -> str:
        return f"{self.key}: {self.count} since {self.window_start}"
