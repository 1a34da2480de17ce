import Testing
@testable import SQLHealAnalysis

/// SQL built in variables (`let`, `var`, reassignment, `+=`, `.concat`, conditional additions)
/// with values pushed alongside: every path to the call is checked when there are few; when
/// there are many, what every path adds, the names of the path taking every `if`, and the table
/// names of one path per other branch. A defect is reported once, on its source text.
@Suite struct VariableQueryTests {
    func check(_ fixture: String, _ expected: [ExpectedFinding], codes: Set<FindingCode> = checkerCodes, sourceLocation: SourceLocation = #_sourceLocation) {
        let (source, ranges) = FixtureMarkers.strip(fixture)
        let analysis = DocumentAnalyzer(schema: CheckerFixtures.context).analyze(source, language: .javascript)
        compare(findings: analysis.findings.filter { codes.contains($0.code) }, source: source, expectedRanges: ranges, expected: expected, sourceLocation: sourceLocation)
    }

    @Test func appendedPiecesAreOneStatement() {
        check("""
            async function find(db, minAge) {
              var sql = "SELECT id, ⟦emial⟧ FROM users ";
              sql += "WHERE age > ? ";
              sql = sql + "ORDER BY name";
              return db.all(sql, [minAge]);
            }
            """, [ExpectedFinding(.missingColumn, "`emial`")])
    }

    @Test func aMissingBoundValueAcrossConditionalAdditions() {
        // One path binds two values for two placeholders, the other one for two: reported once.
        check("""
            function search(db, name, age) {
              let sql = 'SELECT * FROM users WHERE name = ?';
              const params = [name];
              if (age) {
                sql += ' AND age > ?';
              }
              return db.all(sql, ⟦params⟧);
            }
            """, [ExpectedFinding(.parameterCount)])
    }

    @Test func valuesPushedWithTheirClauseAreCounted() {
        check("""
            function search(db, name, age, status) {
              let sql = 'SELECT * FROM users u JOIN orders o ON o.user_id = u.id WHERE u.name = ?';
              const params = [name];
              if (age) {
                sql += ' AND u.age > ?';
                params.push(age);
              } else if (status) {
                sql = sql.concat(' AND o.status = ?', ' AND o.total > ?');
                params.push(status, 0);
              }
              sql += ' ORDER BY u.id';
              return db.all(sql, params);
            }
            """, [])
    }

    @Test func aDefectInOneBranchIsReportedOnItsText() {
        check("""
            function search(db, name, age) {
              let sql = 'SELECT * FROM users WHERE name = ?';
              const params = [name];
              if (age) { sql += ' AND ⟦agee⟧ > ?'; params.push(age); }
              db.all(sql, params);
            }
            """, [ExpectedFinding(.missingColumn, "`agee`")])
    }

    @Test func anIfNestedInAnElseIsPathsOfItsOwn() {
        // Zotero's deleteCacheObjectVersions: one bound in the `if`, two optional ones in the `else`.
        // Each path's values match its placeholders; the defect in the nested branch is reported.
        check("""
            function remove(db, key, minVersion, maxVersion) {
              var sql = "DELETE FROM users WHERE name=?";
              var params = [key];
              if (minVersion && minVersion == maxVersion) {
                sql += " AND age=?";
                params.push(minVersion);
              }
              else {
                if (minVersion) {
                  sql += " AND ⟦agee⟧>=?";
                  params.push(minVersion);
                }
                if (maxVersion) {
                  sql += " AND age<=?";
                  params.push(maxVersion);
                }
              }
              return db.run(sql, params);
            }
            function removeAll(db, key, minVersion) {
              var sql = "DELETE FROM users WHERE name=?";
              var params = [key];
              if (minVersion) {
                sql += " AND age=?";
              }
              else {
                if (key) {
                  sql += " AND age>=?";
                  params.push(minVersion);
                }
              }
              return db.run(sql, ⟦params⟧);
            }
            """, [ExpectedFinding(.missingColumn, "`agee`"), ExpectedFinding(.parameterCount)])
    }

