"""One store of common questions: the desk's FAQs move into the public content's.

Forward: every `branches.Faq` row becomes a `content.Faq` row for all audiences, with its
question, answer, published state, order and timestamps; its category's title becomes the
topic and its source ticket's id is kept as `source_ticket_id`. Only a row that is already
there word for word (same question and same answer) is not copied again. Then the desk's
table is dropped.

Backward (a rollback of this release): the table comes back, and every content question the
desk owns goes back into it and out of the content's table — those carrying a ticket's id,
and those whose topic is a ticket category's title (the migrated questions that had no
ticket). The category is the one of that title, else the ticket's. A question the content
editors wrote with such a topic would move too; one whose category cannot be found stays, and
a desk row that was not copied (the content had it word for word) does not come back.
"""

from django.db import migrations
from django.db.models import Q

from tamin.content.search import search_fold


def _keep_times(model, pk, source) -> None:
    # auto_now_add / auto_now set both on insert; put the original times back.
    model.objects.filter(pk=pk).update(created_at=source.created_at, updated_at=source.updated_at)


def desk_faqs_to_content(apps, schema_editor):
    DeskFaq = apps.get_model("branches", "Faq")
    ContentFaq = apps.get_model("content", "Faq")
    for old in DeskFaq.objects.select_related("category").order_by("id"):
        if ContentFaq.objects.filter(question=old.question, answer=old.answer).exists():
            continue
        topic = old.category.title
        new = ContentFaq.objects.create(
            question=old.question,
            answer=old.answer,
            audience="all",
            topic=topic,
            source_ticket_id=old.source_ticket_id,
            is_published=old.is_published,
            order=old.order,
            # The model's save() is not run here: fold the text as it would.
            search_text=search_fold(" ".join(p for p in (topic, old.question, old.answer) if p)),
        )
        _keep_times(ContentFaq, new.pk, old)


def content_faqs_to_desk(apps, schema_editor):
    DeskFaq = apps.get_model("branches", "Faq")
    ContentFaq = apps.get_model("content", "Faq")
    Ticket = apps.get_model("branches", "Ticket")
    TicketCategory = apps.get_model("branches", "TicketCategory")
    every_category = list(TicketCategory.objects.all())
    categories = {category.title: category for category in every_category}
    categories_by_id = {category.pk: category for category in every_category}
    owned = ContentFaq.objects.filter(
        Q(source_ticket_id__isnull=False) | Q(topic__in=list(categories))
    ).order_by("id")
    for faq in owned:
        ticket = (
            Ticket.objects.filter(pk=faq.source_ticket_id).first()
            if faq.source_ticket_id is not None
            else None
        )
        category = categories.get(faq.topic) or (
            categories_by_id.get(ticket.category_id) if ticket else None
        )
        if category is None:
            continue
        # By id: the historical models of one state need not be the same classes.
        old = DeskFaq.objects.create(
            category_id=category.pk,
            question=faq.question,
            answer=faq.answer,
            is_published=faq.is_published,
            source_ticket_id=ticket.pk if ticket else None,
            order=faq.order,
        )
        _keep_times(DeskFaq, old.pk, faq)
        faq.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0012_appointment_service_by_request_only"),
        ("content", "0002_faq_topic_source_ticket"),
    ]

    operations = [
        migrations.RunPython(desk_faqs_to_content, content_faqs_to_desk),
        migrations.DeleteModel(name="Faq"),
    ]
