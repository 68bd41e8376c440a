import Testing

@testable import RuleDrafting

/// Article numbering, document titles and the aligned reading form.
@Suite struct RegulationOutlineTests {
  static func articles(_ text: String) -> [(String, String, String)] {
    RegulationOutline(text: text, fallbackTitle: "file").sentences.map {
      ($0.document, $0.article, $0.original)
    }
  }

  @Test func articlesOfTheArticleStyle() {
    let text = "服务管理制度\n第一章总则\n第七条服务流程\n1.服务流程应包括以下环节:\na.接待客户;\n第十条服务结束后,应及时收集客户反馈。"
    let read = Self.articles(text)
    #expect(read.map(\.1) == ["第一章", "第七条", "第七条 1.", "第七条 1. a.", "第十条"])
    #expect(read.allSatisfy { $0.0 == "服务管理制度" })
    #expect(read.last?.2 == "服务结束后,应及时收集客户反馈。")
  }

  @Test func chineseListsAndParentheses() {
    let text = "一、總則\n(一)目的\n1.響應及時對于客戶的咨詢應在規定時間內做出響應。\n（二）服務流程\n2、客戶需求受理"
    #expect(Self.articles(text).map(\.1) == ["一、", "一、 (一)", "一、 (一) 1.", "一、 （二）", "一、 （二） 2、"])
  }

  @Test func inlineNumberingAfterATitle() {
    // 004 is one line: the title, then 一、 (一) 1. markers inline.
    let text = "子公司服務管理制度一、總則(一)目的為了規范。(三)基本原則1.客戶導向原則以滿足客戶需求為出發點。"
    let read = Self.articles(text)
    #expect(read.first?.0 == "子公司服務管理制度")
    #expect(read.map(\.1) == ["一、", "一、 (一)", "一、 (三)", "一、 (三) 1."])
  }

  @Test func dottedSections() {
    let text = "3.4管理規定\n  3.4.2未經三級安全教育,不準上崗。\n3.4.2.1新員工\n1.5倍工資"
    let read = Self.articles(text)
    #expect(read.map(\.1) == ["3.4", "3.4.2", "3.4.2.1", "3.4.2.1"])
    #expect(read.last?.2 == "1.5倍工資")
  }

  @Test func articlesWithArabicNumerals() {
    let read = Self.articles("第1篇\n第3条 本制度适用于公司所有服务部门。\n(1)迟到20分钟内罚10元")
    #expect(read.map(\.0) == ["第1篇", "第1篇"])
    #expect(read.map(\.1) == ["第3条", "第3条 (1)"])
  }

  @Test func documentsOfACollection() {
    let text = "裝修裝飾服務制度篇一\n1、上班時儀容儀表不符合要求,罰10元。\n裝修裝飾服務制度篇二\n1.社區衛生服務站。"
    let read = Self.articles(text)
    #expect(read.map(\.0) == ["裝修裝飾服務制度篇一", "裝修裝飾服務制度篇二"])
    #expect(read.map(\.1) == ["1、", "1."])
  }

  @Test func boilerplateBulletsAreSkipped() {
    #expect(Self.articles("- 3、如文档侵犯商业秘密(电话支持时间:9:00-18:30)。").isEmpty)
  }

  @Test func traditionalAndSimplifiedReadAlike() {
    let traditional = ReadingText("遲到早退20分鐘內罰10元，１小時以上按曠工處理")
    let simplified = ReadingText("迟到早退20分钟内罚10元,1小时以上按旷工处理")
    #expect(traditional.reading == simplified.reading)
    #expect(traditional.original.count == traditional.reading.count)
    // Quotes are cut from the original characters.
    #expect(traditional.quote(0..<4) == "遲到早退")
    #expect(
      ThresholdReader().read(traditional.reading).map(\.normalized)
        == ThresholdReader().read(simplified.reading).map(\.normalized))
  }

  @Test func fullWidthPunctuationAndDigits() {
    let text = ReadingText("（一）滿意度不低於９５％；罰款５０元／次")
    #expect(String(text.reading).hasPrefix("(一)"))
    #expect(ThresholdReader().read(text.reading).map(\.normalized) == [">= 95%", "50 CNY per occurrence"])
  }

  @Test func tiersInOneSentence() throws {
    let text = "投诉处理制度\n一般投诉应在24小时内响应；重大投诉应在12小时内响应。"
    let candidate = try #require(ClauseDrafter().candidates(text: text, file: "007_x.txt").first)
    #expect(candidate.tiers.map(\.label) == ["一般投诉", "重大投诉"])
    #expect(candidate.tiers.map(\.threshold.normalized) == ["24h", "12h"])
    #expect(candidate.kind == .response)
    #expect(candidate.id == "D7-01")
  }

  @Test func tierLabelsFromThePartBeforeAndWithoutFillers() throws {
    let repair = "維修制度\n2.一般性維修不超過2小時;對于特別困難的,不超過72小時(工藝要求特殊的除外)。"
    let first = try #require(ClauseDrafter().candidates(text: repair, file: "x.txt").first)
    #expect(first.tiers.map(\.label) == ["一般性維修", "特別困難"])
    let dispatch = "服務制度\n第十四條所有服務作業,市區采用六小時,郊區采用七小時派工制。"
    let second = try #require(ClauseDrafter().candidates(text: dispatch, file: "x.txt").first)
    #expect(second.tiers.map(\.label) == ["市區", "郊區"])
    // A lead's other numbers are no tiers.
    let leave = "考勤制度\n請假者必須提前一天向經理告知,曠工一天,扣除三天工資。"
    let third = try #require(ClauseDrafter().candidates(text: leave, file: "x.txt").first)
    #expect(third.kind == .lead)
    #expect(third.tiers.isEmpty)
  }
}
