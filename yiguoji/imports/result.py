"""What an import run answers: success and count, or every error and the marked workbook."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from yiguoji.imports.errors import RowError

if TYPE_CHECKING:
    from yiguoji.imports.header import HeaderMatch
    from yiguoji.imports.reader import Sheet
    from yiguoji.imports.spec import ImportSpec


@dataclass
class ImportResult:
    """The outcome of ``run_import``.

    ``ok`` is True only when the file had no error (and, unless ``dry_run``, was written).
    ``errors`` is sorted by row and column; ``error_count`` also counts errors beyond the
    ``IMPORT_MAX_ERRORS`` cap. ``rows`` is the number of data rows found, ``written`` what the
    spec's ``write`` reported.
    """

    ok: bool
    rows: int = 0
    written: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    dry_run: bool = False
    sheet_name: str | None = None
    header_row: int | None = None  # Excel row number of the (last) header row
    _spec: ImportSpec | None = field(default=None, repr=False)
    _sheet: Sheet | None = field(default=None, repr=False)
    _header: HeaderMatch | None = field(default=None, repr=False)

    @classmethod
    def refused(cls, message: str, *, dry_run: bool = False) -> ImportResult:
        """A whole-file refusal: one error without row or column."""
        return cls(ok=False, errors=[RowError(None, None, message)], error_count=1, dry_run=dry_run)

    @property
    def error_rows(self) -> int:
        """How many distinct rows have at least one listed error."""
        return len({error.row for error in self.errors if error.row is not None})

    @property
    def summary(self) -> str:
        """One sentence for the page or the job row."""
        if self.ok and self.dry_run:
            return f"校验通过：共 {self.rows} 条记录，没有发现错误，可以导入。"
        if self.ok:
            return f"已导入 {self.written} 条记录。"
        if self._sheet is None:
            return f"文件未能导入：{self.errors[0].message}" if self.errors else "文件未能导入。"
        rows = f"，涉及 {self.error_rows} 行" if self.error_rows else ""
        more = f"（仅列出前 {len(self.errors)} 处）" if self.error_count > len(self.errors) else ""
        return (
            f"发现 {self.error_count} 处错误{rows}{more}，未导入任何数据。"
            "请下载标注了错误的工作簿，修改后重新上传整个文件。"
        )

    def messages(self) -> list[str]:
        """Every error as a line such as "第9行 公民身份号码：校验码错误"."""
        return [str(error) for error in self.errors]

    def error_workbook(self) -> bytes | None:
        """The uploaded sheet with bad cells marked in red, a comment on each and an "错误原因"
        column, as .xlsx bytes; None if the file was refused before its rows were read."""
        if self.ok or self._sheet is None or self._header is None or self._spec is None:
            return None
        from yiguoji.imports.report import build_error_workbook

        return build_error_workbook(self._spec, self._sheet, self._header, self.errors)
