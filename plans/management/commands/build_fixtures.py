from django.core.management.base import BaseCommand, CommandError

from plans.documents import fixtures_build
from plans.parsing.errors import CorrectionError, NotAPlanError


class Command(BaseCommand):
    help = "由 fixtures/sources/ 与 fixtures/corrections/ 重新生成 fixtures/plans/。"
    # Reading a file needs no database and no project checks (they were 90% of its time).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="只生成这些来源文件（文件名开头）")

    def handle(self, *args, names=(), **options):
        try:
            written = fixtures_build(names or None)
        except (NotAPlanError, CorrectionError) as exc:
            raise CommandError(str(exc)) from exc
        for path in written:
            self.stdout.write(f"已生成 {path.relative_to(path.parents[2])}")
