import Testing

@testable import Checker

/// Finding texts for people: conditions of event matchers out of the sentence, field names by
/// the data's column headers.
@Suite struct PeopleTextTests {
  @Test func conditionsLeaveTheSentence() {
    let (text, had) = ReportFacts.peopleText(
      "shipped 前没有 approved [role == \"warehouse_keeper\"] 审批", labels: [:])
    #expect(text == "shipped 前没有 approved 审批" && had)
    // Brackets inside quoted text stay inside the condition.
    let nested = ReportFacts.peopleText("没有 callback [channel in [\"a]\", \"b\"]] 记录", labels: [:])
    #expect(nested.text == "没有 callback 记录" && nested.hadExpression)
  }

  @Test func fieldNamesBecomeTheirHeadersAsWholeWords() {
    let labels = ["contact": "联系方式", "minutes_late": "迟到分钟"]
    #expect(ReportFacts.peopleText("缺少 contact", labels: labels) == ("缺少 联系方式", false))
    #expect(ReportFacts.peopleText("minutes_late 不超过 0", labels: labels).text == "迟到分钟 不超过 0")
    #expect(ReportFacts.peopleText("contacted 1h after", labels: labels).text == "contacted 1h after")
  }

  @Test func unbalancedTextIsLeftAsItIs() {
    #expect(ReportFacts.peopleText("a [b", labels: ["a": "x"]) == ("a [b", false))
  }
}
