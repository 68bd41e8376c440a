import Foundation

/// The character encoding of an input file.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
  case utf8 = "utf-8"
  case gb18030
  case gbk
  /// Valid UTF-8 ⇒ UTF-8; otherwise, if the bytes decode as GB18030 and look like it, GB18030.
  case auto

  /// Accepts the spellings people write in descriptions and on the command line.
  public init?(name: String) {
    switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
    case "utf-8", "utf8": self = .utf8
    case "gb18030", "gb-18030": self = .gb18030
    case "gbk", "cp936", "gb2312": self = .gbk
    case "auto": self = .auto
    default: return nil
    }
  }

  /// The names `init(name:)` documents, for did-you-mean suggestions.
  public static let acceptedNames = ["utf-8", "gb18030", "gbk", "auto"]

  /// The name glibc `iconv_open` knows this encoding by.
  var iconvName: String? {
    switch self {
    case .gb18030: "GB18030"
    case .gbk: "GBK"
    case .utf8, .auto: nil
    }
  }
}
