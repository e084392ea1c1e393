"""Public content API under /api/v1/content/ (no sign-in): news, common questions, laws and
circulars, sample forms, about the organization (docs/content.md, docs/api.md).

The same selectors as the pages, so an unpublished row, or one dated in the future, is
absent from lists and its detail answers 404 like a missing one. Dates are ISO; `q` is
folded like the site's search (Arabic ي/ك, Persian digits). A signed-in app is limited on
its account's budget, anyone else per client address (the API's default throttles).
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path, reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tamin.content import selectors
from tamin.content.models import Audience, LegalKind
from tamin.content.uploads import TYPE_LABELS, extension_of
from tamin.core.api import page_of
from tamin.core.identifiers import has_control_characters

NEWS_PAGE_SIZE = 20
LEGAL_PAGE_SIZE = 20
QUERY_MAX_LENGTH = 80
PAGE_MAX = 2**31 - 1
AUDIENCE_HELP = "one of: " + ", ".join(Audience.values)
KIND_HELP = "one of: " + ", ".join(LegalKind.values)


class ContentErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="stable: validation_error, not_found")
    message = serializers.CharField(help_text="Persian, to show")
    extra = serializers.DictField(help_text="validation_error: `fields` with each field's errors")

    class Meta:
        ref_name = "ContentError"


NOT_FOUND = OpenApiResponse(
    response=ContentErrorSerializer,
    description="no such row, not published, or dated in the future",
)
BAD_QUERY = OpenApiResponse(
    response=ContentErrorSerializer,
    description="a parameter out of range (an unknown kind or audience, q over 80 characters)",
)


def _query_field() -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=QUERY_MAX_LENGTH,
        default="",
        validators=[_plain_text],
        help_text="words to find (all of them); Arabic ي/ك and Persian digits match too",
    )


def _plain_text(value: str) -> None:
    if has_control_characters(value):
        raise serializers.ValidationError("این متن نویسه‌های نامعتبر دارد.")


def _page_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, default=1, min_value=1, max_value=PAGE_MAX, help_text="1 and up"
    )


class _PublicApi(APIView):
    permission_classes = (AllowAny,)


# --- News ------------------------------------------------------------------------------


class NewsSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField(help_text="may be empty")
    published_on = serializers.DateField()

    class Meta:
        ref_name = "ContentNewsSummary"


class NewsDetailSerializer(NewsSummarySerializer):
    body = serializers.CharField(help_text="plain text; paragraphs separated by blank lines")

    class Meta:
        ref_name = "ContentNewsDetail"


class NewsListApi(_PublicApi):
    class InputSerializer(serializers.Serializer):
        q = _query_field()
        page = _page_field()

        class Meta:
            ref_name = "ContentNewsListInput"

    class OutputSerializer(serializers.Serializer):
        page = serializers.IntegerField()
        num_pages = serializers.IntegerField()
        count = serializers.IntegerField()
        news = NewsSummarySerializer(many=True)

        class Meta:
            ref_name = "ContentNewsPage"

    @extend_schema(
        operation_id="content_news_list",
        parameters=[InputSerializer],
        responses={200: OutputSerializer, 400: BAD_QUERY},
        summary="Published news, newest first, 20 a page (no sign-in)",
    )
    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        page = page_of(
            selectors.news_list(query=data.validated_data["q"]),
            page=data.validated_data["page"],
            per_page=NEWS_PAGE_SIZE,
        )
        return Response(self.OutputSerializer(page.body("news")).data)


class NewsDetailApi(_PublicApi):
    @extend_schema(
        operation_id="content_news_retrieve",
        responses={200: NewsDetailSerializer, 404: NOT_FOUND},
        summary="One news item with its text (no sign-in)",
    )
    def get(self, request: Request, news_id: int) -> Response:
        item = selectors.news_get(pk=news_id)
        if item is None:
            raise Http404
        return Response(NewsDetailSerializer(item).data)


# --- Common questions ------------------------------------------------------------------


class FaqSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    question = serializers.CharField()
    answer = serializers.CharField(help_text="plain text")
    audience = serializers.CharField(help_text=AUDIENCE_HELP)
    audience_label = serializers.CharField(source="get_audience_display")
    topic = serializers.CharField(
        help_text="a heading to group by, e.g. the 1420 desk's category of the question; "
        "may be empty"
    )

    class Meta:
        ref_name = "ContentFaq"


class FaqListApi(_PublicApi):
    class InputSerializer(serializers.Serializer):
        audience = serializers.ChoiceField(
            choices=Audience.choices,
            required=False,
            allow_blank=True,
            default="",
            help_text="an audience's questions and those for all; empty or `all`: every question",
        )
        q = _query_field()

        class Meta:
            ref_name = "ContentFaqListInput"

    class OutputSerializer(serializers.Serializer):
        count = serializers.IntegerField()
        faqs = FaqSerializer(many=True)

        class Meta:
            ref_name = "ContentFaqList"

    @extend_schema(
        operation_id="content_faqs_list",
        parameters=[InputSerializer],
        responses={200: OutputSerializer, 400: BAD_QUERY},
        summary="Common questions in staff's order (no sign-in)",
    )
    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        faqs = list(
            selectors.faq_list(
                audience=data.validated_data["audience"], query=data.validated_data["q"]
            )
        )
        return Response(self.OutputSerializer({"count": len(faqs), "faqs": faqs}).data)


# --- Laws, bylaws, circulars, directives -----------------------------------------------


class LegalTextSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text=KIND_HELP)
    kind_label = serializers.CharField(source="get_kind_display")
    number = serializers.CharField(help_text="as published, e.g. «۱۴۰۴/۱۲۳»; may be empty")
    title = serializers.CharField()
    issued_on = serializers.DateField()
    summary = serializers.CharField(help_text="may be empty")
    audience = serializers.CharField(help_text=AUDIENCE_HELP)
    audience_label = serializers.CharField(source="get_audience_display")

    class Meta:
        ref_name = "ContentLegalTextSummary"


class LegalTextDetailSerializer(LegalTextSummarySerializer):
    body = serializers.CharField(help_text="plain text; paragraphs separated by blank lines")

    class Meta:
        ref_name = "ContentLegalTextDetail"


class LegalTextListApi(_PublicApi):
    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(
            choices=LegalKind.choices, required=False, allow_blank=True, default=""
        )
        q = _query_field()
        page = _page_field()

        class Meta:
            ref_name = "ContentLegalTextListInput"

    class OutputSerializer(serializers.Serializer):
        page = serializers.IntegerField()
        num_pages = serializers.IntegerField()
        count = serializers.IntegerField()
        texts = LegalTextSummarySerializer(many=True)

        class Meta:
            ref_name = "ContentLegalTextPage"

    @extend_schema(
        operation_id="content_laws_list",
        parameters=[InputSerializer],
        responses={200: OutputSerializer, 400: BAD_QUERY},
        summary="Laws, bylaws, circulars and directives, newest first, 20 a page (no sign-in)",
    )
    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        page = page_of(
            selectors.legal_text_list(
                kind=data.validated_data["kind"], query=data.validated_data["q"]
            ),
            page=data.validated_data["page"],
            per_page=LEGAL_PAGE_SIZE,
        )
        return Response(self.OutputSerializer(page.body("texts")).data)


class LegalTextDetailApi(_PublicApi):
    @extend_schema(
        operation_id="content_laws_retrieve",
        responses={200: LegalTextDetailSerializer, 404: NOT_FOUND},
        summary="One law, bylaw, circular or directive with its text (no sign-in)",
    )
    def get(self, request: Request, legal_text_id: int) -> Response:
        text = selectors.legal_text_get(pk=legal_text_id)
        if text is None:
            raise Http404
        return Response(LegalTextDetailSerializer(text).data)


# --- Sample forms ----------------------------------------------------------------------


class SampleFormSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    code = serializers.CharField(help_text="the number printed on the form; may be empty")
    description = serializers.CharField(help_text="may be empty")
    audience = serializers.CharField(help_text=AUDIENCE_HELP)
    audience_label = serializers.CharField(source="get_audience_display")
    file_type = serializers.SerializerMethodField(help_text="PDF, DOCX or XLSX")
    content_type = serializers.CharField()
    file_size = serializers.IntegerField(help_text="bytes")
    download_url = serializers.SerializerMethodField(
        help_text="absolute; no sign-in, answered as an attachment"
    )

    class Meta:
        ref_name = "ContentSampleForm"

    def get_file_type(self, item) -> str:
        return TYPE_LABELS.get(extension_of(item.file.name), "")

    def get_download_url(self, item) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("content:form_download", args=[item.pk])
        )


class SampleFormListApi(_PublicApi):
    class InputSerializer(serializers.Serializer):
        audience = serializers.ChoiceField(
            choices=Audience.choices,
            required=False,
            allow_blank=True,
            default="",
            help_text="an audience's forms and those for all; empty or `all`: every form",
        )
        q = _query_field()

        class Meta:
            ref_name = "ContentSampleFormListInput"

    class OutputSerializer(serializers.Serializer):
        count = serializers.IntegerField()
        forms = SampleFormSerializer(many=True)

        class Meta:
            ref_name = "ContentSampleFormList"

    @extend_schema(
        operation_id="content_forms_list",
        parameters=[InputSerializer],
        responses={200: OutputSerializer, 400: BAD_QUERY},
        summary="Sample forms to download, in staff's order (no sign-in)",
    )
    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        forms = list(
            selectors.sample_form_list(
                audience=data.validated_data["audience"], query=data.validated_data["q"]
            )
        )
        return Response(
            self.OutputSerializer(
                {"count": len(forms), "forms": forms}, context={"request": request}
            ).data
        )


# --- About the organization ------------------------------------------------------------


class AboutSectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField(help_text="plain text; paragraphs separated by blank lines")
    short_text = serializers.SerializerMethodField(
        help_text="at most 80 characters: staff's short text, or the start of the body"
    )

    class Meta:
        ref_name = "ContentAboutSection"

    def get_short_text(self, section) -> str:
        return selectors.about_section_short_text(section=section)


class AboutApi(_PublicApi):
    class OutputSerializer(serializers.Serializer):
        sections = AboutSectionSerializer(many=True)

        class Meta:
            ref_name = "ContentAbout"

    @extend_schema(
        operation_id="content_about",
        responses=OutputSerializer,
        summary="About the organization: its sections in order (no sign-in)",
    )
    def get(self, request: Request) -> Response:
        sections = list(selectors.about_sections())
        return Response(self.OutputSerializer({"sections": sections}).data)


urlpatterns = [
    path("news/", NewsListApi.as_view(), name="api-content-news"),
    path("news/<int:news_id>/", NewsDetailApi.as_view(), name="api-content-news-item"),
    path("faqs/", FaqListApi.as_view(), name="api-content-faqs"),
    path("laws/", LegalTextListApi.as_view(), name="api-content-laws"),
    path("laws/<int:legal_text_id>/", LegalTextDetailApi.as_view(), name="api-content-law"),
    path("forms/", SampleFormListApi.as_view(), name="api-content-forms"),
    path("about/", AboutApi.as_view(), name="api-content-about"),
]
