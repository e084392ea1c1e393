"""`{% url %}` of a fixed name is reversed once per process, and gives Django's address."""

from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from tamin.core.templatetags import rendering


def _render(text: str, **context) -> str:
    return Template(text).render(Context(context))


def test_a_fixed_name_is_reversed_once_and_matches_django(monkeypatch):
    rendering._memo.clear()
    calls = []
    real = rendering.reverse
    monkeypatch.setattr(rendering, "reverse", lambda *a, **k: calls.append(a) or real(*a, **k))
    for _ in range(3):
        assert _render("{% url 'home' %}|{% url name %}", name="accounts:login") == (
            f"{reverse('home')}|{reverse('accounts:login')}"
        )
    assert len(calls) == 2


def test_arguments_and_as_var_are_djangos_own():
    rendering._memo.clear()
    rendered = _render(
        "{% url 'insured:records_year' year %}{% url 'home' as home %}[{{ home }}]", year=1400
    )
    assert rendered == f"{reverse('insured:records_year', args=[1400])}[{reverse('home')}]"
    assert list(rendering._memo) == []


def test_the_script_prefix_is_part_of_the_key():
    rendering._memo.clear()
    plain = _render("{% url 'home' %}")
    try:
        set_script_prefix("/portal/")
        assert _render("{% url 'home' %}") == "/portal" + plain
    finally:
        set_script_prefix("/")
    assert _render("{% url 'home' %}") == plain


def test_select_options_marks_the_bound_value_and_escapes_labels():
    from django import forms

    class PickForm(forms.Form):
        kind = forms.ChoiceField(choices=[("", "همه"), ("a", "<b>الف</b>"), ("2", "دو")])
        many = forms.MultipleChoiceField(choices=[("1", "یک"), ("2", "دو"), ("3", "سه")])

    form = PickForm({"kind": "2", "many": ["1", "3"]})
    html = _render("{% select_options form.kind %}|{% select_options form.many %}", form=form)
    kind, many = html.split("|")
    assert kind == (
        '<option value="">همه</option>'
        '<option value="a">&lt;b&gt;الف&lt;/b&gt;</option>'
        '<option value="2" selected>دو</option>'
    )
    assert many.count(" selected") == 2
    assert '<option value="2">دو</option>' in many
    unbound = _render("{% select_options form.kind %}", form=PickForm())
    assert " selected" not in unbound
