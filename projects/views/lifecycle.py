"""Moving a project along its lifecycle: a confirmation page per action, with what is missing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from projects.duplicates import possible_duplicates
from projects.forms import ReviewForm, TransitionForm
from projects.models import Project, ProjectReview
from projects.selectors import project_facts
from projects.services.lifecycle import (
    TRANSITIONS,
    TransitionRefused,
    project_review_pass,
    project_review_save,
    project_transition,
)
from projects.views.common import show_errors
from yiguoji import scope
from yiguoji.core import access


def transition(request, pk: int, action: str):
    try:
        step = TRANSITIONS[action]
    except KeyError:
        raise Http404 from None
    user = request.user
    access.require(user, step.capability)
    project = scope.get_object_or_404(
        Project.objects.select_related("owner", "department", "contractor"),
        user,
        scope.CHANGE,
        pk=pk,
    )
    form_class = ReviewForm if action == "review" else TransitionForm
    missing: list[str] = []
    if request.method == "POST":
        form = form_class(request.POST, transition=step)
        if form.is_valid():
            try:
                if action == "review" and "save" in request.POST:
                    project_review_save(
                        acting_user=user, project=project, checklist=form.checklist()
                    )
                    messages.success(request, "已保存前期审查意见")
                    return redirect("projects:transition", pk=project.pk, action=action)
                if action == "review":
                    project_review_pass(
                        acting_user=user,
                        project=project,
                        checklist=form.checklist(),
                        reason=form.cleaned_data["reason"],
                    )
                else:
                    project_transition(
                        acting_user=user,
                        project=project,
                        action=action,
                        reason=form.cleaned_data["reason"],
                    )
            except TransitionRefused as refused:
                missing = refused.missing
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, f"“{project.name}”已{step.label}")
                return redirect("projects:detail", pk=project.pk)
    else:
        initial = {}
        if action == "review":
            review = ProjectReview.objects.filter(project=project).first()
            if review is not None:
                initial = {name: getattr(review, name) for name in ReviewForm.base_fields
                           if name != "reason"}  # fmt: skip
        form = form_class(transition=step, initial=initial)
    facts = project_facts(project)
    if not missing and project.status in step.sources:
        missing = step.missing(facts, timezone.localdate())
    context = {
        "project": project,
        "facts": facts,
        "step": step,
        "form": form,
        "missing": missing,
        "wrong_state": project.status not in step.sources,
        # art. 18: the reviewer sees the works this one may duplicate before reviewing or listing
        "duplicates": possible_duplicates(project) if action in ("review", "list") else [],
        "page_title": f"{step.label}：{project.name}",
    }
    return render(request, "projects/transition.html", context)
