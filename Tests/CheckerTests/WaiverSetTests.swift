import Foundation
import PolicyRules
import Testing

@testable import Checker

/// Waivers need a reason, an approver and an expiry; patterns and expiry decide what they cover.
@Suite struct WaiverSetTests {
  func load(_ text: String) throws -> (WaiverSet?, [String]) {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "waivers-\(UUID().uuidString).yaml"
    ).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    var bag = DiagnosticBag(path: path)
    let set = WaiverSet.load(path: path, diagnostics: &bag)
    return (set, bag.items.map { "\($0.mark.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)" })
  }

  @Test func everyFieldIsRequired() throws {
    let (set, messages) = try load(
      """
      waivers:
        - {rule: S2-26-*, subject: SO-0042, reason: 客户要求改约, approver: 王经理}
        - {rule: S0-05-reply, subject: EM-1, reason: x, approver: y, expires: 2024-13-01}
        - {rule: S0-05-reply, subject: EM-1, reason: x, approver: y, expires: 2024-12-31, note: z}
      """)
    #expect(set == nil)
    #expect(
      messages == [
        "2:5 missing required key 'expires' in waivers[0]",
        "3:73 waivers[1].expires must be a date YYYY-MM-DD, found '2024-13-01'",
        "4:85 unknown key 'note' in waivers[2]",
      ])
  }

  @Test func patternsAndExpiry() throws {
    let (loaded, messages) = try load(
      """
      waivers:
        - {rule: S2-26-*, subject: SO-00*, reason: 客户要求改约, approver: 王经理, expires: 2024-10-31}
        - {rule: S0-05-reply, subject: EM-1, reason: 邮件系统故障, approver: 李主管, expires: 2024-09-30}
      """)
    #expect(messages.isEmpty)
    let set = try #require(loaded)
    let october = LocalTime.parse("2024-10-08 00:00", timeZoneIdentifier: "Asia/Shanghai")!
    #expect(set.waiver(for: "S2-26-dispatch-city", subject: "SO-0042", asOf: october)?.approver == "王经理")
    #expect(set.waiver(for: "S2-25-next-day", subject: "SO-0042", asOf: october) == nil)
    #expect(set.waiver(for: "S2-26-dispatch-city", subject: "SO-0142", asOf: october) == nil)
    // Expired at the cut-off: not applied, listed.
    #expect(set.waiver(for: "S0-05-reply", subject: "EM-1", asOf: october) == nil)
    #expect(set.expired(asOf: october).map(\.reason) == ["邮件系统故障"])
    // Still valid on its last day.
    let lastDay = LocalTime.parse("2024-09-30 23:59", timeZoneIdentifier: "Asia/Shanghai")!
    #expect(set.waiver(for: "S0-05-reply", subject: "EM-1", asOf: lastDay) != nil)
  }
}
