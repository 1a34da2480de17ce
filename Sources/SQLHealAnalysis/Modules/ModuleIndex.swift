/// The project model of modules: what every file of a project exports and imports, joined.
///
/// A pure value (no IO): SQLHealWorkspace reads the files and tsconfig.json and hands the
/// summaries in; the server keeps one per project and updates it file by file. From it:
/// - ``context(forFile:)``: the values of the names a file imports, resolved through re-exports,
///   `export *`, namespaces and CommonJS, wherever they are constants;
/// - ``update(_:summary:)``: the files whose analysis an edit to one file's exports changes
///   (its importers, and theirs through re-exports), so only those are checked again.
public struct ModuleIndex: Sendable {
    public private(set) var summaries: [String: ModuleSummary]
    public let settings: ModuleResolutionSettings
    /// Resolved file → the files that import from it.
    private var importers: [String: Set<String>] = [:]
    /// File → the files it imports from.
    private var imported: [String: Set<String>] = [:]
    /// File → each specifier it names → the file it means (`nil`: none of the project's),
    /// resolved once with the edges: values are looked up through them for every file checked.
    private var resolvedSpecifiers: [String: [String: String?]] = [:]
    /// The folders holding the files of ``summaries``: where a specifier may lead.
    private var moduleDirectories: Set<String> = []
    /// Every file's query wrappers, joined by name.
    public private(set) var wrappers: [String: QueryWrapper] = [:]
    /// The files that create connections, with those connections, in the order of `summaries`:
    /// each file's context lists the others' without a walk over every summary.
    private var connectionSitesByFile: [(path: String, sites: [ConnectionSite])] = []

    /// How many modules a resolution may pass through (re-export chains, cycles).
    private static let maximumDepth = 16

    public init(summaries: [String: ModuleSummary] = [:], settings: ModuleResolutionSettings = .none) {
        self.summaries = summaries
        self.settings = settings
        rebuildEdges()
        joinWrappers()
        collectConnectionSites()
    }

    private mutating func collectConnectionSites() {
        connectionSitesByFile = summaries.compactMap { path, summary in summary.connectionSites.isEmpty ? nil : (path, summary.connectionSites) }
    }

    private mutating func joinWrappers() {
        wrappers = [:]
        for summary in summaries.values {
            for (name, wrapper) in summary.wrappers { wrappers[name] = wrappers[name].map { $0.merged(with: wrapper) } ?? wrapper }
        }
    }

    public var isEmpty: Bool { summaries.isEmpty }

    /// After a first reading in which no file knew another's wrappers: a function running its SQL
    /// through a wrapper another file defines is a wrapper too. `reread(names, context)` reads
    /// again, with `context` holding the wrappers known so far, the files that may call one of
    /// `names` (those new since the last round; ``QueryExtractor/mayCall(_:in:)``) and returns their
    /// summaries. A few rounds, each finding the next layer.
    public mutating func settleWrappers(rereading reread: ([String], ModuleContext) -> [String: ModuleSummary]) {
        var known = Set<String>()
        for _ in 0..<3 {
            let new = wrappers.keys.filter { !known.contains($0) }
            guard !new.isEmpty else { return }
            known.formUnion(new)
            var changed = false
            for (path, summary) in reread(Array(new), ModuleContext(wrappers: wrappers)) where summaries[path] != nil && summaries[path]?.wrappers != summary.wrappers {
                summaries[path] = summary
                changed = true
            }
            guard changed else { return }
            joinWrappers()
            collectConnectionSites()
        }
    }

    /// Records the summary of `path` (new, or read again after an edit). Returns the other files
    /// importing from it whose analysis may change: none when what the file exports is unchanged.
    /// (``record(_:summary:)`` also tells which wrappers and connections changed.)
    @discardableResult
    public mutating func update(_ path: String, summary: ModuleSummary) -> Set<String> {
        record(path, summary: summary).importers
    }

