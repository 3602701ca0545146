extension Reader {
    /// `alerts: {mail: ADDRESS, program: PATH}`: one word each, as mdadm.conf reads them; at least one.
    func alerts(_ node: Node) throws(PlanError) -> Alerts {
        let m = try mapping(node, "alerts", allowed: PlanParser.alertKeys)
        guard !m.isEmpty else { throw error(node, "alerts", "give mail, program or both (MAILADDR and PROGRAM of mdadm's monitor)") }
        let mail = try m["mail"].map { e throws(PlanError) in try word(e.value, "alerts.mail") }
        let program = try m["program"].map { e throws(PlanError) in try word(e.value, "alerts.program") }
        if let program, !program.hasPrefix("/") {
            throw error(m["program"]!.value, "alerts.program", "must be an absolute path: mdadm's monitor runs it without a search path")
        }
        return Alerts(mail: mail, program: program)
    }

    /// A text value without blanks or control characters: mdadm.conf takes the first word of a line.
    func word(_ node: Node, _ key: String) throws(PlanError) -> String {
        let s = try string(node, key)
        guard !s.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7f }) else {
            throw error(node, key, "must be one word without blanks (mdadm.conf reads the first word)")
        }
        return s
    }
}
