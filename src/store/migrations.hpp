#pragma once
// Numbered SQL migrations, one file per version under store/migrations/<dialect>/,
// embedded into the binary at build time (cmake/embed_migrations.cmake).
#include <string>
#include <vector>

namespace jm::store {

struct Migration {
  std::string dialect;  // "sqlite" or "postgres"
  int version;          // the NNN prefix of the file name
  std::string name;     // file name without extension, e.g. "001_init"
  std::string sql;
};

// All migrations of every dialect, sorted by version within a dialect.
const std::vector<Migration>& embedded_migrations();

// The migrations of one dialect, in version order.
std::vector<Migration> migrations_for(const std::string& dialect);

}  // namespace jm::store
