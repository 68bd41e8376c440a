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
  /// `workers` threads assemble ranges of cases (the output does not depend on how many).
  /// The outputs' pools are used up (each file's look-up table goes once merged).
  static func assemble(
    _ outputs: inout [SourceOutput], workers: Int = 1, minimumChunk: Int = 10_000
  ) -> CaseTable {
    var builder = CaseTableBuilder()
    var pools: [[Int32]] = []
    for k in outputs.indices {
      pools.append(builder.merge(outputs[k].pool))
      outputs[k].pool = StringInterner()
    }
    builder.finishPool()
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
      var parts: [CaseTableBuilder]
      do {
        var assembler = TypeAssembler(
          recordType: recordType, outputs: ordered.map { outputs[$0] }, pools: ordered.map { pools[$0] })
        parts = assembler.run(into: &builder, workers: workers, minimumChunk: minimumChunk)
      }
      // This type's files are done with: let their columns go before the ranges are joined.
      for k in ordered { outputs[k] = SourceOutput(fileIndex: 0, recordType: "", kind: .records) }
      // The first range is taken over (no copy); the others are appended one at a time and freed.
      for k in parts.indices {
        builder.append(parts[k])
        parts[k] = CaseTableBuilder()
      }
    }
    return builder.build()
  }
}

/// The cases of one record type.
private struct TypeAssembler {
  let recordType: String
  var outputs: [SourceOutput]
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
  private var current: [StoredValue] = []

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

  /// Registers the type and builds its cases in ranges (on `workers` threads), returned in order.
  mutating func run(into builder: inout CaseTableBuilder, workers: Int, minimumChunk: Int)
    -> [CaseTableBuilder]
  {
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
    // Per case, (output, slot) pairs in output order: case g's are
    // `contributions[contributionStarts[g]..<contributionStarts[g + 1]]`.
    var contributions: [(output: Int32, slot: Int32)] = []
    var contributionStarts: [Int32] = []
    if outputs.count == 1 {
      ids = outputs[0].caseIds
    } else {
      // Equal ids have equal texts in the table's pool: look cases up by text id, not by hashing.
      var caseOfText = [Int32](repeating: -1, count: builder.strings.count)
      var owners: [[Int32]] = []
      for (o, output) in outputs.enumerated() {
        owners.append(
          output.caseIdTexts.indices.map { k in
            let text = Int(pools[o][Int(output.caseIdTexts[k])])
            if caseOfText[text] >= 0 { return caseOfText[text] }
            let g = Int32(ids.count)
            caseOfText[text] = g
            ids.append(output.caseIds[k])
            return g
          })
      }
      contributionStarts = [Int32](repeating: 0, count: ids.count + 1)
      for list in owners { for g in list { contributionStarts[Int(g) + 1] += 1 } }
      for g in 0..<ids.count { contributionStarts[g + 1] += contributionStarts[g] }
      var next = contributionStarts
      contributions = Array(repeating: (0, 0), count: Int(contributionStarts[ids.count]))
      for (o, list) in owners.enumerated() {
        for (k, g) in list.enumerated() {
          contributions[Int(next[Int(g)])] = (Int32(o), Int32(k))
          next[Int(g)] += 1
        }
      }
    }
    let order = NaturalOrder.sortedIndices(ids)
    // Ranges of cases are filled on `workers` threads into builders appended in order.
    let chunks = max(1, min(workers, order.count / max(1, minimumChunk)))
    let results = ConcurrentResults<CaseTableBuilder>(count: chunks)
    let shared = UncheckedSendable((self, contributions, contributionStarts, ids, order))
    Parallel.run(chunks, workers: chunks) { chunk in
      var (assembler, contributions, contributionStarts, ids, order) = shared.value
      var part = CaseTableBuilder()
      let lower = order.count * chunk / chunks
      let upper = order.count * (chunk + 1) / chunks
      let events = assembler.outputs.reduce(0) { $0 + $1.eventCount }
      let width = assembler.schema.names.count
      part.reserve(
        cases: upper - lower, events: events / chunks + events / (8 * chunks), cells: (upper - lower) * width)
      // Outputs are read through a buffer: copying a `SourceOutput` retains each of its arrays.
      assembler.outputs.withUnsafeBufferPointer { sources in
        for g in order[lower..<upper] {
          if sources.count == 1 {
            assembler.addCase(
              ids[g], type: type, contributions: CollectionOfOne((0, Int32(g))), sources, into: &part)
          } else {
            let range = Int(contributionStarts[g])..<Int(contributionStarts[g + 1])
            assembler.addCase(ids[g], type: type, contributions: contributions[range], sources, into: &part)
          }
        }
      }
      contributions = []
      results.set(chunk, part)
    }
    return (0..<chunks).compactMap { results.take($0) }
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
    _ sources: UnsafeBufferPointer<SourceOutput>, into builder: inout CaseTableBuilder
  ) {
    let width = schema.names.count
    fields.removeAll(keepingCapacity: true)
    fields.append(contentsOf: repeatElement(.null, count: width))
    rows.removeAll(keepingCapacity: true)
    gathered.removeAll(keepingCapacity: true)
    var source: SourceLocation?
    var fromRecords = false
    var eventSources = 0
    for (o, k) in contributions {
      let first = sources[Int(o)].firstSources[Int(k)]
      if sources[Int(o)].kind == .records {
        fillFromRecord(sources, output: Int(o), case: Int(k))
        source = first
        fromRecords = true
      } else if !fromRecords {
        source = source.map { min($0, first) } ?? first
      }
      gather(sources, output: Int(o), case: Int(k))
      if sources[Int(o)].kind == .events { eventSources += 1 }
    }
    if !isSorted(gathered) {
      gathered.sort { ($0.time, $0.file, $0.line) < ($1.time, $1.file, $1.line) }
    }
    if eventSources > 0 { fillFromEvents(sources, contributions: contributions) }
    builder.addCase(id: id, type: type, source: source ?? SourceLocation(file: 0, line: 0), fields: fields)
    for event in gathered {
      let o = Int(event.output)
      let e = Int(event.event)
      let pool = pools[o]
      attributes.removeAll(keepingCapacity: true)
      if event.row >= 0 {
        let map = fieldMaps[o]
        for (a, field) in sources[o].attributeFields.enumerated() where field >= 0 {
          let slot = map[Int(field)]
          let value = rows[Int(event.row) + a].remapped(pool)
          if value != fields[Int(slot)] { attributes.append((slot, value)) }
        }
      }
      let resource = sources[o].events[e].resource
      builder.addEvent(
        activity: pool[Int(sources[o].events[e].activity)], time: event.time,
        resource: resource < 0 ? -1 : pool[Int(resource)],
        source: SourceLocation(file: event.file, line: event.line),
        attributes: attributes)
    }
  }

