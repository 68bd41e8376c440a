// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for policy-check's readers (see README.md). Built by scripts/fuzz.sh with
// `--sanitize=fuzzer --sanitize=address -Xswiftc -enable-testing`, which also instruments the
// main package's libraries; the harnesses reach internal entry points through @testable import.
// Under --sanitize=fuzzer SwiftPM compiles executables with -parse-as-library and links
// libFuzzer's main, which calls each target's `LLVMFuzzerTestOneInput`.
let targets = [
  "FuzzRuleFile", "FuzzExpression", "FuzzRegex", "FuzzCSV", "FuzzJSONLines", "FuzzXES",
  "FuzzDatasetDescription",
  "FuzzTimestamp", "FuzzDuration", "FuzzCalendar",
]

let package = Package(
  name: "policy-check-fuzzing",
  platforms: [.macOS(.v13)],
  products: targets.map { .executable(name: $0, targets: [$0]) },
  dependencies: [.package(name: "policy-check", path: "..")],
  targets: [
    .target(
      name: "FuzzSupport",
      dependencies: [
        .product(name: "Checker", package: "policy-check"),
        .product(name: "PolicyRules", package: "policy-check"),
      ])
  ]
    + targets.map {
      .executableTarget(
        name: $0,
        dependencies: [
          "FuzzSupport", .product(name: "Checker", package: "policy-check"),
          .product(name: "PolicyRules", package: "policy-check"),
        ])
    }
)
