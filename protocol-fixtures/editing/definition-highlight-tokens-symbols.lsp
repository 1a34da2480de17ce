# Go to definition (a table to its CREATE in the migration, an alias to its declaration),
# document highlight of an alias, semantic tokens of the SQL in a TSX string, the outline of a
# migration file, and the references of a column across the project (the open TSX file, the
# migration declaring it, src/feed.js, closed, read from disk, and src/titles.js, whose table name
# is a constant src/tables.js exports).
root projects/editing
ignore textDocument/publishDiagnostics

send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"${ROOT_URI}","capabilities":{}}}
expect {"jsonrpc":"2.0","id":1,"result":{"capabilities":{
          "definitionProvider":true,"referencesProvider":true,"documentHighlightProvider":true,"documentSymbolProvider":true,
          "semanticTokensProvider":{"legend":{"tokenTypes":["keyword","class","property","parameter","function"],"tokenModifiers":["declaration"]},"full":true},
          "${EXTRA}":true},"serverInfo":"${ANY}"}}
send {"jsonrpc":"2.0","method":"initialized","params":{}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx","languageId":"typescriptreact","version":1,
        "text":"const Row = () => <li>{db.get(`SELECT p.title FROM posts p WHERE p.author_id = ?`, [id])}</li>;\n"}}}

send {"jsonrpc":"2.0","id":2,"method":"textDocument/definition","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx"},"position":{"line":0,"character":52}}}
expect {"jsonrpc":"2.0","id":2,"result":{"uri":"${ROOT_URI}/migrations/001_init.sql","range":{"start":{"line":4,"character":13},"end":{"line":4,"character":18}}}}
send {"jsonrpc":"2.0","id":3,"method":"textDocument/definition","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx"},"position":{"line":0,"character":65}}}
expect {"jsonrpc":"2.0","id":3,"result":{"uri":"${ROOT_URI}/src/Row.tsx","range":{"start":{"line":0,"character":57},"end":{"line":0,"character":58}}}}

send {"jsonrpc":"2.0","id":4,"method":"textDocument/documentHighlight","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx"},"position":{"line":0,"character":38}}}
expect {"jsonrpc":"2.0","id":4,"result":[
          {"range":{"start":{"line":0,"character":38},"end":{"line":0,"character":39}},"kind":2},
          {"range":{"start":{"line":0,"character":57},"end":{"line":0,"character":58}},"kind":3},
          {"range":{"start":{"line":0,"character":65},"end":{"line":0,"character":66}},"kind":2}]}

# SELECT p title FROM posts p(declaration) WHERE p author_id ?
send {"jsonrpc":"2.0","id":5,"method":"textDocument/semanticTokens/full","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx"}}}
expect {"jsonrpc":"2.0","id":5,"result":{"data":[0,31,6,0,0, 0,7,1,1,0, 0,2,5,2,0, 0,6,4,0,0, 0,5,5,1,0, 0,6,1,1,1, 0,2,5,0,0, 0,6,1,1,0, 0,2,9,2,0, 0,12,1,3,0]}}

send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"${ROOT_URI}/migrations/001_init.sql","languageId":"sql","version":1,
        "text":"CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  email TEXT NOT NULL UNIQUE\n);\nCREATE TABLE posts (\n  id INTEGER PRIMARY KEY,\n  author_id INTEGER NOT NULL REFERENCES users(id),\n  title TEXT\n);\nCREATE INDEX posts_by_author ON posts (author_id);\n"}}}
send {"jsonrpc":"2.0","id":6,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"${ROOT_URI}/migrations/001_init.sql"}}}
expect {"jsonrpc":"2.0","id":6,"result":[{"name":"users","detail":"table","kind":5,"range":{"start":{"line":0,"character":0},"end":{"line":3,"character":1}},"selectionRange":{"start":{"line":0,"character":13},"end":{"line":0,"character":18}},"children":[{"name":"id","detail":"INTEGER","kind":8,"range":{"start":{"line":1,"character":2},"end":{"line":1,"character":24}},"selectionRange":{"start":{"line":1,"character":2},"end":{"line":1,"character":4}}},{"name":"email","detail":"TEXT","kind":8,"range":{"start":{"line":2,"character":2},"end":{"line":2,"character":28}},"selectionRange":{"start":{"line":2,"character":2},"end":{"line":2,"character":7}}}]},
          {"name":"posts","detail":"table","kind":5,"range":{"start":{"line":4,"character":0},"end":{"line":8,"character":1}},"selectionRange":{"start":{"line":4,"character":13},"end":{"line":4,"character":18}},"children":[{"name":"id","detail":"INTEGER","kind":8,"range":{"start":{"line":5,"character":2},"end":{"line":5,"character":24}},"selectionRange":{"start":{"line":5,"character":2},"end":{"line":5,"character":4}}},{"name":"author_id","detail":"INTEGER","kind":8,"range":{"start":{"line":6,"character":2},"end":{"line":6,"character":49}},"selectionRange":{"start":{"line":6,"character":2},"end":{"line":6,"character":11}}},{"name":"title","detail":"TEXT","kind":8,"range":{"start":{"line":7,"character":2},"end":{"line":7,"character":12}},"selectionRange":{"start":{"line":7,"character":2},"end":{"line":7,"character":7}}}]},
          {"name":"posts_by_author","detail":"index on posts","kind":20,"range":{"start":{"line":9,"character":0},"end":{"line":9,"character":49}},"selectionRange":{"start":{"line":9,"character":13},"end":{"line":9,"character":28}}}]}

send {"jsonrpc":"2.0","id":8,"method":"textDocument/references","params":{"textDocument":{"uri":"${ROOT_URI}/src/Row.tsx"},"position":{"line":0,"character":42},"context":{"includeDeclaration":true}}}
expect {"jsonrpc":"2.0","id":8,"result":[
          {"uri":"${ROOT_URI}/src/Row.tsx","range":{"start":{"line":0,"character":40},"end":{"line":0,"character":45}}},
          {"uri":"${ROOT_URI}/migrations/001_init.sql","range":{"start":{"line":7,"character":2},"end":{"line":7,"character":7}}},
          {"uri":"${ROOT_URI}/src/feed.js","range":{"start":{"line":0,"character":47},"end":{"line":0,"character":52}}},
          {"uri":"${ROOT_URI}/src/feed.js","range":{"start":{"line":0,"character":73},"end":{"line":0,"character":78}}},
          {"uri":"${ROOT_URI}/src/titles.js","range":{"start":{"line":1,"character":45},"end":{"line":1,"character":50}}}]}

send {"jsonrpc":"2.0","id":7,"method":"shutdown"}
expect {"jsonrpc":"2.0","id":7,"result":null}
send {"jsonrpc":"2.0","method":"exit"}
expect-exit 0
