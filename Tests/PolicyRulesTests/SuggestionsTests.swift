import Testing

@testable import PolicyRules

@Test func suggestsCloseKeyForTypo() {
  #expect(Suggestions.closest(to: "severty", in: ["severity", "scope", "title"]) == "severity")
  #expect(Suggestions.closest(to: "zzzzzz", in: ["severity", "scope"]) == nil)
}

@Test func rendersDiagnosticWithCaret() {
  let source = SourceText(path: "r.yaml", text: "a: 1\nkind: dedline\n")
  let d = Diagnostic(
    path: "r.yaml", mark: SourceMark(line: 2, column: 7), message: "unknown check kind 'dedline'")
  #expect(
    d.rendered(source: source) == "r.yaml:2:7: error: unknown check kind 'dedline'\nkind: dedline\n      ^")
}

/// The full edit distance, every cell computed: what the banded count must agree with.
private func fullEditDistance(_ a: [Character], _ b: [Character]) -> Int {
  var previous = Array(0...b.count)
  for i in 0..<a.count {
    var current = [i + 1]
    for j in 0..<b.count {
      current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a[i] == b[j] ? 0 : 1)))
    }
    previous = current
  }
  return previous[b.count]
}

/// The banded count gives the exact distance up to the limit and `limit + 1` beyond it, on
/// random pairs of short words over a small alphabet (so that near misses are common).
@Test func bandedEditDistanceAgreesWithTheFullOne() {
  var state: UInt64 = 0x9E37_79B9_7F4A_7C15
  func next(_ n: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int((state >> 33) % UInt64(n))
  }
  let alphabet: [Character] = ["a", "b", "c", "工", "单"]
  var exact = 0
  for _ in 0..<3000 {
    let a = (0..<next(9)).map { _ in alphabet[next(alphabet.count)] }
    var b = a
    for _ in 0..<next(5) {
      switch next(3) {
      case 0 where !b.isEmpty: b.remove(at: next(b.count))
      case 1: b.insert(alphabet[next(alphabet.count)], at: next(b.count + 1))
      default: if !b.isEmpty { b[next(b.count)] = alphabet[next(alphabet.count)] }
      }
    }
    for limit in 1...3 {
      let full = fullEditDistance(a, b)
      #expect(Suggestions.editDistance(a, b, limit: limit) == min(full, limit + 1), "\(a) \(b) \(limit)")
      if full <= limit { exact += 1 }
    }
  }
  #expect(exact > 3000)
}

/// Issue 13 (FuzzCSV): a missing column named with 20,000 characters against a header cell of
/// 20,000 took 1.15 s for its "did you mean" (a full table of 4·10⁸ cells), and grows with the
/// square of the length. Lengths that differ by more than the limit are not compared at all,
/// and equal lengths only within the band.
@Test func longNamesAreComparedOnlyWithinTheLimit() {
  let long = String(repeating: "x", count: 200_000)
  #expect(Suggestions.closest(to: long + "y", in: [long, "case", long + "zz"]) == long)
  #expect(Suggestions.closest(to: long, in: [String(repeating: "y", count: 200_000)]) == nil)
}
