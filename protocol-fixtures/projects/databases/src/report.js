db.all('SELECT email FROM users');
