# A migration added on disk and announced with workspace/didChangeWatchedFiles reloads the schema:
# the open document's missing-table diagnostic goes away without a restart.
root-copy projects/watched-migration

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{"workspace":{"didChangeWatchedFiles":{"dynamicRegistration":true}}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}
# The server asks to be told about schema sources and source files...
expect {"jsonrpc":"2.0","id":"${SAVE:registration}","method":"client/registerCapability","params":{"registrations":[{"id":"sqlheal-watched-files","method":"workspace/didChangeWatchedFiles","registerOptions":{"watchers":"${ANY}"}}]}}
# ...and checks the project: src/orders.js is not open yet, its diagnostics come from the scan.
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/orders.js","diagnostics":[{"range":{"start":{"line":2,"character":39},"end":{"line":2,"character":45}},"severity":1,"code":"missing-table","source":"sqlheal","message":"Table `orders` does not exist in the schema the migrations build."}]}}
send {"jsonrpc":"2.0","id":"${LOAD:registration}","result":null}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/orders.js","languageId":"javascript","version":1,"text":"export function ordersOf(db, userId) {\n  const user = db.get('SELECT email FROM users WHERE id = ?', [userId]);\n  return db.all('SELECT id, total FROM orders WHERE user_id = ?', [userId]);\n}\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/orders.js","version":1,"diagnostics":[{"range":{"start":{"line":2,"character":39},"end":{"line":2,"character":45}},"severity":1,"code":"missing-table","source":"sqlheal","message":"Table `orders` does not exist in the schema the migrations build."}]}}

# A migration tool adds the table; the client reports the new file.
write migrations/2_orders.sql "CREATE TABLE orders (\n  id INTEGER PRIMARY KEY,\n  user_id INTEGER NOT NULL REFERENCES users(id),\n  total REAL\n);\n"
send {"jsonrpc":"2.0","method":"workspace/didChangeWatchedFiles","params":{"changes":[{"uri":"${ROOT_URI}/migrations/2_orders.sql","type":1}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/orders.js","version":1,"diagnostics":[]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
