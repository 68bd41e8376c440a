import Foundation
import Testing

@testable import PolicyRules

/// A site profile replaces assumed thresholds without editing rules, and says when it names
/// nothing.
@Suite struct SiteProfileTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()
  static let rules = repository.appendingPathComponent("Rules").path
  static let example = repository.appendingPathComponent("Rules/profiles/example-site.yaml").path

  @Test func exampleProfileOverridesAssumedParameters() throws {
    let plain = RuleLibrary.load(paths: [Self.rules])
    let site = RuleLibrary.load(paths: [Self.rules], profilePath: Self.example)
    #expect(site.diagnostics.isEmpty, "\(site.renderedDiagnostics)")

    let before = try #require(plain.rules.first { $0.id == "S0-05-reply" })
    let after = try #require(site.rules.first { $0.id == "S0-05-reply" })
    #expect(before.parameters["email_reply_sla"]?.origin == .assumed)
    #expect(before.assumedParameters.map(\.name) == ["email_reply_sla"])
    #expect(after.parameters["email_reply_sla"]?.value == .duration(PolicyDuration(amount: 12, unit: .hours)))
    #expect(after.parameters["email_reply_sla"]?.origin == .profile)
    #expect(after.assumedParameters.isEmpty)
    guard let check = after.check as? ResponseCheck, case .fixed(let limit)? = check.within else {
      Issue.record("S0-05-reply should be a response check with a fixed limit")
      return
    }
    #expect(limit == PolicyDuration(amount: 12, unit: .hours))

    // A global parameter reaches every rule that has one of that name.
    let immediate = site.rules.filter { $0.parameters["immediate"] != nil }
    #expect(!immediate.isEmpty)
    for rule in immediate {
      #expect(
        rule.parameters["immediate"]?.value == .duration(PolicyDuration(amount: 15, unit: .minutes)),
        "\(rule.id)")
    }

    // A metric target given by the profile.
    let satisfaction = try #require(site.rules.first { $0.id == "S4-06-satisfaction" }?.check as? MetricCheck)
    #expect(satisfaction.target == 0.95)
  }

  @Test func profileKeysThatNameNothingAreWarned() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "profile-\(UUID().uuidString).yaml"
    ).path
    try "profile: typo\nparameters: {imediate: 5m}\nrules: {S0-05-replyy: {x: 1h}}\n".write(
      toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let library = RuleLibrary.load(paths: [Self.rules], profilePath: path)
    #expect(!library.hasErrors)
    #expect(
      library.diagnostics.map(\.description) == [
        "\(path):2:14: warning: no rule has a parameter 'imediate'; did you mean 'immediate'?",
        "\(path):3:9: warning: no rule with id 'S0-05-replyy'; did you mean 'S0-05-reply'?",
      ])
  }
}
