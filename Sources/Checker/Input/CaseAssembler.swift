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
        // The assembler takes the files over, so each file's events go once they are gathered.
        let files = ordered.map { outputs[$0] }
        for k in ordered { outputs[k] = SourceOutput(fileIndex: 0, recordType: "", kind: .records) }
        var assembler = TypeAssembler(
          recordType: recordType, outputs: files, pools: ordered.map { pools[$0] })
        parts = assembler.run(into: &builder, workers: workers, minimumChunk: minimumChunk)
      }
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
  /// Every event of the type, grouped by case in final case order (a case's run holds its
  /// contributions' events in output order, each in file order), and where each case's run starts
  /// (by position in the final order). Events files are sorted by time, not by case: gathered
  /// once in one pass over each file, a case's events are then read in order, not at random.
  private var events: [GatheredSource] = []
  private var caseEventStarts: [Int32] = []
  /// The events' attribute changes in the order of `events`.
  private var changes: [SourceChange] = []

  // Scratch, reused from case to case.
  private var fields: [StoredValue] = []
  private var rows: [StoredValue] = []
  private var gathered: [GatheredEvent] = []
  private var attributes: [(slot: Int32, value: StoredValue)] = []
  private var current: [StoredValue] = []
  private var doneFiles: [Int32] = []
  /// Per output: each event attribute's field slot here (-1: none).
  private var attributeSlots: [[Int32]] = []
  /// Per output, what building a case asks of it for every event: read from this small table,
  /// not through the `SourceOutput`, whose copy would retain and release each of its arrays.
  private var infos: [OutputInfo] = []

  private struct OutputInfo {
    var isEvents: Bool
    var fileIndex: Int32
    /// Attributes an event of the output has.
    var width: Int
    /// Field slots here filled from the case id and from each event's resource (-1: none).
    var caseIdSlot: Int32
    var resourceSlot: Int32
  }

  /// One event with its pool ids translated to the table's.
  fileprivate struct GatheredSource {
    var time: Int64
    var line: Int32
    var activity: Int32
    /// -1 when none.
    var resource: Int32
    var output: Int32
    /// The event's changes: `changes[changeStart..<changeEnd]`.
    var changeStart: Int32
    var changeEnd: Int32
  }

  private struct GatheredEvent {
    var output: Int32
    /// Position in `events`.
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
    for (o, output) in outputs.enumerated() {
      attributeSlots.append(output.attributeFields.map { $0 >= 0 ? fieldMaps[o][Int($0)] : -1 })
      infos.append(
        OutputInfo(
          isEvents: output.kind == .events, fileIndex: output.fileIndex, width: output.attributeFields.count,
          caseIdSlot: output.caseIdField >= 0 ? fieldMaps[o][Int(output.caseIdField)] : -1,
          resourceSlot: output.resourceField >= 0 ? fieldMaps[o][Int(output.resourceField)] : -1))
    }

    // Case ids across outputs; one output's ids are already distinct.
    var ids: [String] = []
    // Per case, (output, slot) pairs in output order: case g's are
    // `contributions[contributionStarts[g]..<contributionStarts[g + 1]]`.
    var contributions: [(output: Int32, slot: Int32)] = []
    var contributionStarts: [Int32] = []
    // Per output: its case slots → cases here (empty for a single output: the identity).
    var owners: [[Int32]] = []
    if outputs.count == 1 {
      ids = outputs[0].caseIds
    } else {
      // Equal ids have equal texts in the table's pool: look cases up by text id, not by hashing.
      var caseOfText = [Int32](repeating: -1, count: builder.strings.count)
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
    gatherEvents(order: order, owners: owners, workers: workers)
    // Ranges of cases are filled on `workers` threads into builders appended in order.
    let chunks = max(1, min(workers, order.count / max(1, minimumChunk)))
    let results = ConcurrentResults<CaseTableBuilder>(count: chunks)
    let shared = UncheckedSendable((self, contributions, contributionStarts, ids, order))
    Parallel.run(chunks, workers: chunks) { chunk in
      var (assembler, contributions, contributionStarts, ids, order) = shared.value
      var part = CaseTableBuilder()
      let lower = order.count * chunk / chunks
      let upper = order.count * (chunk + 1) / chunks
      let events = assembler.events.count
      let width = assembler.schema.names.count
      part.reserve(
        cases: upper - lower, events: events / chunks + events / (8 * chunks), cells: (upper - lower) * width)
      // Outputs are read through a buffer: copying a `SourceOutput` retains each of its arrays.
      assembler.outputs.withUnsafeBufferPointer { sources in
        for r in lower..<upper {
          let g = order[r]
          if sources.count == 1 {
            assembler.addCase(
              ids[g], rank: r, type: type, contributions: CollectionOfOne((0, Int32(g))), sources, into: &part
            )
          } else {
            let range = Int(contributionStarts[g])..<Int(contributionStarts[g + 1])
            assembler.addCase(
              ids[g], rank: r, type: type, contributions: contributions[range], sources, into: &part)
          }
          // The gathered events of built cases are not read again: their pages go back as the
          // range is built, so the table grows while they shrink. (From the range's start each
          // time: a page straddling the last end goes once wholly read.)
          if (r - lower) % 2048 == 2047 || r == upper - 1 {
            assembler.releaseGathered(ranks: lower..<(r + 1))
          }
        }
      }
      contributions = []
      results.set(chunk, part)
    }
    return (0..<chunks).compactMap { results.take($0) }
  }

  /// Counting sort of every output's events by case (in final case order), keeping output then
  /// file order within a case. Where each output's events of a case go (after that case's events
  /// from earlier outputs) is known before any event moves, so the outputs (e.g. the parts of one
  /// large file) are gathered side by side on `workers` threads, into disjoint positions.
  private mutating func gatherEvents(order: [Int], owners: [[Int32]], workers: Int) {
    let caseCount = order.count
    var rank = [Int32](repeating: 0, count: caseCount)
    for (r, g) in order.enumerated() { rank[g] = Int32(r) }
    // Per output slot: the rank of its case.
    var slotRanks: [[Int32]] = []
    for o in outputs.indices {
      let slots = outputs[o].caseIds.count
      slotRanks.append(
        owners.isEmpty ? rank : (0..<slots).map { rank[Int(owners[o][$0])] })
    }
    // Per output, per case rank: first its event count, then where its first event goes.
    var firsts = [[Int32]](repeating: [], count: outputs.count)
    for o in outputs.indices {
      var counts = [Int32](repeating: 0, count: caseCount)
      slotRanks[o].withUnsafeBufferPointer { ranks in
        for c in outputs[o].eventCases { counts[Int(ranks[Int(c)])] += 1 }
      }
      firsts[o] = counts
    }
    var starts = [Int32](repeating: 0, count: caseCount + 1)
    for r in 0..<caseCount {
      var position = starts[r]
      for o in outputs.indices {
        let count = firsts[o][r]
        firsts[o][r] = position
        position += count
      }
      starts[r + 1] = position
    }
    let total = Int(starts[caseCount])
    events = [GatheredSource](
      unsafeUninitializedCapacity: total,
      initializingWith: { buffer, initialized in
        buffer.initialize(
          repeating: GatheredSource(
            time: 0, line: 0, activity: 0, resource: -1, output: 0, changeStart: 0, changeEnd: 0))
        initialized = total
      })
    // Per output: each event's position in `events`, so that its changes can follow it.
    let placedResults = ConcurrentResults<[Int32]>(count: outputs.count)
    events.withUnsafeMutableBufferPointer { gathered in
      let shared = UncheckedSendable((outputs, pools, slotRanks, firsts, gathered))
      Parallel.run(outputs.count, workers: workers) { o in
        let (outputs, pools, slotRanks, firsts, gathered) = shared.value
        let output = outputs[o]
        let count = output.events.count
        var next = firsts[o]
        var placed = [Int32](repeating: 0, count: count)
        slotRanks[o].withUnsafeBufferPointer { ranks in
          output.events.withUnsafeBufferPointer { sourceEvents in
            output.eventCases.withUnsafeBufferPointer { eventCases in
              pools[o].withUnsafeBufferPointer { pool in
                for e in 0..<count {
                  let r = Int(ranks[Int(eventCases[e])])
                  let position = Int(next[r])
                  next[r] += 1
                  placed[e] = Int32(position)
                  let source = sourceEvents[e]
                  gathered[position] = GatheredSource(
                    time: source.time, line: source.line, activity: pool[Int(source.activity)],
                    resource: source.resource < 0 ? -1 : pool[Int(source.resource)], output: Int32(o),
                    changeStart: 0,
                    changeEnd: (e + 1 < count
                      ? sourceEvents[e + 1].changeStart : Int32(output.changes.count))
                      - source.changeStart)
                }
              }
            }
          }
        }
        placedResults.set(o, placed)
      }
      // Where each event's changes go, in gathered order.
      var offset: Int32 = 0
      for p in gathered.indices {
        let count = gathered[p].changeEnd
        gathered[p].changeStart = offset
        offset += count
        gathered[p].changeEnd = offset
      }
    }
    firsts = []
    let positions = (0..<outputs.count).map { placedResults.take($0) ?? [] }
    var changeCount = 0
    for o in outputs.indices {
      changeCount += outputs[o].changes.count
      outputs[o].events = []
      outputs[o].eventCases = []
    }
    // The changes follow their events; an output's changes are in the order of its events, and
    // its events' changes land in disjoint runs, so outputs are copied side by side too.
    changes = [SourceChange](
      unsafeUninitializedCapacity: changeCount,
      initializingWith: { buffer, initialized in
        events.withUnsafeBufferPointer { gathered in
          let shared = UncheckedSendable((outputs, positions, gathered, buffer))
          Parallel.run(outputs.count, workers: workers) { o in
            let (outputs, positions, gathered, buffer) = shared.value
            outputs[o].changes.withUnsafeBufferPointer { sourceChanges in
              var from = 0
              for position in positions[o] {
                let target = gathered[Int(position)]
                let count = Int(target.changeEnd - target.changeStart)
                if count > 0, let source = sourceChanges.baseAddress, let destination = buffer.baseAddress {
                  (destination + Int(target.changeStart)).initialize(from: source + from, count: count)
                }
                from += count
              }
            }
          }
        }
        initialized = changeCount
      })
    for o in outputs.indices { outputs[o].changes = [] }
    caseEventStarts = starts
  }

  private mutating func addCase(
    _ id: String, rank: Int, type: Int32, contributions: some Collection<(output: Int32, slot: Int32)>,
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
      if !infos[Int(o)].isEvents {
        fillFromRecord(sources, output: Int(o), case: Int(k))
        source = first
        fromRecords = true
      } else if !fromRecords {
        source = source.map { min($0, first) } ?? first
      }
      if infos[Int(o)].isEvents { eventSources += 1 }
    }
    gather(sources, rank: rank)
    if !isSorted(gathered) {
      gathered.sort { ($0.time, $0.file, $0.line) < ($1.time, $1.file, $1.line) }
    }
    if eventSources > 0 { fillFromEvents(sources, contributions: contributions) }
    builder.addCase(id: id, type: type, source: source ?? SourceLocation(file: 0, line: 0), fields: fields)
    for event in gathered {
      let o = Int(event.output)
      attributes.removeAll(keepingCapacity: true)
      if event.row >= 0 {
        // Subscripts, not local copies: a copied array costs a retain and a release an event.
        for a in attributeSlots[o].indices where attributeSlots[o][a] >= 0 {
          let slot = attributeSlots[o][a]
          let value = rows[Int(event.row) + a].remapped(pools[o])
          if value != fields[Int(slot)] { attributes.append((slot, value)) }
        }
      }
      let source = events[Int(event.event)]
      builder.addEvent(
        activity: source.activity, time: event.time, resource: source.resource,
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

  /// Hands back the pages of the gathered events and changes of cases `ranks`.
  func releaseGathered(ranks: Range<Int>) {
    let first = Int(caseEventStarts[ranks.lowerBound])
    let end = Int(caseEventStarts[ranks.upperBound])
    guard end > first else { return }
    events.withUnsafeBufferPointer { events in
      MemoryPages.release(
        UnsafeRawBufferPointer(
          rebasing: UnsafeRawBufferPointer(events)[
            (first * MemoryLayout<GatheredSource>.stride)..<(end * MemoryLayout<GatheredSource>.stride)]))
      let changeStart = Int(events[first].changeStart)
      let changeEnd = Int(events[end - 1].changeEnd)
      changes.withUnsafeBufferPointer { changes in
        MemoryPages.release(
          UnsafeRawBufferPointer(
            rebasing: UnsafeRawBufferPointer(changes)[
              (changeStart * MemoryLayout<SourceChange>.stride)..<(changeEnd
                * MemoryLayout<SourceChange>.stride)]))
      }
    }
  }

  /// Adds the case's gathered events; for events sources, rebuilds each event's attributes by
  /// replaying its output's changes in file order.
  private mutating func gather(_ sources: UnsafeBufferPointer<SourceOutput>, rank: Int) {
    var output = -1
    var isEvents = false
    var width = 0
    for position in Int(caseEventStarts[rank])..<Int(caseEventStarts[rank + 1]) {
      let source = events[position]
      let o = Int(source.output)
      if o != output {
        // The next output's run: its changes start from nothing.
        output = o
        isEvents = infos[o].isEvents
        width = infos[o].width
        if current.count < width { current = [StoredValue](repeating: .null, count: width) }
        for a in 0..<width { current[a] = .null }
      }
      var row: Int32 = -1
      if isEvents {
        for c in Int(source.changeStart)..<Int(source.changeEnd) {
          let change = changes[c]
          if change.attribute < width { current[change.attribute] = change.value }
        }
        row = Int32(rows.count)
        rows.append(contentsOf: current[0..<width])
      }
      gathered.append(
        GatheredEvent(
          output: Int32(o), event: Int32(position), time: source.time, file: infos[o].fileIndex,
          line: source.line, row: row))
    }
  }

  /// Per events file, in order: the latest non-null value of each attribute (and the case id
  /// and resource) fills the case's empty fields.
  private mutating func fillFromEvents(
    _ sources: UnsafeBufferPointer<SourceOutput>, contributions: some Collection<(output: Int32, slot: Int32)>
  ) {
    // Once every field has a value nothing more can change: most cases stop at their last event.
    var empty = 0
    for value in fields where value.isNull { empty += 1 }
    doneFiles.removeAll(keepingCapacity: true)
    for (o, k) in contributions where infos[Int(o)].isEvents {
      if empty == 0 { return }
      let file = infos[Int(o)].fileIndex
      if doneFiles.contains(file) { continue }
      doneFiles.append(file)
      // Parts of one file (read in parallel) share the case id and the latest values.
      if infos[Int(o)].caseIdSlot >= 0 {
        let slot = Int(infos[Int(o)].caseIdSlot)
        if fields[slot].isNull {
          fields[slot] = .string(pools[Int(o)][Int(sources[Int(o)].caseIdTexts[Int(k)])])
          empty -= 1
        }
      }
      for event in gathered.reversed() where event.file == file && event.row >= 0 {
        if empty == 0 { return }
        let eo = Int(event.output)
        if infos[eo].resourceSlot >= 0 {
          let slot = Int(infos[eo].resourceSlot)
          let resource = events[Int(event.event)].resource
          if fields[slot].isNull && resource >= 0 {
            fields[slot] = .string(resource)
            empty -= 1
          }
        }
        for a in attributeSlots[eo].indices where attributeSlots[eo][a] >= 0 {
          let slot = Int(attributeSlots[eo][a])
          if fields[slot].isNull {
            let value = rows[Int(event.row) + a]
            if !value.isNull {
              fields[slot] = value.remapped(pools[eo])
              empty -= 1
            }
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
