import Foundation
import PolicyRules

/// Turns the rows of one file into cases and events by column, whatever the file syntax.
///
/// Readers put each row's cells into `row` (one slot per input column, packed by the column's
/// converter, text interned in the file's one pool) and call `finishRow`; the builder checks the
/// case id, activity and time, and files the row as a case (records) or an event (events).
/// An event stores only the attributes that changed since the previous event of its case, as
/// event logs repeat the case's attributes on every row.
struct SourceBuilder {
  let source: SourceDescription
  let timeZone: TimeZone
  let validatesUTF8: Bool
  let encodingName: String
  var output: SourceOutput
  /// Remaining rejections before stopping (nil: no limit).
  var errorBudget: Int?
  /// Columns a file may have: an event's attribute changes keep the column's index in 24 bits
  /// (`SourceChange`). Lowered by tests.
  var columnLimit = SourceChange.attributeLimit

  /// Whether another column can be added (JSON Lines and XES add one per new key).
  var canAddColumn: Bool { headerNames.count < columnLimit }

  /// Input columns (header order, or key order of first appearance).
  private(set) var headerNames: [String] = []
  private(set) var outputNames: [String] = []
  var converters: [ColumnConverter] = []
  /// Input column → slot in the stored values (-1: not stored, e.g. the activity column).
  private var slots: [Int] = []
  private var slotCount = 0
  /// Input column → index among an event's attributes (-1 for case id, activity, time and
  /// resource, which the case and the event hold already).
  private var eventSlots: [Int] = []
  private var eventSlotCount = 0
  /// Bit c: input column c is an event attribute (kept for the first 64 columns).
  private var eventColumnMask: UInt64 = 0
  var row: [StoredValue] = []
  /// Bit c (for the first 64 input columns): the cell of this row starts with a blank, so its
  /// text may be all blanks (only then is the text looked at again; reading it back from the
  /// pool is a cache miss). Text of later columns is always looked at.
  private var leadsWithBlank: UInt64 = 0
  /// The file's text pool.
  var pool = StringInterner(capacity: 1024)

  private var caseIdColumn: Int?
  private var activityColumn: Int?
  private var timeColumn: Int?
  private var resourceColumn: Int?
  private var eventColumns: [(column: Int, activity: Int32)] = []
  /// Case slot by the case id's pool id (avoids hashing the id String per row).
  private var caseSlotByTextIndex: [Int32] = []
  private var recordLines: [Int32] = []
  /// Per case, the attribute values of its latest event in file order: `lastWidth` values a
  /// case, kept in `lastStride` words (the tags packed 8 a word, then the bits) so that one
  /// case's state is one or two adjacent cache lines; rows come in time order, not case order.
  private var lastWords: [UInt64] = []
  private var lastWidth = 0
  private var lastStride = 0

  init(
    source: SourceDescription, fileIndex: Int32, timeZone: TimeZone, validatesUTF8: Bool,
    encodingName: String, errorBudget: Int?
  ) {
    self.source = source
    self.timeZone = timeZone
    self.validatesUTF8 = validatesUTF8
    self.encodingName = encodingName
    self.errorBudget = errorBudget
    self.output = SourceOutput(fileIndex: fileIndex, recordType: source.recordType, kind: source.kind)
  }

  var isStopped: Bool { output.stoppedEarly }
  /// With a memory limit, the part of the cases this read files (`CasePartition`); nil: all.
  var partition: CasePartition?
  /// Whether the row being read has been placed in `partition` (its case id is known and
  /// belongs there); reset once the row is filed or rejected.
  private var rowPlaced = false
  /// Where the reader counts what it has read (`LoadProgressCursor`), if anywhere.
  var progress: LoadProgress?

  // MARK: - Columns

  /// The field name a header gets after `fields:` renames.
  func renamed(_ header: String) -> String {
    source.renames.first { $0.header.name == header }?.field ?? header
  }

  /// Whether a reference (by header name or by renamed field name) names this input column.
  func matches(_ reference: ColumnReference, column: Int) -> Bool {
    reference.name == headerNames[column] || reference.name == outputNames[column]
  }

  private func declares(_ references: [ColumnReference], column: Int) -> Bool {
    references.contains { matches($0, column: column) }
  }

