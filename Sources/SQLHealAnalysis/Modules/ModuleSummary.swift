/// A value a module declares at its top level, as far as text alone tells: literal text and
/// numbers, objects and arrays of them, and references to names imported from other modules
/// (resolved later by ``ModuleIndex``, which knows the other modules).
public indirect enum ModuleValue: Sendable, Hashable {
    /// A string or a template made only of constants: its decoded text.
    case text(String)
    /// A number literal, as written.
    case number(String)
    /// Parts joined as text (`` `${PREFIX}_messages` ``, `A + '_x'`), some of them references.
    case concatenation([ModuleValue])
    /// An object literal or enum: member name → value (members whose value is unknown are left out).
    case object([String: ModuleValue])
    case array([ModuleValue])
    /// `name.member.member`, where `name` is imported into the module holding this value.
    case reference(name: String, path: [String])

    /// The text the value stands for when spliced into SQL, when it is fully resolved.
    public var sqlText: String? {
        switch self {
        case .text(let text), .number(let text): return text
        default: return nil
        }
    }

    /// The member at `path` (`TABLES.messages`, `Columns.id`), or `nil`.
    public func member(_ path: some Collection<String>) -> ModuleValue? {
        var value = self
        for name in path {
            switch value {
            case .object(let members):
                guard let member = members[name] else { return nil }
                value = member
            case .array(let elements):
                guard let position = Int(name), elements.indices.contains(position) else { return nil }
                value = elements[position]
            default:
                return nil
            }
        }
        return value
    }
}

/// One name a module imports: from which specifier, under which exported name (`default` for a
/// default import, `*` for a namespace import or `require(…)` of the whole module).
public struct ModuleImport: Sendable, Hashable {
    public var specifier: String
    public var importedName: String

    public init(specifier: String, importedName: String) {
        self.specifier = specifier
        self.importedName = importedName
    }

    public static let namespace = "*"
    public static let defaultExport = "default"
}

/// What one module exports and imports, ES modules and CommonJS alike. A pure value built from
/// the module's text by the extraction pass (no IO): the project's ``ModuleIndex`` joins them.
public struct ModuleSummary: Sendable, Hashable {
    /// Exported name (`default` included) → its value.
    public var exports: [String: ModuleValue] = [:]
    /// `export { a as b } from './x'`, `export * as ns from './x'`: exported name → where it comes from.
    public var reExports: [String: ModuleImport] = [:]
    /// `export * from './x'`: specifiers whose every export this module exports too.
    public var starReExports: [String] = []
    /// Local name → what it imports (`import`, `require`, TS `import x = require(…)`).
    public var imports: [String: ModuleImport] = [:]
    /// Functions and methods that run the SQL they are given (by name; callers anywhere in the
    /// project are checked as query calls).
    public var wrappers: [String: QueryWrapper] = [:]
    /// The database connections the file creates (``ConnectionSite``): the project's are compared
    /// to tell its main database from the others.
    public var connectionSites: [ConnectionSite] = []

    public init() {}

    public static let empty = ModuleSummary()

    /// Every specifier the module names.
    public var specifiers: Set<String> {
        Set(imports.values.map(\.specifier) + reExports.values.map(\.specifier) + starReExports)
    }

    /// The part of the summary other modules can see: when it is unchanged by an edit, no other
    /// module needs checking again.
    public var exportedSurface: ExportedSurface {
        ExportedSurface(exports: exports, reExports: reExports, starReExports: starReExports,
                        forwardedImports: exports.values.contains(where: \.containsReference) || !reExports.isEmpty || !starReExports.isEmpty ? imports : [:],
                        sharedConnections: connectionSites.filter(\.isShared).map(\.positionless))
    }

    /// Whether values that other modules see depend on what this module imports.
    public var forwardsImports: Bool {
        !reExports.isEmpty || !starReExports.isEmpty || exports.values.contains(where: \.containsReference)
    }

    public struct ExportedSurface: Sendable, Hashable {
        var exports: [String: ModuleValue]
        var reExports: [String: ModuleImport]
        var starReExports: [String]
        var forwardedImports: [String: ModuleImport]
        /// The connections importers can reach (``ModuleContext/importedConnectionSites``): a new
        /// database path or client re-checks them.
        var sharedConnections: [ConnectionSite]
    }
}

extension ModuleValue {
    var containsReference: Bool {
        switch self {
        case .text, .number: return false
        case .reference: return true
        case .concatenation(let parts), .array(let parts): return parts.contains(where: \.containsReference)
        case .object(let members): return members.values.contains(where: \.containsReference)
        }
    }
}

/// What one file sees of the rest of the project: the values of the names it imports, resolved
/// to text wherever the other modules make them constants.
public struct ModuleContext: Sendable, Hashable {
    /// Local name → resolved value (text, number, or objects and arrays of those).
    public var constants: [String: ModuleValue]
    /// The project's query wrappers, by function or method name.
    public var wrappers: [String: QueryWrapper]
    /// The connections the project's other files create.
    public var projectConnectionSites: [ConnectionSite]
    /// Local name → the connection the module it is imported from creates and holds under that
    /// name (`import { db } from './db'` where db.ts has `export const db = new Database('x.db')`).
    public var importedConnectionSites: [String: ConnectionSite]

    public init(constants: [String: ModuleValue] = [:], wrappers: [String: QueryWrapper] = [:], projectConnectionSites: [ConnectionSite] = [],
                importedConnectionSites: [String: ConnectionSite] = [:]) {
        self.constants = constants
        self.wrappers = wrappers
        self.projectConnectionSites = projectConnectionSites
        self.importedConnectionSites = importedConnectionSites
    }

    public static let empty = ModuleContext()
}
