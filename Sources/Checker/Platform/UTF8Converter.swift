#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A conversion from one character set to UTF-8 (iconv); none where the system has no iconv.
final class UTF8Converter {
  #if !PORTABLE_PLATFORM && (canImport(Glibc) || canImport(Musl) || canImport(Darwin))
    private let descriptor: iconv_t
  #endif

  /// The outcome of one call: how far it got, and why it stopped.
  enum Stop {
    /// All input converted.
    case done
    /// The output is full.
    case outputFull
    /// An invalid or truncated sequence at the input position reached.
    case invalidInput
  }

  init?(toUTF8From name: String) {
    #if !PORTABLE_PLATFORM && (canImport(Glibc) || canImport(Musl) || canImport(Darwin))
      guard let descriptor = iconv_open("UTF-8", name), descriptor != iconv_t(bitPattern: -1) else {
        return nil
      }
      self.descriptor = descriptor
    #else
      return nil
    #endif
  }

  /// Converts from `input` into `output`, advancing both past what was read and written.
  func convert(_ input: inout UnsafeRawBufferPointer, into output: inout UnsafeMutableRawBufferPointer)
    -> Stop
  {
    #if !PORTABLE_PLATFORM && (canImport(Glibc) || canImport(Musl) || canImport(Darwin))
      var inLeft = input.count
      var outLeft = output.count
      // iconv advances the two pointers; they stay inside `input` and `output`.
      var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: input.baseAddress)?
        .assumingMemoryBound(to: CChar.self)
      var outPointer: UnsafeMutablePointer<CChar>? = output.baseAddress?.assumingMemoryBound(to: CChar.self)
      let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
      let error = errno
      // What iconv left of the lent buffers, within them.
      input = UnsafeRawBufferPointer(rebasing: input[(input.count - inLeft)...])
      output = UnsafeMutableRawBufferPointer(rebasing: output[(output.count - outLeft)...])
      if result != -1 { return .done }
      return error == E2BIG ? .outputFull : .invalidInput
    #else
      return .invalidInput
    #endif
  }

  deinit {
    #if !PORTABLE_PLATFORM && (canImport(Glibc) || canImport(Musl) || canImport(Darwin))
      iconv_close(descriptor)
    #endif
  }
}
