import shutil

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from progress.periods import parse_period_label
from reports.bulletins import bulletin_create, bulletin_make
from reports.rules import percent_text


class Command(BaseCommand):
    help = "生成计划某报告期的通报（Excel 工作簿与 Word 公文，在本进程中运行，不需要 worker）：make_bulletin --plan ID --period 2022Q3 [--out 文件.xlsx] [--docx 文件.docx]"

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="计划编号或标识（key）")
        parser.add_argument("--period", required=True, help="报告期，如 2022Q3")
        parser.add_argument("--out", help="Excel 工作簿另存一份到此路径")
        parser.add_argument("--docx", help="Word 公文另存一份到此路径")

    def handle(self, *args, plan, period, out=None, docx=None, **options):
        found = Plan.objects.filter(pk=int(plan)).first() if plan.isdigit() else None
        found = found or Plan.objects.filter(key=plan).first()
        if found is None:
            raise CommandError(f"找不到计划“{plan}”。")
        try:
            year, quarter = parse_period_label(period)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        chosen = found.periods.filter(year=year, quarter=quarter).first()
        if chosen is None:
            raise CommandError(f"计划“{found.title}”没有报告期 {period}。")
        bulletin = bulletin_create(plan=found, period=chosen, queue=False)
        bulletin = bulletin_make(bulletin_id=bulletin.pk)
        if out:
            shutil.copyfile(bulletin.file.path, out)
        if docx:
            shutil.copyfile(bulletin.document.path, docx)
        snapshot = bulletin.snapshot
        self.stdout.write(
            f"已生成通报 {bulletin.number.text}：{bulletin.file.path}{'，另存为 ' + out if out else ''}\n"
            f"公文 {bulletin.document.path}{'，另存为 ' + docx if docx else ''}\n"
            f"快照 #{snapshot.pk}：{snapshot.tasks} 项任务，已完成 {snapshot.completed}，序时推进 {snapshot.on_schedule}，"
            f"滞后 {snapshot.lagging}，未报送 {snapshot.not_reported}；平均完成率 {percent_text(snapshot.completion)}，"
            f"序时进度 {percent_text(snapshot.expected)}"
        )
