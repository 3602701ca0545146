/// Byte sizes as plan files write them.
///
/// The rule: units are binary, whatever their spelling. `K` = KiB = 2^10 bytes,
/// `M` = MiB = 2^20, `G` = GiB = 2^30, `T` = TiB = 2^40 bytes, in either case, with
/// or without `i` and `B` and a space before: `10G`, `10g`, `10Gi`, `10GiB`, `10GB`
/// and `10 G` are all 10 × 2^30 bytes. There are no decimal units (`10GB` is not
/// 10^10 bytes). A fraction is allowed (`1.5G`) and the result is rounded up to
/// whole MiB. A bare number without unit is refused: it is ambiguous (bytes? MiB
/// as in other installers?).
public enum Size {
    public static let KiB: UInt64 = 1 << 10
    public static let MiB: UInt64 = 1 << 20
    public static let GiB: UInt64 = 1 << 30
    public static let TiB: UInt64 = 1 << 40

    static let units: [Character: UInt64] = ["k": KiB, "m": MiB, "g": GiB, "t": TiB]

    /// No disk is larger: sizes above are refused, and sums and products of sizes stay far from overflowing.
    public static let maxBytes: UInt64 = 1 << 60

    /// Parses `4G`, `512M`, `1.5T`, `10GiB`, `10 gb`. Returns nil when the text is not a size.
    public static func parse(_ text: String) -> UInt64? {
        var s = Substring(text.trimmingCharacters(in: " ").lowercased())
        if s.hasSuffix("b") { s = s.dropLast() }
        if s.hasSuffix("i") { s = s.dropLast() }
        guard let unit = s.last, let factor = units[unit] else { return nil }
        let number = String(s.dropLast()).trimmingCharacters(in: " ")
        guard let bytes = scaled(number, by: factor), bytes > 0 else { return nil }
        let (rounded, overflow) = bytes.addingReportingOverflow(MiB - 1)
        return overflow ? nil : rounded / MiB * MiB
    }

    /// `number` × `factor` exactly, for a decimal number with up to 6 fraction digits.
    private static func scaled(_ number: String, by factor: UInt64) -> UInt64? {
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty,
              whole.allSatisfy(\.isASCIIDigit), let w = UInt64(whole) else { return nil }
        var fraction: UInt64 = 0
        var scale: UInt64 = 1
        if parts.count == 2 {
            let f = parts[1]
            guard !f.isEmpty, f.count <= 6, f.allSatisfy(\.isASCIIDigit), let v = UInt64(f) else { return nil }
            fraction = v
            scale = (0..<f.count).reduce(1) { r, _ in r * 10 }
        }
        let (hi, o1) = w.multipliedReportingOverflow(by: factor)
        guard !o1 else { return nil }
        let (sum, o2) = hi.addingReportingOverflow(fraction * (factor / scale) + (fraction * (factor % scale) + scale - 1) / scale)
        return o2 ? nil : sum
    }

    /// `29.97 GiB`, `512.00 MiB`: two decimals in the largest binary unit that keeps the value ≥ 1.
    public static func human(_ bytes: UInt64) -> String {
        let names = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var unit = 0
        var value = Double(bytes)
        while value >= 1024, unit < names.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        return formatTwoDecimals(value) + " " + names[unit]
    }

    /// Where partitions on these disks start and end, in bytes: the least common
    /// multiple of every disk's optimal alignment and of 1 MiB.
    static func grain(of disks: [DiskInfo]) -> UInt64 {
        disks.reduce(MiB) { g, d in lcm(g, max(MiB, d.alignmentGrainSectors * UInt64(d.logicalSectorSize))) }
    }

    /// The least common multiple of two alignment grains (in bytes or sectors).
    public static func lcm(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return a / x * b
    }

    static func formatTwoDecimals(_ value: Double) -> String {
        let hundredths = (value * 100).rounded(.down)
        let whole = Int(hundredths / 100)
        let frac = Int(hundredths) - whole * 100
        return "\(whole)." + (frac < 10 ? "0" : "") + "\(frac)"
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
