#pragma once
// The analytics export (POST /export-analytics): one row per finished game, players by
// pseudonym; the e-mail column only when an admin asked for it.
#include <string>

#include <nlohmann/json.hpp>

#include "domain/reports/compat_reports.hpp"

namespace jm::domain::reports {

struct ExportOptions {
  bool include_email = false;  // only ever true for an admin's request
};

// A header row, then one CSV record per game (csv.hpp escaping).
std::string export_csv(const Games& games, const ExportOptions& options,
                       const Pseudonym& pseudonym);
// {"rows":[{...}], "count": n} with the same fields as the CSV.
nlohmann::json export_json(const Games& games, const ExportOptions& options,
                           const Pseudonym& pseudonym);

}  // namespace jm::domain::reports