  /// Adds an input column; returns its index.
  @discardableResult
  mutating func addColumn(_ header: String) -> Int {
    let column = headerNames.count
    headerNames.append(header)
    outputNames.append(renamed(header))
    var kind = ColumnConverter.Kind.text
    var format = TimestampFormat.auto
    if let declared = source.timestamps.first(where: { matches($0.column, column: column) }) {
      kind = .timestamp
      format = declared.format
    } else if let time = source.time, matches(time, column: column) {
      kind = .timestamp
    } else if source.events.contains(where: { matches($0.column, column: column) }) {
      kind = .timestamp
    } else if declares(source.numbers, column: column) {
      kind = .number
    } else if declares(source.booleans, column: column) {
      kind = .boolean
    }
    converters.append(
      ColumnConverter(
        headerName: header, kind: kind, timestampFormat: format, timeZone: timeZone,
        validatesUTF8: validatesUTF8,
        encodingName: encodingName))
    if caseIdColumn == nil, let reference = source.caseId, matches(reference, column: column) {
      caseIdColumn = column
    }
    var stored = true
    if source.kind == .events {
      if activityColumn == nil, let reference = source.activity, matches(reference, column: column) {
        activityColumn = column
        stored = false
      }
      if timeColumn == nil, let reference = source.time, matches(reference, column: column) {
        timeColumn = column
        stored = false
      }
      if resourceColumn == nil, let reference = source.resource, matches(reference, column: column) {
        resourceColumn = column
      }
    } else {
      for event in source.events where matches(event.column, column: column) {
        eventColumns.append((column, pool.internID(event.activity)))
      }
    }
    slots.append(stored ? slotCount : -1)
    if stored { slotCount += 1 }
    let onEvent = stored && source.kind == .events && column != caseIdColumn && column != resourceColumn
    eventSlots.append(onEvent ? eventSlotCount : -1)
    if onEvent && column < 64 { eventColumnMask |= 1 << column }
    if onEvent { eventSlotCount += 1 }
    row.append(.null)
    return column
  }

  /// Checks that every column the description names exists (for files with a fixed header).
  func missingReferences() -> [ColumnReference] {
    var references = [source.caseId, source.activity, source.time, source.resource].compactMap { $0 }
    references +=
      source.timestamps.map(\.column) + source.events.map(\.column) + source.numbers + source.booleans
    return references.filter { reference in !headerNames.indices.contains { matches(reference, column: $0) } }
  }

  /// Column roles read only from the header, for messages.
  var caseIdHeader: String? { caseIdColumn.map { headerNames[$0] } }

  // MARK: - Rows

  /// Reserves room for about `rows` rows of this file's `byteCount` bytes.
  mutating func reserve(rows: Int, byteCount: Int) {
    guard rows > 0 else { return }
    if source.kind == .events {
      // (No huge pages for these two: the gather hands them back 4 KB at a time.)
      output.eventCases.reserveCapacity(rows)
      output.events.reserveCapacity(rows)
      // A case's first event brings all its attributes, later ones the few that change (about 3
      // a row in an event log that repeats its cases' fields): room for up to 4 a row spares the
      // copies and page faults of growing by doubling; untouched room costs no memory. (Capped:
      // `rows` is estimated from the file's start; a change takes a cell, at least a byte.)
      if output.changes.isEmpty {
        output.changes = MemoryPages.emptyArray(capacity: min(rows * min(eventSlotCount, 4), byteCount))
      }
      // Probed at random by case: room for a case a row (untouched room costs no memory).
      if eventSlotCount > lastWidth { widenLastAttributes() }
      if lastWords.isEmpty { lastWords = MemoryPages.emptyArray(capacity: rows * lastStride) }
      if caseSlotByTextIndex.isEmpty { caseSlotByTextIndex = MemoryPages.emptyArray(capacity: 2 * rows) }
    } else {
      output.recordStarts.reserveCapacity(rows + 1)
    }
  }

  mutating func reject(line: Int, column: Int?, reason: String) {
    defer { rowPlaced = false }
    // A row rejected before its case id placed it is counted by one part only.
    if let partition, !rowPlaced, !partition.countsUnplacedRows { return }
    output.counts.read += 1
    output.counts.rejected += 1
    output.rejections.append(
      RowRejection(
        source: SourceLocation(file: output.fileIndex, line: Int32(clamping: line)), column: column,
        reason: reason))
    if let budget = errorBudget {
      errorBudget = budget - 1
      if budget - 1 <= 0 { output.stoppedEarly = true }
    }
  }

