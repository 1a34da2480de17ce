# A project that appears after start (an app gets its own sqlheal.json and schema) becomes a
# project of its own: its files are checked against its schema without a restart. Removing its
# sqlheal.json and schema ends that project again: the file is the outer folder's, syntax only.
root-copy projects/no-schema

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","workspaceFolders":[{"uri":"${ROOT_URI}","name":"no-schema"}],"capabilities":{"workspace":{"didChangeWatchedFiles":{"dynamicRegistration":true}}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}
expect {"jsonrpc":"2.0","id":"${SAVE:registration}","method":"client/registerCapability","params":{"registrations":[{"id":"sqlheal-watched-files","method":"workspace/didChangeWatchedFiles","registerOptions":{"watchers":"${ANY}"}}]}}
expect {"jsonrpc":"2.0","method":"window/showMessage","params":{"type":2,"message":"sqlheal: ${ANY}: no schema found ${ANY}"}}
send {"jsonrpc":"2.0","id":"${LOAD:registration}","result":null}

# A new app, written by a generator: its query names a column its schema lacks.
write apps/api/schema.sql "CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL);\n"
write apps/api/src/orders.js "export const totals = (db) => db.all('SELECT totl FROM orders');\n"
write apps/api/sqlheal.json "{ \"schema\": [\"schema.sql\"] }\n"
send {"jsonrpc":"2.0","method":"workspace/didChangeWatchedFiles","params":{"changes":[{"uri":"${ROOT_URI}/apps/api/schema.sql","type":1},{"uri":"${ROOT_URI}/apps/api/src/orders.js","type":1},{"uri":"${ROOT_URI}/apps/api/sqlheal.json","type":1}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/apps/api/src/orders.js","diagnostics":[{"range":{"start":{"line":0,"character":45},"end":{"line":0,"character":49}},"severity":1,"code":"missing-column","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":2,"method":"workspace/executeCommand","params":{"command":"sqlheal.showSchema","arguments":[{"uri":"${ROOT_URI}/apps/api/src/orders.js"}]}}
expect {"jsonrpc":"2.0","id":2,"result":{"root":"${ROOT}/apps/api","sources":"${ANY}","tables":[{"name":"orders","${EXTRA}":true}]}}

remove apps/api/sqlheal.json
remove apps/api/schema.sql
send {"jsonrpc":"2.0","method":"workspace/didChangeWatchedFiles","params":{"changes":[{"uri":"${ROOT_URI}/apps/api/sqlheal.json","type":3},{"uri":"${ROOT_URI}/apps/api/schema.sql","type":3}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/apps/api/src/orders.js","diagnostics":[]}}
send {"jsonrpc":"2.0","id":4,"method":"workspace/executeCommand","params":{"command":"sqlheal.showSchema","arguments":[{"uri":"${ROOT_URI}/apps/api/src/orders.js"}]}}
expect {"jsonrpc":"2.0","id":4,"result":{"root":"${ROOT}","sources":[],"tables":[]}}

send {"jsonrpc":"2.0","id":3,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":3,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