  /// A records row's non-null values fill the case's empty fields.
  private mutating func fillFromRecord(
    _ sources: UnsafeBufferPointer<SourceOutput>, output o: Int, case k: Int
  ) {
    let map = fieldMaps[o]
    let pool = pools[o]
    for r in Int(sources[o].recordStarts[k])..<Int(sources[o].recordStarts[k + 1]) {
      let slot = Int(map[Int(sources[o].recordSlots[r])])
      if fields[slot].isNull { fields[slot] = sources[o].recordValues[r].remapped(pool) }
    }
  }

  /// Adds one output's events of a case; for events sources, rebuilds each event's attributes by
  /// replaying the changes in file order.
  private mutating func gather(_ sources: UnsafeBufferPointer<SourceOutput>, output o: Int, case k: Int) {
    let isEvents = sources[o].kind == .events
    let width = sources[o].attributeFields.count
    if current.count < width { current = [StoredValue](repeating: .null, count: width) }
    for a in 0..<width { current[a] = .null }
    for position in Int(eventStarts[o][k])..<Int(eventStarts[o][k + 1]) {
      let e = Int(eventOrder[o][position])
      var row: Int32 = -1
      let source = sources[o].events[e]
      if isEvents {
        for c in Int(source.changeStart)..<sources[o].changeEnd(e) {
          let change = sources[o].changes[c]
          if change.attribute < width { current[change.attribute] = change.value }
        }
        row = Int32(rows.count)
        rows.append(contentsOf: current[0..<width])
      }
      gathered.append(
        GatheredEvent(
          output: Int32(o), event: Int32(e), time: source.time, file: sources[o].fileIndex,
          line: source.line, row: row))
    }
  }

  /// Per events file, in order: the latest non-null value of each attribute (and the case id
  /// and resource) fills the case's empty fields.
  private mutating func fillFromEvents(
    _ sources: UnsafeBufferPointer<SourceOutput>, contributions: some Collection<(output: Int32, slot: Int32)>
  ) {
    var done: [Int32] = []
    for (o, k) in contributions where sources[Int(o)].kind == .events {
      let file = sources[Int(o)].fileIndex
      if done.contains(file) { continue }
      done.append(file)
      // Parts of one file (read in parallel) share the case id and the latest values.
      let map = fieldMaps[Int(o)]
      if sources[Int(o)].caseIdField >= 0 {
        let slot = Int(map[Int(sources[Int(o)].caseIdField)])
        if fields[slot].isNull {
          fields[slot] = .string(pools[Int(o)][Int(sources[Int(o)].caseIdTexts[Int(k)])])
        }
      }
      for event in gathered.reversed() where event.file == file && event.row >= 0 {
        let eo = Int(event.output)
        let pool = pools[eo]
        let eventMap = fieldMaps[eo]
        if sources[eo].resourceField >= 0 {
          let slot = Int(eventMap[Int(sources[eo].resourceField)])
          let resource = sources[eo].events[Int(event.event)].resource
          if fields[slot].isNull && resource >= 0 { fields[slot] = .string(pool[Int(resource)]) }
        }
        for (a, field) in sources[eo].attributeFields.enumerated() where field >= 0 {
          let slot = Int(eventMap[Int(field)])
          if fields[slot].isNull {
            let value = rows[Int(event.row) + a]
            if !value.isNull { fields[slot] = value.remapped(pool) }
          }
        }
      }
    }
  }

  private func isSorted(_ events: [GatheredEvent]) -> Bool {
    guard events.count > 1 else { return true }
    for k in 1..<events.count
    where (events[k].time, events[k].file, events[k].line) < (
      events[k - 1].time, events[k - 1].file, events[k - 1].line
    ) {
      return false
    }
    return true
  }
}
