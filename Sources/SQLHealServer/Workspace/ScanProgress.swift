import Foundation
import SQLHealLSP
import Synchronization

/// Work-done progress for a scan, driven from worker threads: created once (when the client
/// supports it), reported at most every 5%, ended once.
///
/// The scan never waits for the client. LSP forbids progress on a token before the client has
/// answered `window/workDoneProgress/create`, so what happens before the answer is only
/// remembered: the answer sends `begin`, then where the scan has got to (`report`, and `end` if
/// it has finished). A slow client (or a loaded machine) therefore still sees the whole
/// progress, and a client that refuses the token sees none.
final class ScanProgress: Sendable {
    private enum Phase {
        case notStarted
        case awaitingClient(ProgressToken)
        case running(ProgressToken)
        case finished
    }

    private struct State {
        var phase = Phase.notStarted
        var completed = 0
        var lastReportedPercentage = -1
        var hasEnded = false
    }

    private let server: LanguageServer
    private let title: String
    private let total: Int
    /// Notifications are sent while it is held, so they leave in the order the scan made them.
    private let state = Mutex(State())

    init(server: LanguageServer, title: String, total: Int) {
        self.server = server
        self.title = title
        self.total = total
    }

    func begin() {
        guard total > 0, server.clientCapabilities.supportsWorkDoneProgress else { return }
        let token = ProgressToken.string("sqlheal-scan-\(UUID().uuidString)")
        state.withLock { $0.phase = .awaitingClient(token) }
        server.sendRequest(WorkDoneProgressCreateRequest(token: token)) { [self] result in
            state.withLock { state in
                guard case .awaitingClient(let token) = state.phase else { return }
                guard case .success = result else {
                    state.phase = .finished
                    return
                }
                server.sendNotification(ProgressNotification(token: token, workDone: .begin(title: title, percentage: 0)))
                state.phase = .running(token)
                if state.completed > 0 { sendReport(token: token, state: &state) }
                if state.hasEnded { sendEnd(token: token, state: &state) }
            }
        }
    }

    func report(_ completed: Int) {
        guard total > 0 else { return }
        state.withLock { state in
            state.completed = max(state.completed, completed)
            guard case .running(let token) = state.phase, percentage(of: state.completed) >= state.lastReportedPercentage + 5 else { return }
            sendReport(token: token, state: &state)
        }
    }

    func end() {
        state.withLock { state in
            state.hasEnded = true
            guard case .running(let token) = state.phase else { return }
            sendEnd(token: token, state: &state)
        }
    }

    private func percentage(of completed: Int) -> Int { completed * 100 / total }

    private func sendReport(token: ProgressToken, state: inout State) {
        let percentage = percentage(of: state.completed)
        state.lastReportedPercentage = percentage
        server.sendNotification(ProgressNotification(token: token, workDone: .report(message: "\(state.completed)/\(total) files", percentage: percentage)))
    }

    private func sendEnd(token: ProgressToken, state: inout State) {
        state.phase = .finished
        server.sendNotification(ProgressNotification(token: token, workDone: .end(message: "\(total) \(total == 1 ? "file" : "files") checked")))
    }
}
