import Foundation
import Testing
import Apply

/// A disk that is not there is named with what is missing, not with a system call's words.
@Suite struct MissingDiskTests {
    @Test func aLinkToNothingSaysWhereItPoints() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let link = scratch.path("disk-link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: scratch.path("gone.img"))
        let error = try #require(throws: DeviceError.self) { try Probe.disk(link) }
        #expect(error.description == "\(link) is a symbolic link to \(scratch.path("gone.img")), which does not exist")
        #expect(error.reason == "is a symbolic link to \(scratch.path("gone.img")), which does not exist")
    }

    @Test func aPathThatDoesNotExistSaysSo() throws {
        let error = try #require(throws: DeviceError.self) { try Probe.disk("/nonexistent/disk.img") }
        #expect(error.description == "/nonexistent/disk.img does not exist" && error.reason == "does not exist")
    }
}
