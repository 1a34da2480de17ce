import Synchronization

/// One slot per work item, filled from `DispatchQueue.concurrentPerform` workers.
final class ConcurrentResults<Element: Sendable>: Sendable {
    private let slots: Mutex<[Element?]>

    init(count: Int) {
        slots = Mutex(Array(repeating: nil, count: count))
    }

    func store(_ value: Element, at index: Int) {
        slots.withLock { $0[index] = value }
    }

    func values() -> [Element?] {
        slots.withLock { $0 }
    }
}
