/// A clause the drafter proposes: where it is, what it says and which thresholds it states.
public struct ClauseCandidate: Sendable {
  public enum Kind: String, Sendable, CaseIterable {
    case deadline, response, periodic, metric, tiers, sequence, approval, fields, lead, escalation
  }

  /// One band of a `by:` tier: the words naming the case (一般投诉) and its threshold.
  public struct Tier: Sendable, Equatable {
    public var label: String
    public var threshold: Threshold
  }

  public var id: String
  public var file: String
  public var document: String
  public var article: String
  public var line: Int
  /// Verbatim from the file (a substring of line `line`).
  public var quote: String
  /// Range of the quote inside its line (characters).
  public var quoteRange: Range<Int>
  /// Range of the whole sentence inside its line.
  public var sentenceRange: Range<Int>
  public var thresholds: [Threshold]
  public var kind: Kind
  /// Two or more limits for different kinds of case in one sentence.
  public var tiers: [Tier]

  /// True when some threshold is written as a number (catalogue `E`).
  public var stated: Bool { thresholds.contains(where: \.stated) }
}

/// Turns a regulation's text into clause candidates.
public struct ClauseDrafter: Sendable {
  public var reader = ThresholdReader()
  /// Longest quote kept whole; longer sentences are cut to the parts that hold the thresholds.
  public var maximumQuote = 80

  public init() {}

  /// `file` is the name written into citations; its leading digits give the ids (`001_…` ⇒ `D1-07`).
  public func candidates(text: String, file: String) -> [ClauseCandidate] {
    let stem = file.split(separator: "/").last.map(String.init) ?? file
    let title = stem.split(separator: ".").first.map(String.init) ?? stem
    let digits = stem.prefix { $0.isASCII && $0.isNumber }
    let prefix = digits.isEmpty ? "D" : "D\(Int(digits) ?? 0)"
    var result: [ClauseCandidate] = []
    for sentence in RegulationOutline(text: text, fallbackTitle: title).sentences {
      let reading = sentence.reading
      let thresholds = reader.read(reading).map { threshold -> Threshold in
        var shifted = threshold
        let offset = sentence.range.lowerBound
        shifted.range = (threshold.range.lowerBound + offset)..<(threshold.range.upperBound + offset)
        // Spans are shown as written (Traditional stays Traditional).
        shifted.text = sentence.text.quote(shifted.range)
        return shifted
      }
      // A bare "once" (一次) or "one item" makes no clause on its own.
      guard thresholds.contains(where: { !($0.kind == .count && $0.amount == 1 && $0.relation == .none) })
      else {
        continue
      }
      let quoteRange = self.quoteRange(sentence, thresholds)
      let number = result.count + 1
      let id = "\(prefix)-\(number < 10 ? "0" : "")\(number)"
      let kind = Self.kind(String(reading), thresholds)
      // Tiers are limits of a deadline or a response (a lead's other numbers are no tiers).
      let tiers = kind == .deadline || kind == .response ? Self.tiers(sentence, thresholds) : []
      result.append(
        ClauseCandidate(
          id: id, file: stem, document: sentence.document, article: sentence.article, line: sentence.line,
          quote: sentence.text.quote(quoteRange), quoteRange: quoteRange, sentenceRange: sentence.range,
          thresholds: thresholds, kind: kind, tiers: tiers))
    }
    return result
  }

  func quoteRange(_ sentence: RegulationOutline.Sentence, _ thresholds: [Threshold]) -> Range<Int> {
    var range = sentence.range
    // Drop the closing full stop; keep the quote a clean fragment.
    if range.count > 1, "。;；,，".contains(sentence.text.reading[range.upperBound - 1]) {
      range = range.lowerBound..<(range.upperBound - 1)
    }
    guard range.count > maximumQuote, let first = thresholds.first, let last = thresholds.last else {
      return range
    }
    let reading = sentence.text.reading
    var start = first.range.lowerBound
    while start > range.lowerBound, !Self.quoteBreaks.contains(reading[start - 1]) { start -= 1 }
    var end = max(last.range.upperBound, start)
    while end < range.upperBound, !Self.quoteBreaks.contains(reading[end]) { end += 1 }
    if end > start + maximumQuote {
      // Too long: end at the last break inside the limit that keeps the first threshold.
      let limit = start + maximumQuote
      let lastBreak = (first.range.upperBound..<limit).last { Self.quoteBreaks.contains(reading[$0]) }
      end = lastBreak ?? limit
    }
    if end <= start { end = min(range.upperBound, start + maximumQuote) }
    return start..<end
  }

