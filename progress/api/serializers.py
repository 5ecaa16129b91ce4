"""Serializers of periods and progress reports. They check the shape of input only; whether a
change is allowed, and what makes a report complete, is decided by progress/services.py."""

from django.core.validators import ProhibitNullCharactersValidator
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from plans.models import Unit
from progress import periods as p
from progress import selectors
from progress.models import Attachment, Period, ProgressReport, ReportEvent
from progress.services.review import MAX_REPORTS, RESULT_STATUSES
from progress.text import text_limit
from tasks.amounts import number_text
from tasks.models import Task


class ErrorSerializer(serializers.Serializer):
    """The one shape of every API error."""

    code = serializers.CharField(
        help_text="invalid / not_authenticated / forbidden / not_found / conflict / "
        "period_closed / invalid_file / too_large / too_many_files / throttled ..."
    )
    message = serializers.CharField(help_text="给人看的中文说明")
    fields = serializers.DictField(
        child=serializers.JSONField(), help_text="按字段的说明：{字段: 说明}"
    )


class TextField(serializers.CharField):
    """Text a person types. Control characters and length are the services' to refuse
    (progress/text.py), so a client gets the same 400 with `fields` as the pages show; DRF's
    own NUL and surrogate checks are left to them. The limit is in the schema."""

    def __init__(self, *, kind, **kwargs):
        if "default" not in kwargs:
            kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        # Blanks are the services' to strip, after the check: str.strip() would drop a
        # trailing control character (U+001F, U+0085) instead of refusing it.
        kwargs.setdefault("trim_whitespace", False)
        rule = f"最多{text_limit(kind)}字，不得含控制字符"
        kwargs["help_text"] = "；".join(filter(None, [kwargs.get("help_text"), rule]))
        super().__init__(**kwargs)
        self.validators = [
            v
            for v in self.validators
            if not isinstance(
                v, ProhibitNullCharactersValidator | ProhibitSurrogateCharactersValidator
            )
        ]


class NumberField(serializers.DecimalField):
    """A decimal written as people write it ("9500", "12.5"), as in the report's history."""

    def to_representation(self, value):
        return number_text(value)


class PeriodSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text="如 2022Q3")
    state = serializers.SerializerMethodField(help_text="open 开放填报 / closed 已关闭")

    class Meta:
        model = Period
        fields = ["id", "plan", "label", "year", "quarter", "deadline", "state", "closed_at"]

    @extend_schema_field(serializers.ChoiceField(choices=["open", "closed"]))
    def get_state(self, period):
        return "open" if period.is_open else "closed"


class ReportSerializer(serializers.ModelSerializer):
    """A progress report as the API shows it."""

    plan = serializers.IntegerField(source="task.plan_id", read_only=True)
    task_number = serializers.CharField(source="task.number", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    period = serializers.CharField(source="period.label", read_only=True, help_text="如 2022Q3")
    percent = NumberField(max_digits=5, decimal_places=2, read_only=True, allow_null=True)
    values = serializers.SerializerMethodField(help_text="{目标值 id: 实际值}")
    late = serializers.SerializerMethodField(help_text="首次报送晚于截止日")
    reviewed_by = serializers.CharField(
        source="reviewed_by_name",
        read_only=True,
        help_text="审核人（审核时的姓名，账号改名或删除后不变）；未审核为空",
    )

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "plan",
            "task",
            "task_number",
            "unit",
            "unit_name",
            "period",
            "state",
            "narrative",
            "percent",
            "values",
            "problems",
            "next_steps",
            "submitted_at",
            "first_submitted_at",
            "late",
            "review_comment",
            "reviewed_by",
            "reviewed_at",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.DictField(child=serializers.DecimalField(max_digits=24, decimal_places=6))
    )
    def get_values(self, report):
        return {str(v.target_id): number_text(v.value) for v in report.values.all()}

    @extend_schema_field(serializers.BooleanField())
    def get_late(self, report):
        return p.is_late(report.first_submitted_at, report.period.deadline)


class ReportContentSerializer(serializers.Serializer):
    """The parts of a report its unit writes."""

    narrative = TextField(kind="report", label="进展情况")
    percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        required=False,
        allow_null=True,
        label="完成百分比",
        help_text="0-100，没有数值目标的任务报送时必填",
    )
    values = serializers.DictField(
        child=serializers.DecimalField(max_digits=24, decimal_places=6, allow_null=True),
        required=False,
        label="实际值",
        help_text="{目标值 id: 实际值}，为该任务年度目标的完整集合：未列出的目标视为未填",
    )
    problems = TextField(kind="report", label="存在问题")
    next_steps = TextField(kind="report", label="下步打算")

    # What PUT puts in place of a part it does not send.
    EMPTY = {"narrative": "", "percent": None, "values": {}, "problems": "", "next_steps": ""}


class ReportCreateSerializer(ReportContentSerializer):
    task = serializers.PrimaryKeyRelatedField(queryset=Task.objects.select_related("plan"))
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(),
        required=False,
        help_text="报送单位 id；填报人与单位负责人省略时为本单位，办公室必填",
    )
    period = serializers.CharField(help_text="任务所属计划的报告期，如 2022Q3")

    def validate(self, attrs):
        task = attrs["task"]
        try:
            p.parse_period_label(attrs["period"])
        except ValueError as exc:
            raise serializers.ValidationError({"period": str(exc)}) from None
        period = selectors.period_get(task.plan, attrs["period"])
        if period is None:
            raise serializers.ValidationError(
                {"period": f"计划“{task.plan.title}”没有报告期{attrs['period']}。"}
            )
        attrs["period"] = period
        return attrs


