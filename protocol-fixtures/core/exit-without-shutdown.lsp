# exit before shutdown ends the process with code 1.
root projects/empty

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":"${ANY}"}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 1
