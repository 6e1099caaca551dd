// swift-tools-version:6.0
import PackageDescription

// The folders of Qt 5's headers that KSyntaxHighlighting's headers include (Debian's multiarch
// layout). Given here rather than through pkg-config, whose Qt flags start with -D defines that
// SwiftPM refuses with a warning on every build.
#if arch(arm64)
let qtHeaders = "/usr/include/aarch64-linux-gnu/qt5"
#else
let qtHeaders = "/usr/include/x86_64-linux-gnu/qt5"
#endif
let qtHeaderFlags = ["", "/QtCore", "/QtGui"].flatMap { ["-isystem", qtHeaders + $0] }

// The stages are modules; in a release build each hands its function bodies to the modules
// that call it, so a call into Support's byte helpers or Markdown's types is inlined as it
// would be within one module (a 10,000-page check: 0.7% fewer instructions;
// docs/architecture.md, "Cross-module optimization").
let stage: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "syllabus",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "syllabus", targets: ["syllabus"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The dev server: 14 s of clean build time against Hummingbird's 110 s (docs/serve.md).
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // The system libcmark (Debian: libcmark-dev), seen through a module map.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // The system gumbo (Debian: libgumbo-dev), Google's HTML5 parser: raw HTML is parsed
        // by it and kept through an allow-list (docs/architecture.md, "Raw HTML").
        .systemLibrary(
            name: "CGumbo",
            pkgConfig: "gumbo",
            providers: [.apt(["libgumbo-dev"])]
        ),
        // mimalloc (Debian: libmimalloc-dev), linked into the command line so every allocation
        // of a run goes through it: glibc's allocator was a quarter of a check's time
        // (docs/architecture.md, "The allocator").
        .systemLibrary(
            name: "CMimalloc",
            providers: [.apt(["libmimalloc-dev"])]
        ),
        // The one system call Foundation lacks (swapping two folders atomically), and the
        // per-thread arena cmark parses each page into.
        .target(name: "CSystem"),
        // What no stage owns: stable hashing, binary coding, mapped and whole files, folder
        // listings, parallel loops, JSON.
        .target(name: "Support", dependencies: ["CSystem"], swiftSettings: stage),
        // The only code that touches cmark: the pass driver and one recognizer per syntax.
        .target(name: "Markdown", dependencies: ["CCmark", "CGumbo", "CSystem", "Support", "Highlight"], swiftSettings: stage),
        // The model, loading, front matter and the lesson graph.
        .target(name: "Course", dependencies: ["Support", "Markdown", .product(name: "Yams", package: "Yams")], swiftSettings: stage),
        // Resolving every reference of every page: the course graph.
        .target(name: "Linking", dependencies: ["Support", "Markdown", "Course"], swiftSettings: stage),
        // Diagnostics rules and their output formats.
        .target(name: "Check", dependencies: ["Support", "Course", "Markdown", "Linking"], swiftSettings: stage),
        // Templates, page contexts, feeds and writing the site.
        .target(
            name: "Site",
            dependencies: ["Support", "Course", "Linking", "Check", "Markdown", "CSystem"],
            resources: [.copy("DefaultTheme")],
            swiftSettings: stage
        ),
        // The pipeline as named, timed steps, the quick path and the build cache; `check` is
        // the pipeline stopped after the rules, so this module never sees the renderer.
        .target(name: "Build", dependencies: ["Support", "Markdown", "Course", "Linking", "Check", "CSystem"], swiftSettings: stage),
        // `build`: the site's steps after the checks (render, verify, write) and the quick
        // rebuild that replaces one page's body in place.
        .target(name: "Publish", dependencies: ["Support", "Markdown", "Course", "Linking", "Check", "Build", "Site", "CSystem"], swiftSettings: stage),
        // `syllabus serve`: static files, rebuild on change, live reload.
        .target(name: "DevServer", dependencies: ["Build", "Publish", "Site", "Check", "Course", "Markdown", .product(name: "FlyingFox", package: "FlyingFox"), .product(name: "FlyingSocks", package: "FlyingFox")]),
        // `syllabus lsp`: the Language Server Protocol over stdio, on the engine of `check`.
        .target(name: "LanguageServer", dependencies: ["Support", "Markdown", "Course", "Linking", "Check", "Build"]),
        .executableTarget(
            name: "syllabus",
            dependencies: ["Build", "Publish", "Site", "Check", "Course", "Linking", "DevServer", "LanguageServer", "CMimalloc", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // syllabus_highlight: KDE's KSyntaxHighlighting (Debian: libkf5syntaxhighlighting-dev), a
        // C++ library over Qt 5, behind one C function (docs/architecture.md, "Highlighting").
        .target(
            name: "CHighlight",
            cxxSettings: [.unsafeFlags(qtHeaderFlags)],
            linkerSettings: [.linkedLibrary("KF5SyntaxHighlighting"), .linkedLibrary("Qt5Core")]
        ),
        // Code blocks highlighted at build time into HTML spans of a fixed set of classes.
        .target(name: "Highlight", dependencies: ["CHighlight"], swiftSettings: stage),
        .target(name: "TestSupport", dependencies: ["Build", "Publish", "Site", "Course", "Linking"], path: "Tests/Support"),
        // Fuzzing: scripts/fuzz.sh builds this with -sanitize=fuzzer; plain builds replay inputs.
        .executableTarget(name: "syllabus-fuzz", dependencies: ["Course", "Linking", "Markdown", "FuzzDriver"]),
        // The language server's wire and edits under libFuzzer (scripts/fuzz.sh --lsp).
        .executableTarget(name: "syllabus-lsp-fuzz", dependencies: ["LanguageServer", "Support", "FuzzDriver"]),
        // What both fuzz executables do with their command line: libFuzzer, or a replay.
        .target(name: "FuzzDriver"),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown"]),
        .testTarget(name: "HighlightTests", dependencies: ["Highlight"]),
        .testTarget(name: "CourseTests", dependencies: ["Build", "Publish", "Linking", "Course", "Markdown", "Site", "TestSupport"]),
        .testTarget(name: "CheckTests", dependencies: ["Build", "Publish", "Linking", "Check", "Course", "Markdown", "TestSupport"]),
        .testTarget(name: "SiteTests", dependencies: ["Build", "Publish", "Linking", "Site", "Check", "Course", "TestSupport"]),
        .testTarget(name: "LanguageServerTests", dependencies: ["LanguageServer", "Build", "Course", "Support", "TestSupport", "syllabus", "syllabus-lsp-fuzz"]),
        .testTarget(name: "DevServerTests", dependencies: ["Build", "Publish", "Linking", "DevServer", "Site", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Build", "Publish", "Linking", "syllabus", "syllabus-fuzz", "Site", "Check", "Course", "TestSupport"],
                    exclude: ["Hostile"]),
    ]
)
