#!/usr/bin/env python3
"""Generate one realistic month (September 2024) of service records into Fixtures/month/.

Standard library only, deterministic: the same --seed gives identical bytes.

    scripts/gen-fixtures.py                 # write Fixtures/month/
    scripts/gen-fixtures.py --check         # regenerate into a temp dir and diff against Fixtures/month/

Every case is built from a compliant template for its record type; an injection then breaks one
obligation on purpose. The generator keeps, per case, the outcome it intends for every per-case rule
(the "ledger"), and computes periodic and metric obligations from the rows it wrote. expected.json is
written from that ledger, never from the tool's output.

September 2024 on the cn-workdays calendar: 中秋 holiday Sep 15–17, make-up working days Sat Sep 14
and Sun Sep 29, 国庆 Oct 1–7. The audit cut-off is 2024-10-08 00:00 Asia/Shanghai.
"""

import argparse
import csv
import datetime as dt
import filecmp
import io
import json
import math
import os
import random
import sys
import tempfile

D = dt.datetime
CUTOFF = D(2024, 10, 8, 0, 0)
MONTH_START = D(2024, 9, 1)
MONTH_END = D(2024, 10, 1)
HOLIDAYS = {dt.date(2024, 9, d) for d in (15, 16, 17)} | {dt.date(2024, 10, d) for d in range(1, 8)}
MAKE_UP = {dt.date(2024, 9, 14), dt.date(2024, 9, 29)}
ENGINEERS = ["张伟", "王磊", "李强", "刘洋", "陈杰"]
SERVICE_STAFF = ["赵敏", "孙丽", "周婷"]
CUSTOMERS = ["王建国", "李秀英", "张丽", "刘芳", "陈静", "杨洋", "黄磊", "赵军", "吴敏", "周涛",
             "徐明", "孙燕", "马超", "朱红", "胡斌", "郭峰", "何琳", "高翔", "林涛", "罗娟"]
DISTRICTS = ["朝阳区建国路", "海淀区中关村大街", "丰台区南三环", "东城区东直门", "西城区金融街"]


def is_workday(day):
    if day in HOLIDAYS:
        return False
    if day in MAKE_UP:
        return True
    return day.weekday() < 5


def fmt(t):
    return t.strftime("%Y-%m-%d %H:%M") if t else None


def workdays():
    day = dt.date(2024, 9, 1)
    out = []
    while day < dt.date(2024, 10, 1):
        if is_workday(day):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def at(day, hh, mm=0):
    return D(day.year, day.month, day.day, hh, mm)


class Case:
    def __init__(self, record, cid):
        self.record = record
        self.id = cid
        self.fields = {}
        self.events = []  # (activity, time, resource, attrs)
        self.exp = {}  # rule id -> outcome, or list of (subject, outcome)

    def ev(self, activity, time, resource=None, **attrs):
        self.events.append((activity, time, resource, attrs))
        return self

    def drop(self, activity):
        self.events = [e for e in self.events if e[0] != activity]

    def move(self, activity, time):
        self.events = [(a, time if a == activity else t, r, x) for (a, t, r, x) in self.events]

    def first(self, activity):
        times = [t for (a, t, _, _) in self.events if a == activity]
        return min(times) if times else None

    def has(self, activity):
        return any(a == activity for (a, _, _, _) in self.events)


class Month:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.cases = []
        self.days = workdays()
        self.extra = {}  # rule id -> expectations computed outside the per-case ledger
        self.rejected_rows = 0

    def new(self, record, cid):
        c = Case(record, cid)
        self.cases.append(c)
        return c

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def workday_time(self, lo=9, hi=16, late=False):
        # Multi-day flows start before the last week so their actions stay inside September.
        day = self.pick(self.days if late else self.days[:-4])
        return at(day, self.rng.randrange(lo, hi), self.pick([0, 10, 20, 30, 40, 50]))

    def any_day_time(self, lo=8, hi=20):
        day = dt.date(2024, 9, 1) + dt.timedelta(days=self.rng.randrange(26))
        return at(day, self.rng.randrange(lo, hi), self.pick([0, 15, 30, 45]))

    def of(self, record):
        return [c for c in self.cases if c.record == record]


# ---------------------------------------------------------------------------------------------
# Customer service tickets (S0-01, S0-02, S0-06, S3-01, S3-02, S4-01 … S4-07, S2-05)

TICKET_RULES = ["S0-01-feedback", "S0-02-eta", "S0-06-order", "S3-01-order", "S3-02-feedback",
                "S4-01-response", "S4-02-fields", "S4-03-order", "S4-04-fields", "S4-05-acceptance",
                "S4-07-fields", "S2-05-same-day", "S2-05-written-report"]


def ticket(m, n, received):
    c = m.new("ticket", "T-%04d" % n)
    who = m.pick(SERVICE_STAFF)
    c.fields = {
        "customer_name": m.pick(CUSTOMERS), "contact": "138%08d" % m.rng.randrange(10**8),
        "description": m.pick(["宽带无法连接", "账单金额有误", "设备报修", "需要开具发票", "更改套餐"]),
        "resolved_at_first_contact": False, "service_goal": "恢复正常使用", "plan_steps": "排查-处理-回访",
        "plan_owner": who, "plan_milestones": "当日完成", "service_plan": "按标准流程处理",
        "implementation_notes": "已按方案处理", "acceptance_result": "客户确认", "rating": m.pick([5, 4, 4, 5]), "complaint_filed": False,
        "due_at": received + dt.timedelta(hours=8),
    }
    r = received
    steps = [("received", 0), ("eta_notified", 30), ("responded", 45), ("analysed", 90), ("needs_clarified", 95),
             ("planned", 120), ("started", 150), ("resolved", 240), ("completed", 240), ("accepted", 300),
             ("feedback", 360), ("closed", 420)]
    for a, minutes in steps:
        c.ev(a, r + dt.timedelta(minutes=minutes), who)
    for rule in TICKET_RULES:
        c.exp[rule] = "passed"
    return c


def gen_tickets(m):
    n = 0
    normal = []
    for _ in range(70):
        n += 1
        normal.append(ticket(m, n, m.workday_time(9, 15, late=True)))
    # Saturday and holiday arrivals: answered the same day by the duty desk.
    for day in (dt.date(2024, 9, 7), dt.date(2024, 9, 15), dt.date(2024, 9, 21)):
        n += 1
        normal.append(ticket(m, n, at(day, 10, 5)))

    def fresh(received=None):
        nonlocal n
        n += 1
        return ticket(m, n, received or m.workday_time(9, 14))

    # S0-01: feedback 30 h after receipt (the resolution was on time).
    for _ in range(2):
        c = fresh()
        c.move("feedback", c.first("received") + dt.timedelta(hours=30))
        c.move("closed", c.first("received") + dt.timedelta(hours=31))
        c.exp["S0-01-feedback"] = "violated"
    # S0-02: ETA never given / given late.
    c = fresh(); c.drop("eta_notified"); c.exp["S0-02-eta"] = "violated"
    c = fresh(); c.move("eta_notified", c.first("received") + dt.timedelta(hours=26)); c.exp["S0-02-eta"] = "violated"
    # Solved at the first contact: S0-02 does not apply.
    c = fresh(); c.fields["resolved_at_first_contact"] = True; c.drop("eta_notified"); del c.exp["S0-02-eta"]
    # S0-06: resolved after the feedback was given.
    c = fresh(); c.move("resolved", c.first("received") + dt.timedelta(minutes=380)); c.exp["S0-06-order"] = "violated"
    # S3-01: needs clarified after the service started.
    c = fresh(); c.move("needs_clarified", c.first("received") + dt.timedelta(minutes=160)); c.exp["S3-01-order"] = "violated"
    # S3-02: feedback never collected (also breaks S0-01's 24 h feedback).
    c = fresh(); c.drop("feedback"); c.exp["S3-02-feedback"] = "violated"; c.exp["S0-01-feedback"] = "violated"
    # S4-01: response after more than 4 working hours (received 09:10, answered 15:30 the same day).
    c = fresh(at(dt.date(2024, 9, 10), 9, 10)); c.move("responded", at(dt.date(2024, 9, 10), 15, 30))
    c.exp["S4-01-response"] = "violated"
    # S4-01 across the 中秋 holiday: received Fri 13th 16:00, answered Sat 14th (调休 working day) 10:30 ⇒ 3.5 h.
    c = fresh(at(dt.date(2024, 9, 13), 16, 0)); c.move("responded", at(dt.date(2024, 9, 13), 16, 30))
    # S4-02: contact and customer name missing.
    c = fresh(); del c.fields["contact"]; c.exp["S4-02-fields"] = "violated"
    c = fresh(); del c.fields["customer_name"]; c.exp["S4-02-fields"] = "violated"
    # S4-03: plan made after the service started.
    c = fresh(); c.move("planned", c.first("received") + dt.timedelta(minutes=155)); c.exp["S4-03-order"] = "violated"
    # S4-04: plan without owner.
    c = fresh(); del c.fields["plan_owner"]; c.exp["S4-04-fields"] = "violated"
    # S4-05: never accepted by the customer.
    c = fresh(); c.drop("accepted"); c.exp["S4-05-acceptance"] = "violated"
    # S4-07: closed without acceptance result; and one closed with no implementation notes.
    c = fresh(); del c.fields["acceptance_result"]; c.exp["S4-07-fields"] = "violated"
    c = fresh(); del c.fields["implementation_notes"]; c.exp["S4-07-fields"] = "violated"
    # S2-05: late afternoon tickets resolved the next day — reported with a promised time (passes) …
    for day in (dt.date(2024, 9, 5), dt.date(2024, 9, 19), dt.date(2024, 9, 24)):
        c = fresh(at(day, 15, 30))
        nxt = at(day + dt.timedelta(days=1), 10, 0)
        for a, minutes in (("resolved", 0), ("completed", 0), ("accepted", 30), ("feedback", 60), ("closed", 90)):
            c.move(a, nxt + dt.timedelta(minutes=minutes))
        c.ev("reported", at(day, 17, 30), c.fields["plan_owner"])
        c.fields["committed_at"] = nxt
        c.fields["due_at"] = nxt
    # … not reported at all (both S2-05 rules) …
    c = fresh(at(dt.date(2024, 9, 12), 15, 0))
    nxt = at(dt.date(2024, 9, 13), 11, 0)
    for a, minutes in (("resolved", 0), ("completed", 0), ("accepted", 30), ("feedback", 60), ("closed", 90)):
        c.move(a, nxt + dt.timedelta(minutes=minutes))
    c.fields["due_at"] = nxt
    c.exp["S2-05-same-day"] = "violated"; c.exp["S2-05-written-report"] = "violated"
    # … reported only the next morning (the written report is late).
    c = fresh(at(dt.date(2024, 9, 26), 15, 0))
    nxt = at(dt.date(2024, 9, 27), 11, 0)
    for a, minutes in (("resolved", 0), ("completed", 0), ("accepted", 30), ("feedback", 60), ("closed", 90)):
        c.move(a, nxt + dt.timedelta(minutes=minutes))
    c.ev("reported", at(dt.date(2024, 9, 27), 9, 0), c.fields["plan_owner"])
    c.fields["committed_at"] = nxt
    c.fields["due_at"] = nxt
    c.exp["S2-05-written-report"] = "violated"
    # S4-06 mix: some dissatisfied customers, two complaints, some late completions.
    tickets = m.of("ticket")
    for i, c in enumerate(tickets):
        if i % 11 == 3:
            c.fields["rating"] = m.pick([3, 2])
        if i in (7, 23, 40, 58, 71, 86):
            c.fields["complaint_filed"] = True
        if i % 17 == 5:
            c.fields["due_at"] = c.first("completed") - dt.timedelta(hours=1)


# ---------------------------------------------------------------------------------------------
# After-sales service orders (S0-12 … S0-18, S1-23, S1-24, S2-14, S2-15, S2-23 … S2-28, S2-32, S2-36)

SO_RULES_BASE = ["S0-12-register", "S0-12-fields", "S0-13-callback", "S0-13-satisfaction", "S0-15-contact",
                 "S0-17-callback-role", "S0-18-arrival", "S2-14-report-to-head", "S2-14-order",
                 "S2-23-register-promptly", "S2-23-register-fields", "S2-25-next-day-dispatch", "S2-26-dispatch"]


def service_order(m, n, received, zone="city", branch=None, paid=None):
    c = m.new("service_order", "SO-%04d" % n)
    eng = m.pick(ENGINEERS)
    cs = m.pick(SERVICE_STAFF)
    arrive = received + dt.timedelta(minutes=m.pick([90, 120, 150]))
    c.fields = {
        "customer_name": m.pick(CUSTOMERS), "contact": "139%08d" % m.rng.randrange(10**8),
        "description": m.pick(["暖气不热", "空调不制冷", "热水器漏水", "壁挂炉报故障码E1", "暖气片漏水"]),
        "address": m.pick(DISTRICTS) + "%d号" % m.rng.randrange(1, 300), "model": m.pick(["KF-35", "RS-20", "BG-24"]),
        "zone": zone, "branch": branch or m.pick(["东城网点", "西城网点"]), "appointment_at": arrive,
        "head_contact": "reached", "charge_type": paid or m.pick(["free", "free", "paid"]),
    }
    c.fields["phone"] = c.fields["contact"]
    c.ev("received", received)
    c.ev("registered", received + dt.timedelta(minutes=10), cs)
    c.ev("reported", received + dt.timedelta(minutes=15), "部门经理")
    c.ev("assigned", received + dt.timedelta(minutes=40), cs)
    c.ev("contacted", received + dt.timedelta(minutes=50), eng)
    c.ev("arrived", arrive, eng)
    done = arrive + dt.timedelta(minutes=80)
    c.ev("completed", done, eng, role="engineer")
    if c.fields["charge_type"] == "paid":
        c.ev("invoiced", done + dt.timedelta(minutes=15), cs)
    c.ev("survey_sent", done + dt.timedelta(minutes=30), cs)
    c.ev("callback", done + dt.timedelta(days=2), cs, role="customer_service", channel="phone",
         rating=m.pick([5, 4, 4, 3]))
    for rule in SO_RULES_BASE:
        c.exp[rule] = "passed"
    if c.fields["charge_type"] == "paid":
        c.exp["S2-24-invoice-after-service"] = "passed"
    return c


