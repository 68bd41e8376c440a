/// Turns the raw bytes of a file into UTF-8 bytes ready for parsing.
///
/// Chinese spreadsheet exports are often GB18030/GBK; they are converted once, up front, with
/// the system's `iconv` (`UTF8Converter`) so that every reader works on UTF-8 only. Bytes that do not decode are kept as
/// an invalid UTF-8 byte (0xFF) so the row holding them is rejected, not the whole file.
public enum TextDecoding {
  /// The outcome of decoding a file.
  public struct Decoded: Sendable {
    /// UTF-8 bytes without a byte-order mark (invalid sequences may remain; readers check cells).
    public var bytes: [UInt8]
    /// The encoding the bytes were read as (never `.auto`).
    public var encoding: TextEncoding
    /// False when some bytes are not valid in `encoding`; readers must then validate each cell.
    public var isValid: Bool
  }

  /// Decodes `bytes` as `encoding`, detecting the encoding when it is `.auto`.
  public static func decode(_ bytes: [UInt8], as encoding: TextEncoding) -> Decoded {
    switch encoding {
    case .utf8:
      let body = strippingBOM(bytes)
      return Decoded(bytes: body, encoding: .utf8, isValid: UTF8Validation.scan(body).invalidSequences == 0)
    case .gb18030, .gbk:
      let converted = convertToUTF8(bytes, from: encoding)
      return Decoded(bytes: converted.bytes, encoding: encoding, isValid: converted.invalidSequences == 0)
    case .auto:
      let body = strippingBOM(bytes)
      let scan = UTF8Validation.scan(body)
      if scan.invalidSequences == 0 || body.count != bytes.count {
        return Decoded(bytes: body, encoding: .utf8, isValid: scan.invalidSequences == 0)
      }
      // A mostly-UTF-8 file with a few bad bytes stays UTF-8 (its bad rows are rejected);
      // GB18030 text has far more invalid UTF-8 sequences than accidental valid ones.
      if scan.validMultibyteSequences < scan.invalidSequences {
        let converted = convertToUTF8(bytes, from: .gb18030)
        if converted.invalidSequences == 0 {
          return Decoded(bytes: converted.bytes, encoding: .gb18030, isValid: true)
        }
      }
      return Decoded(bytes: body, encoding: .utf8, isValid: false)
    }
  }

  static func strippingBOM(_ bytes: [UInt8]) -> [UInt8] {
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      return Array(bytes[3...])
    }
    return bytes
  }

  /// Converts with iconv; each undecodable byte becomes 0xFF (invalid UTF-8) and is counted.
  static func convertToUTF8(_ input: [UInt8], from encoding: TextEncoding) -> (
    bytes: [UInt8], invalidSequences: Int
  ) {
    guard let name = encoding.iconvName else { return (input, 0) }
    guard let converter = UTF8Converter(toUTF8From: name) else { return (input, input.isEmpty ? 0 : 1) }
    var output = [UInt8](repeating: 0, count: input.count * 3 / 2 + 16)
    var produced = 0
    var invalid = 0
    input.withUnsafeBytes { inputBuffer in
      var consumed = 0
      while consumed < inputBuffer.count {
        if output.count - produced < 16 { output.append(contentsOf: repeatElement(0, count: output.count)) }
        let stop: UTF8Converter.Stop = output.withUnsafeMutableBytes { outputBuffer in
          // The rest of the lent input and output buffers, within them, for this conversion step.
          var rest = UnsafeRawBufferPointer(rebasing: inputBuffer[consumed...])
          var room = UnsafeMutableRawBufferPointer(rebasing: outputBuffer[produced...])
          let stop = converter.convert(&rest, into: &room)
          consumed = inputBuffer.count - rest.count
          produced = outputBuffer.count - room.count
          return stop
        }
        switch stop {
        case .done: return
        case .outputFull:
          output.append(contentsOf: repeatElement(0, count: output.count))
        case .invalidInput:
          // EILSEQ (invalid) or EINVAL (truncated at the end): mark one byte and move on.
          if produced >= output.count { output.append(0) }
          output[produced] = 0xFF
          produced += 1
          consumed += 1
          invalid += 1
        }
      }
    }
    output.removeSubrange(produced...)
    return (output, invalid)
  }
}
