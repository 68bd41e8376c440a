import PolicyRules

/// What one file contributed, by column, before cases of all files are joined.
///
/// Values are packed (`StoredValue`) with text ids into this file's own pool `strings`.
/// Attributes are kept sparse: a records row keeps its non-null cells; an event keeps the
/// attribute cells that differ from the previous event of its case in file order, because event
/// logs repeat the case's attributes on every row.
struct SourceOutput: Sendable {
  var fileIndex: Int32
  var recordType: String
  var kind: SourceDescription.Kind
  /// Text pool of this file (with its look-up table, so joining parts of a file costs little).
  var pool = StringInterner()
  /// Names of the stored columns: the case fields this file gives.
  var fieldNames: [String] = []
  /// Case ids in order of first appearance, parallel to `firstSources`.
  var caseIds: [String] = []
  /// The pool id of each case id's text.
  var caseIdTexts: [Int32] = []
  /// Where each case was first seen.
  var firstSources: [SourceLocation] = []

  /// Records sources: case k's row is `recordStarts[k]..<recordStarts[k + 1]` of (field slot, value).
  var recordStarts: [Int32] = [0]
  var recordSlots: [Int32] = []
  var recordValues = StoredValues()

  // Events in file order: the case slot apart (read once, in order, to group events), the
  // rest together, as the assembler reads one event at a time in case order.
  var eventCases: [Int32] = []
  var events: [SourceEvent] = []
  /// Events sources: the field slot of each attribute (every stored column except the case id
  /// and resource, which the case and event hold already).
  var attributeFields: [Int32] = []
  /// Event e's changes are `changes[events[e].changeStart..<events[e + 1].changeStart]` (the
  /// last event's run to the end).
  var changes: [SourceChange] = []
  /// Field slots filled from the case id and from each event's resource (events sources).
  var caseIdField: Int32 = -1
  var resourceField: Int32 = -1

  var counts = ReadCounts()
  var rejections: [RowRejection] = []
  var diagnostics: [Diagnostic] = []
  var stoppedEarly = false
  /// Where reading a part of a CSV file ended (offset in the file, line): the next part must
  /// start there for the parts to read what one reader would.
  var readEnd = (offset: 0, line: 0)
  /// The encoding actually used (after detection), for notes.
  var encoding: TextEncoding?
  /// A database source's rows' keys (`RowKeys`); nil for a file.
  var rowKeys: RowKeys?

  init(fileIndex: Int32, recordType: String, kind: SourceDescription.Kind) {
    self.fileIndex = fileIndex
    self.recordType = recordType
    self.kind = kind
  }

  var eventCount: Int { events.count }

  /// Whether the file could not be read at all (its rows, if any, are not assembled).
  var hasFileError: Bool { diagnostics.contains { $0.severity == .error } }

  /// Where event e's attribute changes end.
  func changeEnd(_ e: Int) -> Int { e + 1 < events.count ? Int(events[e + 1].changeStart) : changes.count }
}

/// One event of a file, before it joins its case.
struct SourceEvent: Sendable {
  var time: Int64
  var line: Int32
  /// Pool ids; resource -1 when none.
  var activity: Int32
  var resource: Int32
  /// Where the event's changes start in `SourceOutput.changes`.
  var changeStart: Int32
}

/// An attribute whose value changed since the previous event of the same case, packed into
/// 12 bytes (a `StoredValue` beside an index would take 24; 64-bit bits alone would pad to 16):
/// millions of them are held while a large file is read and assembled.
struct SourceChange: Sendable {
  private var lowBits: UInt32
  private var highBits: UInt32
  /// The index into `SourceOutput.attributeFields` (low 24 bits) and the tag (high 8).
  private var indexAndTag: UInt32

  init(attribute: Int, value: StoredValue) {
    self.lowBits = UInt32(truncatingIfNeeded: value.bits)
    self.highBits = UInt32(truncatingIfNeeded: value.bits >> 32)
    self.indexAndTag = UInt32(truncatingIfNeeded: attribute) & 0xFF_FFFF | UInt32(value.tag.rawValue) << 24
  }

  var attribute: Int { Int(indexAndTag & 0xFF_FFFF) }

  /// Attribute indices that fit (24 bits).
  static let attributeLimit = 1 << 24
  var value: StoredValue {
    StoredValue(
      tag: StoredValue.Tag(rawValue: UInt8(indexAndTag >> 24)) ?? .null,
      bits: UInt64(highBits) << 32 | UInt64(lowBits))
  }
}
