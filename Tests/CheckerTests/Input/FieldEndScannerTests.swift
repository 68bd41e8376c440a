import Testing

@testable import Checker

/// The 64-byte block scanner and the batched reader against plain byte-by-byte references, at
/// every block and batch boundary.
@Suite struct FieldEndScannerTests {
  /// The first delimiter or line break at or after `position`, a byte at a time.
  func referenceEnd(_ bytes: [UInt8], from position: Int, delimiter: UInt8) -> Int {
    var k = position
    while k < bytes.count && bytes[k] != delimiter && bytes[k] != 0x0A && bytes[k] != 0x0D { k += 1 }
    return k
  }

  /// Records as (line, fields, flawed), split by this simple reading of the same rules:
  /// quoted fields (doubled quotes, text after the closing quote kept on a field of one line),
  /// CRLF/LF/CR, blank lines skipped, a record's line the one it starts on. A quoted field that
  /// does not close, runs over `maxLines` lines or `maxBytes` bytes, or spans lines and is
  /// followed by text makes its record its first line alone, flawed, without fields.
  func referenceRecords(
    _ bytes: [UInt8], delimiter: UInt8, maxLines: Int = 1_000, maxBytes: Int = 1 << 20
  ) -> [(Int, [[UInt8]], Bool)] {
    var records: [(Int, [[UInt8]], Bool)] = []
    var k = 0
    var line = 1
    let n = bytes.count
    while k < n {
      if bytes[k] == 0x0A {
        line += 1
        k += 1
        continue
      }
      if bytes[k] == 0x0D {
        k += 1
        if k < n && bytes[k] == 0x0A { k += 1 }
        line += 1
        continue
      }
      let start = line
      let recordStart = k
      var fields: [[UInt8]] = []
      var flawed = false
      fieldLoop: while true {
        var field: [UInt8] = []
        if k < n && bytes[k] == 0x22 {
          let openLine = line
          let openAt = k
          k += 1
          var closed = false
          while k < n {
            if k - openAt - 1 > maxBytes { break }
            if bytes[k] == 0x22 {
              if k + 1 < n && bytes[k + 1] == 0x22 {
                field.append(0x22)
                k += 2
                continue
              }
              k += 1
              closed = true
              break
            }
            if bytes[k] == 0x0A {
              line += 1
              if line - openLine >= maxLines { break }
            }
            field.append(bytes[k])
            k += 1
          }
          if !closed || (line > openLine && k < n && ![delimiter, 0x0A, 0x0D].contains(bytes[k])) {
            flawed = true
            break fieldLoop
          }
        }
        while k < n && bytes[k] != delimiter && bytes[k] != 0x0A && bytes[k] != 0x0D {
          field.append(bytes[k])
          k += 1
        }
        fields.append(field)
        if k >= n { break }
        if bytes[k] == delimiter {
          k += 1
          if k >= n {
            fields.append([])
            break
          }
          continue
        }
        if bytes[k] == 0x0D { k += 1 }
        if k < n && bytes[k] == 0x0A { k += 1 }
        line += 1
        break
      }
      if flawed {
        k = recordStart
        while k < n && bytes[k] != 0x0A && bytes[k] != 0x0D { k += 1 }
        if k < n && bytes[k] == 0x0D { k += 1 }
        if k < n && bytes[k] == 0x0A { k += 1 }
        line = start + 1
        fields = []
      }
      records.append((start, fields, flawed))
    }
    return records
  }

  func batchedRecords(
    _ bytes: [UInt8], delimiter: UInt8, capacity: Int,
    limits: CSVReader.QuotedFieldLimits = .standard
  ) -> [(Int, [[UInt8]], Bool)] {
    var records: [(Int, [[UInt8]], Bool)] = []
    bytes.withUnsafeBufferPointer { buffer in
      CSVReader(bytes: buffer, delimiter: delimiter, limits: limits).forEachBatch(capacity: capacity) {
        batch in
        #expect(batch.count > 0 && batch.count <= capacity)
        for r in 0..<batch.count {
          let fields = (0..<batch.fieldCount(r)).map { c in batch.withField(r, c) { Array($0) } }
          records.append((batch.line(r), fields, batch.flaw(r) != nil))
        }
        return true
      }
    }
    return records
  }

