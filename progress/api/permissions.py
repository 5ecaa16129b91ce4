"""Who may use the API, after progress/roles.py. Kept apart from the views: settings name
HasRole as DRF's default permission, and DRF imports it while importing its own views."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from progress import roles

REVIEW_ACTIONS = ("approve", "return_", "bulk_approve", "bulk_return")


class HasRole(BasePermission):
    """Every API resource: a signed-in user with a role. Anonymous requests get 401."""

    message = "您的账号尚未分配角色，请联系领导小组办公室。"

    def has_permission(self, request, view):
        return roles.role_of(request.user) is not None


class ReportAccess(BasePermission):
    """Progress reports: reading needs a role; writing a reporting role (own unit) or the
    office; approve and return the office; a reporting user reaches only their unit's reports.
    Whether the user may write this unit's report on this task is the services' check."""

    def has_permission(self, request, view):
        user = request.user
        if request.method in SAFE_METHODS:
            return True
        if getattr(view, "action", None) in REVIEW_ACTIONS:
            self.message = "只有领导小组办公室可以审核报告。"
            return roles.is_office(user)
        self.message = "只读用户不能修改数据。"
        return roles.is_office(user) or roles.is_reporting_user(user)

    def has_object_permission(self, request, view, obj):
        self.message = "您只能查看和填报本单位的报告。"
        return roles.may_see_report(request.user, obj)
