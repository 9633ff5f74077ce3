#include "app/nfl_data.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unordered_map>

#include "domain/game/parse.hpp"

namespace jm {

namespace {

using json = nlohmann::json;

std::vector<store::TeamRow> team_rows(const std::vector<domain::Team>& teams, const json& raw) {
  std::unordered_map<std::string, const json*> raw_by_code;
  for (const auto& t : raw) raw_by_code[t.value("code", "")] = &t;
  std::vector<store::TeamRow> rows;
  for (const auto& t : teams) {
    store::TeamRow row{
        t.code,     t.name,    t.city,      t.nickname, t.conference,
        t.division, t.primary, t.secondary, t.trim,     raw_by_code.at(t.code)->dump()};
    rows.push_back(std::move(row));
  }
  return rows;
}

// Rows keep the input record itself as career_json: the same parser reads it back.
std::vector<store::CareerRow> career_rows(const std::vector<domain::Career>& careers,
                                          const json& raw) {
  std::unordered_map<std::string, const json*> raw_by_name;
  for (const auto& c : raw) {
    if (c.is_object() && c.contains("name") && c["name"].is_string()) raw_by_name[c["name"]] = &c;
  }
  std::vector<store::CareerRow> rows;
  for (const auto& c : careers) {
    const json& source = *raw_by_name.at(c.name);
    store::CareerRow row;
    row.name = c.name;
    row.position = c.position;
    row.college = c.college;
    row.height = c.height;
    if (c.draft) {
      row.draft_year = c.draft->year;
      row.draft_round = c.draft->round;
      row.draft_pick = c.draft->pick;
    }
    row.accolades_json = json(c.accolades).dump();
    row.career_json = source.dump();
    const auto& raw_stints = source.at("stints");
    for (std::size_t i = 0; i < c.stints.size(); ++i) {
      const auto& s = c.stints[i];
      const auto& rs = raw_stints.at(i);
      row.stints.push_back({static_cast<int>(i), s.team, s.team_name, s.from, s.to, s.number,
                            rs.value("stats", json::object()).dump(),
                            rs.value("awards", json::object()).dump()});
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<domain::Team> stored_teams(store::Store& store, json* raw_out = nullptr) {
  json raw = json::array();
  for (const auto& row : store.load_teams()) raw.push_back(json::parse(row.data_json));
  auto parsed = domain::parse_teams(raw);
  if (raw_out) *raw_out = std::move(raw);
  return parsed.items;
}

}  // namespace

json read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read '" + path + "'");
  try {
    return json::parse(in);
  } catch (const json::parse_error& e) {
    throw std::runtime_error("'" + path + "' is not valid JSON: " + e.what());
  }
}

ImportReport seed_nfl(store::Store& store, const std::string& data_dir) {
  namespace fs = std::filesystem;
  auto teams_raw = read_json_file((fs::path(data_dir) / "teams.json").string());
  auto careers_raw = read_json_file((fs::path(data_dir) / "careers.json").string());
  auto teams = domain::parse_teams(teams_raw);
  auto careers = domain::parse_careers(careers_raw, teams.items);
  ImportReport report;
  report.problems = teams.problems;
  report.problems.insert(report.problems.end(), careers.problems.begin(), careers.problems.end());
  report.counts =
      store.upsert_nfl(team_rows(teams.items, teams_raw), career_rows(careers.items, careers_raw));
  return report;
}

ImportReport import_careers(store::Store& store, const json& careers_raw,
                            const std::function<void(std::size_t, std::size_t)>& progress) {
  ImportReport report;
  if (!careers_raw.is_array()) {
    report.problems.push_back({0, "", "", "the file must hold a JSON array of careers"});
    return report;
  }
  auto teams = stored_teams(store);
  auto careers = domain::parse_careers(careers_raw, teams);
  report.problems = careers.problems;
  auto rows = career_rows(careers.items, careers_raw);
  // Written in slices so a long import shows progress and each slice commits on its own.
  constexpr std::size_t kSlice = 50;
  for (std::size_t start = 0; start < rows.size(); start += kSlice) {
    std::vector<store::CareerRow> slice(
        rows.begin() + static_cast<std::ptrdiff_t>(start),
        rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), start + kSlice)));
    auto counts = store.upsert_nfl({}, slice);
    report.counts.careers_added += counts.careers_added;
    report.counts.careers_updated += counts.careers_updated;
    report.counts.unchanged += counts.unchanged;
    if (progress) progress(std::min(rows.size(), start + kSlice), rows.size());
  }
  return report;
}

std::shared_ptr<const domain::Catalog> load_catalog(store::Store& store,
                                                    const std::string& data_dir) {
  auto teams = stored_teams(store);
  json careers_raw = json::array();
  for (const auto& row : store.load_careers()) careers_raw.push_back(json::parse(row.career_json));
  auto careers = domain::parse_careers(careers_raw, teams);
  auto players_path = (std::filesystem::path(data_dir) / "players.json").string();
  auto index = domain::parse_player_index(read_json_file(players_path));
  return domain::Catalog::build(std::move(teams), std::move(careers.items), std::move(index.items));
}

}  // namespace jm
