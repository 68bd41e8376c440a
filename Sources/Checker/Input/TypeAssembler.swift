import PolicyRules

/// The cases of one record type: their schema, ids in final order and the files giving each;
/// then every event gathered by case; then the cases built, in ranges on all workers, straight
/// into their places in the table (`CaseWorker`).
struct TypeAssembler {
  private(set) var type: Int32 = 0
  /// Fields a case of the type has.
  private(set) var width = 0
  private(set) var eventCount = 0
  var caseCount: Int { ids.count }
  /// Case ids in final order (by rank).
  var caseIDs: [String] { ids }

  private var outputs: [SourceOutput] = []
  /// Per output: its pool ids → the table's.
  private var pools: [[Int32]] = []
  /// Per output: its field slots → the type's.
  private var fieldMaps: [[Int32]] = []
  /// Per output: each event attribute's field slot here (-1: none).
  private var attributeSlots: [[Int32]] = []
  /// Case ids in final order (by rank).
  private var ids: [String] = []
  /// Each case's id as a text of the table's pool, by rank.
  private var idTexts: [Int32] = []
  /// Per case, by rank, what each output gives it, in output order: rank r's are
  /// `contributions[contributionStarts[r]..<contributionStarts[r + 1]]`. Workers read cases in
  /// rank order: kept by rank, these are read in order, not at random (a cache miss each).
  private var contributions: [CaseContribution] = []
  private var contributionStarts: [Int32] = []
  /// Per output: its case slots → ranks.
  private var slotRanks: [[Int32]] = []
  /// Every event of the type, grouped by case in final case order (a case's run holds its
  /// contributions' events in output order, each in file order), and where each case's run starts
  /// (by rank). Events files are sorted by time, not by case: gathered once in one pass over each
  /// file, a case's events are then read in order, not at random.
  private var events: [GatheredSource] = []
  private var caseEventStarts: [Int32] = []

  /// An empty assembler (what is left once a type is built).
  init() {}

  /// Registers the type, its schema (the union of its files' fields) and orders its cases
  /// (`orderCases`, in ranges of at least `minimumChunk` cases on `workers` threads).
  init(
    recordType: String, outputs: [SourceOutput], pools: [[Int32]], builder: inout CaseTableBuilder,
    workers: Int = 1, minimumChunk: Int = 10_000
  ) {
    self.outputs = outputs
    self.pools = pools
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
    width = names.count
    type = builder.recordType(recordType, schema: FieldSchema(names: names))
    for (o, output) in outputs.enumerated() {
      attributeSlots.append(output.attributeFields.map { $0 >= 0 ? fieldMaps[o][Int($0)] : -1 })
      eventCount += output.events.count
    }
    let order = Self.orderCases(
      outputs, pools: pools, poolSize: builder.strings.count, workers: workers, minimumChunk: minimumChunk)
    ids = order.ids
    idTexts = order.idTexts
    slotRanks = order.slotRanks
    contributions = order.contributions
    contributionStarts = order.contributionStarts
  }

