#!/usr/bin/env python3
"""Runs `policy-check sql --dialect spark` scripts in Spark SQL and writes the table `judgements`.

    policy-check sql --dialect spark --dataset D.yaml --with-data … -o audit.sql
    scripts/spark-run.py audit.sql --out judgements.csv                  # CSV, one file
    scripts/spark-run.py audit.sql --format parquet --out judgements.parquet   # Spark's Parquet folder
    scripts/spark-run.py a.sql b.sql --format jsonl --out-dir out/      # several scripts, one session
    spark-submit --driver-memory 1g scripts/spark-run.py audit.sql --out judgements.csv
    scripts/spark-run.py audit.sql --explain S0-12-register             # Spark's plan of a rule

Each script runs statement by statement in one Spark session (`pip install pyspark`; Java 17),
local[2] with a 1 GB driver unless --master / spark-submit say otherwise, its tables in a
temporary warehouse folder removed at the end. The rows are written ordered by rule, subject
and anchor: CSV with every column of `judgements` (times as UTC ISO 8601), JSON Lines with the
columns `scripts/sql-run.py` prints (times as milliseconds), Parquet as Spark writes it. A
statement that fails stops the run (exit 1) naming the script and the statement's first line.
"""
import argparse, csv, json, os, re, shutil, sys, tempfile, time

COLUMNS = ['rule_id', 'kind', 'subject', 'period', 'group_value', 'outcome', 'anchor_ms', 'due_ms', 'evidence']
ALL_COLUMNS = ['rule_id', 'kind', 'subject', 'period', 'group_value', 'outcome', 'anchor', 'anchor_ms', 'due',
               'due_ms', 'evidence']
ORDER = 'ORDER BY rule_id, subject, anchor_ms'


def statements(script):
    """The statements of a script: split at `;` outside 'text' (backslash escapes, as Spark reads
    it), `identifiers` and -- comments; comment-only pieces are dropped."""
    out, start, i, n = [], 0, 0, len(script)
    while i < n:
        c = script[i]
        if c == "'":
            i += 1
            while i < n and script[i] != "'":
                i += 2 if script[i] == '\\' else 1
        elif c == '`':
            i += 1
            while i < n and script[i] != '`':
                i += 1
        elif c == '-' and script.startswith('--', i):
            while i < n and script[i] != '\n':
                i += 1
        elif c == ';':
            out.append(script[start:i])
            start = i + 1
        i += 1
    out.append(script[start:])
    def code(piece):
        return '\n'.join(line for line in piece.split('\n') if not line.lstrip().startswith('--')).strip()
    return [piece.strip() for piece in out if code(piece)]


def session(master, settings=()):
    from pyspark.sql import SparkSession
    warehouse = tempfile.mkdtemp(prefix='policy-check-spark-')
    builder = SparkSession.builder.appName('policy-check sql')
    if master:
        builder = builder.master(master)
    # A small machine: little memory, few shuffle partitions, no web UI.
    for key, value in [('spark.driver.memory', '1g'), ('spark.sql.shuffle.partitions', '2'),
                       ('spark.ui.enabled', 'false'), ('spark.ui.showConsoleProgress', 'false'), ('spark.sql.warehouse.dir', warehouse),
                       ('spark.sql.session.timeZone', 'UTC'), ('spark.sql.ansi.enabled', 'true'),
                       # Spark's size estimates of the compiled lookups' joins are far too low: a
                       # broadcast of one ran a 1 GB driver out of memory on the fixture month.
                       ('spark.sql.autoBroadcastJoinThreshold', '-1')] + list(settings):
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel('ERROR')
    return spark, warehouse


def rule_of(statement):
    """`(rule id, kind)` of a statement that writes a rule's judgements (the compiler puts
    `-- <rule id> (<kind>)` on the line before its `INSERT INTO judgements`), else None."""
    lines = statement.split('\n')
    for k, line in enumerate(lines):
        if line.startswith('INSERT INTO judgements') and k > 0 and lines[k - 1].startswith('-- '):
            rule, _, kind = lines[k - 1][3:].partition(' ')
            return rule, kind.strip('()')
    return None


def without_ids(text):
    """A plan's text without Spark's expression ids (`case_id#12`, `seq#40L`)."""
    return re.sub(r'#\d+L?', '', text)


