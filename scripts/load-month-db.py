#!/usr/bin/env python3
"""Loads a dataset's CSV and JSON Lines files into database tables, and writes a description
that reads the tables instead of the files (the same mapping keys; `file:` becomes
`sqlite: {file: …, table: …}` or `postgres: {url: env:…, table: …}`).

    scripts/load-month-db.py --sqlite out/month.db            # writes out/sqlite.yaml too
    scripts/load-month-db.py --postgres 'postgresql://…' --out out   # loads via psql, writes out/postgres.yaml

One table per file, named after it (service_orders.csv → service_orders). CSV cells are text
(empty ⇒ NULL), so the description's timestamps/numbers/booleans read them as from the file;
JSON values keep their type (string → text, number → numeric, boolean → boolean, null ⇒ NULL).
A CSV row whose field count differs from the header's cannot be a table row: it is left out
and named on stderr. Python 3 standard library only (PostgreSQL through `psql`).
"""
import argparse, csv, io, json, os, re, sqlite3, subprocess, sys

def read_text(path):
    data = open(path, 'rb').read()
    if data.startswith(b'\xef\xbb\xbf'):
        data = data[3:]
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError:
        return data.decode('gb18030')

def load_table(path):
    """(columns, kinds, rows): kinds per column 'text' | 'number' | 'bool'."""
    if path.endswith('.csv'):
        reader = csv.reader(io.StringIO(read_text(path), newline=''))
        header = [h.strip() for h in next(reader)]
        rows = []
        for n, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != len(header):
                print(f'{path}: row {n} has {len(row)} fields, the header {len(header)}: left out',
                      file=sys.stderr)
                continue
            rows.append([v if v != '' else None for v in row])
        return header, ['text'] * len(header), rows
    columns, kinds, objects = [], {}, []
    for line in read_text(path).splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        objects.append(obj)
        for key, value in obj.items():
            if key not in kinds:
                columns.append(key)
                kinds[key] = None
            if value is None:
                continue
            kind = 'bool' if isinstance(value, bool) else 'number' if isinstance(value, (int, float)) else 'text'
            if kinds[key] not in (None, kind):
                sys.exit(f'{path}: key {key} holds both {kinds[key]} and {kind} values')
            kinds[key] = kind
    rows = [[obj.get(c) for c in columns] for obj in objects]
    return columns, [kinds[c] or 'text' for c in columns], rows

def quote(name):
    return '"' + name.replace('"', '""') + '"'

def copy_text(value):
    if value is None:
        return r'\N'
    if isinstance(value, bool):
        return 't' if value else 'f'
    text = repr(value) if isinstance(value, float) else str(value)
    return text.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n').replace('\r', '\\r')

def sources(description):
    """The data files a description names, in order."""
    return re.findall(r'^\s*- file: (\S+)\s*$', open(description, encoding='utf-8').read(), re.M)

def rewrite(description, target):
    """The description with each `- file: x.ext` replaced by a table source."""
    out = [f"# Written by scripts/load-month-db.py from {description}: the same sources, read from tables."]
    for line in open(description, encoding='utf-8').read().splitlines():
        m = re.match(r'^(\s*)- file: (\S+)\s*$', line)
        if line.startswith('# Generated'):
            continue
        if m:
            out.append(f'{m.group(1)}- {target(os.path.splitext(m.group(2))[0])}')
        elif re.match(r'^\s+(encoding|format|delimiter|max_field_lines|max_field_bytes):', line):
            continue
        else:
            out.append(line)
    return '\n'.join(out) + '\n'

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--description', default='Fixtures/month/dataset.yaml')
    parser.add_argument('--sqlite', help='SQLite file to create (replaced)')
    parser.add_argument('--postgres', help='libpq URL of the database to load (tables replaced)')
    parser.add_argument('--url-variable', default='POLICY_CHECK_PG_URL',
                        help='environment variable the written postgres.yaml reads the URL from')
    parser.add_argument('--out', help='folder for sqlite.yaml / postgres.yaml (default: the SQLite file\'s)')
    args = parser.parse_args()
    folder = os.path.dirname(args.description)
    files = sources(args.description)
    tables = {os.path.splitext(f)[0]: load_table(os.path.join(folder, f)) for f in files}
    out = args.out or os.path.dirname(os.path.abspath(args.sqlite or '.'))
    os.makedirs(out, exist_ok=True)
    if args.sqlite:
        if os.path.exists(args.sqlite):
            os.remove(args.sqlite)
        db = sqlite3.connect(args.sqlite)
        for name, (columns, kinds, rows) in tables.items():
            types = {'text': 'TEXT', 'number': '', 'bool': 'BOOLEAN'}
            db.execute(f'create table {quote(name)} ('
                       + ', '.join(f'{quote(c)} {types[k]}'.strip() for c, k in zip(columns, kinds)) + ')')
            db.executemany(f'insert into {quote(name)} values ({", ".join("?" * len(columns))})', rows)
        db.commit()
        db.close()
        rel = os.path.relpath(os.path.abspath(args.sqlite), out)
        with open(os.path.join(out, 'sqlite.yaml'), 'w', encoding='utf-8') as f:
            f.write(rewrite(args.description, lambda t: f'sqlite: {{file: {rel}, table: {t}}}'))
    if args.postgres:
        sql = io.StringIO()
        sql.write('\\set ON_ERROR_STOP on\nset client_min_messages = warning;\nbegin;\n')
        for name, (columns, kinds, rows) in tables.items():
            types = {'text': 'text', 'number': 'numeric', 'bool': 'boolean'}
            sql.write(f'drop table if exists {quote(name)};\n')
            sql.write(f'create table {quote(name)} ('
                      + ', '.join(f'{quote(c)} {types[k]}' for c, k in zip(columns, kinds)) + ');\n')
            sql.write(f'copy {quote(name)} from stdin;\n')
            for row in rows:
                sql.write('\t'.join(copy_text(v) for v in row) + '\n')
            sql.write('\\.\n')
        sql.write('commit;\n')
        subprocess.run(['psql', '-q', '-X', args.postgres], input=sql.getvalue().encode('utf-8'),
                       check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(out, 'postgres.yaml'), 'w', encoding='utf-8') as f:
            f.write(rewrite(args.description, lambda t: f'postgres: {{url: env:{args.url_variable}, table: {t}}}'))

if __name__ == '__main__':
    main()
