#include "domain/reports/export_file.hpp"

#include "domain/reports/csv.hpp"
#include "util/time_format.hpp"

namespace jm::domain::reports {

namespace {

using json = nlohmann::json;

std::vector<std::string> header(const ExportOptions& options) {
  std::vector<std::string> h = {"created_at", "player_id", "player_name"};
  if (options.include_email) h.emplace_back("email");
  for (const char* c : {"game_type", "mode", "source", "duration_seconds", "correct_count",
                        "guess_count", "score", "shared_on_social", "completed"}) {
    h.emplace_back(c);
  }
  return h;
}

std::string optional_text(const std::optional<int>& v) {
  return v ? std::to_string(*v) : std::string();
}

}  // namespace

CsvExport::CsvExport(ExportOptions options, Pseudonym pseudonym)
    : options_(options), pseudonym_(std::move(pseudonym)), out_(csv_record(header(options))) {}

void CsvExport::add(const Game& g) {
  std::vector<std::string> fields = {format_iso8601_ms(g.created_at_ms), pseudonym_(g.email),
                                     g.player_name};
  if (options_.include_email) fields.push_back(g.email);
  fields.insert(fields.end(), {g.game_type, g.mode, g.source, optional_text(g.duration_seconds),
                               optional_text(g.correct_count), std::to_string(g.guess_count),
                               std::to_string(g.score), g.shared_on_social ? "true" : "false",
                               g.completed ? "true" : "false"});
  out_ += csv_record(fields);
  ++rows_;
}

void JsonExport::add(const Game& g) {
  json row = {{"created_at", format_iso8601_ms(g.created_at_ms)},
              {"player_id", pseudonym_(g.email)},
              {"player_name", g.player_name}};
  if (options_.include_email) row["email"] = g.email;
  row["game_type"] = g.game_type;
  row["mode"] = g.mode;
  row["source"] = g.source;
  row["duration_seconds"] = g.duration_seconds ? json(*g.duration_seconds) : json(nullptr);
  row["correct_count"] = g.correct_count ? json(*g.correct_count) : json(nullptr);
  row["guess_count"] = g.guess_count;
  row["score"] = g.score;
  row["shared_on_social"] = g.shared_on_social;
  row["completed"] = g.completed;
  rows_.push_back(std::move(row));
}

json JsonExport::take() {
  const auto count = rows_.size();
  return {{"count", count}, {"rows", std::move(rows_)}};
}

}  // namespace jm::domain::reports
