/// Human text in the two languages a rule file carries.
public struct LocalizedText: Sendable, Hashable, Codable {
  public var zh: String
  public var en: String

  public init(zh: String, en: String) {
    self.zh = zh
    self.en = en
  }

  public func text(_ language: Language) -> String {
    switch language {
    case .zh: zh.isEmpty ? en : zh
    case .en: en.isEmpty ? zh : en
    }
  }
}

/// The output language: every human string of a report is chosen by it.
public enum Language: String, Sendable, Hashable, CaseIterable, Codable {
  case zh, en
}
