# initialize -> initialized -> shutdown -> exit, exit code 0.
root projects/empty

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":{
          "capabilities":{"positionEncoding":"utf-16",
                          "textDocumentSync":{"openClose":true,"change":2,"save":{"includeText":false}},
                          "${EXTRA}":true},
          "serverInfo":{"name":"sqlheal","version":"${ANY}"}}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

# An open document is analysed and published with its version (no findings in plain text).
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/a.js","languageId":"javascript","version":1,"text":"const x = 1;\n"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/a.js","version":1,"diagnostics":[]}}

# didClose clears it.
send {"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"${ROOT_URI}/a.js"}}}
expect {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"${ROOT_URI}/a.js","diagnostics":[]}}

send {"jsonrpc":"2.0","id":2,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":2,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
