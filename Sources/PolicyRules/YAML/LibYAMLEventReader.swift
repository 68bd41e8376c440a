import CYAML

/// Owns a libyaml `yaml_parser_t` and the input buffer it reads from, and hands out events as
/// Swift values.
///
/// libyaml keeps a raw pointer to the input for as long as the parser lives, so the buffer is
/// copied into memory this object owns and frees together with the parser in `deinit`.
final class LibYAMLEventReader {
  /// A problem reported by libyaml itself (syntax, encoding or memory), with its position.
  struct Failure: Error {
    var message: String
    var mark: SourceMark?
  }

  // Owned: allocated in `init`, deleted and freed in `deinit` (with the input libyaml reads).
  private let parser: UnsafeMutablePointer<yaml_parser_t>
  private let input: UnsafeMutableBufferPointer<UInt8>
  private let inputCount: Int
  private let lines: SourceLineIndex
  private var isFinished = false

  /// `bytes` must be UTF-8 without a byte order mark.
  init(bytes: some Collection<UInt8>) throws(Failure) {
    let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    guard yaml_parser_initialize(parser) == 1 else {
      parser.deallocate()
      throw Failure(message: "cannot initialise the YAML parser", mark: nil)
    }
    // Never zero capacity, so the base address is never nil even for an empty file.
    let input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
    let count = input.initialize(fromContentsOf: bytes)
    yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    yaml_parser_set_input_string(parser, input.baseAddress, count)
    self.parser = parser
    self.input = input
    // The owned input's first `count` bytes.
    self.lines = SourceLineIndex(utf8: UnsafeBufferPointer(rebasing: input[0..<count]))
    self.inputCount = count
  }

  deinit {
    yaml_parser_delete(parser)
    parser.deallocate()
    input.deallocate()
  }

  /// The next event; after the stream ends or an error, always `.streamEnd` or the same error
  /// is not repeated (libyaml must not be called again after it failed).
  func next() throws(Failure) -> YAMLEvent {
    guard !isFinished else { return .streamEnd }
    var event = yaml_event_t()
    guard yaml_parser_parse(parser, &event) == 1 else {
      // A failed call leaves the event zeroed: nothing to delete.
      isFinished = true
      throw currentFailure()
    }
    defer { yaml_event_delete(&event) }
    let converted = convert(event)
    if case .streamEnd = converted { isFinished = true }
    return converted
  }

  // Imported C enums compare through generic `RawRepresentable` code, which dominates a debug
  // build's profile; comparing the raw values is a plain integer comparison.
  private func convert(_ event: yaml_event_t) -> YAMLEvent {
    let type = event.type.rawValue
    let mark = lines.mark(event.start_mark)
    if type == YAML_SCALAR_EVENT.rawValue {
      let data = event.data.scalar
      // One decode from libyaml's buffer per scalar: no per-character string building.
      let value = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
      var tag: String?
      if let written = data.tag { tag = Self.shorthand(String(cString: written)) }
      let scalar = YAMLScalar(value: value, style: Self.style(data.style), mark: mark, tag: tag)
      return .scalar(scalar, anchor: Self.string(data.anchor))
    }
    if type == YAML_MAPPING_START_EVENT.rawValue {
      return .mappingStart(anchor: Self.string(event.data.mapping_start.anchor), mark: mark)
    }
    if type == YAML_MAPPING_END_EVENT.rawValue { return .mappingEnd }
    if type == YAML_SEQUENCE_START_EVENT.rawValue {
      return .sequenceStart(anchor: Self.string(event.data.sequence_start.anchor), mark: mark)
    }
    if type == YAML_SEQUENCE_END_EVENT.rawValue { return .sequenceEnd }
    if type == YAML_ALIAS_EVENT.rawValue {
      return .alias(name: Self.string(event.data.alias.anchor) ?? "", mark: mark)
    }
    if type == YAML_DOCUMENT_START_EVENT.rawValue { return .documentStart(mark) }
    if type == YAML_DOCUMENT_END_EVENT.rawValue { return .documentEnd }
    if type == YAML_STREAM_START_EVENT.rawValue { return .streamStart }
    // YAML_STREAM_END_EVENT, and YAML_NO_EVENT which a successful parse never returns.
    return .streamEnd
  }

  private func currentFailure() -> Failure {
    let state = parser.pointee
    let problem = Self.string(state.problem) ?? "unknown YAML error"
    switch state.error {
    case YAML_READER_ERROR:
      // Reader errors carry a byte offset, not a mark.
      let mark = SourceLineIndex.mark(
        byteOffset: state.problem_offset, in: UnsafeBufferPointer(rebasing: input[0..<inputCount]))
      return Failure(message: Self.readerMessage(problem, value: state.problem_value), mark: mark)
    case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
      let problemMark = lines.mark(state.problem_mark)
      var message = problem
      if let context = Self.string(state.context) {
        let contextMark = lines.mark(state.context_mark)
        message += " \(context)"
        if contextMark != problemMark {
          message += " (started at line \(contextMark.line), column \(contextMark.column))"
        }
      }
      return Failure(message: message, mark: problemMark)
    case YAML_MEMORY_ERROR:
      return Failure(message: "out of memory while reading YAML", mark: nil)
    default:
      return Failure(message: problem, mark: nil)
    }
  }

  private static func readerMessage(_ problem: String, value: Int32) -> String {
    if problem.contains("UTF-8") || problem.contains("Unicode") {
      let byte = value >= 0 ? " 0x" + hex(value, digits: 2) : ""
      return "file is not valid UTF-8: \(problem)\(byte)"
    }
    if value >= 0 { return "\(problem) (U+\(hex(value, digits: 4).uppercased()))" }
    return problem
  }

  private static func hex(_ value: Int32, digits: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
  }

  private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
    let raw = style.rawValue
    if raw == YAML_SINGLE_QUOTED_SCALAR_STYLE.rawValue { return .singleQuoted }
    if raw == YAML_DOUBLE_QUOTED_SCALAR_STYLE.rawValue { return .doubleQuoted }
    if raw == YAML_LITERAL_SCALAR_STYLE.rawValue { return .literal }
    if raw == YAML_FOLDED_SCALAR_STYLE.rawValue { return .folded }
    return .plain
  }

  /// libyaml resolves `!!str` to `tag:yaml.org,2002:str`; show it the way it was written.
  private static func shorthand(_ tag: String) -> String {
    let standardPrefix = "tag:yaml.org,2002:"
    return tag.hasPrefix(standardPrefix) ? "!!" + tag.dropFirst(standardPrefix.count) : tag
  }

  // libyaml's text, valid during the call; copied into the string.
  private static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
  }

  // libyaml's text, valid during the call; copied into the string.
  private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
  }
}
