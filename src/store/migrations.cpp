#include "store/migrations.hpp"

#include <algorithm>

namespace jm::store {

std::vector<Migration> migrations_for(const std::string& dialect) {
  std::vector<Migration> out;
  for (const auto& m : embedded_migrations()) {
    if (m.dialect == dialect) out.push_back(m);
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

}  // namespace jm::store
