# A repair without consent, on a client that cannot ask (no window.showMessage capability, like an
# older eglot): a code action's repair command is not applied; the answer and a window/showMessage
# say why and give the terminal command that shows the plan and asks.
root-copy projects/fixes
ignore textDocument/publishDiagnostics

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":"${ANY}","serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","id":2,"method":"workspace/executeCommand","params":{"command":"sqlheal.repairSchema",
        "arguments":[{"only":["change-column-type:sessions.user_id:INTEGER"],"origin":"codeAction","confirmed":true,"root":"${ROOT_URI}"}]}}
expect {"jsonrpc":"2.0","method":"window/showMessage","params":{"type":2,
          "message":"sqlheal: not applied: a code action never applies a repair unconfirmed, and this editor cannot ask for confirmation (no window/showMessageRequest). To apply, run in a terminal: sqlheal repair --root ${ROOT} --only change-column-type:sessions.user_id:INTEGER"}}
expect {"jsonrpc":"2.0","id":2,"result":{"applied":false,"steps":"${ANY}","skipped":[],"script":"${ANY}","database":"${ROOT}/data/app.db","outsideProject":false,
          "message":"not applied: a code action never applies a repair unconfirmed, and this editor cannot ask for confirmation (no window/showMessageRequest). To apply, run in a terminal: sqlheal repair --root ${ROOT} --only change-column-type:sessions.user_id:INTEGER"}}

# Nothing was written: the step is still planned.
send {"jsonrpc":"2.0","id":3,"method":"workspace/executeCommand","params":{"command":"sqlheal.repairSchema","arguments":[{"dryRun":true}]}}
expect {"jsonrpc":"2.0","id":3,"result":{"applied":false,"message":"dry run: nothing was changed","skipped":[],"script":"${ANY}",
          "database":"${ROOT}/data/app.db","outsideProject":false,
          "steps":[{"id":"change-column-type:sessions.user_id:INTEGER","kind":"change-column-type","table":"sessions","column":"user_id","sql":"${ANY}","source":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":4,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":4,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
