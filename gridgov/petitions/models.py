"""What a petition records beside its case, and the leaders' tour visits where petitions are received on site."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gridgov.cases.models import Case, CaseScopedQuerySet
from gridgov.geo.models import Area
from gridgov.geo.scoping import ScopedQuerySet
from gridgov.org.models import Staff, Unit


class PetitionChannel(models.TextChoices):
    VISIT = "visit", _("visit")
    LETTER = "letter", _("letter")
    PHONE = "phone", _("phone")
    ONLINE = "online", _("online")
    MAILBOX = "mailbox", _("leader's mailbox")


GROUP_SIZE = 5  # five or more people petitioning together make a group petition


class TourVisitQuerySet(ScopedQuerySet):
    scope_field = "area__code"
    scope_with_ancestors = True  # a visit to my township is visible to the villages in it


class TourVisit(models.Model):
    """A leader goes down to a township or village to receive petitions on site."""

    leader = models.ForeignKey(Staff, verbose_name=_("leader"), related_name="tour_visits", on_delete=models.PROTECT)
    area = models.ForeignKey(Area, verbose_name=_("area visited"), related_name="tour_visits",
                             on_delete=models.PROTECT)
    day = models.DateField(_("day"), db_index=True)
    place = models.CharField(_("place"), max_length=200)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = TourVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("tour visit")
        verbose_name_plural = _("tour visits")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day} {self.area.name} {self.place}"


class PetitionQuerySet(CaseScopedQuerySet):
    """Visible exactly when its case is (``Case.objects.visible_to``)."""


class Petition(models.Model):
    case = models.OneToOneField(Case, verbose_name=_("case"), primary_key=True, related_name="petition",
                                on_delete=models.CASCADE, db_constraint=False)  # partitioned: gridgov.partitions
    channel = models.CharField(_("petition channel"), max_length=20, choices=PetitionChannel.choices)
    people = models.PositiveIntegerField(_("number of petitioners"), default=1)
    departments = models.ManyToManyField(Unit, verbose_name=_("departments concerned"), blank=True,
                                         related_name="+")
    repeat_of = models.ForeignKey(Case, verbose_name=_("repeat of"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="repeats", db_constraint=False)
    repeat_reason = models.CharField(_("why it is a repeat"), max_length=100, blank=True)
    tour_visit = models.ForeignKey(TourVisit, verbose_name=_("received at the tour visit"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="petitions")

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_channel_display()}"

    @property
    def is_group(self) -> bool:
        return self.people >= GROUP_SIZE
