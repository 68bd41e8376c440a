// JSON Lines reading: the object parser, typed members, new keys on later lines. Input: one
// option byte (see SourceHarness.description), then the file; the keys of the first object name
// the columns, so any JSON Lines file is a seed.
//
// Invariants: as for CSV (rows read = used + rejected, rejections name a line of the file, one
// event per used row of an events source, one case per used row of a records source).
import FuzzSupport

@testable import Checker

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  FuzzDriver.call(check, data, size)
}

func check(_ bytes: UnsafeRawBufferPointer) {
  SourceHarness.check(optionsAndFile: bytes, format: .jsonl) { file in
    let end = file.firstIndex(of: 0x0A) ?? file.count
    var parser = JSONLineParser(bytes: UnsafeBufferPointer(rebasing: file[0..<end]))
    return ((try? parser.parseObject()) ?? []).map(\.key)
  }
}
