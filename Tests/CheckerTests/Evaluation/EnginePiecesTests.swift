import PolicyRules
import Testing

@testable import Checker

/// `evaluate` builds findings on several workers straight into each rule's list, from the lists
/// the workers judged (chunks of cases; a large list split further), placing judgements in the
/// audit period as it goes. These tests fail if a piece lands in the wrong place or the period
/// filter and the count of findings disagree.
@Suite struct EnginePiecesTests {
  typealias F = EvaluationFixture

  /// Enough cases that one population rule's list (more than 2 × 4096 findings) is split between
  /// workers, and case rules are judged in many chunks. Case `c0n`: in August (before the period)
  /// when n % 10 == 0, else in September; `late` is n % 3 (0 passes the tiers rule); `code` is
  /// missing when n % 7 == 0.
  static let count = 15_000

  static var cases: [F.CaseSpec] {
    (0..<count).map { n in
      let day = 1 + n % 28
      let date = n % 10 == 0 ? "2024-08-\(day < 10 ? "0" : "")\(day)" : "2024-09-\(day < 10 ? "0" : "")\(day)"
      var fields = [("late", "\(n % 3)")]
      if n % 7 != 0 { fields.append(("code", "P\(n % 5)")) }
      return F.case(id(n), fields, events: ["opened @ \(date) 09:00"])
    }
  }

  /// Zero-padded, so id order is case order.
  static func id(_ n: Int) -> String {
    let digits = String(n)
    return "c" + String(repeating: "0", count: 5 - digits.count) + digits
  }

  static let rules = [
    F.rule(
      "check: {kind: tiers, value: late, bands: [{above: 0, severity: minor, fine: 10}]}", id: "R-tiers"),
    F.rule("check: {kind: fields, required: [code]}", id: "R-fields"),
  ]

  @Test func findingsAreInPlaceAndInThePeriodWithAnyWorkerCount() {
    let period = ("2024-09-01 00:00", "2024-10-01 00:00")
    let dataset = F.dataset(Self.cases)
    let inPeriod = (0..<Self.count).filter { $0 % 10 != 0 }
    // Tiers judges cases in anchor order (day, then id), fields in case order.
    let tiers = inPeriod.filter { $0 % 3 != 0 }.sorted { (1 + $0 % 28, $0) < (1 + $1 % 28, $1) }.map(Self.id)
    let fields = inPeriod.filter { $0 % 7 == 0 }.map(Self.id)
    #expect(tiers.count > 2 * 4096)
    for threads in [1, 2, 3] {
      let results = F.engine(Self.rules, asOf: "2024-12-01 00:00", period: period, threads: threads)
        .evaluate(dataset)
      #expect(results[0].findings.map(\.subject) == tiers, "threads \(threads)")
      #expect(results[0].counts.violated == tiers.count)
      #expect(results[0].counts.passed == inPeriod.count - tiers.count)
      #expect(results[1].findings.map(\.subject) == fields, "threads \(threads)")
      #expect(results[1].counts.violated == fields.count)
      #expect(results[1].counts.passed == inPeriod.count - fields.count)
    }
  }

  /// All rules' findings are built in one pass over pieces of every list: with pieces of a few
  /// judgements (many per list, lists of both rules interleaved on the workers), each rule's
  /// findings must still come in the order and number one piece per list gives.
  @Test func smallPiecesOfEveryRuleGiveTheSameFindings() {
    let period = ("2024-09-01 00:00", "2024-10-01 00:00")
    let dataset = F.dataset(Self.cases)
    let whole = F.engine(Self.rules, asOf: "2024-12-01 00:00", period: period, threads: 1)
    var expected = whole
    expected.findingPieceTarget = Int.max
    let reference = expected.evaluate(dataset)
    #expect(reference[0].findings.count > 2 * 4096)
    for (threads, target) in [(1, 7), (2, 1), (2, 333), (3, 4096)] {
      var engine = F.engine(Self.rules, asOf: "2024-12-01 00:00", period: period, threads: threads)
      engine.findingPieceTarget = target
      let results = engine.evaluate(dataset)
      #expect(results == reference, "threads \(threads), pieces of \(target)")
    }
  }

  /// Lists are cut into pieces of at most the target, as equal as the cut allows, in order;
  /// empty lists have none.
  @Test func findingPiecesCoverEveryListInOrder() {
    typealias Piece = AuditEngine.FindingPiece
    let pieces = AuditEngine.findingPieces(listCounts: [[5, 0, 2], [], [7]], target: 3)
    #expect(
      pieces == [
        Piece(rule: 0, list: 0, range: 0..<2), Piece(rule: 0, list: 0, range: 2..<5),
        Piece(rule: 0, list: 2, range: 0..<2),
        Piece(rule: 2, list: 0, range: 0..<2), Piece(rule: 2, list: 0, range: 2..<4),
        Piece(rule: 2, list: 0, range: 4..<7),
      ])
    #expect(
      AuditEngine.findingPieces(listCounts: [[1]], target: 0) == [Piece(rule: 0, list: 0, range: 0..<1)])
  }

  /// A rule's lists cut into pieces of their own: in order, each as `findingPieces` cuts it, with
  /// every judgement once (lists cut in several and lists kept whole alike).
  @Test func piecesOfARuleKeepEveryJudgementInOrder() {
    let lists = [[0, 1, 2, 3, 4], [], [5, 6], Array(7..<14)].map { list in
      list.map { Judgement(.violated, subject: "j\($0)", anchor: nil, actual: Say.met) }
    }
    var cut = lists
    let pieces = AuditEngine.pieces(of: &cut, target: 3)
    #expect(cut.isEmpty)
    #expect(
      pieces.map { $0.map(\.subject) } == [
        ["j0", "j1"], ["j2", "j3", "j4"], ["j5", "j6"], ["j7", "j8"], ["j9", "j10"], ["j11", "j12", "j13"],
      ])
    var whole = lists
    #expect(AuditEngine.pieces(of: &whole, target: 100).map(\.count) == [5, 2, 7])
  }
}
