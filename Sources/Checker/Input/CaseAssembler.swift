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
    var builder = CaseTableBuilder()
    // The files' pools join the table's (look-ups on all workers); each file's pool ids → the table's.
    var pools = builder.merge(outputs.map(\.pool), workers: workers)
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
    var storage = CaseTableStorage(
      cases: types.reduce(0) { $0 + $1.caseCount }, events: types.reduce(0) { $0 + $1.eventCount },
      cells: types.reduce(0) { $0 + $1.caseCount * $1.width })
    var offsets = TableOffsets(cases: 0, events: 0, cells: 0)
    var attributes: [AttributeRun] = []
    for t in types.indices {
      types[t].gatherEvents(workers: workers)
      attributes += types[t].build(
        into: storage.columns, at: offsets, workers: workers, minimumChunk: minimumChunk)
      offsets.cases += types[t].caseCount
      offsets.events += types[t].eventCount
      offsets.cells += types[t].caseCount * types[t].width
      types[t] = TypeAssembler()
    }
    storage.joinAttributes(attributes, workers: workers)
    return storage.build(strings: builder.strings, recordTypes: builder.recordTypes, schemas: builder.schemas)
  }
}

extension CaseAssembler {
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
