#pragma once
// One store test suite, two dialects. make_test_store(Dialect) gives a migrated store on
// a database of its own: a temp SQLite file, or a fresh PostgreSQL schema (search_path)
// in the server JOURNEYMAN_TEST_PG_URL names. Without that variable the PostgreSQL
// instances of a parameterised test are reported SKIPPED.
//
//   class MyTest : public DialectTest {};
//   TEST_P(MyTest, Works) { auto& store = this->store(); ... db().scalar("SELECT ..."); }
//   JM_STORE_DIALECTS(MyTest);
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <unistd.h>
#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "sqlite_test_support.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "util/clock.hpp"

namespace jm::store::testing {

enum class Dialect { sqlite, postgres };

inline std::string dialect_name(Dialect d) {
  return d == Dialect::sqlite ? "Sqlite" : "Postgres";
}

// The test server, or "" when PostgreSQL tests are to be skipped.
inline std::string test_pg_url() {
  const char* url = std::getenv("JOURNEYMAN_TEST_PG_URL");
  return url ? url : "";
}

// Runs SQL on a PostgreSQL server with libpq; test failures name the statement.
class PgAdmin {
 public:
  explicit PgAdmin(const std::string& url, const std::string& schema = "") {
    conn_ = PQconnectdb(url.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      ADD_FAILURE() << "cannot connect to " << url << ": " << PQerrorMessage(conn_);
    }
    if (!schema.empty()) exec("SET search_path = " + schema);
  }
  ~PgAdmin() { PQfinish(conn_); }
  PgAdmin(const PgAdmin&) = delete;
  PgAdmin& operator=(const PgAdmin&) = delete;

  void exec(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    const auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      ADD_FAILURE() << sql << ": " << PQresultErrorMessage(r);
    }
    PQclear(r);
  }
  // First column of the first row as text; "NULL" for NULL, "" for no row.
  std::string scalar(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    std::string out;
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      ADD_FAILURE() << sql << ": " << PQresultErrorMessage(r);
    } else if (PQntuples(r) > 0) {
      out = PQgetisnull(r, 0, 0) ? "NULL" : PQgetvalue(r, 0, 0);
    }
    PQclear(r);
    return out;
  }

 private:
  PGconn* conn_ = nullptr;
};

inline PostgresOptions pg_test_options(const std::string& schema, const Clock* clock = nullptr) {
  PostgresOptions o;
  o.connection.url = test_pg_url();
  o.connection.search_path = schema;
  o.connection.application_name = "journeyman-test";
  o.connection.connect_timeout_seconds = 5;
  o.pool.min = 1;  // many stores live at once in one test run
  o.pool.max = 8;
  o.clock = clock;
  return o;
}

// A database of its own for one test: created on construction, dropped on destruction.
class TestDatabase {
  static std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
      auto end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      out.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }

 public:
  explicit TestDatabase(Dialect d) : dialect_(d) {
    if (d == Dialect::postgres) {
      static std::atomic<int> counter{0};
      std::random_device rd;
      schema_ = "jm_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
                std::to_string(rd() % 100000);
      PgAdmin(test_pg_url()).exec("CREATE SCHEMA " + schema_);
    }
  }
  ~TestDatabase() {
    if (dialect_ == Dialect::postgres)
      PgAdmin(test_pg_url()).exec("DROP SCHEMA " + schema_ + " CASCADE");
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Dialect dialect() const { return dialect_; }
  const std::string& schema() const { return schema_; }
  std::string sqlite_path() const { return dir_.file("j.db"); }

  // A store on this database, migrated unless `migrate` is false.
  std::unique_ptr<Store> open(const Clock* clock = nullptr, bool migrate = true) const {
    if (dialect_ == Dialect::sqlite) {
      SqliteOptions o;
      o.clock = clock;
      if (migrate) return open_sqlite_store(sqlite_path(), o);
      return std::make_unique<SqliteStore>(sqlite_path(), o);
    }
    if (migrate) return open_postgres_store(pg_test_options(schema_, clock));
    return std::make_unique<PostgresStore>(pg_test_options(schema_, clock));
  }

  // SQL straight to the database, for checks the Store API does not offer. Keep it to
  // SQL both dialects read the same way.
  std::string scalar(const std::string& sql) const {
    if (dialect_ == Dialect::postgres) return PgAdmin(test_pg_url(), schema_).scalar(sql);
    RawDb raw(sqlite_path());
    return raw.scalar(sql);
  }
  // First column of every row, as text ("NULL" for NULL).
  std::vector<std::string> column(const std::string& sql) const {
    if (dialect_ == Dialect::postgres) {
      return split_lines(
          PgAdmin(test_pg_url(), schema_)
              .scalar("SELECT coalesce(string_agg(coalesce(x::text, 'NULL'), E'\\n'), '') FROM (" +
                      sql + ") AS t(x)"));
    }
    RawDb raw(sqlite_path());
    return raw.column(sql);
  }
  void exec(const std::string& sql) const {
    if (dialect_ == Dialect::postgres) return PgAdmin(test_pg_url(), schema_).exec(sql);
    RawDb raw(sqlite_path());
    raw.exec(sql);
  }

 private:
  Dialect dialect_;
  std::string schema_;
  TempDir dir_;
};

// A migrated store on a database of its own, which is dropped when the test process
// exits. Use TestDatabase directly when a test needs the database itself.
inline std::unique_ptr<Store> make_test_store(Dialect d, const Clock* clock = nullptr) {
  static std::vector<std::unique_ptr<TestDatabase>> keep;
  static std::mutex mu;
  std::lock_guard lock(mu);
  keep.push_back(std::make_unique<TestDatabase>(d));
  return keep.back()->open(clock);
}

// Base of every dialect-parameterised store test: a fresh database and a migrated store
// per test, on a ManualClock.
class DialectTest : public ::testing::TestWithParam<Dialect> {
 protected:
  static constexpr std::int64_t kT0 = 1'700'000'000'000;

  void SetUp() override {
    if (GetParam() == Dialect::postgres && test_pg_url().empty()) {
      GTEST_SKIP() << "JOURNEYMAN_TEST_PG_URL is not set (scripts/start-test-services.sh)";
    }
    db_ = std::make_unique<TestDatabase>(GetParam());
    store_ = db_->open(&clock_);
  }
  void TearDown() override {
    store_.reset();
    db_.reset();
  }

  Store& store() { return *store_; }
  TestDatabase& db() { return *db_; }
  void reopen() {
    store_.reset();
    store_ = db_->open(&clock_);
  }

  ManualClock clock_{kT0};
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Store> store_;
};

}  // namespace jm::store::testing

#define JM_STORE_DIALECTS(Suite)                                                \
  INSTANTIATE_TEST_SUITE_P(                                                     \
      Dialects, Suite,                                                          \
      ::testing::Values(::jm::store::testing::Dialect::sqlite,                  \
                        ::jm::store::testing::Dialect::postgres),               \
      [](const ::testing::TestParamInfo<::jm::store::testing::Dialect>& info) { \
        return ::jm::store::testing::dialect_name(info.param);                  \
      })
