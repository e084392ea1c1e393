"""Account pages: thin views over tamin.accounts.services.

Between steps only ids and attempt ids live in the session; the session key is
rotated after the password and again at sign-in (django.contrib.auth.login).
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from tamin.accounts import services
from tamin.accounts.dashboard import dashboard_links_for_role
from tamin.accounts.forms.codes import CodeForm
from tamin.accounts.forms.email_address import EmailForm
from tamin.accounts.forms.password_reset import PasswordResetStartForm
from tamin.accounts.forms.registration import PasswordSetForm, RegistrationForm
from tamin.accounts.forms.sign_in import LoginForm
from tamin.accounts.middleware import ACTIVE_ROLE_SESSION_KEY, PRINCIPAL_BACKEND
from tamin.accounts.models import Role, User
from tamin.core.exceptions import ApplicationError
from tamin.core.net import client_ip
from tamin.core.services import audit_record

REGISTRATION_KEY = "registration"
LOGIN_KEY = "pending_login"
RESET_KEY = "password_reset"
PENDING_LOGIN_SECONDS = 600
# Refusals of a start step that are limits, not wrong input: answered 429 Too Many Requests.
RATE_LIMIT_CODES = frozenset({"otp_cooldown", "otp_too_many_sends", "too_many_starts"})


def lockout_response(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """django-axes calls this when an account or client is locked out (pages and API)."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "locked_out", "message": str(services.LOCKED_OUT_MESSAGE), "extra": {}},
            status=429,
        )
    return render(request, "accounts/locked.html", status=429)


def _audit_rejected_identifiers(request: HttpRequest, form, *, flow: str) -> None:
    """A national code or mobile that fails its checks is a security event too (probing)."""
    for field in ("national_code", "mobile"):
        if field in form.errors:
            audit_record(
                action=f"{flow}.invalid_{field}",
                target_type=field,
                target_id=str(form.data.get(field, ""))[:20],
                request=request,
                detail={"error": [error["code"] for error in form.errors.get_json_data()[field]]},
            )


# --- Registration -------------------------------------------------------------


def _start_step(
    request: HttpRequest, *, form, flow: str, start, session_key: str, next_name: str, template: str
) -> HttpResponse:
    """First page of a code flow: check the form, send the code, remember the attempt.

    The start service answers alike whether or not an account exists (a decoy
    attempt where no code may be sent), so this page and the next never tell.
    """
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            _audit_rejected_identifiers(request, form, flow=flow)
        else:
            try:
                sent = start(**form.cleaned_data, ip=client_ip(request))
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                status = 429 if exc.code in RATE_LIMIT_CODES else 200
            else:
                request.session[session_key] = {
                    "id": sent.pk,
                    "attempt": sent.attempt_id,
                    "mobile": sent.mobile_masked,
                    "verified": False,
                }
                return redirect(next_name)
    return render(request, template, {"form": form}, status=status)


def _code_step(
    request: HttpRequest, *, session_key: str, confirm, start_name: str, next_name: str, title: str
) -> HttpResponse:
    """Second page of a code flow: the SMS code proves the mobile."""
    state = request.session.get(session_key)
    if not state:
        return redirect(start_name)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirm(
                pk=state["id"],
                attempt_id=state["attempt"],
                code=form.cleaned_data["code"],
                ip=client_ip(request),
            )
        except ApplicationError as exc:
            form.add_error("code", exc.message)
        else:
            state["verified"] = True
            request.session[session_key] = state
            return redirect(next_name)
    context = {
        "form": form,
        "mobile": state["mobile"],
        "title": title,
        "restart_url": reverse(start_name),
        "sent_if_matching": True,  # the page cannot know, and must not say, whether a code went
    }
    return render(request, "accounts/code.html", context)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:home")
    return _start_step(
        request,
        form=RegistrationForm(request.POST or None),
        flow="registration",
        start=services.registration_start,
        session_key=REGISTRATION_KEY,
        next_name="accounts:register_verify",
        template="accounts/register.html",
    )


