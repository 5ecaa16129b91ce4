import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.documents import document_parse
from plans.parsing import LAYOUTS
from plans.parsing.corrections import load_corrections
from plans.parsing.errors import CorrectionError, NotAPlanError


class Command(BaseCommand):
    help = "解析计划文件（文本，或 .xlsx、.docx 计划表），在标准输出打印 JSON。"
    # Reading a file needs no database and no project checks (they were 90% of its time).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", help="计划文件路径")
        parser.add_argument("--layout", choices=sorted(LAYOUTS), help="指定版式（默认自动识别）")
        parser.add_argument("--corrections", help="已复核的更正文件（JSON）")

    def handle(self, *args, path, layout=None, corrections=None, **options):
        source = Path(path)
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}") from exc
        try:
            fixes = load_corrections(corrections) if corrections else None
            parse = document_parse(data, name=source.name, layout=layout, corrections=fixes)
        except (NotAPlanError, CorrectionError) as exc:
            raise CommandError(str(exc)) from exc
        json.dump(parse, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
