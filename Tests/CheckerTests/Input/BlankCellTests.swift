import Testing

@testable import Checker

/// Cells that start with a blank are looked at again (all blanks = missing); others are not.
@Suite struct BlankCellTests {
  @Test func allBlankIdsAndActivitiesAreMissingButLeadingBlanksAreKept() {
    let text = """
      case,activity,time,resource
      c1,a,2024-01-01 10:00,r
      "  ",a,2024-01-01 10:00,r
      c1,"\t ",2024-01-01 10:00,r
      " c2", b,2024-01-01 11:00, r
      c1,b,2024-01-01 12:00,"  "
      """
    let path = InputTestSupport.write(text, name: "blanks.csv")
    let dataset = InputTestSupport.load([InputTestSupport.eventLog(path)])
    #expect(InputTestSupport.expectInvariant(dataset))
    #expect(dataset.counts == ReadCounts(read: 5, used: 3, rejected: 2))
    #expect(
      dataset.rejections.map(\.reason) == [
        "missing case id in column case", "missing activity in column activity",
      ])
    #expect(dataset.rejections.map(\.source.line) == [3, 4])
    #expect(dataset.cases.count == 2)
  }
}