    /// Records the summary of `path` (new, or read again after an edit) and says which other
    /// files may be checked differently now.
    public mutating func record(_ path: String, summary: ModuleSummary) -> ModuleIndexChange {
        let previous = summaries.updateValue(summary, forKey: path)
        var change = ModuleIndexChange()
        if previous?.wrappers != summary.wrappers {
            let before = wrappers
            joinWrappers()
            for name in Set(before.keys).union(wrappers.keys) where before[name] != wrappers[name] { change.changedWrapperNames.insert(name) }
        }
        if previous == nil || previous!.connectionSites != summary.connectionSites {
            collectConnectionSites()
            // Every other file sees the connections a file creates (`Zotero.DB`); moving one is no change.
            change.connectionSitesChanged = (previous?.connectionSites ?? []).map(\.positionless) != summary.connectionSites.map(\.positionless)
        }
        if previous == nil {
            // A new file may be what some specifier meant all along.
            rebuildEdges()
            change.importers = dependents(of: path)
            return change
        }
        if previous!.specifiers != summary.specifiers { reconnect(path) }
        if previous!.exportedSurface != summary.exportedSurface { change.importers = dependents(of: path) }
        return change
    }

    /// Forgets a deleted file; returns the files that imported from it.
    @discardableResult
    public mutating func remove(_ path: String) -> Set<String> {
        guard let removed = summaries.removeValue(forKey: path) else { return [] }
        if !removed.wrappers.isEmpty { joinWrappers() }
        collectConnectionSites()
        let affected = dependents(of: path)
        rebuildEdges()
        return affected
    }

    /// The files that import from `path`, and (through files that pass values on: re-exports,
    /// exported constants built from imports) the files importing those, `path` excluded.
    public func dependents(of path: String) -> Set<String> {
        var result: Set<String> = []
        var work = [path]
        while let file = work.popLast() {
            for importer in importers[file] ?? [] where importer != path && result.insert(importer).inserted {
                if summaries[importer]?.forwardsImports == true { work.append(importer) }
            }
        }
        return result
    }

    /// The files `path` imports from (resolved).
    public func importedFiles(of path: String) -> Set<String> { imported[path] ?? [] }

    /// The file a specifier written in `importer` means, if it is one of the project's.
    public func resolve(_ specifier: String, from importer: String) -> String? {
        ModuleResolver(settings: settings).resolve(specifier, from: importer, directoryHoldsFiles: { moduleDirectories.contains($0) }) { summaries[$0] != nil }
    }

    // MARK: - Values

    /// The resolved values of the names `path` imports (only those that are constants).
    public func context(forFile path: String) -> ModuleContext {
        // The connections other files create, whatever this one imports (globals like `Zotero.DB`).
        var sites: [ConnectionSite] = []
        for (file, fileSites) in connectionSitesByFile where file != path { sites += fileSites }
        guard let summary = summaries[path], !summary.imports.isEmpty else { return ModuleContext(wrappers: wrappers, projectConnectionSites: sites) }
        var constants: [String: ModuleValue] = [:]
        var importedSites: [String: ConnectionSite] = [:]
        for (local, binding) in summary.imports {
            guard let target = resolvedTarget(binding.specifier, from: path) else { continue }
            if let site = exportedConnectionSite(of: target, named: binding.importedName, depth: 0) { importedSites[local] = site }
            guard let value = exportedValue(of: target, named: binding.importedName, depth: 0), value.holdsConstant else { continue }
            constants[local] = value
        }
        return ModuleContext(constants: constants, wrappers: wrappers, projectConnectionSites: sites, importedConnectionSites: importedSites)
    }

    /// The connection `module` creates and holds under the name it exports as `name`, following
    /// re-exports (`export { db } from './connection'`).
    private func exportedConnectionSite(of module: String, named name: String, depth: Int) -> ConnectionSite? {
        guard depth < Self.maximumDepth, let summary = summaries[module] else { return nil }
        if let binding = summary.reExports[name] {
            guard let target = resolvedTarget(binding.specifier, from: module) else { return nil }
            return exportedConnectionSite(of: target, named: binding.importedName, depth: depth + 1)
        }
        return summary.connectionSites.last { $0.holder == name }
    }

