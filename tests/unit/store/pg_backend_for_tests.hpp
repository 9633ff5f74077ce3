#pragma once
// PostgresStore as a Backend of the account/GDPR/jobs store suites (store_fixture.hpp):
// a fresh schema per test in the server JOURNEYMAN_TEST_PG_URL names. Wiring, in
// store_fixture.hpp after class Backend (that file belongs to the store-accounts
// branch, so the lead wires it on merge):
//   #include "pg_backend_for_tests.hpp"
//   kStoreBackends = {"sqlite", "postgres"}  -- always both: ctest lists the tests at
//     build time, when JOURNEYMAN_TEST_PG_URL is usually not set
//   StoreSuite::SetUp(): if (GetParam() == "postgres" && test_pg_url().empty())
//     GTEST_SKIP(); then PostgresBackend(clock_, pii_) or SqliteBackend(clock_, pii_)
//
// The suites' checks are written in SQLite's SQL; the few SQLite functions they use
// (group_concat, json_extract with a '$.key' path) are defined in the test schema so
// the same checks read the same on PostgreSQL.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "store_factory_for_tests.hpp"

namespace jm::store::testing {

class PostgresBackend final : public Backend {
 public:
  PostgresBackend(const Clock& clock, std::shared_ptr<const PiiCodec> pii)
      : clock_(clock), db_(Dialect::postgres) {
    PgAdmin admin(test_pg_url(), db_.schema());
    admin.exec(
        "CREATE FUNCTION jm_concat(acc text, x text, sep text) RETURNS text LANGUAGE sql"
        " IMMUTABLE AS $$ SELECT CASE WHEN x IS NULL THEN acc WHEN acc IS NULL THEN x"
        " ELSE acc || sep || x END $$");
    admin.exec(
        "CREATE FUNCTION jm_concat(acc text, x text) RETURNS text LANGUAGE sql IMMUTABLE"
        " AS $$ SELECT jm_concat(acc, x, ',') $$");
    admin.exec("CREATE AGGREGATE group_concat(text, text) (SFUNC = jm_concat, STYPE = text)");
    admin.exec("CREATE AGGREGATE group_concat(text) (SFUNC = jm_concat, STYPE = text)");
    admin.exec(
        "CREATE FUNCTION json_extract(doc json, path text) RETURNS text LANGUAGE sql IMMUTABLE"
        " AS $$ SELECT doc #>> string_to_array(substr(path, 3), '.') $$");
    reopen(std::move(pii));
  }

  Store& store() override { return *store_; }
  std::vector<std::string> column(const std::string& sql) override { return db_.column(sql); }
  void exec(const std::string& sql) override { db_.exec(sql); }
  std::vector<std::pair<std::string, std::string>> all_columns() override {
    const auto tables = db_.column(
        "SELECT table_name || '.' || column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position");
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& t : tables) {
      const auto dot = t.find('.');
      out.emplace_back(t.substr(0, dot), t.substr(dot + 1));
    }
    return out;
  }
  void reopen(std::shared_ptr<const PiiCodec> pii) override {
    store_.reset();
    auto options = pg_test_options(db_.schema(), &clock_);
    options.pii = std::move(pii);
    store_ = open_postgres_store(std::move(options));
  }

 private:
  const Clock& clock_;
  TestDatabase db_;
  std::unique_ptr<PostgresStore> store_;
};

}  // namespace jm::store::testing
