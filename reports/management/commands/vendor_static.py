import shutil
from pathlib import Path

import plotly
from django.conf import settings
from django.core.management.base import BaseCommand

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor"


class Command(BaseCommand):
    help = "把前端依赖（plotly.js）从已安装的 Python 包复制到 static/vendor/，不从互联网加载。"

    def handle(self, *args, **options):
        source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
        VENDOR.mkdir(parents=True, exist_ok=True)
        target = VENDOR / "plotly.min.js"
        if not target.exists() or target.stat().st_size != source.stat().st_size:
            shutil.copyfile(source, target)
        self.stdout.write(
            f"plotly.js {plotly.__version__} -> {target.relative_to(settings.BASE_DIR)}"
        )
