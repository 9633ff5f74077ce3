#pragma once
#include <memory>

#include "config/config.hpp"
#include "store/store.hpp"

namespace jm::security {
struct Secrets;
}

namespace jm {

// Opens the store DATABASE_URL names and applies pending migrations. Personal fields
// are sealed with the secrets' field keys and indexed with their index key.
std::unique_ptr<store::Store> open_store(const Config& config, const security::Secrets& secrets);

}  // namespace jm
