import Foundation
import Testing

@testable import RuleDrafting

/// The drafter against the hand-made catalogue (`Rules/catalogue/CLAUSES.md`) on the five shipped
/// regulation texts beside it (copies of `../shared/regulations`): every
/// `E` row whose text states a number must be found with the right normalised thresholds.
@Suite struct CatalogueRecallTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let regulations = repository.appendingPathComponent("Rules/catalogue")

  /// The thresholds each `E` row states, in the drafter's normalised words (read from the
  /// catalogue's "what to check" column). nil: the quoted text itself writes no number.
  static let expected: [String: [String]?] = [
    "S0-20": ["day"], "S0-24": ["year"],
    "S1-01": ["20m", "10 CNY per occurrence", "30m", "20 CNY per occurrence", "1h", "50 CNY per occurrence"],
    "S1-02": ["3d"], "S1-03": ["3m"], "S1-04": ["20 CNY per occurrence"], "S1-05": [">= 35 years of age"],
    "S1-06": ["12h"], "S1-07": ["year"], "S1-08": ["1d"], "S1-09": ["1 month"], "S1-10": ["> 3 times"],
    "S1-11": ["3d"], "S1-12": ["21:00"], "S1-13": ["25m"], "S1-14": ["2h", "72h"], "S1-15": ["same day"],
    "S1-16": ["5m", "2m"], "S1-17": ["== 100%", "< 0.5%", ">= 95%"], "S1-18": ["24h", "3d"],
    "S1-19": ["08:00-17:30", "10m"], "S1-20": nil, "S1-21": ["month"], "S1-22": ["3 rings"],
    "S1-23": ["<= 10 units", "1d"], "S1-24": ["3d"], "S1-25": nil, "S1-26": ["week"], "S1-27": [">= 30%"],
    "S1-28": ["1w", "2d", "3d"], "S1-29": ["24h"], "S1-30": ["24h"], "S1-31": ["2d"], "S1-32": ["3d..1w"],
    "S1-33": ["1w", "7d"], "S1-34": ["2d", "same day"], "S1-35": ["2w", "2d"], "S1-36": ["month", "year"],
    "S1-37": ["15m"],
    "S2-03": ["1 month"], "S2-04": ["2w"], "S2-05": ["same day"], "S2-06": ["day"], "S2-07": ["month"],
    "S2-09": ["quarter"], "S2-11": ["2 months"], "S2-12": ["3 months"], "S2-13": ["doubled on repeat"],
    "S2-15": ["6h"], "S2-16": ["quarter", "6 months..12 months"], "S2-17": ["3 months"],
    "S2-18": ["week", "5 orders", "20 CNY per order"], "S2-19": [">= 30%", "50 CNY per order"],
    "S2-22": ["3 suppliers"], "S2-24": ["same day"], "S2-25": ["next working day"],
    "S2-26": ["6 working hours", "7 working hours"], "S2-27": ["1 month"], "S2-28": ["same day"],
    "S2-29": ["4 levels"], "S2-33": ["3d"], "S2-34": ["24 months"], "S2-35": nil,
  ]

  struct Row {
    var id: String
    var quote: String
    var num: String
  }

  /// Catalogue rows: id, quote (third cell) and num (last cell).
  static func rows() throws -> [Row] {
    let text = try String(contentsOf: regulations.appendingPathComponent("CLAUSES.md"), encoding: .utf8)
    return text.split(separator: "\n").compactMap { line in
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard cells.count >= 8, cells[1].range(of: #"^S\d-\d\d$"#, options: .regularExpression) != nil else {
        return nil
      }
      return Row(id: cells[1], quote: cells[3], num: cells[cells.count - 2])
    }
  }

  /// Where a quote's fragments (split at … and spaces) are in the file: line and character range.
  /// A fragment the catalogue shortened without a … (于當天開具發票 for 于當天憑…開具發票) is
  /// located by its longest prefix of at least three characters that the file holds.
  static func locate(_ quote: String, in lines: [ReadingText]) -> [(line: Int, range: Range<Int>)] {
    let fragments = quote.replacingOccurrences(of: "...", with: "…").split {
      $0 == "…" || $0 == " " || $0 == ";"
    }
    .map { ReadingText(String($0)).reading }.filter { $0.count >= 2 }
    // The line holding most of the fragments is the quote's; a fragment it lacks is looked up
    // anywhere (the catalogue may quote across lines).
    let home = lines.indices.max { a, b in
      fragments.filter { lines[a].reading.containsRun($0) }.count
        < fragments.filter { lines[b].reading.containsRun($0) }.count
    }
    var found: [(Int, Range<Int>)] = []
    for fragment in fragments {
      for length in stride(from: fragment.count, through: min(3, fragment.count), by: -1) {
        let part = Array(fragment[0..<length])
        let inHome = home.flatMap { index in
          firstPlace(of: part, in: [lines[index]]).map { (index + 1, $0.1) }
        }
        if let place = inHome ?? firstPlace(of: part, in: lines) {
          found.append(place)
          break
        }
      }
    }
    return found
  }

  static func firstPlace(of part: [Character], in lines: [ReadingText]) -> (Int, Range<Int>)? {
    for (number, line) in lines.enumerated() {
      let reading = line.reading
      guard reading.count >= part.count else { continue }
      if let start = (0...(reading.count - part.count)).first(where: {
        Array(reading[$0..<($0 + part.count)]) == part
      }) {
        return (number + 1, start..<(start + part.count))
      }
    }
    return nil
  }

  struct FileFigures {
    var rows = 0
    var found = 0
    var candidates = 0
    var candidatesOnCatalogue = 0
    var misses: [String] = []
    /// `A` rows whose clause the drafter found with a vague word (reported, not gated).
    var vagueRows = 0
    var vagueFound = 0
  }

  static func measure() throws -> [String: FileFigures] {
    let rows = try Self.rows()
    var figures: [String: FileFigures] = [:]
    let files = try FileManager.default.contentsOfDirectory(atPath: regulations.path).filter {
      $0.hasSuffix(".txt")
    }
    for file in files.sorted() {
      let text = try String(contentsOf: regulations.appendingPathComponent(file), encoding: .utf8)
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
        ReadingText(String($0))
      }
      let candidates = ClauseDrafter().candidates(text: text, file: file)
      let digit = file.dropFirst(2).prefix(1)
      var figure = FileFigures()
      var onCatalogue = Set<String>()
      for row in rows where row.id.hasPrefix("S\(digit)-") {
        let places = locate(row.quote, in: lines)
        let matching = candidates.filter { candidate in
          places.contains { $0.line == candidate.line && $0.range.overlaps(candidate.sentenceRange) }
        }
        onCatalogue.formUnion(matching.map(\.id))
        if row.num == "A" {
          figure.vagueRows += 1
          if matching.contains(where: { $0.thresholds.contains { !$0.stated } }) {
            figure.vagueFound += 1
          } else {
            figure.misses.append("\(row.id) (A, not gated): no candidate with a vague word")
          }
        }
        guard row.num == "E" else { continue }
        figure.rows += 1
        guard let wanted = expected[row.id] else {
          Issue.record("E row \(row.id) has no expected thresholds in the test")
          continue
        }
        guard let wanted else {
          figure.misses.append("\(row.id): the quoted text writes no number")
          continue
        }
        if places.isEmpty {
          figure.misses.append("\(row.id): quote not located in \(file)")
          continue
        }
        let read = Set(matching.flatMap { $0.thresholds.map(\.normalized) })
        let missing = wanted.filter { !read.contains($0) }
        if matching.isEmpty {
          figure.misses.append("\(row.id): no candidate at line \(places[0].line)")
        } else if !missing.isEmpty {
          figure.misses.append("\(row.id): missing \(missing), read \(read.sorted())")
        } else {
          figure.found += 1
        }
      }
      let stated = candidates.filter(\.stated)
      figure.candidates = stated.count
      figure.candidatesOnCatalogue = stated.filter { onCatalogue.contains($0.id) }.count
      figures[file] = figure
    }
    return figures
  }

  @Test
  func recallOfStatedNumbersIsAtLeastNinetyPercent() throws {
    let figures = try Self.measure()
    var rows = 0
    var found = 0
    for (file, figure) in figures.sorted(by: { $0.key < $1.key }) {
      rows += figure.rows
      found += figure.found
      let recall =
        figure.rows == 0 ? "—" : String(format: "%.1f%%", 100 * Double(figure.found) / Double(figure.rows))
      let precision =
        figure.candidates == 0
        ? "—"
        : String(format: "%.1f%%", 100 * Double(figure.candidatesOnCatalogue) / Double(figure.candidates))
      print(
        "\(file): E rows \(figure.found)/\(figure.rows) found (recall \(recall)); candidates with a stated number "
          + "\(figure.candidatesOnCatalogue)/\(figure.candidates) on a catalogue row (precision \(precision)); "
          + "A rows found with a vague word \(figure.vagueFound)/\(figure.vagueRows)")
      for miss in figure.misses { print("  miss \(miss)") }
    }
    let recall = Double(found) / Double(max(rows, 1))
    print(String(format: "all files: %d/%d E rows found, recall %.1f%%", found, rows, 100 * recall))
    #expect(rows >= 60)
    #expect(recall >= 0.9, "recall \(recall) below 90 %")
  }
}

extension Array where Element == Character {
  func containsRun(_ run: [Character]) -> Bool {
    guard run.count <= count else { return false }
    return (0...(count - run.count)).contains { Array(self[$0..<($0 + run.count)]) == run }
  }
}
