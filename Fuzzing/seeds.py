#!/usr/bin/env python3
"""Writes the seed inputs of every fuzz target to a folder (default .build-fuzz/seeds/<target>/)
from the shipped rules and the fixtures; `scripts/fuzz.sh --seed` merges them into the committed
corpus (Fuzzing/Corpus/<target>/), keeping only inputs that add coverage."""
import glob, hashlib, os, re, sys
import yaml

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build-fuzz", "seeds")


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def read(path):
    with open(os.path.join(root, path), "rb") as f:
        return f.read()


def files(pattern):
    return sorted(glob.glob(os.path.join(root, pattern), recursive=True))


expressions, patterns, durations = set(), set(), set()


def walk(node, key=None):
    if isinstance(node, dict):
        for k, v in node.items():
            walk(v, k)
    elif isinstance(node, list):
        for v in node:
            walk(v, key)
    elif isinstance(node, str):
        if key in ("when", "assert", "required_when", "value", "condition", "requires"):
            expressions.add(node)
        if key in ("within", "every", "grace", "window") or re.fullmatch(r"-?\d+(\.\d+)? ?[a-z ]+", node):
            durations.add(node)
        for m in re.finditer(r"matches\s+[\"']([^\"']*)[\"']", node):
            patterns.add(m.group(1))
    if key == "patterns" and isinstance(node, dict):
        patterns.update(v for v in node.values() if isinstance(v, str))


for path in files("Rules/**/*.yaml"):
    text = read(path)
    if b"calendar:" in text[:200] and "calendars" in path:
        put("FuzzCalendar", text)
        put("FuzzRuleFile", text)
        continue
    if len(text) <= 6144:
        put("FuzzRuleFile", text)
    try:
        walk(yaml.safe_load(text))
    except yaml.YAMLError:
        pass
for path in files("Fixtures/malformed/**/*.yaml") + files("Fixtures/cli/rules/*.yaml"):
    put("FuzzRuleFile", read(path)[:8192])

# The expression language's own examples (README tables) and what rules write.
readme = read("Sources/PolicyRules/Expressions/README.md").decode()
expressions.update(m for m in re.findall(r"^\| `([^`|]+)` \|", readme, re.M))
expressions.update(re.findall(r"^([^\n`|#]*[=<>][^\n`|]*)$", readme.split("```")[1], re.M))
for e in expressions:
    put("FuzzExpression", e)
for p in patterns | {"^A\\d+$", "^[A-Z]{2}-\\d{4}$", "^1[0-9]{10}$", "a.c", "x*y+z?$"}:
    for text in ("A123", "AB-2024", "13800138000", "abc", "xxyz", ""):
        put("FuzzRegex", p.encode() + b"\0" + text.encode())
for d in durations | {"4h", "2 working days", "次日", "3 months", "same day", "1.5h", "15 工作日", "90 min"}:
    put("FuzzDuration", d)

# Data files: an option byte (kind, timestamp format, column roles, encoding) before the content.
def head(data, limit=4096):
    if len(data) <= limit:
        return data
    cut = data.rfind(b"\n", 0, limit)
    return data[: cut + 1 if cut > 0 else limit]


for path in files("Fixtures/**/*.csv") + files("Fixtures/**/*.tsv"):
    for option in (0x00, 0x01, 0x13, 0x26, 0x4B):
        put("FuzzCSV", bytes([option]) + head(read(path), 2048))
for path in files("Fixtures/**/*.jsonl"):
    for option in (0x00, 0x01):
        put("FuzzJSONLines", bytes([option]) + head(read(path), 1024))
for path in files("Fixtures/**/*.xes"):
    put("FuzzXES", head(read(path), 8192))
for path in files("Fixtures/**/dataset.yaml") + files("Fixtures/**/description.yaml") + files(
    "Fixtures/**/*description*.yaml"
):
    put("FuzzDatasetDescription", head(read(path), 8192))

cells = {
    0: ["2024-09-12 08:00", "2024-09-12T08:00:00+08:00", "2024/09/12 08:00:00.250", "2024-09-12",
        "2024年9月12日 8:05", "2024-03-10T02:30:00", "9999-12-31T23:59:59Z", " 2024-09-12T08:00Z "],
    1: ["1726128000", "1726128000.5", "-12"],
    2: ["1726128000123"],
    3: ["2024-09-12 08:00:00", "2024-02-29 23:59:59", "2023-02-29 00:00:00"],
}
for fmt, values in cells.items():
    for zone in range(4):
        for value in values:
            put("FuzzTimestamp", bytes([fmt | zone << 4]) + value.encode())
for pattern, value in (("%d.%m.%Y %H:%M", "12.09.2024 08:00"), ("%Y%m%d%H%M%S", "20240912080000"),
                       ("%FT%T.%f%z", "2024-09-12T08:00:00.123+0530"), ("%Y-%m-%d %%", "2024-09-12 %")):
    put("FuzzTimestamp", bytes([5]) + pattern.encode() + b"\0" + value.encode())
