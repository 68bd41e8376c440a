/// Inline SVG charts for the HTML report, drawn from plain numbers so they need no script and
/// no network. Every text that reaches the markup is escaped here.
enum SVGChart {
  /// One bar of a horizontal bar chart.
  struct Bar {
    var label: String
    var value: Double
    var valueText: String
    var colour: String
    var tooltip: String
  }

  /// One segment of a stacked column.
  struct Segment {
    var name: String
    var colour: String
  }

  /// Horizontal bars, one per row, scaled to `maximum` (at least the largest value).
  static func horizontalBars(_ bars: [Bar], maximum: Double, title: String, width: Int = 560) -> String {
    let rowHeight = 28
    let labelWidth = 190
    let valueWidth = 64
    let plotWidth = width - labelWidth - valueWidth
    let height = max(1, bars.count) * rowHeight + 8
    let scale = max(maximum, bars.map(\.value).max() ?? 0, 1e-9)
    var out =
      "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\""
    out += " xmlns=\"http://www.w3.org/2000/svg\"><title>\(ReportEscaping.html(title))</title>"
    for (i, bar) in bars.enumerated() {
      let y = 4 + i * rowHeight
      let barWidth = max(0, Int((bar.value / scale * Double(plotWidth)).rounded()))
      out += "<g><title>\(ReportEscaping.html(bar.tooltip))</title>"
      out += "<text class=\"label\" x=\"\(labelWidth - 8)\" y=\"\(y + 18)\" text-anchor=\"end\">"
      out += "\(ReportEscaping.html(TerminalText.truncate(bar.label, to: 26)))</text>"
      out +=
        "<rect class=\"track\" x=\"\(labelWidth)\" y=\"\(y + 5)\" width=\"\(plotWidth)\" height=\"16\" rx=\"3\"/>"
      out +=
        "<rect x=\"\(labelWidth)\" y=\"\(y + 5)\" width=\"\(barWidth)\" height=\"16\" rx=\"3\" fill=\"\(bar.colour)\"/>"
      out += "<text class=\"value\" x=\"\(labelWidth + plotWidth + 8)\" y=\"\(y + 18)\">"
      out += "\(ReportEscaping.html(bar.valueText))</text></g>"
    }
    return out + "</svg>"
  }

  /// Stacked columns per bucket (week or month), with a legend and a y axis of round ticks.
  static func stackedColumns(
    buckets: [(label: String, values: [Int])], segments: [Segment], title: String, width: Int = 560
  ) -> String {
    let height = 260
    let left = 40
    let bottom = 40
    let top = 40
    let plotHeight = height - top - bottom
    let plotWidth = width - left - 10
    let maximum = max(1, buckets.map { $0.values.reduce(0, +) }.max() ?? 0)
    let step = niceStep(maximum)
    let axisMaximum = ((maximum + step - 1) / step) * step
    var out =
      "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\""
    out += " xmlns=\"http://www.w3.org/2000/svg\"><title>\(ReportEscaping.html(title))</title>"
    // Legend.
    var legendX = left
    for segment in segments {
      out += "<rect x=\"\(legendX)\" y=\"6\" width=\"12\" height=\"12\" rx=\"2\" fill=\"\(segment.colour)\"/>"
      out +=
        "<text class=\"legend\" x=\"\(legendX + 16)\" y=\"16\">\(ReportEscaping.html(segment.name))</text>"
      legendX += 28 + TerminalText.width(segment.name) * 7
    }
    // Grid and y ticks.
    var tick = 0
    while tick <= axisMaximum {
      let y = top + plotHeight - tick * plotHeight / axisMaximum
      out += "<line class=\"grid\" x1=\"\(left)\" y1=\"\(y)\" x2=\"\(left + plotWidth)\" y2=\"\(y)\"/>"
      out += "<text class=\"tick\" x=\"\(left - 6)\" y=\"\(y + 4)\" text-anchor=\"end\">\(tick)</text>"
      tick += step
    }
    guard !buckets.isEmpty else { return out + "</svg>" }
    let slot = Double(plotWidth) / Double(buckets.count)
    let columnWidth = max(4, min(48, Int(slot * 0.6)))
    // Label every bucket when they fit, otherwise every n-th.
    let labelEvery = max(1, Int((Double(64) / slot).rounded(.up)))
    for (i, bucket) in buckets.enumerated() {
      let centre = left + Int(slot * (Double(i) + 0.5))
      var stackedTop = top + plotHeight
      let total = bucket.values.reduce(0, +)
      let parts = zip(segments, bucket.values).map { "\($0.name) \($1)" }.joined(separator: ", ")
      out += "<g><title>\(ReportEscaping.html("\(bucket.label): \(parts)"))</title>"
      for (segment, value) in zip(segments, bucket.values) where value > 0 {
        let h = value * plotHeight / axisMaximum
        stackedTop -= h
        out +=
          "<rect x=\"\(centre - columnWidth / 2)\" y=\"\(stackedTop)\" width=\"\(columnWidth)\" height=\"\(h)\""
        out += " fill=\"\(segment.colour)\"/>"
      }
      if total > 0 {
        out +=
          "<text class=\"tick\" x=\"\(centre)\" y=\"\(stackedTop - 4)\" text-anchor=\"middle\">\(total)</text>"
      }
      out += "</g>"
      if i % labelEvery == 0 {
        out += "<text class=\"tick\" x=\"\(centre)\" y=\"\(top + plotHeight + 16)\" text-anchor=\"middle\">"
        out += "\(ReportEscaping.html(bucket.label))</text>"
      }
    }
    return out + "</svg>"
  }

  /// 1, 2 or 5 times a power of ten, giving at most about five ticks.
  static func niceStep(_ maximum: Int) -> Int {
    var power = 1
    while true {
      for factor in [1, 2, 5] where maximum / (factor * power) <= 5 { return factor * power }
      power *= 10
    }
  }
}
