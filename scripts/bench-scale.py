#!/usr/bin/env python3
"""The two rules of scripts/bench/two-rules.yaml as one DuckDB query over tickets.csv.

    python3 scripts/bench-scale.py DATA/tickets.csv [--threads 2]

Prints one line per rule, `RULE violated V of T`, as scripts/bench-scale.sh compares them with
policy-check's summary. Only the counts are computed (policy-check also builds each finding's
evidence and explanation). The semantics follow Rules/README.md for the audit of scripts/bench.sh
(--from 2024-01-01 --to 2024-12-31 --as-of "2025-01-15 00:00", local times, no DST in
Asia/Shanghai):
- deadline: start is the first `received`, end the first `taken_in_charge`; end at or before
  start + 24 h passes (an end before the start too); a later end, or none once due, is violated;
  judged when the start is in the period.
- response, each: false: the trigger is the first `resolved`, the response the first `callback`
  at or after it; within 3 days passes; judged when the trigger is in the period.
Events after the cut-off are not seen.
"""
import argparse
import sys

import duckdb

QUERY = """
WITH ev AS (
  SELECT ticket, activity, strptime(time, '%Y-%m-%d %H:%M:%S') AS t
  FROM read_csv($csv, header = true, all_varchar = true)
),
visible AS (SELECT * FROM ev WHERE t <= TIMESTAMP '2025-01-15 00:00:00'),
per AS (
  SELECT ticket,
         min(t) FILTER (WHERE activity = 'received') AS received,
         min(t) FILTER (WHERE activity = 'taken_in_charge') AS taken,
         min(t) FILTER (WHERE activity = 'resolved') AS resolved
  FROM visible GROUP BY ticket
),
callbacks AS (
  SELECT v.ticket, min(v.t) AS callback
  FROM visible v JOIN per p ON v.ticket = p.ticket
  WHERE v.activity = 'callback' AND v.t >= p.resolved
  GROUP BY v.ticket
),
judged AS (
  SELECT p.*, c.callback FROM per p LEFT JOIN callbacks c ON p.ticket = c.ticket
)
SELECT
  count(*) FILTER (WHERE received >= TIMESTAMP '2024-01-01' AND received < TIMESTAMP '2025-01-01'),
  count(*) FILTER (WHERE received >= TIMESTAMP '2024-01-01' AND received < TIMESTAMP '2025-01-01'
    AND ((taken IS NOT NULL AND taken > received + INTERVAL 24 HOUR)
      OR (taken IS NULL AND received + INTERVAL 24 HOUR <= TIMESTAMP '2025-01-15 00:00:00'))),
  count(*) FILTER (WHERE resolved >= TIMESTAMP '2024-01-01' AND resolved < TIMESTAMP '2025-01-01'),
  count(*) FILTER (WHERE resolved >= TIMESTAMP '2024-01-01' AND resolved < TIMESTAMP '2025-01-01'
    AND ((callback IS NOT NULL AND callback > resolved + INTERVAL 3 DAY)
      OR (callback IS NULL AND resolved + INTERVAL 3 DAY <= TIMESTAMP '2025-01-15 00:00:00')))
FROM judged
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    con = duckdb.connect()
    con.execute(f"SET threads = {args.threads}")
    total1, violated1, total2, violated2 = con.execute(QUERY, {"csv": args.csv}).fetchone()
    print(f"S4-01 violated {violated1} of {total1}")
    print(f"S1-24 violated {violated2} of {total2}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
