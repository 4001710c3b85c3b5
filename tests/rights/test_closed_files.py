"""A closed client file leaves the worklists: its open flags are not counted or listed until the
file is reopened."""

from django.utils import timezone

from clients.models import Client
from rights.selectors import open_flag_count, worklist_flags
from tests.factories import client_of, flag_for, team_lead
from wijkteams.models import User, Wijkteam


def test_flags_of_a_closed_file_leave_the_count_and_the_list_until_it_reopens(
    team: Wijkteam, worker: User
) -> None:
    lead = team_lead(team)
    open_file, closed_file = client_of(worker), client_of(worker)
    kept, hidden = flag_for(open_file), flag_for(closed_file)
    Client.objects.filter(pk=closed_file.pk).update(closed_on=timezone.localdate())

    assert open_flag_count(user=worker) == 1
    assert list(worklist_flags(user=worker)) == [kept]
    assert list(worklist_flags(user=lead)) == [kept]

    Client.objects.filter(pk=closed_file.pk).update(closed_on=None)
    assert open_flag_count(user=worker) == 2
    assert set(worklist_flags(user=lead)) == {kept, hidden}