  /// Rejects a row (JSON Lines, XES) whose new key would be one column over `columnLimit`.
  mutating func rejectNewColumn(_ key: String, line: Int) {
    reject(
      line: line, column: nil,
      reason:
        "key '\(key)' would be column \(columnLimit + 1); at most \(columnLimit) distinct keys can be read")
  }

  mutating func clearRow() {
    for k in row.indices { row[k] = .null }
  }

  /// Converts the cells of record `r` of `batch` (one a column) into `row`; false (after
  /// rejecting the row) at the first unusable one. The row and the converters are held by
  /// pointer for the whole row: indexing the arrays in `self` would check their uniqueness at
  /// every cell.
  mutating func setCells(_ batch: CSVReader.Batch, record r: Int, line: Int) -> Bool {
    if partition != nil, !placeRecord(batch, record: r) { return false }
    var row = self.row
    var converters = self.converters
    self.row = []
    self.converters = []
    defer {
      self.row = row
      self.converters = converters
    }
    var blanks: UInt64 = 0
    // Lent for this row only; nothing is kept.
    let usable = row.withUnsafeMutableBufferPointer { cells in
      converters.withUnsafeMutableBufferPointer { columns in
        for column in 0..<cells.count {
          let stored = batch.withField(r, column) { bytes -> Bool in
            if column < 64, let first = bytes.first, first == 0x20 || first == 0x09 { blanks |= 1 << column }
            let value: StoredValue?
            if columns[column].kind == .text {
              let known = pool.count
              value = ColumnConverter.text(bytes, validating: validatesUTF8, pool: &pool)
              if pool.count != known { countNewText(column) }
            } else {
              value = columns[column].value(bytes, pool: &pool)
            }
            if let value {
              cells[column] = value
              return true
            }
            let problem = columns[column].problem(bytes, column: column + 1)
            reject(line: line, column: problem.column, reason: problem.reason)
            return false
          }
          if !stored { return false }
        }
        return true
      }
    }
    leadsWithBlank = blanks
    return usable
  }

