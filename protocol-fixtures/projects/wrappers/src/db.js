// The project's own query functions: nothing configures them.
DB.parse = function (sql, params) {
  const placeholderRE = /\s*[=,(]\s*\?/g;
  for (let i = 0; i < params.length; i++) {
    const matches = placeholderRE.exec(sql);
    if (params[i] !== null) continue;
    sql = sql.substring(0, matches.index) + ' IS NULL' + sql.substr(matches.index + matches[0].length);
  }
  return [sql, params];
};
DB.queryAsync = async function (sql, params) {
  [sql, params] = this.parse(sql, params || []);
  return this.connection.execute(sql, params);
};
DB.rowQueryAsync = async function (sql, params) {
  return (await this.queryAsync(sql, params))[0];
};
