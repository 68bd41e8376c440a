import PolicyRules

/// Where a check puts the judgements it makes on one case (or one population).
///
/// A large audit is mostly passed judgements and a report shows only their number, so unless
/// `keepsPassed` is set a passed judgement is recorded by its anchor alone (the engine still has
/// to place it in the audit period): its text and evidence are never built. The engine keeps one
/// sink per worker and swaps each rule's list into it in turn (checks append to that list in place), so
/// judging a case that passes allocates nothing.
/// Rule examples and `explain` set `keepsPassed` and get every judgement in full.
struct JudgementSink {
  /// Keep passed judgements in full rather than only counting them.
  let keepsPassed: Bool
  /// Judgements kept in full, in the order the check made them.
  private(set) var judgements: [Judgement] = []
  /// The anchors of passed judgements that were only counted.
  private(set) var passedAnchors: [Timestamp?] = []
  /// With `recordsPassedCases`, the case (view index) of each of `passedAnchors`, -1 where the
  /// judgement is not about one case: population checks, so that passes count for the case's group.
  private(set) var passedCases: [Int32] = []
  let recordsPassedCases: Bool

  init(keepsPassed: Bool, recordsPassedCases: Bool = false) {
    self.keepsPassed = keepsPassed
    self.recordsPassedCases = recordsPassedCases
  }

  /// Records a judgement with this outcome; `make` builds it only when it is kept (always with
  /// `keep`: a passed judgement that carries a mark, such as a calendar gap, is counted by it).
  /// `caseIndex` names the case a population check judged (its view's index).
  @inline(__always)
  mutating func add(
    _ outcome: Outcome, anchor: Timestamp?, caseIndex: Int = -1, keep: Bool = false, _ make: () -> Judgement
  ) {
    if outcome == .passed && !keepsPassed && !keep {
      passedAnchors.append(anchor)
      if recordsPassedCases { passedCases.append(Int32(truncatingIfNeeded: caseIndex)) }
    } else {
      judgements.append(make())
    }
  }

  /// Records a judgement already built (paths where building it costs nothing worth saving).
  /// The judgement is taken over (consumed), so appending it retains none of its parts.
  mutating func add(_ judgement: consuming Judgement) {
    if judgement.outcome == .passed && !keepsPassed {
      passedAnchors.append(judgement.anchor)
      if recordsPassedCases { passedCases.append(-1) }
    } else {
      judgements.append(judgement)
    }
  }

  /// Exchanges the kept judgements with `list`, so a caller can have a check append straight to
  /// its own list: no judgement is handed over (copied, then destroyed) one by one.
  mutating func exchangeJudgements(with list: inout [Judgement]) {
    swap(&judgements, &list)
  }

  /// Sets the group of the kept judgements from `start` on (in place).
  mutating func setGroup(_ group: String?, from start: Int) {
    for index in start..<judgements.count { judgements[index].group = group }
  }

  /// Removes the kept judgements from `start` on whose anchor is `excluded`, keeping the others
  /// in order (moved within the list, not copied).
  mutating func removeJudgements(from start: Int, where excluded: (Timestamp?) -> Bool) {
    var kept = start
    while kept < judgements.count, !excluded(judgements[kept].anchor) { kept += 1 }
    guard kept < judgements.count else { return }
    for index in kept + 1..<judgements.count where !excluded(judgements[index].anchor) {
      judgements.swapAt(kept, index)
      kept += 1
    }
    judgements.removeSubrange(kept...)
  }

  /// Forgets the anchors of passed judgements, keeping their storage.
  mutating func removePassedAnchors() {
    passedAnchors.removeAll(keepingCapacity: true)
    passedCases.removeAll(keepingCapacity: true)
  }

  /// Empties the sink for the next case, keeping its storage.
  mutating func removeAll() {
    judgements.removeAll(keepingCapacity: true)
    passedAnchors.removeAll(keepingCapacity: true)
    passedCases.removeAll(keepingCapacity: true)
  }

  /// Whether the sink holds nothing, kept or counted.
  var isEmpty: Bool { judgements.isEmpty && passedAnchors.isEmpty }
}
