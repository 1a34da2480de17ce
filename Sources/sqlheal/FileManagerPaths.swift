import Foundation

enum FileManagerPaths {
    static var currentDirectory: String { FileManager.default.currentDirectoryPath }

    static func absolute(_ path: String, relativeTo base: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: base).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }
}
