#include "store/backup/pg_backup.hpp"

#include <libpq-fe.h>

#include <filesystem>
#include <memory>
#include <stdexcept>

#include "store/backup/child_process.hpp"
#include "store/backup/sealed_backup.hpp"

namespace jm::store::backup {

namespace fs = std::filesystem;

namespace {

constexpr int kFetchRows = 5000;

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

// A plain blocking libpq session: the operator commands have nothing else to do.
class Session {
 public:
  explicit Session(const std::string& url) {
    const char* keys[] = {"dbname", "application_name", "connect_timeout", nullptr};
    const char* values[] = {url.c_str(), "journeyman-backup", "10", nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string why = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw std::runtime_error("cannot connect to PostgreSQL: " + why);
    }
    exec("SET statement_timeout = 0");
  }
  ~Session() { PQfinish(conn_); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  ResultPtr exec(const std::string& sql) {
    ResultPtr r(PQexec(conn_, sql.c_str()), &PQclear);
    auto status = PQresultStatus(r.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      throw std::runtime_error("PostgreSQL: " + std::string(PQerrorMessage(conn_)) + " (" + sql +
                               ")");
    }
    return r;
  }
  std::string value(const std::string& sql) {
    auto r = exec(sql);
    return PQntuples(r.get()) > 0 ? PQgetvalue(r.get(), 0, 0) : "";
  }
  std::string quote_ident(const std::string& name) {
    char* q = PQescapeIdentifier(conn_, name.c_str(), name.size());
    if (!q) throw std::runtime_error("cannot quote identifier '" + name + "'");
    std::string out(q);
    PQfreemem(q);
    return out;
  }

 private:
  PGconn* conn_ = nullptr;
};

std::vector<std::string> table_names(Session& s) {
  auto r = s.exec(
      "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
      " WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() ORDER BY c.relname");
  std::vector<std::string> out;
  for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back(PQgetvalue(r.get(), i, 0));
  return out;
}

// Reads every table through a cursor, inside the caller's transaction.
std::vector<TableDigest> digests(Session& s) {
  std::vector<TableDigest> out;
  for (const auto& name : table_names(s)) {
    s.exec("DECLARE jm_digest NO SCROLL CURSOR FOR SELECT * FROM " + s.quote_ident(name));
    TableHasher hasher(name);
    while (true) {
      auto r = s.exec("FETCH FORWARD " + std::to_string(kFetchRows) + " FROM jm_digest");
      const int rows = PQntuples(r.get()), cols = PQnfields(r.get());
      for (int i = 0; i < rows; ++i) {
        hasher.begin_row();
        for (int c = 0; c < cols; ++c) {
          if (PQgetisnull(r.get(), i, c)) {
            hasher.add_value(std::nullopt);
          } else {
            hasher.add_value(std::string_view(
                PQgetvalue(r.get(), i, c), static_cast<std::size_t>(PQgetlength(r.get(), i, c))));
          }
        }
        hasher.end_row();
      }
      if (rows < kFetchRows) break;
    }
    s.exec("CLOSE jm_digest");
    out.push_back(hasher.finish());
  }
  return out;
}

std::vector<std::string> migrations(Session& s) {
  std::vector<std::string> out;
  if (s.value("SELECT to_regclass('schema_migrations') IS NOT NULL") != "t") return out;
  auto r = s.exec("SELECT name FROM schema_migrations ORDER BY version");
  for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back(PQgetvalue(r.get(), i, 0));
  return out;
}

void check_exit(int code, const std::string& what) {
  if (code != 0) throw std::runtime_error(what + " failed with exit code " + std::to_string(code));
}

}  // namespace

std::map<std::string, std::string> libpq_environment(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (!options) {
    std::string why = error ? error : "out of memory";
    PQfreemem(error);
    throw std::runtime_error("DATABASE_URL: " + why);
  }
  std::map<std::string, std::string> env;
  for (auto* o = options; o->keyword; ++o) {
    if (o->val && o->envvar && *o->val) env[o->envvar] = o->val;
  }
  PQconninfoFree(options);
  env["PGAPPNAME"] = "journeyman-backup";
  return env;
}

std::vector<TableDigest> pg_table_digests(const std::string& url) {
  Session s(url);
  s.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  auto out = digests(s);
  s.exec("COMMIT");
  return out;
}

BackupManifest pg_backup(const std::string& url, const std::string& out_path, std::int64_t now_ms,
                         const security::KeyRing& keys) {
  const auto tmp = out_path + ".tmp";
  fs::remove(tmp);
  create_private_file(tmp);
  try {
    Session s(url);
    s.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const auto snapshot = s.value("SELECT pg_export_snapshot()");
    BackupManifest m;
    m.store_kind = "postgres";
    m.created_at_ms = now_ms;
    m.migrations = migrations(s);
    m.tables = digests(s);
    // pg_dump reads the snapshot this transaction exported: it stays open until then.
    check_exit(run_child({"pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                          "--snapshot=" + snapshot, "--file=" + tmp},
                         libpq_environment(url)),
               "pg_dump");
    s.exec("COMMIT");
    finish_backup(m, tmp, out_path, keys);
    return m;
  } catch (...) {
    fs::remove(tmp);
    throw;
  }
}

RestoreReport pg_restore(const std::string& backup_path, const std::string& url, bool overwrite,
                         const security::KeyRing& keys) {
  RestoreReport report;
  report.manifest = read_verified_manifest(backup_path, "postgres");
  std::string database;
  {
    Session s(url);
    database = s.value("SELECT current_database()");
    if (!table_names(s).empty() && !overwrite) {
      throw std::runtime_error("database '" + database +
                               "' already has tables; pass --yes to replace their contents");
    }
  }
  {
    const PlainBackup plain(backup_path, report.manifest, keys, fs::temp_directory_path().string());
    check_exit(run_child({"pg_restore", "--clean", "--if-exists", "--single-transaction",
                          "--exit-on-error", "--no-owner", "--no-privileges",
                          "--dbname=" + database, plain.path()},
                         libpq_environment(url)),
               "pg_restore");
  }
  report.tables = pg_table_digests(url);
  report.problems = compare_tables(report.manifest.tables, report.tables);
  return report;
}

}  // namespace jm::store::backup
