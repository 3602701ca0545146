import Platform
import Synchronization

/// `DispatchQueue.concurrentPerform(iterations:execute:)` on POSIX threads: runs
/// `body` once for each of `0..<iterations`, on at most as many threads as the
/// machine has processors online (the calling thread one of them), each taking
/// the next index as it finishes one, and returns when every call has returned.
/// The one parallel loop of the package (the probe of the disks); with it the
/// release binary does without Dispatch's Swift overlay (bench/floor.md, "Release size").
enum Parallel {
    static func perform(iterations: Int, _ body: (Int) -> Void) {
        guard iterations > 0 else { return }
        withoutActuallyEscaping(body) { body in
            let work = Work(count: iterations, body: body)
            let processors = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
            var threads: [pthread_t] = []
            for _ in 1..<min(iterations, processors) {
                var thread = pthread_t()
                let context = Unmanaged.passRetained(work).toOpaque()
                let started = pthread_create(&thread, nil, { context in
                    Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().run()
                    return nil
                }, context)
                if started == 0 {
                    threads.append(thread)
                } else {
                    Unmanaged<Work>.fromOpaque(context).release()  // fewer threads: the others take its share
                }
            }
            work.run()
            for thread in threads { pthread_join(thread, nil) }
        }
    }

    /// The loop's state the threads share: the next index to run and the body.
    /// Unchecked: `body` is not `@Sendable` (as with `concurrentPerform`, the
    /// caller's body synchronises what it shares), and it outlives no call of
    /// `perform`, which joins every thread before it returns.
    private final class Work: @unchecked Sendable {
        let count: Int
        let body: (Int) -> Void
        let next = Atomic<Int>(0)

        init(count: Int, body: @escaping (Int) -> Void) {
            self.count = count
            self.body = body
        }

        func run() {
            while true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard i < count else { return }
                body(i)
            }
        }
    }
}
