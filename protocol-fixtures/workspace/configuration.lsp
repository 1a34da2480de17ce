# Editor settings override sqlheal.json and the defaults: initializationOptions first, then the
# workspace/configuration section `sqlheal`, pulled at start and again on didChangeConfiguration.
# Keys the server does not know (`trace`, which VS Code adds) are not reported.
root projects/typo-fix

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","initializationOptions":{"migrations":"migrations"},"capabilities":{"workspace":{"configuration":true}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}
expect {"jsonrpc":"2.0","id":"${SAVE:pull}","method":"workspace/configuration","params":{"items":[{"scopeUri":"${ROOT_URI}","section":"sqlheal"}]}}
# The editor's settings point at another schema, where the column is spelt `emial` (and whose
# second statement fails: its diagnostic shows the reload happened).
send {"jsonrpc":"2.0","id":"${LOAD:pull}","result":[{"migrations":"alt-migrations","trace":{"server":"off"}}]}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/alt-migrations/1_legacy.sql","diagnostics":[{"range":{"start":{"line":6,"character":36},"end":{"line":6,"character":40}},"severity":1,"code":"migration-error","source":"sqlheal","message":"migration statement failed: no such column: name (the statements after it were still applied)"}]}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/new.ts","languageId":"typescript","version":1,"text":"const row = db.get('SELECT emial FROM users WHERE id = ?', [id]);\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/new.ts","version":1,"diagnostics":[]}}

# The user clears the setting: the server asks again and goes back to initializationOptions.
send {"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":null}}
expect {"jsonrpc":"2.0","id":"${SAVE:again}","method":"workspace/configuration","params":{"items":[{"scopeUri":"${ROOT_URI}","section":"sqlheal"}]}}
send {"jsonrpc":"2.0","id":"${LOAD:again}","result":[null]}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/alt-migrations/1_legacy.sql","diagnostics":[]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/new.ts","version":1,"diagnostics":[{"range":{"start":{"line":0,"character":27},"end":{"line":0,"character":32}},"severity":1,"code":"missing-column","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
