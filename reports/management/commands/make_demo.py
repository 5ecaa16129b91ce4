from django.core.management import call_command
from django.core.management.base import BaseCommand

from reports.demo import demo_progress_create, demo_reminders_send, demo_users_create


class Command(BaseCommand):
    help = "创建演示账号（每次运行重置密码并打印）与黔东南州计划 2022Q2、2022Q3 的演示报送数据。"

    def handle(self, *args, **options):
        users = demo_users_create()
        made = demo_progress_create()
        reminded = demo_reminders_send()
        call_command("setup_schedules", stdout=self.stdout)
        if made:
            self.stdout.write(f"已生成演示进展报告 {made} 份，并计算完成率快照。")
        if reminded:
            self.stdout.write(f"已向 {reminded} 个单位发出演示催办（见“催办提醒”页）。")
        self.stdout.write("")
        self.stdout.write("演示账号（密码每次运行 make run 时重置）：")
        for username, role, unit, password in users:
            self.stdout.write(
                f"  {username:<12} {password:<14} {role}{' · ' + unit if unit else ''}"
            )
        self.stdout.write("")
        self.stdout.write("打开 http://127.0.0.1:8000/ 用上面的账号登录；数据管理在 /admin/。")
