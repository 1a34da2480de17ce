# One project model (issue 13): the repair plans against the project the diagnostics show, with
# every layer of editor settings, not against the project reloaded with initializationOptions
# only. Here initializationOptions name a database that does not exist, and the settings the
# client pushes afterwards name the real one: the dry run plans for the real one.
root-copy projects/fixes

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{},
        "initializationOptions":{"database":"data/none.db"}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":"${ANY}","serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}
expect {"jsonrpc":"2.0","method":"window/showMessage","params":{"type":1,"message":"sqlheal: cannot read the database data/none.db: ${ANY}"}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/sqlheal.json","diagnostics":[{"range":"${ANY}","severity":1,"code":"config-error","source":"sqlheal","message":"${ANY}"}]}}

send {"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"sqlheal":{"database":"data/app.db"}}}}
# The reload clears the problem on sqlheal.json and reads the database, which drifted from the migrations.
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/sqlheal.json","diagnostics":[]}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/migrations/1_init.sql","diagnostics":"${ANY}"}}

send {"jsonrpc":"2.0","id":2,"method":"workspace/executeCommand","params":{"command":"sqlheal.repairSchema","arguments":[{"dryRun":true}]}}
expect {"jsonrpc":"2.0","id":2,"result":{"applied":false,"message":"dry run: nothing was changed","skipped":"${ANY}","script":"${ANY}",
          "database":"${ROOT}/data/app.db","outsideProject":false,"steps":"${ANY}"}}

send {"jsonrpc":"2.0","id":3,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":3,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