    /// The resolved value `module` exports as `name` (`*`: the whole module as an object).
    private func exportedValue(of module: String, named name: String, depth: Int) -> ModuleValue? {
        guard depth < Self.maximumDepth, let summary = summaries[module] else { return nil }
        if name == ModuleImport.namespace {
            var members: [String: ModuleValue] = [:]
            for specifier in summary.starReExports {
                guard let target = resolvedTarget(specifier, from: module),
                      case .object(let starred)? = exportedValue(of: target, named: ModuleImport.namespace, depth: depth + 1) else { continue }
                for (member, value) in starred where member != ModuleImport.defaultExport { members[member] = value }
            }
            for exportedName in Set(summary.exports.keys).union(summary.reExports.keys) {
                if let value = exportedValue(of: module, named: exportedName, depth: depth + 1) { members[exportedName] = value }
            }
            return .object(members)
        }
        if let value = summary.exports[name] { return resolved(value, in: module, depth: depth + 1) }
        if let binding = summary.reExports[name] {
            guard let target = resolvedTarget(binding.specifier, from: module) else { return nil }
            return exportedValue(of: target, named: binding.importedName, depth: depth + 1)
        }
        guard name != ModuleImport.defaultExport else { return nil }
        for specifier in summary.starReExports {
            if let target = resolvedTarget(specifier, from: module), let value = exportedValue(of: target, named: name, depth: depth + 1) { return value }
        }
        return nil
    }

    /// `value` with every reference followed and every concatenation joined; `nil` when some
    /// text part is unknown.
    private func resolved(_ value: ModuleValue, in module: String, depth: Int) -> ModuleValue? {
        guard depth < Self.maximumDepth else { return nil }
        switch value {
        case .text, .number:
            return value
        case .concatenation(let parts):
            var text = ""
            for part in parts {
                guard let partText = resolved(part, in: module, depth: depth + 1)?.sqlText else { return nil }
                text += partText
            }
            return .text(text)
        case .object(let members):
            return .object(members.compactMapValues { resolved($0, in: module, depth: depth + 1) })
        case .array(let elements):
            var result: [ModuleValue] = []
            for element in elements {
                guard let resolvedElement = resolved(element, in: module, depth: depth + 1) else { return nil }
                result.append(resolvedElement)
            }
            return .array(result)
        case .reference(let name, let path):
            guard let binding = summaries[module]?.imports[name], let target = resolvedTarget(binding.specifier, from: module),
                  let root = exportedValue(of: target, named: binding.importedName, depth: depth + 1) else { return nil }
            return root.member(path)
        }
    }

    // MARK: - Edges

    private mutating func rebuildEdges() {
        moduleDirectories = Set(summaries.keys.map(ModuleResolver.directory(of:)))
        importers = [:]
        imported = [:]
        resolvedSpecifiers = [:]
        for path in summaries.keys { connect(path) }
    }

    /// ``resolve(_:from:)`` of a specifier the importer's summary names, as ``connect(_:)`` found it.
    private func resolvedTarget(_ specifier: String, from importer: String) -> String? {
        if let resolved = resolvedSpecifiers[importer]?[specifier] { return resolved }
        return resolve(specifier, from: importer)
    }

    private mutating func reconnect(_ path: String) {
        for target in imported[path] ?? [] { importers[target]?.remove(path) }
        imported[path] = nil
        connect(path)
    }

    private mutating func connect(_ path: String) {
        guard let summary = summaries[path] else { return }
        var targets: Set<String> = []
        var resolved: [String: String?] = [:]
        for specifier in summary.specifiers {
            let target = resolve(specifier, from: path)
            resolved[specifier] = .some(target)
            if let target, target != path { targets.insert(target) }
        }
        imported[path] = targets
        resolvedSpecifiers[path] = resolved
        for target in targets { importers[target, default: []].insert(path) }
    }
}

extension ModuleValue {
    /// Whether some text or number is known in it (an object of unknown members is not worth passing).
    var holdsConstant: Bool {
        switch self {
        case .text, .number: return true
        case .object(let members): return members.values.contains(where: \.holdsConstant)
        case .array(let elements): return elements.contains(where: \.holdsConstant)
        case .concatenation, .reference: return false
        }
    }
}

/// What recording one file's new summary changes for the other files of the project.
public struct ModuleIndexChange: Sendable, Equatable {
    /// The files importing from it (through re-exports too) whose imported values may differ.
    public var importers: Set<String> = []
    /// Wrapper names whose definition, joined over the project, changed: a file calling one of
    /// them anywhere (wrappers are known by name, not import) may be checked differently.
    public var changedWrapperNames: Set<String> = []
    /// The connections the file creates changed (not only moved): every other file sees them
    /// (a global `Zotero.DB` is used without an import).
    public var connectionSitesChanged = false

    public init() {}

    public var isEmpty: Bool { importers.isEmpty && changedWrapperNames.isEmpty && !connectionSitesChanged }
}
