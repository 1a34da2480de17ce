db.all('SELECT id FROM documents');