@require_http_methods(["GET", "POST"])
def register_verify(request: HttpRequest) -> HttpResponse:
    return _code_step(
        request,
        session_key=REGISTRATION_KEY,
        confirm=services.registration_confirm_mobile,
        start_name="accounts:register",
        next_name="accounts:register_password",
        title=_("تأیید شماره همراه"),
    )


@require_http_methods(["GET", "POST"])
def register_password(request: HttpRequest) -> HttpResponse:
    state = request.session.get(REGISTRATION_KEY)
    if not state or not state.get("verified"):
        return redirect("accounts:register")
    form = PasswordSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.registration_complete(
                registration_id=state["id"],
                attempt_id=state["attempt"],
                password=form.cleaned_data["password1"],
                ip=client_ip(request),
            )
        except ApplicationError as exc:
            form.add_error("password1", exc.message)
        else:
            request.session.pop(REGISTRATION_KEY, None)
            # The mobile was just proven by SMS: that is the second factor.
            login(request, user, backend=PRINCIPAL_BACKEND)
            otp_login(request, user.smsdevice_set.first())
            messages.success(request, _("ثبت‌نام شما کامل شد. خوش آمدید."))
            return redirect("accounts:home")
    return render(
        request, "accounts/password_set.html", {"form": form, "title": _("تعیین گذرواژه")}
    )


# --- Sign-in --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and not form.is_valid():
        _audit_rejected_identifiers(request, form, flow="login")
    if request.method == "POST" and form.is_valid():
        try:
            started = services.login_password_step(
                national_code=form.cleaned_data["national_code"],
                password=form.cleaned_data["password"],
                request=request,
            )
        except services.LoginLockedOut:
            return lockout_response(request)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            # A new session key once the password is proven (no fixation of the pending login).
            request.session.cycle_key()
            challenge = started.challenge
            request.session[LOGIN_KEY] = {
                "user": started.user.pk,
                "method": challenge.method,
                "device": challenge.device_id,
                "attempt": challenge.attempt_id,
                "mobile": challenge.mobile_masked,
                "at": time.time(),
            }
            return redirect("accounts:login_verify")
    return render(request, "accounts/login.html", {"form": form})


def _pending_login(request: HttpRequest) -> tuple[dict, User] | None:
    state = request.session.get(LOGIN_KEY)
    if not state or time.time() - state.get("at", 0) > PENDING_LOGIN_SECONDS:
        request.session.pop(LOGIN_KEY, None)
        return None
    user = User.objects.filter(pk=state["user"], is_active=True).first()
    return (state, user) if user else None


@require_http_methods(["GET", "POST"])
def login_verify(request: HttpRequest) -> HttpResponse:
    pending = _pending_login(request)
    if pending is None:
        messages.info(request, _("مهلت ورود تمام شد؛ دوباره وارد شوید."))
        return redirect("accounts:login")
    state, user = pending
    form = CodeForm(request.POST or None)
    if state["method"] == services.METHOD_TOTP:
        form.fields["code"].label = _("کد برنامه احراز هویت")
    if request.method == "POST" and form.is_valid():
        try:
            device = services.login_challenge_verify(
                user=user,
                method=state["method"],
                device_id=state["device"],
                attempt_id=state["attempt"],
                code=form.cleaned_data["code"],
                ip=client_ip(request),
            )
        except ApplicationError as exc:
            form.add_error("code", exc.message)
        else:
            request.session.pop(LOGIN_KEY, None)
            login(request, user, backend=PRINCIPAL_BACKEND)
            otp_login(request, device)
            return redirect(_safe_next(request) or "accounts:home")
    return render(
        request,
        "accounts/code.html",
        {
            "form": form,
            "mobile": state["mobile"],
            "method": state["method"],
            "title": _("ورود: مرحله دوم"),
            "resend_url": reverse("accounts:login_resend")
            if state["method"] == services.METHOD_SMS
            else None,
            "restart_url": reverse("accounts:login"),
        },
    )


