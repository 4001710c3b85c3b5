"""Writes to staff accounts: what an administrator may do (create, change, reset, roles) and the
enrolment with a one-time link. Each writes its account-log row in the same transaction."""

import datetime as dt
import enum
import hashlib
import logging
import secrets
import smtplib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from wijkteams.accounts.log import (
    DETAIL_FIELDS,
    DETAIL_VALUES_KEPT,
    account_log_record,
    membership_facts,
)
from wijkteams.models import AccountLog, EnrolmentLink, Membership, User
from wijkteams.services import membership_validate
from wijkteams.two_factor.services import two_factor_confirm, two_factor_reset

logger = logging.getLogger(__name__)

Action = AccountLog.Action

# The token is 32 random bytes (256 bits) in the URL; the database keeps its SHA-256 only, so a
# copy of the database (a backup) opens no account.
TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- the administrator's changes ---------------------------------------------------------------


@transaction.atomic
def account_create(*, actor: User, user: User) -> User:
    """Save a new staff account without a usable password: only an enrolment link sets one."""
    user.set_unusable_password()
    user.save()
    account_log_record(
        actor=actor,
        subject=user,
        action=Action.CREATED,
        params={
            "administrator": user.is_staff,
            "officer": user.is_data_protection_officer,
            "active": user.is_active,
        },
    )
    return user


@transaction.atomic
def account_update(*, actor: User, user: User) -> User:
    """Save an administrator's changes to an account (never its password) and log what they
    mean: activation, administrator, officer or committee status, a changed name or e-mail
    address."""
    before = User.objects.select_for_update().get(pk=user.pk)
    # The password is not the administrator's to change, whatever the instance carries.
    user.password = before.password
    user.save()
    flags = (
        ("is_active", Action.ACTIVATED, Action.DEACTIVATED),
        ("is_staff", Action.ADMINISTRATOR_GRANTED, Action.ADMINISTRATOR_REVOKED),
        ("is_data_protection_officer", Action.OFFICER_GRANTED, Action.OFFICER_REVOKED),
        ("is_committee_member", Action.COMMITTEE_GRANTED, Action.COMMITTEE_REVOKED),
    )
    for field, granted, revoked in flags:
        old, new = getattr(before, field), getattr(user, field)
        if old != new:
            account_log_record(actor=actor, subject=user, action=granted if new else revoked)
    changed = [name for name in DETAIL_FIELDS if getattr(before, name) != getattr(user, name)]
    if changed:
        params: dict[str, object] = {"fields": changed}
        for name in changed:
            if name in DETAIL_VALUES_KEPT:
                params[name] = [getattr(before, name), getattr(user, name)]
        account_log_record(actor=actor, subject=user, action=Action.DETAILS_CHANGED, params=params)
    return user


@transaction.atomic
def membership_save(*, actor: User, membership: Membership) -> Membership:
    """Save a team role as the administrator set it (validated by the form: membership_validate)
    and log it as added or, with the fields that changed, as changed."""
    before = (
        Membership.objects.select_for_update().filter(pk=membership.pk).first()
        if membership.pk
        else None
    )
    membership.save()
    facts = membership_facts(membership)
    if before is None:
        action = Action.ROLE_ADDED
    else:
        changed = [
            field.name
            for field in Membership._meta.concrete_fields
            if not field.primary_key
            and getattr(before, field.attname) != getattr(membership, field.attname)
        ]
        if not changed:
            return membership
        facts["changed"] = changed
        action = Action.ROLE_CHANGED
        if before.user_id != membership.user_id:
            # The role moved to someone else: for the earlier holder it was removed.
            account_log_record(
                actor=actor,
                subject=before.user,
                action=Action.ROLE_REMOVED,
                params=membership_facts(before),
            )
    account_log_record(actor=actor, subject=membership.user, action=action, params=facts)
    return membership


@transaction.atomic
def membership_end(*, actor: User, membership: Membership, ends_on: dt.date) -> Membership:
    """End a team role on a given day (included): it stops counting from the next day on. A
    role change like any other: validated, then saved and logged by membership_save."""
    membership.ends_on = ends_on
    membership_validate(membership)
    return membership_save(actor=actor, membership=membership)


@transaction.atomic
def membership_delete(*, actor: User, membership: Membership) -> None:
    """Delete a team role (a mistake: a role that ends gets an end date) and log it."""
    account_log_record(
        actor=actor,
        subject=membership.user,
        action=Action.ROLE_REMOVED,
        params=membership_facts(membership),
    )
    membership.delete()


# --- reset and enrolment link ------------------------------------------------------------------


@dataclass(frozen=True)
class EnrolmentIssued:
    """A reset's outcome for the administrator: the link to hand over (empty when mailed)."""

    user: User
    url: str
    expires_at: dt.datetime
    mailed_to: str


