#pragma once
#include <memory>

#include "config/config.hpp"
#include "store/store.hpp"

namespace jm {

// Opens the store DATABASE_URL names and applies pending migrations.
std::unique_ptr<store::Store> open_store(const Config& config);

}  // namespace jm
