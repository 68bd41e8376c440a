import Testing

@testable import Checker

@Test func complianceRateIgnoresPendingUnverifiableAndWaived() {
  var counts = OutcomeCounts()
  counts.add(.passed, count: 3)
  counts.add(.violated)
  counts.add(.pending, count: 5)
  counts.add(.unverifiable, count: 2)
  counts.add(.waived)
  #expect(counts.applicable == 12)
  #expect(counts.complianceRate == 0.75)
}
