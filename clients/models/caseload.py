"""Caseload figures per team and social worker, kept by database triggers
(clients/caseload_counts.py)."""

from django.conf import settings
from django.db import models

from core.fields import DateField
from wijkteams.models import Wijkteam


class CaseloadCount(models.Model):
    """Per wijkteam and social worker: open files and open trajectories per kind (the team
    page's figures, and the worker home's). Written only by database triggers
    (clients/caseload_counts.py), never by Django; no foreign-key constraints, so the triggers'
    writes never wait on them, and team 0 holds the files without a team."""

    team = models.ForeignKey(
        Wijkteam,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        db_index=False,
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    files = models.IntegerField(default=0)
    intake = models.IntegerField(default=0)
    debt_help = models.IntegerField(default=0)
    activation = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "worker"], name="caseload_count_unique")
        ]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.worker_id}: {self.files}"


class FollowUpCount(models.Model):
    """Per wijkteam, social worker and date: journal follow-ups not done yet on open files.
    Written only by database triggers (clients/caseload_counts.py)."""

    team = models.ForeignKey(
        Wijkteam,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        db_index=False,
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    due_on = DateField()
    entries = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "worker", "due_on"], name="follow_up_count_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.worker_id} {self.due_on}: {self.entries}"