  /// Counting sort of every output's events by case (in final case order), keeping output then
  /// file order within a case. Where each output's events of a case go (after that case's events
  /// from earlier outputs) is known before any event moves, so the outputs (e.g. the parts of one
  /// large file) are gathered side by side on `workers` threads, into disjoint positions.
  ///
  /// Events' changes stay where they are (read at random while building, one run an event):
  /// gathered too, they would double in memory at once, as the gathered copy is written at
  /// random positions (all its pages are touched early on) while the sources go page by page.
  mutating func gatherEvents(workers: Int) {
    let caseCount = ids.count
    // Per output, per rank (output o's at o * caseCount + r): first its event count, counted
    // for each output on its own worker, then where its first event goes.
    var firsts = [Int32](repeating: 0, count: outputs.count * caseCount)
    firsts.withUnsafeMutableBufferPointer { firsts in
      guard let base = firsts.baseAddress else { return }
      let shared = UncheckedSendable((outputs, slotRanks, base))
      Parallel.run(outputs.count, workers: workers) { o in
        let (outputs, slotRanks, base) = shared.value
        let counts = base + o * caseCount
        // Lent for this count only; each worker writes its own output's counts.
        slotRanks[o].withUnsafeBufferPointer { ranks in
          outputs[o].eventCases.withUnsafeBufferPointer { cases in
            for c in cases { counts[Int(ranks[Int(c)])] += 1 }
          }
        }
      }
    }
    var starts = [Int32](repeating: 0, count: caseCount + 1)
    var event: Int32 = 0
    // Lent for this loop only.
    firsts.withUnsafeMutableBufferPointer { firsts in
      starts.withUnsafeMutableBufferPointer { starts in
        for r in 0..<caseCount {
          for o in outputs.indices {
            let count = firsts[o * caseCount + r]
            firsts[o * caseCount + r] = event
            event += count
          }
          starts[r + 1] = event
        }
      }
    }
    // Every position is written below.
    events = [GatheredSource](uninitializedCapacity: Int(event)) { _, count in count = Int(event) }
    let changeCounts = outputs.map { Int32($0.changes.count) }
    // The gather hands back the pages of the outputs' events as it passes them, through the
    // arrays' mutable storage: unique to this assembler (a copy shared with a caller's
    // `SourceOutput` is copied first, not zeroed under it). Each worker changes its own output.
    events.withUnsafeMutableBufferPointer { gathered in
      outputs.withUnsafeMutableBufferPointer { outputs in
        let shared = UncheckedSendable((outputs, pools, slotRanks, firsts, gathered))
        Parallel.run(outputs.count, workers: workers) { o in
          let (outputs, pools, slotRanks, firsts, gathered) = shared.value
          var next = Array(firsts[(o * caseCount)..<((o + 1) * caseCount)])
          let changeCount = changeCounts[o]
          // Lent for this worker's pass only; it alone writes (and releases) its output's events.
          slotRanks[o].withUnsafeBufferPointer { ranks in
            outputs[o].events.withUnsafeMutableBufferPointer { sourceEvents in
              outputs[o].eventCases.withUnsafeMutableBufferPointer { eventCases in
                // The pool map, lent for this worker's pass only.
                pools[o].withUnsafeBufferPointer { pool in
                  for e in 0..<sourceEvents.count {
                    // The output's events are read once, in order: their pages go back as they
                    // move, so the gathered events grow while they shrink.
                    if e % 65536 == 0 && e > 0 { Self.release(sourceEvents, eventCases, upTo: e) }
                    let r = Int(ranks[Int(eventCases[e])])
                    let position = Int(next[r])
                    next[r] += 1
                    let source = sourceEvents[e]
                    gathered[position] = GatheredSource(
                      time: source.time, line: source.line, activity: pool[Int(source.activity)],
                      resource: source.resource < 0 ? -1 : pool[Int(source.resource)], output: Int32(o),
                      changeStart: source.changeStart,
                      changeEnd: e + 1 < sourceEvents.count ? sourceEvents[e + 1].changeStart : changeCount)
                  }
                }
              }
            }
          }
        }
      }
    }
    for o in outputs.indices {
      outputs[o].events = []
      outputs[o].eventCases = []
    }
    caseEventStarts = starts
  }

  /// Hands back the pages of an output's first `end` events and their cases.
  private static func release(
    _ events: UnsafeMutableBufferPointer<SourceEvent>, _ eventCases: UnsafeMutableBufferPointer<Int32>,
    upTo end: Int
  ) {
    MemoryPages.release(
      // Within the lent buffers: the first `end` events have been read.
      UnsafeRawBufferPointer(start: events.baseAddress, count: end * MemoryLayout<SourceEvent>.stride))
    MemoryPages.release(
      UnsafeRawBufferPointer(start: eventCases.baseAddress, count: end * MemoryLayout<Int32>.stride))
  }

