import PolicyRules

/// Ordering a record type's cases: joined by id over the type's outputs, sorted naturally, and
/// what each output gives each case, by rank.
///
/// This runs on the main thread between reading and the parallel gather, while the other
/// workers wait: the per-case passes that do not depend on one another (keys, ids by rank,
/// slots by rank, contributions) run in ranges on all workers, each writing its own positions.
extension TypeAssembler {
  /// A type's cases in final order and what each output gives each of them.
  struct CaseOrder {
    /// Case ids by rank, and each one's text in the table's pool.
    var ids: [String] = []
    var idTexts: [Int32] = []
    /// Per output: its case slots → ranks.
    var slotRanks: [[Int32]] = []
    /// Per case, by rank, what each output gives it, in output order: rank r's are
    /// `contributions[contributionStarts[r]..<contributionStarts[r + 1]]`.
    var contributions: [CaseContribution] = []
    var contributionStarts: [Int32] = [0]
  }

  /// Orders the cases of `outputs` (the type's files, records first); `pools` maps each output's
  /// pool ids to the table's (of `poolSize` texts). The result does not depend on `workers`, nor
  /// on `minimumChunk`, the fewest cases a range of a parallel pass holds.
  static func orderCases(
    _ outputs: [SourceOutput], pools: [[Int32]], poolSize: Int, workers: Int, minimumChunk: Int = 10_000
  ) -> CaseOrder {
    // Cases in order of first appearance (g), each output's slots → g, each case's id text.
    var caseIds: [String]
    var owners: [[Int32]]
    var texts: [Int32]
    if outputs.count == 1 {
      caseIds = outputs[0].caseIds
      owners = [Array(0..<Int32(caseIds.count))]
      // The pool's buffer is lent for the map only.
      texts = pools[0].withUnsafeBufferPointer { pool in outputs[0].caseIdTexts.map { pool[Int($0)] } }
    } else {
      (caseIds, owners, texts) = joinCaseIds(outputs, pools: pools, poolSize: poolSize)
    }
    let count = caseIds.count
    let rank = NaturalOrder.ranks(caseIds, workers: workers, minimumChunk: minimumChunk)
    var order = CaseOrder()
    // Ids and texts go to their ranks (read in order, written at random: writes do not stall).
    var idTexts: [Int32] = []
    order.ids = [String](uninitializedCapacity: count) { ids, initialized in
      idTexts = [Int32](uninitializedCapacity: count) { idTexts, initializedTexts in
        let shared = UncheckedSendable((caseIds, texts, rank, ids, idTexts))
        forRanges(count, workers: workers, minimum: minimumChunk) { range in
          let (caseIds, texts, rank, ids, idTexts) = shared.value
          guard let base = ids.baseAddress else { return }
          for g in range {
            let r = Int(rank[g])
            (base + r).initialize(to: caseIds[g])
            idTexts[r] = texts[g]
          }
        }
        initializedTexts = count
      }
      // `rank` is a permutation of 0..<count: every position was written once.
      initialized = count
    }
    order.idTexts = idTexts
    order.slotRanks = owners.map { owner in
      [Int32](uninitializedCapacity: owner.count) { slotRanks, initialized in
        let shared = UncheckedSendable((owner, rank, slotRanks))
        forRanges(owner.count, workers: workers, minimum: minimumChunk) { range in
          let (owner, rank, slotRanks) = shared.value
          for k in range { slotRanks[k] = rank[Int(owner[k])] }
        }
        initialized = owner.count
      }
    }
    (order.contributions, order.contributionStarts) = contributions(
      outputs, slotRanks: order.slotRanks, caseCount: count, workers: workers, minimumChunk: minimumChunk)
    return order
  }

