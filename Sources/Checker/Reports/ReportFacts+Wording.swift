/// Finding texts as people read them: the HTML report names fields by the data's own column
/// headers and keeps rule expressions out of the sentence.
extension ReportFacts {
  /// `text` with every `[condition]` of an event matcher removed (`没有 callback [channel in
  /// ["phone"]] 记录` ⇒ `没有 callback 记录`) and every field name that `labels` knows replaced by
  /// its label (`缺少 contact` ⇒ `缺少 联系方式`); `hadExpression` says whether a condition was
  /// removed, so the report can show the rule's own text under a disclosure.
  static func peopleText(_ text: String, labels: [String: String]) -> (text: String, hadExpression: Bool) {
    var out = ""
    var word = ""
    var depth = 0
    var quote: Character?
    var hadExpression = false
    func flushWord() {
      out += labels[word] ?? word
      word = ""
    }
    for character in text {
      if depth > 0 {
        // Inside a condition: skip it, minding quoted text that may hold brackets.
        if let open = quote {
          if character == open { quote = nil }
        } else if character == "\"" || character == "'" {
          quote = character
        } else if character == "[" {
          depth += 1
        } else if character == "]" {
          depth -= 1
        }
        continue
      }
      if character == "[" {
        flushWord()
        depth = 1
        hadExpression = true
        while out.last == " " { out.removeLast() }
        continue
      }
      if character.isASCII && (character.isLetter || character.isNumber || character == "_") {
        word.append(character)
      } else {
        flushWord()
        out.append(character)
      }
    }
    guard depth == 0 else { return (text, false) }
    flushWord()
    return (out, hadExpression)
  }
}
