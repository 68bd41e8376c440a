// Dataset descriptions (Sources/Checker/Input/README.md): sources, kinds, formats, encodings,
// delimiters, columns, renames, timestamp formats, events, numbers and booleans.
//
// Invariants: a rejected description has an error; every diagnostic points into the file; a
// description that loads names at least one source, each with a record type and a case id
// (XES apart, whose columns have defaults).
import Checker
import FuzzSupport
import PolicyRules

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  FuzzDriver.call(check, data, size)
}

func check(_ bytes: UnsafeRawBufferPointer) {
  guard let document = YAMLHarness.parse(bytes),
    let description = YAMLHarness.read(
      document, bytes, what: "a dataset description", DatasetDescription.load)
  else { return }
  FuzzDriver.require(!description.sources.isEmpty, "a description without sources loaded")
  for source in description.sources {
    FuzzDriver.require(!source.recordType.isEmpty, "a source without a record type loaded")
    FuzzDriver.require(source.caseId != nil || source.format == .xes, "a source without a case id loaded")
  }
}
