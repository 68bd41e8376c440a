// CSV/TSV reading: delimiter detection, the header, quoted fields, typed cells, the split-point
// scan and the parallel read of parts. Input: one option byte (kind, timestamp format, column
// roles, encoding; see SourceHarness.description), then the file. The columns are named after
// the file's own header, so any CSV file is a seed.
//
// Invariants: rows read = used + rejected (in total and per file); every rejected row names a
// line of the file; a file with an error gives no cases; records give one case per used row and
// events one event; reading in 3 parts gives what reading in one does.
import FuzzSupport

@testable import Checker

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  FuzzDriver.call(check, data, size)
}

func check(_ bytes: UnsafeRawBufferPointer) {
  SourceHarness.check(optionsAndFile: bytes, format: .csv) { file in
    var names: [String] = []
    CSVReader(bytes: file, delimiter: CSVReader.detectDelimiter(file)).forEachRecord { record in
      names = (0..<record.count).map { record.string($0).trimmingCharacters(in: .whitespaces) }
      return false
    }
    return names
  }
}
