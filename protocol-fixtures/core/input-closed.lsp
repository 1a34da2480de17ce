# The client dies (stdin closes) without shutdown: the server exits 1 instead of spinning.
root projects/empty

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":"${ANY}"}
close-stdin
expect-exit 1
