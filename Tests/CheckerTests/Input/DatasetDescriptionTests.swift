import PolicyRules
import Testing

@testable import Checker

/// Descriptions built from hand-made nodes, so the marks are known exactly.
@Suite struct DatasetDescriptionTests {
  func scalar(_ value: String, _ line: Int, _ column: Int, style: YAMLScalar.Style = .plain) -> YAMLNode {
    .scalar(YAMLScalar(value: value, style: style, mark: SourceMark(line: line, column: column)))
  }

  func mapping(_ line: Int, _ column: Int, _ entries: [(String, YAMLNode)]) -> YAMLNode {
    .mapping(
      YAMLMapping(
        entries: entries.map { key, value in
          // Keys sit just left of their values in these fixtures: same line, column 1 of the mapping.
          YAMLMapping.Entry(
            key: YAMLScalar(value: key, mark: SourceMark(line: value.mark.line, column: column)), value: value
          )
        }, mark: SourceMark(line: line, column: column)))
  }

  func load(_ root: YAMLNode) -> (DatasetDescription?, [String]) {
    var bag = DiagnosticBag(path: "data/d.yaml")
    let document = YAMLDocument(
      path: "data/d.yaml", root: root, source: SourceText(path: "data/d.yaml", text: ""))
    let description = DatasetDescription.load(document, diagnostics: &bag)
    return (description, bag.items.map(\.description))
  }

  /// A description of one source, its entries at lines 2 on (the source's mapping at 2:5).
  func oneSource(_ entries: [(String, YAMLNode)]) -> YAMLNode {
    mapping(
      1, 1,
      [
        (
          "sources",
          .sequence(YAMLSequence(items: [mapping(2, 5, entries)], mark: SourceMark(line: 2, column: 3)))
        )
      ])
  }

  func source(_ line: Int, _ extra: [(String, YAMLNode)]) -> YAMLNode {
    mapping(
      line, 5,
      [("file", scalar("orders.csv", line, 11)), ("record", scalar("repair_order", line + 1, 13))] + extra)
  }

  @Test func validDescriptionResolvesFilesNextToIt() {
    let root = mapping(
      1, 1,
      [
        ("dataset", scalar("repairs", 1, 10)), ("time_zone", scalar("Asia/Shanghai", 2, 12)),
        (
          "sources",
          .sequence(
            YAMLSequence(
              items: [
                source(
                  4,
                  [
                    ("case_id", scalar("工单号", 6, 14)), ("encoding", scalar("gb18030", 7, 15)),
                    ("delimiter", scalar(";", 8, 16, style: .doubleQuoted)),
                    (
                      "timestamps",
                      mapping(9, 7, [("受理时间", scalar("%Y-%m-%d %H:%M", 9, 20, style: .doubleQuoted))])
                    ),
                    ("events", mapping(10, 7, [("受理时间", scalar("call_received", 10, 20))])),
                    (
                      "numbers",
                      .sequence(
                        YAMLSequence(items: [scalar("金额", 11, 15)], mark: SourceMark(line: 11, column: 14)))
                    ),
                  ])
              ], mark: SourceMark(line: 4, column: 3)))
        ),
      ])
    let (description, diagnostics) = load(root)
    #expect(diagnostics == [])
    let first = description?.sources.first
    #expect(description?.name == "repairs")
    #expect(first?.resolvedPath == "data/orders.csv")
    #expect(first?.encoding == .gb18030)
    #expect(first?.delimiter == UInt8(ascii: ";"))
    #expect(first?.kind == .records)
    #expect(first?.format == .csv)
    #expect(first?.timestamps.first?.format == .pattern("%Y-%m-%d %H:%M"))
    #expect(first?.events.first?.activity == "call_received")
    #expect(first?.caseId?.mark == SourceMark(line: 6, column: 14))
  }