def gen_service_orders(m):
    n = 0

    def fresh(received=None, **kw):
        nonlocal n
        n += 1
        return service_order(m, n, received or m.workday_time(9, 14), **kw)

    for _ in range(60):
        fresh(zone=m.pick(["city", "city", "suburb"]))
    # Weekend and holiday calls (the duty engineer goes out the same day).
    for day in (dt.date(2024, 9, 8), dt.date(2024, 9, 15), dt.date(2024, 9, 16), dt.date(2024, 9, 22)):
        fresh(at(day, 10, 0))
    # Ring-road zones (S2-15) and a far customer with a contract time.
    for area in ("ring1", "ring2", "ring3", "neighbouring"):
        c = fresh()
        c.fields["service_area"] = area
        lim = {"ring1": 50, "ring2": 100, "ring3": 150, "neighbouring": 300}[area]
        arrive = c.first("received") + dt.timedelta(minutes=lim)
        c.move("arrived", arrive); c.fields["appointment_at"] = arrive
        c.move("completed", arrive + dt.timedelta(minutes=60))
        c.exp["S2-15-arrival-by-zone"] = "passed"
    c = fresh(at(dt.date(2024, 9, 11), 9, 30))
    c.fields["service_area"] = "ring1"
    c.move("arrived", at(dt.date(2024, 9, 11), 11, 0)); c.fields["appointment_at"] = at(dt.date(2024, 9, 11), 11, 0)
    c.exp["S2-15-arrival-by-zone"] = "violated"
    c = fresh(at(dt.date(2024, 9, 19), 9, 30))
    c.fields["service_area"] = "far"; c.fields["contract_hours"] = 4
    c.move("arrived", at(dt.date(2024, 9, 19), 14, 30)); c.fields["appointment_at"] = at(dt.date(2024, 9, 19), 14, 30)
    c.move("completed", at(dt.date(2024, 9, 19), 16, 0))
    c.exp["S2-15-contract-time"] = "violated"
    c = fresh(at(dt.date(2024, 9, 20), 9, 0))
    c.fields["service_area"] = "far"; c.fields["contract_hours"] = 8
    c.exp["S2-15-contract-time"] = "passed"
    # S0-12 / S2-23: registered 50 minutes after the call (the two rules measure the same thing).
    c = fresh(); c.move("registered", c.first("received") + dt.timedelta(minutes=50))
    c.exp["S0-12-register"] = "violated"; c.exp["S2-23-register-promptly"] = "violated"
    # S0-12-fields: no problem description.
    c = fresh(); del c.fields["description"]; c.exp["S0-12-fields"] = "violated"
    # S2-23-register-fields: no model in the register.
    c = fresh(); del c.fields["model"]; c.exp["S2-23-register-fields"] = "violated"
    # S0-13: callback by SMS only; no callback at all; callback without satisfaction; an invalid value.
    c = fresh()
    c.events = [e if e[0] != "callback" else (e[0], e[1], e[2], dict(e[3], channel="sms")) for e in c.events]
    c.exp["S0-13-callback"] = "violated"
    c = fresh(); c.drop("callback"); c.exp["S0-13-callback"] = "violated"
    del c.exp["S0-13-satisfaction"]; del c.exp["S0-17-callback-role"]
    c = fresh()
    c.events = [e if e[0] != "callback" else (e[0], e[1], e[2], {k: v for k, v in e[3].items() if k != "rating"})
                for e in c.events]
    c.exp["S0-13-satisfaction"] = "violated"
    c = fresh()
    c.events = [e if e[0] != "callback" else (e[0], e[1], e[2], dict(e[3], rating=6)) for e in c.events]
    c.exp["S0-13-satisfaction"] = "violated"
    # S0-15: engineer called the customer 45 minutes after assignment.
    c = fresh(); c.move("contacted", c.first("assigned") + dt.timedelta(minutes=45)); c.exp["S0-15-contact"] = "violated"
    # S0-16: parts — approved by someone else (passes), self-approved, never approved.
    for kind in ("ok", "ok", "self", "none"):
        c = fresh()
        eng = [e[2] for e in c.events if e[0] == "completed"][0]
        t = c.first("arrived")
        c.ev("parts_requested", t + dt.timedelta(minutes=10), eng)
        if kind != "none":
            c.ev("parts_approved", t + dt.timedelta(minutes=25), eng if kind == "self" else "备件主管")
        c.ev("parts_issued", t + dt.timedelta(minutes=40), "库管员")
        c.exp["S0-16-approval"] = "passed" if kind == "ok" else "violated"
    # S0-17: the engineer called back himself.
    c = fresh()
    eng = [e[2] for e in c.events if e[0] == "completed"][0]
    c.events = [e if e[0] != "callback" else (e[0], e[1], eng, dict(e[3], role="engineer")) for e in c.events]
    c.exp["S0-17-callback-role"] = "violated"
    # S0-18: engineer 40 minutes late for the appointment (twice).
    for _ in range(2):
        c = fresh(); c.move("arrived", c.fields["appointment_at"] + dt.timedelta(minutes=40))
        c.exp["S0-18-arrival"] = "violated"
    # S0-18 unverifiable: no appointment time recorded.
    c = fresh(); del c.fields["appointment_at"]; c.exp["S0-18-arrival"] = "unverifiable"
    # S2-26 unverifiable: zone not recorded.
    c = fresh(); del c.fields["zone"]; c.exp["S2-26-dispatch"] = "unverifiable"
    # S2-14: reported to the head after 50 minutes; head unreachable (passes by the alternative route);
    # dispatched before the head was told.
    c = fresh(); c.move("reported", c.first("received") + dt.timedelta(minutes=50))
    c.move("assigned", c.first("received") + dt.timedelta(minutes=55)); c.move("contacted", c.first("received") + dt.timedelta(minutes=60))
    c.exp["S2-14-report-to-head"] = "violated"
    c = fresh(); c.fields["head_contact"] = "unreachable"; c.drop("reported")
    c = fresh(); c.move("assigned", c.first("received") + dt.timedelta(minutes=12))
    c.move("contacted", c.first("received") + dt.timedelta(minutes=20)); c.exp["S2-14-order"] = "violated"
    # S2-24: invoice the day after the service; a fee collected on the spot (exempt).
    c = fresh(paid="paid"); c.move("invoiced", c.first("completed") + dt.timedelta(days=1))
    c.exp["S2-24-invoice-after-service"] = "violated"
    c = fresh(paid="paid"); c.drop("invoiced"); c.ev("fee_collected", c.first("completed"), "张伟")
    del c.exp["S2-24-invoice-after-service"]
    # Workshop repairs (taken back): S2-24 on return, S2-32 overdue escalation.
    for kind in ("ok", "late-invoice", "overdue", "escalated"):
        c = fresh(paid="paid")
        t = c.first("arrived")
        c.drop("completed"); c.drop("invoiced"); c.drop("survey_sent")
        cb = [e for e in c.events if e[0] == "callback"][0]
        c.drop("callback")
        c.ev("taken_back", t + dt.timedelta(minutes=30), "张伟")
        c.fields["promised_at"] = t + dt.timedelta(days=3)
        rep = t + dt.timedelta(days=2) if kind in ("ok", "late-invoice") else t + dt.timedelta(days=5)
        c.ev("repaired", rep, "维修车间")
        if kind == "escalated":
            c.ev("escalated", c.fields["promised_at"] + dt.timedelta(minutes=10), "张伟", escalated_to="service_director")
        ret = rep + dt.timedelta(hours=3)
        c.ev("returned", ret, "张伟")
        c.ev("completed", ret, "张伟", role="engineer")
        c.ev("invoiced", ret + (dt.timedelta(days=1) if kind == "late-invoice" else dt.timedelta(minutes=20)), "赵敏")
        c.ev("survey_sent", ret + dt.timedelta(minutes=30), "赵敏")
        c.ev("callback", ret + dt.timedelta(days=1), cb[2], **cb[3])
        c.exp["S2-24-invoice-on-return"] = "violated" if kind == "late-invoice" else "passed"
        c.exp["S2-32-overdue-repair"] = "violated" if kind == "overdue" else "passed"
        c.exp.pop("S2-24-invoice-after-service", None)
    # S2-25 / S2-26 across 中秋: received Fri 13th 16:00. Dispatched on the 调休 Saturday ⇒ both pass;
    # dispatched only after the holiday ⇒ both late.
    c = fresh(at(dt.date(2024, 9, 13), 16, 0))
    c.move("assigned", at(dt.date(2024, 9, 14), 9, 30)); c.move("contacted", at(dt.date(2024, 9, 14), 9, 40))
    c.move("arrived", at(dt.date(2024, 9, 14), 11, 0)); c.fields["appointment_at"] = at(dt.date(2024, 9, 14), 11, 0)
    c.move("completed", at(dt.date(2024, 9, 14), 12, 30)); c.move("survey_sent", at(dt.date(2024, 9, 14), 13, 0))
    c.move("invoiced", at(dt.date(2024, 9, 14), 12, 45))
    c = fresh(at(dt.date(2024, 9, 13), 16, 10))
    c.move("assigned", at(dt.date(2024, 9, 18), 9, 30)); c.move("contacted", at(dt.date(2024, 9, 18), 9, 40))
    c.move("arrived", at(dt.date(2024, 9, 18), 11, 0)); c.fields["appointment_at"] = at(dt.date(2024, 9, 18), 11, 0)
    c.move("completed", at(dt.date(2024, 9, 18), 12, 30)); c.move("survey_sent", at(dt.date(2024, 9, 18), 13, 0))
    c.move("invoiced", at(dt.date(2024, 9, 18), 12, 45)); c.move("callback", at(dt.date(2024, 9, 20), 10, 0))
    c.exp["S2-25-next-day-dispatch"] = "violated"; c.exp["S2-26-dispatch"] = "violated"
    # S2-26: suburb call answered the next afternoon (10 working hours).
    c = fresh(at(dt.date(2024, 9, 23), 14, 0), zone="suburb")
    arrive = at(dt.date(2024, 9, 24), 15, 0)
    c.move("arrived", arrive); c.fields["appointment_at"] = arrive
    c.move("completed", arrive + dt.timedelta(minutes=60)); c.move("survey_sent", arrive + dt.timedelta(minutes=90))
    c.move("invoiced", arrive + dt.timedelta(minutes=70)); c.move("callback", arrive + dt.timedelta(days=2))
    c.exp["S2-26-dispatch"] = "violated"
    # Pending at the cut-off: received Mon 30 Sep 15:00, not yet dispatched (next working day is Oct 8).
    c = fresh(at(dt.date(2024, 9, 30), 15, 0), branch="东城网点", paid="free")
    for a in ("assigned", "contacted", "arrived", "completed", "callback"):
        c.drop(a)
    c.move("survey_sent", at(dt.date(2024, 9, 30), 15, 20))
    c.fields["appointment_at"] = at(dt.date(2024, 10, 8), 10, 0)
    for rule in ("S0-13-callback", "S0-13-satisfaction", "S0-15-contact", "S0-17-callback-role", "S0-18-arrival"):
        c.exp.pop(rule, None)
    c.exp["S2-25-next-day-dispatch"] = "pending"; c.exp["S2-26-dispatch"] = "pending"
    # S2-36: warranty repairs free of charge; one charged.
    for amount in (0, 0, 180):
        c = fresh()
        c.fields.update(warranty_status="in_warranty", fault_cause="manufacturing", amount=amount)
        c.exp["S2-36-free-warranty-repair"] = "passed" if amount == 0 else "violated"
    c = fresh(); c.fields.update(warranty_status="expired", fault_cause="misuse", amount=260)
    # S2-28: one call without a survey card.
    c = fresh(at(dt.date(2024, 9, 25), 10, 0), branch="西城网点"); c.drop("survey_sent")
    # Batch repairs (S1-23, S1-24): machines collected at the appointment, repaired in the workshop.
    for k, (units, days_taken, callback_after) in enumerate(((8, 1, 2), (25, 2, 1), (25, 4, 1), (12, 2, 5))):
        n += 1
        c = m.new("service_order", "SO-%04d" % n)
        start = at(m.days[2 + 4 * k], 10, 0)
        c.fields = {"customer_name": "华联商场", "contact": "010-6552%04d" % m.rng.randrange(10**4),
                    "description": "批量返修 %d 台" % units, "units": units, "appointment_at": start,
                    "zone": "city", "branch": "东城网点", "charge_type": "free"}
        c.ev("arrived", start, "李强")
        c.ev("machines_received", start + dt.timedelta(minutes=30), "李强")
        done = start + dt.timedelta(days=days_taken)
        c.ev("completed", done, "李强", role="engineer")
        c.ev("delivered", done + dt.timedelta(hours=2), "李强")
        c.ev("callback", done + dt.timedelta(hours=2, days=callback_after), "孙丽", role="customer_service",
             channel="phone", rating=5)
        c.exp.update({"S0-12-fields": "passed", "S0-13-callback": "passed", "S0-13-satisfaction": "passed",
                      "S0-17-callback-role": "passed", "S0-18-arrival": "passed"})
        c.exp["S1-23-batch-repair"] = "passed" if days_taken <= math.ceil(units / 10) else "violated"
        c.exp["S1-24-callback"] = "passed" if callback_after <= 3 else "violated"


# ---------------------------------------------------------------------------------------------
# repair_order: property repairs (S1-13 … S1-29) and car workshop jobs (S0-14 … S0-23, S2-18 … S2-20)
# share the record type, so every job carries what both families ask of it.

