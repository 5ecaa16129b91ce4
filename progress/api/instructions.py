"""领导批示 through the API: GET and POST /api/v1/tasks/{id}/instructions/. The same service as
the task page (progress/services/instructions.py): the office or a leader of one of the
task's units writes; everyone with a role reads what the task page shows them."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from progress import roles, selectors, services
from progress.api.permissions import HasRole
from progress.api.serializers import ErrorSerializer, TextField
from progress.models import Instruction, ProgressReport
from tasks.models import Task


class InstructionInputSerializer(serializers.Serializer):
    text = TextField(kind="comment", default="", help_text="批示内容，必填")
    report = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="针对的报告 id（可选）"
    )


class InstructionSerializer(serializers.ModelSerializer):
    author = serializers.CharField(
        source="author_name", help_text="批示人（批示时的姓名，账号改名或删除后不变）"
    )

    class Meta:
        model = Instruction
        fields = ["id", "task", "text", "report", "author", "created_at"]


class TaskInstructionsView(APIView):
    permission_classes = [HasRole]

    @extend_schema(summary="任务的领导批示", responses={200: InstructionSerializer(many=True)})
    def get(self, request, pk):
        task = get_object_or_404(Task, pk=pk)
        shown = selectors.instructions_visible_to(request.user, task)
        return Response(InstructionSerializer(shown, many=True).data)

    @extend_schema(
        summary="写领导批示（领导小组办公室、任务责任单位负责人）",
        request=InstructionInputSerializer,
        responses={
            201: InstructionSerializer,
            400: OpenApiResponse(ErrorSerializer, description="批示内容为空、过长或含控制字符"),
            403: OpenApiResponse(ErrorSerializer, description="填报人、只读用户不能批示"),
            404: OpenApiResponse(ErrorSerializer, description="任务不存在"),
        },
    )
    def post(self, request, pk):
        task = get_object_or_404(Task, pk=pk)
        given = InstructionInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        report = None
        report_id = given.validated_data.get("report")
        if report_id is not None:
            report = ProgressReport.objects.filter(pk=report_id, task=task).first()
            if report is None or not roles.may_see_report(request.user, report):
                raise serializers.ValidationError({"report": "该任务没有这份报告。"})
        instruction = services.instruction_add(
            user=request.user, task=task, text=given.validated_data["text"], report=report
        )
        return Response(InstructionSerializer(instruction).data, status=201)
