#include "app/store_factory.hpp"

#include "security/pii_codec.hpp"
#include "security/secrets.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "util/log.hpp"

namespace jm {

std::unique_ptr<store::Store> open_store(const Config& config, const security::Secrets& secrets) {
  store::SqliteStore::Options options;
  options.pii = std::make_shared<security::AeadPiiCodec>(secrets);
  auto store = store::open_sqlite_store(config.sqlite_path(), options);
  auto versions = store->applied_migrations();
  log::info("store_open", {{"database", config.database_url},
                           {"schemaVersion", versions.empty() ? 0 : versions.back()}});
  return store;
}

}  // namespace jm
