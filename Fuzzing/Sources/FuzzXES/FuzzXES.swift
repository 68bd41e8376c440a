// XES reading through Foundation's XMLParser: traces, events, typed attributes, globals and
// nested meta-attributes. Input: the file (the XES columns have fixed names).
//
// Invariants: as for CSV; an XML error is a diagnostic with a line and column.
import Foundation
import FuzzSupport

@testable import Checker

let source = DatasetLoader.withFormatDefaults(
  SourceDescription(
    file: SourceHarness.path, resolvedPath: SourceHarness.path, recordType: "case", kind: .events,
    format: .xes))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  FuzzDriver.call(check, data, size)
}

func check(_ bytes: UnsafeRawBufferPointer) {
  SourceHarness.check(bytes, source: source)
}
