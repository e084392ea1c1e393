from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:notification_id>/read/", views.inbox_read, name="inbox_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("receipts/", views.receipts, name="receipts"),
]

# A developer tool: lets a person trying the site read the SMS codes the file backend "sent".
if views.dev_outbox_enabled():
    urlpatterns.append(path("dev/outbox/", views.dev_outbox, name="dev_outbox"))
