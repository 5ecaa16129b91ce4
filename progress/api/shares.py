"""API of target shares (目标分解): /api/v1/target-shares/. Everyone with a role reads them;
the office and the people of a task's lead units write them, through the same services as
the page and the Excel upload (which decide who may, and refuse stale versions with 409).
Values are in the target's stored unit (元 for a target written 4.2亿元)."""

import django_filters
from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from plans.api import IdFilter
from plans.models import Unit
from progress import roles, selectors, services
from progress.api.permissions import HasRole
from progress.api.serializers import ErrorSerializer, NeverPartial, NumberField
from progress.models import TargetShare, TargetShareEvent
from tasks.models import Target


def _error(description):
    return OpenApiResponse(ErrorSerializer, description=description)


WRITE_ERRORS = {
    400: _error("输入有误（invalid），fields 说明各字段的问题"),
    401: _error("未登录（not_authenticated）"),
    403: _error("无权分解该任务的目标（forbidden）"),
    404: _error("分解目标不存在（not_found）"),
    409: _error("该单位已有分解目标，或版本已过期（conflict）"),
}


class SharesAccess(BasePermission):
    """Reading needs a role (HasRole); writing the office or a reporting user (whether of
    one of the task's lead units is the services' check, 403 otherwise)."""

    message = "只读用户不能修改数据。"

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return roles.is_office(request.user) or roles.is_reporting_user(request.user)


class ShareSerializer(serializers.ModelSerializer):
    task = serializers.IntegerField(source="target.task_id", read_only=True, help_text="任务 id")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    metric = serializers.CharField(source="target.metric", read_only=True, help_text="指标")
    value = NumberField(
        max_digits=24, decimal_places=6, read_only=True, help_text="分解目标值（目标的计量单位）"
    )
    updated_by = serializers.SerializerMethodField(help_text="最后修改人")

    class Meta:
        model = TargetShare
        fields = [
            "id",
            "target",
            "task",
            "unit",
            "unit_name",
            "metric",
            "value",
            "version",
            "updated_by",
            "updated_at",
        ]
        read_only_fields = fields

    def get_updated_by(self, share) -> str:
        user = share.updated_by
        return (user.get_full_name() or user.get_username()) if user else ""


class ShareCreateSerializer(serializers.Serializer):
    target = serializers.PrimaryKeyRelatedField(
        queryset=Target.objects.select_related("task"), help_text="年度目标 id"
    )
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), help_text="责任单位 id")
    value = serializers.DecimalField(
        max_digits=24, decimal_places=6, help_text="分解目标值，按目标的计量单位（API 中的 unit）"
    )


class ShareUpdateSerializer(NeverPartial, serializers.Serializer):
    """PUT and PATCH alike: both parts are required (a share is one value)."""

    value = serializers.DecimalField(max_digits=24, decimal_places=6, help_text="分解目标值")
    version = serializers.IntegerField(help_text="修改所依据的版本（读取时的 version）")


class ShareEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_name", read_only=True, help_text="操作人")
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    before = NumberField(max_digits=24, decimal_places=6, read_only=True, allow_null=True)
    after = NumberField(max_digits=24, decimal_places=6, read_only=True, allow_null=True)
    source = serializers.CharField(read_only=True, help_text="page 页面 / excel / api")

    class Meta:
        model = TargetShareEvent
        fields = ["version", "action", "action_display", "before", "after", "actor", "at", "source"]


class ShareFilter(django_filters.FilterSet):
    plan = IdFilter(field_name="target__task__plan", label="计划（id）")
    task = IdFilter(field_name="target__task", label="任务（id）")
    target = IdFilter(field_name="target", label="年度目标（id）")
    unit = IdFilter(field_name="unit", label="单位（id）")

    class Meta:
        model = TargetShare
        fields = ["plan", "task", "target", "unit"]


def _version(request):
    value = str(request.query_params.get("version", ""))
    if not value.isdigit() or len(value) > 9:
        raise serializers.ValidationError({"version": "删除时须提供当前版本号（?version=）。"})
    return int(value)


@extend_schema_view(
    list=extend_schema(summary="目标分解列表（可按计划、任务、目标、单位筛选）"),
    retrieve=extend_schema(summary="一个单位的分解目标"),
)
class TargetShareViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """目标分解：一个责任单位（如县）承担某项任务年度数值目标的份额；县按自己的份额考核。"""

    serializer_class = ShareSerializer
    filterset_class = ShareFilter
    permission_classes = [HasRole, SharesAccess]

    def get_queryset(self):
        return selectors.shares_visible()

    def _written(self, write, code=status.HTTP_200_OK):
        """Make `write` (a services call returning the share) and answer with the share as it
        wrote it, read before its transaction ends (as the reports' API does: after the
        commit, a write that came at once after it would be shown instead)."""
        with transaction.atomic():
            written = write()
            share = selectors.shares_visible().get(pk=written.pk)
        return Response(ShareSerializer(share, context={"request": self.request}).data, code)

    @extend_schema(
        summary="设定一个单位的分解目标",
        request=ShareCreateSerializer,
        responses={201: ShareSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        given = ShareCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        return self._written(
            lambda: services.target_share_set(
                user=request.user, target=data["target"], unit=data["unit"], value=data["value"]
            ),
            status.HTTP_201_CREATED,
        )

    def _update(self, request):
        share = self.get_object()
        given = ShareUpdateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        return self._written(
            lambda: services.target_share_set(
                user=request.user,
                target=share.target,
                unit=share.unit,
                value=given.validated_data["value"],
                version=given.validated_data["version"],
            )
        )

    @extend_schema(
        summary="修改分解目标（须带 version）",
        request=ShareUpdateSerializer,
        responses={200: ShareSerializer, **WRITE_ERRORS},
    )
    def update(self, request, pk=None):
        return self._update(request)

    @extend_schema(
        summary="修改分解目标（须带 version）",
        request=ShareUpdateSerializer,
        responses={200: ShareSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request, pk=None):
        return self._update(request)

    @extend_schema(
        summary="删除分解目标（该单位改按完成百分比考核）",
        parameters=[
            OpenApiParameter(
                "version", OpenApiTypes.INT, required=True, description="删除所依据的版本"
            )
        ],
        responses={204: None, **WRITE_ERRORS},
    )
    def destroy(self, request, pk=None):
        share = self.get_object()
        services.target_share_delete(user=request.user, share=share, version=_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="分解目标的历史：谁、何时、从多少改为多少、经由何处",
        responses=ShareEventSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request, pk=None):
        share = self.get_object()
        events = TargetShareEvent.objects.filter(
            target_id=share.target_id, unit_id=share.unit_id
        ).order_by("at", "pk")
        page = self.paginate_queryset(events)
        return self.get_paginated_response(ShareEventSerializer(page, many=True).data)
