"""Declaring an import: the columns a sheet has, and what to do with the rows.

An app describes each upload once, as an ``ImportSpec`` subclass; the engine, the downloadable
template and the error workbook are all derived from it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from yiguoji.imports.fields import Field, Text

if TYPE_CHECKING:
    from yiguoji.imports.reader import Sheet
    from yiguoji.imports.rows import RowSet


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the sheet.

    ``name`` is the key in parsed rows; ``label`` the header in templates and messages;
    ``synonyms`` other headers accepted for it (matched ignoring spaces, line breaks, width,
    "*" markers and, failing an exact match, bracketed notes such as "（18位）").
    ``unique`` makes a value appearing twice in the file an error on every row that has it.
    """

    name: str
    label: str
    parse: Field = field(default_factory=Text)
    synonyms: tuple[str, ...] = ()
    required: bool = True
    unique: bool = False
    note: str = ""  # extra line for the template's 填写说明 sheet
    example: str = ""  # shown on the 填写说明 sheet, never as a data row
    width: int = 0  # template column width in characters; 0 = from the label

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.label, *self.synonyms)


class ImportSpec:
    """Base class of every Excel upload. Subclasses set ``title`` and ``columns`` and implement
    ``write``; they may implement ``clean_rows`` for checks that need all rows or the database.

    Order of work (see ``engine.run_import``): every cell of every row is parsed; rows are
    checked against each other (``unique``, ``unique_together``); ``clean_rows`` runs once with
    the rows whose cells all parsed, even when other rows failed (``rows.failed``), so that one
    upload reports every bad row; only if no error was found anywhere, ``write`` runs inside
    one ``transaction.atomic()``. A check that must run under a lock may be left to ``write``
    when ``rows.will_write`` (it then runs once, under the lock); otherwise ``clean_rows`` runs
    it.
    """

    #: Shown as the template's title row and the error workbook's sheet name.
    title: ClassVar[str] = ""
    columns: ClassVar[Sequence[Column]] = ()
    #: Groups of column names whose combined values must not repeat within the file.
    unique_together: ClassVar[Sequence[tuple[str, ...]]] = ()
    #: Read only this sheet; by default the first visible sheet whose header matches.
    sheet_name: ClassVar[str | None] = None
    #: True: rows labelled 合计/总计/小计 are skipped. False: they are reported as errors.
    totals_row: ClassVar[bool] = False
    #: A row whose first non-empty cell starts with one of these ends the table (signatures
    #: and notes under it). Compared without spaces and with ":" for "：".
    footer_markers: ClassVar[tuple[str, ...]] = (
        "填表人", "制表人", "填报人", "审核人", "经办人", "负责人:", "单位负责人", "联系人:",
        "填表说明", "说明:", "注:", "备注:",
    )  # fmt: skip
    #: Extra paragraphs for the template's 填写说明 sheet.
    instructions: ClassVar[Sequence[str]] = ()

    def read_sheet(self, data: bytes) -> Sheet | None:
        """A sheet read from an upload that is not a workbook (a bank's CSV or fixed-width
        reply, ``payroll.bankfiles.reader``), or None (the default): an Excel workbook, which
        the engine checks (``safety``) and reads itself. What follows is the same either way:
        header, cells, checks, row errors, all-or-nothing write."""
        return None

    def clean_rows(self, rows: RowSet, ctx: Mapping[str, Any]) -> None:
        """Checks that need every row or the database; report with ``rows.error(...)``.

        Runs once per file, even when some rows failed: never skip the checks because
        ``rows.has_errors``. A check over all rows ("everyone with attendance is listed") must
        not report the people of ``rows.failed`` as missing. Fetch what you need in one query
        for all rows (``rows.values("id_number")``), never per row.
        """

    def write(self, rows: RowSet, ctx: Mapping[str, Any]) -> int | None:
        """Store the rows; runs inside ``transaction.atomic()`` and only for an error-free file.

        Return how many records were written (default: the number of rows). Report a problem
        found while writing with ``rows.error(...)`` or raise ``ImportRefused``: either way the
        transaction is rolled back and nothing is kept.
        """
        raise NotImplementedError(f"{type(self).__name__}.write()")

    def template_workbook(self, rows: Sequence[Mapping[str, Any]] = ()) -> bytes:
        """The downloadable template (.xlsx) for this upload: blank, or with ``rows`` (column
        name -> value) already filled in."""
        from yiguoji.imports.template import build_template

        return build_template(self, rows)
