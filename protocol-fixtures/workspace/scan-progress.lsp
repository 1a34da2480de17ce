# With window.workDoneProgress, the project-wide check shows progress; files that are not open
# get their diagnostics from it.
root projects/watched-migration

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{"window":{"workDoneProgress":true}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}
expect {"jsonrpc":"2.0","id":"${SAVE:create}","method":"window/workDoneProgress/create","params":{"token":"${ANY}"}}
send {"jsonrpc":"2.0","id":"${LOAD:create}","result":null}
expect {"jsonrpc":"2.0","method":"$/progress","params":{"token":"${ANY}","value":{"kind":"begin","title":"sqlheal: checking 1 file","percentage":0}}}
expect {"jsonrpc":"2.0","method":"$/progress","params":{"token":"${ANY}","value":{"kind":"report","message":"1/1 files","percentage":100}}}
expect {"jsonrpc":"2.0","method":"$/progress","params":{"token":"${ANY}","value":{"kind":"end","message":"1 file checked"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/orders.js","diagnostics":[{"range":{"start":{"line":2,"character":39},"end":{"line":2,"character":45}},"severity":1,"code":"missing-table","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
