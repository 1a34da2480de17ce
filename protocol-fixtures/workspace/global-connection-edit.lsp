# A connection every file reaches without an import (a global `App.DB`, as Zotero's
# `Zotero.DB`) changes: the files using it are checked again, open and closed. Here it becomes a
# PostgreSQL pool, whose queries are not SQLite's to check, and back.
root-copy projects/global-connection

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/report.js","diagnostics":[{"range":{"start":{"line":0,"character":50},"end":{"line":0,"character":54}},"severity":1,"code":"missing-column","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/open.js","languageId":"javascript","version":1,"text":"App.DB.prepare('SELECT id FROM userz').all();\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/open.js","version":1,"diagnostics":[{"range":{"start":{"line":0,"character":31},"end":{"line":0,"character":36}},"severity":1,"code":"missing-table","source":"sqlheal","message":"${ANY}"}]}}
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/db.js","languageId":"javascript","version":1,"text":"import Database from 'better-sqlite3';\nApp.DB = new Database('app.db');\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/db.js","version":1,"diagnostics":[]}}

send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"${ROOT_URI}/src/db.js","version":2},"contentChanges":[{"text":"import { Pool } from 'pg';\nApp.DB = new Pool();\n"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/db.js","version":2,"diagnostics":[]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/open.js","version":1,"diagnostics":[]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/report.js","diagnostics":[]}}

send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"${ROOT_URI}/src/db.js","version":3},"contentChanges":[{"text":"import Database from 'better-sqlite3';\nApp.DB = new Database('app.db');\n"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/db.js","version":3,"diagnostics":[]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/open.js","version":1,"diagnostics":[{"range":{"start":{"line":0,"character":31},"end":{"line":0,"character":36}},"severity":1,"code":"missing-table","source":"sqlheal","message":"${ANY}"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/report.js","diagnostics":[{"range":{"start":{"line":0,"character":50},"end":{"line":0,"character":54}},"severity":1,"code":"missing-column","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
