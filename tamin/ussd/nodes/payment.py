"""۴ پرداخت حق بیمه: an employer chooses a workshop that owes → an SMS (through the outbox,
`notifications.services.notify`) with the absolute link of that workshop's debt page, where
the payment starts (`TAMIN_SITE_URL` + the page's path, as the PDFs' links are built).

Nothing is paid over USSD: the link opens the portal, which asks the person to sign in
and starts the payment with the bank as the web page always does.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from employers.selectors import WorkshopDebtOverview, debt_overview_for_user
from notifications.services import notify
from tamin.core.jalali import format_code, format_rial, persian_digits
from tamin.core.services import audit_record
from tamin.ussd.nodes.base import (
    Answer,
    Choice,
    Ctx,
    Listing,
    Move,
    Node,
    Push,
    Screen,
    Text,
    node,
    snapshot,
)
from tamin.ussd.nodes.inquiries import NOT_EMPLOYER

PAYMENT_LINK_TEMPLATE = "ussd_payment_link"
NOTHING_OWED = "کارگاه‌های شما بدهی پرداخت‌نشده‌ای ندارند."


def _owing(ctx: Ctx) -> list[WorkshopDebtOverview] | None:
    """The person's workshops that owe; None when they act for no workshop at all."""
    overview = debt_overview_for_user(user=ctx.user, today=timezone.localdate())
    if not overview:
        return None
    return [w for w in overview if w.total > 0]


def payment_link(*, workshop_id: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("employers:debt", args=[workshop_id])


@node
class PaymentWorkshops(Node):
    name = "payment"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        if "items" not in args:
            owing = _owing(ctx)
            if owing is None:
                return Text((NOT_EMPLOYER,))
            snapshot(
                args,
                lambda: [
                    [w.workshop_id, f"{persian_digits(w.name)} ({format_code(w.code)})"]
                    for w in owing
                ],
            )
        if not args["items"]:
            return Text((NOTHING_OWED,))
        return Listing("کارگاه بدهکار را برگزینید", tuple(label for _id, label in args["items"]))

    def choose(self, ctx: Ctx, args: dict, choice: Choice) -> Move | None:
        if choice.index is None:
            return None
        return Push("payment_confirm", {"workshop": args["items"][choice.index][0]})


@node
class PaymentConfirm(Node):
    name = "payment_confirm"

    def screen(self, ctx: Ctx, args: dict) -> Screen:
        if "blocks" not in args:
            workshop = next(
                (w for w in _owing(ctx) or () if w.workshop_id == args["workshop"]), None
            )
            if workshop is None:
                return Text((NOTHING_OWED,))
            args["blocks"] = [
                f"{persian_digits(workshop.name)} ({format_code(workshop.code)})",
                f"بدهی: {format_rial(workshop.total)}",
            ]
        return Text(tuple(args["blocks"]), actions=(("1", "پیامک پیوند پرداخت"),))

    def choose(self, ctx: Ctx, args: dict, choice: Choice) -> Move | None:
        if choice.key != "1":
            return None
        # Again, at the moment of sending: the workshop is still the caller's and still owes.
        workshop = next((w for w in _owing(ctx) or () if w.workshop_id == args["workshop"]), None)
        if workshop is None:
            return Answer((NOTHING_OWED,), back_to="payment")
        notify(
            recipient=ctx.user,
            template_key=PAYMENT_LINK_TEMPLATE,
            context={
                "workshop": persian_digits(workshop.name),
                "workshop_code": format_code(workshop.code),
                "amount": format_rial(workshop.total),
                "link": payment_link(workshop_id=workshop.workshop_id),
            },
            channels=["sms"],
            # One SMS per workshop and USSD session, however often «۱» is sent.
            idempotency_key=f"{PAYMENT_LINK_TEMPLATE}:{ctx.session_ref}:{workshop.workshop_id}",
        )
        audit_record(
            action="ussd.payment_link",
            actor=ctx.user,
            target_type="employers.workshop",
            target_id=workshop.workshop_id,
            request=ctx.request,
        )
        return Answer(
            ("پیوند پرداخت برای شما پیامک شد؛ پس از ورود به درگاه بپردازید.",),
            back_to="payment",
        )
