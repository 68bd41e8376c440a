extension Array {
  /// `Array(unsafeUninitializedCapacity:initializingWith:)` that never writes to the standard
  /// library's shared empty-array storage.
  ///
  /// For a capacity of 0 the standard library hands `initializer` the one empty storage every
  /// empty array shares and then stores the count (0) into it; threads doing so at once are a
  /// data race (benign, but ThreadSanitizer reports it). Here a zero capacity gives `initializer`
  /// an empty buffer without storage and yields `[]`.
  init(
    uninitializedCapacity capacity: Int,
    initializingWith initializer: (inout UnsafeMutableBufferPointer<Element>, inout Int) throws -> Void
  ) rethrows {
    guard capacity > 0 else {
      var buffer = UnsafeMutableBufferPointer<Element>(start: nil, count: 0)
      var count = 0
      try initializer(&buffer, &count)
      precondition(count == 0, "initialized elements of an empty buffer")
      self = []
      return
    }
    try self.init(unsafeUninitializedCapacity: capacity, initializingWith: initializer)
  }
}
