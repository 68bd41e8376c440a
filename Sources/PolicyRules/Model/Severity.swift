/// How serious a violation of a rule is; ordered so `--fail-on major` includes critical.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
  case info, minor, major, critical

  private var rank: Int {
    switch self {
    case .info: 0
    case .minor: 1
    case .major: 2
    case .critical: 3
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

  public var label: LocalizedText {
    switch self {
    case .info: LocalizedText(zh: "提示", en: "info")
    case .minor: LocalizedText(zh: "一般", en: "minor")
    case .major: LocalizedText(zh: "严重", en: "major")
    case .critical: LocalizedText(zh: "致命", en: "critical")
    }
  }
}
