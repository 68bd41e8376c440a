/// The escaped JSON content of the last text written at one place of a report, reused while the
/// next finding holds the same text (a rule's id, its expected text, an input file path): such
/// texts are shared by every finding of a rule, and escaping them again for each finding is
/// most of the work of writing them.
///
/// The cached text is compared by value. Findings sharing one string compare in constant time
/// (the standard library compares equal representations first), and a text that merely looks
/// the same is still the same text, so a hit is always right.
struct SharedJSONText {
  private var text: String?
  /// The escaped content, without quotes.
  private var escaped: [UInt8] = []

  /// Writes the escaped content (no quotes) of `text`.
  @inline(__always)
  mutating func writeContent(_ text: String, to sink: inout ReportSink) {
    if text != self.text { refill(text) }
    escaped.withUnsafeBytes { sink.write($0) }  // lent for the write only
  }

  /// `writeContent` between quotes.
  @inline(__always)
  mutating func writeString(_ text: String, to sink: inout ReportSink) {
    sink.write(byte: UInt8(ascii: "\""))
    writeContent(text, to: &sink)
    sink.write(byte: UInt8(ascii: "\""))
  }

  @inline(never)
  private mutating func refill(_ text: String) {
    var sink = ReportSink()
    sink.writeJSONStringContent(text)
    escaped = sink.bytes
    self.text = text
  }
}

/// `SharedJSONText` for a list of strings written as a JSON array (a rule's assumed
/// parameters), compared by value as well (a list shared by findings compares in constant time).
struct SharedJSONStrings {
  private var list: [String]?
  private var indent = 0
  private var written: [UInt8] = []

  /// Writes `list` (sorted when it has several entries) as an array at `indent`.
  @inline(__always)
  mutating func write(_ list: [String], indent: Int, to sink: inout ReportSink) {
    if indent != self.indent || list != self.list { refill(list, indent: indent) }
    written.withUnsafeBytes { sink.write($0) }  // lent for the write only
  }

  @inline(never)
  private mutating func refill(_ list: [String], indent: Int) {
    var sink = ReportSink()
    sink.writeJSONStrings(list.count > 1 ? list.sorted() : list, indent: indent)
    written = sink.bytes
    self.list = list
    self.indent = indent
  }
}
