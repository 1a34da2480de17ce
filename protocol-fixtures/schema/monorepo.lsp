# The editor sends a folder above the projects (a repository root with two apps): each document
# is checked against the nearest project above it (sqlheal.json, else a schema source, else
# package.json), each app with its own schema; a file in no project is checked for syntax only.
root projects/monorepo

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","workspaceFolders":[{"uri":"${ROOT_URI}","name":"monorepo"}],"capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

# apps/web has users (from its migrations), not orders.
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/apps/web/src/users.js","languageId":"javascript","version":1,"text":"export const names = (db) => db.all('SELECT nme FROM users');\nexport const totals = (db) => db.all('SELECT total FROM orders');\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/apps/web/src/users.js","version":1,"diagnostics":[{"range":{"start":{"line":0,"character":44},"end":{"line":0,"character":47}},"severity":1,"code":"missing-column","source":"sqlheal","message":"${ANY}"},{"range":{"start":{"line":1,"character":56},"end":{"line":1,"character":62}},"severity":1,"code":"missing-table","source":"sqlheal","message":"${ANY}"}]}}

# apps/api has orders (from the schema file its sqlheal.json names), not users.
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/apps/api/src/orders.js","languageId":"javascript","version":1,"text":"export const totals = (db) => db.all('SELECT total FROM orders');\nexport const names = (db) => db.all('SELECT name FROM users');\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/apps/api/src/orders.js","version":1,"diagnostics":[{"range":{"start":{"line":1,"character":54},"end":{"line":1,"character":59}},"severity":1,"code":"missing-table","source":"sqlheal","message":"${ANY}"}]}}

# scripts/ is in no project: names are not checked, syntax is.
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/scripts/tool.js","languageId":"javascript","version":1,"text":"export const tool = (db) => db.all('SELECT anything FROM anywhere');\nexport const broken = (db) => db.all('SELECT id FROM WHERE x = 1');\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/scripts/tool.js","version":1,"diagnostics":[{"range":"${ANY}","severity":1,"code":"sql-syntax","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":2,"method":"workspace/executeCommand","params":{"command":"sqlheal.showSchema","arguments":[{"uri":"${ROOT_URI}/apps/api/src/orders.js"}]}}
expect {"jsonrpc":"2.0","id":2,"result":{"root":"${ROOT}/apps/api","sources":[{"kind":"configured","path":"db/schema.sql"}],"tables":[{"name":"orders","kind":"table","columns":[{"name":"id","type":"INTEGER"},{"name":"total","type":"INTEGER"}],"declaredAt":"db/schema.sql:1"}]}}

send {"jsonrpc":"2.0","id":3,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":3,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
