"""Demo workshops (used by `manage.py seed_demo`, after the accounts, branch directory and
insured demos).

The demo employer رضا کریمی (0071234561) owns two workshops at branch 1001:
* «شرکت نمونه پارس» (3045678901) with e-notification: the paper form was signed at
  the branch and recorded by the demo head of branch (0084575948) when present;
* «کارگاه تولیدی البرز» (3045678902) without.

Created through `workshop_create` (the demo shortcut of an accepted registration case).
Idempotent: existing workshops are left as they are.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.http import Http404

from branches.selectors.directory import branch_get_public
from branches.selectors.staff import staff_memberships_for_user
from employers.models import Workshop
from employers.services.workshops import e_notification_opt_in_record, workshop_create

EMPLOYER_NATIONAL_CODE = "0071234561"
STAFF_HEAD_NATIONAL_CODE = "0084575948"
BRANCH_CODE = "1001"
OPT_IN_SIGNED_ON = dt.date(2024, 10, 6)  # 1403/07/15

DEMO_WORKSHOPS = (
    {
        "code": "3045678901",
        "name": "شرکت نمونه پارس",
        "employer_name": "رضا کریمی",
        "address": "تهران، خیابان ولیعصر، بالاتر از میدان ونک، پلاک ۲۱۰",
        "e_notification": True,
    },
    {
        "code": "3045678902",
        "name": "کارگاه تولیدی البرز",
        "employer_name": "رضا کریمی",
        "address": "تهران، جاده مخصوص کرج، کیلومتر ۱۲، خیابان صنعت ۴",
        "e_notification": False,
    },
)


def seed(stdout) -> None:
    users = get_user_model().objects
    owner = users.filter(national_code=EMPLOYER_NATIONAL_CODE).first()
    if owner is None:
        stdout.write(f"  workshops: demo employer {EMPLOYER_NATIONAL_CODE} missing; skipped")
        return
    try:
        branch = branch_get_public(code=BRANCH_CODE)
    except Http404:
        stdout.write(f"  workshops: branch {BRANCH_CODE} missing; skipped")
        return
    head = users.filter(national_code=STAFF_HEAD_NATIONAL_CODE).first()
    if (
        head is not None
        and not staff_memberships_for_user(user=head).filter(branch=branch).exists()
    ):
        head = None
    for demo in DEMO_WORKSHOPS:
        workshop = Workshop.objects.filter(code=demo["code"]).first()
        if workshop is not None:
            stdout.write(f"  workshop {demo['code']}: already present")
            continue
        workshop = workshop_create(
            code=demo["code"],
            name=demo["name"],
            employer_name=demo["employer_name"],
            address=demo["address"],
            branch=branch,
            owner=owner,
        )
        if demo["e_notification"]:
            if head is not None:
                e_notification_opt_in_record(
                    staff_user=head, workshop=workshop, signed_on=OPT_IN_SIGNED_ON
                )
            else:
                # No demo staff to record it: set the opt-in directly (demo data only).
                workshop.e_notification_opt_in = True
                workshop.e_notification_form_signed_on = OPT_IN_SIGNED_ON
                workshop.save(
                    update_fields=[
                        "e_notification_opt_in",
                        "e_notification_form_signed_on",
                        "updated_at",
                    ]
                )
        stdout.write(f"  workshop {demo['code']} {demo['name']}: created")
