import Apply

/// Runs `body` holding the run lock (`RunLock`): one apply or chroot at a time, from the
/// probe that plans to the last action.
public func withRunLock<T>(_ body: () throws -> T) throws -> T {
    let lock: RunLock
    do { lock = try RunLock.acquire() } catch { throw WorkflowError("\(error)") }
    defer { lock.release() }
    return try body()
}
