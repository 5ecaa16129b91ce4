"""Regions, units with their aliases, plans and their sections."""

from django.db import models


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        PREFECTURE = "prefecture", "市（州）"
        COUNTY = "county", "县（市、区）"

    code = models.CharField("行政区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=64)
    short_name = models.CharField("简称", max_length=32, help_text="文件中的写法，如“黔东南州”。")
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self):
        return self.short_name


class Unit(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", "部门"
        GOVERNMENT = "government", "人民政府"
        COLLECTIVE = "collective", "集合（成员未载入）"
        OTHER = "other", "其他机构"

    name = models.CharField("规范名称", max_length=128)
    region = models.ForeignKey(
        Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="units"
    )
    kind = models.CharField("类别", max_length=16, choices=Kind.choices, default=Kind.DEPARTMENT)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["region__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")
        ]

    def __str__(self):
        return self.name


class UnitAlias(models.Model):
    """Another way a document writes a unit (县人社局 for 县人力资源社会保障局)."""

    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="aliases"
    )
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT)
    name = models.CharField("别名", max_length=128)

    class Meta:
        verbose_name = "单位别名"
        verbose_name_plural = "单位别名"
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="alias_unique_name_in_region")
        ]

    def __str__(self):
        return f"{self.name} → {self.unit.name}"


class Plan(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        PREFECTURE = "prefecture", "州（市）级"
        COUNTY = "county", "县级"

    class Layout(models.TextChoices):
        """The document layouts plans/parsing reads (its LAYOUTS keys)."""

        TABLE = "table", "表格版式（计划表）"
        MEASURES = "measures", "措施版式（行动方案）"
        SCRAPE = "scrape", "分工方案版式（网页摘录）"
        INDICATORS = "indicators", "指标版式（规划）"

    key = models.SlugField("标识", max_length=64, unique=True, allow_unicode=True)
    title = models.CharField("标题", max_length=200)
    region = models.ForeignKey(
        Region, verbose_name="印发区划", on_delete=models.PROTECT, related_name="plans"
    )
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    year_start = models.PositiveSmallIntegerField("起始年度")
    year_end = models.PositiveSmallIntegerField("终止年度")
    source = models.CharField("来源文件", max_length=200)
    source_sha256 = models.CharField("来源文件摘要", max_length=64, blank=True)
    layout = models.CharField("版式", max_length=32, choices=Layout.choices)
    reporting_deadlines = models.JSONField(
        "报送截止日",
        default=dict,
        blank=True,
        help_text='计划自定的季度报送截止日，如 {"Q1": "03-18"}；为空时用默认（季末月18日）。',
    )
    lag_threshold = models.PositiveSmallIntegerField(
        "红灯阈值（百分点）", default=30, help_text="滞后不足该百分点亮黄灯，达到或超过亮红灯。"
    )
    self_review_allowed = models.BooleanField(
        "允许自行审核",
        default=False,
        help_text="只有一人的办公室可以审核自己填写或报送的报告；默认不允许。",
    )
    warnings = models.JSONField("解析提示", default=list, blank=True)
    loaded_at = models.DateTimeField("载入时间", auto_now=True)

    class Meta:
        verbose_name = "计划"
        verbose_name_plural = "计划"
        ordering = ["-year_start", "key"]

    def __str__(self):
        return self.title

    @property
    def years(self):
        return range(self.year_start, self.year_end + 1)


class Section(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="sections"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级部分",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    key = models.CharField("编号", max_length=32, help_text="层级编号，如 1.2 表示“一、（二）”。")
    numbering = models.CharField("序号", max_length=16, blank=True)
    title = models.CharField("标题", max_length=300)
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "部分"
        verbose_name_plural = "部分"
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="section_unique_key_in_plan")
        ]

    def __str__(self):
        return f"{self.numbering}{self.title}"