  /// Places a CSV record by its case id cell before any cell is converted, so that the rows of
  /// other parts cost only the split into fields. False when the record belongs to another part
  /// (it is then not counted here), or when its case id is blank and this part does not count
  /// unplaced rows (it will be rejected for that, by part 0). A case id column of another kind
  /// than text (`numbers:`) is placed by its value's text in `finishRow`.
  private mutating func placeRecord(_ batch: CSVReader.Batch, record r: Int) -> Bool {
    guard let partition, let caseIdColumn, converters[caseIdColumn].kind == .text else { return true }
    let placed: Bool? = batch.withField(r, caseIdColumn) { bytes in
      bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) ? nil : partition.contains(bytes)
    }
    guard let placed else { return partition.countsUnplacedRows }
    rowPlaced = placed
    return placed
  }

  // MARK: - Warming

  /// New texts each input column brought so far (up to `warmedAfter`).
  private var newTexts: [Int] = []
  /// Columns whose texts keep being new (ids, phone numbers): their look-ups miss the cache.
  private var warmedColumns: [Int] = []
  /// A column is warmed once it brought this many new texts.
  static let warmedAfter = 1024
  /// Keeps the words read by `warm` (so the reads are not dropped as unused).
  private var warmedSink: UInt64 = 0

  private mutating func countNewText(_ column: Int) {
    if newTexts.count <= column {
      newTexts.append(contentsOf: repeatElement(0, count: column + 1 - newTexts.count))
    }
    guard newTexts[column] < Self.warmedAfter else { return }
    newTexts[column] += 1
    if newTexts[column] == Self.warmedAfter && column != caseIdColumn { warmedColumns.append(column) }
  }

  /// Scratch of `warm`: where the look-ups of a batch start, then its cases' text ids, slots.
  private var warmIndices: [Int] = []
  private var warmCases: [Int] = []

  /// Reads, for every record of `batch` with `fields` cells, the memory its look-ups will
  /// touch first: the pool's table for the warmed columns and the case id, then the case's slot
  /// and latest attribute values. Each kind of read is done in a tight loop over the batch: the
  /// reads are independent, so their cache misses overlap (a loop doing more work a read would
  /// fill the processor's window after a few misses); the rows that follow find their memory
  /// in cache. Changes nothing but `warmedSink` and the scratch.
  mutating func warm(_ batch: CSVReader.Batch, headerCount fields: Int) {
    warm(CSVWarmedRows(batch: batch, fields: fields))
  }

  /// `warm(_:headerCount:)` for any rows whose cells are text bytes (a CSV batch, a batch of
  /// database rows); only the rows `rows.isWhole` says will be filed are read.
  mutating func warm<Rows: WarmedRows>(_ rows: Rows) {
    guard let caseColumn = caseIdColumn else { return }
    warmIndices.removeAll(keepingCapacity: true)
    let columns = warmedColumns
    for r in 0..<rows.count where rows.isWhole(r) {
      for column in columns { warmIndices.append(rows.withField(r, column) { pool.warmIndex($0) }) }
      warmIndices.append(rows.withField(r, caseColumn) { pool.warmIndex($0) })
    }
    // Lent for the warm-up reads only.
    var sink = warmIndices.withUnsafeBufferPointer { pool.warm($0) }
    if source.kind == .events && lastStride > 0 {
      warmCases.removeAll(keepingCapacity: true)
      for r in 0..<rows.count where rows.isWhole(r) {
        if let text = rows.withField(r, caseColumn, { pool.existingID($0) }) { warmCases.append(Int(text)) }
      }
      let stride = lastStride
      // Lent for this batch only.
      caseSlotByTextIndex.withUnsafeBufferPointer { slotByText in
        for k in warmCases.indices {
          let text = warmCases[k]
          warmCases[k] = text < slotByText.count ? Int(slotByText[text]) : -1
        }
      }
      lastWords.withUnsafeBufferPointer { words in
        for slot in warmCases where slot >= 0 && (slot + 1) * stride <= words.count {
          sink &+= words[slot * stride] &+ words[slot * stride + stride - 1]
        }
      }
    }
    warmedSink &+= sink
  }

  mutating func setCell(_ column: Int, cell: CellValue, line: Int) -> Bool {
    if column < 64 { leadsWithBlank |= 1 << column }
    return store(
      converters[column].convert(cell, column: column + 1, pool: &pool), column: column, line: line)
  }

  /// Starts a row whose every cell will be set (a database row): no clearing, and only cells
  /// set with a leading blank are looked at again for being all blanks.
  mutating func startFullRow() { leadsWithBlank = 0 }

  /// Stores a text cell of a database column, converted as a file's cell would be (no reason
  /// built unless the cell is refused, as for CSV).
  mutating func setCell(_ column: Int, text bytes: UnsafeBufferPointer<UInt8>, line: Int) -> Bool {
    if column < 64, let first = bytes.first, first == 0x20 || first == 0x09 { leadsWithBlank |= 1 << column }
    let known = pool.count
    if let value = converters[column].value(bytes, pool: &pool) {
      row[column] = value
      // Columns whose texts keep being new are warmed (`warm`), as a file's are.
      if pool.count != known { countNewText(column) }
      return true
    }
    let problem = converters[column].problem(bytes, column: column + 1)
    reject(line: line, column: problem.column, reason: problem.reason)
    return false
  }

  @inline(__always)
  private mutating func store(_ converted: Result<StoredValue, CellProblem>, column: Int, line: Int) -> Bool {
    switch converted {
    case .success(let value):
      row[column] = value
      return true
    case .failure(let problem):
      reject(line: line, column: problem.column, reason: problem.reason)
      return false
    }
  }

  /// The pool id of a cell's text; nil when empty or blank. Other values read as their text.
  private mutating func textID(ofColumn column: Int) -> Int32? {
    let value = row[column]
    switch value.tag {
    case .null: return nil
    case .string:
      let id = value.stringID
      // Only text starting with a blank can be all blanks; skip the scan for the rest.
      if column < 64 && leadsWithBlank & 1 << column == 0 { return id }
      return pool.strings[Int(id)].utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } ? nil : id
    default: return pool.internID(value.value(pool.strings).description)
    }
  }

  /// Files the converted `row` as a case (records) or an event (events).
  mutating func finishRow(line: Int) {
    let location = SourceLocation(file: output.fileIndex, line: Int32(clamping: line))
    guard let caseIdColumn, let caseIdText = textID(ofColumn: caseIdColumn) else {
      let name = caseIdColumn.map { headerNames[$0] } ?? source.caseId?.name ?? "case id"
      reject(line: line, column: caseIdColumn.map { $0 + 1 }, reason: "missing case id in column \(name)")
      return
    }
    if let partition, !rowPlaced {
      guard partition.contains(pool.strings[Int(caseIdText)]) else { return }
      rowPlaced = true
    }
    defer { rowPlaced = false }
    if !numberingTried { adoptNumbering(caseIdText) }
    if source.kind == .events {
      guard let activityColumn, let activity = textID(ofColumn: activityColumn) else {
        let name = activityColumn.map { headerNames[$0] } ?? source.activity?.name ?? "activity"
        reject(
          line: line, column: activityColumn.map { $0 + 1 }, reason: "missing activity in column \(name)")
        return
      }
      guard let timeColumn, row[timeColumn].tag == .timestamp else {
        let name = timeColumn.map { headerNames[$0] } ?? source.time?.name ?? "time"
        reject(line: line, column: timeColumn.map { $0 + 1 }, reason: "missing timestamp in column \(name)")
        return
      }
      let resource = resourceColumn.flatMap { textID(ofColumn: $0) } ?? -1
      let slot = eventCaseSlot(caseIdText, location: location)
      output.eventCases.append(slot)
      output.events.append(
        SourceEvent(
          time: Int64(bitPattern: row[timeColumn].bits), line: location.line, activity: activity,
          resource: resource, changeStart: Int32(output.changes.count)))
      recordChanges(case: Int(slot))
    } else {
      if let existing = existingSlot(caseIdText) {
        reject(
          line: line, column: caseIdColumn + 1,
          reason:
            "duplicate case id '\(pool.strings[Int(caseIdText)])' (first on line \(recordLines[Int(existing)]))"
        )
        return
      }
      let index = eventCaseSlot(caseIdText, location: location)
      recordLines[Int(index)] = Int32(clamping: line)
      for (column, slot) in slots.enumerated() where slot >= 0 && !row[column].isNull {
        output.recordSlots.append(Int32(slot))
        output.recordValues.append(row[column])
      }
      output.recordStarts.append(Int32(output.recordSlots.count))
      for (column, activity) in eventColumns where row[column].tag == .timestamp {
        output.eventCases.append(index)
        output.events.append(
          SourceEvent(
            time: Int64(bitPattern: row[column].bits), line: location.line, activity: activity, resource: -1,
            changeStart: Int32(output.changes.count)))
      }
    }
    output.counts.read += 1
    output.counts.used += 1
  }

  /// Whether the first case id has been offered to the pool as the shape of numbered ids.
  private var numberingTried = false

  /// Case ids such as `T0176679` are looked up by number in the pool (see `adoptNumbering`).
  private mutating func adoptNumbering(_ caseIdText: Int32) {
    numberingTried = true
    var text = pool.strings[Int(caseIdText)]
    text.withUTF8 { pool.adoptNumbering(like: $0) }
  }

  /// Stores the event's attributes that differ from the previous event of the same case.
  private mutating func recordChanges(case slot: Int) {
    if eventSlotCount > lastWidth { widenLastAttributes() }
    let base = slot * lastStride
    let bitsBase = base + Self.tagWords(lastWidth)
    // Lent for this update only.
    lastWords.withUnsafeMutableBufferPointer { words in
      /// Files attribute `attribute` (input column `column`) if it changed.
      func compare(_ column: Int, _ attribute: Int) {
        let value = row[column]
        let tagWord = base + attribute >> 3
        let shift = UInt64(attribute & 7) * 8
        let tag = UInt8(truncatingIfNeeded: words[tagWord] >> shift)
        if tag != value.tag.rawValue || words[bitsBase + attribute] != value.bits {
          words[tagWord] = words[tagWord] & ~(0xFF << shift) | UInt64(value.tag.rawValue) << shift
          words[bitsBase + attribute] = value.bits
          output.changes.append(SourceChange(attribute: attribute, value: value))
        }
      }
      if headerNames.count <= 64 {
        // Attributes are numbered in column order, so the mask's bits give them in turn; the
        // loop reads no array (iterating `eventSlots` would retain it every row).
        var columns = eventColumnMask
        var attribute = 0
        while columns != 0 {
          compare(columns.trailingZeroBitCount, attribute)
          columns &= columns - 1
          attribute += 1
        }
      } else {
        for (column, attribute) in eventSlots.enumerated() where attribute >= 0 { compare(column, attribute) }
      }
    }
  }

  /// Words holding the packed tags of `width` values.
  private static func tagWords(_ width: Int) -> Int { (width + 7) / 8 }

  /// Re-lays the per-case latest attributes when a new column appears (JSON Lines, XES).
  private mutating func widenLastAttributes() {
    let cases = output.caseIds.count
    let stride = Self.tagWords(eventSlotCount) + eventSlotCount
    var widened = [UInt64](repeating: 0, count: cases * stride)
    for c in 0..<cases {
      for a in 0..<lastWidth {
        let tag = lastWords[c * lastStride + a >> 3] >> (UInt64(a & 7) * 8) & 0xFF
        widened[c * stride + a >> 3] |= tag << (UInt64(a & 7) * 8)
        widened[c * stride + Self.tagWords(eventSlotCount) + a] =
          lastWords[c * lastStride + Self.tagWords(lastWidth) + a]
      }
    }
    lastWords = widened
    lastWidth = eventSlotCount
    lastStride = stride
  }

  private func existingSlot(_ caseId: Int32) -> Int32? {
    let textIndex = Int(caseId)
    return textIndex < caseSlotByTextIndex.count && caseSlotByTextIndex[textIndex] >= 0
      ? caseSlotByTextIndex[textIndex] : nil
  }

  /// The case slot of a case id (by its pool id), new on first sight.
  private mutating func eventCaseSlot(_ caseId: Int32, location: SourceLocation) -> Int32 {
    let textIndex = Int(caseId)
    if let slot = existingSlot(caseId) { return slot }
    let slot = newCaseSlot(caseId, location: location)
    if caseSlotByTextIndex.count <= textIndex {
      caseSlotByTextIndex.append(
        contentsOf: repeatElement(-1, count: textIndex + 1 - caseSlotByTextIndex.count))
    }
    caseSlotByTextIndex[textIndex] = slot
    return slot
  }

  private mutating func newCaseSlot(_ caseId: Int32, location: SourceLocation) -> Int32 {
    let index = Int32(output.caseIds.count)
    output.caseIds.append(pool.strings[Int(caseId)])
    output.caseIdTexts.append(caseId)
    output.firstSources.append(location)
    recordLines.append(location.line)
    if source.kind == .events {
      // Zero words: null tags and bits.
      for _ in 0..<lastStride { lastWords.append(0) }
    }
    return index
  }

  // MARK: - Finishing

  /// Names the stored columns and hands over the pool.
  mutating func finish() -> SourceOutput {
    var names: [String] = []
    for (column, slot) in slots.enumerated() where slot >= 0 { names.append(outputNames[column]) }
    output.fieldNames = names
    if source.kind == .events {
      var attributeFields = [Int32](repeating: -1, count: eventSlotCount)
      for (column, attribute) in eventSlots.enumerated() where attribute >= 0 {
        attributeFields[attribute] = Int32(slots[column])
      }
      output.attributeFields = attributeFields
      output.caseIdField = caseIdColumn.map { Int32(slots[$0]) } ?? -1
      output.resourceField = resourceColumn.map { Int32(slots[$0]) } ?? -1
    }
    output.pool = pool
    lastWords = []
    pool = StringInterner()
    return output
  }
}

/// Rows `SourceBuilder.warm` reads ahead of filing them: each cell's text bytes.
protocol WarmedRows {
  var count: Int { get }
  /// Whether row `r` will be filed (rows that will be rejected are not warmed).
  func isWhole(_ r: Int) -> Bool
  func withField<R>(_ r: Int, _ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R
}

/// A CSV batch's records of the header's width.
struct CSVWarmedRows: WarmedRows {
  let batch: CSVReader.Batch
  let fields: Int
  var count: Int { batch.count }
  func isWhole(_ r: Int) -> Bool { batch.fieldCount(r) == fields }
  @inline(__always)
  // A cell of the lent input, for `body` only.
  func withField<R>(_ r: Int, _ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    batch.withField(r, column, body)
  }
}
