/// A regulation file cut into documents, numbered articles and sentences, each sentence knowing
/// the document title and the article path it falls under.
public struct RegulationOutline: Sendable {
  public struct Sentence: Sendable {
    public var document: String
    /// The article path in the file's own numbering: `第十四條`, `二、(二) 1.`, `3.4.2`.
    public var article: String
    /// 1-based line number in the file.
    public var line: Int
    /// Character range of the sentence inside its line (the numbering marker excluded).
    public var range: Range<Int>
    public var text: ReadingText
    public var reading: [Character] { Array(text.reading[range]) }
    public var original: String { text.quote(range) }
  }

  public var sentences: [Sentence]

  /// Title words that mark a line as the title of a document inside a collection.
  static let titleWords = ["制度", "规定", "办法", "细则", "规范", "流程", "守则", "章程"]
  static let sentenceEnds: Set<Character> = ["。", "!", "?", "！", "？"]

  public init(text: String, fallbackTitle: String) {
    var sentences: [Sentence] = []
    var document = fallbackTitle
    var stack: [(style: String, label: String)] = []
    // CRLF is one Character in Swift, so lines are split on any line break, not on "\n" alone.
    for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
      .enumerated()
    {
      let line = ReadingText(String(rawLine))
      let reading = line.reading
      var start = 0
      while start < reading.count, reading[start].isWhitespace { start += 1 }
      // Site boilerplate (download notices, related-article lists) is written as "- " bullets.
      if reading.hasWord("- ", at: start) { continue }
      guard start < reading.count else { continue }
      let markers = Self.markers(reading, from: start)
      let headEnd = markers.first?.range.lowerBound ?? reading.count
      if let title = Self.title(line, start..<headEnd) {
        document = title
        stack = []
        if markers.isEmpty { continue }
        start = headEnd
      }
      // Pieces between markers; each piece is cut into sentences.
      var pieces: [(marker: Marker?, range: Range<Int>)] = []
      if start < headEnd { pieces.append((nil, start..<headEnd)) }
      for (offset, marker) in markers.enumerated() {
        let end = offset + 1 < markers.count ? markers[offset + 1].range.lowerBound : reading.count
        pieces.append((marker, marker.range.upperBound..<end))
      }
      for piece in pieces {
        if let marker = piece.marker {
          if let existing = stack.firstIndex(where: { $0.style == marker.style }) {
            stack.removeSubrange(existing...)
          }
          stack.append((marker.style, line.quote(marker.range).trimmingCharacters()))
        }
        let article = Self.articlePath(stack)
        var sentenceStart = piece.range.lowerBound
        for position in piece.range {
          let isEnd = Self.sentenceEnds.contains(reading[position]) || position == piece.range.upperBound - 1
          guard isEnd else { continue }
          var range = sentenceStart..<(position + 1)
          sentenceStart = position + 1
          while !range.isEmpty, reading[range.lowerBound].isWhitespace {
            range = (range.lowerBound + 1)..<range.upperBound
          }
          while !range.isEmpty, reading[range.upperBound - 1].isWhitespace {
            range = range.lowerBound..<(range.upperBound - 1)
          }
          guard !range.isEmpty else { continue }
          sentences.append(
            Sentence(document: document, article: article, line: index + 1, range: range, text: line))
        }
      }
    }
    self.sentences = sentences
  }

  /// From the article (条) down when there is one; otherwise the whole path.
  static func articlePath(_ stack: [(style: String, label: String)]) -> String {
    let from =
      stack.lastIndex { $0.style == "article" } ?? stack.firstIndex {
        $0.style != "chapter" && $0.style != "section"
      } ?? 0
    let labels = stack[from...].map(\.label)
    // 3.4.2 already names 3.4: a dotted number drops the parents it spells out.
    return labels.enumerated().filter { index, label in
      !labels[(index + 1)...].contains { $0.hasPrefix(label + ".") }
    }.map(\.element).joined(separator: " ")
  }

  static func title(_ line: ReadingText, _ range: Range<Int>) -> String? {
    let reading = String(line.reading[range]).trimmingCharacters()
    guard (2...30).contains(reading.count) else { return nil }
    if reading.range(of: #"^第[0-9一二三四五六七八九十]+篇$"#, options: .regularExpression) != nil {
      return line.quote(range).trimmingCharacters()
    }
    guard titleWords.contains(where: reading.contains),
      !reading.contains(where: { "。，,；;：:、“”\"".contains($0) })
    else { return nil }
    return line.quote(range).trimmingCharacters()
  }