  /// Found by FuzzDatasetDescription: `record: !work_log` (a tag, its value empty) loaded a source
  /// whose record type was "".
  @Test func emptyTextValuesAreErrorsAtTheirPosition() {
    func sources(_ record: YAMLNode) -> YAMLNode {
      oneSource([
        ("file", scalar("log.jsonl", 2, 11)), ("record", record), ("kind", scalar("records", 4, 11)),
        ("case_id", scalar("id", 5, 14)),
      ])
    }
    let tagged = YAMLNode.scalar(
      YAMLScalar(value: "", style: .plain, mark: SourceMark(line: 3, column: 13), tag: "!work_log"))
    let (taggedDescription, taggedDiagnostics) = load(sources(tagged))
    #expect(taggedDescription == nil)
    #expect(
      taggedDiagnostics == [
        "data/d.yaml:3:13: error: 'record' must not be empty ('!work_log' is a YAML tag, not a value)"
      ])
    let (blankDescription, blankDiagnostics) = load(sources(scalar("  ", 3, 13, style: .doubleQuoted)))
    #expect(blankDescription == nil)
    #expect(blankDiagnostics == ["data/d.yaml:3:13: error: 'record' must not be empty"])
  }

  @Test func quotedFieldLimitsArePerSourceAndCheckedThere() {
    func sources(_ extra: [(String, YAMLNode)]) -> YAMLNode {
      mapping(
        1, 1,
        [
          (
            "sources",
            .sequence(
              YAMLSequence(
                items: [source(2, [("case_id", scalar("id", 4, 14))] + extra)],
                mark: SourceMark(line: 2, column: 3))
            )
          )
        ])
    }
    let (described, clean) = load(
      sources([("max_field_lines", scalar("20", 5, 22)), ("max_field_bytes", scalar("4096", 6, 22))]))
    #expect(clean == [])
    #expect(
      described?.sources.first?.quotedFieldLimits == CSVReader.QuotedFieldLimits(maxLines: 20, maxBytes: 4096)
    )
    let (defaulted, _) = load(sources([]))
    #expect(defaulted?.sources.first?.quotedFieldLimits == .standard)
    let (_, errors) = load(sources([("max_field_lines", scalar("0", 5, 22))]))
    #expect(
      errors == ["data/d.yaml:5:22: error: 'max_field_lines' must be a whole number of at least 1, found '0'"]
    )
  }

  @Test func everyMistakeIsReportedAtItsPosition() {
    let root = mapping(
      1, 1,
      [
        ("tim_zone", scalar("Asia/Shanghai", 2, 11)),
        (
          "sources",
          .sequence(
            YAMLSequence(
              items: [
                source(
                  4,
                  [
                    ("kind", scalar("record", 6, 11)), ("encodng", scalar("gbk", 7, 14)),
                    ("case_id", scalar("id", 8, 14)),
                    ("timestamps", mapping(9, 7, [("at", scalar("%Y-%q", 9, 12))])),
                  ]),
                mapping(12, 5, [("record", scalar("x", 12, 13))]),
              ], mark: SourceMark(line: 4, column: 3)))
        ),
      ])
    let (description, diagnostics) = load(root)
    #expect(description == nil)
    #expect(
      diagnostics == [
        "data/d.yaml:2:1: error: unknown key 'tim_zone' in dataset description; did you mean 'time_zone'?",
        "data/d.yaml:7:5: error: unknown key 'encodng' in source; did you mean 'encoding'?",
        "data/d.yaml:6:11: error: unknown kind 'record'; expected records or events; did you mean 'records'?",
        "data/d.yaml:9:12: error: unknown directive '%q' in timestamp pattern; use %Y %m %d %H %M %S %f %z",
        "data/d.yaml:12:5: error: missing key 'file' (or 'postgres' / 'sqlite') in source",
      ])
  }

  @Test func wrongShapesAndValues() {
    let root = mapping(
      1, 1,
      [
        ("time_zone", scalar("Mars/Olympus", 1, 12)),
        ("sources", scalar("orders.csv", 2, 10)),
      ])
    let (_, diagnostics) = load(root)
    #expect(
      diagnostics == [
        "data/d.yaml:1:12: error: unknown time zone 'Mars/Olympus'",
        "data/d.yaml:2:10: error: 'sources' must be a non-empty list of files",
      ])
  }

  @Test func eventsSourcesNeedActivityAndTime() {
    let root = oneSource([
      ("file", scalar("log.jsonl", 2, 11)), ("kind", scalar("events", 3, 11)),
      ("case_id", scalar("id", 4, 14)),
      ("delimiter", scalar("/", 5, 16)),
    ])
    let (_, diagnostics) = load(root)
    #expect(
      diagnostics == [
        "data/d.yaml:5:16: error: unsupported delimiter '/'; expected ',', ';', '|' or tab",
        "data/d.yaml:2:5: error: missing key 'activity' in events source",
        "data/d.yaml:2:5: error: missing key 'time' in events source",
      ])
  }
}

/// Descriptions read from YAML text through `YAMLParser`.
@Suite struct DatasetDescriptionFileTests {
  @Test func fixtureDescriptionLoadsAndJoins() {
    let dataset = DatasetLoader.load(descriptionAt: InputTestSupport.fixture("description.yaml"))
    #expect(!dataset.hasFileErrors)
    #expect(dataset.cases.map(\.id) == ["R-2", "R-10", "R-99"])
    #expect(dataset.cases.allSatisfy { $0.recordType == "repair_order" })
    #expect(dataset.counts == ReadCounts(read: 7, used: 5, rejected: 2))
  }

  @Test func errorsInATextFileCarryTheirPositions() {
    let text = """
      dataset: x
      time_zon: Asia/Shanghai
      sources:
        - file: a.csv
          record: r
          case_id: id
          numbers: {a: b}
          encoding: latin1
      """
    let path = InputTestSupport.write(text, name: "bad.yaml")
    let dataset = DatasetLoader.load(descriptionAt: path)
    #expect(
      dataset.diagnostics.map(\.description) == [
        "\(path):2:1: error: unknown key 'time_zon' in dataset description; did you mean 'time_zone'?",
        "\(path):8:15: error: unknown encoding 'latin1'; expected utf-8, gb18030, gbk or auto",
        "\(path):7:14: error: 'numbers' must be a list of column names, found a mapping",
      ])
    #expect(dataset.cases.isEmpty)
  }
}
