import PolicyRules

/// Joins what every file contributed into one `CaseTable`, in a deterministic order.
///
/// Cases are keyed by (record type, case id). A records row gives a case its fields; events of
/// any source with the same key are added to it (JOIN). A case known only from events gets, as
/// fields, the latest non-null value of each attribute over its events in time order; when a
/// records row exists, its non-null fields win and event values only fill its gaps. Event rows
/// whose case id matches no records row still make a case. Cases come sorted by record type,
/// then case id (natural order); each case's events by time, then file and line.
enum CaseAssembler {
  static func assemble(_ outputs: [SourceOutput]) -> CaseTable {
    var builder = CaseTableBuilder()
    builder.reserve(
      cases: outputs.reduce(0) { $0 + $1.caseIds.count }, events: outputs.reduce(0) { $0 + $1.eventCount },
      cells: 0)
    let pools = outputs.map { builder.merge($0.strings) }
    var typeOrder: [String] = []
    var byType: [String: [Int]] = [:]
    for (k, output) in outputs.enumerated() {
      if byType[output.recordType] == nil { typeOrder.append(output.recordType) }
      byType[output.recordType, default: []].append(k)
    }
    for recordType in typeOrder.sorted(by: NaturalOrder.less) {
      let members = byType[recordType] ?? []
      // Records sources first: their fields win, events sources only fill gaps.
      let ordered =
        members.filter { outputs[$0].kind == .records } + members.filter { outputs[$0].kind == .events }
      var assembler = TypeAssembler(
        recordType: recordType, outputs: ordered.map { outputs[$0] }, pools: ordered.map { pools[$0] })
      assembler.run(into: &builder)
    }
    return builder.build()
  }
}

/// The cases of one record type.
private struct TypeAssembler {
  let recordType: String
  let outputs: [SourceOutput]
  /// Per output: its pool ids → the table's.
  let pools: [[Int32]]
  /// Per output: its field slots → the type's.
  private var fieldMaps: [[Int32]] = []
  private var schema = FieldSchema(names: [])
  /// Per output: its events grouped by case, in file order.
  private var eventStarts: [[Int32]] = []
  private var eventOrder: [[Int32]] = []

  // Scratch, reused from case to case.
  private var fields: [StoredValue] = []
  private var rows: [StoredValue] = []
  private var gathered: [GatheredEvent] = []
  private var attributes: [(slot: Int32, value: StoredValue)] = []

  private struct GatheredEvent {
    var output: Int32
    var event: Int32
    var time: Int64
    var file: Int32
    var line: Int32
    /// Where the event's attribute row starts in `rows` (-1: no attributes).
    var row: Int32
  }

  init(recordType: String, outputs: [SourceOutput], pools: [[Int32]]) {
    self.recordType = recordType
    self.outputs = outputs
    self.pools = pools
  }

  mutating func run(into builder: inout CaseTableBuilder) {
    var names: [String] = []
    var seen: [String: Int32] = [:]
    for output in outputs {
      var map: [Int32] = []
      for name in output.fieldNames {
        if let slot = seen[name] {
          map.append(slot)
        } else {
          seen[name] = Int32(names.count)
          map.append(Int32(names.count))
          names.append(name)
        }
      }
      fieldMaps.append(map)
    }
    schema = FieldSchema(names: names)
    let type = builder.recordType(recordType, schema: schema)
    for output in outputs { groupEvents(output) }

    // Case ids across outputs; one output's ids are already distinct.
    var ids: [String] = []
    var contributions: [[(output: Int32, slot: Int32)]] = []
    if outputs.count == 1 {
      ids = outputs[0].caseIds
    } else {
      var index: [String: Int] = [:]
      for (o, output) in outputs.enumerated() {
        for (k, id) in output.caseIds.enumerated() {
          if let g = index[id] {
            contributions[g].append((Int32(o), Int32(k)))
          } else {
            index[id] = ids.count
            ids.append(id)
            contributions.append([(Int32(o), Int32(k))])
          }
        }
      }
    }
    let order = ids.indices.sorted { NaturalOrder.less(ids[$0], ids[$1]) }
    for g in order {
      if outputs.count == 1 {
        addCase(ids[g], type: type, contributions: CollectionOfOne((0, Int32(g))), into: &builder)
      } else {
        addCase(ids[g], type: type, contributions: contributions[g], into: &builder)
      }
    }
  }

  /// Counting sort of an output's events by case, keeping file order within a case.
  private mutating func groupEvents(_ output: SourceOutput) {
    var starts = [Int32](repeating: 0, count: output.caseIds.count + 1)
    for c in output.eventCases { starts[Int(c) + 1] += 1 }
    for k in 0..<output.caseIds.count { starts[k + 1] += starts[k] }
    var next = starts
    var order = [Int32](repeating: 0, count: output.eventCount)
    for (e, c) in output.eventCases.enumerated() {
      order[Int(next[Int(c)])] = Int32(e)
      next[Int(c)] += 1
    }
    eventStarts.append(starts)
    eventOrder.append(order)
  }

