"""System checks for SMS delivery timing (ids notifications.E001, notifications.W001).

A send attempt's lease must outlast the attempt (a status query and a send,
each bounded by SMS_GATEWAY_TIMEOUT for connecting and again for reading), or
a second worker could send while the first is still talking to the gateway. A
sign-in code whose worker died is found by the code sweeper after its lease and
threshold, and that must fall well inside the code's own validity.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def sms_delivery_timing_check(app_configs=None, **kwargs):
    findings = []
    lease = settings.SMS_SEND_LEASE_SECONDS
    longest_call = 2 * settings.SMS_GATEWAY_TIMEOUT
    if lease <= longest_call:
        findings.append(
            Error(
                f"SMS_SEND_LEASE_SECONDS ({lease}) must exceed twice SMS_GATEWAY_TIMEOUT "
                f"({longest_call:g} s), or a message could be sent twice.",
                hint="Raise SMS_SEND_LEASE_SECONDS or lower SMS_GATEWAY_TIMEOUT.",
                id="notifications.E001",
            )
        )
    worst_recovery = (
        lease
        + settings.NOTIFICATION_OTP_STUCK_AFTER_SECONDS
        + settings.NOTIFICATION_OTP_SWEEP_SECONDS
    )
    code_life = settings.OTP_CODE_VALID_SECONDS
    if worst_recovery * 2 > code_life:
        findings.append(
            Warning(
                f"A sign-in code whose worker died is sent again up to {worst_recovery:g} s "
                f"late, more than half its validity (OTP_CODE_VALID_SECONDS={code_life}).",
                hint="Shorten SMS_SEND_LEASE_SECONDS, NOTIFICATION_OTP_STUCK_AFTER_SECONDS "
                "or NOTIFICATION_OTP_SWEEP_SECONDS.",
                id="notifications.W001",
            )
        )
    return findings
