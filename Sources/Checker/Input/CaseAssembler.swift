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
  /// `workers` threads join the files' pools, order and assemble ranges of cases (the output
  /// does not depend on how many, nor on how the cases are cut into ranges: `minimumChunk` is
  /// the fewest cases a range holds).
  /// The outputs are used up (each file's memory goes as its cases are built).
  static func assemble(
    _ outputs: inout [SourceOutput], workers: Int = 1, minimumChunk: Int = 10_000
  ) -> CaseTable {
    var joined = joinPools(outputs, workers: workers)
    return assemble(&outputs, joined: &joined, workers: workers, minimumChunk: minimumChunk)
  }

  /// The outputs' pools joined into a table builder's, and each output's pool ids → the table's:
  /// the first step of `assemble`, apart so that `repeatedCaseIds` can look at the ids first.
  static func joinPools(_ outputs: [SourceOutput], workers: Int) -> JoinedPools {
    var builder = CaseTableBuilder()
    // Look-ups on all workers.
    let pools = builder.merge(outputs.map(\.pool), workers: workers)
    return JoinedPools(builder: builder, pools: pools)
  }

  /// `assemble` once the pools are joined (`joinPools` of these outputs).
  static func assemble(
    _ outputs: inout [SourceOutput], joined: inout JoinedPools, workers: Int = 1, minimumChunk: Int = 10_000
  ) -> CaseTable {
    var builder = joined.builder
    var pools = joined.pools
    joined = JoinedPools(builder: CaseTableBuilder(), pools: [])
    freePools(&outputs, workers: workers)
    builder.finishPool()
    var typeOrder: [String] = []
    var byType: [String: [Int]] = [:]
    for (k, output) in outputs.enumerated() {
      if byType[output.recordType] == nil { typeOrder.append(output.recordType) }
      byType[output.recordType, default: []].append(k)
    }
    // Every type's cases are counted and ordered first, so the table is allocated once at its
    // final size and each type's cases are built straight into their places.
    var types: [TypeAssembler] = []
    for recordType in typeOrder.sorted(by: NaturalOrder.less) {
      let members = byType[recordType] ?? []
      // Records sources first: their fields win, events sources only fill gaps.
      let ordered =
        members.filter { outputs[$0].kind == .records } + members.filter { outputs[$0].kind == .events }
      // The assembler takes the files over, so each file's events go once they are gathered.
      let files = ordered.map { outputs[$0] }
      for k in ordered { outputs[k] = SourceOutput(fileIndex: 0, recordType: "", kind: .records) }
      types.append(
        TypeAssembler(
          recordType: recordType, outputs: files, pools: ordered.map { pools[$0] }, builder: &builder,
          workers: workers, minimumChunk: minimumChunk))
    }
    pools = []
    // Allocated at their final size, then filled in place: once every type's cases are counted
    // and gathered, each case's and each event's position is known, so the workers building
    // ranges of cases write straight into the table's columns, at disjoint positions (only the
    // events' own attributes, whose number is known once built, are built per range and joined
    // at the end). Pages nobody has written yet take no memory, so the table grows while the
    // gathered events, released as they are read, shrink.
    var columns = CaseColumns(
      cases: types.reduce(0) { $0 + $1.caseCount }, events: types.reduce(0) { $0 + $1.eventCount },
      cells: types.reduce(0) { $0 + $1.caseCount * $1.width })
    var caseIDs: [String] = []
    caseIDs.reserveCapacity(columns.caseTypes.count)
    var offsets = TableOffsets(cases: 0, events: 0, cells: 0)
    var attributes: [AttributeRun] = []
    for t in types.indices {
      types[t].gatherEvents(workers: workers)
      attributes += types[t].build(into: columns, at: offsets, workers: workers, minimumChunk: minimumChunk)
      caseIDs += types[t].caseIDs
      offsets.cases += types[t].caseCount
      offsets.events += types[t].eventCount
      offsets.cells += types[t].caseCount * types[t].width
      types[t] = TypeAssembler()
    }
    columns.joinAttributes(consume attributes, workers: workers)
    return CaseTable(
      strings: builder.strings, recordTypes: builder.recordTypes, schemas: builder.schemas, caseIDs: caseIDs,
      columns: columns)
  }
}

/// A table builder holding the outputs' joined pools, and each output's pool ids → its own.
struct JoinedPools {
  var builder: CaseTableBuilder
  var pools: [[Int32]]
}

extension CaseAssembler {
  /// The files whose records are read in several parts (outputs of one file index) and give one
  /// case id in two parts. Each part rejects the case ids it repeats itself, but not one an
  /// earlier part has: read in one piece, such a file rejects that row (the first row wins).
  /// One pass over the parts' case ids, each a bit by its text in the joined pool.
  static func repeatedCaseIds(_ outputs: [SourceOutput], joined: JoinedPools) -> Set<Int32> {
    var partCounts: [Int32: Int] = [:]
    for output in outputs where output.kind == .records { partCounts[output.fileIndex, default: 0] += 1 }
    var repeated: Set<Int32> = []
    var seen: [UInt64] = []
    var file: Int32 = -1
    for (o, output) in outputs.enumerated()
    where output.kind == .records && partCounts[output.fileIndex, default: 0] > 1
      && !repeated.contains(output.fileIndex)
    {
      if output.fileIndex != file {
        // Parts of a file come one after another.
        file = output.fileIndex
        seen = [UInt64](repeating: 0, count: (joined.builder.strings.count + 63) / 64)
      }
      // Buffers lent for this pass only (no reference count per id); nothing is kept.
      let found = seen.withUnsafeMutableBufferPointer { seen in
        joined.pools[o].withUnsafeBufferPointer { pool in
          output.caseIdTexts.withUnsafeBufferPointer { texts in
            for text in texts {
              let id = Int(pool[Int(text)])
              let bit: UInt64 = 1 << (id & 63)
              if seen[id >> 6] & bit != 0 { return true }
              seen[id >> 6] |= bit
            }
            return false
          }
        }
      }
      if found { repeated.insert(output.fileIndex) }
    }
    return repeated
  }

  /// Frees the outputs' pools (joined into the table's by now) side by side on `workers`
  /// threads: freeing one releases each of its strings and hands back its table and bytes,
  /// milliseconds each that the other workers would wait for.
  fileprivate static func freePools(_ outputs: inout [SourceOutput], workers: Int) {
    let held = outputs.map { HeldPool($0.pool) }
    for k in outputs.indices { outputs[k].pool = StringInterner() }
    Parallel.run(held.count, workers: workers) { held[$0].pool = StringInterner() }
  }
}

/// A pool handed to the worker that frees it (each worker changes only its own).
private final class HeldPool: @unchecked Sendable {
  var pool: StringInterner
  init(_ pool: StringInterner) { self.pool = pool }
}

/// Where a record type's cases, events and field cells start in the table.
struct TableOffsets: Sendable {
  var cases: Int
  var events: Int
  var cells: Int
}