  /// Where a long sentence may be cut for its quote: between its parts, not inside a list (、).
  static let quoteBreaks: Set<Character> = [",", ";", "；", "。", ":", "!", "?"]

  static let approvalWords = ["批准", "同意", "审核", "核准", "审批", "签字"]
  static let responseWords = ["回访", "回复", "答复", "响应", "回应", "反馈", "联系", "接听", "告知", "通知"]
  static let escalationWords = ["报告", "汇报", "上报", "报请", "报备"]

  static func kind(_ text: String, _ thresholds: [Threshold]) -> ClauseCandidate.Kind {
    let kinds = thresholds.map(\.kind)
    let fines = thresholds.filter { $0.kind == .money && $0.normalized.contains(" per ") }
    let durations = thresholds.filter { $0.kind == .duration && $0.relation != .every }
    if kinds.contains(.target) { return .metric }
    if fines.count >= 2 || kinds.contains(.repeatFine) { return .tiers }
    if durations.contains(where: { $0.relation == .before }) { return .lead }
    if approvalWords.contains(where: text.contains) { return .approval }
    if !durations.isEmpty || kinds.contains(.vague) && !kinds.contains(.period) {
      let unmet = ["未", "不能", "无法"].contains(where: text.contains)
      if unmet && escalationWords.contains(where: text.contains) { return .escalation }
      if responseWords.contains(where: text.contains) { return .response }
      if durations.isEmpty, text.filter({ $0 == "、" }).count >= 2,
        ["记录", "登记", "包括"].contains(where: text.contains)
      {
        return .fields
      }
      return .deadline
    }
    if kinds.contains(.period) || thresholds.contains(where: { $0.relation == .every }) { return .periodic }
    if thresholds.contains(where: { $0.kind == .count && $0.relation == .above }) { return .metric }
    if !fines.isEmpty || kinds.contains(.money) { return .tiers }
    return .deadline
  }

  /// 一般投诉…24小时内响应；重大投诉…12小时内: limits in separate parts of one sentence, each
  /// named by the words before it.
  static func tiers(_ sentence: RegulationOutline.Sentence, _ thresholds: [Threshold]) -> [ClauseCandidate
    .Tier]
  {
    let limits = thresholds.filter {
      $0.kind == .duration && ($0.relation == .within || $0.relation == .none) && $0.amount != nil
    }
    guard limits.count >= 2 else { return [] }
    var tiers: [ClauseCandidate.Tier] = []
    for limit in limits {
      guard let label = label(before: limit, in: sentence), !tiers.contains(where: { $0.label == label })
      else {
        continue
      }
      tiers.append(ClauseCandidate.Tier(label: label, threshold: limit))
    }
    return tiers.count >= 2 ? tiers : []
  }

  static let leadingFillers = ["对于", "其中", "必须", "在", "应", "须", "即"]
  static let trailingFillers = ["采用", "实行", "必须在", "应在", "须在", "必须", "应", "须", "在", "于", "的", "要"]
  /// Longer words before a limit are a description, not the name of a kind of case.
  static let longestLabel = 12

  /// The words naming a tier: the part of the sentence before the limit (or, when the limit
  /// opens its part — 对于特别困难的,不超过72小时 — the part before that), without fillers.
  static func label(before limit: Threshold, in sentence: RegulationOutline.Sentence) -> String? {
    let reading = sentence.text.reading
    let breaks = ThresholdReader.clauseBreaks
    func partStart(_ end: Int) -> Int {
      var start = end
      while start > sentence.range.lowerBound, !breaks.contains(reading[start - 1]) { start -= 1 }
      return start
    }
    var end = limit.range.lowerBound
    var start = partStart(end)
    if start == end, start > sentence.range.lowerBound {
      end = start - 1
      start = partStart(end)
    }
    var trimmed = true
    while trimmed, start < end {
      trimmed = false
      if let word = leadingFillers.first(where: { reading.hasWord($0, at: start) && start + $0.count <= end })
      {
        start += word.count
        trimmed = true
      }
      if let word = trailingFillers.first(where: {
        end - $0.count >= start && reading.hasWord($0, at: end - $0.count)
      }) {
        end -= word.count
        trimmed = true
      }
    }
    while start < end, reading[start].isWhitespace { start += 1 }
    while end > start, reading[end - 1].isWhitespace { end -= 1 }
    guard start < end, end - start <= longestLabel else { return nil }
    return sentence.text.quote(start..<end)
  }
}
