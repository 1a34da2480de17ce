# Writes where nobody looked (issue 16): a cloned repository's sqlheal.json names ../external.db,
# outside the project. Even after an editor's own confirmation (confirmed: true), the server asks,
# naming the database's full path and saying it is outside the project; the dry run says so too.
# A root argument outside the workspace folders is refused, for the repair and the rollback.
root-copy projects/outside-database
ignore textDocument/publishDiagnostics window/showMessage

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}/project","capabilities":{
        "window":{"showMessage":{"messageActionItem":{"additionalPropertiesSupport":false}}}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":"${ANY}","serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","id":2,"method":"workspace/executeCommand","params":{"command":"sqlheal.repairSchema","arguments":[{"dryRun":true}]}}
expect {"jsonrpc":"2.0","id":2,"result":{"applied":false,"message":"dry run: nothing was changed","skipped":[],"script":"${ANY}",
          "database":"${ROOT}/external.db","outsideProject":true,
          "steps":[{"id":"change-column-type:sessions.user_id:INTEGER","kind":"change-column-type","table":"sessions","column":"user_id","sql":"${ANY}","source":"${ANY}"}]}}

send {"jsonrpc":"2.0","id":3,"method":"workspace/executeCommand","params":{"command":"sqlheal.repairSchema","arguments":[{"confirmed":true}]}}
expect {"jsonrpc":"2.0","id":"${SAVE:question}","method":"window/showMessageRequest","params":{"type":2,
          "message":"sqlheal: apply 1 schema repair step to the database ${ROOT}/external.db (OUTSIDE the project ${ROOT}/project)? change column sessions.user_id to INTEGER (rebuilds table sessions) [change-column-type:sessions.user_id:INTEGER]. A verified backup is made first.",
          "actions":[{"title":"Apply"},{"title":"Cancel"}]}}
send {"jsonrpc":"2.0","id":"${LOAD:question}","result":{"title":"Cancel"}}
expect {"jsonrpc":"2.0","id":3,"result":{"applied":false,"message":"not confirmed: nothing was changed","steps":"${ANY}","skipped":[],"script":"${ANY}",
          "database":"${ROOT}/external.db","outsideProject":true}}

# root must be a workspace folder or inside one: its parent, a path that climbs out, and / are refused.
send {"jsonrpc":"2.0","id":4,"method":"workspace/executeCommand","params":{"command":"sqlheal.repairSchema","arguments":[{"confirmed":true,"root":"${ROOT}"}]}}
expect {"jsonrpc":"2.0","id":4,"error":{"code":-32602,"message":"root ${ROOT} is outside the workspace folders; sqlheal repairs and rolls back only projects the editor opened"}}
send {"jsonrpc":"2.0","id":5,"method":"workspace/executeCommand","params":{"command":"sqlheal.repairSchema","arguments":[{"confirmed":true,"root":"${ROOT_URI}/project/.."}]}}
expect {"jsonrpc":"2.0","id":5,"error":{"code":-32602,"message":"root ${ROOT}/project/.. is outside the workspace folders; sqlheal repairs and rolls back only projects the editor opened"}}
send {"jsonrpc":"2.0","id":6,"method":"workspace/executeCommand","params":{"command":"sqlheal.rollback","arguments":[{"root":"/"}]}}
expect {"jsonrpc":"2.0","id":6,"error":{"code":-32602,"message":"root / is outside the workspace folders; sqlheal repairs and rolls back only projects the editor opened"}}
# The workspace folder itself is fine.
send {"jsonrpc":"2.0","id":7,"method":"workspace/executeCommand","params":{"command":"sqlheal.repairSchema","arguments":[{"dryRun":true,"root":"${ROOT_URI}/project"}]}}
expect {"jsonrpc":"2.0","id":7,"result":{"applied":false,"message":"dry run: nothing was changed","skipped":[],"script":"${ANY}","steps":"${ANY}",
          "database":"${ROOT}/external.db","outsideProject":true}}

send {"jsonrpc":"2.0","id":8,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":8,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
