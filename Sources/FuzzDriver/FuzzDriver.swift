import Foundation

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
#endif

/// The command line of a fuzz executable (`syllabus-fuzz`, `syllabus-lsp-fuzz`). Built with
/// `-sanitize=fuzzer` and `-DFUZZING` (scripts/fuzz.sh), libFuzzer drives the executable's
/// `LLVMFuzzerTestOneInput`; a plain build replays the files named on the command line
/// (regression inputs) through its target.
public enum FuzzDriver {
    public static func main(testOne: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt, replay run: ([UInt8]) -> Void) -> Never {
        #if FUZZING
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, testOne))
        #else
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            run(Array(data))
        }
        exit(0)
        #endif
    }

    /// The input libFuzzer hands over, as bytes.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    }
}
