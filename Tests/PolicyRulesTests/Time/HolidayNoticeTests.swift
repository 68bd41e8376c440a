import Foundation
import Testing

@testable import PolicyRules

/// The State Council notices of 2024–2026, written in their official form (Fixtures/notices/),
/// read into exactly the days of shared/reference/cn-statutory-calendar.md; and every form the
/// reader cannot vouch for refused at its line and column.
@Suite struct HolidayNoticeTests {
  static let noticeDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("Fixtures/notices").path

  static func read(_ text: String, year: Int? = nil) -> (HolidayNotice?, [String]) {
    var bag = DiagnosticBag(path: "n.txt")
    let notice = HolidayNotice.read(text, year: year, diagnostics: &bag)
    return (notice, bag.items.map(\.description))
  }

  @Test func officialNoticesGiveTheReferenceDays() throws {
    var offRanges: [(String, String)] = []
    var makeUp: [String] = []
    var names: [String] = []
    for year in [2024, 2025, 2026] {
      let text = try String(contentsOfFile: "\(Self.noticeDirectory)/\(year).txt", encoding: .utf8)
      let (notice, problems) = Self.read(text)
      #expect(problems.isEmpty, "\(year): \(problems)")
      let read = try #require(notice)
      #expect(read.year == year)
      offRanges += read.festivals.map { ($0.from.description, $0.to.description) }
      makeUp += read.festivals.flatMap { $0.makeUpDays.map(\.description) }
      names += read.festivals.map { "\(year) \($0.name)" }
    }
    #expect(offRanges.map { "\($0.0)…\($0.1)" } == ChinaReference.offRanges.map { "\($0.0)…\($0.1)" })
    #expect(makeUp.sorted() == ChinaReference.makeUpDays)
    #expect(names.contains("2025 国庆节、中秋节") && names.contains("2024 元旦") && names.count == 20)
  }

  @Test func sourceIsTheDocumentNumberWhenGiven() throws {
    let text = try String(contentsOfFile: "\(Self.noticeDirectory)/2025.txt", encoding: .utf8)
    #expect(HolidayNotice.sourceName(in: text, year: 2025) == "国办发明电〔2024〕12号")
    #expect(HolidayNotice.sourceName(in: "一、元旦：…", year: 2027) == "国务院办公厅关于2027年部分节假日安排的通知")
  }

  /// Dates of another year, a wrapped item, full-width digits and 星期天.
  @Test func readsTheLessCommonForms() throws {
    let text = """
      国务院办公厅关于2019年部分节假日安排的通知
      一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）
      上班。
      二、春节：２月４日至１０日放假调休，共７天。２月２日（星期六）、２月３日（星期天）上班。
      """
    let (notice, problems) = Self.read(text)
    #expect(problems.isEmpty, "\(problems)")
    let festivals = try #require(notice).festivals
    #expect(festivals.map { "\($0.from)…\($0.to)" } == ["2018-12-30…2019-01-01", "2019-02-04…2019-02-10"])
    #expect(
      festivals.map { $0.makeUpDays.map(\.description) } == [["2018-12-29"], ["2019-02-02", "2019-02-03"]])
  }

  @Test(arguments: [
    // A weekday that is not the date's: a typo in the date or the weekday.
    (
      "关于2026年部分节假日安排的通知\n一、元旦：1月1日（周五）放假1天。",
      "n.txt:2:11: error: 2026-01-01 falls on 周四, not 周五; check the date"
    ),
    // 共N天 that does not count the days.
    (
      "关于2026年部分节假日安排的通知\n一、元旦：1月1日至3日放假调休，共4天。",
      "n.txt:2:19: error: the notice says 4 days but 2026-01-01–2026-01-03 is 3"
    ),
    // A sentence that is neither days off nor working days.
    ("关于2026年部分节假日安排的通知\n一、元旦：1月1日放假。1月4日照常营业。", "n.txt:2:13: error: cannot read this sentence"),
    // A date that does not exist.
    ("关于2026年部分节假日安排的通知\n一、元旦：2月30日放假。", "n.txt:2:6: error: 2026-2-30 is not a date"),
    // An arrangement outside the numbered items.
    (
      "关于2026年部分节假日安排的通知\n元旦：1月1日放假。",
      "n.txt:2:1: error: this line names days off or working days but is not a numbered item"
    ),
    // No year anywhere.
    ("一、元旦：1月1日放假。", "n.txt:1:1: error: no year found"),
    // An item that does not end.
    ("关于2026年部分节假日安排的通知\n一、元旦：1月1日放假", "n.txt:2:12: error: the item does not end with '。'"),
    // Make-up days without 上班 at the end.
    ("关于2026年部分节假日安排的通知\n一、元旦：1月1日放假。1月4日（周日）、上班。", "n.txt:2:22: error: expected a date"),
  ])
  func refusesWhatItCannotRead(_ text: String, _ expected: String) {
    let (notice, problems) = Self.read(text)
    #expect(notice == nil)
    #expect(problems.contains { $0.hasPrefix(expected) }, "\(problems)")
  }

  @Test func yearCanBeGiven() {
    let (notice, problems) = Self.read("一、元旦：1月1日（周五）放假1天，不调休。", year: 2027)
    #expect(problems.isEmpty, "\(problems)")
    #expect(notice?.holidayEntries == ["{name: 2027 元旦, date: 2027-01-01}"])
  }

  @Test func addsTheYearToACalendarText() throws {
    let base = """
      calendar: c
      time_zone: Asia/Shanghai
      working_hours: {mon: ["09:00-18:00"], tue: ["09:00-18:00"], wed: ["09:00-18:00"], thu: ["09:00-18:00"], fri: ["09:00-18:00"], sat: [], sun: []}
      covers: {from: 2026-01-01, to: 2026-12-31}
      holidays:
        - {name: 2026 元旦, from: 2026-01-01, to: 2026-01-03}
      make_up_days: []

      """
    let (loaded, problems) = WorkCalendarLoadingTests.load(base)
    #expect(problems.isEmpty, "\(problems)")
    let calendar = try #require(loaded)
    let (notice, _) = Self.read("关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。1月4日（周一）上班。")
    let parsed = try #require(notice)
    let added = try parsed.adding(to: base, existing: calendar, source: "N").get()
    #expect(
      added == """
        calendar: c
        time_zone: Asia/Shanghai
        working_hours: {mon: ["09:00-18:00"], tue: ["09:00-18:00"], wed: ["09:00-18:00"], thu: ["09:00-18:00"], fri: ["09:00-18:00"], sat: [], sun: []}
        source: N
        covers: {from: 2026-01-01, to: 2027-12-31}
        holidays:
          - {name: 2026 元旦, from: 2026-01-01, to: 2026-01-03}
          - {name: 2027 元旦, from: 2027-01-01, to: 2027-01-03}
        make_up_days:
          - {date: 2027-01-04, name: 2027 元旦调休}     # Mon

        """)
    // The same year twice, and a year after a gap, are refused.
    let (again, _) = WorkCalendarLoadingTests.load(added)
    let twice = parsed.adding(to: added, existing: try #require(again), source: "N")
    #expect((try? twice.get()) == nil)
    let (later, _) = Self.read("关于2029年部分节假日安排的通知\n一、元旦：1月1日放假。")
    let gap = try #require(later).adding(to: base, existing: calendar, source: "N")
    guard case .failure(let error) = gap else {
      Issue.record("a gap was accepted")
      return
    }
    #expect(error.message.contains("would leave a gap; import the notices of 2027–2028 first"))
  }
}
