"""What each role may do with trainings, the training ledger and conversions.

Plan tasks 6-7 make the labour bureau, the townships and the project units responsible for
training; art. 43 adds the contractor (培训+上岗). Which *rows* a role may touch is
``training.scopes``. Departments supervise their projects' training (art. 32: acceptance checks
it). Leaders see sessions and figures but no lists of people (as for the worker register: leaders
see aggregates, never personal data); finance has no part in training.
"""

from yiguoji.core import access
from yiguoji.core.roles import Role

R = Role

VIEW = access.define(
    "training.view",
    "查看培训和培训统计",
    R.DISTRICT_OFFICE, R.DEPARTMENT, R.LABOUR_BUREAU, R.TOWNSHIP, R.PROJECT_UNIT,
    R.CONTRACTOR, R.LEADER, R.AUDITOR,
)  # fmt: skip
VIEW_PEOPLE = access.define(
    "training.view_people",
    "查看培训台账和零工变长工人员",
    R.DISTRICT_OFFICE, R.DEPARTMENT, R.LABOUR_BUREAU, R.TOWNSHIP, R.PROJECT_UNIT,
    R.CONTRACTOR, R.AUDITOR,
)  # fmt: skip
MANAGE_SESSIONS = access.define(
    "training.manage_sessions",
    "登记培训和培训台账",
    R.LABOUR_BUREAU, R.TOWNSHIP, R.PROJECT_UNIT, R.CONTRACTOR,
)  # fmt: skip
RECORD_CONVERSIONS = access.define(
    "training.record_conversions",
    "登记零工变长工",
    R.LABOUR_BUREAU, R.TOWNSHIP, R.PROJECT_UNIT, R.CONTRACTOR,
)  # fmt: skip