def mail_configured() -> bool:
    return bool(settings.EMAIL_HOST)


def _mail_link(user: User, url: str, expires_at: dt.datetime) -> bool:
    """Send the link to the person; False when the mail server refused or did not answer."""
    # The person reads Dutch first, whoever made the link.
    with override(settings.LANGUAGE_CODE):
        subject = _("Your OCMW account: choose a password")
        body = _(
            "Hello %(name)s,\n\nYour account %(username)s was reset. Open this link to choose a "
            "password and set up an authenticator app on your phone:\n\n%(url)s\n\nThe link "
            "works once, until %(until)s. If you did not expect it, tell the data-protection "
            "officer.\n"
        ) % {
            "name": user.get_full_name() or user.username,
            "username": user.username,
            "url": url,
            "until": date_format(timezone.localtime(expires_at), "DATETIME_FORMAT"),
        }
    try:
        send_mail(subject, body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        logger.warning("enrolment link for user %s could not be mailed", user.pk, exc_info=True)
        return False
    return True


def account_reset(*, actor: User, user: User, link_url: Callable[[str], str]) -> EnrolmentIssued:
    """Reset an account: its password becomes unusable, its app and backup codes go (so every
    session of it ends) and a new one-time enrolment link replaces any earlier one. The link
    is mailed to the person when mail is set up and they have an address, else returned to be
    shown once. `link_url` turns a token into the link's full URL."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = timezone.now()
    expires_at = now + dt.timedelta(hours=settings.ACCOUNT_ENROLMENT_HOURS)
    url = link_url(token)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        EnrolmentLink.objects.filter(
            user=user, used_at__isnull=True, replaced_at__isnull=True
        ).update(replaced_at=now)
        EnrolmentLink.objects.create(
            user=user, token_hash=token_hash(token), created_by=actor, expires_at=expires_at
        )
        # A new password hash: Django ends every session made with the old one.
        user.set_unusable_password()
        user.save(update_fields=["password"])
        two_factor_reset(actor=actor, user=user)
        mailed = bool(user.email) and mail_configured() and _mail_link(user, url, expires_at)
        params: dict[str, object] = {"expires_at": expires_at, "delivery": "shown"}
        if mailed:
            params |= {"delivery": "mail", "email": user.email}
        account_log_record(actor=actor, subject=user, action=Action.RESET, params=params)
    logger.info("account: user %s reset the account of user %s", actor.pk, user.pk)
    return EnrolmentIssued(
        user=user,
        url="" if mailed else url,
        expires_at=expires_at,
        mailed_to=user.email if mailed else "",
    )


class LinkState(enum.Enum):
    OPEN = "open"
    UNKNOWN = "unknown"
    USED = "used"
    REPLACED = "replaced"
    EXPIRED = "expired"


def enrolment_link_find(*, token: str) -> EnrolmentLink | None:
    return EnrolmentLink.objects.select_related("user").filter(token_hash=token_hash(token)).first()


def enrolment_link_state(
    link: EnrolmentLink | None, *, now: dt.datetime | None = None
) -> LinkState:
    if link is None:
        return LinkState.UNKNOWN
    if link.used_at is not None:
        return LinkState.USED
    if link.replaced_at is not None:
        return LinkState.REPLACED
    if link.expires_at <= (now or timezone.now()):
        return LinkState.EXPIRED
    return LinkState.OPEN


def enrolment_complete(*, token: str, password: str, otp_token: str, address: str) -> list[str]:
    """With an open link: the person's new password and the app set up on the enrolment page
    (its code confirms it), in one transaction that also uses the link up. Returns the new
    backup codes, to show once. Raises a ValidationError keyed by argument (password,
    token for the app's code) or, for a link that can no longer be used, with its state as code.
    A wrong code is still counted by the app's throttle."""
    refused: ValidationError | None = None
    with transaction.atomic():
        link = (
            EnrolmentLink.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=token_hash(token))
            .first()
        )
        state = enrolment_link_state(link)
        if link is None or state is not LinkState.OPEN:
            raise ValidationError(_("This enrolment link can no longer be used."), state.value)
        user = link.user
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.error_list}) from None
        try:
            _device, codes = two_factor_confirm(actor=user, token=otp_token)
        except ValidationError as error:
            # Kept for after the commit: the throttle's count of the failure must stay.
            refused = error
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
            link.used_at = timezone.now()
            link.save(update_fields=["used_at"])
            account_log_record(
                actor=None, subject=user, action=Action.ENROLLED, params={"address": address}
            )
    if refused is not None:
        raise refused
    logger.info("account: user %s enrolled with an enrolment link", user.pk)
    return codes
