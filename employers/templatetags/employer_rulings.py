"""`{% rulings_owed workshop debt as rows %}`: the served rulings still owed, for the debt page.

The debt page's view hands the template the workshop's `WorkshopDebt`, whose
`rulings_unpaid` maps each ruling to what is still owed of it; this tag reads those
rulings (one query) so the page can name and link each one.
"""

from django import template

from employers.selectors.rulings import rulings_owed as rulings_owed_rows

register = template.Library()


@register.simple_tag
def rulings_owed(workshop, debt):
    return rulings_owed_rows(workshop=workshop, unpaid=getattr(debt, "rulings_unpaid", {}) or {})
