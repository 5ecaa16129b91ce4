"""The wording of a plan's bulletin as a 公文, which the office edits (BulletinTemplate): its
defaults, reading it, and saving it after the placeholders are checked.

Defaults come from the plan's region, as a leading group office names itself:
- 发文机关: bulletin_xlsx.issuing_office (黔东南州促进居民增收工作领导小组办公室; for the
  county's plan 册亨县促进居民增收工作领导小组办公室);
- 文号 prefix: the region's name without its level (黔东南, 册亨, 贵州), the work's short name
  where it has a usual one (增收, 就业, 振兴), and 办: 黔东南增收办, 册亨增收办;
- 主送: the governments one level down and the departments of the plan's level
  (各县（市）人民政府，州直有关部门).
"""

from django.db import transaction
from django.utils import timezone

from progress import roles
from progress.errors import NotAllowed, ReportError
from reports.bulletin_docx.placeholders import placeholders_problems
from reports.bulletin_xlsx import issuing_office
from reports.models import BulletinTemplate

# The short names offices use for the work of a plan, in the order they are looked for.
WORK_SHORT_NAMES = (("增收", "增收"), ("就业创业", "就业"), ("乡村振兴", "振兴"))
LEVEL_MARKS = ("省", "州", "市", "县", "区")
BELOW = {
    "province": "各市（州）人民政府",
    "prefecture": "各县（市）人民政府",
    "county": "各乡（镇）人民政府、街道办事处",
}
DEFAULT_TITLE = "关于{工作}{期间}推进情况的通报"
DEFAULT_OPENING = (
    "为推动{计划}各项任务落地见效，根据各牵头单位报送的进展情况，现将{期间}推进情况通报如下。"
)
DEFAULT_REQUIREMENTS = "\n".join(
    (
        "（一）加快推进滞后任务。各牵头单位要对照年度目标任务和序时进度，逐项分析滞后原因，"
        "制定针对性措施，确保按期完成全年目标任务。",
        "（二）按时报送进展情况。各牵头单位和责任单位要在每季度报送截止日前如实报送进展情况"
        "和佐证材料，逾期未报送的将予以督办。",
        "（三）强化协调配合。各责任单位要主动对接牵头单位，加强工作协同，形成工作合力。",
    )
)
DEFAULT_CLOSING = "特此通报。"
# Fields that may hold placeholders; the 文号 prefix may not (it is part of a number).
TEXT_FIELDS = ("title", "recipients", "opening", "requirements", "closing", "signature")
REQUIRED = {
    "office_name": "发文机关",
    "number_prefix": "发文字号机关代字",
    "title": "标题",
    "recipients": "主送机关",
    "signature": "落款",
}


def region_stem(region):
    """黔东南州 -> 黔东南, 册亨县 -> 册亨, 贵州省 -> 贵州."""
    name = region.short_name
    return name[:-1] if len(name) > 2 and name.endswith(LEVEL_MARKS) else name


def default_number_prefix(plan):
    work = next((short for word, short in WORK_SHORT_NAMES if word in plan.title), "")
    return f"{region_stem(plan.region)}{work}办"


def default_recipients(plan):
    region = plan.region
    below = BELOW.get(region.level, "各有关单位")
    level = region.short_name[-1] if region.short_name.endswith(LEVEL_MARKS) else ""
    return f"{below}，{level}直有关部门" if level else below


def template_defaults(plan):
    office = issuing_office(plan)
    return {
        "office_name": office,
        "number_prefix": default_number_prefix(plan),
        "title": DEFAULT_TITLE,
        "recipients": default_recipients(plan),
        "opening": DEFAULT_OPENING,
        "requirements": DEFAULT_REQUIREMENTS,
        "closing": DEFAULT_CLOSING,
        "signature": office,
    }


def bulletin_template_of(plan):
    """The plan's wording: the one the office saved, else the defaults (unsaved)."""
    saved = BulletinTemplate.objects.filter(plan=plan).first()
    return saved or BulletinTemplate(plan=plan, **template_defaults(plan))


def template_problems(data):
    """{field: Chinese message} of what is wrong with `data` (the template's fields)."""
    problems = {}
    for field, label in REQUIRED.items():
        if not str(data.get(field, "")).strip():
            problems[field] = f"请填写{label}。"
    for field in TEXT_FIELDS:
        found = placeholders_problems(str(data.get(field, "")))
        if found and field not in problems:
            problems[field] = "".join(found)
    prefix = str(data.get("number_prefix", ""))
    if "number_prefix" not in problems and any(ch in prefix for ch in "{}〔〕[]()（）"):
        problems["number_prefix"] = (
            "机关代字只填代字本身（如“黔东南增收办”），年份〔2022〕和序号由系统编排。"
        )
    for field in ("office_name", "number_prefix", "title", "recipients", "closing", "signature"):
        limit = BulletinTemplate._meta.get_field(field).max_length
        if field not in problems and len(str(data.get(field, ""))) > limit:
            problems[field] = f"不能超过{limit}个字。"
    return problems


@transaction.atomic
def bulletin_template_save(*, user, plan, data):
    """Save the office's wording of the plan's bulletins; nothing is saved when any field is
    wrong (ReportError with every bad field in `fields`)."""
    if not roles.is_office(user):
        raise NotAllowed("只有领导小组办公室可以修改通报模板。")
    cleaned = {field: str(data.get(field, "")).strip() for field in template_defaults(plan)}
    problems = template_problems(cleaned)
    if problems:
        raise ReportError("通报模板有误，未保存：请按提示修改。", fields=problems)
    template, _ = BulletinTemplate.objects.update_or_create(
        plan=plan, defaults={**cleaned, "updated_at": timezone.now(), "updated_by": user}
    )
    return template