class NeverPartial:
    """A body PUT and PATCH take alike: never partial, so the schema of PATCH says so too
    (drf-spectacular makes PATCH bodies partial)."""

    @property
    def partial(self):
        return False

    @partial.setter
    def partial(self, value):
        pass


class ReportUpdateSerializer(NeverPartial, ReportContentSerializer):
    """PUT and PATCH alike: `version` is always required, the parts are optional."""

    version = serializers.IntegerField(help_text="修改所依据的版本（读取报告时的 version）")


class ReportSubmitSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="报送所依据的版本")


class ReportReviewSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="审核所依据的版本")
    comment = TextField(kind="comment", default="", help_text="审核意见；退回时必填")


class BulkApproveSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=False,
        max_length=MAX_REPORTS,
        help_text=f"要审核通过的报告 id，最多 {MAX_REPORTS} 个",
    )
    versions = serializers.DictField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text="{报告 id: 审核所依据的版本}，可选；给出时，此后被修改过的报告不予处理（conflict）",
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="审核意见，可选"
    )

    def validate_versions(self, value):
        try:
            return {int(key): version for key, version in value.items()}
        except ValueError:
            raise serializers.ValidationError("键必须是报告 id。") from None


class BulkReturnSerializer(BulkApproveSerializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=False,
        max_length=MAX_REPORTS,
        help_text=f"要退回的报告 id，最多 {MAX_REPORTS} 个",
    )
    comment = serializers.CharField(help_text="退回意见（每份报告各记一次退回，意见相同）")


class BulkResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="报告 id")
    status = serializers.ChoiceField(
        choices=RESULT_STATUSES, help_text="approved 已通过 / returned 已退回 / refused 未处理"
    )
    code = serializers.CharField(
        help_text="ok，或未处理的原因：forbidden（如本人填写或报送过）/ conflict（版本已变或状态不允许）"
        " / not_found / period_closed ..."
    )
    message = serializers.CharField(help_text="给人看的中文说明")


class BulkResultsSerializer(serializers.Serializer):
    results = BulkResultSerializer(many=True, help_text="每个 id 一项，顺序同请求")


class AskedSerializer(serializers.Serializer):
    """A value the period asks of a unit's report (values are sent in the stored `unit`)."""

    target = serializers.IntegerField(source="target.pk", help_text="目标值 id（values 的键）")
    kind = serializers.CharField(
        source="judged.kind", help_text="annual 年度目标 / quarter 本季度目标（本季度节点）"
    )
    label = serializers.CharField(help_text="给人看的说明：指标、年度目标或本季度节点、原文数值")
    metric = serializers.CharField(source="target.metric")
    goal = NumberField(
        max_digits=24, decimal_places=6, help_text="考核所对照的数值（县按分解目标）"
    )
    unit = serializers.CharField(source="target.unit", help_text="API 中实际值的计量单位")
    written_unit = serializers.CharField(source="input_unit", help_text="页面与模板中的填写单位")
    expected = serializers.FloatField(source="judged.expected", help_text="该目标的序时进度")
    shared = serializers.SerializerMethodField(help_text="按分解目标考核")

    def get_shared(self, asked) -> bool:
        return asked.share is not None


class ChangeLineSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="changes 中的键（实际值为 values.目标值id）")
    label = serializers.CharField(help_text="字段的中文名，如 进展情况、实际值·农村劳动力转移就业")
    before = serializers.CharField(help_text="修改前（空为未填）")
    after = serializers.CharField(help_text="修改后")


class ReportEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(
        source="actor_name", read_only=True, help_text="操作人（记录时的姓名）"
    )
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    changes = serializers.JSONField(
        read_only=True, help_text="{字段: [修改前, 修改后]}；values 为 {目标值 id: 实际值}"
    )
    changes_display = ChangeLineSerializer(
        source="lines",
        many=True,
        read_only=True,
        help_text="同一变更的中文说明：字段名、修改前后（状态为中文，实际值按原文单位）",
    )

    class Meta:
        model = ReportEvent
        fields = [
            "version",
            "action",
            "action_display",
            "actor",
            "at",
            "changes",
            "changes_display",
            "comment",
        ]


class AttachmentSerializer(serializers.ModelSerializer):
    """佐证材料 as the API shows it: `content_type` is what the content is (checked on upload),
    `download` the file's address, to fetch with the same authentication."""

    name = serializers.CharField(read_only=True, help_text="上传时的文件名，下载时沿用")
    size = serializers.IntegerField(read_only=True, help_text="字节数")
    uploaded_by = serializers.CharField(
        source="uploaded_by_name", read_only=True, help_text="上传人（上传时的姓名）"
    )
    download = serializers.SerializerMethodField(help_text="下载地址（需同样的认证）")

    class Meta:
        model = Attachment
        fields = [
            "id",
            "name",
            "size",
            "content_type",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, attachment) -> str:
        url = reverse(
            "api:progress-attachment-download", args=[attachment.report_id, attachment.pk]
        )
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True,
        help_text="佐证材料文件（multipart/form-data）：图片、PDF、OFD、Word、Excel、PowerPoint、WPS",
        error_messages={
            "required": "请用 multipart/form-data 的 file 字段上传文件。",
            "invalid": "请用 multipart/form-data 的 file 字段上传文件。",
            "no_name": "上传的文件没有文件名。",
        },
    )
