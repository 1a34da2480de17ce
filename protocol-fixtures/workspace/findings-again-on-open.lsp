# Findings of files the core does not analyse (sqlheal.json, migrations) are published by the
# project scan before the editor opens them; eglot (Emacs) keeps no diagnostics for a file it
# has not opened, so opening one publishes its findings again.
root projects/broken-config

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/sqlheal.json","diagnostics":[{"range":{"start":{"line":1,"character":14},"end":{"line":1,"character":16}},"severity":1,"code":"config-error","source":"sqlheal","message":"\"database\" must be a path (a string), found a number"}]}}
expect {"jsonrpc":"2.0","method":"window/showMessage","params":{"type":1,"message":"${ANY}"}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/users.js","diagnostics":"${ANY}"}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/sqlheal.json","languageId":"json","version":1,"text":"{\n  \"database\": 42,\n  \"migrations\": \"migrations\"\n}\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/sqlheal.json","diagnostics":[{"range":{"start":{"line":1,"character":14},"end":{"line":1,"character":16}},"severity":1,"code":"config-error","source":"sqlheal","message":"\"database\" must be a path (a string), found a number"}]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
