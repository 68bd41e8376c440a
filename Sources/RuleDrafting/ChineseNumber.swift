/// Reads the numbers written in regulations: Arabic (`24`, `0.5`) and Chinese (`二十四`, `两`,
/// `十五`, `一百`, `零点五`, `半`), from a position in an array of reading characters.
public enum ChineseNumber {
  static let digits: [Character: Double] = [
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
    "九": 9,
  ]
  static let multipliers: [Character: Double] = ["十": 10, "百": 100, "千": 1000]

  /// A number read at `start`: its value, the index just after it, and whether it is Arabic.
  public struct Reading: Sendable, Equatable {
    public var value: Double
    public var end: Int
    public var arabic: Bool
  }

  /// The number that starts at `start`, or nil. `半` alone is 0.5.
  public static func read(_ text: [Character], at start: Int) -> Reading? {
    guard start < text.count else { return nil }
    if text[start].isASCII, text[start].isNumber { return readArabic(text, at: start) }
    if text[start] == "半" { return Reading(value: 0.5, end: start + 1, arabic: false) }
    return readChinese(text, at: start)
  }

  static func readArabic(_ text: [Character], at start: Int) -> Reading? {
    var end = start
    while end < text.count, text[end].isASCII, text[end].isNumber { end += 1 }
    // A decimal point followed by a digit; "1." before a letter is a list marker, not a number.
    if end + 1 < text.count, text[end] == ".", text[end + 1].isASCII, text[end + 1].isNumber {
      end += 1
      while end < text.count, text[end].isASCII, text[end].isNumber { end += 1 }
    }
    guard let value = Double(String(text[start..<end])) else { return nil }
    return Reading(value: value, end: end, arabic: true)
  }

  static func readChinese(_ text: [Character], at start: Int) -> Reading? {
    var total = 0.0
    var section = 0.0
    var pending: Double? = nil
    var end = start
    while end < text.count, end - start < 12 {
      let character = text[end]
      if let digit = digits[character] {
        // 二〇一二: digits written one after another are a decimal number (a year).
        if let previous = pending, end > start, digits[text[end - 1]] != nil {
          pending = previous * 10 + digit
        } else {
          pending = digit
        }
      } else if let multiplier = multipliers[character] {
        // 十五 and a leading 百 (百分之百) count one of the multiplier.
        section += (pending ?? (multiplier == 10 || end == start ? 1 : 0)) * multiplier
        pending = nil
      } else if character == "万" {
        guard end > start else { return nil }
        total += (section + (pending ?? 0)) * 10_000
        section = 0
        pending = nil
      } else {
        break
      }
      end += 1
    }
    guard end > start else { return nil }
    var value = total + section + (pending ?? 0)
    // 零点五, 二点五: a decimal part in single digits.
    if end + 1 < text.count, text[end] == "点", digits[text[end + 1]] != nil {
      var scale = 0.1
      end += 1
      while end < text.count, let digit = digits[text[end]] {
        value += digit * scale
        scale /= 10
        end += 1
      }
    }
    return Reading(value: value, end: end, arabic: false)
  }
}
