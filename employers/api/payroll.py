"""Payroll software API (`/api/v1/payroll/`): a vendor's program sends a workshop's monthly
lists machine to machine, with the key the workshop's owner issued it.

* Authentication is ONLY the header `Authorization: Api-Key tpk_<prefix>_<secret>`
  (`PayrollApiKeyAuthentication`): no session, no app token. An unknown key, a revoked one,
  one of an inactive workshop or of an owner no longer the owner: 401.
* A key reaches its own workshop only: another workshop's list is 404 like a missing one.
* Upload goes through `employers.services.lists.monthly_list_upload`, the portal page's own
  service (sizes, the file layer's recogniser, the parse queued); status, totals and
  errors are the portal API's serializers and selectors (`employers.api.lists`), so errors
  are `{file, row, field, code, message}` as `monthly_list check --json` gives them.
* Submitting needs a key the owner allowed to (`may_submit`); otherwise 403
  `payroll_submit_not_allowed`, and the owner submits on the portal's list page.
* Limited per key (`PAYROLL_API_THROTTLE`, 429 in the one error shape); every call made
  with a known key — answered or refused — is an audit row (`payroll_api.call`).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import authentication, exceptions, permissions, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employers.api.lists import (
    ERRORS_PAGE_PARAMETERS,
    MonthlyListErrorsApi,
    WorkshopMonthlyListsApi,
    monthly_list_errors_page,
)
from employers.models import PayrollApiKey
from employers.selectors.payroll import (
    monthly_list_get_for_payroll_key,
    monthly_lists_for_payroll_key,
    payroll_key_find,
    payroll_key_is_usable,
)
from employers.services import lists as list_services
from employers.services.payroll import (
    payroll_api_call_record,
    payroll_key_digest,
    payroll_key_touch,
)
from tamin.core.api import WindowRateThrottle
from tamin.core.jalali import persian_digits

KEYWORD = "Api-Key"
# A multipart body carries the two files, the year and the month: its size is known
# before a byte is read (Content-Length), and a body larger than two files of the list
# limit plus this margin is refused unread.
MULTIPART_MARGIN_BYTES = 64 * 1024

# --- errors (the one shape of tamin.core.api.exception_handler) --------------------------


class PayrollKeyMissing(exceptions.NotAuthenticated):
    default_code = "payroll_key_missing"
    default_detail = _lazy("کلید نرم‌افزار حقوق را در سرآیند Authorization: Api-Key <کلید> بفرستید.")


class PayrollKeyInvalid(exceptions.AuthenticationFailed):
    default_code = "payroll_key_invalid"
    default_detail = _lazy("کلید نرم‌افزار حقوق نامعتبر است.")


class PayrollKeyRevoked(exceptions.AuthenticationFailed):
    default_code = "payroll_key_revoked"
    default_detail = _lazy(
        "این کلید باطل شده است یا دیگر معتبر نیست؛ از کارفرمای کارگاه کلید تازه بخواهید."
    )


class PayrollSubmitNotAllowed(exceptions.PermissionDenied):
    default_code = "payroll_submit_not_allowed"
    default_detail = _lazy(
        "این کلید اجازه ارسال لیست را ندارد؛ کارفرما لیست را در پرتال ارسال می‌کند "
        "یا به این کلید اجازه ارسال می‌دهد."
    )


class PayrollUploadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "file_too_large"
    default_detail = _lazy("حجم درخواست بیش از حد مجاز است.")


class PayrollApiErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="stable, for programs to branch on")
    message = serializers.CharField(help_text="Persian, safe to show")
    extra = serializers.DictField(help_text="e.g. retry_after (429), fields (400)")

    class Meta:
        ref_name = "PayrollApiError"


@extend_schema_field({"type": "string", "format": "binary"})
class _UploadField(serializers.FileField):
    """A file in the multipart body (documented as binary, not as a URL)."""


def _errors(*codes: int) -> dict:
    return dict.fromkeys(codes, PayrollApiErrorSerializer)


# --- authentication, permission, limit ---------------------------------------------------


class PayrollApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Api-Key <key>`. The request's user is the owner who issued the key
    (the lists it uploads are theirs); `request.auth` is the key."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() != KEYWORD.lower():
            return None
        if len(header) != 2:
            raise PayrollKeyInvalid()
        key = payroll_key_find(digest=payroll_key_digest(header[1].decode(errors="replace")))
        if key is None:
            raise PayrollKeyInvalid()
        if not payroll_key_is_usable(key):
            # Identified but refused: the view still audits the call against it.
            request._request.payroll_key_refused = key
            raise PayrollKeyRevoked()
        payroll_key_touch(key=key)
        return key.created_by, key

    def authenticate_header(self, request):
        return KEYWORD


class PayrollApiKeyScheme(OpenApiAuthenticationExtension):
    """Documents the key in the OpenAPI schema (drf-spectacular finds subclasses)."""

    target_class = PayrollApiKeyAuthentication
    name = "payrollApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key tpk_<prefix>_<secret>`: issued by the workshop's owner on "
            "the portal (workshop page → payroll software keys); docs/payroll-api.md",
        }


class HasPayrollKey(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, PayrollApiKey)


class PayrollKeyRateThrottle(WindowRateThrottle):
    """Requests of one key, at `settings.PAYROLL_API_THROTTLE` ("<n>/<second|minute|hour|
    day>"), read at each request so it changes without a release."""

    scope = "payroll_key"

    def rate(self) -> str | None:
        return getattr(settings, "PAYROLL_API_THROTTLE", None) or None

    def ident(self, request) -> str | None:
        key = request.auth
        if not isinstance(key, PayrollApiKey):
            return None
        # The prefix too: a test database may give a new key an old key's id.
        return f"{key.pk}-{key.prefix}"


class PayrollApiView(APIView):
    """Every payroll endpoint: the key alone authenticates, limits and is audited."""

    authentication_classes = [PayrollApiKeyAuthentication]
    permission_classes = [HasPayrollKey]
    throttle_classes = [PayrollKeyRateThrottle]

    @property
    def key(self) -> PayrollApiKey:
        return self.request.auth

    def permission_denied(self, request, message=None, code=None):
        if request.authenticators and not request.successful_authenticator:
            raise PayrollKeyMissing()
        super().permission_denied(request, message=message, code=code)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # `_auth` is read directly: reading `.auth` would authenticate again.
        key = getattr(request, "_auth", None)
        if not isinstance(key, PayrollApiKey):
            key = getattr(getattr(request, "_request", request), "payroll_key_refused", None)
        if isinstance(key, PayrollApiKey):
            payroll_api_call_record(
                key=key,
                method=request.method,
                path=request.path,
                status_code=response.status_code,
                request=getattr(request, "_request", request),
            )
        return response


# --- endpoints ---------------------------------------------------------------------------

MonthlyListSerializer = WorkshopMonthlyListsApi.OutputSerializer


class PayrollKeyApi(PayrollApiView):
    class OutputSerializer(serializers.Serializer):
        workshop_code = serializers.CharField(source="workshop.code")
        workshop_name = serializers.CharField(source="workshop.name")
        key_prefix = serializers.CharField(source="prefix")
        key_name = serializers.CharField(source="name")
        may_submit = serializers.BooleanField()

        class Meta:
            ref_name = "PayrollKey"

    @extend_schema(
        operation_id="payroll_key_retrieve",
        responses={200: OutputSerializer, **_errors(401, 429)},
        summary="The workshop this key works for, and whether it may submit lists",
    )
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(self.key).data)


