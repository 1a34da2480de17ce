import SQLHealSQLite
print("sqlheal: under construction; SQLite \(SQLiteConnection.libraryVersion)")