  func same(_ a: [(Int, [[UInt8]], Bool)], _ b: [(Int, [[UInt8]], Bool)]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 && $0.2 == $1.2 }
  }

  @Test func blockMaskMarksExactlyTheSoughtBytes() {
    var block = [UInt8](repeating: UInt8(ascii: "x"), count: 64)
    for k in [0, 7, 8, 15, 16, 31, 32, 47, 48, 62, 63] { block[k] = [0x2C, 0x0A, 0x0D][k % 3] }
    block[20] = 0x22  // a quote is not a field end
    let mask = block.withUnsafeBytes { FieldEndScanner.mask($0.baseAddress!, delimiter: 0x2C) }
    let expected = [0, 7, 8, 15, 16, 31, 32, 47, 48, 62, 63].reduce(UInt64(0)) { $0 | 1 << UInt64($1) }
    #expect(mask == expected)
    // Bytes with the high bit set (UTF-8) and the tab delimiter.
    let text = [UInt8](repeating: 0xE5, count: 64)
    #expect(text.withUnsafeBytes { FieldEndScanner.mask($0.baseAddress!, delimiter: 0x09) } == 0)
  }

  @Test func fieldEndsMatchAByteScanFromEveryStart() {
    var generator = SplitMix(seed: 11)
    let alphabet: [UInt8] = [0x61, 0x62, 0x2C, 0x0A, 0x0D, 0x22, 0xE4, 0x09]
    for length in [0, 1, 63, 64, 65, 127, 128, 129, 300] {
      let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
      bytes.withUnsafeBufferPointer { buffer in
        for delimiter: UInt8 in [0x2C, 0x09] {
          // Walk as the reader does: from each end one byte on, and also with jumps.
          for jump in [1, 2, 5, 70] {
            var scanner = FieldEndScanner(bytes: buffer, delimiter: delimiter)
            var position = 0
            while position <= length {
              let end = scanner.fieldEnd(from: position)
              #expect(end == referenceEnd(bytes, from: position, delimiter: delimiter))
              if end >= length { break }
              position = end + (generator.next() % 2 == 0 ? 1 : jump)
            }
          }
        }
      }
    }
  }

  @Test func batchedRecordsMatchTheReferenceAtEveryLengthAndCapacity() {
    let text =
      "\u{FEFF}id,name,note\r\nT1,\"a, b\",plain\n\n\"q\"\"x\"\"\",\"multi\nline\"tail,3\r\n"
      + "long-field-\(String(repeating: "z", count: 90)),x,\(String(repeating: "é", count: 40))\r"
      + "short,,\n,,\nbroken,row\n\"unterminated,\nstill"
    let all = Array(text.utf8)
    for length in 0...all.count {
      let bytes = Array(all[0..<length])
      let expected = referenceRecords(bytes, delimiter: 0x2C)
      for capacity in [1, 2, 3, 64] {
        let got = batchedRecords(bytes, delimiter: 0x2C, capacity: capacity)
        #expect(same(got, expected), "length \(length), capacity \(capacity)")
      }
    }
  }

  @Test func randomInputsMatchTheReference() {
    var generator = SplitMix(seed: 5)
    let pieces: [[UInt8]] = [
      Array("abc".utf8), Array("0123456789012345678901234567890".utf8), [0x2C], [0x2C], [0x2C], [0x0A],
      [0x0D, 0x0A],
      [0x0D], [0x22], [0x22, 0x22], Array("华东".utf8), [0x09],
    ]
    for _ in 0..<300 {
      var bytes: [UInt8] = []
      for _ in 0..<Int(generator.next() % 80) {
        bytes += pieces[Int(generator.next() % UInt64(pieces.count))]
      }
      for delimiter: UInt8 in [0x2C, 0x09] {
        #expect(
          same(
            batchedRecords(bytes, delimiter: delimiter, capacity: 3),
            referenceRecords(bytes, delimiter: delimiter)))
        // Tight limits: quoted fields given up on after 2 lines or 20 bytes.
        #expect(
          same(
            batchedRecords(
              bytes, delimiter: delimiter, capacity: 3, limits: .init(maxLines: 2, maxBytes: 20)),
            referenceRecords(bytes, delimiter: delimiter, maxLines: 2, maxBytes: 20)))
      }
    }
  }
}

/// A small deterministic generator for test inputs.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
