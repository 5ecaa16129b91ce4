from django.core.management.base import BaseCommand, CommandError

from progress.services import report_counts_refill, report_counts_wrong


class Command(BaseCommand):
    help = "核对进展报告列表的总数（数据库保存的各单位报告数）；--repair 按报告重新计数"

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="按报告重新计数")

    def handle(self, *args, repair=False, **options):
        wrong = report_counts_wrong()
        for period, unit, kept, counted in wrong:
            self.stdout.write(f"报告期 {period} 单位 {unit}：保存 {kept}，实有 {counted}")
        if not wrong:
            self.stdout.write("报告数一致。")
        elif repair:
            report_counts_refill()
            self.stdout.write(f"已重新计数（{len(wrong)} 处不一致）。")
        else:
            raise CommandError(f"{len(wrong)} 处报告数不一致；用 --repair 重新计数。")
