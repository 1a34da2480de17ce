export async function keys(libraryID, after) {
  var sql = "SELECT key FROM items WHERE libraryID=?";
  var params = [libraryID];
  if (after) {
    sql += " AND itemID>?";
  }
  return DB.queryAsync(sql, params);
}
export const all = () => DB.queryAsync("SELECT key FORM items");
