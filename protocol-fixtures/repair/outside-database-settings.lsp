# Writes where nobody looked (issue 16): the editor's settings (initializationOptions) name a
# database by absolute path outside the project. A client that cannot ask (no window.showMessage)
# gets no repair there, even with confirmed: true: the answer names the path and how to apply.
root-copy projects/outside-database
ignore textDocument/publishDiagnostics

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}/project","capabilities":{},
        "initializationOptions":{"database":"${ROOT}/external.db"}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":"${ANY}","serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","id":2,"method":"workspace/executeCommand","params":{"command":"sqlheal.repairSchema","arguments":[{"confirmed":true}]}}
expect {"jsonrpc":"2.0","method":"window/showMessage","params":{"type":2,
          "message":"sqlheal: not applied: the database ${ROOT}/external.db is outside the project ${ROOT}/project, and this editor cannot ask for confirmation (no window/showMessageRequest). To apply, run in a terminal: sqlheal repair --root ${ROOT}/project --only change-column-type:sessions.user_id:INTEGER"}}
expect {"jsonrpc":"2.0","id":2,"result":{"applied":false,"steps":"${ANY}","skipped":[],"script":"${ANY}","database":"${ROOT}/external.db","outsideProject":true,
          "message":"not applied: the database ${ROOT}/external.db is outside the project ${ROOT}/project, and this editor cannot ask for confirmation (no window/showMessageRequest). To apply, run in a terminal: sqlheal repair --root ${ROOT}/project --only change-column-type:sessions.user_id:INTEGER"}}

# Nothing was written: the step is still planned.
send {"jsonrpc":"2.0","id":3,"method":"workspace/executeCommand","params":{"command":"sqlheal.repairSchema","arguments":[{"dryRun":true}]}}
expect {"jsonrpc":"2.0","id":3,"result":{"applied":false,"message":"dry run: nothing was changed","skipped":[],"script":"${ANY}",
          "database":"${ROOT}/external.db","outsideProject":true,
          "steps":[{"id":"change-column-type:sessions.user_id:INTEGER","kind":"change-column-type","table":"sessions","column":"user_id","sql":"${ANY}","source":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":4,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":4,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
