"""How far an XLSX reaches, measured while the zip is inflated, before calamine builds anything.

calamine turns a sheet into one dense rectangle: a cell in column A and one in
column XFD on each of 20,000 rows (a 146 KB file) became 20,000 × 16,384 cells,
10.5 GB, and killed the worker. It also reserves room for as many shared strings
as `<sst uniqueCount>` claims (2,000,000,000 → a 48 GB allocation and an abort).
So every member of the zip is streamed through expat once, in the chunks
`tabular._check_zip` already inflates, and:

* a worksheet (any member whose root element is `worksheet`, wherever it lies,
  so a relationship pointing calamine elsewhere does not get past) may have cells
  only up to `max_columns` and `max_row`, at most `max_row × max_columns` of them,
  and a declared `<dimension ref>` within the same bounds;
* the shared-string table may not claim more strings than it holds or than the
  sheets have cells.

Expat is used directly (its callbacks are about 3× faster than iterparse on a
100,000-row sheet) and defused the strict way: any DOCTYPE is refused, so no
entity can be declared at all. Nothing is kept but counters, so memory stays
flat whatever the sheet's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from pyexpat import ExpatError, ParserCreate

from employers.listfile.messages import gettext
from tamin.core.jalali import persian_digits

_DIGITS = "0123456789"
# What a cell holds: skipped at once, before any other test.
_CELL_CONTENT = frozenset({"v", "is", "t", "r", "rPr", "f"})


class SheetTooLarge(Exception):
    """The workbook reaches beyond the list's bounds; `code` and a Persian `message`."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


class NotWellFormed(Exception):
    """A worksheet (or the shared-string table) that is not well-formed XML."""


class _Skip(Exception):
    """The member is not a part whose size matters: stop reading it."""


def column_name(number: int) -> str:
    """1 → A, 26 → Z, 27 → AA, 16384 → XFD."""
    name = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _local(name: str) -> str:
    return name.rpartition(":")[2] if ":" in name else name


@dataclass
class WorkbookExtent:
    """What the scan of every member found; `finish()` checks what needs all members."""

    max_row: int
    max_columns: int
    cells: int = 0
    shared_strings_declared: int = 0
    shared_strings_held: int = 0

    def member(self) -> MemberScan:
        return MemberScan(self)

    def finish(self) -> None:
        # An honest table declares what it holds; calamine reserves what it declares.
        if self.shared_strings_declared > max(self.shared_strings_held, self.cells):
            raise SheetTooLarge(
                "xlsx_shared_strings",
                gettext(
                    "جدول متن‌های مشترک فایل اکسل بیش از آنچه دارد اعلام کرده است؛ "
                    "فایل را در اکسل باز کنید و دوباره ذخیره کنید."
                ),
            )


