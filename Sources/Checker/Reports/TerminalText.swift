/// Column arithmetic for terminal text: CJK characters take two columns, so tables of Chinese
/// text line up only when padded by display width rather than character count. And the one
/// sanitiser of everything printed to a terminal.
public enum TerminalText {
  /// Text made safe to print: control characters (escape and OSC sequences, bells, carriage
  /// returns, C1 controls) from record text become U+FFFD, so data can never retitle, recolour or
  /// overwrite the user's terminal. Line feeds and tabs are kept with `keepingLineBreaks`
  /// (multi-line messages such as diagnostics with their source line and caret).
  public static func safe(_ text: String, keepingLineBreaks: Bool = false) -> String {
    func replaced(_ scalar: Unicode.Scalar) -> Bool {
      isControl(scalar) && !(keepingLineBreaks && (scalar == "\n" || scalar == "\t"))
    }
    guard text.unicodeScalars.contains(where: replaced) else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars { out.append(replaced(scalar) ? "\u{FFFD}" : scalar) }
    return String(out)
  }

  /// C0 controls, DEL and C1 controls: what a terminal may act on rather than show.
  @inline(__always)
  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
  }

  /// Columns a string occupies in a monospaced terminal.
  static func width(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
  }

  static func width(of scalar: Unicode.Scalar) -> Int {
    switch scalar.value {
    case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: 0  // combining marks, zero-width
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
      2
    default: 1
    }
  }

  /// Cut to at most `columns`, ending in `…` when cut.
  static func truncate(_ text: String, to columns: Int) -> String {
    guard width(text) > columns else { return text }
    var out = ""
    var used = 0
    for character in text {
      let w = width(String(character))
      if used + w > columns - 1 { break }
      out.append(character)
      used += w
    }
    return out + "…"
  }

  /// Left-aligned in `columns` (cut when longer).
  static func padRight(_ text: String, _ columns: Int) -> String {
    let cut = truncate(text, to: columns)
    return cut + String(repeating: " ", count: max(0, columns - width(cut)))
  }

  /// Right-aligned in `columns`.
  static func padLeft(_ text: String, _ columns: Int) -> String {
    String(repeating: " ", count: max(0, columns - width(text))) + text
  }

  /// Wraps to `columns`, breaking at spaces where possible (and anywhere in CJK text, which has
  /// none); continuation lines start with `indent`. The first line carries its own prefix.
  static func wrap(_ text: String, firstPrefix: String, indent: String, columns: Int) -> [String] {
    var lines: [String] = []
    var line = Array(firstPrefix)
    let indentCharacters = Array(indent)
    var lastSpace: Int? = nil
    func lineWidth() -> Int { line.reduce(0) { $0 + width(String($1)) } }
    for character in text.replacingOccurrences(of: "\n", with: " ") {
      if lineWidth() + width(String(character)) > columns, line.count > indentCharacters.count {
        if character == " " {
          lines.append(String(line))
          line = indentCharacters
          lastSpace = nil
          continue
        }
        if let space = lastSpace, space >= indentCharacters.count {
          let carried = line[(space + 1)...]
          lines.append(String(line[..<space]))
          line = indentCharacters + carried
        } else {
          lines.append(String(line))
          line = indentCharacters
        }
        lastSpace = nil
      }
      if character == " " { lastSpace = line.count }
      line.append(character)
    }
    lines.append(String(line))
    return lines
  }
}
