/// The regulation text a rule encodes: catalogue id, file, document, article and a short quote.
public struct ClauseReference: Sendable, Hashable, Codable {
  /// Catalogue id from CLAUSES.md, e.g. `S2-26`.
  public var id: String
  /// Regulation file name, e.g. `002_a90f5f0739c4ad4b.txt`.
  public var file: String
  /// Document title inside the file.
  public var document: String
  /// Article or section, e.g. `第十四条`.
  public var article: String
  /// A short quote of the clause, in the original language.
  public var quote: String

  public init(id: String, file: String, document: String, article: String, quote: String) {
    self.id = id
    self.file = file
    self.document = document
    self.article = article
    self.quote = quote
  }
}

/// A fine written in the regulation.
public struct Penalty: Sendable, Hashable, Codable {
  public var amount: Double
  public var currency: String
  /// Charged for every violating case (otherwise once per rule and period).
  public var perOccurrence: Bool
  /// Doubled when the same problem repeats for the same entity (S2-13).
  public var doubledOnRepeat: Bool

  public init(amount: Double, currency: String, perOccurrence: Bool = true, doubledOnRepeat: Bool = false) {
    self.amount = amount
    self.currency = currency
    self.perOccurrence = perOccurrence
    self.doubledOnRepeat = doubledOnRepeat
  }
}
