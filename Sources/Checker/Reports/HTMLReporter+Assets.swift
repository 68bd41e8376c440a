extension HTMLReporter {
  /// The page's styles: system fonts only (CJK fallbacks included), light print-friendly layout.
  static let styleSheet = """
    :root{--fg:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--panel:#fff;--accent:#2f5d9e}
    *{box-sizing:border-box}
    body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 -apple-system,"Segoe UI",Roboto,\
    "Helvetica Neue",Arial,"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",\
    "Hiragino Sans GB","WenQuanYi Micro Hei","Noto Sans CJK TC","Noto Sans CJK JP",sans-serif;padding:0 24px 24px}
    header{background:linear-gradient(135deg,#1d3557,#2f5d9e);color:#fff;margin:0 -24px 20px;padding:22px 24px 16px}
    header h1{margin:0 0 12px;font-size:22px;font-weight:600;letter-spacing:.5px}
    dl.run{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:6px 24px;margin:0}
    dl.run div{min-width:0}dl.run dt{font-size:11px;text-transform:uppercase;opacity:.75}
    dl.run dd{margin:0;overflow-wrap:anywhere}
    .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px;margin-bottom:16px}
    .card{background:var(--panel);border:1px solid var(--line);border-top:4px solid var(--accent);border-radius:6px;padding:10px 14px}
    .card .k{color:var(--muted);font-size:12px}.card .v{font-size:26px;font-weight:600}
    .card .n{color:var(--muted);font-size:12px}
    .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:16px;margin-bottom:16px;align-items:start}
    .panel{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:14px 18px;margin:0 0 16px}
    figure.panel{margin:0}figcaption,h2{font-size:16px;font-weight:600;margin:0 0 10px}
    h3{font-size:14px;margin:14px 0 6px}
    svg.chart{width:100%;max-width:720px;height:auto;display:block}
    svg .label,svg .value,svg .legend{font-size:12px;fill:var(--fg)}svg .tick{font-size:11px;fill:var(--muted)}
    svg .track{fill:#eef1f5}svg .grid{stroke:#e4e7eb}
    .empty,.note,.muted{color:var(--muted)}
    ol.top{margin:0;padding-left:22px}ol.top li{margin:4px 0}
    ol.top .clause{font-weight:600}ol.top .count{color:#c62828;font-weight:600;margin-left:6px}
    blockquote{margin:2px 0 6px;padding:2px 10px;border-left:3px solid var(--line);color:var(--muted)}
    .controls{display:flex;gap:8px;align-items:center;margin-bottom:10px;flex-wrap:wrap}
    .controls input,.controls select{font:inherit;padding:5px 8px;border:1px solid #cbd2d9;border-radius:4px;background:#fff}
    .controls input{min-width:260px}.controls .shown{color:var(--muted);margin-left:auto}
    table{border-collapse:collapse;width:100%}
    th,td{text-align:left;vertical-align:top;padding:7px 8px;border-bottom:1px solid var(--line)}
    thead th{background:#f0f3f7;font-size:12px;color:var(--muted);font-weight:600;position:sticky;top:0;white-space:nowrap}
    th.sortable{cursor:pointer;user-select:none}th.sortable:hover{color:var(--fg)}
    th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
    tbody tr:hover{background:#fafbfc}
    td.subject{overflow-wrap:anywhere;max-width:220px}td.details{min-width:320px}.nowrap{white-space:nowrap}
    .rule-id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
    .rule-title{color:var(--muted);font-size:12px}
    .badge,.sev{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;white-space:nowrap;color:#fff}
    .o-passed{background:#2e7d32}.o-violated{background:#c62828}.o-pending{background:#ef8f00}
    .o-unverifiable{background:#7b1fa2}.o-waived{background:#607d8b}
    .sev{background:none;border:1px solid currentColor}
    .sev-critical{color:#8e0000}.sev-major{color:#d84315}.sev-minor{color:#b7791f}.sev-info{color:#1976d2}
    details summary{cursor:pointer}details[open] summary{margin-bottom:6px}
    .assumed{color:#b7791f;font-size:12px}
    dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0 0 6px}
    dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
    ol.evidence{margin:0;padding-left:20px}code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
    ul.plain{margin:0;padding-left:18px}
    footer{color:var(--muted);font-size:12px;text-align:center;margin-top:8px}
    .domain h3{margin:10px 0 4px;color:var(--muted)}
    ol.clauses{list-style:none;margin:0;padding:0}
    ol.clauses li{display:grid;grid-template-columns:minmax(0,1fr) 180px 56px 120px;gap:8px;align-items:center;padding:2px 0;border-bottom:1px solid var(--line)}
    ol.clauses .cl{overflow-wrap:anywhere}ol.clauses .rate{text-align:right;font-variant-numeric:tabular-nums}
    ol.clauses .n{color:var(--muted);font-size:12px}
    ol.clauses .bar{height:12px;background:#eef1f5;border-radius:3px;overflow:hidden}
    ol.clauses .bar span{display:block;height:100%}
    ol.clauses li.small .bar{background:repeating-linear-gradient(45deg,#eef1f5 0 4px,#d9dee4 4px 8px)}
    .gbar{display:inline-block;width:80px;height:10px;margin-right:6px;background:#eef1f5;border-radius:3px;overflow:hidden;vertical-align:middle}
    .gbar span{display:block;height:100%}.gbar.small{background:repeating-linear-gradient(45deg,#eef1f5 0 4px,#d9dee4 4px 8px)}
    #clause-order{font:inherit;font-size:12px;margin-left:8px;padding:2px 8px;border:1px solid #cbd2d9;border-radius:4px;background:#fff;cursor:pointer}
    @page{size:A4;margin:12mm}
    @media print{
    .controls,#clause-order{display:none}body{background:#fff;padding:0;font-size:11px}
    header{margin:0 0 12px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
    .cards,.charts{display:block}.card{display:inline-block;width:23%;margin:0 1% 8px 0;vertical-align:top}
    figure.panel{margin:0 0 12px}figure,.card,tr,ol.clauses li{break-inside:avoid}h2,h3{break-after:avoid}
    .panel{border:none;padding:0;margin:0 0 14px}thead{display:table-header-group}thead th{position:static}
    ol.clauses .bar,ol.clauses .bar span,.gbar,.gbar span,.badge,.sev{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    td.details{min-width:0}svg.chart{max-width:100%}}

    """

  /// Sorting and filtering for the findings table. Plain ES5, no dependencies; the table works
  /// without it.
  static let script = """
    (function () {
      var button = document.getElementById('clause-order');
      if (button) {
        button.hidden = false;
        var worst = true;
        button.addEventListener('click', function () {
          worst = !worst;
          var key = worst ? 'data-worst' : 'data-catalogue';
          Array.prototype.forEach.call(document.querySelectorAll('ol.clauses'), function (list) {
            var items = Array.prototype.slice.call(list.children);
            items.sort(function (a, b) { return Number(a.getAttribute(key)) - Number(b.getAttribute(key)); });
            items.forEach(function (item) { list.appendChild(item); });
          });
          button.textContent = button.getAttribute(worst ? 'data-catalogue' : 'data-worst');
        });
      }
    }());
    (function () {
      var table = document.getElementById('findings');
      if (!table) { return; }
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var text = document.getElementById('filter-text');
      var outcome = document.getElementById('filter-outcome');
      var severity = document.getElementById('filter-severity');
      var shown = document.getElementById('shown-count');
      document.getElementById('controls').hidden = false;
      function apply() {
        var query = text.value.toLowerCase(), count = 0;
        rows.forEach(function (row) {
          var visible = (!query || row.textContent.toLowerCase().indexOf(query) >= 0) &&
            (!outcome.value || row.getAttribute('data-outcome') === outcome.value) &&
            (!severity.value || row.getAttribute('data-severity') === severity.value);
          row.hidden = !visible;
          if (visible) { count += 1; }
        });
        shown.textContent = String(count);
      }
      [text, outcome, severity].forEach(function (control) {
        control.addEventListener('input', apply);
        control.addEventListener('change', apply);
      });
      function key(cell) {
        var value = cell.getAttribute('data-sort');
        if (value !== null && /^-?[0-9]+(\\.[0-9]+)?$/.test(value)) { return parseFloat(value); }
        return cell.textContent.trim().toLowerCase();
      }
      var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
      headers.forEach(function (header, index) {
        header.className = 'sortable';
        header.tabIndex = 0;
        header.setAttribute('aria-sort', 'none');
        function sort() {
          var direction = header.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
          headers.forEach(function (other) { other.setAttribute('aria-sort', 'none'); });
          header.setAttribute('aria-sort', direction === 1 ? 'ascending' : 'descending');
          rows.sort(function (a, b) {
            var x = key(a.cells[index]), y = key(b.cells[index]);
            return (x < y ? -1 : x > y ? 1 : 0) * direction;
          });
          rows.forEach(function (row) { body.appendChild(row); });
        }
        header.addEventListener('click', sort);
        header.addEventListener('keydown', function (event) {
          if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); sort(); }
        });
      });
    }());

    """
}
