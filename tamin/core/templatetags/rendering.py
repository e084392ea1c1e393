"""Tags for the parts every page renders many times, done in Python.

`{% url %}`: the reversed address of a name without arguments is kept per process.

A page reverses the same fixed names on every request (the header, the footer, a
dashboard's cards: about forty on the dashboard), and Django's `reverse` walks the
resolver each time. A name without arguments always gives the same address for the
same URLconf, script prefix and current application, so that address is computed once
per process. Calls with arguments, or `as var`, are Django's own tag unchanged.

Loaded as a builtin after Django's (settings TEMPLATES builtins), so it replaces the
`url` tag in every template.

`{% select_options field %}`: the `<option>`s of a bound form field's choices, the
field's value marked selected. Written in the template language, each option asked the
field for its value again and compared two `stringformat`s: a filter select of a branch's
staff cost more than the rest of its form.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Bounded: names come from templates, but never let a variable name grow it without end.
MEMO_LIMIT = 4096
_memo: dict[tuple, str] = {}


class MemoURLNode(URLNode):
    def render(self, context):
        if self.args or self.kwargs or self.asvar:
            return super().render(context)
        view_name = self.view_name.resolve(context)
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        key = (
            view_name,
            current_app,
            get_urlconf() or settings.ROOT_URLCONF,
            get_script_prefix(),
        )
        address = _memo.get(key)
        if address is None:
            address = reverse(view_name, current_app=current_app)
            if len(_memo) < MEMO_LIMIT:
                _memo[key] = address
        return conditional_escape(address) if context.autoescape else address


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return MemoURLNode(node.view_name, node.args, node.kwargs, node.asvar)


@register.simple_tag
def select_options(field) -> str:
    """`<option>`s of a bound field's choices; its current value (or values) selected."""
    value = field.value()
    chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
    parts = [
        format_html(
            '<option value="{}"{}>{}</option>',
            option,
            mark_safe(" selected") if str(option) in chosen else "",
            label,
        )
        for option, label in field.field.choices
    ]
    return mark_safe("".join(parts))  # noqa: S308 - each option is built by format_html
