# A code file that starts running schema statements while the editor runs (the project's schema
# is the DDL its code runs) changes the schema at once: saved in the editor, or written on disk.
root-copy projects/schema-in-code

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{"workspace":{"didChangeWatchedFiles":{"dynamicRegistration":true}}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}
expect {"jsonrpc":"2.0","id":"${SAVE:registration}","method":"client/registerCapability","params":{"registrations":[{"id":"sqlheal-watched-files","method":"workspace/didChangeWatchedFiles","registerOptions":{"watchers":"${ANY}"}}]}}
send {"jsonrpc":"2.0","id":"${LOAD:registration}","result":null}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/tags.ts","languageId":"typescript","version":1,"text":"export const tags = (db) => db.prepare('SELECT name FROM tags').all();\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/tags.ts","version":1,"diagnostics":[{"range":{"start":{"line":0,"character":57},"end":{"line":0,"character":61}},"severity":1,"code":"missing-table","source":"sqlheal","message":"${ANY}"}]}}

# A new migration step, typed and saved in the editor, creates the table.
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/db/tags.ts","languageId":"typescript","version":1,"text":"export function updateToVersion3(db) {\n}\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/db/tags.ts","version":1,"diagnostics":[]}}
send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"${ROOT_URI}/src/db/tags.ts","version":2},"contentChanges":[{"text":"export function updateToVersion3(db) {\n  db.exec(`CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`);\n}\n"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/db/tags.ts","version":2,"diagnostics":[]}}
write src/db/tags.ts "export function updateToVersion3(db) {\n  db.exec(`CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`);\n}\n"
send {"jsonrpc":"2.0","method":"textDocument/didSave","params":{"textDocument":{"uri":"${ROOT_URI}/src/db/tags.ts"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/tags.ts","version":1,"diagnostics":[]}}
# (A reload re-checks every open document.)
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/db/tags.ts","version":2,"diagnostics":[]}}

# A generator writes another step on disk: its table is known as well.
send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"${ROOT_URI}/src/tags.ts","version":2},"contentChanges":[{"text":"export const tags = (db) => db.prepare('SELECT name, color FROM tags JOIN colors USING (id)').all();\n"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/tags.ts","version":2,"diagnostics":[{"range":"${ANY}","severity":1,"code":"missing-table","source":"sqlheal","message":"${ANY}"}]}}
write src/db/colors.ts "export function updateToVersion4(db) {\n  db.exec(`CREATE TABLE colors (id INTEGER PRIMARY KEY, color TEXT)`);\n}\n"
send {"jsonrpc":"2.0","method":"workspace/didChangeWatchedFiles","params":{"changes":[{"uri":"${ROOT_URI}/src/db/colors.ts","type":1}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/tags.ts","version":2,"diagnostics":[]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/db/tags.ts","version":2,"diagnostics":[]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
