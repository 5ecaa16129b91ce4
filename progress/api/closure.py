"""办结销号 through the API: POST /api/v1/tasks/{id}/close/ and /reopen/. The same services as
the task page (progress/services/closure.py): direct when the counted completion is 1, else
only with a reason; each an event in the task's history."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from progress import periods as p
from progress import selectors, services
from progress.api.permissions import HasRole
from progress.api.serializers import ErrorSerializer
from progress.models import TaskClosure
from tasks.models import Task


class CloseSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="办结的报告期，如 2022Q3；此后的报告期无需报送")
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="办结说明；该报告期计入的完成率未达100%时必填",
    )


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ClosureSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period.label")
    closed_by = serializers.CharField(source="closed_by.username", default=None)

    class Meta:
        model = TaskClosure
        fields = ["task", "period", "reason", "completion", "closed_by", "closed_at"]


ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="缺少办结理由（完成率未达100%）等"),
    403: OpenApiResponse(ErrorSerializer, description="只有领导小组办公室可以办结销号"),
    404: OpenApiResponse(ErrorSerializer, description="任务不存在"),
    409: OpenApiResponse(ErrorSerializer, description="已办结，或未办结而撤销"),
}


class TaskCloseView(APIView):
    permission_classes = [HasRole]

    @extend_schema(
        summary="办结销号（领导小组办公室）",
        request=CloseSerializer,
        responses={200: ClosureSerializer, **ERRORS},
    )
    def post(self, request, pk):
        task = get_object_or_404(Task.objects.select_related("plan"), pk=pk)
        given = CloseSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        label = given.validated_data["period"]
        try:
            p.parse_period_label(label)
        except ValueError as exc:
            raise serializers.ValidationError({"period": str(exc)}) from None
        period = selectors.period_get(task.plan, label)
        if period is None:
            raise serializers.ValidationError({"period": f"该任务的计划没有报告期{label}。"})
        closure = services.task_close(
            user=request.user, task=task, period=period, reason=given.validated_data["reason"]
        )
        return Response(ClosureSerializer(closure).data)


class TaskReopenView(APIView):
    permission_classes = [HasRole]

    @extend_schema(
        summary="撤销办结（领导小组办公室）",
        request=ReopenSerializer,
        responses={204: None, **ERRORS},
    )
    def post(self, request, pk):
        task = get_object_or_404(Task, pk=pk)
        given = ReopenSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.task_reopen(user=request.user, task=task, reason=given.validated_data["reason"])
        return Response(status=204)
