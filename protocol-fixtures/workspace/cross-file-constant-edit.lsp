# An edit to a file that exports a constant re-checks the files that use it, open and closed,
# and nothing else: the table name comes from src/tables.ts in every query of the project.
root-copy projects/cross-file

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

# The project scan resolves the closed file's table through the import: only its column is wrong.
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/read.ts","diagnostics":[{"range":{"start":{"line":3,"character":24},"end":{"line":3,"character":29}},"severity":1,"code":"missing-column","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/open.ts","languageId":"typescript","version":1,"text":"import { MESSAGES_TABLE } from './tables';\ndb.all(`SELECT body FROM ${MESSAGES_TABLE}`);\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/open.ts","version":1,"diagnostics":[]}}
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/tables.ts","languageId":"typescript","version":1,"text":"export const MESSAGES_TABLE = 'messages';\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/tables.ts","version":1,"diagnostics":[]}}

# Misspell the exported table name: both users are re-checked and point at the name.
send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"${ROOT_URI}/src/tables.ts","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":31},"end":{"line":0,"character":39}},"text":"mesages"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/tables.ts","version":2,"diagnostics":[]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/open.ts","version":1,"diagnostics":[{"range":{"start":{"line":1,"character":27},"end":{"line":1,"character":41}},"severity":1,"code":"missing-table","source":"sqlheal","message":"${ANY}"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/read.ts","diagnostics":[{"range":{"start":{"line":3,"character":37},"end":{"line":3,"character":51}},"severity":1,"code":"missing-table","source":"sqlheal","message":"${ANY}"}]}}

# Fix it again: the table's users are clean apart from the closed file's own misspelt column.
send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"${ROOT_URI}/src/tables.ts","version":3},"contentChanges":[{"range":{"start":{"line":0,"character":31},"end":{"line":0,"character":38}},"text":"messages"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/tables.ts","version":3,"diagnostics":[]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/open.ts","version":1,"diagnostics":[]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/read.ts","diagnostics":[{"range":{"start":{"line":3,"character":24},"end":{"line":3,"character":29}},"severity":1,"code":"missing-column","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