class PayrollListsApi(PayrollApiView):
    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        year = serializers.IntegerField(min_value=1380, max_value=1500, help_text="Jalali")
        month = serializers.IntegerField(min_value=1, max_value=12, help_text="Jalali, 1–12")
        files = serializers.ListField(
            child=_UploadField(),
            required=False,
            max_length=2,
            help_text="the DBF pair DSKKAR00 + DSKWOR00 (the field repeated), as on the "
            "portal's upload form",
        )
        file = _UploadField(required=False, help_text="or one CSV or XLSX list")

        class Meta:
            ref_name = "PayrollListUploadInput"

        def validate(self, attrs):
            files = attrs.get("files") or []
            if bool(files) == bool(attrs.get("file")):
                raise serializers.ValidationError(
                    _("یا دو پرونده DBF را در files بفرستید، یا یک پرونده CSV یا XLSX را در file.")
                )
            return attrs

    @extend_schema(
        operation_id="payroll_lists_list",
        responses={200: MonthlyListSerializer(many=True), **_errors(401, 429)},
        summary="The workshop's monthly lists (every version): status, totals, error_count and "
        "the first errors of each rule",
    )
    def get(self, request: Request) -> Response:
        lists = monthly_lists_for_payroll_key(key=self.key)
        return Response(MonthlyListSerializer(lists, many=True).data)

    @extend_schema(
        operation_id="payroll_lists_upload",
        request={"multipart/form-data": InputSerializer},
        responses={201: MonthlyListSerializer, **_errors(400, 401, 413, 429)},
        summary="Upload a monthly list (DBF pair in `files`, or one CSV/XLSX in `file`) for "
        "the key's workshop; 201 with status `uploaded`: poll GET lists/<id>/ until "
        "`valid` or `invalid`",
    )
    def post(self, request: Request) -> Response:
        self._refuse_oversized_body(request)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        uploads = data.validated_data.get("files") or [data.validated_data["file"]]
        monthly_list = list_services.monthly_list_upload(
            user=self.key.created_by,
            workshop=self.key.workshop,
            files={upload.name: upload for upload in uploads},
            year=data.validated_data["year"],
            month=data.validated_data["month"],
        )
        return Response(MonthlyListSerializer(monthly_list).data, status=status.HTTP_201_CREATED)

    @staticmethod
    def _refuse_oversized_body(request: Request) -> None:
        """The list limit per file, checked on the declared body size before it is read."""
        limit = settings.MONTHLY_LIST_MAX_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > 2 * limit + MULTIPART_MARGIN_BYTES:
            raise PayrollUploadTooLarge(
                _("حجم درخواست بیش از حد مجاز است؛ هر پرونده لیست حداکثر %(mb)s مگابایت.")
                % {"mb": persian_digits(limit // (1024 * 1024))}
            )


class PayrollListDetailApi(PayrollApiView):
    @extend_schema(
        operation_id="payroll_list_retrieve",
        responses={200: MonthlyListSerializer, **_errors(401, 404, 429)},
        summary="One list of the key's workshop: status (uploaded, parsing, valid, invalid, "
        "submitted, superseded), totals, error_count (404 for another workshop's)",
    )
    def get(self, request: Request, list_id: int) -> Response:
        monthly_list = monthly_list_get_for_payroll_key(key=self.key, list_id=list_id)
        return Response(MonthlyListSerializer(monthly_list).data)


class PayrollListErrorsApi(PayrollApiView):
    @extend_schema(
        operation_id="payroll_list_errors",
        parameters=ERRORS_PAGE_PARAMETERS,
        responses={200: MonthlyListErrorsApi.OutputSerializer, **_errors(401, 404, 429)},
        summary="Every error of one list, 100 a page, in the order found, as "
        "{file, row, field, code, message} (404 for another workshop's)",
    )
    def get(self, request: Request, list_id: int) -> Response:
        monthly_list = monthly_list_get_for_payroll_key(key=self.key, list_id=list_id)
        page = monthly_list_errors_page(
            monthly_list=monthly_list,
            page=request.query_params.get("page"),
            code=request.query_params.get("code", ""),
        )
        return Response(MonthlyListErrorsApi.OutputSerializer(page).data)


class PayrollListSubmitApi(PayrollApiView):
    @extend_schema(
        operation_id="payroll_list_submit",
        request=None,
        responses={200: MonthlyListSerializer, **_errors(400, 401, 403, 404, 429)},
        summary="Submit a valid list (records and the charge, as the portal's send button); "
        "only with a key allowed to submit, else 403 payroll_submit_not_allowed",
    )
    def post(self, request: Request, list_id: int) -> Response:
        monthly_list = monthly_list_get_for_payroll_key(key=self.key, list_id=list_id)
        if not self.key.may_submit:
            raise PayrollSubmitNotAllowed()
        list_services.monthly_list_submit(user=self.key.created_by, list_id=monthly_list.pk)
        monthly_list = monthly_list_get_for_payroll_key(key=self.key, list_id=list_id)
        return Response(MonthlyListSerializer(monthly_list).data)
