/// The escaped JSON content of the last text written at one place of a report, reused while the
/// next finding holds the very same string (a rule's id, its expected text, an input file path):
/// such texts are shared by every finding of a rule.
///
/// A string is recognised by its representation (`NameKey`), read without retaining it: writing
/// it retained and released a reference count that every report worker touched, and escaped the
/// same bytes again for each finding. The cache keeps the string it escaped, so its storage (which
/// identifies it) cannot be reused for another text while the entry stands.
struct SharedJSONText {
  private var key: NameKey?
  private var text = ""
  /// The escaped content, without quotes.
  private var escaped: [UInt8] = []

  /// Writes the escaped content (no quotes) of the text whose representation is `key`; `text`
  /// gives the string itself when it is not the one cached.
  @inline(__always)
  mutating func writeContent(_ key: NameKey, to sink: inout ReportSink, _ text: () -> String) {
    if key != self.key { refill(key, text()) }
    escaped.withUnsafeBytes { sink.write($0) }
  }

  /// `writeContent` between quotes.
  @inline(__always)
  mutating func writeString(_ key: NameKey, to sink: inout ReportSink, _ text: () -> String) {
    sink.write(byte: UInt8(ascii: "\""))
    writeContent(key, to: &sink, text)
    sink.write(byte: UInt8(ascii: "\""))
  }

  @inline(never)
  private mutating func refill(_ key: NameKey, _ text: String) {
    var sink = ReportSink()
    sink.writeJSONStringContent(text)
    escaped = sink.bytes
    self.text = text
    self.key = key
  }
}

/// `SharedJSONText` for a list of strings written as a JSON array (a rule's assumed parameters),
/// recognised by the list's storage.
struct SharedJSONStrings {
  private var key: UInt?
  private var indent = 0
  private var list: [String] = []
  private var written: [UInt8] = []

  /// Writes `list` (sorted when it has several entries) as an array at `indent`.
  @inline(__always)
  mutating func write(_ key: UInt, indent: Int, to sink: inout ReportSink, _ list: () -> [String]) {
    if key != self.key || indent != self.indent { refill(key, list(), indent: indent) }
    written.withUnsafeBytes { sink.write($0) }
  }

  /// The identity of a list's storage (the list must be kept alive to compare it with another).
  @inline(__always)
  static func key(_ list: [String]) -> UInt { unsafeBitCast(list, to: UInt.self) }

  @inline(never)
  private mutating func refill(_ key: UInt, _ list: [String], indent: Int) {
    var sink = ReportSink()
    sink.writeJSONStrings(list.count > 1 ? list.sorted() : list, indent: indent)
    written = sink.bytes
    self.list = list
    self.indent = indent
    self.key = key
  }
}