    @Test func syntaxErrorsOfEveryPath() {
        check("""
            function list(db, desc) {
              let sql = 'SELECT id FROM users';
              if (desc) sql += ' ORDER BY id DESC';
              else sql += ' ORDER BY id ⟦DESK⟧';
              db.all(sql);
            }
            """, [ExpectedFinding(.sqlSyntax)])
    }

    @Test func manyPathsCheckOnlyWhatEveryPathHas() {
        // Nine optional filters are 512 paths: the filters are unknown text, the rest is checked,
        // and the values' count is not claimed.
        let filters = (1...9).map { "  if (f\($0)) { sql += ' AND age > ?'; params.push(f\($0)); }" }.joined(separator: "\n")
        check("""
            function filter(db, f1, f2, f3, f4, f5, f6, f7, f8, f9) {
              let sql = 'SELECT ⟦emial⟧ FROM users WHERE 1 = 1';
              const params = [];
            \(filters)
              db.all(sql, params);
            }
            """, [ExpectedFinding(.missingColumn, "`emial`")])
    }

    @Test func manyPathsStillRunEachBranchOnAPathThatTakesTheOthers() {
        // Zotero's getAllWithin: a three-branch chain and three optional filters are 24 paths.
        // The path taking every `if` (and each chain's first branch) is checked for names, and
        // one more path per other branch for table names, so a misspelt table in any branch
        // and a misspelt column in an optional filter are found.
        check("""
            async function within(db, libraryID, tmpTable, types, ids) {
              var sql = "SELECT DISTINCT u.id FROM users u ";
              var params = [];
              if (libraryID) {
                sql += "JOIN ⟦ordrs⟧ o ON o.user_id = u.id WHERE o.total > ? ";
                params.push(libraryID);
              } else if (types) {
                sql += "JOIN ⟦tagz⟧ t ON t.name = u.name WHERE 1 ";
              } else {
                sql += "WHERE 1 ";
              }
              if (tmpTable) sql += "AND u.id IN (SELECT id FROM " + tmpTable + ") ";
              if (types) sql += "AND u.age IN (" + types.map(() => '?').join(', ') + ") ";
              if (ids) sql += "AND u.⟦nmae⟧ = 'x' ";
              sql += "ORDER BY u.name";
              return db.all(sql, params);
            }
            """, [ExpectedFinding(.missingTable, "`ordrs`"), ExpectedFinding(.missingTable, "`tagz`"), ExpectedFinding(.missingColumn, "`nmae`")])
    }

    @Test func manyPathsDoNotMixTheColumnsOfBranchesThatGoTogether() {
        // The second chain's branches go with the first's: `o` exists only where the first
        // branch of both runs, `t` where the second branch of both does. A path taking one
        // chain's second branch and the other's first must not report them.
        let filters = (1...3).map { "  if (f\($0)) sql += ' AND u.age > \($0)';" }.joined(separator: "\n")
        check("""
            function list(db, byOrders, f1, f2, f3) {
              let sql = 'SELECT u.id FROM users u';
              if (byOrders) sql += ' JOIN orders o ON o.user_id = u.id';
              else sql += ' JOIN tags t ON t.name = u.name';
              sql += ' WHERE 1';
            \(filters)
              if (byOrders) sql += ' AND o.total > 1';
              else sql += " AND t.color = 'red'";
              db.all(sql);
            }
            """, [])
    }

    @Test func loopsAndUnknownChangesStaySilent() {
        check("""
            function bulk(db, ids, extra) {
              let sql = 'SELECT * FROM users WHERE id IN (';
              const params = [];
              for (const id of ids) { sql += '?,'; params.push(id); }
              sql = sql.slice(0, -1) + ')';
              db.all(sql, params);
              let other = 'SELECT * FROM users WHERE id = ?';
              const values = [1];
              values.unshift(extra);
              db.all(other, values);
            }
            """, [])
    }

