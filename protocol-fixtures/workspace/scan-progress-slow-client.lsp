# A client slow to accept the progress token (here 6 s) still sees the whole progress once it
# answers: the scan does not wait for it, and progress starts only after the answer, as LSP
# requires. (The server used to wait 5 s for the answer and then drop the progress.)
root projects/watched-migration

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{"window":{"workDoneProgress":true}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{"${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}
expect {"jsonrpc":"2.0","id":"${SAVE:create}","method":"window/workDoneProgress/create","params":{"token":"${ANY}"}}
# The scan runs meanwhile: the file's diagnostics come before any progress.
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/src/orders.js","diagnostics":[{"range":{"start":{"line":2,"character":39},"end":{"line":2,"character":45}},"severity":1,"code":"missing-table","source":"sqlheal","message":"${ANY}"}]}}
pause 3
pause 3
send {"jsonrpc":"2.0","id":"${LOAD:create}","result":null}
expect {"jsonrpc":"2.0","method":"$/progress","params":{"token":"${ANY}","value":{"kind":"begin","title":"sqlheal: checking 1 file","percentage":0}}}
expect {"jsonrpc":"2.0","method":"$/progress","params":{"token":"${ANY}","value":{"kind":"report","message":"1/1 files","percentage":100}}}
expect {"jsonrpc":"2.0","method":"$/progress","params":{"token":"${ANY}","value":{"kind":"end","message":"1 file checked"}}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