  struct Marker {
    var style: String
    var range: Range<Int>
  }

  static let chineseDigits: Set<Character> = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "零", "两",
  ]

  /// The numbering markers of a line: at its start, after sentence punctuation, or inline after
  /// a heading word (子公司服務管理制度一、總則(一)目的…).
  static func markers(_ text: [Character], from start: Int) -> [Marker] {
    var found: [Marker] = []
    var index = start
    while index < text.count {
      let atStart = index == start
      let previous = index > 0 ? text[index - 1] : " "
      let boundary =
        atStart || "。;；:：!！?？ ".contains(previous) || previous.isCJK || previous == ")" || previous == "）"
      if boundary, let marker = marker(text, at: index, atLineStart: atStart) {
        found.append(marker)
        index = marker.range.upperBound
      } else {
        index += 1
      }
    }
    return found
  }

  static func marker(_ text: [Character], at index: Int, atLineStart: Bool) -> Marker? {
    func digitsRun(_ from: Int, _ allowed: (Character) -> Bool) -> Int {
      var end = from
      while end < text.count, allowed(text[end]) { end += 1 }
      return end
    }
    let isArabic: (Character) -> Bool = { $0.isASCII && $0.isNumber }
    let isChinese: (Character) -> Bool = { chineseDigits.contains($0) }
    // 第X条 / 第X章 / 第X节
    if text[index] == "第" {
      let end = digitsRun(index + 1) { isArabic($0) || isChinese($0) }
      if end > index + 1, end < text.count {
        switch text[end] {
        case "条": return Marker(style: "article", range: index..<(end + 1))
        case "章": return Marker(style: "chapter", range: index..<(end + 1))
        case "节": return Marker(style: "section", range: index..<(end + 1))
        default: break
        }
      }
      return nil
    }
    // 一、
    if isChinese(text[index]) {
      let end = digitsRun(index, isChinese)
      if end < text.count, text[end] == "、", end - index <= 3 {
        return Marker(style: "cn-list", range: index..<(end + 1))
      }
      return nil
    }
    // （一） / (1)
    if text[index] == "(" {
      let chinese = digitsRun(index + 1, isChinese)
      if chinese > index + 1, chinese < text.count, text[chinese] == ")" {
        return Marker(style: "cn-paren", range: index..<(chinese + 1))
      }
      let arabic = digitsRun(index + 1, isArabic)
      if arabic > index + 1, arabic < text.count, text[arabic] == ")", arabic - index <= 3 {
        return Marker(style: "arabic-paren", range: index..<(arabic + 1))
      }
      return nil
    }
    // 1. 1、 1.1 3.4.2.1
    if isArabic(text[index]) {
      if index > 0, isArabic(text[index - 1]) || text[index - 1] == "." { return nil }
      var end = digitsRun(index, isArabic)
      guard end - index <= 2 else { return nil }
      var depth = 1
      while end + 1 < text.count, text[end] == ".", isArabic(text[end + 1]) {
        end = digitsRun(end + 1, isArabic)
        depth += 1
      }
      guard end < text.count else { return nil }
      let next = text[end]
      if depth > 1 {
        // A dotted number is a section only before text, not before a unit (1.5倍, 3.5小时).
        if end < text.count, text[end].isCJK || text[end] == " ",
          ThresholdReader().quantity(text, at: index) == nil
        {
          return Marker(style: "dotted-\(depth)", range: index..<end)
        }
        return nil
      }
      if next == "." || next == "、" || next == "．" {
        guard end + 1 < text.count, !isArabic(text[end + 1]) else { return nil }
        return Marker(style: "arabic", range: index..<(end + 1))
      }
      return nil
    }
    // a. at a line start
    if atLineStart, text[index].isASCII, text[index].isLetter, index + 1 < text.count,
      text[index + 1] == "." || text[index + 1] == "、"
    {
      return Marker(style: "letter", range: index..<(index + 2))
    }
    return nil
  }
}

extension Character {
  var isCJK: Bool {
    guard let scalar = unicodeScalars.first else { return false }
    return (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
  }
}

extension String {
  func trimmingCharacters() -> String {
    var characters = Substring(self)
    while let first = characters.first, first.isWhitespace { characters.removeFirst() }
    while let last = characters.last, last.isWhitespace { characters.removeLast() }
    return String(characters)
  }
}