  /// Builds the type's cases into `columns` from `offsets` on, in ranges of about equal work on
  /// `workers` threads; returns the ranges' event attributes, in table order.
  mutating func build(
    into columns: borrowing CaseColumns, at offsets: TableOffsets, workers: Int, minimumChunk: Int
  )
    -> [AttributeRun]
  {
    let caseCount = ids.count
    guard caseCount > 0 else { return [] }
    // More ranges than workers: a worker slowed down by the rest of the machine takes fewer.
    let chunks = workers <= 1 ? 1 : max(1, min(workers * 4, caseCount / max(1, minimumChunk)))
    let bounds = Self.rangeBounds(caseEventStarts, chunks: chunks)
    let results = ConcurrentResults<AttributeRun>(count: chunks)
    let (type, width, offsets) = (type, width, offsets)
    let maximumAttributes = outputs.reduce(0) { max($0, $1.attributeFields.count) }
    withInput { ids, idTexts, contributions, contributionStarts, events, caseEventStarts, outputs in
      let input = TypeInput(
        type: type, width: width, outputs: outputs, maximumAttributes: maximumAttributes, ids: ids,
        idTexts: idTexts, contributions: contributions, contributionStarts: contributionStarts,
        events: events, caseEventStarts: caseEventStarts, offsets: offsets)
      Parallel.runClaiming(chunks, workers: workers) { chunk in
        let lower = bounds[chunk]
        let upper = bounds[chunk + 1]
        var worker = CaseWorker(input: input)
        for r in lower..<upper {
          worker.build(rank: r, into: columns)
          // The gathered events of built cases are not read again: their pages go back as the
          // range is built, so the table grows while they shrink. (From the range's start each
          // time: a page straddling the last end goes once wholly read.)
          if (r - lower) % 2048 == 2047 || r == upper - 1 { input.releaseGathered(ranks: lower..<(r + 1)) }
        }
        let first = offsets.events + Int(input.caseEventStarts[lower])
        let end = offsets.events + Int(input.caseEventStarts[upper])
        results.set(chunk, worker.finish(events: first..<end))
      }
    }
    return (0..<chunks).compactMap { results.take($0) }
  }

  /// Runs `body` with what the workers read, lent by the arrays' own `with…BufferPointer` for the
  /// duration of `body` (the events mutably: their pages are handed back as cases are built).
  private mutating func withInput(
    _ body: (
      _ ids: UnsafeBufferPointer<String>, _ idTexts: UnsafeBufferPointer<Int32>,
      // Each buffer is valid only inside `body`.
      _ contributions: UnsafeBufferPointer<CaseContribution>,
      _ contributionStarts: UnsafeBufferPointer<Int32>,
      _ events: UnsafeMutableBufferPointer<GatheredSource>, _ caseEventStarts: UnsafeBufferPointer<Int32>,
      // Lent by the outputs' storage (`OutputStorage.with`) for `body` only.
      _ outputs: UnsafeBufferPointer<OutputColumns>
    ) -> Void
  ) {
    let (ids, idTexts, contributions, contributionStarts, caseEventStarts) = (
      ids, idTexts, contributions, contributionStarts, caseEventStarts
    )
    // The build reads each output's arrays once more: moved into one owner, they are lent at a
    // constant depth, however many outputs (files and their parts) the type has.
    let storage = OutputStorage(
      moving: &outputs, pools: pools, fieldMaps: fieldMaps, attributeSlots: attributeSlots)
    // Every buffer is lent for the whole of `body` and never kept beyond it.
    events.withUnsafeMutableBufferPointer { events in
      ids.withUnsafeBufferPointer { ids in
        idTexts.withUnsafeBufferPointer { idTexts in
          // Lent for `body` only.
          contributions.withUnsafeBufferPointer { contributions in
            contributionStarts.withUnsafeBufferPointer { contributionStarts in
              caseEventStarts.withUnsafeBufferPointer { caseEventStarts in
                storage.with { outputs in
                  body(ids, idTexts, contributions, contributionStarts, events, caseEventStarts, outputs)
                }
              }
            }
          }
        }
      }
    }
  }

  /// Cuts ranks into `chunks` ranges of about equal work (a case and each of its events count
  /// one): `bounds[k]..<bounds[k + 1]` is range k.
  static func rangeBounds(_ caseEventStarts: [Int32], chunks: Int) -> [Int] {
    let caseCount = caseEventStarts.count - 1
    let total = caseCount + Int(caseEventStarts[caseCount])
    var bounds = [0]
    for k in 1..<chunks {
      let target = total * k / chunks
      // The first rank whose work before it reaches the target.
      var low = bounds[k - 1]
      var high = caseCount
      while low < high {
        let middle = (low + high) / 2
        if middle + Int(caseEventStarts[middle]) < target { low = middle + 1 } else { high = middle }
      }
      bounds.append(low)
    }
    bounds.append(caseCount)
    return bounds
  }
}

/// One output's share of a case: the output, the case's slot in it and where the output first
/// has the case.
struct CaseContribution: Sendable {
  var output: Int32
  var slot: Int32
  var firstSource: SourceLocation
}

/// One event with its pool ids translated to the table's.
struct GatheredSource: Sendable {
  var time: Int64
  var line: Int32
  var activity: Int32
  /// -1 when none.
  var resource: Int32
  var output: Int32
  /// The event's changes: `changes[changeStart..<changeEnd]` of its output.
  var changeStart: Int32
  var changeEnd: Int32
}
