import Foundation
import Testing

/// The package lives on FoundationEssentials: full Foundation (and with it
/// ICU and its 37 MB of data) must not come back through an `import
/// Foundation` or a dependency. The debug build links the Swift libraries
/// dynamically, so its NEEDED entries show which it uses.
@Suite struct LinkageTests {
    @Test func theBinaryLinksFoundationEssentialsOnly() throws {
        let dynamic = try CLI.tool(["readelf", "--dynamic", CLI.binary])
        let needed = dynamic.split(separator: "\n").filter { $0.contains("(NEEDED)") }.map { String($0.split(separator: "[").last ?? "").dropLast() }
        #expect(needed.contains("libFoundationEssentials.so"), "\(needed)")
        for library in ["libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so"] {
            #expect(!needed.contains(Substring(library)), "\(library) in \(needed)")
        }
    }

    /// libyaml is linked from its static archive (Sources/CYAML/module.modulemap): the
    /// rescue system and the .deb's Depends do without libyaml-0.so.2.
    @Test func libyamlIsLinkedStatically() throws {
        let dynamic = try CLI.tool(["readelf", "--dynamic", CLI.binary])
        #expect(!dynamic.contains("libyaml"), "\(dynamic)")
        let symbols = try CLI.tool(["nm", CLI.binary])
        #expect(symbols.contains(" T yaml_parser_parse\n"))
    }
}
