#pragma once
// The analytics export (POST /export-analytics): one row per finished game, players by
// pseudonym; the e-mail column only when an admin asked for it. Like the reports, the
// file is written a game at a time: add() every game of the period, then take the file.
#include <cstdint>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "domain/reports/compat_reports.hpp"

namespace jm::domain::reports {

struct ExportOptions {
  bool include_email = false;  // only ever true for an admin's request
};

// A header row, then one CSV record per game (csv.hpp escaping).
class CsvExport {
 public:
  CsvExport(ExportOptions options, Pseudonym pseudonym);
  void add(const Game& g);
  std::int64_t rows() const { return rows_; }
  std::string take() { return std::move(out_); }

 private:
  ExportOptions options_;
  Pseudonym pseudonym_;
  std::string out_;
  std::int64_t rows_ = 0;
};

// {"count": n, "rows": [{...}]} with the same fields as the CSV.
class JsonExport {
 public:
  JsonExport(ExportOptions options, Pseudonym pseudonym)
      : options_(options), pseudonym_(std::move(pseudonym)) {}
  void add(const Game& g);
  std::int64_t rows() const { return static_cast<std::int64_t>(rows_.size()); }
  nlohmann::json take();

 private:
  ExportOptions options_;
  Pseudonym pseudonym_;
  nlohmann::json rows_ = nlohmann::json::array();
};

}  // namespace jm::domain::reports
