/// The features `sqlheal serve` runs with (and the in-process test server, by default).
///
/// Each feature owner adds one line here; order matters only for notification handlers of the
/// same method and for capability contributions (first registered, first called).
public enum DefaultServerFeatures {
    public static func make() -> [any ServerFeature] {
        [
            CodeActionFeature(),
            WorkspaceFeature(),
            RepairFeature(),
            SQLEditingFeature(),
            SQLNavigationFeature(),
            SQLRenameFeature(),
        ]
    }
}
