"""Time and peak memory of reading bad workbooks: `python -m bench.workbook_bombs`.

Builds the bombs of tests/security/bombs.py into a temporary folder, then reads each in a
fresh process (so one case's memory does not hide another's) with the progress template
reader (progress/excel/reading.py upload_open) or the plan table reader
(plans/parsing/workbook.py parse_workbook), and prints the outcome, the wall time and the
growth of the peak resident memory (ru_maxrss) while reading.

--code DIR reads with the code of another checkout (e.g. the main branch, for the figures
before a change); --timeout stops a case that runs longer.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import inspect, json, os, resource, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")
import django
django.setup()
from plans.parsing.workbook import parse_workbook
from progress.excel.reading import upload_open

plans_reader = parse_workbook
if "limits" in inspect.signature(parse_workbook).parameters:
    from plans.documents import file_limits
    plans_reader = lambda data: parse_workbook(data, limits=file_limits())
reader = {"progress": upload_open, "plans": plans_reader}[sys.argv[1]]
data = open(sys.argv[2], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    reader(data)
    outcome = "read"
except Exception as exc:
    outcome = f"{type(exc).__name__}: {getattr(exc, 'message', None) or exc}"
seconds = time.perf_counter() - started
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": after / 1024, "grew_mb": (after - before) / 1024,
                  "outcome": outcome}, ensure_ascii=False))
"""


def cases():
    """(name, reader, bytes) of each bad file, beside an honest one of each reader."""
    sys.path.insert(0, str(ROOT))
    from tests.security import bombs

    header = [
        "序号",
        "年度目标任务",
        "二季度计划",
        "三季度计划",
        "四季度计划",
        "牵头单位",
        "责任单位",
    ]
    table = [["黔东南州2022年度促进居民增收实施计划表"], header] + [
        [
            n,
            f"全州完成第{n}项任务" * 4,
            "二季度",
            "三季度",
            "四季度",
            "州财政局",
            "各县（市）人民政府",
        ]
        for n in range(1, 301)
    ]
    plan = bombs.xlsx(table)
    # A template-like file: the main sheet and "_meta", the first sheet the reader walks.
    template = bombs.xlsx(
        [["序号", "进展情况"], [1, ""]], title="进展填报", extra_sheets=[("_meta", [["v1"]])]
    )
    meta = "xl/worksheets/sheet2.xml"
    yield "honest plan table, 300 tasks", "plans", plan
    yield (
        "plan: dimension A1:XFD1048576, 5000 rows",
        "plans",
        bombs.rows_of_one_cell(plan, 5000, dimension="A1:XFD1048576"),
    )
    yield (
        "plan: one row of 2.6 million empty cells",
        "plans",
        bombs.one_row_of_empty_cells(plan, 2_600_000),
    )
    yield (
        "plan: 1 GiB of zeros in one member",
        "plans",
        bombs.with_padding(plan, {"xl/media/image1.png": 1024**3}),
    )
    yield "plan: styles of 1.1 million elements", "plans", bombs.many_elements(plan, 1_100_000)
    yield (
        "template: one row of 2.6 million empty cells",
        "progress",
        bombs.one_row_of_empty_cells(template, 2_600_000, member=meta),
    )
    yield (
        "template: dimension A1:XFD1048576",
        "progress",
        bombs.with_dimension(template, "A1:XFD1048576", member=meta),
    )
    yield (
        "template: 200 MB of zeros in one member",
        "progress",
        bombs.with_padding(template, {"xl/media/image1.png": 200 * 1024**2}),
    )
    yield "template: entity expansion", "progress", bombs.with_doctype(template, member=meta)
    yield (
        "template: a 2 MB name, then 200,000 words dimension",
        "progress",
        bombs.dimension_words(template, 2 * 1024 * 1024, 200_000),
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", default=str(ROOT), help="checkout whose readers are measured")
    parser.add_argument("--timeout", type=int, default=180)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": args.code, "DEBUG": "true"}
    with tempfile.TemporaryDirectory() as folder:
        for number, (name, reader, data) in enumerate(cases()):
            path = Path(folder) / f"{number}.xlsx"
            path.write_bytes(data)
            try:
                run = subprocess.run(
                    [sys.executable, "-c", CHILD, reader, str(path)],
                    cwd=args.code,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=args.timeout,
                )
                result = json.loads(run.stdout.strip().splitlines()[-1])
                figures = (
                    f"{result['seconds']:6.2f} s  peak {result['peak_mb']:5.0f} MB "
                    f"(+{result['grew_mb']:.0f})"
                )
                outcome = result["outcome"][:90]
            except subprocess.TimeoutExpired:
                figures, outcome = f"> {args.timeout} s", "stopped"
            except (IndexError, json.JSONDecodeError):
                figures, outcome = "failed", (run.stderr.strip().splitlines() or ["?"])[-1][:90]
            print(f"{name:46} {len(data) / 1024:8.0f} KB  {figures}  {outcome}", flush=True)


if __name__ == "__main__":
    main()