    @Test func reassignmentStartsAgain() {
        check("""
            let sql = 'SELECT nothing FROM nowhere';
            sql = 'SELECT email FROM users WHERE id = ?';
            db.get(sql, ⟦[]⟧);
            """, [ExpectedFinding(.parameterCount)])
    }

    @Test func anAliasWhoseColumnsComeFromAHoleIsNotJudged() {
        check("""
            function cached(db, chunk) {
              var sql = "SELECT email FROM users u JOIN (SELECT "
                + chunk.map((pair) => "'" + pair[0] + "' AS id").join(" UNION SELECT ")
                + ") AS pairs ON (pairs.id = u.id) WHERE u.age > ?";
              return db.all(sql, [1]);
            }
            """, [])
    }

    @Test func holesThatNameTablesAndColumnsLeaveThePlaceholdersCountable() {
        // Zotero's data objects name their table and id column in properties: those holes hold
        // names, so a clause added without its value is still a missing value.
        check("""
            function deleted(db, libraryID, limit) {
              var sql = `SELECT ${this._id} FROM ${this._table} JOIN deleted${this._objects} USING (${this._id}) `
                + "WHERE libraryID=?";
              var params = [libraryID];
              if (limit) {
                sql += " LIMIT ?";
              }
              return db.all(sql, ⟦params⟧);
            }
            function reload(db, libraryID) {
              var sql = "SELECT ROWID FROM " + this._table;
              var params = [];
              if (libraryID !== undefined) {
                sql += ' WHERE libraryID=?';
              }
              return db.all(sql, ⟦params⟧);
            }
            """, [ExpectedFinding(.parameterCount), ExpectedFinding(.parameterCount)])
    }

    @Test func holesThatMayHoldPlaceholdersKeepTheCountUnknown() {
        // A hole holding SQL text, a call, or a name where a value or clause goes may add placeholders.
        check("""
            function filtered(db, where, id) {
              db.all(`SELECT * FROM users WHERE ${where}`, [id]);
              db.all(`SELECT * FROM ${subquery(id)} AS u WHERE id = ?`, [id]);
              db.all("SELECT * FROM users WHERE age > " + this.minimum, [id]);
            }
            """, [])
    }

    @Test func aValueThatIsTheConditionOfItsClause() {
        // The value is there exactly when its clause is (a wrapper drops an `undefined`).
        check("""
            async function scope(db, tmpTable) {
              let sql = "SELECT GROUP_CONCAT(id) FROM users WHERE id NOT IN (SELECT user_id FROM " + tmpTable + ")";
              if (this.minimumAge) {
                sql += " AND age > ?";
              }
              return db.get(sql, this.minimumAge);
            }
            """, [])
    }

    @Test func eachBranchOfAConstantTernaryIsAStatement() {
        // A ternary between constant texts, in a hole or in a `const` the hole names: each branch
        // is checked; a defect of the text they share is reported once.
        check("""
            function recent(db, desc, blind, conversationId) {
              const whereClause = blind ? "AND name LIKE '15%'" : '';
              db.prepare(`SELECT DISTINCT ⟦sourcee⟧ FROM users WHERE id = $id ${whereClause} ORDER BY age ${desc ? 'DESC' : '⟦ASCC⟧'}`)
                .all({ id: conversationId });
              db.all(`SELECT email FROM users ${blind ? 'WHERE ⟦nmae⟧ = ?' : 'WHERE age > ?'}`, [1]);
            }
            """, [ExpectedFinding(.missingColumn, "`sourcee`"), ExpectedFinding(.sqlSyntax), ExpectedFinding(.missingColumn, "`nmae`")])
    }

