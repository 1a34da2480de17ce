# The same as new-project-after-start.lsp with a client that cannot watch files: the server's own
# poll of the source tree sees the new app's folder and finds the projects again.
root-copy projects/no-schema

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","workspaceFolders":[{"uri":"${ROOT_URI}","name":"no-schema"}],"capabilities":{"workspace":{"didChangeWatchedFiles":{"dynamicRegistration":false}}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}
expect {"jsonrpc":"2.0","method":"window/showMessage","params":{"type":2,"message":"sqlheal: ${ANY}: no schema found ${ANY}"}}

write apps/api/schema.sql "CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL);\n"
write apps/api/src/orders.js "export const totals = (db) => db.all('SELECT totl FROM orders');\n"
write apps/api/sqlheal.json "{ \"schema\": [\"schema.sql\"] }\n"
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/apps/api/src/orders.js","diagnostics":[{"range":{"start":{"line":0,"character":45},"end":{"line":0,"character":49}},"severity":1,"code":"missing-column","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
