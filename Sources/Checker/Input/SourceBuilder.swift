import Foundation
import PolicyRules

/// Turns the rows of one file into cases and events, whatever the file syntax.
///
/// Readers put each row's cells into `row` (one slot per input column, typed by the column's
/// converter) and call `finishRow`; the builder checks the case id, activity and time, and
/// groups rows by case id. Values are stored once per row and an event's attribute array is
/// shared with the previous row's when equal (event logs repeat case attributes on every row).
struct SourceBuilder {
  let source: SourceDescription
  let timeZone: TimeZone
  let validatesUTF8: Bool
  let encodingName: String
  var output: SourceOutput
  /// Remaining rejections before stopping (nil: no limit).
  var errorBudget: Int?

  /// Input columns (header order, or key order of first appearance).
  private(set) var headerNames: [String] = []
  private(set) var outputNames: [String] = []
  var converters: [ColumnConverter] = []
  /// Input column → slot in the stored values (-1: not stored, e.g. the activity column).
  private var slots: [Int] = []
  private var slotCount = 0
  /// Input column → slot in an event's attributes (-1 for case id, activity, time and resource,
  /// which the case and the event hold already, so equal attribute arrays can be shared).
  private var eventSlots: [Int] = []
  private var eventSlotCount = 0
  /// Distinct event attribute arrays, so rows repeating the same values share one array.
  private var attributeArrays = SharedValueArrays()
  var row: [Value] = []

