# Go to definition of a table and a column only the database declares: a read-only
# `sqlheal-schema:` document, fetched with workspace/textDocumentContent (LSP 3.18, announced to
# clients that support it) or sqlheal/schemaDocument (any client).
root projects/database-only
ignore textDocument/publishDiagnostics

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{"workspace":{"textDocumentContent":{"dynamicRegistration":false}}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"workspace":{"workspaceFolders":"${ANY}","textDocumentContent":{"schemes":["sqlheal-schema"]}},"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/audit.js","languageId":"javascript","version":1,
        "text":"export const recent = (db) => db.all('SELECT action, at FROM audit_log ORDER BY at DESC');\n"}}}

send {"jsonrpc":"2.0","id":2,"method":"textDocument/definition","params":{"textDocument":{"uri":"${ROOT_URI}/src/audit.js"},"position":{"line":0,"character":62}}}
expect {"jsonrpc":"2.0","id":2,"result":{"uri":"${SAVE:schemaURI}","range":{"start":{"line":3,"character":13},"end":{"line":3,"character":22}}}}
send {"jsonrpc":"2.0","id":3,"method":"textDocument/definition","params":{"textDocument":{"uri":"${ROOT_URI}/src/audit.js"},"position":{"line":0,"character":46}}}
expect {"jsonrpc":"2.0","id":3,"result":{"uri":"${ANY}","range":{"start":{"line":3,"character":48},"end":{"line":3,"character":54}}}}

send {"jsonrpc":"2.0","id":4,"method":"workspace/textDocumentContent","params":{"uri":"${LOAD:schemaURI}"}}
expect {"jsonrpc":"2.0","id":4,"result":{"text":"-- audit_log: declared by the database app.db, not by a file of the project.\n-- Read-only: change it with a migration.\n\nCREATE TABLE audit_log (id INTEGER PRIMARY KEY, action TEXT NOT NULL, at INTEGER);\nCREATE INDEX audit_by_time ON audit_log (at);\n"}}
send {"jsonrpc":"2.0","id":5,"method":"sqlheal/schemaDocument","params":{"uri":"${LOAD:schemaURI}"}}
expect {"jsonrpc":"2.0","id":5,"result":{"text":"${ANY}"}}
send {"jsonrpc":"2.0","id":6,"method":"sqlheal/schemaDocument","params":{"uri":"sqlheal-schema:///nosuch.sql?project=%2Fnowhere"}}
expect {"jsonrpc":"2.0","id":6,"error":{"code":-32602,"message":"${ANY}"}}

send {"jsonrpc":"2.0","id":7,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":7,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
