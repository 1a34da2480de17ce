# Requests before initialize: -32002. Notifications before initialize: ignored.
# Requests after shutdown: -32600. A second initialize: -32600.
root projects/empty

send {"jsonrpc":"2.0","id":1,"method":"textDocument/codeAction","params":{}}
expect {"jsonrpc":"2.0","id":1,"error":{"code":-32002,"message":"${ANY}"}}
send {"jsonrpc":"2.0","id":"early-shutdown","method":"shutdown"}
expect {"jsonrpc":"2.0","id":"early-shutdown","error":{"code":-32002,"message":"${ANY}"}}
# Ignored: no diagnostics are published for it, and it is not open afterwards.
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/early.js","languageId":"javascript","version":1,"text":"x"}}}

send {"jsonrpc":"2.0","id":2,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{}}}
expect {"jsonrpc":"2.0","id":2,"result":"${ANY}"}
send {"jsonrpc":"2.0","method":"initialized","params":{}}
send {"jsonrpc":"2.0","id":3,"method":"initialize","params":{"processId":null,"capabilities":{}}}
expect {"jsonrpc":"2.0","id":3,"error":{"code":-32600,"message":"${ANY}"}}
send {"jsonrpc":"2.0","id":4,"method":"sqlheal/debugDocument","params":{"textDocument":{"uri":"${ROOT_URI}/early.js"}}}
expect {"jsonrpc":"2.0","id":4,"error":{"code":-32602,"message":"${ANY}"}}

send {"jsonrpc":"2.0","id":5,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":5,"result":null}
send {"jsonrpc":"2.0","id":6,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":6,"error":{"code":-32600,"message":"${ANY}"}}
send {"jsonrpc":"2.0","id":7,"method":"textDocument/codeAction","params":{}}
expect {"jsonrpc":"2.0","id":7,"error":{"code":-32600,"message":"${ANY}"}}
# Notifications after shutdown are ignored.
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/late.js","languageId":"javascript","version":1,"text":"x"}}}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
