#!/usr/bin/env python3
"""Writes a probe page for scripts/check-html.sh: every CJK character of an HTML report drawn on a
canvas in the report's own font stack and compared with characters no font covers (Tangut, Linear A,
Sutton SignWriting, Mro), which Chromium draws as the same box. The page prints
"chars N missing M [...] controls C/4": M > 0 means those characters show as boxes; C < 4 means the
comparison itself failed. Usage: glyph-probe.py REPORT.html PROBE.html"""
import html, re, sys

report = open(sys.argv[1], encoding="utf-8").read()
style = re.search(r"<style>(.*?)</style>", report, re.S).group(1)
font = re.search(r"body\{[^}]*?font:([^;]+);", style).group(1)
stack = font.split("/", 1)[1].split(" ", 1)[1] if "/" in font else font
text = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", report, flags=re.S)
text = html.unescape(re.sub(r"<[^>]+>", "", text))
chars = sorted({c for c in text if "\u2e80" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" or "\u3000" <= c <= "\u303f"})
controls = ["\U00017000", "\U00010600", "\U0001d800", "\U00016a40"]
probe = f"""<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre id="out">pending</pre>
<script>
var stack = {stack!r};
var chars = {chars!r};
var controls = {controls!r};
function draw(c) {{
  var canvas = document.createElement('canvas'); canvas.width = 48; canvas.height = 48;
  var g = canvas.getContext('2d'); g.fillStyle = '#fff'; g.fillRect(0, 0, 48, 48);
  g.fillStyle = '#000'; g.font = '32px ' + stack; g.textBaseline = 'top'; g.fillText(c, 4, 4);
  return Array.prototype.join.call(g.getImageData(0, 0, 48, 48).data, ',');
}}
var box = draw(controls[0]);
var missing = chars.filter(function (c) {{ return draw(c) === box; }});
var controlBoxes = controls.filter(function (c) {{ return draw(c) === box; }});
document.getElementById('out').textContent = 'chars ' + chars.length + ' missing ' + missing.length +
  ' [' + missing.join('') + '] controls ' + controlBoxes.length + '/' + controls.length + ' font ' + stack;
</script></body></html>"""
open(sys.argv[2], "w", encoding="utf-8").write(probe)