class MemberScan:
    """One zip member fed chunk by chunk; stops by itself when the member is not XML we check."""

    def __init__(self, workbook: WorkbookExtent):
        self.workbook = workbook
        self.reading = True
        self._is_part = False
        self._is_sheet = False
        self._row = 0
        self._row_digits = ""
        self._highest_row = 0
        self._column = 0
        self._cells = 0
        self._columns: dict[str, int] = {}
        self._max_columns = workbook.max_columns
        self._cell_limit = workbook.max_row * workbook.max_columns
        parser = ParserCreate()
        parser.StartDoctypeDeclHandler = self._refuse_doctype
        parser.StartElementHandler = self._start_root
        self._parser = parser

    def feed(self, chunk: bytes) -> None:
        if not self.reading:
            return
        try:
            self._parser.Parse(chunk, False)
        except _Skip:
            self._stop()
        except ExpatError as exc:
            self._broken(exc)

    def close(self) -> None:
        if not self.reading:
            return
        try:
            self._parser.Parse(b"", True)
        except _Skip:
            pass
        except ExpatError as exc:
            self._broken(exc)
        self._stop()
        if self._is_sheet:
            # Cells beyond rows × columns can only be repeated positions: not a list.
            if self._cells > max(self._highest_row, 1) * self._max_columns:
                raise self._too_many_cells()
            self.workbook.cells += self._cells

    def _stop(self) -> None:
        self.reading = False
        self._parser = None  # drop expat's buffers at once

    def _broken(self, exc: ExpatError) -> None:
        self._stop()
        if self._is_part:
            raise NotWellFormed(str(exc)) from exc
        # Not XML (an image, a zip of zeros): calamine does not read it as a sheet either.

    # --- expat callbacks -------------------------------------------------------------

    def _refuse_doctype(self, *args: object) -> None:
        raise NotWellFormed("DOCTYPE in a workbook part")

    def _start_root(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "worksheet":
            self._is_part = self._is_sheet = True
            self._parser.StartElementHandler = self._start_in_sheet
        elif local == "sst":
            self._is_part = True
            self._declared_strings(attrs)
            self._parser.StartElementHandler = self._start_in_strings
        else:
            raise _Skip

    def _start_in_strings(self, name: str, attrs: dict[str, str]) -> None:
        if name == "si" or name.endswith(":si"):
            self.workbook.shared_strings_held += 1

    def _declared_strings(self, attrs: dict[str, str]) -> None:
        limit = self._cell_limit
        for key in ("count", "uniqueCount"):
            value = attrs.get(key, "").strip()
            declared = int(value) if value.isdigit() and len(value) <= 12 else limit + 1
            if value and declared > limit:
                raise SheetTooLarge(
                    "xlsx_shared_strings",
                    gettext("جدول متن‌های مشترک فایل اکسل بیش از اندازهٔ یک فهرست است."),
                )
            if value:
                self.workbook.shared_strings_declared = max(
                    self.workbook.shared_strings_declared, declared
                )

    def _start_in_sheet(self, name: str, attrs: dict[str, str]) -> None:
        # Called for every element of the sheet (about four per cell): kept flat and cheap.
        if name == "c" or name.endswith(":c"):
            self._cells += 1
            reference = attrs.get("r")
            if reference:
                letters = reference.rstrip(_DIGITS)
                column = self._columns.get(letters)
                self._column = self._new_column(letters) if column is None else column
                digits = reference[len(letters) :]
                if digits and digits != self._row_digits:  # the cell names another row
                    self._row_digits = digits
                    self._enter_row(self._row_number(digits))
            else:
                self._column += 1  # no reference: the cell after the previous one
            if self._column > self._max_columns:
                raise self._too_wide(self._column)
            if self._cells > self._cell_limit:
                raise self._too_many_cells()
            return
        if name in _CELL_CONTENT:
            return
        local = _local(name)
        if local == "row":
            reference = attrs.get("r", "").strip()
            self._row_digits = reference
            self._enter_row(self._row_number(reference) if reference else self._row + 1)
            self._column = 0
        elif local == "dimension":
            self._check_dimension(attrs.get("ref", ""))

    def _new_column(self, letters: str) -> int:
        if not (letters.isascii() and letters.isalpha()) or len(letters) > 3:
            raise self._too_wide(self._max_columns + 1, letters)
        column = _column_number(letters.upper())
        self._columns[letters] = column
        return column

    def _row_number(self, digits: str) -> int:
        if not (digits.isascii() and digits.isdigit()) or len(digits) > 9:
            return self.workbook.max_row + 1
        return int(digits)

    def _enter_row(self, row: int) -> None:
        self._row = row
        if row > self._highest_row:
            self._highest_row = row
        if row > self.workbook.max_row:
            raise SheetTooLarge(
                "too_many_rows",
                gettext(
                    "فایل اکسل تا ردیف %(row)s داده دارد؛ یک فهرست بیش از %(max_rows)s سطر ندارد."
                )
                % {"row": persian_digits(row), "max_rows": persian_digits(self.workbook.max_row)},
            )

    def _check_dimension(self, ref: str) -> None:
        # The declared extent: "A1:XFD20000", or one cell "A1".
        last = ref.strip().rpartition(":")[2]
        letters = last.rstrip(_DIGITS).replace("$", "")
        digits = last[len(last.rstrip(_DIGITS)) :]
        if not letters:
            return
        valid = letters.isascii() and letters.isalpha() and len(letters) <= 3
        columns = _column_number(letters.upper()) if valid else self.workbook.max_columns + 1
        rows = self._row_number(digits) if digits else 0
        if columns > self.workbook.max_columns or rows > self.workbook.max_row:
            raise SheetTooLarge(
                "xlsx_dimension",
                gettext(
                    "اندازهٔ اعلام‌شدهٔ برگهٔ اکسل (%(declared)s) از اندازهٔ یک فهرست "
                    "(%(max_columns)s ستون و %(max_rows)s سطر) بزرگ‌تر است؛ "
                    "ستون‌ها و ردیف‌های اضافه را پاک کنید."
                )
                % {
                    "declared": ref.strip()[:40],
                    "max_columns": persian_digits(self.workbook.max_columns),
                    "max_rows": persian_digits(self.workbook.max_row),
                },
            )

    def _too_wide(self, column: int, letters: str = "") -> SheetTooLarge:
        name = letters[:8] or column_name(column)
        return SheetTooLarge(
            "too_many_columns",
            gettext(
                "فایل اکسل تا ستون %(name)s داده دارد؛ یک فهرست بیش از %(max_columns)s ستون ندارد "
                "(آخرین ستون مجاز %(last_column)s). ستون‌های اضافه را پاک کنید."
            )
            % {
                "name": name,
                "max_columns": persian_digits(self.workbook.max_columns),
                "last_column": column_name(self.workbook.max_columns),
            },
        )

    def _too_many_cells(self) -> SheetTooLarge:
        return SheetTooLarge(
            "too_many_cells",
            gettext("فایل اکسل بیش از خانه‌هایی که یک فهرست می‌تواند داشته باشد خانه دارد."),
        )