@require_POST
def login_resend(request: HttpRequest) -> HttpResponse:
    pending = _pending_login(request)
    if pending is None:
        return redirect("accounts:login")
    state, user = pending
    try:
        challenge = services.login_challenge_start(user=user, ip=client_ip(request))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        state.update(device=challenge.device_id, attempt=challenge.attempt_id)
        request.session[LOGIN_KEY] = state
        messages.success(request, _("کد تازه فرستاده شد."))
    return redirect("accounts:login_verify")


def _safe_next(request: HttpRequest) -> str | None:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit_record(
            action="session.signed_out", actor=request.user, target=request.user, request=request
        )
    logout(request)
    messages.info(request, _("از درگاه خارج شدید."))
    return redirect("home")


# --- Password reset -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    return _start_step(
        request,
        form=PasswordResetStartForm(request.POST or None),
        flow="password_reset",
        start=services.password_reset_start,
        session_key=RESET_KEY,
        next_name="accounts:password_reset_verify",
        template="accounts/password_reset.html",
    )


@require_http_methods(["GET", "POST"])
def password_reset_verify(request: HttpRequest) -> HttpResponse:
    return _code_step(
        request,
        session_key=RESET_KEY,
        confirm=services.password_reset_confirm_code,
        start_name="accounts:password_reset",
        next_name="accounts:password_reset_new",
        title=_("بازیابی گذرواژه"),
    )


@require_http_methods(["GET", "POST"])
def password_reset_new(request: HttpRequest) -> HttpResponse:
    state = request.session.get(RESET_KEY)
    if not state or not state.get("verified"):
        return redirect("accounts:password_reset")
    form = PasswordSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_reset_complete(
                reset_id=state["id"],
                attempt_id=state["attempt"],
                password=form.cleaned_data["password1"],
                ip=client_ip(request),
            )
        except ApplicationError as exc:
            form.add_error("password1", exc.message)
        else:
            request.session.pop(RESET_KEY, None)
            messages.success(request, _("گذرواژه تازه ثبت شد. با آن وارد شوید."))
            return redirect("accounts:login")
    return render(request, "accounts/password_set.html", {"form": form, "title": _("گذرواژه تازه")})


# --- Signed-in pages ------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send the person to the dashboard of the role they act in."""
    if request.active_role is None:
        return render(request, "accounts/no_role.html")
    return redirect("accounts:dashboard", role=request.active_role)


@login_required
def dashboard(request: HttpRequest, role: str) -> HttpResponse:
    if role not in request.available_roles:
        raise Http404
    if request.session.get(ACTIVE_ROLE_SESSION_KEY) != role:
        request.session[ACTIVE_ROLE_SESSION_KEY] = role
        request.active_role = role
    links = dashboard_links_for_role(role, user=request.user)
    return render(
        request,
        "accounts/dashboard.html",
        {
            "role": role,
            "role_label": Role(role).label,
            "links": links,
            # The cards' fragment is cached per role and per set of links shown.
            "links_key": ",".join(link.url_name for link in links),
        },
    )


@login_required
@require_POST
def switch_role(request: HttpRequest) -> HttpResponse:
    role = request.POST.get("role", "")
    if role not in request.available_roles:
        raise Http404
    request.session[ACTIVE_ROLE_SESSION_KEY] = role
    audit_record(
        action="session.role_switched",
        actor=request.user,
        target=request.user,
        after={"role": role},
        request=request,
    )
    return redirect("accounts:dashboard", role=role)


@login_required
@require_http_methods(["GET", "POST"])
def security(request: HttpRequest) -> HttpResponse:
    email_form = EmailForm(
        request.POST if "email" in request.POST else None, initial={"email": request.user.email}
    )
    if request.method == "POST" and "email" in request.POST:
        if email_form.is_valid():
            services.user_email_update(
                user=request.user, email=email_form.cleaned_data["email"], ip=client_ip(request)
            )
            messages.success(request, _("ایمیل ثبت شد."))
            return redirect("accounts:security")
    elif request.method == "POST":
        services.user_sign_out_everywhere(user=request.user, ip=client_ip(request))
        logout(request)
        messages.success(request, _("از همه دستگاه‌ها خارج شدید. دوباره وارد شوید."))
        return redirect("accounts:login")
    return render(request, "accounts/security.html", {"form": email_form})
