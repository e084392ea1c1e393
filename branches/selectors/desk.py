"""Reads of the 1420 contact desk: tickets, the staff queue, the common questions on the
contact page, and whether the contact centre is open right now.

Who sees what:
- a requester sees only their own tickets (anyone else's is a 404);
- contact-desk staff are all active members of an active branch (`StaffMembership`):
  tickets carry no branch, so every desk officer works the one shared queue;
  anyone else gets a 404 from the staff selectors;
- the channels, hours and published common questions are public. Common questions live
  in the public content (`tamin.content`); the desk reads them through its selectors and
  acts only on the ones it published from a ticket.

Opening hours come from `settings.CONTACT_CENTRE_HOURS` (weekday key → "HH-HH",
a missing key is a closed day) and are always evaluated in Tehran time, whatever
the server's clock zone; on an official holiday (`branches.selectors.holidays`) the
centre is closed and says which holiday it is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Max, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Ticket, TicketCategory, TicketMessage, TicketStatus
from branches.selectors.holidays import holiday_names_between
from branches.selectors.staff import staff_memberships_for_user
from tamin.content import selectors as content_selectors
from tamin.core.jalali import WEEKDAY_NAMES, format_jalali_date, persian_digits

TEHRAN = ZoneInfo("Asia/Tehran")
# How far ahead to look for the next opening: past the longest run of holidays (Nowruz).
LOOKAHEAD_DAYS = 15

# Saturday first, as the Iranian week runs; index i matches jalali.WEEKDAY_NAMES[i].
WEEK_KEYS = ("sat", "sun", "mon", "tue", "wed", "thu", "fri")
# Python's date.weekday(): Monday is 0.
_KEY_FOR_PY_WEEKDAY = {5: "sat", 6: "sun", 0: "mon", 1: "tue", 2: "wed", 3: "thu", 4: "fri"}
_HOURS_RE = re.compile(
    r"^\s*([0-9]{1,2})(?::([0-9]{2}))?\s*-\s*([0-9]{1,2})(?::([0-9]{2}))?\s*$", re.ASCII
)


# --- Tickets: the requester's side ------------------------------------------------


def ticket_category_list() -> QuerySet[TicketCategory]:
    return TicketCategory.objects.all()


def ticket_list_for_requester(*, user) -> QuerySet[Ticket]:
    if not getattr(user, "is_authenticated", False):
        return Ticket.objects.none()
    return Ticket.objects.filter(requester=user).select_related("category").order_by("-created_at")


def ticket_get_for_requester(*, user, ticket_id: int) -> Ticket:
    """The person's own ticket; 404 when it is missing or someone else's."""
    ticket = (
        ticket_list_for_requester(user=user)
        .select_related("requester")
        .filter(pk=ticket_id)
        .first()
    )
    if ticket is None:
        raise Http404
    return ticket


def ticket_messages_list(*, ticket: Ticket) -> QuerySet[TicketMessage]:
    """The conversation, oldest first (the ticket was already access-checked)."""
    return ticket.messages.select_related("author").order_by("created_at", "id")


# --- Tickets: the desk's side -----------------------------------------------------


def desk_staff_is(*, user) -> bool:
    """Contact-desk staff = an active member of any active branch."""
    return staff_memberships_for_user(user=user).exists()


def _require_desk_staff(user) -> None:
    if not desk_staff_is(user=user):
        raise Http404


def ticket_queue_for_staff(
    *, user, status: str | None = TicketStatus.OPEN, category: str | None = None
) -> QuerySet[Ticket]:
    """The shared queue. `status` None = every status; `category` is a category key.

    Open tickets come oldest first (first come, first served); other views newest
    first. One query however many rows: category and requester are joined and the
    message count / last activity are aggregates.
    """
    _require_desk_staff(user)
    tickets = Ticket.objects.select_related("category", "requester").annotate(
        message_count=Count("messages"), last_message_at=Max("messages__created_at")
    )
    if status:
        if status not in TicketStatus.values:
            return Ticket.objects.none()
        tickets = tickets.filter(status=status)
    if category:
        tickets = tickets.filter(category__key=category)
    if status == TicketStatus.OPEN:
        return tickets.order_by("created_at", "id")
    return tickets.order_by("-created_at", "-id")


def ticket_get_for_staff(*, user, ticket_id: int) -> Ticket:
    """Any ticket for desk staff; 404 for everybody else and for a missing ticket."""
    _require_desk_staff(user)
    ticket = Ticket.objects.select_related("category", "requester").filter(pk=ticket_id).first()
    if ticket is None:
        raise Http404
    return ticket


def faq_get_for_staff(*, user, faq_id: int):
    """A common question the desk published from a ticket, published or withdrawn; 404 for
    anyone but desk staff, for a missing one and for one written in the admin (the desk
    does not take down what the content editors wrote)."""
    _require_desk_staff(user)
    faq = content_selectors.faq_get(pk=faq_id, include_unpublished=True)
    if faq is None or faq.source_ticket_id is None:
        raise Http404
    return faq


def faq_list_for_ticket(*, ticket: Ticket):
    """The common questions made from this ticket, published or not (staff page)."""
    return content_selectors.faq_list_for_source_ticket(ticket_id=ticket.pk)


# --- Public: common questions on the contact page ---------------------------------------

# The contact page shows the first questions in staff's order and links to all of them.
CONTACT_FAQS_SHOWN = 10


@dataclass(frozen=True)
class FaqGroup:
    heading: str  # a topic, «سایر پرسش‌ها», or "" when no question shown has a topic
    faqs: list


@dataclass(frozen=True)
class ContactFaqs:
    groups: list[FaqGroup]
    shown: int
    total: int  # every published question, on `/faq/`


def faq_groups_for_contact_page(*, limit: int = CONTACT_FAQS_SHOWN) -> ContactFaqs:
    """The first `limit` published common questions (every audience, staff's order), grouped
    by topic in the order topics first appear; questions without a topic come last under
    «سایر پرسش‌ها». When none shown has a topic there is one group without a heading."""
    published = content_selectors.faq_list()
    shown = list(published[:limit])
    total = len(shown) if len(shown) < limit else published.count()
    by_topic: dict[str, list] = {}
    for faq in shown:
        by_topic.setdefault(faq.topic, []).append(faq)
    untitled = by_topic.pop("", [])
    if not by_topic:
        groups = [FaqGroup(heading="", faqs=untitled)] if untitled else []
    else:
        groups = [FaqGroup(heading=topic, faqs=faqs) for topic, faqs in by_topic.items()]
        if untitled:
            groups.append(FaqGroup(heading=_("سایر پرسش‌ها"), faqs=untitled))
    return ContactFaqs(groups=groups, shown=len(shown), total=total)


# --- Public: channels and opening hours --------------------------------------------


@dataclass(frozen=True)
class DayHours:
    key: str
    name: str  # Persian weekday name
    opens: dt.time | None
    closes: dt.time | None

    @property
    def is_closed_day(self) -> bool:
        return self.opens is None

    @property
    def label(self) -> str:
        """«۰۸:۰۰ تا ۲۰:۰۰» or «تعطیل»."""
        if self.opens is None or self.closes is None:
            return _("تعطیل")
        return _("%(opens)s تا %(closes)s") % {
            "opens": _clock(self.opens),
            "closes": _clock(self.closes),
        }


@dataclass(frozen=True)
class ContactChannel:
    key: str  # phone | voice | sms | in_person
    name: str
    how: str  # how to reach it, Persian
    address: str  # the number to dial / text, or "" (shown left-to-right)
    is_open: bool
    status: str  # «باز است تا ساعت ۲۰:۰۰» / «بسته است؛ بازگشایی …»
    # What a page adds beside its own open/closed badge, without saying the state again:
    # «تا ساعت ۲۰:۰۰», «بازگشایی …», the holiday.
    detail: str
    next_opening: str  # Persian, "" while open
    holiday: str  # today's official holiday, "" on an ordinary day


def _clock(value: dt.time) -> str:
    return persian_digits(value.strftime("%H:%M"))


def _parse_hours(text: str) -> tuple[dt.time, dt.time] | None:
    """ "08-20" or "08:30-16:00" → (opens, closes); anything unreadable counts as closed."""
    match = _HOURS_RE.match(str(text or ""))
    if not match:
        return None
    open_h, open_m, close_h, close_m = match.groups()
    try:
        opens = dt.time(int(open_h), int(open_m or 0))
        # "24" means until midnight.
        closes = dt.time.max if int(close_h) == 24 else dt.time(int(close_h), int(close_m or 0))
    except ValueError:
        return None
    return (opens, closes) if opens < closes else None


def contact_hours_table() -> list[DayHours]:
    """Saturday to Friday, from settings.CONTACT_CENTRE_HOURS."""
    hours = getattr(settings, "CONTACT_CENTRE_HOURS", {}) or {}
    table = []
    for index, key in enumerate(WEEK_KEYS):
        parsed = _parse_hours(hours.get(key, ""))
        opens, closes = parsed if parsed else (None, None)
        table.append(DayHours(key=key, name=WEEKDAY_NAMES[index], opens=opens, closes=closes))
    return table


def _hours_on(table: dict[str, DayHours], day: dt.date) -> DayHours:
    return table[_KEY_FOR_PY_WEEKDAY[day.weekday()]]


def _next_opening(table: dict[str, DayHours], local: dt.datetime, holidays: dict) -> str:
    """When the centre opens next, in Persian («امروز ساعت ۰۸:۰۰», «فردا، …», «شنبه …»);
    official holidays are skipped like closed weekdays."""
    for offset in range(LOOKAHEAD_DAYS):
        day = local.date() + dt.timedelta(days=offset)
        hours = _hours_on(table, day)
        if hours.opens is None or day in holidays:
            continue
        if offset == 0 and local.time() >= hours.opens:
            continue
        at = _clock(hours.opens)
        if offset == 0:
            return _("امروز ساعت %(at)s") % {"at": at}
        if offset == 1:
            return _("فردا، %(day)s ساعت %(at)s") % {"day": hours.name, "at": at}
        if offset <= 7:
            return _("%(day)s ساعت %(at)s") % {"day": hours.name, "at": at}
        return _("%(day)s %(date)s ساعت %(at)s") % {
            "day": hours.name,
            "date": format_jalali_date(day, long=True),
            "at": at,
        }
    return ""


@dataclass(frozen=True)
class CentreNow:
    is_open: bool
    today: DayHours
    local: dt.datetime  # the instant in Tehran time
    holiday: str  # today's official holiday, "" on an ordinary day
    next_opening: str  # Persian, "" while open


def contact_centre_now(*, now: dt.datetime | None = None) -> CentreNow:
    """Open or closed right now by the weekly hours and the official holidays (one query)."""
    local = (now or timezone.now()).astimezone(TEHRAN)
    table = {day.key: day for day in contact_hours_table()}
    today = _hours_on(table, local.date())
    holidays = holiday_names_between(
        start=local.date(), end=local.date() + dt.timedelta(days=LOOKAHEAD_DAYS)
    )
    holiday = holidays.get(local.date(), "")
    is_open = (
        not holiday
        and today.opens is not None
        and today.closes is not None
        and today.opens <= local.time() < today.closes
    )
    return CentreNow(
        is_open=is_open,
        today=today,
        local=local,
        holiday=holiday,
        next_opening="" if is_open else _next_opening(table, local, holidays),
    )


def contact_channels_now(*, now: dt.datetime | None = None) -> list[ContactChannel]:
    """The four 1420 channels with "open now / closed" computed in Tehran time."""
    centre = contact_centre_now(now=now)
    next_opening = centre.next_opening
    if centre.is_open and centre.today.closes is not None:
        detail = _("تا ساعت %(at)s") % {"at": _clock(centre.today.closes)}
        status = _("باز است تا ساعت %(at)s") % {"at": _clock(centre.today.closes)}
    elif centre.holiday and next_opening:
        detail = status = _("به مناسبت %(holiday)s تعطیل است؛ بازگشایی %(when)s") % {
            "holiday": centre.holiday,
            "when": next_opening,
        }
    elif centre.holiday:
        detail = status = _("به مناسبت %(holiday)s تعطیل است") % {"holiday": centre.holiday}
    elif next_opening:
        detail = _("بازگشایی %(when)s") % {"when": next_opening}
        status = _("بسته است؛ بازگشایی %(when)s") % {"when": next_opening}
    else:
        detail = ""
        status = _("بسته است")
    sms_number = getattr(settings, "CONTACT_CENTRE_SMS_NUMBER", "")
    channels = [
        (
            "phone",
            _("تلفن ۱۴۲۰"),
            _(
                "از تلفن ثابت شماره ۱۴۲۰ را بگیرید؛ از تلفن همراه، پیش‌شماره استان را پیش از "
                "۱۴۲۰ بگیرید."
            ),
            "1420",
        ),
        (
            "voice",
            _("پیام صوتی"),
            _(
                "با ۱۴۲۰ تماس بگیرید و گزینه گذاشتن پیام صوتی را برگزینید؛ کارشناس در ساعات کاری "
                "با شما تماس می‌گیرد."
            ),
            "1420",
        ),
        (
            "sms",
            _("پیامک"),
            _("پرسش کوتاه خود را همراه کد ملی به این شماره پیامک کنید."),
            sms_number,
        ),
        (
            "in_person",
            _("مراجعه حضوری"),
            _(
                "در ساعات کاری به میز خدمت شعب تأمین اجتماعی مراجعه کنید؛ کارت ملی همراه داشته باشید."
            ),
            "",
        ),
    ]
    return [
        ContactChannel(
            key=key,
            name=name,
            how=how,
            address=address,
            is_open=centre.is_open,
            status=status,
            detail=detail,
            next_opening=next_opening,
            holiday=centre.holiday,
        )
        for key, name, how, address in channels
    ]
