import Support

extension Features {
    func prepareRename(_ params: JSON) throws(RPC.Failure) -> JSON { .null }
    func rename(_ params: JSON) throws(RPC.Failure) -> JSON { .null }
    func codeActions(_ params: JSON) throws(RPC.Failure) -> JSON { .array([]) }
    func willRenameFiles(_ params: JSON) -> JSON { .null }
}
