import Testing
@testable import Layout

@Test func sectorCountUsesLogicalSectors() {
    let d = DiskInfo(path: "/x", sizeBytes: 8 << 30, logicalSectorSize: 4096, physicalSectorSize: 4096)
    #expect(d.sectorCount == (8 << 30) / 4096)
    #expect(d.alignmentGrainSectors == 256)
}
