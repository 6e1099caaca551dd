import Check
import Support
import Course
import Linking
import Site
import Markdown
#if canImport(Glibc)
import Glibc
#endif

/// What the last successful build wrote into an output folder: for each file, the
/// fingerprint of everything it was rendered from, the stamp the file had, and (for HTML) the
/// ids and links verification needs. A page whose fingerprint is unchanged, and whose file
/// still carries that stamp, is neither rendered nor read again: it is linked into the new site.
struct OutputCache: Sendable {
    struct Record: Sendable, Hashable {
        var fingerprint: UInt64
        var stamp: FileStamp
        var extract: OutputVerifier.Extract?
    }

    let path: String
    private(set) var records: [String: Record]
    /// Verification found nothing in the site these records describe.
    private(set) var verifiedClean = false

    private static let header = Array("syllabus output cache 1\n".utf8)

    /// The records of building the cache's content into `output`, with the
    /// amendments of quick rebuilds since.
    init(cache: BuildCache, output: String) {
        path = Self.path(in: cache, output: output)
        (records, verifiedClean) = Self.read(path) ?? ([:], false)
        for (file, fingerprint, stamp) in Self.amendments(at: path) {
            records[file]?.fingerprint = fingerprint
            records[file]?.stamp = stamp
        }
    }

    static func path(in cache: BuildCache, output: String) -> String {
        cache.path(of: .outputs, output: output)
    }

    private static let amendmentHeader = Array("syllabus output amendments 1\n".utf8)

    /// Records that a quick rebuild rewrote these pages (same ids and links, new bytes). They
    /// are appended to a small file beside the cache rather than rewriting all of it; the next
    /// full build folds them in.
    static func amend(_ pages: [(path: String, fingerprint: UInt64, stamp: FileStamp)], at path: String) {
        var records = amendments(at: path)
        records += pages
        var writer = ByteWriter(capacity: 64 * records.count)
        writer.append(amendmentHeader)
        writer.write(records) { writer, record in
            writer.write(record.path)
            writer.write(record.fingerprint)
            record.stamp.encode(into: &writer)
        }
        BuildCache.replace(path + ".amended", with: writer.bytes)
    }

    private static func amendments(at path: String) -> [(path: String, fingerprint: UInt64, stamp: FileStamp)] {
        let bytes = BuildCache.contents(of: path + ".amended")
        guard bytes.starts(with: amendmentHeader) else { return [] }
        return bytes.withUnsafeBytes { buffer in
            var reader = ByteReader(UnsafeRawBufferPointer(rebasing: buffer[amendmentHeader.count...]))
            let records = try? reader.array { reader throws(ByteReader.Damaged) in
                (path: try reader.string(), fingerprint: try reader.uint64(),
                 stamp: try FileStamp(from: &reader))
            }
            return reader.isAtEnd ? records ?? [] : []
        }
    }

    var previousSite: OutputVerifier.PreviousSite {
        OutputVerifier.PreviousSite(paths: Set(records.keys), extracts: records.compactMapValues(\.extract), clean: verifiedClean)
    }

    private static func read(_ path: String) -> ([String: Record], Bool)? {
        let bytes = BuildCache.contents(of: path)
        guard bytes.starts(with: header) else { return nil }
        return bytes.withUnsafeBytes { buffer -> ([String: Record], Bool)? in
            var reader = ByteReader(UnsafeRawBufferPointer(rebasing: buffer[header.count...]))
            do throws(ByteReader.Damaged) {
                let clean = try reader.bool()
                let entries = try reader.array { reader throws(ByteReader.Damaged) -> (String, Record) in
                    let path = try reader.string()
                    let fingerprint = try reader.uint64()
                    let stamp = try FileStamp(from: &reader)
                    var extract: OutputVerifier.Extract?
                    if try reader.bool() { extract = OutputVerifier.Extract(ids: try reader.strings(), urls: try reader.strings()) }
                    return (path, Record(fingerprint: fingerprint, stamp: stamp, extract: extract))
                }
                guard reader.isAtEnd else { return nil }
                return (Dictionary(entries, uniquingKeysWith: { first, _ in first }), clean)
            } catch {
                return nil
            }
        }
    }

    /// The record of `path` when its file in `output` is still the one it describes.
    func reusable(_ path: String, fingerprint: UInt64, in output: String) -> Record? {
        guard let record = records[path], record.fingerprint == fingerprint,
              FileStamp(path: output + "/" + path) == record.stamp else { return nil }
        return record
    }

    /// Replaces the cache with what this build wrote. Failing to write is not an error: the
    /// next build renders everything again.
    static func store(_ records: [String: Record], verifiedClean: Bool, at path: String) {
        var writer = ByteWriter(capacity: records.count * 256)
        writer.write(verifiedClean)
        writer.write(records.sorted { $0.key < $1.key }) { writer, entry in
            writer.write(entry.key)
            writer.write(entry.value.fingerprint)
            entry.value.stamp.encode(into: &writer)
            writer.write(entry.value.extract != nil)
            if let extract = entry.value.extract {
                writer.write(extract.ids)
                writer.write(extract.urls)
            }
        }
        BuildCache.replace(path, with: header + writer.bytes)
        unlink(path + ".amended")
    }
}
