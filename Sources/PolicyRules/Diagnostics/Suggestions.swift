/// "did you mean" suggestions for unknown keys, kinds and names.
public enum Suggestions {
  /// The candidate closest to `word` by edit distance, if it is close enough to be a plausible typo.
  ///
  /// Only distances up to the plausible limit (at most 3) are computed, in the diagonal band a
  /// path within it must keep to, and candidates whose length differs by more are skipped: two
  /// names of a megabyte (a header cell, a long `--case-id`) cost a few million steps, not 10¹².
  public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
    let target = Array(word.lowercased())
    let limit = max(1, min(3, target.count / 3))
    var best: (String, Int)?
    for candidate in candidates {
      let other = Array(candidate.lowercased())
      guard abs(other.count - target.count) <= limit else { continue }
      let distance = editDistance(target, other, limit: limit)
      if distance <= limit, best == nil || distance < best!.1 { best = (candidate, distance) }
    }
    return best?.0
  }

  /// ", did you mean 'x'?" or "" — appended to messages.
  public static func didYouMean(_ word: String, in candidates: some Sequence<String>) -> String {
    closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }

  /// The edit distance of `a` and `b` when it is at most `limit`, else `limit + 1`. Only cells
  /// within `limit` of the diagonal are computed (a path that leaves the band costs more), and
  /// the count stops once a whole row is over the limit: O(length × limit).
  static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
    let over = limit + 1
    guard abs(a.count - b.count) <= limit else { return over }
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var previous = (0...b.count).map { $0 <= limit ? $0 : over }
    var current = Array(repeating: over, count: b.count + 1)
    for i in 1...a.count {
      let low = max(1, i - limit)
      let high = min(b.count, i + limit)
      // The cells the next row reads on either side of the band.
      current[low - 1] = low == 1 && i <= limit ? i : over
      if high < b.count { current[high + 1] = over }
      var rowMinimum = current[low - 1]
      if low <= high {
        for j in low...high {
          let cost = a[i - 1] == b[j - 1] ? 0 : 1
          current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost, over)
          rowMinimum = min(rowMinimum, current[j])
        }
      }
      if rowMinimum > limit { return over }
      swap(&previous, &current)
    }
    return min(previous[b.count], over)
  }
}
