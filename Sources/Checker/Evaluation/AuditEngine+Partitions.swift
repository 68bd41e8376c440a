import PolicyRules

/// The case a judgement of a part is about, by what orders cases across parts: its record type
/// and its id, both in natural order (the order of `CaseTable`).
struct PartCase: Sendable {
  var recordType: String
  var id: String

  static func < (a: PartCase, b: PartCase) -> Bool {
    if a.recordType != b.recordType { return NaturalOrder.less(a.recordType, b.recordType) }
    return NaturalOrder.less(a.id, b.id)
  }
}

/// What one part of the cases (`CasePartition`) gave: per rule, the judgements kept with the
/// case each is about (in case order), the passed judgements counted, and the counts per group;
/// or, when the findings are not kept (`AuditEngine.keepsFindings`), each rule's figures alone.
struct PartJudgements: Sendable {
  var lists: [[Judgement]] = []
  var cases: [[PartCase]] = []
  var passed: [Int] = []
  var byGroup: [[String?: OutcomeCounts]] = []
  /// The part's results without findings (only when the findings are not kept).
  var figures: [RuleResult]? = nil
}

extension AuditEngine {
  /// The rules a run within a memory limit cannot judge part by part: population checks
  /// (periodic, metric, tiers) look at every case in scope at once.
  public static func rulesNeedingEveryCase(_ rules: [Rule]) -> [Rule] {
    rules.filter {
      if case .population = CheckEvaluators.evaluator(for: $0.check) { return true }
      return false
    }
  }

  /// Judges one part of the cases (the rules must all be case rules); the part's table goes
  /// once its judgements are made.
  func judgePart(_ dataset: consuming Dataset) -> PartJudgements {
    precondition(Self.rulesNeedingEveryCase(rules).isEmpty, "a population rule judged part by part")
    guard keepsFindings else {
      // Counted now, with waivers, as a whole run counts them; nothing of the part is kept.
      var judged = judgeInPieces(dataset, keepingPassed: false)
      dataset.table = .empty
      let figures = results(&judged.lists, rows: judged.rows, passed: judged.passed, byGroup: judged.byGroup)
      return PartJudgements(figures: figures)
    }
    let table = dataset.table
    var judged = judgeInPieces(dataset, keepingPassed: false)
    dataset.table = .empty
    var lists: [[Judgement]] = []
    var cases: [[PartCase]] = []
    for r in rules.indices {
      var list: [Judgement] = []
      var about: [PartCase] = []
      for (chunk, indices) in judged.cases[r].enumerated() {
        list.append(contentsOf: judged.lists[r][chunk])
        about.append(
          contentsOf: indices.lazy.map {
            PartCase(recordType: table.recordType(of: Int($0)), id: table.caseIDs[Int($0)])
          })
      }
      judged.lists[r] = []
      lists.append(list)
      cases.append(about)
    }
    return PartJudgements(lists: lists, cases: cases, passed: judged.passed, byGroup: judged.byGroup)
  }

  /// The results of every rule from the judgements of all parts, as one run over every case
  /// gives them: each rule's judgements merged in case order (a case's judgements all come from
  /// its one part, in the order they were made), passed and group counts added up.
  func results(of parts: consuming [PartJudgements]) -> [RuleResult] {
    if !keepsFindings {
      var total = parts.first?.figures ?? []
      for part in parts.dropFirst() {
        for r in total.indices { total[r].add(part.figures![r]) }
      }
      return total
    }
    var lists: [[[Judgement]]] = []
    var passed = Array(repeating: 0, count: rules.count)
    var byGroup = Array(repeating: [String?: OutcomeCounts](), count: rules.count)
    for r in rules.indices {
      for part in parts.indices {
        passed[r] += parts[part].passed[r]
        byGroup[r].merge(parts[part].byGroup[r]) { $0.adding($1) }
      }
      lists.append([Self.merged(&parts, rule: r)])
    }
    return results(&lists, rows: Array(repeating: [], count: rules.count), passed: passed, byGroup: byGroup)
  }

  /// Rule `r`'s judgements of every part in case order; the parts' lists are taken.
  static func merged(_ parts: inout [PartJudgements], rule r: Int) -> [Judgement] {
    var merged: [Judgement] = []
    merged.reserveCapacity(parts.reduce(0) { $0 + $1.lists[r].count })
    var next = Array(repeating: 0, count: parts.count)
    // Few parts: the smallest head is found by a scan.
    while true {
      var best = -1
      for p in parts.indices where next[p] < parts[p].cases[r].count {
        if best < 0 || parts[p].cases[r][next[p]] < parts[best].cases[r][next[best]] { best = p }
      }
      guard best >= 0 else { break }
      merged.append(parts[best].lists[r][next[best]])
      next[best] += 1
    }
    for p in parts.indices {
      parts[p].lists[r] = []
      parts[p].cases[r] = []
    }
    return merged
  }
}
