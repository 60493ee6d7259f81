"""The auth admin's permissions named in Chinese: Django stores a permission's name
in English when it creates it ("Can add case"), and the user and group forms list
them by that name."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User

ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}


def permission_label(permission: Permission) -> str:
    """治理案例 | 案例 | 可以添加案例; a permission Django did not create keeps its
    own name."""
    model = permission.content_type.model_class()
    action = permission.codename.partition("_")[0]
    if model is None or permission.codename != f"{action}_{model._meta.model_name}":
        return str(permission)
    if action not in ACTIONS:
        return str(permission)
    app = apps.get_app_config(model._meta.app_label).verbose_name
    name = model._meta.verbose_name
    return f"{app} | {name} | 可以{ACTIONS[action]}{name}"


class ChinesePermissions:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


class ChineseGroupAdmin(ChinesePermissions, GroupAdmin):
    pass


class ChineseUserAdmin(ChinesePermissions, UserAdmin):
    pass


admin.site.unregister(Group)
admin.site.register(Group, ChineseGroupAdmin)
admin.site.unregister(User)
admin.site.register(User, ChineseUserAdmin)
