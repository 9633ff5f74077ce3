#include "store/postgres/pg_result.hpp"

namespace jm::store::postgres {

std::string array_literal(const std::vector<std::optional<std::string>>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    if (!values[i]) {
      out += "NULL";
      continue;
    }
    out += '"';
    for (const char c : *values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

Params array_columns(const std::vector<const Params*>& rows) {
  Params out;
  if (rows.empty()) return out;
  std::vector<std::optional<std::string>> column(rows.size());
  for (int col = 0; col < rows.front()->size(); ++col) {
    for (std::size_t r = 0; r < rows.size(); ++r) column[r] = rows[r]->value(col);
    out.add(array_literal(column));
  }
  return out;
}

}  // namespace jm::store::postgres
