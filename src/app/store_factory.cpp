#include "app/store_factory.hpp"

#include "security/pii_codec.hpp"
#include "security/secrets.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "util/log.hpp"

namespace jm {
namespace {

store::PostgresOptions postgres_options(const Config& config) {
  store::PostgresOptions o;
  o.connection.url = config.database_url;
  o.connection.application_name = config.pg.application_name;
  o.connection.connect_timeout_seconds = config.pg.connect_timeout_seconds;
  o.connection.statement_timeout_ms = config.pg.statement_timeout_ms;
  o.connection.prepared = config.pg.prepared;
  o.read_url = config.pg.read_url;
  o.pool.min = config.pg.pool_min;
  o.pool.max = config.pg.pool_max;
  o.pool.idle_seconds = config.pg.idle_seconds;
  o.pool.max_lifetime_seconds = config.pg.max_lifetime_seconds;
  o.pool.max_uses = config.pg.max_uses;
  o.writers = config.pg.writers;
  o.pool.acquire_timeout_ms = config.pg.connect_timeout_seconds * 1000;
  return o;
}

}  // namespace

std::unique_ptr<store::Store> open_store(const Config& config, const security::Secrets& secrets) {
  auto pii = std::make_shared<security::AeadPiiCodec>(secrets);
  std::unique_ptr<store::Store> store;
  if (config.is_postgres()) {
    auto options = postgres_options(config);
    options.pii = pii;
    store = store::open_postgres_store(options);
  } else {
    store::SqliteStore::Options options;
    options.pii = pii;
    store = store::open_sqlite_store(config.sqlite_path(), options);
  }
  auto versions = store->applied_migrations();
  log::info("store_open", {{"database", config.database_url_for_logs()},
                           {"schemaVersion", versions.empty() ? 0 : versions.back()}});
  return store;
}

}  // namespace jm