PROP_RULES = ["S0-14-confirm-first", "S0-19-fields", "S1-13-arrival", "S1-14-repair-duration",
              "S1-15-same-day-or-explain", "S2-20-order"]


def property_job(m, n, received, difficulty="general", size="small", repair_type="minor", category=None):
    c = m.new("repair_order", "WX-%04d" % n)
    worker = m.pick(["维修工老陈", "维修工小李", "维修工阿强"])
    c.fields = {"fault_description_verbatim": m.pick(["厨房水龙头一直滴水", "卫生间灯不亮了", "门锁打不开",
                                                      "阳台下水堵了", "插座没电"]),
                "repair_type": repair_type, "repair_category": category or m.pick(["door_lock", "electric", "plumbing"]),
                "difficulty": difficulty, "problem_size": size, "emergency": False,
                "due_at": received + dt.timedelta(hours=4)}
    arrive = received + dt.timedelta(minutes=m.pick([10, 15, 20]))
    c.ev("received", received, "客服中心")
    c.ev("arrived", arrive, worker)
    c.ev("plan_confirmed", arrive + dt.timedelta(minutes=5), worker)
    c.ev("started", arrive + dt.timedelta(minutes=10), worker)
    c.ev("completed", arrive + dt.timedelta(minutes=70), worker)
    for rule in PROP_RULES:
        c.exp[rule] = "passed"
    if size == "small":
        c.exp["S1-18-small"] = "passed"
    else:
        c.exp["S1-18-big"] = "passed"
    return c


def add_callback(c, when, rating, problem=False):
    c.ev("callback", when, "回访专员", problem_found=problem)
    c.fields["rating"] = rating
    c.exp["S1-28-callback-timing"] = "passed"


def gen_repair_orders(m):
    n = 0

    def fresh(received=None, **kw):
        nonlocal n
        n += 1
        return property_job(m, n, received or m.any_day_time(8, 18), **kw)

    for i in range(70):
        c = fresh()
        if i % 2 == 0:
            add_callback(c, c.first("completed") + dt.timedelta(days=2), m.pick([4, 5, 5]))
    # Appointments (S1-16): arrival inside the window, agreed time respected (S1-13 due field).
    for _ in range(4):
        c = fresh()
        appt = c.first("received") + dt.timedelta(hours=20)
        c.fields["appointment_at"] = appt; c.fields["agreed_at"] = appt
        c.move("arrived", appt - dt.timedelta(minutes=2)); c.move("plan_confirmed", appt + dt.timedelta(minutes=5))
        c.move("started", appt + dt.timedelta(minutes=10)); c.move("completed", appt + dt.timedelta(minutes=60))
        c.fields["due_at"] = appt + dt.timedelta(hours=3)
        c.exp["S1-16-appointment-window"] = "passed"
        c.exp["S1-18-small"] = "violated" if c.first("completed") - c.first("received") > dt.timedelta(hours=24) else "passed"
    # S1-16: arrived 10 minutes early.
    c = fresh(at(dt.date(2024, 9, 9), 9, 0))
    appt = at(dt.date(2024, 9, 10), 14, 0)
    c.fields["appointment_at"] = appt; c.fields["agreed_at"] = appt; c.fields["problem_size"] = "big"
    c.move("arrived", appt - dt.timedelta(minutes=10)); c.move("plan_confirmed", appt - dt.timedelta(minutes=5))
    c.move("started", appt); c.move("completed", appt + dt.timedelta(minutes=50))
    c.fields["due_at"] = appt + dt.timedelta(hours=2)
    del c.exp["S1-18-small"]; c.exp["S1-18-big"] = "passed"
    c.exp["S1-16-appointment-window"] = "violated"
    # S1-13: repairer on site after 40 minutes.
    c = fresh(at(dt.date(2024, 9, 4), 10, 0))
    for a, mins in (("arrived", 40), ("plan_confirmed", 45), ("started", 50), ("completed", 100)):
        c.move(a, at(dt.date(2024, 9, 4), 10, 0) + dt.timedelta(minutes=mins))
    c.exp["S1-13-arrival"] = "violated"
    # S1-14: a general job that took 3 hours; a job with no difficulty recorded (unverifiable).
    c = fresh(at(dt.date(2024, 9, 12), 9, 0))
    c.move("completed", c.first("started") + dt.timedelta(hours=3)); c.fields["due_at"] = at(dt.date(2024, 9, 12), 14, 0)
    c.exp["S1-14-repair-duration"] = "violated"
    c = fresh(at(dt.date(2024, 9, 18), 9, 0)); del c.fields["difficulty"]; c.exp["S1-14-repair-duration"] = "unverifiable"
    # S1-15: difficult job finished the next morning — explained (passes) and not explained.
    for explained in (True, False):
        c = fresh(at(dt.date(2024, 9, 20 if explained else 23), 14, 30), difficulty="difficult", size="big",
                  repair_type="renovation")
        nxt = c.first("received") + dt.timedelta(hours=20)
        c.move("completed", nxt)
        if explained:
            c.ev("explained", c.first("started") + dt.timedelta(hours=2), "维修工老陈")
        c.exp["S1-15-same-day-or-explain"] = "passed" if explained else "violated"
    # S1-18: big problem answered after 4 days; small problem finished after 30 hours.
    c = fresh(at(dt.date(2024, 9, 2), 10, 0), difficulty="difficult", size="big", repair_type="renovation")
    d5 = at(dt.date(2024, 9, 6), 14, 0)
    c.move("plan_confirmed", d5 - dt.timedelta(minutes=20)); c.move("started", d5 - dt.timedelta(minutes=10))
    c.move("completed", d5 + dt.timedelta(hours=2)); c.ev("responded", at(dt.date(2024, 9, 6), 9, 0), "物业经理")
    c.exp["S1-18-big"] = "violated"
    c = fresh(at(dt.date(2024, 9, 9), 10, 0), repair_type="renovation")
    c.move("plan_confirmed", at(dt.date(2024, 9, 10), 15, 50)); c.move("started", at(dt.date(2024, 9, 10), 16, 0))
    c.move("completed", at(dt.date(2024, 9, 10), 17, 0))
    c.exp["S1-18-small"] = "violated"
    # S1-19: emergencies in working hours — on time, late arrival, not reported; one at night (not in scope).
    for kind in ("ok", "ok", "late", "unreported", "night"):
        c = fresh(at(m.pick(m.days), 21 if kind == "night" else 10, 0), repair_type="urgent",
                  category=m.pick(["pipe_burst", "power_cut"]))
        c.fields["emergency"] = True
        r = c.first("received")
        c.move("arrived", r + dt.timedelta(minutes=20 if kind == "late" else 8))
        c.move("plan_confirmed", r + dt.timedelta(minutes=25)); c.move("started", r + dt.timedelta(minutes=30))
        c.move("completed", r + dt.timedelta(minutes=90))
        if kind != "unreported":
            c.ev("reported", r + dt.timedelta(minutes=5), "值班主管")
        if kind != "night":
            c.exp["S1-19-arrival"] = "violated" if kind == "late" else "passed"
            c.exp["S1-19-report-to-centre"] = "violated" if kind == "unreported" else "passed"
    # S1-20: dissatisfied owners — full handling chain, and one chain without the follow-up.
    for complete in (True, False):
        c = fresh(at(dt.date(2024, 9, 5 if complete else 25), 9, 30))
        t = c.first("completed") + dt.timedelta(days=1)
        add_callback(c, t, 2 if complete else 1)
        steps = ["reason_recorded", "handler_assigned", "followed_up", "feedback"]
        for i, a in enumerate(steps):
            if a == "followed_up" and not complete:
                continue
            c.ev(a, t + dt.timedelta(hours=i + 1), "客服主管")
        c.ev("inspection_booked", t + dt.timedelta(hours=6), "客服主管")
        c.exp["S0-22-rework"] = "passed"
        c.exp["S1-20-dissatisfied-follow-up"] = "passed" if complete else "violated"
    # S1-28: safety repair called back after 3 days (limit 2 d); leak repair never called back.
    c = fresh(at(dt.date(2024, 9, 10), 10, 0), category="safety")
    add_callback(c, c.first("completed") + dt.timedelta(days=3), 5)
    c.exp["S1-28-callback-timing"] = "violated"
    c = fresh(at(dt.date(2024, 9, 11), 10, 0), category="leak")
    c.exp["S1-28-callback-timing"] = "violated"
    c = fresh(at(dt.date(2024, 9, 12), 11, 0), category="leak")
    add_callback(c, c.first("completed") + dt.timedelta(days=1), 5)
    # S1-29: problems found at callbacks — handled; repairer told late; no second callback.
    for kind in ("ok", "late", "no-second"):
        c = fresh(at(dt.date(2024, 9, 3 + len(kind)), 9, 0))
        t = c.first("completed") + dt.timedelta(days=1)
        add_callback(c, t, 4, problem=True)
        c.ev("repairer_notified", t + dt.timedelta(hours=30 if kind == "late" else 2), "客服主管")
        if kind != "no-second":
            c.ev("callback", t + dt.timedelta(days=3), "回访专员", problem_found=False)
        c.exp["S1-29-notify-repairer"] = "violated" if kind == "late" else "passed"
        c.exp["S1-29-second-callback"] = "violated" if kind == "no-second" else "passed"
    # A minor repair promised within the hour and finished 25 minutes late (S1-17 on-time rate).
    c = fresh(at(dt.date(2024, 9, 19), 9, 0))
    c.fields["due_at"] = c.first("completed") - dt.timedelta(minutes=25)
    # One job redone (S1-17 rework rate).
    c = fresh(at(dt.date(2024, 9, 26), 9, 0)); c.ev("rework", at(dt.date(2024, 9, 27), 10, 0), "维修工阿强")

    # Car workshop jobs: no 'received' event (they are opened at the service desk), difficulty 'special'
    # (the property duration rule exempts them), completed the same day they start.
    def car(kind="general", discount=0.0, advisor="王顾问", opened=None, filed=True, reason=True):
        nonlocal n
        n += 1
        c = m.new("repair_order", "CAR-%04d" % n)
        t = opened or m.workday_time(9, 11)
        c.fields = {"fault_description_verbatim": m.pick(["刹车时有异响", "发动机故障灯亮", "空调有异味", "方向盘抖动"]),
                    "intake_advisor": advisor, "delivery_advisor": advisor, "advisor": advisor, "job_type": kind,
                    "difficulty": "special", "opened_at": t, "discount_rate": discount}
        if discount > 0 and reason:
            c.fields["discount_reason"] = "老客户优惠"
        if kind == "accident":
            c.fields["gross_margin"] = 0.34
        c.ev("plan_confirmed", t + dt.timedelta(minutes=20), advisor)
        c.ev("started", t + dt.timedelta(minutes=30), "机修组")
        c.ev("stock_out", t + dt.timedelta(minutes=50), "配件库")
        c.ev("parts_picked", t + dt.timedelta(minutes=60), "机修组")
        c.ev("completed", t + dt.timedelta(hours=5), "机修组")
        c.ev("delivered", t + dt.timedelta(hours=6), advisor)
        if discount > 0 and filed:
            c.ev("discount_filed", t + dt.timedelta(minutes=25), advisor)
        for rule in ("S0-14-confirm-first", "S0-19-fields", "S0-23-advisor", "S1-15-same-day-or-explain",
                     "S2-20-order", "S2-20-pickup"):
            c.exp[rule] = "passed"
        if kind == "general":
            c.exp["S2-18-discount-reason"] = "passed"
            if discount > 0:
                c.exp["S2-18-discount-limit"] = "passed"
        else:
            c.exp["S2-19-accident-margin"] = "passed"
        return c

    for i in range(24):
        c = car(discount=m.pick([0.0, 0.0, 0.05]), advisor=m.pick(["王顾问", "刘顾问"]))
        if i % 4 == 0:
            c.ev("callback", c.first("completed") + dt.timedelta(days=2), "回访专员")
            c.exp["S1-28-callback-timing"] = "passed"
    for _ in range(3):
        car(kind="accident")
    c = car(kind="accident"); c.fields["gross_margin"] = 0.22; c.exp["S2-19-accident-margin"] = "violated"
    c = car(kind="accident"); c.fields["gross_margin"] = 0.22; c.fields["margin_reason"] = "保险公司定损价"
    c = car(kind="accident"); del c.fields["gross_margin"]; c.exp["S2-19-accident-margin"] = "unverifiable"
    # S0-14: work started before the customer confirmed.
    c = car(); c.move("plan_confirmed", c.first("started") + dt.timedelta(minutes=15)); c.exp["S0-14-confirm-first"] = "violated"
    # S0-19: the customer's words not recorded.
    c = car(); del c.fields["fault_description_verbatim"]; c.exp["S0-19-fields"] = "violated"
    # S0-21: time change agreed; cost change without consent.
    c = car(); t = c.first("started")
    c.ev("customer_consented", t + dt.timedelta(hours=1), "客户"); c.ev("time_changed", t + dt.timedelta(hours=1, minutes=5), "王顾问")
    c.exp["S0-21-consent"] = "passed"
    c = car(); c.ev("cost_changed", c.first("started") + dt.timedelta(hours=2), "王顾问"); c.exp["S0-21-consent"] = "violated"
    # S0-22: dissatisfied callbacks — rework booked next morning (passes) and after three days.
    for late in (False, True):
        c = car()
        cb = c.first("completed") + dt.timedelta(days=1)
        c.ev("callback", cb, "回访专员", rating=2)
        for i, a in enumerate(("reason_recorded", "handler_assigned", "followed_up", "feedback")):
            c.ev(a, cb + dt.timedelta(hours=i + 1), "服务经理")
        c.ev("rework_booked", cb + dt.timedelta(hours=72 if late else 18), "王顾问")
        c.exp["S1-20-dissatisfied-follow-up"] = "passed"
        c.exp["S0-22-rework"] = "violated" if late else "passed"
        c.exp["S1-28-callback-timing"] = "passed"
    # S0-23: delivered by another advisor.
    c = car(); c.fields["delivery_advisor"] = "刘顾问"; c.exp["S0-23-advisor"] = "violated"
    # S2-18: a 15 % discount; a discount without reason; 刘顾问's six unfiled discounts in week 38.
    c = car(discount=0.15); c.exp["S2-18-discount-limit"] = "violated"
    c = car(discount=0.05, reason=False); c.exp["S2-18-discount-reason"] = "violated"
    for d in (16, 17, 18, 19, 20, 20):
        car(discount=0.08, advisor="刘顾问", opened=at(dt.date(2024, 9, d), 10, 0), filed=False)
    # S2-20: parts issued before the job was opened; parts picked with no stock-out.
    c = car(); c.move("stock_out", c.first("started") - dt.timedelta(minutes=10)); c.exp["S2-20-order"] = "violated"
    c = car(); c.drop("stock_out"); c.exp["S2-20-pickup"] = "violated"


