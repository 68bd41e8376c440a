/// Hands values to concurrent tasks that only read them, or that each use their own element.
struct UncheckedSendable<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