  private var caseIdColumn: Int?
  private var activityColumn: Int?
  private var timeColumn: Int?
  private var resourceColumn: Int?
  private var eventColumns: [(column: Int, activity: String)] = []
  private var caseIndex: [String: Int32] = [:]
  /// Case slot by the case id column's intern index (avoids hashing the id String per row).
  private var caseSlotByTextIndex: [Int32] = []
  private var recordLines: [Int32] = []
  private var activityInterner = StringInterner()

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
        eventColumns.append((column, event.activity))
      }
    }
    slots.append(stored ? slotCount : -1)
    if stored { slotCount += 1 }
    let onEvent = stored && source.kind == .events && column != caseIdColumn && column != resourceColumn
    eventSlots.append(onEvent ? eventSlotCount : -1)
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

  mutating func reject(line: Int, column: Int?, reason: String) {
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

  mutating func clearRow() {
    for k in row.indices { row[k] = .null }
  }

  /// Converts text cell `column` into `row`; false (after rejecting the row) if it is unusable.
  @inline(__always)
  mutating func setCell(_ column: Int, bytes: UnsafeBufferPointer<UInt8>, line: Int) -> Bool {
    store(converters[column].convert(bytes, column: column + 1), column: column, line: line)
  }

  mutating func setCell(_ column: Int, cell: CellValue, line: Int) -> Bool {
    store(converters[column].convert(cell, column: column + 1), column: column, line: line)
  }

  @inline(__always)
  private mutating func store(_ converted: Result<Value, CellProblem>, column: Int, line: Int) -> Bool {
    switch converted {
    case .success(let value):
      row[column] = value
      return true
    case .failure(let problem):
      reject(line: line, column: problem.column, reason: problem.reason)
      return false
    }
  }

  private func text(of value: Value) -> String? {
    switch value {
    case .null: return nil
    case .string(let s):
      // Only text starting with a blank can be all blanks; skip the scan for the rest.
      let first = s.utf8.first
      return first != 0x20 && first != 0x09 ? s : (s.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } ? nil : s)
    default: return value.description
    }
  }

  /// Files the converted `row` as a case (records) or an event (events).
  mutating func finishRow(line: Int) {
    let location = SourceLocation(file: output.fileIndex, line: Int32(clamping: line))
    guard let caseIdColumn, let caseId = text(of: row[caseIdColumn]) else {
      let name = caseIdColumn.map { headerNames[$0] } ?? source.caseId?.name ?? "case id"
      reject(line: line, column: caseIdColumn.map { $0 + 1 }, reason: "missing case id in column \(name)")
      return
    }
    if source.kind == .events {
      guard let activityColumn, let activityText = text(of: row[activityColumn]) else {
        let name = activityColumn.map { headerNames[$0] } ?? source.activity?.name ?? "activity"
        reject(
          line: line, column: activityColumn.map { $0 + 1 }, reason: "missing activity in column \(name)")
        return
      }
      guard let timeColumn, let time = row[timeColumn].timestamp else {
        let name = timeColumn.map { headerNames[$0] } ?? source.time?.name ?? "time"
        reject(line: line, column: timeColumn.map { $0 + 1 }, reason: "missing timestamp in column \(name)")
        return
      }
      let resource = resourceColumn.flatMap { text(of: row[$0]) }
      let values = eventValues()
      let activity = activityText.utf8.count > 15 ? activityInterner.intern(activityText) : activityText
      let event = Event(
        activity: activity, time: time, resource: resource,
        attributes: FieldRow(schema: output.schema, values: values),
        source: location)
      let index = eventCaseSlot(caseId, column: caseIdColumn, location: location)
      output.events[Int(index)].append(event)
    } else {
      if let existing = caseIndex[caseId] {
        reject(
          line: line, column: caseIdColumn + 1,
          reason: "duplicate case id '\(caseId)' (first on line \(recordLines[Int(existing)]))")
        return
      }
      let values = storedValues()
      let index = Int(caseSlot(caseId, location: location))
      output.recordValues[index] = values
      recordLines[index] = Int32(clamping: line)
      for (column, activity) in eventColumns {
        guard let time = row[column].timestamp else { continue }
        output.events[index].append(
          Event(
            activity: activity, time: time, resource: nil,
            attributes: FieldRow(schema: Self.emptySchema, values: []),
            source: location))
      }
    }
    output.counts.read += 1
    output.counts.used += 1
  }

  static let emptySchema = FieldSchema(names: [])

  /// The case slot of an event row; text case ids are looked up by their intern index.
  private mutating func eventCaseSlot(_ caseId: String, column: Int, location: SourceLocation) -> Int32 {
    guard case .string = row[column], converters[column].kind == .text else {
      return caseSlot(caseId, location: location)
    }
    let textIndex = converters[column].lastTextIndex
    if textIndex < caseSlotByTextIndex.count, caseSlotByTextIndex[textIndex] >= 0 {
      return caseSlotByTextIndex[textIndex]
    }
    // No dictionary entry: equal ids reached another way (a JSON number) are merged by the assembler.
    let slot = newCaseSlot(caseId, location: location)
    while caseSlotByTextIndex.count <= textIndex { caseSlotByTextIndex.append(-1) }
    caseSlotByTextIndex[textIndex] = slot
    return slot
  }

  private mutating func caseSlot(_ caseId: String, location: SourceLocation) -> Int32 {
    if let index = caseIndex[caseId] { return index }
    let index = newCaseSlot(caseId, location: location)
    caseIndex[caseId] = index
    return index
  }

  private mutating func newCaseSlot(_ caseId: String, location: SourceLocation) -> Int32 {
    let index = Int32(output.caseIds.count)
    output.caseIds.append(caseId)
    output.events.append([])
    output.recordValues.append([])
    output.firstSources.append(location)
    recordLines.append(location.line)
    return index
  }

  /// The row's stored values (a records row).
  private func storedValues() -> [Value] {
    var values = [Value]()
    values.reserveCapacity(slotCount)
    for (column, slot) in slots.enumerated() where slot >= 0 { values.append(row[column]) }
    return values
  }

  /// The row's event attributes, sharing storage with an earlier equal array.
  private mutating func eventValues() -> [Value] {
    var values = [Value]()
    values.reserveCapacity(eventSlotCount)
    for (column, slot) in eventSlots.enumerated() where slot >= 0 { values.append(row[column]) }
    return shared(values)
  }

  private mutating func shared(_ values: [Value]) -> [Value] { attributeArrays.share(values) }

  // MARK: - Finishing

  /// Sets the final schemas; rows read before later columns appeared are padded with nulls.
  /// For events sources, sorts each case's events and derives the case's fields: per column the
  /// latest non-null value (case id and resource come from the case id and the events' resources).
  mutating func finish() -> SourceOutput {
    var names: [String] = []
    for (column, slot) in slots.enumerated() where slot >= 0 { names.append(outputNames[column]) }
    output.schema = FieldSchema(names: names)
    if source.kind == .records {
      for k in output.recordValues.indices {
        output.recordValues[k] = padded(output.recordValues[k], to: names.count)
      }
      return output
    }
    output.idsAreUnique = caseIndex.isEmpty || caseSlotByTextIndex.isEmpty
    var eventNames: [String] = []
    for (column, slot) in eventSlots.enumerated() where slot >= 0 { eventNames.append(outputNames[column]) }
    let eventSchema = FieldSchema(names: eventNames)
    // Case field slot → event attribute slot, or the case id / resource.
    enum FieldSource {
      case attribute(Int)
      case caseId
      case resource
    }
    var fieldSources: [FieldSource] = []
    for (column, slot) in slots.enumerated() where slot >= 0 {
      if column == caseIdColumn {
        fieldSources.append(.caseId)
      } else if column == resourceColumn {
        fieldSources.append(.resource)
      } else {
        fieldSources.append(.attribute(eventSlots[column]))
      }
    }
    for k in output.events.indices {
      if !Self.isSorted(output.events[k]) {
        output.events[k].sort { ($0.time, $0.source) < ($1.time, $1.source) }
      }
      // Arrays grown one append at a time keep up to twice the room they need; trim them.
      let count = output.events[k].count
      if output.events[k].capacity > count + count / 4 + 1 {
        var trimmed: [Event] = []
        trimmed.reserveCapacity(count)
        trimmed.append(contentsOf: output.events[k])
        output.events[k] = trimmed
      }
      var fields = [Value](repeating: .null, count: names.count)
      var missing = names.count
      for e in output.events[k].indices.reversed() where missing > 0 {
        let event = output.events[k][e]
        for (slot, origin) in fieldSources.enumerated() where fields[slot].isNull {
          let value: Value
          switch origin {
          case .caseId: value = .string(output.caseIds[k])
          case .resource: value = event.resource.map { .string($0) } ?? .null
          case .attribute(let a):
            value = a < event.attributes.values.count ? event.attributes.values[a] : .null
          }
          if !value.isNull {
            fields[slot] = value
            missing -= 1
          }
        }
      }
      output.recordValues[k] = fields
      for e in output.events[k].indices {
        let values = output.events[k][e].attributes.values
        output.events[k][e].attributes = FieldRow(
          schema: eventSchema,
          values: values.count == eventNames.count ? values : shared(padded(values, to: eventNames.count)))
      }
    }
    attributeArrays = SharedValueArrays()
    return output
  }

  static func isSorted(_ events: [Event]) -> Bool {
    guard events.count > 1 else { return true }
    for k in 1..<events.count
    where (events[k].time, events[k].source) < (events[k - 1].time, events[k - 1].source) {
      return false
    }
    return true
  }

  private func padded(_ values: [Value], to count: Int) -> [Value] {
    if values.count >= count { return values }
    return values + Array(repeating: Value.null, count: count - values.count)
  }
}
