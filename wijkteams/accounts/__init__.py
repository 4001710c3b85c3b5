"""Staff accounts as administrators manage them, without ever knowing a password.

An administrator never sets a staff member's password. A reset (a new person, a forgotten
password, a lost phone) makes the password unusable, removes the person's authenticator app and
backup codes (so every session of theirs ends) and makes a one-time enrolment link, valid
ACCOUNT_ENROLMENT_HOURS: mailed to the person when mail is set up, else shown once to the
administrator. With it the person chooses a password and sets up a new app. Only a hash of the
link's token is stored, a new link replaces the earlier one, and the token never reaches a log.

Every reset, enrolment, activation, change of administrator or officer status and change of a
team role is a row in the append-only account log (`log`), which the data-protection officer
and the administrators read and export; at the next login the person is told who reset the
account, and when (`notices`).

By topic: `log` (the one writer, the texts, the reads), `services` (resets, enrolment, the
admin's changes), `notices`, `forms` and `views`.
"""

# The enrolment page's path; the token follows it, and the request log masks it (core).
ENROLMENT_PATH = "/inschrijven/"