# ---------------------------------------------------------------------------------------------
# Complaints (S0-03, S0-04, S3-04, S2-13, S2-30, S2-31)

def complaint(m, n, received, serious=False):
    c = m.new("complaint", "TS-%03d" % n)
    c.fields = {"customer_name": m.pick(CUSTOMERS), "contact": "137%08d" % m.rng.randrange(10**8),
                "description": m.pick(["维修人员态度差", "多次上门未修好", "收费不透明", "预约后未到场"]),
                "remedy": "上门致歉并免费复修", "problem_code": m.pick(["P-ATT", "P-REP", "P-FEE"]),
                "seriousness": "serious" if serious else "ordinary"}
    c.ev("received", received, "投诉专员")
    c.ev("assigned", received + dt.timedelta(hours=1), "周总监", role="service_director")
    c.ev("visited", received + dt.timedelta(hours=4), "技师老王", role="technician")
    c.ev("feedback", received + dt.timedelta(hours=26), "投诉专员")
    c.ev("resolved", received + dt.timedelta(hours=26), "投诉专员")
    c.ev("customer_notified", received + dt.timedelta(hours=27), "投诉专员",
         channel="letter" if serious else "phone")
    if serious:
        c.ev("escalated", received + dt.timedelta(minutes=10), "投诉专员", escalated_to="deputy_gm")
    for rule in ("S0-03-fields", "S0-04-feedback", "S0-04-remedy", "S3-04-resolved", "S2-13-repeat-complaint",
                 "S2-31-visit", "S2-31-delegation"):
        c.exp[rule] = "passed"
    if serious:
        c.exp["S2-30-escalate"] = "passed"; c.exp["S2-30-letter"] = "passed"
    else:
        c.exp["S2-30-general-notice"] = "passed"
    return c


def gen_complaints(m):
    n = 0

    def fresh(received=None, **kw):
        nonlocal n
        n += 1
        return complaint(m, n, received or m.workday_time(9, 16), **kw)

    for _ in range(16):
        fresh()
    fresh(serious=True)
    c = fresh(at(dt.date(2024, 9, 12), 10, 0)); del c.fields["contact"]; c.exp["S0-03-fields"] = "violated"
    c = fresh(at(dt.date(2024, 9, 3), 10, 0))
    c.move("resolved", at(dt.date(2024, 9, 5), 15, 0)); c.move("customer_notified", at(dt.date(2024, 9, 5), 16, 0))
    c.move("feedback", at(dt.date(2024, 9, 6), 15, 0))
    c.exp["S0-04-feedback"] = "violated"
    c = fresh(); del c.fields["remedy"]; c.exp["S0-04-remedy"] = "violated"
    # S3-04 across 中秋: received Fri 13th 10:00; three working days (Sat 14th, Wed 18th, Thu 19th) end
    # on Thu 19th; resolved Fri 20th.
    c = fresh(at(dt.date(2024, 9, 13), 10, 0))
    c.move("feedback", at(dt.date(2024, 9, 14), 11, 0))
    c.move("resolved", at(dt.date(2024, 9, 20), 16, 0)); c.move("customer_notified", at(dt.date(2024, 9, 20), 17, 0))
    c.exp["S3-04-resolved"] = "violated"
    # Pending: received on the 调休 Sunday 29th; due 3 working days later = Oct 8 16:00, after the cut-off.
    c = fresh(at(dt.date(2024, 9, 29), 16, 0))
    c.move("feedback", at(dt.date(2024, 9, 30), 11, 0))
    c.drop("resolved"); c.drop("customer_notified")
    c.exp["S3-04-resolved"] = "pending"; del c.exp["S2-30-general-notice"]
    # S2-13: substantiated complaints (each one is fined; the same customer and problem again doubles it).
    for i in range(3):
        c = fresh(at(dt.date(2024, 9, 5 + 7 * i), 11, 0))
        c.fields["customer_name"] = "李秀英" if i < 2 else "黄磊"; c.fields["problem_code"] = "P-REP"
        c.ev("substantiated", c.first("received") + dt.timedelta(hours=20), "质检组")
        c.exp["S2-13-repeat-complaint"] = "violated"
    # S2-30: serious complaint escalated an hour late; serious complaint answered by phone only.
    c = fresh(at(dt.date(2024, 9, 10), 9, 0), serious=True)
    c.move("escalated", at(dt.date(2024, 9, 10), 10, 0)); c.exp["S2-30-escalate"] = "violated"
    c = fresh(at(dt.date(2024, 9, 24), 9, 0), serious=True)
    c.events = [e if e[0] != "customer_notified" else (e[0], e[1], e[2], {"channel": "phone"}) for e in c.events]
    c.exp["S2-30-letter"] = "violated"
    # S2-30-general-notice: resolved but the customer was never told.
    c = fresh(); c.drop("customer_notified"); c.exp["S2-30-general-notice"] = "violated"
    # S2-31: no visit at all; visit by a technician nobody delegated; the director visited himself.
    c = fresh(); c.drop("visited"); c.drop("assigned"); c.exp["S2-31-visit"] = "violated"; del c.exp["S2-31-delegation"]
    c = fresh(); c.drop("assigned"); c.exp["S2-31-delegation"] = "violated"
    c = fresh(); c.drop("assigned"); c.drop("visited")
    c.ev("visited", c.first("received") + dt.timedelta(hours=3), "周总监", role="service_director")
    del c.exp["S2-31-delegation"]


# ---------------------------------------------------------------------------------------------
# E-mails (S0-05): one subject per e-mail, "case#n".

def gen_emails(m):
    for i in range(1, 31):
        c = m.new("email", "EM-%03d" % i)
        t = m.any_day_time(8, 20)
        count = 1 + (i % 3 == 0) + (i % 7 == 0)
        for k in range(count):
            rt = t + dt.timedelta(hours=30 * k)
            c.ev("received", rt, "customer")
            late = (i == 9 and k == 1) or (i == 17 and k == 0)
            missing = i == 21 and k == 1
            if not missing:
                c.ev("replied", rt + dt.timedelta(hours=27 if late else 3), "客服邮箱")
        # Each e-mail takes the earliest unused reply at or after it; one e-mail ⇒ the case id is the subject.
        triggers = sorted(e[1] for e in c.events if e[0] == "received")
        replies = sorted(e[1] for e in c.events if e[0] == "replied")
        subjects = []
        for k, rt in enumerate(triggers):
            reply = next((r for r in replies if r >= rt), None)
            if reply is not None:
                replies.remove(reply)
            ok = reply is not None and reply - rt <= dt.timedelta(hours=24)
            subject = c.id if len(triggers) == 1 else "%s#%d" % (c.id, k + 1)
            subjects.append((subject, "passed" if ok else "violated"))
        c.exp["S0-05-reply"] = subjects


# ---------------------------------------------------------------------------------------------
# Warehouse (S0-07 … S0-11, S2-21, S2-22) and pharmacy (S0-25)

def gen_warehouse(m):
    for i in range(1, 26):
        c = m.new("goods_receipt", "GR-%03d" % i)
        t = m.workday_time(9, 16)
        qty = m.rng.randrange(10, 200)
        c.fields = {"goods_name": m.pick(["压缩机", "温控阀", "滤芯", "电路板"]), "quantity": qty,
                    "specification": "标准", "production_date": "2024-0%d-1%d" % (m.rng.randrange(6, 9), m.rng.randrange(10)),
                    "storage_location": "A-%02d" % m.rng.randrange(1, 20), "manifest_qty": qty, "received_qty": qty}
        for a, mins in (("received", 0), ("inspected", 30), ("recorded", 45), ("stored", 60)):
            c.ev(a, t + dt.timedelta(minutes=mins), "仓管员")
        c.exp.update({"S0-07-order": "passed", "S0-07-fields": "passed", "S0-08-quantity": "passed"})
        if i == 4:
            c.move("recorded", t + dt.timedelta(minutes=10)); c.exp["S0-07-order"] = "violated"
        if i == 11:
            c.drop("inspected"); c.exp["S0-07-order"] = "violated"
        if i == 7:
            del c.fields["production_date"]; c.exp["S0-07-fields"] = "violated"
        if i == 13:
            c.fields["received_qty"] = qty - 2; c.fields["quantity"] = qty - 2; c.exp["S0-08-quantity"] = "violated"
        if i == 15:
            c.fields["received_qty"] = qty - 1; c.fields["quantity"] = qty - 1; c.fields["discrepancy_note"] = "运输破损1件"
        if i == 19:
            del c.fields["received_qty"]; c.exp["S0-08-quantity"] = "unverifiable"
    for i in range(1, 21):
        c = m.new("goods_issue", "GI-%03d" % i)
        t = m.workday_time(9, 16)
        q = m.rng.randrange(1, 20)
        c.fields = {"requested_qty": q, "shipped_qty": q}
        c.ev("requested", t, "售后部小刘", role="sales")
        c.ev("approved", t + dt.timedelta(minutes=20), "仓库主管老许", role="warehouse_keeper")
        c.ev("shipped", t + dt.timedelta(minutes=60), "仓管员")
        c.ev("recorded", t + dt.timedelta(minutes=70), "仓管员")
        c.exp.update({"S0-09-approval": "passed", "S0-09-order": "passed", "S0-09-quantity": "passed"})
        if i == 5:
            c.drop("approved"); c.exp["S0-09-approval"] = "violated"
        if i == 8:
            c.events = [e if e[0] != "approved" else (e[0], e[1], e[2], {"role": "sales_manager"}) for e in c.events]
            c.exp["S0-09-approval"] = "violated"
        if i == 12:
            c.move("recorded", t + dt.timedelta(minutes=40)); c.exp["S0-09-order"] = "violated"
        if i == 16:
            c.fields["shipped_qty"] = q + 3; c.exp["S0-09-quantity"] = "violated"
    # Stock counts: WH-01 monthly, WH-02 overdue (Aug 2 → Sep 20), WH-03 last counted in August.
    n = 0
    for wh, dates, diff in (("WH-01", [(8, 28), (9, 27)], False), ("WH-02", [(8, 2), (9, 20)], True),
                            ("WH-03", [(8, 30)], False)):
        for (mo, d) in dates:
            n += 1
            c = m.new("stock_count", "SC-%03d" % n)
            t = D(2024, mo, d, 15, 0)
            c.fields = {"warehouse": wh, "book_qty": 500, "actual_qty": 497 if diff and mo == 9 else 500}
            c.ev("counted", t, "盘点组")
            if diff and mo == 9:
                c.ev("adjusted", t + dt.timedelta(days=5), "财务")
                c.exp["S0-10-adjust"] = "violated"
    n += 1
    c = m.new("stock_count", "SC-%03d" % n)
    c.fields = {"warehouse": "WH-01", "book_qty": 80, "actual_qty": 78}
    c.ev("counted", D(2024, 9, 10, 16, 0), "盘点组"); c.ev("adjusted", D(2024, 9, 11, 10, 0), "财务")
    c.exp["S0-10-adjust"] = "passed"
    # Incidents: goods losses (S0-11) and emergencies (S4-08).
    for i, (cat, level, late) in enumerate((("goods_loss", None, False), ("goods_loss", None, True),
                                            ("goods_damage", None, False), ("system_failure", "major", False),
                                            ("natural_disaster", "major", True), ("system_failure", "minor", False)), 1):
        c = m.new("incident", "INC-%02d" % i)
        t = m.workday_time(9, 17)
        c.fields = {"category": cat, "level": level or "minor"}
        if cat in ("goods_loss", "goods_damage"):
            c.ev("discovered", t, "仓管员"); c.ev("reported", t + dt.timedelta(minutes=90 if late else 15), "仓管员")
            if cat == "goods_loss":
                c.exp["S0-11-report"] = "violated" if late else "passed"
        else:
            c.ev("occurred", t, "值班员")
            c.ev("plan_activated", t + dt.timedelta(minutes=75 if late else 10), "应急小组")
            if level == "major":
                c.exp["S4-08-emergency"] = "violated" if late else "passed"
    # Claims (S2-21) and purchases (S2-22).
    for i, (amount, kind) in enumerate(((1200, "ok"), (800, "ok"), (6500, "ok"), (7200, "no-director"),
                                        (900, "self"), (3000, "ok")), 1):
        c = m.new("claim", "CL-%02d" % i)
        t = m.workday_time(9, 15)
        c.fields = {"amount": amount}
        c.ev("requested", t, "王顾问", role="advisor")
        c.ev("approved", t + dt.timedelta(hours=1), "王顾问" if kind == "self" else "车间主任老赵", role="workshop_manager")
        if amount >= 5000 and kind != "no-director":
            c.ev("approved", t + dt.timedelta(hours=2), "售后总监", role="after_sales_director")
        c.ev("ordered", t + dt.timedelta(hours=3), "配件采购")
        c.exp["S2-21-claim-approval"] = "violated" if kind in ("no-director", "self") else "passed"
    for i in range(1, 11):
        c = m.new("purchase", "PO-%02d" % i)
        c.fields = {"purchase_type": "self" if i % 2 else "oem", "quote_count": 2 if i == 5 else 3,
                    "ordered_at": m.workday_time()}
        if i % 2:
            c.exp["S2-22-three-quotes"] = "violated" if i == 5 else "passed"
    for i in range(1, 9):
        c = m.new("prescription_sale", "RX-%03d" % i)
        t = m.any_day_time(9, 20)
        c.fields = {"prescription_id": "CF2024%05d" % i, "prescriber": "社区医院王医生",
                    "drug_name": m.pick(["阿莫西林胶囊", "头孢克肟片", "硝苯地平缓释片"])}
        if i == 3:
            del c.fields["prescriber"]
        c.ev("reviewed", t, "药师陈", role="pharmacist" if i != 6 else "sales_clerk")
        c.ev("dispensed", t + dt.timedelta(minutes=5), "营业员")
        c.exp["S0-25-prescription"] = "violated" if i == 3 else "passed"
        c.exp["S0-25-review"] = "violated" if i == 6 else "passed"