    @Test func aConstantTernaryInsideAStringLiteralIsNotARawValue() {
        check("""
            function index(db, unique) {
              db.exec(`UPDATE sqlite_master SET sql='CREATE ${unique ? 'UNIQUE ' : ''}INDEX idx ON users(age)' WHERE name='idx'`);
            }
            """, [], codes: [.rawInterpolation, .sqlSyntax])
    }

    @Test func piecesPushedOntoAnArrayAndJoined() {
        // Each path's pieces joined by the separator; values pushed alongside are counted.
        check("""
            function search(db, name, age, desc) {
              const parts = ['SELECT id, email FROM users', 'WHERE name = ?'];
              const params = [name];
              if (age) {
                parts.push('AND ⟦agee⟧ > ?');
                params.push(age);
              }
              parts.push(desc ? 'ORDER BY id DESC' : 'ORDER BY id');
              return db.all(parts.join(' '), params);
            }
            function byStatus(db, status) {
              const clauses = ['SELECT id FROM orders WHERE total > ?'];
              const values = [0];
              if (status) clauses.push('AND status = ?');
              return db.all(clauses.join('\\n'), ⟦values⟧);
            }
            function broken(db) {
              let clauses = ['SELECT email', 'FORM ⟦users⟧'];
              return db.all(clauses.join('\\n'));
            }
            """, [ExpectedFinding(.missingColumn, "`agee`"), ExpectedFinding(.parameterCount), ExpectedFinding(.sqlSyntax)])
    }

    @Test func aTernaryNestedInsideAnAddedPieceIsTwoPaths() {
        // Inside a concatenation or a template hole of a `+=` piece, not the whole piece.
        check("""
            function byKind(db, exact) {
              let sql = 'SELECT id FROM users';
              sql += ' WHERE ' + (exact ? 'name' : '⟦nmae⟧') + ' = ?';
              return db.all(sql, ['a']);
            }
            function ordered(db, desc, byAge) {
              let sql = 'SELECT id FROM users WHERE age > ?';
              if (byAge) sql += ` ORDER BY age ${desc ? 'DESC' : '⟦DESK⟧'}`;
              return db.all(sql, [1]);
            }
            """, [ExpectedFinding(.missingColumn, "`nmae`"), ExpectedFinding(.sqlSyntax)])
    }

    @Test func piecesJoinedInsideAConcatenation() {
        // Each way the array is built is a variant; the values' count is not known from here
        // (the pieces' paths are not the values' paths), so none is reported.
        check("""
            function search(db, name, age) {
              const conditions = [];
              const params = [];
              conditions.push('⟦nmae⟧ = ?');
              params.push(name);
              if (age) {
                conditions.push('⟦agge⟧ > ?');
                params.push(age);
              }
              return db.all('SELECT id FROM users WHERE ' + conditions.join(' AND '), params);
            }
            function ordered(db, desc) {
              const order = ['name'];
              if (desc) order.push('⟦emial⟧ DESC');
              let sql = `SELECT id FROM users WHERE age > ?`;
              sql += ' ORDER BY ' + order.join(', ');
              return db.all(sql, [1]);
            }
            function wrong(db, id) {
              const columns = ['id'];
              if (id) columns.push('email');
              return db.get(`SELECT ${columns.join(', ')} FROM users WHERE id = ?`, ⟦[]⟧);
            }
            """, [ExpectedFinding(.missingColumn, "`nmae`"), ExpectedFinding(.missingColumn, "`agge`"), ExpectedFinding(.missingColumn, "`emial`"),
                  ExpectedFinding(.parameterCount)])
    }

    @Test func aTernaryAddedToTheSQLIsTwoPaths() {
        check("""
            function list(db, desc) {
              let sql = 'SELECT id FROM users ORDER BY id';
              sql += desc ? ' DESC' : ' ⟦DESK⟧';
              return db.all(sql);
            }
            """, [ExpectedFinding(.sqlSyntax)])
    }
}
