#pragma once
// Small RAII pieces over libpq: a query's parameters (all sent as text) and its result.
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jm::store::postgres {

// Parameters of one statement, $1..$n in the order added. Everything travels in text
// format: PostgreSQL parses it with the column's type, and NULL is a missing value.
class Params {
 public:
  Params& add(std::string_view text) {
    values_.emplace_back(std::string(text));
    return *this;
  }
  Params& add(const char* text) { return add(std::string_view(text)); }
  Params& add(const std::string& text) { return add(std::string_view(text)); }
  Params& add(std::int64_t v) { return add(std::string_view(std::to_string(v))); }
  Params& add(int v) { return add(static_cast<std::int64_t>(v)); }
  Params& add(bool v) { return add(std::string_view(v ? "1" : "0")); }
  Params& add(std::optional<int> v) { return v ? add(*v) : null(); }
  Params& add(std::optional<std::int64_t> v) { return v ? add(*v) : null(); }
  Params& add(std::optional<std::string> v) { return v ? add(*v) : null(); }
  // Empty text is stored as NULL (ip, user agent, optional names), as SQLite does.
  Params& add_text_or_null(std::string_view text) { return text.empty() ? null() : add(text); }
  Params& null() {
    values_.emplace_back(std::nullopt);
    return *this;
  }

  int size() const { return static_cast<int>(values_.size()); }
  const std::optional<std::string>& value(int i) const {
    return values_[static_cast<std::size_t>(i)];
  }
  // Pointers for PQexecParams & co.; valid while this object is unchanged.
  std::vector<const char*> pointers() const {
    std::vector<const char*> out;
    out.reserve(values_.size());
    for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
    return out;
  }

 private:
  std::vector<std::optional<std::string>> values_;
};

// An array in PostgreSQL's text format ('{"a","b",NULL}'): every element quoted, `"` and `\`
// escaped, so any text (JSON included) survives; cast it to the element type in SQL.
std::string array_literal(const std::vector<std::optional<std::string>>& values);

// Rows of equal-length parameter lists → one parameter per position, each the array of
// that position's values: the input of an `unnest($1::t1[], $2::t2[], …)` that writes
// many rows with one statement.
Params array_columns(const std::vector<const Params*>& rows);

// Owns a PGresult. Accessors read text-format columns.
class Result {
 public:
  Result() = default;
  explicit Result(PGresult* r) : r_(r, &PQclear) {}

  explicit operator bool() const { return r_ != nullptr; }
  PGresult* get() const { return r_.get(); }
  ExecStatusType status() const { return r_ ? PQresultStatus(r_.get()) : PGRES_FATAL_ERROR; }
  int rows() const { return r_ ? PQntuples(r_.get()) : 0; }
  // Rows changed by INSERT/UPDATE/DELETE.
  std::int64_t affected() const;

  bool is_null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string text(int row, int col) const {  // NULL reads as ""
    return std::string(PQgetvalue(r_.get(), row, col),
                       static_cast<std::size_t>(PQgetlength(r_.get(), row, col)));
  }
  std::int64_t int64(int row, int col) const;  // NULL reads as 0
  int int32(int row, int col) const { return static_cast<int>(int64(row, col)); }
  bool flag(int row, int col) const { return int64(row, col) != 0; }
  std::optional<int> opt_int(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return int32(row, col);
  }
  std::optional<std::int64_t> opt_int64(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return int64(row, col);
  }
  std::optional<std::string> opt_text(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return text(row, col);
  }

 private:
  std::shared_ptr<PGresult> r_;
};

}  // namespace jm::store::postgres
