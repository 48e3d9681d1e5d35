"""What the payroll app adds to the shell: scope rules, menu, uploads, to-dos, demo data."""

from payroll import capabilities as caps
from payroll import demo, home, scopes  # noqa: F401  (registers)
from payroll.importers import kinds  # noqa: F401  (registers the uploads)
from yiguoji.core import registry

SECTION = "务工人员"
registry.nav(SECTION, "务工人员名册", "payroll:workers", capability=caps.VIEW_WORKERS,
             icon="people", order=10)  # fmt: skip
registry.nav(SECTION, "摸底调查", "payroll:survey_rounds", capability=caps.VIEW_SURVEYS,
             icon="clipboard-check", order=20)  # fmt: skip
registry.nav(SECTION, "招用务工人员", "payroll:hiring_projects", capability=caps.VIEW_HIRING,
             icon="person-plus", order=30)  # fmt: skip
registry.nav(SECTION, "劳务合同", "payroll:contracts", capability=caps.VIEW_HIRING,
             icon="file-earmark-text", order=40)  # fmt: skip
registry.nav(SECTION, "考勤", "payroll:attendance_projects", capability=caps.VIEW_ATTENDANCE,
             icon="calendar-check", order=50)  # fmt: skip
