# Broken frames, broken JSON and bad params never end the server; the next good frame is read.
root projects/empty

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":"${ANY}"}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

# Garbage with no header at all.
send-raw "\x00\x01 hello, this is not a frame\r\n\r\n"
# A negative, a non-numeric, an absurd (> 64 MiB) and a missing Content-Length.
send-raw "Content-Length: -12\r\n\r\n{}"
send-raw "Content-Length: twelve\r\n\r\n{}"
send-raw "Content-Length: 999999999999\r\n\r\n"
send-raw "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"shutdown\"}"
# Headers in another order and case, Content-Type accepted and ignored.
send-raw "content-type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 58\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"sqlheal/noSuchMethod\"}  "
expect {"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"${ANY}"}}

# Broken JSON with a readable id: -32700 to that id. Without one: dropped.
send-body "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"shutdown\",\"params\":{"
expect {"jsonrpc":"2.0","id":3,"error":{"code":-32700,"message":"${ANY}"}}
send-body "}{ not json"
send-body ""
send-body "\xff\xfe\x00"
# Valid JSON that is not a message.
send-body "[1,2,3]"
send-body "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"x\"}"
# Bad params: -32602. Bad notification params: logged, ignored.
send {"jsonrpc":"2.0","id":4,"method":"workspace/executeCommand","params":{"command":42}}
expect {"jsonrpc":"2.0","id":4,"error":{"code":-32602,"message":"${ANY}"}}
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":7}}}
send {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"${ROOT_URI}/not-open.js","version":2},"contentChanges":[{"text":"x"}]}}
# Optional $/ notifications are ignored; cancelling an answered request is harmless.
send {"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"verbose"}}
send {"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":2}}
send {"jsonrpc":"2.0","method":"$/somethingFromTheFuture"}

# A frame split in the middle of its header and body still arrives whole.
send-raw "Content-Len"
send-raw "gth: 44\r"
send-raw "\n\r\n{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"shut"
send-raw "down\"}"
expect {"jsonrpc":"2.0","id":5,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
