/// Free byte ranges common to all disks, sorted; allocation splits them.
struct FreeSpace {
    var regions: [(start: UInt64, end: UInt64)]  // [start, end)

    init(lo: UInt64, hi: UInt64, occupied: [(UInt64, UInt64)]) {
        var out: [(start: UInt64, end: UInt64)] = []
        var cursor = lo
        for (s, e) in occupied.sorted(by: { $0.0 < $1.0 }) {
            if s > cursor, cursor < hi { out.append((cursor, min(s, hi))) }
            cursor = max(cursor, e)
        }
        if cursor < hi { out.append((cursor, hi)) }
        regions = out
    }

    static func alignUp(_ v: UInt64, _ g: UInt64) -> UInt64 { (v + g - 1) / g * g }

    /// First fit: the lowest aligned start (after `lead` bytes of gap) where `size` bytes fit.
    mutating func take(_ size: UInt64, grain: UInt64, lead: UInt64 = 0, within: (UInt64, UInt64)? = nil) -> UInt64? {
        for (i, r) in regions.enumerated() {
            var lo = r.start, hi = r.end
            if let (wl, wh) = within { lo = max(lo, wl); hi = min(hi, wh) }
            let start = Self.alignUp(lo + lead, grain)
            guard start + size <= hi else { continue }
            carve(i, start - lead, start + size)
            return start
        }
        return nil
    }

    /// The largest aligned piece of free space, for `rest`.
    mutating func takeRest(grain: UInt64, round: UInt64, lead: UInt64 = 0, within: (UInt64, UInt64)? = nil) -> (UInt64, UInt64)? {
        var best: (index: Int, start: UInt64, size: UInt64)?
        for (i, r) in regions.enumerated() {
            var lo = r.start, hi = r.end
            if let (wl, wh) = within { lo = max(lo, wl); hi = min(hi, wh) }
            let start = Self.alignUp(lo + lead, grain)
            guard hi > start else { continue }
            let size = (hi - start) / round * round
            if size > 0, size > (best?.size ?? 0) { best = (i, start, size) }
        }
        guard let b = best else { return nil }
        carve(b.index, b.start - lead, b.start + b.size)
        return (b.start, b.size)
    }

    private mutating func carve(_ i: Int, _ s: UInt64, _ e: UInt64) {
        regions.replaceSubrange(i...i, with: Self.split(regions[i], s, e))
    }

    /// This space without [s, e).
    func removing(_ s: UInt64, _ e: UInt64) -> FreeSpace {
        var g = self
        g.regions = regions.flatMap { Self.split($0, s, e) }
        return g
    }

    /// What is left of region `r` around [s, e).
    private static func split(_ r: (start: UInt64, end: UInt64), _ s: UInt64, _ e: UInt64) -> [(start: UInt64, end: UInt64)] {
        if e <= r.start || s >= r.end { return [r] }
        var pieces: [(start: UInt64, end: UInt64)] = []
        if s > r.start { pieces.append((r.start, s)) }
        if e < r.end { pieces.append((e, r.end)) }
        return pieces
    }

    func largest(within: (UInt64, UInt64)? = nil) -> UInt64 {
        regions.map { r in
            guard let (wl, wh) = within else { return r.end - r.start }
            let lo = max(r.start, wl), hi = min(r.end, wh)
            return hi > lo ? hi - lo : 0
        }.max() ?? 0
    }
}
