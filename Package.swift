// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "auth-engine",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "authgen", targets: ["authgen"]),
        // The small support library generated code imports (validation, JSON values).
        .library(name: "AuthGenSupport", targets: ["AuthGenSupport"]),
        .library(name: "AuthAPI", targets: ["AuthAPI"]),
        // The payload hash helper for clients of brands that require it.
        .library(name: "AuthPayloadHash", targets: ["AuthPayloadHash"]),
        // The OTP service: engine, storage and the Hummingbird server, and its executable.
        .library(name: "AuthServer", targets: ["AuthServer"]),
        .executable(name: "auth-server", targets: ["auth-server"]),
        // For other packages: `swift package authgen generate|check|scaffold` for generated code
        // that is committed, and a build plugin for code generated at build time.
        .plugin(name: "AuthGenCommand", targets: ["AuthGenCommand"]),
        .plugin(name: "AuthGenBuild", targets: ["AuthGenBuild"]),
    ],
    dependencies: [
        // Typed OpenAPI 3.0 / 3.1 model with validation; the model Apple's generator builds on.
        // The ExternalLoading trait is off: it slows the build and we resolve only local refs.
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0", traits: []),
        // libyaml binding; its node marks give line and column for diagnostics (JSON is YAML too).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Logic-less templates, the language openapi-generator users know.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // The conventional CLI parser.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The transport protocols generated clients and servers speak, so URLSession,
        // AsyncHTTPClient, Hummingbird and Vapor transports plug in unchanged.
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // SHA-256 and RSA-OAEP for the payload hash (4.x, the range jwt-kit 5 accepts).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // A lean SwiftNIO HTTP server and its OpenAPI transport; the live tests serve on it.
        // ConfigurationSupport is off: we read no swift-configuration providers.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        // The HTTP client and its OpenAPI transport; the live tests call through it.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client", from: "1.5.0"),
        // Signed access tokens and regeneration keys (HS256); never hand-rolled.
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        // An SQLite reader of its own for the tests, which inspect the files the store writes.
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
        // The shared store of several server instances: PostgreSQL with a connection pool.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // TLS for the one connection that migrates before the pool starts.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // The event loops under Hummingbird and AsyncHTTPClient; the webhook sender reads NIO's errors.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // HTTP parts in NIO pipelines: the request deadline handlers see them.
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        // Graceful shutdown with a deadline, the way Hummingbird's services stop.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Structured logs, the convention Hummingbird and the NIO packages log through.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Metrics through the API the server ecosystem shares, exposed in Prometheus' text format.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // `swift package generate-documentation` for the DocC catalogs of the libraries.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "AuthGenCore",
            dependencies: [
                "AuthGenSupport",
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "OpenAPIKit30", package: "OpenAPIKit"),
                .product(name: "OpenAPIKitCompat", package: "OpenAPIKit"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "authgen",
            dependencies: [
                "AuthGenCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "AuthGenSupport",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // GENERATED by `swift run authgen generate`; never edit by hand.
        .target(
            name: "AuthAPI",
            dependencies: ["AuthGenSupport", .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")]
        ),
        // Hand-written: seals and checks the payload `hash` of otp/generate.
        .target(
            name: "AuthPayloadHash",
            dependencies: [
                "AuthAPI",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),

        // Hand-written OTP logic behind the generated server protocol; never imports Hummingbird.
        .target(
            name: "AuthEngine",
            dependencies: [
                "AuthAPI", "AuthGenSupport", "AuthPayloadHash",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The system's SQLite, which the default store calls directly (libsqlite3-dev on Linux).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        // The engine's store protocol on SQLite (a file in WAL mode, the default) and PostgreSQL.
        .target(
            name: "AuthStorage",
            dependencies: [
                "AuthEngine", "CSQLite",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // Hummingbird wiring: routes, health, refusals in the status envelope, the webhook channel.
        .target(
            name: "AuthServer",
            dependencies: [
                "AuthAPI", "AuthGenSupport", "AuthEngine", "AuthStorage",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "auth-server",
            dependencies: [
                "AuthServer", "AuthEngine", "AuthAPI", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Helpers every test target shares: clocks, scripted OTPs, a recording sender, scratch
        // folders, the PostgreSQL the tests may use, parallel tasks.
        .target(
            name: "AuthTestSupport",
            dependencies: ["AuthEngine", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/AuthTestSupport"
        ),
        .testTarget(name: "AuthGenCoreTests", dependencies: ["AuthGenCore", "AuthGenSupport", "AuthTestSupport"]),
        .testTarget(name: "AuthGenSupportTests", dependencies: ["AuthGenSupport"]),
        .testTarget(
            name: "AuthAPITests",
            dependencies: [
                "AuthAPI", "AuthGenSupport",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
            ]
        ),
        .testTarget(name: "AuthPayloadHashTests", dependencies: ["AuthPayloadHash", "AuthAPI"]),
        .testTarget(
            name: "AuthEngineTests",
            dependencies: [
                "AuthEngine", "AuthStorage", "AuthAPI", "AuthPayloadHash", "AuthTestSupport",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ]
        ),
        .testTarget(
            name: "AuthStorageTests",
            dependencies: ["AuthStorage", "AuthEngine", "AuthTestSupport", .product(name: "SQLiteNIO", package: "sqlite-nio")]
        ),
        .testTarget(
            name: "AuthServerTests",
            dependencies: [
                "AuthServer", "AuthEngine", "AuthStorage", "AuthAPI", "AuthGenSupport", "AuthTestSupport", "auth-server",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "authgenTests", dependencies: ["AuthGenCore", "AuthTestSupport"]),

        // A second, unrelated API (Tests/Fixtures/library.yaml), GENERATED like AuthAPI, so the
        // generator is proven on parameters, discriminated bodies and raw content too.
        .target(
            name: "LibraryAPI",
            dependencies: ["AuthGenSupport", .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            path: "Tests/Fixtures/LibraryAPI"
        ),
        // Names Swift cannot use as written (Tests/Fixtures/hostile-names.yaml), GENERATED: that
        // this target compiles is the test.
        .target(
            name: "HostileNamesAPI",
            dependencies: ["AuthGenSupport", .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            path: "Tests/Fixtures/HostileNamesAPI"
        ),
        .testTarget(
            name: "LibraryAPITests",
            dependencies: [
                "LibraryAPI", "HostileNamesAPI", "AuthGenSupport",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),

        // The plugins run the authgen of this package; Tests/Fixtures/PluginPackage uses both.
        .plugin(
            name: "AuthGenCommand",
            capability: .command(
                intent: .custom(verb: "authgen", description: "Generate, check or scaffold from the package's authgen.yaml"),
                permissions: [.writeToPackageDirectory(reason: "authgen writes the outputs and scaffolds its config names")]),
            dependencies: ["authgen"]
        ),
        .plugin(name: "AuthGenBuild", capability: .buildTool(), dependencies: ["authgen"]),
    ]
)

// Warnings are errors in this package's own targets, generated ones included. SwiftPM applies
// warning settings to the root package only, so packages that depend on this one are unaffected.
for target in package.targets where target.type != .plugin && target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [.treatAllWarnings(as: .error)]
}
