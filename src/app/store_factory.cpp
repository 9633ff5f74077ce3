#include "app/store_factory.hpp"

#include "store/sqlite/sqlite_store.hpp"
#include "util/log.hpp"

namespace jm {

std::unique_ptr<store::Store> open_store(const Config& config) {
  auto store = store::open_sqlite_store(config.sqlite_path(), store::SqliteStore::Options{});
  auto versions = store->applied_migrations();
  log::info("store_open", {{"database", config.database_url},
                           {"schemaVersion", versions.empty() ? 0 : versions.back()}});
  return store;
}

}  // namespace jm
