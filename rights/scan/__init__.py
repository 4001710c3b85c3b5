"""The non-take-up scan: run every rule over the facts of active clients and keep the flags in
step with what the rules find. Nightly over all clients, and for one client after a change.

Per batch of clients (ordered by id) a fixed number of queries, whatever the batch size: nine
bulk reads (clients, household members, incomes, rights register, aid calculations, aid
decisions, flags, the types of expired documents, the clients' kept states), a tenth only in a
batch that rewrites an explanation (the explanations it replaces), and at most eight bulk
writes (new flags, the events of closed and rewritten flags, closed flags, rewritten flags, the
access log, the run's counters, the clients' states removed and written), in one transaction;
the data-missing notes add at most four (see _notes_sync).

A full scan (nightly, or started by a team lead) runs the rules only for the clients whose
evaluation could change something: a client whose facts (all but the scan date), flags,
thresholds and rules are the same as at an evaluation that changed nothing is passed over until
the first day on which what the rules read of the date could answer otherwise
(rights/scan/unchanged.py). Every client is still read, and logged as read. A client's own scan
after a change always evaluates. On
PostgreSQL the inserts are COPYs (core.bulk), of tuples, never of model instances; members and
incomes are read as rows of the columns the rules need (facts.MemberRow, IncomeRow). The
rights and the thresholds in force are read once per run; a worker's batches and a client's own
scans read them again only when they changed (reads.rights_in_force_of). A client's own run is
written once, as it ends, with its counters. The run's `last_client_id` is
committed with each batch, so a run that was killed resumes after the last batch it finished
and writes nothing twice.

Idempotent: at most one flag per client and right is open (a constraint), and an open flag
whose facts did not change is not written at all (most nights change none). An open flag that
still holds but whose facts changed (their fingerprint), or whose thresholds version is no longer
the one in force, gets the new explanation, fingerprint and version; the explanation it had goes
into its history (a FlagEvent of kind "explanation"), so the card never shows stale figures. A
flag whose condition no longer holds closes with a reason. A dismissed flag is raised again only
when the facts its rule looked at changed (their fingerprint).

Texts stored by the scan (close reasons, event notes, the access log's what and why) are
English msgids, translated when shown, like the rest of the rights app.
"""

from rights.scan.evaluation import (
    CLOSED_DATA_MISSING,
    CLOSED_NO_LONGER_HOLDS,
    CLOSED_RECEIVES,
)
from rights.scan.reads import (
    BatchFacts,
    RightInForce,
    batch_rows,
    clients_after,
    rights_in_force,
)
from rights.scan.runs import (
    preview_parameters,
    scan_clients,
    scan_one_client,
    scan_run_fail,
    scan_run_for_tonight,
    scan_run_start,
)
from rights.scan.writes import (
    LOGGED_PURPOSE,
    OPENED_NOTE,
    SCAN_ACTOR,
)

__all__ = [
    "CLOSED_DATA_MISSING",
    "CLOSED_NO_LONGER_HOLDS",
    "CLOSED_RECEIVES",
    "LOGGED_PURPOSE",
    "OPENED_NOTE",
    "SCAN_ACTOR",
    "BatchFacts",
    "RightInForce",
    "batch_rows",
    "clients_after",
    "preview_parameters",
    "rights_in_force",
    "scan_clients",
    "scan_one_client",
    "scan_run_fail",
    "scan_run_for_tonight",
    "scan_run_start",
]
