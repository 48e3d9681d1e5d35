"""The home page: what this user needs to do now, by role."""

from django.shortcuts import render

from yiguoji.core import access, registry
from yiguoji.core.models import Job, Notification

ROLE_INTRO = {
    "district_office": "汇总项目储备库和年度项目清单，审查储备项目，设置并组织年度考核。",
    "department": "审批本行业以工代赈项目，接收项目单位报送的劳务报酬发放台账备案，开展监督。",
    "labour_bureau": "组织劳动力摸底调查，建立工作台账，开展技能培训并形成培训台账。",
    "finance": "核查劳务报酬发放和农民工工资专用账户。",
    "township": "登记本乡镇务工人员和摸底调查，谋划申报项目，撰写年度总结。",
    "project_unit": "组织用工、签订劳务合同、记录考勤，按月上传劳务报酬发放台账。",
    "contractor": "组织用工、签订劳务合同、记录考勤，按月上传劳务报酬发放台账。",
    "leader": "查看以工代赈工作总体情况和考核排名。",
    "auditor": "查阅全部数据和审计日志，开展监督检查。",
}


def home(request):
    user = request.user
    context = {
        "intro": ROLE_INTRO.get(user.role, "系统管理员：维护组织机构、用户和基础数据。"),
        "tasks": registry.tasks_for(user),
        "notifications": Notification.objects.filter(recipient=user, read_at=None)[:5],
        "active_jobs": Job.objects.filter(created_by=user, status__in=["queued", "running"])[:5],
        "capabilities": access.of_role(user.role) if user.role else access.all_capabilities(),
    }
    return render(request, "core/home.html", context)