# ---------------------------------------------------------------------------------------------
# Attendance and staff rules (S1-01 … S1-10, S1-37)

EMPLOYEES = ["E01", "E02", "E03", "E04", "E05", "E06", "E07", "E08"]


def gen_attendance(m):
    # One row per employee per working day, including the 调休 Saturday 14th and Sunday 29th.
    late = {("E02", 3): 12, ("E04", 10): 25, ("E06", 19): 45, ("E03", 24): 75}
    early = {("E05", 12): 15, ("E07", 26): 35}
    absent = {("E08", d) for d in (23, 24, 25)} | {("E01", 5), ("E01", 6)}
    leave = {("E03", 18), ("E03", 19)}
    for e in EMPLOYEES:
        for day in m.days:
            c = m.new("attendance", "%s-%s" % (e, day.isoformat()))
            key = (e, day.day)
            status = "absent" if key in absent else "leave" if key in leave else "present"
            c.fields = {"employee": e, "date": day.isoformat(), "status": status,
                        "minutes_late": late.get(key, 0) if status == "present" else None,
                        "minutes_early": early.get(key, 0) if status == "present" else None}
            if status == "present":
                c.exp["S1-01-late"] = "violated" if key in late else "passed"
                c.exp["S1-01-early"] = "violated" if key in early else "passed"
            else:
                # Nobody clocks in when absent or on leave: the minutes are not recorded.
                c.exp["S1-01-late"] = "unverifiable"
                c.exp["S1-01-early"] = "unverifiable"
    for i, secs in enumerate((90, 150, 240, 100, 400), 1):
        c = m.new("personal_call", "PC-%02d" % i)
        t = m.workday_time(9, 17)
        c.fields = {"employee": m.pick(EMPLOYEES), "started_at": t, "ended_at": t + dt.timedelta(minutes=secs // 60)}
        c.exp["S1-03-personal-call"] = "violated" if secs // 60 > 3 else "passed"
    for i, kind in enumerate(("ok", "ok", "staff", "none", "ok"), 1):
        c = m.new("shift_swap", "SW-%02d" % i)
        t = m.workday_time(9, 12)
        e = EMPLOYEES[i]
        c.fields = {"employee": e}
        c.ev("requested", t, e)
        if kind != "none":
            c.ev("approved", t + dt.timedelta(hours=2), "值班组长" if kind == "staff" else "店长", role="staff" if kind == "staff" else "manager")
        c.ev("swapped", t + dt.timedelta(days=2), e)
        c.exp["S1-04-shift-swap-approval"] = "passed" if kind == "ok" else "violated"
    for i, (start, notice_h) in enumerate(((D(2024, 9, 10, 9), 48), (D(2024, 9, 18, 9), 30), (D(2024, 9, 20, 9), 5),
                                           (D(2024, 9, 27, 9), 72), (D(2024, 9, 30, 9), 12)), 1):
        c = m.new("leave_request", "LV-%02d" % i)
        c.fields = {"employee": EMPLOYEES[i], "leave_start": start}
        c.ev("requested", start - dt.timedelta(hours=notice_h), EMPLOYEES[i])
        c.exp["S1-08-leave-notice"] = "violated" if notice_h < 24 else "passed"
    c = m.new("leave_request", "LV-06")
    c.fields = {"employee": "E07"}
    c.ev("requested", D(2024, 9, 11, 9), "E07")
    c.exp["S1-08-leave-notice"] = "unverifiable"
    for i, (last, notice_days) in enumerate(((D(2024, 9, 30), 35), (D(2024, 9, 20), 12)), 1):
        c = m.new("resignation", "RS-%02d" % i)
        c.fields = {"employee": "E0%d" % (i + 5), "last_day": last}
        c.ev("notice_given", last - dt.timedelta(days=notice_days), "E0%d" % (i + 5))
        c.exp["S1-09-resignation-notice"] = "passed" if notice_days >= 31 else "violated"
    # Violation records: E04 breaks house rules four times in September (limit 3 per month).
    n = 0
    for e, days in (("E04", (3, 9, 18, 26)), ("E02", (5, 20)), ("E06", (11,))):
        for d in days:
            n += 1
            c = m.new("violation_record", "VR-%02d" % n)
            c.fields = {"employee": e, "occurred_at": D(2024, 9, d, 14, 0), "rule": m.pick(["上班玩游戏", "擅离岗位", "未穿工服"])}
    for i, kind in enumerate(("ok", "ok", "long", "place", "unapproved"), 1):
        c = m.new("visitor_meeting", "VM-%02d" % i)
        t = m.workday_time(10, 16)
        e = EMPLOYEES[i]
        c.fields = {"employee": e, "location": "前台" if kind != "place" else "机房", "designated_location": "前台"}
        if kind != "unapproved":
            c.ev("approved", t - dt.timedelta(minutes=5), "主管", role="supervisor")
        c.ev("meeting_started", t, e)
        c.ev("meeting_ended", t + dt.timedelta(minutes=25 if kind == "long" else 10), e)
        c.exp["S1-37-approval"] = "violated" if kind == "unapproved" else "passed"
        c.exp["S1-37-duration"] = "violated" if kind == "long" else "passed"
        c.exp["S1-37-place"] = "violated" if kind == "place" else "passed"


# ---------------------------------------------------------------------------------------------
# Clinic (S1-05 … S1-07), property office (S1-11, S1-12, S1-30), after-sales office (S1-22, S1-25,
# S1-31 … S1-35)

def gen_clinic_and_office(m):
    for i in range(1, 41):
        c = m.new("clinic_visit", "MZ-%03d" % i)
        age = m.rng.randrange(18, 85)
        first = i % 3 == 0
        c.fields = {"patient": "患者%03d" % i, "age": age, "first_visit": first, "visited_at": m.any_day_time(8, 20)}
        if age >= 35 and first and i not in (12, 27):
            c.fields["blood_pressure"] = "%d/%d" % (m.rng.randrange(110, 150), m.rng.randrange(70, 95))
        if age >= 35 and first:
            c.exp["S1-05-blood-pressure"] = "passed" if "blood_pressure" in c.fields else "violated"
        else:
            c.exp["S1-05-blood-pressure"] = "passed"
    c = m.new("clinic_visit", "MZ-041")
    c.fields = {"patient": "患者041", "first_visit": True, "visited_at": D(2024, 9, 20, 10, 0)}
    c.exp["S1-05-blood-pressure"] = "unverifiable"
    # Clinic days: 社区卫生站 opens every day 07:30–19:30; closed on 中秋 day (15th); short day on the 16th.
    for clinic in ("社区卫生站A", "社区卫生站B"):
        day = dt.date(2024, 9, 1)
        while day < dt.date(2024, 10, 1):
            skip = clinic.endswith("A") and day.day == 15
            if not skip:
                c = m.new("clinic_day", "%s-%s" % (clinic, day.isoformat()))
                short = clinic.endswith("A") and day.day == 16 or clinic.endswith("B") and day.day == 7
                c.fields = {"clinic": clinic, "opened_at": at(day, 7, 30), "closed_at": at(day, 15 if short else 19, 30)}
                c.exp["S1-06-twelve-hours"] = "violated" if short else "passed"
            day += dt.timedelta(days=1)
    for i, (station, when) in enumerate((("社区卫生站A", D(2024, 9, 10, 9)), ("社区卫生站B", D(2024, 3, 12, 9))), 1):
        c = m.new("survey", "SV-C%02d" % i)
        c.fields = {"station": station, "survey_type": "community_census", "surveyed_at": when}
    # Move-ins (S1-11): home visit within 3 days.
    for i, gap in enumerate((1, 2, 2, 5, 1), 1):
        c = m.new("move_in", "RZ-%02d" % i)
        t = m.workday_time(9, 16)
        c.fields = {"unit": "%d-%d-%d0%d" % (m.rng.randrange(1, 12), m.rng.randrange(1, 4), m.rng.randrange(1, 30), m.rng.randrange(1, 5)),
                    "customer_name": m.pick(CUSTOMERS)}
        c.ev("moved_in", t, "管家")
        c.ev("home_visit", t + dt.timedelta(days=gap), "管家")
        c.exp["S1-11-move-in-visit"] = "violated" if gap > 3 else "passed"
    # Calls to residents (S1-12).
    for i, (hh, emergency) in enumerate(((9, False), (10, False), (15, False), (16, False), (19, False), (12, False),
                                         (21, False), (22, True), (7, False), (20, False)), 1):
        c = m.new("resident_call", "HJ-%02d" % i)
        c.fields = {"resident": "业主%02d" % i, "called_at": at(m.pick(m.days), hh, 30), "emergency": emergency}
        c.exp["S1-12-after-21"] = "violated" if hh >= 21 and not emergency else "passed"
        c.exp["S1-12-rest-hours"] = "violated" if (hh < 8 or 12 <= hh < 14) and not emergency else "passed"
    # Service phone (S1-22).
    for i in range(1, 31):
        c = m.new("incoming_call", "CALL-%03d" % i)
        rings = [1, 2, 2, 3, 1][i % 5]
        answered = True
        if i == 7:
            rings = 5
        if i == 19:
            answered, rings = False, None
        c.fields = {"called_at": m.any_day_time(8, 18), "answered": answered}
        if rings is not None:
            c.fields["rings"] = rings
        c.exp["S1-22-three-rings"] = "violated" if (not answered or rings > 3) else "passed"
    c = m.new("incoming_call", "CALL-031")
    c.fields = {"called_at": D(2024, 9, 23, 10, 5), "answered": True}
    c.exp["S1-22-three-rings"] = "unverifiable"
    # Returns (S1-25).
    for i, role in enumerate(("general_manager", "general_manager", "after_sales_supervisor", "general_manager"), 1):
        c = m.new("goods_return", "TH-%02d" % i)
        t = m.workday_time(9, 15)
        c.ev("return_requested", t, "销售员小张")
        c.ev("approved", t + dt.timedelta(hours=2), "总经理" if role == "general_manager" else "售后主管", role=role)
        c.ev("return_processed", t + dt.timedelta(days=1), "售后专员")
        c.exp["S1-25-return-approval"] = "passed" if role == "general_manager" else "violated"
    # Item storage (S1-30).
    for i, hours in enumerate((3, 20, 30, 6), 1):
        c = m.new("item_storage", "JC-%02d" % i)
        t = m.any_day_time(8, 18)
        c.ev("deposited", t, "前台")
        c.ev("collected", t + dt.timedelta(hours=hours), "前台")
        c.exp["S1-30-item-storage"] = "violated" if hours > 24 else "passed"
    # Vehicle service customers (S1-31 … S1-34).
    for i in range(1, 13):
        c = m.new("vehicle_service", "VS-%02d" % i)
        t = at(m.pick(m.days[:12]), 10, 0)
        repair = i % 4 != 0
        c.fields = {"customer_name": m.pick(CUSTOMERS), "address": m.pick(DISTRICTS), "phone": "135%08d" % m.rng.randrange(10**8),
                    "visit_date": t.date().isoformat(), "visit_kind": "repair" if repair else "consultation"}
        if repair:
            c.fields.update(vehicle_model="思域", plate_number="京A%05d" % m.rng.randrange(10**5), vehicle_type="轿车",
                            service_items="保养", maintenance_interval="5000公里", next_service_date="2025-03-01",
                            customer_wishes="尽快交车")
        c.ev("dropped_off", t, "前台")
        c.ev("file_created", t + dt.timedelta(hours=2), "前台")
        c.exp["S1-31-file-deadline"] = "passed"
        c.exp["S1-31-file-fields"] = "passed"
        if repair:
            pick = t + dt.timedelta(hours=7)
            c.ev("picked_up", pick, "客户")
            first = pick + dt.timedelta(days=2 if i == 5 else 4)
            c.ev("follow_up_call", first, "回访专员", round=1)
            second = first + dt.timedelta(days=20 if i == 6 else 9)
            if second < CUTOFF:
                c.ev("follow_up_call", second, "回访专员", round=2)
            c.exp["S1-32-first-follow-up"] = "violated" if i == 5 else "passed"
            c.exp["S1-33-second-follow-up"] = "violated" if i == 6 else "passed"
        if i == 3:
            del c.fields["plate_number"]; c.exp["S1-31-file-fields"] = "violated"
        if i == 4:
            c.move("file_created", t + dt.timedelta(days=3)); c.exp["S1-31-file-deadline"] = "violated"
        if i in (2, 7, 10):
            r = t + dt.timedelta(days=5)
            c.ev("request_raised", r, "回访专员")
            if i == 2:
                c.ev("resolved", r + dt.timedelta(days=1), "售后专员")
            else:
                if i == 7:
                    c.ev("escalated", r + dt.timedelta(days=1), "回访专员")
                c.ev("solution_found", r + dt.timedelta(days=3, hours=2), "业务主管")
                c.ev("customer_informed", r + dt.timedelta(days=3, hours=5 if i == 7 else 28), "回访专员")
                c.ev("resolved", r + dt.timedelta(days=4, hours=6), "售后专员")
                c.exp["S1-34-inform-same-day"] = "passed" if i == 7 else "violated"
            c.exp["S1-34-escalate"] = "violated" if i == 10 else "passed"
    # Event notices (S1-35): the September open day is on Sep 28.
    for i, (lead_days, letter, letter_after) in enumerate(((20, True, 1), (16, False, 0), (10, True, 1),
                                                           (18, True, 4), (25, False, 0)), 1):
        c = m.new("event_notice", "HD-%02d" % i)
        start = D(2024, 9, 28, 9, 30)
        c.fields = {"customer_name": m.pick(CUSTOMERS), "event_start": start, "letter_needed": letter}
        c.ev("phone_notice", start - dt.timedelta(days=lead_days), "销售顾问")
        if letter:
            c.ev("letter_sent", start - dt.timedelta(days=lead_days) + dt.timedelta(days=letter_after), "销售顾问")
            c.exp["S1-35-letter"] = "violated" if letter_after > 2 else "passed"
        c.exp["S1-35-phone-notice"] = "violated" if lead_days < 14 else "passed"


# ---------------------------------------------------------------------------------------------
# Projects, contracts, maintenance (S2-01 … S2-12, S2-17, S2-27, S2-33 … S2-35), and the periodic
# records: reports, inspections, surveys, work logs, callback plans, trainings, policy reviews.

def gen_projects(m):
    for i, kind in enumerate(("ok", "ok", "no-assessment", "ok"), 1):
        c = m.new("outside_worker", "OW-%02d" % i)
        t = m.workday_time(9, 12)
        c.fields = {"employee": "临时工%d" % i, "worker_type": "temporary"}
        c.ev("registered", t - dt.timedelta(days=2), "安全科")
        c.ev("safety_education_completed", t - dt.timedelta(days=1), "安全科")
        if kind != "no-assessment":
            c.ev("assessment_passed", t - dt.timedelta(hours=20), "安全科")
        c.ev("started", t, "临时工%d" % i)
        c.exp["S2-01-safety-education"] = "violated" if kind == "no-assessment" else "passed"
    for i, (wt, kind) in enumerate((("contractor", "ok"), ("contractor", "no-review"), ("vendor_service", "ok"),
                                    ("vendor_service", "late-filing")), 1):
        c = m.new("site_entry", "SE-%02d" % i)
        t = m.workday_time(9, 12)
        c.fields = {"worker_type": wt, "contractor": m.pick(["宏达安装公司", "海尔售后"])}
        if wt == "contractor" and kind != "no-review":
            c.ev("safety_review_approved", t - dt.timedelta(days=1), "安全部")
        c.ev("safety_agreement_signed", t - dt.timedelta(hours=20), "安全部")
        if wt == "vendor_service":
            c.ev("safety_agreement_filed", t + (dt.timedelta(hours=2) if kind == "late-filing" else -dt.timedelta(hours=18)), "安全部")
        c.ev("site_entered", t, "外来人员")
        rule = "S2-02-contractor-entry" if wt == "contractor" else "S2-02-vendor-service-entry"
        c.exp[rule] = "passed" if kind == "ok" else "violated"
    # Software projects (S2-03, S2-04, S2-12).
    soft = [
        # id, involved before final acceptance (days), accepted (Sep day or None), handover after (days), expiry in Sep, report lead (days)
        ("PJ-S01", 45, 3, 10, None, None), ("PJ-S02", 20, 9, 12, None, None), ("PJ-S03", 40, 12, 18, None, None),
        ("PJ-S04", 50, 26, None, None, None), ("PJ-S05", None, None, None, 20, 100), ("PJ-S06", None, None, None, 25, 60),
    ]
    for pid, involved, acc, handover, expiry, report_lead in soft:
        c = m.new("project", pid)
        c.fields = {"project_type": "software"}
        for f in ("open_issues_schedule", "maintenance_boundary", "maintenance_period", "post_maintenance_measures",
                  "internal_boundary", "common_issues_handling", "emergency_contacts"):
            c.fields[f] = "见交接文档"
        if acc:
            final = D(2024, 9, acc, 10, 0)
            c.fields["final_acceptance_at"] = final
            c.fields["free_maintenance_ends_at"] = D(2025, 9, acc, 0, 0)
            c.ev("after_sales_involved", final - dt.timedelta(days=involved), "售后部")
            c.ev("accepted", final, "客户")
            c.exp["S2-03-after-sales-involvement"] = "passed" if involved >= 30 else "violated"
            if handover:
                c.ev("handed_over", final + dt.timedelta(days=handover), "项目经理")
                c.exp["S2-04-handover-deadline"] = "passed" if handover <= 14 else "violated"
            else:
                c.exp["S2-04-handover-deadline"] = "pending"
        else:
            ends = D(2024, 9, expiry, 0, 0)
            c.fields["final_acceptance_at"] = D(2023, 9, expiry, 10, 0)
            c.fields["free_maintenance_ends_at"] = ends
            c.ev("expiry_reported", ends - dt.timedelta(days=report_lead), "售后部")
            c.exp["S2-12-expiry-notice"] = "passed" if report_lead >= 92 else "violated"
    # Projects whose history starts with the acceptance in September (after-sales joined later, before
    # the final acceptance in November): the handover document is judged on these.
    for pid, acc, handover, missing in (("PJ-S07", 4, 9, None), ("PJ-S08", 10, 13, None), ("PJ-S09", 18, 25, "emergency_contacts")):
        c = m.new("project", pid)
        c.fields = {"project_type": "software", "final_acceptance_at": D(2024, 11, 20, 10, 0),
                    "free_maintenance_ends_at": D(2025, 11, 20, 0, 0)}
        for f in ("open_issues_schedule", "maintenance_boundary", "maintenance_period", "post_maintenance_measures",
                  "internal_boundary", "common_issues_handling", "emergency_contacts"):
            if f != missing:
                c.fields[f] = "见交接文档"
        c.ev("accepted", D(2024, 9, acc, 10, 0), "客户")
        c.ev("after_sales_involved", D(2024, 9, acc + 2, 10, 0), "售后部")
        c.ev("handed_over", D(2024, 9, handover, 16, 0), "项目经理")
        c.exp["S2-04-handover-deadline"] = "passed"
        c.exp["S2-04-handover-document"] = "violated" if missing else "passed"
    # Decoration projects (S2-33, S2-34): callbacks are due within the 24-month warranty, so pending.
    for i, (acc, cert_after) in enumerate(((5, 2), (11, 5), (19, 1), (27, 2)), 1):
        c = m.new("project", "PJ-D%02d" % i)
        c.fields = {"project_type": "decoration"}
        for f in ("project_summary", "warranty_scope", "warranty_period", "warranty_notes", "warranty_log",
                  "company_address", "company_phone", "contact_department", "contact_person"):
            c.fields[f] = "见保修证书"
        t = D(2024, 9, acc, 15, 0)
        c.ev("accepted", t, "业主")
        c.ev("warranty_certificate_sent", t + dt.timedelta(days=cert_after), "工程部")
        c.exp["S2-33-certificate-deadline"] = "violated" if cert_after > 3 else "passed"
        c.exp["S2-33-certificate-contents"] = "passed"
        if i == 1:
            c.ev("callback", t + dt.timedelta(days=14), "客服")
            c.exp["S2-34-warranty-callback"] = "passed"
        else:
            c.exp["S2-34-warranty-callback"] = "pending"
        if i == 3:
            del c.fields["company_phone"]; c.exp["S2-33-certificate-contents"] = "violated"
    # Contracts (S2-17, S2-27).
    for i, (delivered, filed_after, handling) in enumerate(((D(2024, 6, 3), 40, None), (D(2024, 9, 6), 20, None),
                                                            (D(2024, 9, 12), None, None), (D(2024, 9, 20), None, "self")), 1):
        c = m.new("contract", "HT-H%02d" % i)
        c.fields = {"contract_type": "home_purchase", "customer_name": m.pick(CUSTOMERS)}
        if handling:
            c.fields["certificate_handling"] = handling
        c.ev("delivered", delivered + dt.timedelta(hours=10), "交付组")
        if filed_after:
            c.ev("certificate_filed", delivered + dt.timedelta(days=filed_after, hours=10), "产权办")
        if delivered.month == 9 and not handling:
            c.exp["S2-17-certificate-assistance"] = "passed" if filed_after else "pending"
    for i, (ends_day, notice_days, visit_days) in enumerate(((10, 40, 35), (18, 33, 20), (25, 15, 35), (30, 45, 40)), 1):
        c = m.new("contract", "HT-M%02d" % i)
        ends = D(2024, 9, ends_day, 0, 0)
        c.fields = {"contract_type": "maintenance", "customer_name": m.pick(CUSTOMERS), "ends_at": ends}
        c.ev("expiry_notice_sent", ends - dt.timedelta(days=notice_days), "客服")
        c.ev("renewal_visit", ends - dt.timedelta(days=visit_days), "销售")
        # One calendar month before the end date (Aug 10 for Sep 10; Aug 30 for Sep 30).
        limit = ends.replace(month=8)
        c.exp["S2-27-expiry-notice"] = "passed" if ends - dt.timedelta(days=notice_days) <= limit else "violated"
        c.exp["S2-27-renewal-visit"] = "passed" if ends - dt.timedelta(days=visit_days) <= limit else "violated"
    # Change requests: maintenance system adjustments (S2-10) and service-process changes (S3-03).
    for i, kind in enumerate(("ok", "ok", "late-notice", "no-impact"), 1):
        c = m.new("change_request", "CR-%02d" % i)
        t = at(m.days[3 + 4 * i], 22, 0)
        c.fields = {"change_type": "system", "change_plan": "升级数据库", "impact": "短暂停机", "impact_scope": "全部用户", "impact_duration": "30分钟"}
        c.ev("customer_notified", t - (dt.timedelta(minutes=-30) if kind == "late-notice" else dt.timedelta(days=2)), "售后部")
        c.ev("change_started", t, "运维")
        c.exp["S2-10-notice-before-change"] = "violated" if kind == "late-notice" else "passed"
        c.exp["S2-10-notice-contents"] = "passed"
        if kind == "no-impact":
            del c.fields["impact_duration"]; c.exp["S2-10-notice-contents"] = "violated"
    for i, kind in enumerate(("ok", "ok", "self", "manager"), 1):
        c = m.new("change_request", "PC-%02d" % i)
        t = m.workday_time(9, 12)
        c.fields = {"change_type": "service_process"}
        c.ev("requested", t, "客服主管李", role="supervisor")
        approver = "客服主管李" if kind == "self" else "副总经理"
        c.ev("approved", t + dt.timedelta(days=1), approver, role="department_manager" if kind == "manager" else "leadership")
        c.ev("implemented", t + dt.timedelta(days=3), "客服部")
        c.exp["S3-03-approval"] = "passed" if kind == "ok" else "violated"
    # Backups (S2-11).
    for i, days in enumerate((90, 62, 30, 180), 1):
        c = m.new("backup", "BK-%02d" % i)
        c.fields = {"system": "系统%d" % i, "retention_days": days, "checked_at": D(2024, 9, 2 + i, 9)}
        c.exp["S2-11-backup-retention"] = "passed" if days >= 62 else "violated"
    # Optimisation plans (S2-08).
    for i, kind in enumerate(("ok", "no-committee", "ok"), 1):
        c = m.new("report", "OP-%02d" % i)
        t = m.workday_time(9, 12)
        c.fields = {"report_type": "optimisation_plan"}
        c.ev("submitted", t, "售后组长", role="after_sales_lead")
        c.ev("reviewed", t + dt.timedelta(days=1), "销售总监", role="sales_director")
        if kind != "no-committee":
            c.ev("approved", t + dt.timedelta(days=2), "管理委员会", role="management_committee")
        c.ev("executed", t + dt.timedelta(days=4), "售后组")
        c.exp["S2-08-optimisation-approval"] = "violated" if kind == "no-committee" else "passed"
    # Trainings: a repair-department plan (S2-35) and service-quality attendance (S3-05); trainees.
    for i, kind in enumerate(("ok", "no-gm", "no-instructor"), 1):
        c = m.new("training", "PX-%02d" % i)
        t = m.workday_time(9, 12)
        c.fields = {"content": "新车型维修", "scheduled_at": t + dt.timedelta(days=7), "audience": "维修技师", "instructor": "厂家讲师"}
        c.ev("planned", t, "维修部", role="repair_department")
        if kind != "no-gm":
            c.ev("approved", t + dt.timedelta(days=1), "总经理", role="general_manager")
        c.ev("notice_sent", t + dt.timedelta(days=2), "维修部")
        c.exp["S2-35-plan-approval"] = "violated" if kind == "no-gm" else "passed"
        c.exp["S2-35-plan-contents"] = "passed"
        if kind == "no-instructor":
            del c.fields["instructor"]; c.exp["S2-35-plan-contents"] = "violated"
    # Service-quality training of the customer-service staff (S3-05, every quarter): E03 waited four
    # months, E04 has not been trained since June.
    n = 0
    for e, dates in (("E01", [D(2024, 6, 20), D(2024, 9, 12)]), ("E02", [D(2024, 7, 15), D(2024, 9, 12)]),
                     ("E03", [D(2024, 5, 10), D(2024, 9, 12)]), ("E04", [D(2024, 6, 14)])):
        for t in dates:
            n += 1
            c = m.new("trainee", "QT-%02d" % n)
            c.fields = {"employee": e, "training_type": "service_quality", "course": "服务质量",
                        "trained_at": t + dt.timedelta(hours=14)}
            c.ev("assessed", t + dt.timedelta(hours=16), "质量部")
            c.ev("certified", t + dt.timedelta(days=1), "质量部")
    for i in range(1, 11):
        c = m.new("trainee", "XY-%02d" % i)
        course = "钣金" if i <= 5 else "电气"
        c.fields = {"employee": "技师%02d" % i, "training_type": "technical", "course": course,
                    "trained_at": D(2024, 9, 10 + (i > 5) * 10, 9)}
        c.ev("assessed", c.fields["trained_at"] + dt.timedelta(hours=6), "考官")
        if i != 8:
            c.ev("certified", c.fields["trained_at"] + dt.timedelta(days=3), "培训部")


def gen_periodic(m):
    # Weekly quality reports (S1-26): none in the 中秋 week 38; monthly summaries, callback analysis.
    n = 0

    def rep(rtype, t, **f):
        nonlocal n
        n += 1
        c = m.new("report", "RP-%03d" % n)
        c.fields = dict(report_type=rtype, **f)
        return c

    for d in (6, 13, 27):
        rep("weekly_quality", D(2024, 9, d, 17), submitted_at=D(2024, 9, d, 17))
    rep("weekly_quality", D(2024, 8, 30, 17), submitted_at=D(2024, 8, 30, 17))
    rep("weekly_quality", D(2024, 10, 4, 17), submitted_at=D(2024, 10, 4, 17))
    rep("monthly_summary", None, submitted_at=D(2024, 9, 30, 16))
    rep("annual_review", None, submitted_at=D(2024, 1, 15, 10))
    rep("monthly_inspection", None, system="OA系统", uploaded_at=D(2024, 9, 27, 10))
    rep("monthly_inspection", None, system="ERP系统", uploaded_at=D(2024, 8, 29, 10))
    rep("quarterly_maintenance", None, employee="维保员甲", submitted_at=D(2024, 9, 25, 10))
    rep("quarterly_maintenance", None, employee="维保员乙", submitted_at=D(2024, 6, 25, 10))
    # (no callback analysis report in September: S1-21 violated)
    rep("callback_analysis", None, submitted_at=D(2024, 8, 31, 10))
    # Inspections.
    n = 0

    def insp(t, **f):
        nonlocal n
        n += 1
        c = m.new("inspection", "IN-%03d" % n)
        c.fields = dict(inspected_at=t, **f)
    for day in m.days:
        insp(at(day, 9, 30), inspection_type="parts_arrival", site="特约店一")
        if day.day not in (10, 23):
            insp(at(day, 9, 40), inspection_type="parts_arrival", site="特约店二")
    for dep, dates in (("售后一部", [D(2024, 8, 20), D(2024, 9, 18)]), ("售后二部", [D(2024, 7, 10), D(2024, 9, 20)])):
        for t in dates:
            insp(t + dt.timedelta(hours=10), inspection_type="spot_check", department=dep)
    insp(D(2024, 9, 9, 10), system_type="software", system="OA系统")
    insp(D(2024, 9, 10, 10), system_type="software", system="ERP系统")
    insp(D(2024, 8, 12, 10), system_type="software", system="CRM系统")
    insp(D(2024, 9, 5, 10), system_type="security", system="门禁系统")
    insp(D(2024, 8, 5, 10), system_type="security", system="监控系统")
    # Surveys: technician rating cards (S2-29), maintenance opinion forms (S2-16 interval).
    for i in range(1, 13):
        c = m.new("survey", "SV-R%02d" % i)
        c.fields = {"survey_type": "technician_rating", "customer_name": m.pick(CUSTOMERS), "returned_at": m.any_day_time(),
                    "attitude": m.pick(["very_satisfied", "satisfied"]), "skill": "satisfied", "arrival_time": "satisfied",
                    "promise_handling": m.pick(["very_satisfied", "satisfied"])}
        c.exp["S2-29-rating-items"] = "passed"
        if i == 4:
            del c.fields["skill"]; c.exp["S2-29-rating-items"] = "violated"
        if i == 9:
            c.fields["attitude"] = "一般"; c.exp["S2-29-rating-items"] = "violated"
    for cust, dates in (("远洋大厦物业", [D(2024, 3, 5), D(2024, 9, 6)]), ("国贸商城", [D(2024, 7, 1), D(2024, 9, 10)]),
                        ("华贸中心", [D(2023, 8, 20), D(2024, 9, 12)])):
        for t in dates:
            c = m.new("survey", "SV-M-%s-%s" % (cust, t.strftime("%Y%m")))
            c.fields = {"survey_type": "maintenance_opinion", "customer_name": cust, "sent_at": t + dt.timedelta(hours=10)}
    # Work logs (S2-06): three staff, one log per working day before 18:00; a few gaps and a late one.
    n = 0
    for e in ("售后甲", "售后乙", "售后丙"):
        for day in m.days:
            if (e, day.day) in (("售后乙", 11), ("售后丙", 29)):
                continue
            n += 1
            c = m.new("work_log", "LOG-%04d" % n)
            late = (e, day.day) == ("售后甲", 20)
            c.fields = {"employee": e, "logged_at": at(day, 19 if late else 17, 30 if late else m.pick([0, 15, 40]))}
    # Callback plans (S2-09): 刘顾问 misses one planned callback.
    for i in range(1, 17):
        c = m.new("callback_plan", "HF-%02d" % i)
        adv = "王顾问" if i <= 8 else "刘顾问"
        t = at(m.pick(m.days), 10, 0)
        c.fields = {"advisor": adv, "planned_at": t}
        c.ev("planned", t - dt.timedelta(days=3), "客服主管")
        if i != 12:
            c.ev("callback", t + dt.timedelta(hours=3), adv)
    # Policy reviews (S0-24).
    for pol, t in (("服务流程制度", D(2024, 9, 20, 10)), ("投诉处理制度", D(2024, 3, 5, 10))):
        c = m.new("policy_review", "PR-%s" % pol)
        c.fields = {"policy": pol}
        c.ev("reviewed", t, "质量部")


# ---------------------------------------------------------------------------------------------
# Periodic and metric obligations, computed from the generated cases with the semantics of
# Rules/README.md (periods inside the audit period; subject "entity@period"; no entity ⇒ rule id).

def eff(c, name):
    """A case field as the reader assembles it: the record's value, else the latest event attribute."""
    if c.fields.get(name) is not None:
        return c.fields[name]
    for _, _, _, x in sorted(c.events, key=lambda e: e[1], reverse=True):
        if x.get(name) is not None:
            return x[name]
    return None


def month_add(t, months):
    y, mo = divmod(t.month - 1 + months, 12)
    y, mo = t.year + y, mo + 1
    last = (dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1)).day
    return t.replace(year=y, month=mo, day=min(t.day, last))


def in_month(t):
    return t is not None and MONTH_START <= t < MONTH_END


def periods(m, every):
    if every == "working_day":
        return [(d.isoformat(), at(d, 0), at(d + dt.timedelta(days=1), 0)) for d in m.days]
    if every == "day":
        return [((MONTH_START + dt.timedelta(days=i)).date().isoformat(), MONTH_START + dt.timedelta(days=i),
                 MONTH_START + dt.timedelta(days=i + 1)) for i in range(30)]
    if every == "week":
        # ISO weeks starting in September: W36 (Sep 2) … W40 (Sep 30–Oct 6, ended before the cut-off).
        return [("2024-W%02d" % (36 + i), D(2024, 9, 2) + dt.timedelta(weeks=i), D(2024, 9, 9) + dt.timedelta(weeks=i))
                for i in range(5)]
    if every == "month":
        return [("2024-09", MONTH_START, MONTH_END)]
    return []  # quarter, half year, year: these periods start before September, so no month audit judges them


def blank():
    return {"passed": 0, "violated": 0, "pending": 0, "unverifiable": 0, "violated_subjects": []}


def periodic(m, rule, cases, entity, occurrence, every, before=None):
    r = blank()
    values = sorted({c.fields.get(entity) for c in cases if c.fields.get(entity)}) if entity else [rule]
    for key, start, end in periods(m, every):
        for v in values:
            hit = [c for c in cases if (not entity or c.fields.get(entity) == v)
                   and occurrence(c) is not None and start <= occurrence(c) < end
                   and (before is None or occurrence(c).time() < before)]
            if hit:
                r["passed"] += 1
            else:
                r["violated"] += 1
                r["violated_subjects"].append("%s@%s" % (v, key))
    m.extra[rule] = r


def interval(m, rule, cases, entity, occurrence, minimum=None, maximum=None):
    r = blank()
    by = {}
    for c in cases:
        t = occurrence(c)
        if t is not None and t <= CUTOFF:
            by.setdefault(c.fields[entity], []).append(t)
    for v, times in sorted(by.items()):
        times.sort()
        for a, b in zip(times, times[1:]):
            if not in_month(b):
                continue
            bad = (minimum and b < month_add(a, minimum)) or (maximum and b > month_add(a, maximum))
            r["violated" if bad else "passed"] += 1
            if bad:
                r["violated_subjects"].append("%s@%s" % (v, b.date().isoformat()))
        if maximum:
            due = month_add(times[-1], maximum)
            if due <= CUTOFF and in_month(due):
                r["violated"] += 1
                r["violated_subjects"].append("%s@%s" % (v, due.date().isoformat()))
            elif due > CUTOFF and in_month(times[-1]):
                r["pending"] += 1
    m.extra[rule] = r


def metric(m, rule, cases, date, counts, every, target, group=None, consecutive=1):
    """counts(c) -> True/False/None; target(numerator, denominator) -> bool."""
    r = blank()
    rows = {}
    for c in cases:
        t = date(c)
        for key, start, end in periods(m, every):
            if t is not None and start <= t < end:
                value = counts(c)
                if value is None:
                    r["unverifiable"] += 1
                    continue
                g = c.fields.get(group) if group else "all"
                num, den = rows.get((key, g), (0, 0))
                rows[(key, g)] = (num + bool(value), den + 1)
    keys = [k for k, _, _ in periods(m, every)]
    groups = sorted({g for (_, g) in rows})
    for g in groups:
        missed = 0
        for key in keys:
            if (key, g) not in rows:
                continue
            ok = target(*rows[(key, g)])
            missed = 0 if ok else missed + 1
            if ok or missed < consecutive:
                r["passed"] += 1
            else:
                r["violated"] += 1
                r["violated_subjects"].append("%s@%s" % (g, key))
    m.extra[rule] = r


def gen_expected_periodic(m):
    of = m.of
    insp = of("inspection")
    rep = of("report")
    periodic(m, "S0-20-daily-check", [c for c in insp if c.fields.get("inspection_type") == "parts_arrival"], "site",
             lambda c: c.fields.get("inspected_at"), "working_day")
    periodic(m, "S2-06-daily-work-log", of("work_log"), "employee", lambda c: c.fields["logged_at"], "working_day",
             before=dt.time(18, 0))
    periodic(m, "S1-06-open-every-day", of("clinic_day"), "clinic", lambda c: c.fields["opened_at"], "day")
    for rule, rtype, every in (("S1-21-monthly-callback-analysis", "callback_analysis", "month"),
                               ("S1-26-weekly-report", "weekly_quality", "week"),
                               ("S1-36-monthly-summary", "monthly_summary", "month"),
                               ("S1-36-annual-review", "annual_review", "year")):
        periodic(m, rule, [c for c in rep if c.fields.get("report_type") == rtype], None,
                 lambda c: c.fields.get("submitted_at"), every)
    periodic(m, "S2-07-monthly-inspection", [c for c in insp if c.fields.get("system_type") == "software"], "system",
             lambda c: c.fields.get("inspected_at"), "month")
    periodic(m, "S2-07-monthly-report", [c for c in rep if c.fields.get("report_type") == "monthly_inspection"], "system",
             lambda c: c.fields.get("uploaded_at"), "month")
    periodic(m, "S2-16-monthly-check", [c for c in insp if c.fields.get("system_type") == "security"], "system",
             lambda c: c.fields.get("inspected_at"), "month")
    periodic(m, "S2-16-quarterly-report", [c for c in rep if c.fields.get("report_type") == "quarterly_maintenance"],
             "employee", lambda c: c.fields.get("submitted_at"), "quarter")
    periodic(m, "S1-07-community-survey", [c for c in of("survey") if c.fields.get("survey_type") == "community_census"],
             "station", lambda c: c.fields.get("surveyed_at"), "year")
    periodic(m, "S0-24-yearly", of("policy_review"), "policy", lambda c: c.first("reviewed"), "year")
    interval(m, "S2-16-survey-interval", [c for c in of("survey") if c.fields.get("survey_type") == "maintenance_opinion"],
             "customer_name", lambda c: c.fields.get("sent_at"), minimum=6, maximum=12)
    interval(m, "S0-10-count", of("stock_count"), "warehouse", lambda c: c.first("counted"), maximum=1)
    interval(m, "S3-05-training", [c for c in of("trainee") if c.fields.get("training_type") == "service_quality"],
             "employee", lambda c: c.fields.get("trained_at"), maximum=3)
    interval(m, "S3-06-spot-check", [c for c in insp if c.fields.get("inspection_type") == "spot_check"], "department",
             lambda c: c.fields.get("inspected_at"), maximum=1)

    rate = lambda goal: (lambda num, den: num / den >= goal - 1e-12)
    metric(m, "S2-09-callback-plan", of("callback_plan"), lambda c: c.fields["planned_at"], lambda c: c.has("callback"),
           "month", rate(1.0), group="advisor")
    cars = [c for c in of("repair_order") if c.fields.get("job_type") == "general"]
    metric(m, "S2-18-weekly-quota", cars, lambda c: c.fields["opened_at"],
           lambda c: c.fields["discount_rate"] > 0 and not c.has("discount_filed"), "week",
           lambda num, den: num <= 5, group="advisor")
    metric(m, "S2-28-survey-coverage", of("service_order"), lambda c: c.first("received"), lambda c: c.has("survey_sent"),
           "day", rate(1.0), group="branch")
    metric(m, "S2-35-trainee-certification", of("trainee"), lambda c: c.fields["trained_at"],
           lambda c: c.has("assessed") and c.has("certified"), "month", rate(1.0), group="course")
    metric(m, "S1-02-consecutive-absence", of("attendance"), lambda c: D.fromisoformat(c.fields["date"]),
           lambda c: c.fields["status"] == "absent", "working_day", lambda num, den: num <= 0, group="employee",
           consecutive=3)
    metric(m, "S1-10-repeated-violations", of("violation_record"), lambda c: c.fields["occurred_at"], lambda c: True,
           "month", lambda num, den: num <= 3, group="employee")
    tickets = of("ticket")
    completed = lambda c: c.first("completed") if c.first("completed") and c.first("completed") <= CUTOFF else None
    metric(m, "S4-06-satisfaction", tickets, completed,
           lambda c: None if c.fields.get("rating") is None else c.fields["rating"] >= 4, "month", rate(0.90))
    metric(m, "S4-06-complaint-rate", tickets, completed, lambda c: c.fields.get("complaint_filed") is True, "month",
           lambda num, den: num / den <= 0.05 + 1e-12)
    metric(m, "S4-06-on-time", tickets, completed, lambda c: c.first("completed") <= c.fields["due_at"], "month",
           rate(0.95))
    jobs = of("repair_order")
    metric(m, "S1-17-on-time-rate", [c for c in jobs if c.fields.get("repair_type") in ("minor", "urgent")],
           lambda c: c.first("received"), lambda c: c.has("completed") and c.first("completed") <= c.fields["due_at"],
           "month", rate(1.0))
    metric(m, "S1-17-rework-rate", jobs, lambda c: c.first("received"), lambda c: c.has("rework"), "month",
           lambda num, den: num / den < 0.005)
    metric(m, "S1-17-satisfaction", [c for c in jobs if eff(c, "rating") is not None], lambda c: c.first("received"),
           lambda c: eff(c, "rating") >= 4, "month", rate(0.95))
    metric(m, "S1-27-callback-rate", jobs, completed, lambda c: c.has("callback"), "month", rate(0.30))


# ---------------------------------------------------------------------------------------------
# Writers: the shapes real systems export.

SO_HEADERS = [("工单号", None), ("客户名称", "customer_name"), ("联系方式", "contact"), ("地址", "address"),
              ("电话", "phone"), ("机型", "model"), ("故障描述", "description"), ("区域", "zone"),
              ("服务区域", "service_area"), ("合同时限", "contract_hours"), ("收费类型", "charge_type"),
              ("网点", "branch"), ("保修状态", "warranty_status"), ("故障原因", "fault_cause"), ("金额", "amount"),
              ("台数", "units"), ("部门负责人", "head_contact"), ("受理时间", "received"), ("登记时间", "registered"),
              ("预约时间", "appointment_at"), ("承诺完成时间", "promised_at")]
SO_ROW_EVENTS = {"received", "registered"}
ATT_HEADERS = [("记录号", None), ("员工", "employee"), ("日期", "date"), ("状态", "status"),
               ("迟到分钟", "minutes_late"), ("早退分钟", "minutes_early")]


def cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, D):
        return fmt(v)
    if isinstance(v, float):
        return ("%.4f" % v).rstrip("0").rstrip(".")
    return str(v)


