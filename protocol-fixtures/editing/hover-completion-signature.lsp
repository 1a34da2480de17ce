# Hover, completion and signature help inside SQL strings of a TSX file and in a migration
# file, positions in UTF-16 (the emoji on line 0 counts 2). Outside SQL, hover answers null.
root projects/editing
ignore textDocument/publishDiagnostics

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{"textDocument":{"hover":{"contentFormat":["markdown","plaintext"]}}}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{
          "positionEncoding":"utf-16",
          "hoverProvider":true,
          "completionProvider":{"triggerCharacters":["."],"resolveProvider":false},
          "signatureHelpProvider":{"triggerCharacters":["("],"retriggerCharacters":[","]},
          "${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx","languageId":"typescriptreact","version":1,
        "text":"// \ud83d\ude00 hover, completion and signature help inside SQL\nconst Row = () => <li>{db.get(`SELECT p.title FROM posts p WHERE p.author_id = ${userId}`)}</li>;\ndb.all(`SELECT p. FROM posts p`);\ndb.all(`SELECT substr(title, ) FROM posts`);\n"}}}

# A column through its alias: type, affinity, nullability, declaration.
send {"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx"},"position":{"line":1,"character":42}}}
expect {"jsonrpc":"2.0","id":2,"result":{"contents":{"kind":"markdown","value":"column **posts.title** `TEXT`\n\naffinity TEXT · nullable\n\nDeclared at migrations/001_init.sql:8"},
          "range":{"start":{"line":1,"character":40},"end":{"line":1,"character":45}}}}

# A hole: the column it binds and the JavaScript value expected.
send {"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx"},"position":{"line":1,"character":82}}}
expect {"jsonrpc":"2.0","id":3,"result":{"contents":{"kind":"markdown","value":"`${userId}` (spliced into the SQL text) binds column **posts.author_id** `INTEGER`\n\nexpects a number (an integer; a bigint or boolean also binds)"},
          "range":{"start":{"line":1,"character":79},"end":{"line":1,"character":88}}}}

# Outside SQL: nothing.
send {"jsonrpc":"2.0","id":4,"method":"textDocument/hover","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx"},"position":{"line":0,"character":6}}}
expect {"jsonrpc":"2.0","id":4,"result":null}

# After `p.` in a statement still being typed: the columns of posts, replacing nothing.
send {"jsonrpc":"2.0","id":5,"method":"textDocument/completion","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx"},"position":{"line":2,"character":17},"context":{"triggerKind":2,"triggerCharacter":"."}}}
expect {"jsonrpc":"2.0","id":5,"result":{"isIncomplete":false,"items":[
          {"label":"id","kind":5,"detail":"p.id INTEGER","sortText":"00","filterText":"id","textEdit":{"range":{"start":{"line":2,"character":17},"end":{"line":2,"character":17}},"newText":"id"}},
          {"label":"author_id","kind":5,"detail":"p.author_id INTEGER","sortText":"01","filterText":"author_id","textEdit":{"range":{"start":{"line":2,"character":17},"end":{"line":2,"character":17}},"newText":"author_id"}},
          {"label":"title","kind":5,"detail":"p.title TEXT","sortText":"02","filterText":"title","textEdit":{"range":{"start":{"line":2,"character":17},"end":{"line":2,"character":17}},"newText":"title"}}]}}

# Inside substr's argument list, on its second argument.
send {"jsonrpc":"2.0","id":6,"method":"textDocument/signatureHelp","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx"},"position":{"line":3,"character":29}}}
expect {"jsonrpc":"2.0","id":6,"result":{"signatures":[{"label":"substr(X, Y, Z)","documentation":{"kind":"markdown","value":"The substring of X starting at the Y-th character, Z characters long."},
          "parameters":[{"label":"X"},{"label":"Y"},{"label":"Z"}]}],"activeSignature":0,"activeParameter":1}}

# A migration file: the table an ALTER names, with its keys, foreign keys and indexes.
send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/migrations/002_body.sql","languageId":"sql","version":1,"text":"ALTER TABLE posts ADD COLUMN body TEXT;\n"}}}
send {"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{"textDocument":{"uri":"${ROOT_URI}/migrations/002_body.sql"},"position":{"line":0,"character":14}}}
expect {"jsonrpc":"2.0","id":7,"result":{"contents":{"kind":"markdown","value":"table **posts**\n\n| column | type | constraints |\n| --- | --- | --- |\n| id | INTEGER | PRIMARY KEY (rowid) |\n| author_id | INTEGER | NOT NULL, → users(id) |\n| title | TEXT |  |\n\nPrimary key: id\n\nForeign keys: author_id → users(id)\n\nIndexes: posts_by_author (author_id)\n\nDeclared at migrations/001_init.sql:5"},
          "range":{"start":{"line":0,"character":12},"end":{"line":0,"character":17}}}}

send {"jsonrpc":"2.0","id":8,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":8,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
