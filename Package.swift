// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "policy-check",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "policy-check", targets: ["policy-check"]),
    .library(name: "PolicyRules", targets: ["PolicyRules"]),
    .library(name: "Checker", targets: ["Checker"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // The system libyaml (apt: libyaml-dev, brew: libyaml), found through pkg-config.
    .systemLibrary(
      name: "CYAML",
      pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
    ),
    // The system SQLite (apt: libsqlite3-dev, brew: sqlite, dnf: sqlite-devel) and PostgreSQL's
    // client library libpq (apt: libpq-dev, brew: libpq, dnf: libpq-devel): database sources.
    .systemLibrary(
      name: "CSQLite",
      pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
    ),
    .systemLibrary(
      name: "CPostgres",
      pkgConfig: "libpq",
      providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
    ),
    // The rule language: YAML node tree with marks, diagnostics, durations, calendars,
    // expressions, the rule model and the closed set of check kinds.
    .target(name: "PolicyRules", dependencies: ["CYAML"], exclude: ["Expressions/README.md"]),
    // Reading records, evaluating rules, the results model and every report format.
    .target(
      name: "Checker", dependencies: ["PolicyRules", "CProcess", "CSQLite", "CPostgres"],
      exclude: ["Input/README.md"]),
    // Allocator tuning for large audits (glibc's mallopt; a no-op elsewhere).
    .target(name: "CMemory"),
    // Removing temporary report files on SIGINT/SIGTERM (an async-signal-safe handler), and
    // checking stdio's stdout for write errors.
    .target(name: "CProcess"),
    // Drafting rules from a regulation's text: numbers, units, articles and clause candidates.
    .target(name: "RuleDrafting", dependencies: ["PolicyRules"]),
    // Rules compiled to SQL over canonical records/events tables (DuckDB, PostgreSQL; docs/sql.md).
    .target(name: "SQLCompiler", dependencies: ["PolicyRules"]),
    .executableTarget(
      name: "policy-check",
      dependencies: [
        "Checker", "PolicyRules", "RuleDrafting", "SQLCompiler", "CMemory", "CProcess",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "PolicyRulesTests", dependencies: ["PolicyRules"],
      resources: []),
    .testTarget(name: "CheckerTests", dependencies: ["Checker", "PolicyRules"]),
    .testTarget(name: "CLITests", dependencies: ["policy-check"]),
    .testTarget(name: "RuleDraftingTests", dependencies: ["RuleDrafting", "PolicyRules"]),
  ]
)
