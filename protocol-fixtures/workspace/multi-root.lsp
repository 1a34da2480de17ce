# Each workspace folder has its own schema: a document is checked against the folder holding it.
# A folder added with workspace/didChangeWorkspaceFolders brings its schema without a restart.
root projects/typo-fix

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","workspaceFolders":[{"uri":"${ROOT_URI}","name":"typo-fix"}],"capabilities":{"workspace":{"workspaceFolders":true}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"workspace":{"workspaceFolders":{"supported":true,"changeNotifications":true}},"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

# typo-fix has users, no accounts.
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/a.ts","languageId":"typescript","version":1,"text":"db.all('SELECT id FROM accounts');\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/a.ts","version":1,"diagnostics":[{"range":{"start":{"line":0,"character":23},"end":{"line":0,"character":31}},"severity":1,"code":"missing-table","source":"sqlheal","message":"${ANY}"}]}}

# second-folder is not a workspace folder yet: no schema, so nothing is said about its names.
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file://${FIXTURES}/projects/second-folder/src/b.ts","languageId":"typescript","version":1,"text":"db.all('SELECT nmae FROM accounts');\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file://${FIXTURES}/projects/second-folder/src/b.ts","version":1,"diagnostics":[]}}

# Adding it loads its migrations: accounts exists there, nmae does not. a.ts keeps its own schema.
send {"jsonrpc":"2.0","method":"workspace/didChangeWorkspaceFolders","params":{"event":{"added":[{"uri":"file://${FIXTURES}/projects/second-folder","name":"second"}],"removed":[]}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file://${FIXTURES}/projects/second-folder/src/b.ts","version":1,"diagnostics":[{"range":{"start":{"line":0,"character":15},"end":{"line":0,"character":19}},"severity":1,"code":"missing-column","source":"sqlheal","message":"${ANY}"}]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/a.ts","version":1,"diagnostics":[{"range":{"start":{"line":0,"character":23},"end":{"line":0,"character":31}},"severity":1,"code":"missing-table","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
