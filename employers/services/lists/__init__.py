"""Monthly list intake, one module per step: upload → parse (Celery) → valid/invalid →
submit (or correct) → download again.

* `storage` — the only module that reads or writes a list's files.
* `upload` — sizes, the file layer's recogniser, store, queue the parse; the requeue sweeper.
* `parse` — read and check (`listfile.load` + `listfile.check`), registry checks, store
  errors or rows in one transaction; the give-up hook of the parse task.
* `registry_checks` — what only the portal can check (workshop, month, known workers) and
  the year's figures.
* `rows` — a parsed row as stored (the field table of `employers.listfile.fields`).
* `submit` — records, charge, status and notices, all or nothing, in named steps.
* `export` — the stored list as a DBF pair again.

The names other modules use are re-exported here.
"""

from employers.services.lists.export import monthly_list_as_parsed, monthly_list_dbf_zip
from employers.services.lists.parse import (
    PARSE_ABANDONED,
    TOTAL_FIELDS,
    monthly_list_parse,
    monthly_list_parse_abandon,
)
from employers.services.lists.registry_checks import list_year_rates, registry_issues
from employers.services.lists.storage import list_file_discard, monthly_list_files
from employers.services.lists.submit import list_charge_amount, monthly_list_submit
from employers.services.lists.upload import (
    PARSE_PENDING,
    list_next_version,
    monthly_list_upload,
    monthly_lists_requeue_stuck,
)

__all__ = [
    "PARSE_ABANDONED",
    "PARSE_PENDING",
    "TOTAL_FIELDS",
    "list_charge_amount",
    "list_file_discard",
    "list_next_version",
    "list_year_rates",
    "monthly_list_as_parsed",
    "monthly_list_dbf_zip",
    "monthly_list_files",
    "monthly_list_parse",
    "monthly_list_parse_abandon",
    "monthly_list_submit",
    "monthly_list_upload",
    "monthly_lists_requeue_stuck",
    "registry_issues",
]
