#!/usr/bin/env python3
"""Runs a `policy-check sql` script in DuckDB or PostgreSQL and prints the table `judgements`.

    policy-check sql --dataset D.yaml --dialect duckdb --with-data … > audit.sql
    scripts/sql-run.py duckdb audit.sql [--database FILE.duckdb]     # in memory by default
    scripts/sql-run.py postgres audit.sql --database postgresql://…  # through psql

Prints one JSON object per judgement row (keys: the table's columns, times as milliseconds),
ordered by rule, subject and anchor. DuckDB through its Python package (`pip install duckdb`);
PostgreSQL through `psql` (the script is run with ON_ERROR_STOP, the rows read back as CSV).
"""
import argparse, csv, io, json, subprocess, sys

COLUMNS = ['rule_id', 'kind', 'subject', 'period', 'group_value', 'outcome', 'anchor_ms', 'due_ms', 'evidence']
QUERY = f"SELECT {', '.join(COLUMNS)} FROM judgements ORDER BY rule_id, subject, anchor_ms"

def run_duckdb(script, database):
    import duckdb
    con = duckdb.connect(database or ':memory:')
    con.execute(script)
    return [dict(zip(COLUMNS, row)) for row in con.execute(QUERY).fetchall()]

def run_postgres(script, url):
    subprocess.run(['psql', '-q', '-X', '-v', 'ON_ERROR_STOP=1', url], input=script.encode('utf-8'),
                   check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run(['psql', '-q', '-X', '-v', 'ON_ERROR_STOP=1', '--csv', '-c', QUERY, url],
                         check=True, capture_output=True).stdout.decode('utf-8')
    rows = []
    for row in csv.DictReader(io.StringIO(out)):
        for key in ('anchor_ms', 'due_ms'):
            row[key] = int(row[key]) if row[key] != '' else None
        for key in ('period', 'group_value', 'evidence'):
            row[key] = row[key] if row[key] != '' else None
        rows.append(row)
    return rows

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('engine', choices=['duckdb', 'postgres'])
    parser.add_argument('script')
    parser.add_argument('--database', help='DuckDB file (default in memory) or PostgreSQL URL (required)')
    parser.add_argument('--out', help='write the rows to this file (default stdout)')
    args = parser.parse_args()
    script = open(args.script, encoding='utf-8').read()
    if args.engine == 'postgres' and not args.database:
        sys.exit('postgres needs --database URL')
    rows = run_duckdb(script, args.database) if args.engine == 'duckdb' else run_postgres(script, args.database)
    out = open(args.out, 'w', encoding='utf-8') if args.out else sys.stdout
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + '\n')

if __name__ == '__main__':
    main()