def explain(spark, statement, rule, kind):
    """Spark's plan of one rule's statement, and what decides how it spreads over a cluster:
    the keys of its shuffles and its products (a join without an equality to shuffle on)."""
    code = '\n'.join(line for line in statement.split('\n') if not line.lstrip().startswith('--'))
    plan = spark.sql('EXPLAIN FORMATTED ' + code).collect()[0][0]
    keys = {}
    for match in re.finditer(r'Arguments: (hashpartitioning\((.*)\)|SinglePartition|RoundRobinPartitioning\(\d+\))', plan):
        key = without_ids(match.group(2) or match.group(1))
        key = re.sub(r', \d+$', '', key)  # the number of partitions
        keys[key] = keys.get(key, 0) + 1
    products = re.findall(r'\(\d+\) CartesianProduct\nJoin type: \w+\nJoin condition: (.*)', plan)
    print(f'== {rule} ({kind})\n{plan}')
    print(f'-- {rule}: shuffles by ' + ('; '.join(f'{key} ×{n}' for key, n in sorted(keys.items())) or 'none')
          + f'; products: {len(products)}' + ''.join(f'\n--   product on {without_ids(c)}' for c in products))


def run(spark, path, verbose, explained=()):
    script = open(path, encoding='utf-8').read()
    started = time.time()
    parts = statements(script)
    slowest = []
    for k, statement in enumerate(parts):
        try:
            t = time.time()
            rule = rule_of(statement)
            if explained and rule:
                if rule[0] in explained or 'all' in explained:
                    explain(spark, statement, *rule)
            elif not statement.upper().startswith('SELECT'):  # the closing counts: not needed here
                spark.sql(statement).collect()
            slowest = sorted(slowest + [(time.time() - t, statement.split('\n')[0][:60])], reverse=True)[:5]
        except Exception as error:  # the engine's message, first lines
            first = statement.split('\n')[0][:120]
            message = str(error).strip().split('\n')[0][:2000]
            sys.exit(f'{path}: error: statement {k + 1} of {len(parts)} ({first}…) failed: {message}')
    if verbose:
        print(f'{path}: {len(parts)} statements in {time.time() - started:.1f} s; slowest: '
              + ', '.join(f'{s:.1f} s {what}' for s, what in slowest), file=sys.stderr)


def write(spark, fmt, out):
    if fmt == 'parquet':
        spark.sql(f"SELECT {', '.join(ALL_COLUMNS)} FROM judgements {ORDER}").coalesce(1) \
            .write.mode('overwrite').parquet(out)
        return
    columns = COLUMNS if fmt == 'jsonl' else ALL_COLUMNS
    rows = spark.sql(f"SELECT {', '.join(columns)} FROM judgements {ORDER}").toLocalIterator()
    stream = open(out, 'w', encoding='utf-8', newline='') if out else sys.stdout
    if fmt == 'jsonl':
        for row in rows:
            stream.write(json.dumps(row.asDict(), ensure_ascii=False, sort_keys=True) + '\n')
    else:
        writer = csv.writer(stream)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(['' if v is None else v.strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'
                             if hasattr(v, 'strftime') else v for v in row])
    if out:
        stream.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('scripts', nargs='+')
    parser.add_argument('--format', choices=['csv', 'parquet', 'jsonl'], default='csv')
    parser.add_argument('--out', help='the file (a folder for Parquet) of one script\'s rows (default stdout)')
    parser.add_argument('--out-dir', help='a folder for several scripts\' rows: <script name>.<format>')
    parser.add_argument('--master', help='Spark master (default local[2]; under spark-submit, its own)')
    parser.add_argument('--conf', action='append', default=[], metavar='KEY=VALUE', help='a Spark setting')
    parser.add_argument('--verbose', action='store_true', help='print each script\'s time to stderr')
    parser.add_argument('--explain', action='append', default=[], metavar='RULE',
                        help='print Spark\'s plan of this rule\'s statement (\'all\': of every rule), '
                        'its shuffle keys and products, instead of running it; writes no rows')
    args = parser.parse_args()
    if len(args.scripts) > 1 and not args.out_dir:
        parser.error('several scripts need --out-dir')
    if args.format == 'parquet' and not (args.out or args.out_dir):
        parser.error('parquet needs --out or --out-dir')
    # Under spark-submit the JVM is already started with its master (and driver memory).
    master = args.master or (None if 'PYSPARK_GATEWAY_PORT' in os.environ else 'local[2]')
    spark, warehouse = session(master, [tuple(item.split('=', 1)) for item in args.conf])
    try:
        for path in args.scripts:
            run(spark, path, args.verbose, args.explain)
            if args.explain:
                continue
            out = args.out
            if args.out_dir:
                os.makedirs(args.out_dir, exist_ok=True)
                stem = os.path.splitext(os.path.basename(path))[0]
                out = os.path.join(args.out_dir, f'{stem}.{args.format}')
            write(spark, args.format, out)
    finally:
        spark.stop()
        shutil.rmtree(warehouse, ignore_errors=True)


if __name__ == '__main__':
    main()
