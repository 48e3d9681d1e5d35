"""The district office maintains users: create, edit, set a password, lift a lockout."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.capabilities import MANAGE_USERS
from yiguoji.core.forms import SetPasswordForm, UserForm
from yiguoji.core.models import User
from yiguoji.core.services.users import user_save, user_set_password, user_unlock


def _editable(request, pk):
    access.require(request.user, MANAGE_USERS)
    return scope.get_object_or_404(User.objects.all(), request.user, scope.CHANGE, pk=pk)


def user_form(request, pk=None):
    access.require(request.user, MANAGE_USERS)
    person = _editable(request, pk) if pk else User()
    form = UserForm(request.POST or None, instance=person, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user_save(
                acting_user=request.user,
                user=form.instance,
                password=form.cleaned_data.get("password") or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已保存用户“{form.instance.get_full_name()}”。")
            return redirect("core:directory")
    return render(request, "core/user_form.html", {"form": form, "person": person})


def user_password(request, pk):
    person = _editable(request, pk)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_set_password(
                acting_user=request.user, user=person, password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            messages.success(request, f"已为“{person.get_full_name()}”设置新密码，并解除锁定。")
            return redirect("core:directory")
    return render(request, "core/user_password.html", {"form": form, "person": person})


@require_POST
def user_unlock_view(request, pk):
    person = _editable(request, pk)
    user_unlock(acting_user=request.user, user=person)
    messages.success(request, f"已解除“{person.get_full_name()}”的登录锁定。")
    return redirect("core:directory")
