"""The demo's rights registers: what a social worker has recorded that a client receives.

Rights that come automatically mostly arrive: a client on leefloon for a year has the increased
reimbursement and the social energy tariff, and a file that says otherwise is not believable.
For each right a demo client is eligible for (by the app's own rules), the register records
"receives" with a share that follows how the right is granted: most of the automatic ones,
some of those granted partly automatically, a third of those on application only (studies
of non-take-up in Belgium find that a third to a half of those entitled do not claim). What is
left is what the first scan shows as possibly not taken up.

Runs after the files are seeded, batch by batch with the scan's own reads; a file that already
has a register is left alone, so running it again adds nothing.
"""

import datetime as dt
import random

from django.db import transaction
from django.db.models import Exists, OuterRef

from clients.models import Assignment, Client
from rights.models import ClientRight, Right
from rights.scan.reads import _batch_facts, rights_in_force

# The share of the eligible who receive a right, by how it is granted (Right.Automatic).
RECEIVED_SHARE = {Right.Automatic.YES: 0.9, Right.Automatic.PARTLY: 0.65, Right.Automatic.NO: 0.35}
BATCH_SIZE = 2000
EVIDENCE = "demo"


def seed_rights_register(*, seed: int, today: dt.date, batch_size: int = BATCH_SIZE) -> int:
    """Record what demo clients receive, for the files without a register yet. Returns the
    number of register lines written."""
    rights = rights_in_force(today)
    written, last_id = 0, 0
    has_register = ClientRight.objects.filter(client=OuterRef("pk"))
    while True:
        clients = list(
            Client.objects.filter(closed_on__isnull=True, pk__gt=last_id)
            .exclude(Exists(has_register))
            .order_by("pk")[:batch_size]
        )
        if not clients:
            return written
        last_id = clients[-1].pk
        workers = dict(
            Assignment.objects.filter(
                client_id__in=[c.pk for c in clients], ended_at__isnull=True
            ).values_list("client_id", "worker_id")
        )
        facts = _batch_facts(clients, on=today).facts
        lines = []
        for client in clients:
            worker = workers.get(client.pk)
            if worker is None or client.pk not in facts:
                continue
            for checked in rights:
                finding = checked.rule(facts[client.pk], checked.params)
                if finding is None or not finding.eligible:
                    continue
                rng = random.Random(f"{seed}:{client.pk}:{checked.right.code}")  # noqa: S311  # demo data
                if rng.random() >= RECEIVED_SHARE[Right.Automatic(checked.right.automatic)]:
                    continue
                lines.append(
                    ClientRight(
                        client_id=client.pk,
                        right_id=checked.right.pk,
                        status=ClientRight.Status.RECEIVES,
                        since=today - dt.timedelta(days=rng.randint(30, 1500)),
                        evidence=EVIDENCE,
                        recorded_by_id=worker,
                    )
                )
        with transaction.atomic():
            ClientRight.objects.bulk_create(lines, batch_size=500)
        written += len(lines)
