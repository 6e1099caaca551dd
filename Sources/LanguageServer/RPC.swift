import Support

/// JSON-RPC 2.0 as the Language Server Protocol uses it: the messages the server writes, and
/// the error codes it answers with.
public enum RPC {
    public enum ErrorCode: Int, Sendable {
        case parseError = -32700
        case invalidRequest = -32600
        case methodNotFound = -32601
        case invalidParams = -32602
        case internalError = -32603
        case serverNotInitialized = -32002
        case requestFailed = -32803
    }

    /// A request's failure: its code and what the client may show.
    public struct Failure: Error, Sendable {
        public var code: ErrorCode
        public var message: String

        public init(_ code: ErrorCode, _ message: String) {
            self.code = code
            self.message = message
        }
    }

    public static func response(id: JSON, result: JSON) -> JSON {
        .object(["jsonrpc": .string("2.0"), "id": id, "result": result])
    }

    public static func error(id: JSON, _ failure: Failure) -> JSON {
        .object(["jsonrpc": .string("2.0"), "id": id,
                 "error": .object(["code": .int(failure.code.rawValue), "message": .string(failure.message)])])
    }

    public static func notification(_ method: String, _ params: JSON) -> JSON {
        .object(["jsonrpc": .string("2.0"), "method": .string(method), "params": params])
    }

    public static func request(id: Int, _ method: String, _ params: JSON) -> JSON {
        .object(["jsonrpc": .string("2.0"), "id": .int(id), "method": .string(method), "params": params])
    }

    /// `window/logMessage`: a line for the client's log (type 1 error … 4 log).
    public static func log(_ message: String, type: Int = 3) -> JSON {
        notification("window/logMessage", .object(["type": .int(type), "message": .string(message)]))
    }
}
