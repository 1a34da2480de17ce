# A client that cannot watch files: besides the schema sources, the server polls the project's
# source files, so a file written, added, deleted or newly ignored outside the editor (a git
# checkout, a code generator) gets its diagnostics or loses them with no notification at all.
root-copy projects/watched-migration

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{"workspace":{"didChangeWatchedFiles":{"dynamicRegistration":false}}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/orders.js","diagnostics":[{"range":{"start":{"line":2,"character":39},"end":{"line":2,"character":45}},"severity":1,"code":"missing-table","source":"sqlheal","message":"Table `orders` does not exist in the schema the migrations build."}]}}

# A new file with a typo appears in the project.
write src/typo.js "export const emails = (db) => db.all('SELECT emial FROM users');\n"
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/typo.js","diagnostics":[{"range":{"start":{"line":0,"character":45},"end":{"line":0,"character":50}},"severity":1,"code":"missing-column","source":"sqlheal","message":"Column `emial` does not exist in table `users` (declared in migrations/1_init.sql:1). Did you mean `email` (TEXT, migrations/1_init.sql:3)?"}]}}

# The file that was wrong is rewritten on disk: its diagnostic goes.
write src/orders.js "export function ordersOf(db, userId) {\n  return db.all('SELECT id, email FROM users WHERE id = ?', [userId]);\n}\n"
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/orders.js","diagnostics":[]}}

# Deleted: its diagnostics are cleared.
remove src/typo.js
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/typo.js","diagnostics":[]}}

# A file that a new .gitignore rule takes out of the project is cleared too.
write src/legacy.js "export const old = (db) => db.all('SELECT * FROM accounts');\n"
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/legacy.js","diagnostics":[{"range":"${ANY}","severity":1,"code":"missing-table","source":"sqlheal","message":"${ANY}"}]}}
write .gitignore "src/legacy.js\n"
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/legacy.js","diagnostics":[]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
