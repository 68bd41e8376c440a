#!/usr/bin/env python3
"""Writes a synthetic help-desk event log for benchmarking policy-check (issue #3).

    scripts/gen-synthetic.py --events 1300000 --cases 200000 --seed 7 --out DIR

DIR gets:
  tickets.csv   one event per row: ticket, activity, time, resource, role, team, category,
                zone, service_level, customer, phone, amount (the case attributes repeat on
                every row, as exported event logs do); rows are in time order except for a
                few cases whose late rows were keyed into the past (out-of-order data)
  worklog.csv   one row per staff work-log entry (record table), for the periodic rule
  dataset.yaml  the dataset description of both files

Tickets follow received -> assigned -> taken_in_charge -> [parts_requested -> approved ->
parts_issued] -> resolved -> callback -> closed over the year 2024, mostly in office hours,
with missing steps, late responses, escalations, reopened tickets and a few closed-before-
resolved. Python standard library only; the same seed gives the same bytes. The event count
is a target: cases are generated until it is reached (so --events / --cases is the mean
number of events per case, about 6.5 for the defaults).
"""

import argparse
import os
import random
import sys
import time

YEAR_DAYS = 366  # 2024 is a leap year
MINUTES_PER_DAY = 1440


def civil_dates():
    """'2024-MM-DD' for each day of 2024, and its weekday (0 = Monday; 2024-01-01 is a Monday)."""
    lengths = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    dates = []
    for month, length in enumerate(lengths, start=1):
        for day in range(1, length + 1):
            dates.append("2024-%02d-%02d" % (month, day))
    return dates, [k % 7 for k in range(len(dates))]