  private mutating func addCase(
    _ id: String, type: Int32, contributions: some Collection<(output: Int32, slot: Int32)>,
    into builder: inout CaseTableBuilder
  ) {
    let width = schema.names.count
    fields.removeAll(keepingCapacity: true)
    fields.append(contentsOf: repeatElement(.null, count: width))
    rows.removeAll(keepingCapacity: true)
    gathered.removeAll(keepingCapacity: true)
    var source: SourceLocation?
    var fromRecords = false
    for (o, k) in contributions {
      let output = outputs[Int(o)]
      let first = output.firstSources[Int(k)]
      if output.kind == .records {
        let map = fieldMaps[Int(o)]
        let pool = pools[Int(o)]
        for r in Int(output.recordStarts[Int(k)])..<Int(output.recordStarts[Int(k) + 1]) {
          let slot = Int(map[Int(output.recordSlots[r])])
          if fields[slot].isNull { fields[slot] = output.recordValues[r].remapped(pool) }
        }
        source = first
        fromRecords = true
        gatherRecordEvents(output: o, case: k)
      } else {
        if !fromRecords { source = source.map { min($0, first) } ?? first }
        gatherEvents(output: o, case: k, id: id, builder: &builder)
      }
    }
    if contributions.count > 1 {
      gathered.sort { ($0.time, $0.file, $0.line) < ($1.time, $1.file, $1.line) }
    }
    builder.addCase(
      id: id, type: type, source: source ?? SourceLocation(file: 0, line: 0), fields: fields)
    for event in gathered {
      let output = outputs[Int(event.output)]
      let pool = pools[Int(event.output)]
      let e = Int(event.event)
      attributes.removeAll(keepingCapacity: true)
      if event.row >= 0 {
        let map = fieldMaps[Int(event.output)]
        for (a, field) in output.attributeFields.enumerated() where field >= 0 {
          let slot = map[Int(field)]
          let value = rows[Int(event.row) + a].remapped(pool)
          if value != fields[Int(slot)] { attributes.append((slot, value)) }
        }
      }
      let resource = output.eventResources[e]
      builder.addEvent(
        activity: pool[Int(output.eventActivities[e])], time: event.time,
        resource: resource < 0 ? -1 : pool[Int(resource)],
        source: SourceLocation(file: event.file, line: event.line),
        attributes: attributes)
    }
  }

  /// Events made from a records row's timestamp columns: no attributes of their own.
  private mutating func gatherRecordEvents(output o: Int32, case k: Int32) {
    let output = outputs[Int(o)]
    let start = gathered.count
    for position in Int(eventStarts[Int(o)][Int(k)])..<Int(eventStarts[Int(o)][Int(k) + 1]) {
      let e = eventOrder[Int(o)][position]
      gathered.append(
        GatheredEvent(
          output: o, event: e, time: output.eventTimes[Int(e)], file: output.fileIndex,
          line: output.eventLines[Int(e)], row: -1))
    }
    sortGathered(from: start)
  }

  /// An events source's events of one case: rebuilds each event's attributes (replaying the
  /// changes in file order) and fills the case's empty fields with the latest non-null values.
  private mutating func gatherEvents(
    output o: Int32, case k: Int32, id: String, builder: inout CaseTableBuilder
  ) {
    let output = outputs[Int(o)]
    let width = output.attributeFields.count
    let start = gathered.count
    var current = [StoredValue](repeating: .null, count: width)
    for position in Int(eventStarts[Int(o)][Int(k)])..<Int(eventStarts[Int(o)][Int(k) + 1]) {
      let e = Int(eventOrder[Int(o)][position])
      for c in Int(output.changeStarts[e])..<Int(output.changeStarts[e + 1]) {
        let a = Int(output.changeAttributes[c])
        if a < width { current[a] = output.changeValues[c] }
      }
      gathered.append(
        GatheredEvent(
          output: o, event: Int32(e), time: output.eventTimes[e], file: output.fileIndex,
          line: output.eventLines[e], row: Int32(rows.count)))
      rows.append(contentsOf: current)
    }
    sortGathered(from: start)
    // The case's fields from this source: per field, the latest non-null value.
    let map = fieldMaps[Int(o)]
    let pool = pools[Int(o)]
    if output.caseIdField >= 0 {
      let slot = Int(map[Int(output.caseIdField)])
      if fields[slot].isNull { fields[slot] = .string(builder.intern(id)) }
    }
    for event in gathered[start...].reversed() {
      if output.resourceField >= 0 {
        let slot = Int(map[Int(output.resourceField)])
        let resource = output.eventResources[Int(event.event)]
        if fields[slot].isNull && resource >= 0 { fields[slot] = .string(pool[Int(resource)]) }
      }
      for (a, field) in output.attributeFields.enumerated() where field >= 0 {
        let slot = Int(map[Int(field)])
        if fields[slot].isNull {
          let value = rows[Int(event.row) + a]
          if !value.isNull { fields[slot] = value.remapped(pool) }
        }
      }
    }
  }

  private mutating func sortGathered(from start: Int) {
    guard gathered.count - start > 1 else { return }
    var sorted = true
    for k in (start + 1)..<gathered.count
    where (gathered[k].time, gathered[k].line) < (gathered[k - 1].time, gathered[k - 1].line) {
      sorted = false
      break
    }
    if !sorted { gathered[start...].sort { ($0.time, $0.line) < ($1.time, $1.line) } }
  }
}
