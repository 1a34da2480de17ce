# Which database and dialect a query runs on, in the server: a file under a `databases` entry's
# paths is checked against that database's schema (and not the main one), and a query on a
# PostgreSQL client is not checked as SQLite at all.
root projects/databases

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","workspaceFolders":[{"uri":"${ROOT_URI}","name":"databases"}],"capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/import/reader.js","languageId":"javascript","version":1,"text":"db.all('SELECT titl FROM documents');\ndb.all('SELECT * FROM users');\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/import/reader.js","version":1,"diagnostics":[{"range":{"start":{"line":0,"character":15},"end":{"line":0,"character":19}},"severity":1,"code":"missing-column","source":"sqlheal","message":"${ANY}"},{"range":{"start":{"line":1,"character":22},"end":{"line":1,"character":27}},"severity":1,"code":"missing-table","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/stats.js","languageId":"javascript","version":1,"text":"import { Pool } from 'pg';\nconst pool = new Pool();\nawait pool.query('SELECT nosuch FROM accounts WHERE created_at > NOW() - $1::interval', [age]);\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/stats.js","version":1,"diagnostics":[]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
