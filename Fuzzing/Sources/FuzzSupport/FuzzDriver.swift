import Foundation

/// What the fuzz targets share: invariant checks and the splitting of an input.
///
/// A harness checks invariants with `FuzzDriver.require`; a broken one aborts with its message,
/// which libFuzzer reports as a crash and saves the input that caused it.
public enum FuzzDriver {
  /// Runs `body` on libFuzzer's input; what each target's `LLVMFuzzerTestOneInput` returns.
  public static func call(
    _ body: (UnsafeRawBufferPointer) -> Void, _ data: UnsafePointer<UInt8>?, _ size: Int
  ) -> Int32 {
    body(UnsafeRawBufferPointer(start: data, count: size))
    return 0
  }

  /// Aborts with `message` when `condition` is false: an invariant of the target was broken.
  public static func require(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
  ) {
    guard !condition() else { return }
    FileHandle.standardError.write(Data("invariant violated at \(file):\(line): \(message())\n".utf8))
    abort()
  }
}

extension UnsafeRawBufferPointer {
  /// The input split at its first byte: a few option bits for the harness, then the content.
  public var optionsAndContent: (options: UInt8, content: UnsafeRawBufferPointer) {
    guard let first else { return (0, self) }
    return (first, UnsafeRawBufferPointer(rebasing: self[1...]))
  }

  /// The bytes as text, invalid UTF-8 replaced (the entry points that take a `String`).
  public var text: String { String(decoding: self, as: UTF8.self) }
}