  /// Cases of several outputs with equal ids are one case. Equal ids have equal texts in the
  /// table's pool: cases are looked up by text id, not by hashing. Returns the cases' ids (in
  /// order of first appearance), each output's slots → cases, and each case's id text.
  private static func joinCaseIds(_ outputs: [SourceOutput], pools: [[Int32]], poolSize: Int)
    -> (ids: [String], owners: [[Int32]], texts: [Int32])
  {
    let total = outputs.reduce(0) { $0 + $1.caseIds.count }
    var ids: [String] = []
    var texts: [Int32] = []
    ids.reserveCapacity(total)
    texts.reserveCapacity(total)
    var owners: [[Int32]] = []
    var caseOfText = [Int32](repeating: -1, count: poolSize)
    // Buffers lent for this loop only (no reference count per case id); nothing is kept.
    caseOfText.withUnsafeMutableBufferPointer { caseOfText in
      for (o, output) in outputs.enumerated() {
        var owner = [Int32](repeating: 0, count: output.caseIdTexts.count)
        // Each output's buffers are lent for its own iteration only.
        pools[o].withUnsafeBufferPointer { pool in
          output.caseIdTexts.withUnsafeBufferPointer { caseIdTexts in
            output.caseIds.withUnsafeBufferPointer { caseIds in
              for k in caseIdTexts.indices {
                let text = Int(pool[Int(caseIdTexts[k])])
                if caseOfText[text] < 0 {
                  caseOfText[text] = Int32(ids.count)
                  ids.append(caseIds[k])
                  texts.append(Int32(text))
                }
                owner[k] = caseOfText[text]
              }
            }
          }
        }
        owners.append(owner)
      }
    }
    return (ids, owners, texts)
  }

  /// Each case's contributions, by rank, in output order within a case: first each output's
  /// slot of each rank (-1: none), then, in ranges of ranks, how many each case has and what
  /// they are, read and written in rank order.
  private static func contributions(
    _ outputs: [SourceOutput], slotRanks: [[Int32]], caseCount: Int, workers: Int, minimumChunk: Int
  ) -> ([CaseContribution], [Int32]) {
    // Output o's slot of rank r at o * caseCount + r.
    var slotOfRank = [Int32](repeating: -1, count: outputs.count * caseCount)
    slotOfRank.withUnsafeMutableBufferPointer { slotOfRank in
      for (o, ranks) in slotRanks.enumerated() {
        let shared = UncheckedSendable((ranks, slotOfRank))
        forRanges(ranks.count, workers: workers, minimum: minimumChunk) { range in
          let (ranks, slotOfRank) = shared.value
          for k in range { slotOfRank[o * caseCount + Int(ranks[k])] = Int32(k) }
        }
      }
    }
    var starts = [Int32](repeating: 0, count: caseCount + 1)
    let outputCount = outputs.count
    // Lent for the parallel pass only: each range writes its own ranks' starts.
    starts.withUnsafeMutableBufferPointer { starts in
      let shared = UncheckedSendable((slotOfRank, starts))
      forRanges(caseCount, workers: workers, minimum: minimumChunk) { range in
        let (slotOfRank, starts) = shared.value
        for r in range {
          var contributing: Int32 = 0
          for o in 0..<outputCount where slotOfRank[o * caseCount + r] >= 0 { contributing += 1 }
          starts[r + 1] = contributing
        }
      }
    }
    for r in 0..<caseCount { starts[r + 1] += starts[r] }
    let total = Int(starts[caseCount])
    // Every output's first sources back to back (output o's from `sourceStarts[o]`): read below
    // without taking a per-output array out of an array, which would count a reference to it
    // (an atomic write to memory both workers share) at every contribution.
    let sources = outputs.flatMap(\.firstSources)
    var sourceStarts = [0]
    for output in outputs {
      sourceStarts.append(sourceStarts[sourceStarts.count - 1] + output.firstSources.count)
    }
    let contributions = [CaseContribution](uninitializedCapacity: total) { contributions, initialized in
      let shared = UncheckedSendable((slotOfRank, starts, sources, sourceStarts, contributions))
      forRanges(caseCount, workers: workers, minimum: minimumChunk) { range in
        let (slotOfRank, starts, sources, sourceStarts, contributions) = shared.value
        for r in range {
          var position = Int(starts[r])
          for o in 0..<outputCount {
            let slot = slotOfRank[o * caseCount + r]
            guard slot >= 0 else { continue }
            contributions[position] = CaseContribution(
              output: Int32(o), slot: slot, firstSource: sources[sourceStarts[o] + Int(slot)])
            position += 1
          }
        }
      }
      initialized = total
    }
    return (contributions, starts)
  }

  /// Runs `body` on ranges that cut `0..<count` into pieces of at least `minimum` (several per
  /// worker, claimed as workers get free: one slowed down by the rest of the machine takes
  /// fewer), on `workers` threads.
  static func forRanges(_ count: Int, workers: Int, minimum: Int, _ body: @Sendable (Range<Int>) -> Void) {
    let chunks = workers <= 1 ? 1 : max(1, min(workers * 4, count / max(1, minimum)))
    Parallel.runClaiming(chunks, workers: workers) { chunk in
      body((count * chunk / chunks)..<(count * (chunk + 1) / chunks))
    }
  }
}
