# A client that cannot watch files (Neovim on Linux turns dynamic registration off): the server
# polls the schema sources itself, so a migration added on disk still clears the open document's
# missing-table diagnostic, with no notification from the client.
root-copy projects/watched-migration

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{"workspace":{"didChangeWatchedFiles":{"dynamicRegistration":false}}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}
# No registration request: src/orders.js is not open yet, its diagnostics come from the scan.
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/orders.js","diagnostics":[{"range":{"start":{"line":2,"character":39},"end":{"line":2,"character":45}},"severity":1,"code":"missing-table","source":"sqlheal","message":"Table `orders` does not exist in the schema the migrations build."}]}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/orders.js","languageId":"javascript","version":1,"text":"export function ordersOf(db, userId) {\n  const user = db.get('SELECT email FROM users WHERE id = ?', [userId]);\n  return db.all('SELECT id, total FROM orders WHERE user_id = ?', [userId]);\n}\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/orders.js","version":1,"diagnostics":[{"range":{"start":{"line":2,"character":39},"end":{"line":2,"character":45}},"severity":1,"code":"missing-table","source":"sqlheal","message":"Table `orders` does not exist in the schema the migrations build."}]}}

# A migration tool adds the table; nobody tells the server.
write migrations/2_orders.sql "CREATE TABLE orders (\n  id INTEGER PRIMARY KEY,\n  user_id INTEGER NOT NULL REFERENCES users(id),\n  total REAL\n);\n"
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/orders.js","version":1,"diagnostics":[]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
