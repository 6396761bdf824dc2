"""The demo company's people: one East China key-account team (its clients and visit history are
CSV files in services/demo_data/, loaded through the importers a customer uses)."""

from __future__ import annotations

from typing import Literal, TypedDict


class DemoAdmin(TypedDict):
    telegram_id: int
    name: str


class DemoTeam(TypedDict):
    name: str


class DemoUser(TypedDict):
    telegram_id: int
    name: str
    role: Literal["supervisor", "manager"]
    team: str


TEAM_NAME = "华东大客户一部"
SUPERVISOR_ID = 900000001
LI_TING = 900000002  # 上海
WANG_LEI = 900000003  # 江苏（南京、苏锡常）
CHEN_XIAOFENG = 900000004  # 浙江及南通

DEMO_ADMIN: DemoAdmin = {"telegram_id": 900000000, "name": "演示管理员"}

TEAMS: list[DemoTeam] = [{"name": TEAM_NAME}]

USERS: list[DemoUser] = [
    {"telegram_id": SUPERVISOR_ID, "name": "周建国", "role": "supervisor", "team": TEAM_NAME},
    {"telegram_id": LI_TING, "name": "李婷", "role": "manager", "team": TEAM_NAME},
    {"telegram_id": WANG_LEI, "name": "王磊", "role": "manager", "team": TEAM_NAME},
    {"telegram_id": CHEN_XIAOFENG, "name": "陈晓峰", "role": "manager", "team": TEAM_NAME},
]
