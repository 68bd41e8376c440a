import Foundation

/// A line of regulation text in two aligned forms: the original, from which quotes are cut
/// verbatim, and a reading form (Simplified characters, half-width digits and punctuation) with
/// exactly one character per original character, so an offset in one is an offset in the other.
public struct ReadingText: Sendable, Equatable {
  public let original: [Character]
  public let reading: [Character]

  public init(_ line: String) {
    original = Array(line)
    let halfWidth = String(original.map(Self.halfWidth))
    let simplified = Self.simplified(halfWidth)
    reading = simplified.count == original.count ? Array(simplified) : Array(halfWidth)
  }

  /// The verbatim original text of `range`.
  public func quote(_ range: Range<Int>) -> String { String(original[range]) }

  /// The reading form as one string.
  public var readingString: String { String(reading) }

  /// Full-width ASCII forms and the ideographic space as their half-width forms (one for one).
  static func halfWidth(_ character: Character) -> Character {
    guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else {
      return character
    }
    switch scalar.value {
    case 0xFF01...0xFF5E: return Character(Unicode.Scalar(scalar.value - 0xFEE0)!)
    case 0x3000: return " "
    case 0x3001: return "、"
    default: return character
    }
  }

  /// Traditional to Simplified through ICU's `Hant-Hans` transform, character by character when
  /// a whole-line conversion would change the length (the offsets must stay aligned).
  static func simplified(_ text: String) -> String {
    let transform = StringTransform("Hant-Hans")
    if let converted = text.applyingTransform(transform, reverse: false), converted.count == text.count {
      return converted
    }
    return String(
      text.map { character in
        let converted = String(character).applyingTransform(transform, reverse: false)
        return converted.flatMap { $0.count == 1 ? $0.first : nil } ?? character
      })
  }
}