def main():
    parser = argparse.ArgumentParser(description="synthetic help-desk event log")
    parser.add_argument("--events", type=int, default=1_300_000)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.events < 1 or args.cases < 1:
        sys.exit("gen-synthetic: --events and --cases must be positive")
    began = time.time()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    dates, weekdays = civil_dates()
    # Extra timestamps run into early 2025 (callbacks and closures of late-December tickets).
    dates_ext = dates + ["2025-01-%02d" % d for d in range(1, 32)] + ["2025-02-%02d" % d for d in range(1, 29)]
    horizon = len(dates_ext) * MINUTES_PER_DAY - 1
    clock = ["%02d:%02d" % (m // 60, m % 60) for m in range(MINUTES_PER_DAY)]

    def stamp(minute, second):
        minute = min(minute, horizon)
        return "%s %s:%02d" % (dates_ext[minute // MINUTES_PER_DAY], clock[minute % MINUTES_PER_DAY], second)

    teams = ["华东-%d" % k for k in range(1, 5)] + ["华南-%d" % k for k in range(1, 5)] + ["华北-%d" % k for k in range(1, 5)]
    agents = ["agent-%03d" % k for k in range(120)]
    agent_team = {a: teams[k % len(teams)] for k, a in enumerate(agents)}
    team_agents = {t: [a for a in agents if agent_team[a] == t] for t in teams}
    cs_staff = ["cs-%02d" % k for k in range(24)]
    managers = ["manager-%02d" % k for k in range(12)]
    directors = ["director-%d" % k for k in range(3)]
    categories = ["software", "software", "software", "network", "network", "account", "hardware", "warranty"]
    levels = ["gold", "silver", "silver", "bronze", "bronze", "bronze"]
    working_days = [d for d in range(YEAR_DAYS) if weekdays[d] < 5]
    all_days = list(range(YEAR_DAYS))

    def office_minute(day):
        return day * MINUTES_PER_DAY + rng.randint(9 * 60, 18 * 60 - 1)

    def later_working(minute, low, high):
        """minute + low..high working-ish minutes: skips nights and weekends roughly."""
        t = minute + rng.randint(low, high)
        day, m = divmod(t, MINUTES_PER_DAY)
        if m >= 18 * 60:
            day, m = day + 1, 9 * 60 + (m - 18 * 60) % 120
        elif m < 9 * 60:
            m = 9 * 60 + m % 60
        while day < YEAR_DAYS and weekdays[day] >= 5:
            day += 1
        return day * MINUTES_PER_DAY + m

    rows = []  # (sort key minute, tie, line)
    append = rows.append
    events_left = args.events
    mean = args.events / args.cases
    case_number = 0
    while events_left > 0:
        case_number += 1
        ticket = "T%07d" % case_number
        team = rng.choice(teams)
        agent = rng.choice(team_agents[team])
        category = rng.choice(categories)
        zone = "city" if rng.random() < 0.7 else "suburb"
        level = rng.choice(levels)
        customer = "C%05d" % rng.randint(1, 20000)
        roll = rng.random()
        phone = "1%010d" % rng.randint(3000000000, 9999999999) if roll > 0.01 else ("" if roll < 0.005 else "021-5550123")
        if category == "warranty":
            amount = "0" if rng.random() > 0.03 else str(rng.randint(50, 800))
        elif category == "hardware":
            amount = str(rng.choice([80, 150, 300, 600, 1200, 2500]))
        else:
            amount = ""
        if rng.random() < 0.01:
            level = "platinum"  # outside the allowed values
        attrs = ",".join((team, category, zone, level, customer if rng.random() > 0.005 else "", phone, amount))
        # Received: mostly weekdays in office hours, some evenings, weekends and holidays.
        if rng.random() < 0.82:
            received = office_minute(rng.choice(working_days))
        else:
            received = rng.choice(all_days) * MINUTES_PER_DAY + rng.randint(0, MINUTES_PER_DAY - 1)
        events = [(received, "received", "portal", "system")]
        if rng.random() > 0.02:
            events.append((received + rng.randint(2, 12), "assigned", "dispatcher", "dispatch"))
        # Taken in charge: usually within the service level's working hours, sometimes days late.
        if rng.random() > 0.03:
            if rng.random() < 0.96:
                taken = later_working(received, 15, {"gold": 100, "silver": 220}.get(level, 460))
            else:
                taken = later_working(received, 300, 4000)
            events.append((taken, "taken_in_charge", agent, "engineer"))
        else:
            taken = received + 30
        if category == "hardware" and rng.random() < 0.8:
            requested = taken + rng.randint(30, 600)
            events.append((requested, "parts_requested", agent, "engineer"))
            approver_roll = rng.random()
            if approver_roll > 0.04:
                approver = agent if approver_roll < 0.06 else rng.choice(managers)
                events.append((requested + rng.randint(10, 300), "approved", approver, "manager"))
            if int(amount or 0) >= 1000 and rng.random() > 0.1:
                events.append((requested + rng.randint(60, 600), "approved", rng.choice(directors), "director"))
            events.append((requested + rng.randint(200, 900) - (600 if rng.random() < 0.03 else 0), "parts_issued", "store", "warehouse"))
        # Resolved: hours to days later; some never (still open at the cut-off).
        resolved = None
        if rng.random() > 0.05:
            resolved = taken + int(rng.expovariate(1 / 900)) + 20
            if resolved - received > 2 * MINUTES_PER_DAY and rng.random() < 0.85:
                events.append((received + 2 * MINUTES_PER_DAY - rng.randint(-60, 900), "escalated", rng.choice(managers), "manager"))
            events.append((resolved, "resolved", agent, "engineer"))
            if rng.random() < 0.04:  # reopened and resolved again
                events.append((resolved + rng.randint(600, 5000), "reopened", "portal", "system"))
                resolved = resolved + rng.randint(5000, 9000)
                events.append((resolved, "resolved", agent, "engineer"))
            done = resolved
            if rng.random() < 0.93:
                done = resolved + int(rng.expovariate(1 / 900)) + 30
                if rng.random() > 0.03:
                    events.append((done, "callback", rng.choice(cs_staff), "cs"))
                else:  # called back by the engineer, not customer service
                    events.append((done, "callback", agent, "engineer"))
            if rng.random() < 0.9:
                events.append((done + rng.randint(60, 7 * MINUTES_PER_DAY), "closed", "system", "system"))
        elif rng.random() < 0.2:
            events.append((taken + rng.randint(60, 3000), "closed", "system", "system"))  # closed unresolved
        # Pad toward the requested mean with notes (extra customer contacts).
        extra = 0
        while len(events) + extra < mean and rng.random() < 0.5:
            extra += 1
        for _ in range(extra):
            events.append((received + rng.randint(5, 5 * MINUTES_PER_DAY), "customer_note", "portal", "customer"))
        out_of_order = rng.random() < 0.02
        for minute, activity, resource, role in events:
            second = rng.randint(0, 59)
            key = minute - (rng.randint(600, 30000) if out_of_order and activity != "received" and rng.random() < 0.5 else 0)
            append((key, case_number, "%s,%s,%s,%s,%s,%s\n" % (ticket, activity, stamp(minute, second), resource, role, attrs)))
        events_left -= len(events)
    rows.sort(key=lambda r: (r[0], r[1]))
    with open(os.path.join(args.out, "tickets.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("ticket,activity,time,resource,role,team,category,zone,service_level,customer,phone,amount\n")
        f.writelines(r[2] for r in rows)
    # Work logs: every staff member on most working days, a few after 18:00.
    with open(os.path.join(args.out, "worklog.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("log_id,employee,team,logged_at\n")
        n = 0
        for day in working_days:
            for agent in agents:
                if rng.random() < 0.03:
                    continue
                n += 1
                minute = day * MINUTES_PER_DAY + (rng.randint(16 * 60, 17 * 60 + 59) if rng.random() > 0.03 else rng.randint(18 * 60, 20 * 60))
                f.write("L%06d,%s,%s,%s\n" % (n, agent, agent_team[agent], stamp(minute, rng.randint(0, 59))))
    with open(os.path.join(args.out, "dataset.yaml"), "w", encoding="utf-8") as f:
        f.write(DESCRIPTION)
    sys.stderr.write(
        "gen-synthetic: %d events, %d cases, %d work logs in %.1fs -> %s\n"
        % (len(rows), case_number, n, time.time() - began, args.out)
    )


DESCRIPTION = """\
# Synthetic help-desk data written by scripts/gen-synthetic.py (benchmark input, issue #3).
dataset: synthetic-helpdesk-2024
time_zone: Asia/Shanghai
sources:
  - file: tickets.csv
    kind: events
    record: ticket
    case_id: ticket
    activity: activity
    time: time
    resource: resource
    timestamps: {time: "%Y-%m-%d %H:%M:%S"}
    numbers: [amount]
  - file: worklog.csv
    kind: records
    record: work_log
    case_id: log_id
    timestamps: {logged_at: "%Y-%m-%d %H:%M:%S"}
"""

if __name__ == "__main__":
    main()
