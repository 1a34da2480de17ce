# didOpen → the misspelt column is underlined exactly → a didChange fixes it → the diagnostic is gone.
# The schema comes from projects/typo-fix/migrations (no database: the migrations are the truth).
root projects/typo-fix

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/new.ts","languageId":"typescript","version":1,"text":"const row = db.get('SELECT emial FROM users WHERE id = ?', [id]);\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/new.ts","version":1,"diagnostics":[{"range":{"start":{"line":0,"character":27},"end":{"line":0,"character":32}},"severity":1,"code":"missing-column","source":"sqlheal","message":"Column `emial` does not exist in table `users` (declared in migrations/1_init.sql:2). Did you mean `email` (TEXT, migrations/1_init.sql:4)?"}]}}

send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"${ROOT_URI}/src/new.ts","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":27},"end":{"line":0,"character":32}},"text":"email"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/new.ts","version":2,"diagnostics":[]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
