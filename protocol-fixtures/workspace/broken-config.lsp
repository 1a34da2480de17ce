# A broken sqlheal.json is a diagnostic on the file plus one window/showMessage; the server keeps
# working with what it could read (the migrations) and defaults for the rest.
root projects/broken-config

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/sqlheal.json","diagnostics":[{"range":{"start":{"line":1,"character":14},"end":{"line":1,"character":16}},"severity":1,"code":"config-error","source":"sqlheal","message":"\"database\" must be a path (a string), found a number"}]}}
expect {"jsonrpc":"2.0","method":"window/showMessage","params":{"type":1,"message":"sqlheal: sqlheal.json:2:15: \"database\" must be a path (a string), found a number (using defaults for it)"}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/users.js","diagnostics":[{"range":{"start":{"line":0,"character":50},"end":{"line":0,"character":55}},"severity":1,"code":"missing-column","source":"sqlheal","message":"${ANY}"}]}}

# Still checking: an open document gets its diagnostics against the migrations' schema.
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/users.js","languageId":"javascript","version":1,"text":"export const emailOf = (db, id) => db.get('SELECT emial FROM users WHERE id = ?', [id]);\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/users.js","version":1,"diagnostics":[{"range":{"start":{"line":0,"character":50},"end":{"line":0,"character":55}},"severity":1,"code":"missing-column","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