def jval(v):
    return fmt(v) if isinstance(v, D) else v


def csv_text(rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


def sorted_events(c):
    return sorted(c.events, key=lambda e: (e[1], e[0]))


def write_all(m, out):
    os.makedirs(out, exist_ok=True)
    files = {}
    rows_read = 0
    sources = []
    by_type = {}
    for c in m.cases:
        by_type.setdefault(c.record, []).append(c)

    # 1. Service orders: a records CSV with Chinese headers, plus an event-log CSV.
    rows = [[h for h, _ in SO_HEADERS]]
    for c in by_type.pop("service_order"):
        row = []
        for h, f in SO_HEADERS:
            if f is None:
                row.append(c.id)
            elif f in SO_ROW_EVENTS:
                row.append(cell(c.first(f)))
            else:
                row.append(cell(c.fields.get(f)))
        rows.append(row)
    # Two rows a real export would carry and the reader must reject.
    bad_time = list(rows[5]); bad_time[0] = "SO-9001"; bad_time[17] = "2024-09-31 10:00"
    short = ["SO-9002", "钱七", "13600000000"]
    rows.insert(20, bad_time); rows.insert(41, short)
    files["service_orders.csv"] = csv_text(rows).encode("utf-8")
    rows_read += len(rows) - 1
    m.rejected_rows += 2
    ev_rows = [["case_id", "activity", "timestamp", "resource", "role", "channel", "rating", "escalated_to"]]
    so_cases = [c for c in m.cases if c.record == "service_order"]
    for c in so_cases:
        for a, t, r, x in sorted_events(c):
            if a in SO_ROW_EVENTS:
                continue
            ev_rows.append([c.id, a, fmt(t), r or "", x.get("role", ""), x.get("channel", ""), cell(x.get("rating")),
                            x.get("escalated_to", "")])
    files["service_order_events.csv"] = csv_text(ev_rows).encode("utf-8")
    rows_read += len(ev_rows) - 1
    so_fields = {h: f for h, f in SO_HEADERS if f and f not in SO_ROW_EVENTS}
    sources.append(("service_orders.csv", [
        "record: service_order", "kind: records", "case_id: 工单号",
        "fields: {%s}" % ", ".join("%s: %s" % (h, f) for h, f in so_fields.items()),
        "timestamps: {受理时间: \"%Y-%m-%d %H:%M\", 登记时间: \"%Y-%m-%d %H:%M\", appointment_at: \"%Y-%m-%d %H:%M\", promised_at: \"%Y-%m-%d %H:%M\"}",
        "events: {受理时间: received, 登记时间: registered}",
        "numbers: [contract_hours, amount, units]"]))
    sources.append(("service_order_events.csv", [
        "record: service_order", "kind: events", "case_id: case_id", "activity: activity", "time: timestamp",
        "resource: resource"]))

    # 2. Attendance: the time clock exports GB18030 with Chinese headers.
    rows = [[h for h, _ in ATT_HEADERS]]
    for c in by_type.pop("attendance"):
        rows.append([c.id] + [cell(c.fields.get(f)) for _, f in ATT_HEADERS[1:]])
    files["attendance.csv"] = csv_text(rows).encode("gb18030")
    rows_read += len(rows) - 1
    sources.append(("attendance.csv", [
        "record: attendance", "kind: records", "encoding: gb18030", "case_id: 记录号",
        "fields: {%s}" % ", ".join("%s: %s" % (h, f) for h, f in ATT_HEADERS[1:]),
        "timestamps: {date: \"%Y-%m-%d\"}", "numbers: [minutes_late, minutes_early]"]))

    # 3. Everything else: JSON Lines, an event log per record type (case attributes on the first
    #    event, as workflow exports do) or a records file when the type has no events.
    for record in sorted(by_type):
        with_events = [c for c in by_type[record] if c.events]
        without = [c for c in by_type[record] if not c.events]
        for cases, kind in ((with_events, "events"), (without, "records")):
            if not cases:
                continue
            stamps = sorted({k for c in cases for k, v in c.fields.items() if isinstance(v, D)})
            lines = []
            if kind == "events":
                for c in cases:
                    for i, (a, t, r, x) in enumerate(sorted_events(c)):
                        row = {"case": c.id, "activity": a, "time": fmt(t)}
                        if r:
                            row["resource"] = r
                        row.update(x)
                        if i == 0:
                            row.update({k: jval(v) for k, v in c.fields.items() if v is not None})
                        lines.append(json.dumps(row, ensure_ascii=False))
                desc = ["record: %s" % record, "kind: events", "case_id: case", "activity: activity", "time: time",
                        "resource: resource"]
                name = "%s.jsonl" % record
            else:
                for c in cases:
                    row = {"id": c.id}
                    row.update({k: jval(v) for k, v in c.fields.items() if v is not None})
                    lines.append(json.dumps(row, ensure_ascii=False))
                desc = ["record: %s" % record, "kind: records", "case_id: id"]
                name = "%s%s.jsonl" % (record, "_records" if with_events else "")
            if stamps:
                desc.append("timestamps: {%s}" % ", ".join('%s: "%%Y-%%m-%%d %%H:%%M"' % s for s in stamps))
            files[name] = ("\n".join(lines) + "\n").encode("utf-8")
            rows_read += len(lines)
            sources.append((name, desc))

    y = ["# Generated by scripts/gen-fixtures.py — do not edit; regenerate instead.",
         "dataset: service-month-2024-09", "time_zone: Asia/Shanghai", "sources:"]
    for name, desc in sources:
        y.append("  - file: %s" % name)
        y.extend("    " + d for d in desc)
    files["dataset.yaml"] = ("\n".join(y) + "\n").encode("utf-8")
    return files, rows_read


README = """# Fixtures/month — one generated month of service records (September 2024)

Generated by `scripts/gen-fixtures.py` (Python 3 standard library, seeded): do not edit these files,
change the generator and run it again. `scripts/gen-fixtures.py --check` regenerates into a temporary
folder and fails when any file here differs (same seed ⇒ identical bytes).

    policy-check audit --dataset Fixtures/month/dataset.yaml --month 2024-09 --as-of "2024-10-08 00:00"

## What is in it

Every record type of `Rules/records/*.md`, so that every rule of `Rules/` judges some records:
tickets, e-mails, complaints, after-sales service orders with callbacks, property and car-workshop repair
orders, attendance, leave, resignations, warehouse goods-in/goods-out, stock counts, incidents, clinic
visits and clinic days, surveys, projects, contracts, trainings and trainees, reports, inspections, work
logs, callback plans and more. The calendar is real: the 中秋 holiday Sep 15–17 with the 调休 working
Saturday Sep 14 and Sunday Sep 29, and 国庆 Oct 1–7 between the end of the month and the cut-off.

Shapes real systems export:

- `service_orders.csv` — a records table with Chinese headers (工单号, 受理时间, …) renamed to field names
  by `dataset.yaml`; two rows are broken on purpose (an impossible date, a short row) and are rejected;
- `service_order_events.csv` — an event log (case id, activity, timestamp, resource, attributes);
- `attendance.csv` — the time clock's export, GB18030-encoded, Chinese headers;
- `*.jsonl` — JSON Lines event logs (case attributes on the first event of a case) or records.

## Expected outcomes

`expected.json` holds, per rule, the exact number of obligations passed / violated / pending /
unverifiable and the violated subjects. The generator writes it from what it injected (each case is
built compliant, then one obligation is broken on purpose and the ledger records every rule the change
affects) and computes periodic and metric obligations from the rows it wrote, following
`Rules/README.md`; it never reads the tool's output. `Tests/CheckerTests/FixtureMonthTests.swift`
compares an audit of this folder with it.

Some rules cannot be violated in a September audit, by construction: yearly and quarterly periodic
rules (`S0-24`, `S1-07`, `S1-36-annual-review`, `S2-16-quarterly-report`) have no period that starts in
September — the test audits the year 2024 for them; `S2-17` (three months after the handover) and `S2-34`
(a callback within the 24-month warranty) are pending for September's cases. A few metrics pass on
purpose (`S1-17-satisfaction`, `S1-27`, `S4-06-satisfaction`, `S1-36-monthly-summary`), so the report
shows met targets next to missed ones.
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--seed", type=int, default=20240915)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "month"))
    ap.add_argument("--check", action="store_true", help="regenerate into a temp dir and diff against --out")
    args = ap.parse_args()
    m = Month(args.seed)
    for gen in (gen_tickets, gen_service_orders, gen_repair_orders, gen_complaints, gen_emails, gen_warehouse,
                gen_attendance, gen_clinic_and_office, gen_projects, gen_periodic, gen_expected_periodic):
        gen(m)
    files, rows_read = write_all(m, args.out)
    files["expected.json"] = expected_json(m, rows_read)
    files["README.md"] = README.encode("utf-8")
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            for name, data in files.items():
                with open(os.path.join(tmp, name), "wb") as f:
                    f.write(data)
            existing = sorted(n for n in os.listdir(args.out) if not n.startswith("."))
            _, mismatch, errors = filecmp.cmpfiles(tmp, args.out, sorted(set(files) | set(existing)), shallow=False)
            if mismatch or errors:
                print("Fixtures/month is stale: %s" % ", ".join(sorted(mismatch + errors)), file=sys.stderr)
                return 1
            print("Fixtures/month is up to date (%d files)" % len(files))
            return 0
    os.makedirs(args.out, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)
    print("wrote %d files, %d rows, %d cases to %s" % (len(files), rows_read, len(m.cases), os.path.normpath(args.out)))
    return 0


def expected_json(m, rows_read):
    rules = {}
    for c in m.cases:
        for rule, outcome in c.exp.items():
            r = rules.setdefault(rule, {"passed": 0, "violated": 0, "pending": 0, "unverifiable": 0, "violated_subjects": []})
            items = outcome if isinstance(outcome, list) else [(c.id, outcome)]
            for subject, o in items:
                r[o] += 1
                if o == "violated":
                    r["violated_subjects"].append(subject)
    for rule, r in m.extra.items():
        rules[rule] = r
    for r in rules.values():
        r["violated_subjects"].sort()
    doc = {"about": "Written by scripts/gen-fixtures.py from the outcomes it injected. Audit: --month 2024-09 "
                    "--as-of '2024-10-08 00:00' (Asia/Shanghai). Per rule: obligations passed / violated / pending / "
                    "unverifiable and the violated subjects (case id; case#n for the n-th trigger of a response "
                    "check with several triggers; entity@period for periodic and metric checks, the rule id when "
                    "there is no entity, 'all' when a metric has no group). Every count is exact. Rules whose "
                    "periods are quarters or years judge nothing in a month (their periods start before September).",
           "rows": {"read": rows_read, "rejected": m.rejected_rows, "used": rows_read - m.rejected_rows},
           "cases": len(m.cases),
           "rules": {k: rules[k] for k in sorted(rules)}}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


if __name__ == "__main__":
    sys.exit(main())
