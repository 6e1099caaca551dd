import DevServer
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Site
import Synchronization
import Testing
import TestSupport

/// The dev server on 127.0.0.1: pages, rebuild on change, diagnostics in the browser.
@Suite(.serialized) struct DevServerTests {
    func get(_ url: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Polls until `condition` holds or five seconds pass (tests run beside other suites).
    func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<100 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test func servesRebuildsOnChangeAndShowsFailures() async throws {
        let course = try TemporaryCourse(["a.md": "# Alpha\n\nThe summary.\n\nFirst words.\n", "b.md": "# Beta\n"])
        defer { course.remove() }
        let port = UInt16.random(in: 20000...40000)
        // With the cache, as `syllabus serve` runs: the first change is a quick rebuild.
        let lines = Mutex<[String]>([])
        let server = DevServer(pipeline: course.pipeline(cached: true), port: port) { line in lines.withLock { $0.append(line) } }
        let task = Task { try await server.run() }
        defer { task.cancel() }
        let base = "http://127.0.0.1:\(port)"
        #expect(try await eventually { (try? await get(base + "/a.html"))?.0 == 200 })
        let (_, page) = try await get(base + "/a.html")
        #expect(page.contains("First words."))
        #expect(page.contains("<meta name=\"syllabus-live-reload\" content=\"/__syllabus/events\">"))
        #expect(try await get(base + "/").1.contains("Alpha"))
        #expect(try await get(base + "/missing.html").0 == 404)

        let start = ContinuousClock.now
        try course.write("a.md", "# Alpha\n\nThe summary.\n\nChanged words.\n")
        #expect(try await eventually { try await get(base + "/a.html").1.contains("Changed words.") })
        // Seen within a poll or two and rebuilt at once; the bound leaves room for the other
        // suites running beside this one on two cores (a second was exceeded under load).
        #expect(ContinuousClock.now - start < .seconds(3), "rebuilt within a few polls")
        #expect(lines.withLock { $0.contains { $0.contains("rebuilt in") && $0.contains("quick rebuild") } }, "\(lines.withLock { $0 })")

        try course.write("a.md", "# Alpha\n\n[see: \"Gamma\"]\n")
        #expect(try await eventually { try await get(base + "/a.html").1.contains("no page titled &quot;Gamma&quot;") })
        #expect(try await get(base + "/__syllabus/status").1.contains("\"ok\":false"))

        try course.write("a.md", "# Alpha\n\n[see: \"Beta\"]\n")
        #expect(try await eventually { try await get(base + "/__syllabus/status").1.contains("\"ok\":true") })
        #expect(try await get(base + "/a.html").1.contains("href=\"b.html\""))
    }

    @Test func answersRangeRequestsSoAudioCanSeekAndServes404WithLocalLinks() async throws {
        let course = try TemporaryCourse(["a.md": "# A\n", "audio/clip.ogg": "0123456789", "course.yml": "base_url: https://example.org/x/\n"])
        defer { course.remove() }
        let port = UInt16.random(in: 40001...60000)
        // With the cache, as `syllabus serve` runs: the first change is a quick rebuild.
        let server = DevServer(pipeline: course.pipeline(cached: true), port: port) { _ in }
        let task = Task { try await server.run() }
        defer { task.cancel() }
        let base = "http://127.0.0.1:\(port)"
        #expect(try await eventually { (try? await get(base + "/a.html"))?.0 == 200 })
        var request = URLRequest(url: URL(string: base + "/audio/clip.ogg")!)
        request.setValue("bytes=2-5", forHTTPHeaderField: "Range")
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        #expect(http.statusCode == 206)
        #expect(http.value(forHTTPHeaderField: "Content-Range") == "bytes 2-5/10")
        #expect(String(decoding: data, as: UTF8.self) == "2345")
        request.setValue("bytes=20-", forHTTPHeaderField: "Range")
        #expect((try await URLSession.shared.data(for: request).1 as? HTTPURLResponse)?.statusCode == 416)
        let (status, notFound) = try await get(base + "/nowhere.html")
        #expect(status == 404)
        #expect(notFound.contains("href=\"/theme/style.css\""), "the served 404 page links to the dev server, not base_url")
    }
}
