#include "domain/game/parse.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <unordered_set>

namespace jm::domain {
namespace {

using nlohmann::json;

// Canonical order of the five-figure stat lines (data/nfl/README.md); "int" sits where both the
// passer line (after pass_td) and the defender line (after sacks) expect it.
constexpr std::array<std::string_view, 20> kStatOrder = {
    "games",          "cmp_pct",      "pass_yds", "pass_td", "rush_att",
    "rush_yds",       "yds_per_rush", "rush_td",  "rec",     "rec_yds",
    "yds_per_rec",    "rec_td",       "tackles",  "sacks",   "int",
    "forced_fumbles", "fgm",          "fga",      "fg_pct",  "points"};

std::size_t stat_rank(std::string_view key) {
  const auto it = std::find(kStatOrder.begin(), kStatOrder.end(), key);
  return static_cast<std::size_t>(it - kStatOrder.begin());
}

// Collects problems for one row; the row is kept only when it recorded none.
class Row {
 public:
  Row(std::vector<ImportProblem>& out, std::size_t index, const json& j)
      : out_(out), index_(index) {
    if (j.is_object()) {
      if (const auto it = j.find("name"); it != j.end() && it->is_string())
        name_ = *it;
      else if (const auto c = j.find("code"); c != j.end() && c->is_string())
        name_ = *c;
    }
  }
  void fail(std::string field, std::string message) {
    out_.push_back({index_, name_, std::move(field), std::move(message)});
    ok_ = false;
  }
  bool ok() const { return ok_; }

  std::optional<std::string> str(const json& obj, const char* key, const std::string& field,
                                 bool required = true) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
      if (required) fail(field, "missing");
      return std::nullopt;
    }
    if (!it->is_string()) {
      fail(field, "must be a string");
      return std::nullopt;
    }
    return it->get<std::string>();
  }
  // Absent/null → nullopt without complaint unless required.
  std::optional<int> integer(const json& obj, const char* key, const std::string& field,
                             bool required) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
      if (required) fail(field, "missing");
      return std::nullopt;
    }
    if (!it->is_number_integer()) {
      fail(field, "must be an integer");
      return std::nullopt;
    }
    return it->get<int>();
  }
  std::optional<int> season(const json& obj, const char* key, const std::string& field,
                            bool required) {
    auto y = integer(obj, key, field, required);
    if (y && (*y < kMinSeason || *y > kMaxSeason)) {
      fail(field, "season " + std::to_string(*y) + " outside " + std::to_string(kMinSeason) + "–" +
                      std::to_string(kMaxSeason));
      return std::nullopt;
    }
    return y;
  }
  std::vector<std::string> strings(const json& obj, const char* key, const std::string& field) {
    std::vector<std::string> v;
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return v;
    if (!it->is_array()) {
      fail(field, "must be an array");
      return v;
    }
    for (const auto& s : *it) {
      if (s.is_string())
        v.push_back(s.get<std::string>());
      else
        fail(field, "must hold strings");
    }
    return v;
  }

 private:
  std::vector<ImportProblem>& out_;
  std::size_t index_;
  std::string name_;
  bool ok_ = true;
};

template <class T>
bool require_array(const json& j, Parsed<T>& p) {
  if (j.is_array()) return true;
  p.problems.push_back({0, "", "", "expected a JSON array"});
  return false;
}

StatLine parse_stats(Row& row, const json& obj, const std::string& field) {
  StatLine line;
  if (obj.is_null()) return line;
  if (!obj.is_object()) {
    row.fail(field, "must be an object");
    return line;
  }
  for (const auto& [k, v] : obj.items()) {
    if (!v.is_number()) {
      row.fail(field + "." + k, "must be a number");
      continue;
    }
    line.emplace_back(k, v.get<double>());
  }
  std::stable_sort(line.begin(), line.end(), [](const auto& a, const auto& b) {
    return stat_rank(a.first) < stat_rank(b.first);
  });
  return line;
}

std::optional<Stint> parse_stint(Row& row, const json& s, const std::string& f,
                                 const std::unordered_set<std::string>& codes) {
  if (!s.is_object()) {
    row.fail(f, "must be an object");
    return std::nullopt;
  }
  Stint st;
  const auto team = row.str(s, "team", f + ".team");
  const auto team_name = row.str(s, "team_name", f + ".team_name");
  const auto from = row.season(s, "from", f + ".from", true);
  const auto to = row.season(s, "to", f + ".to", true);
  st.number = row.integer(s, "number", f + ".number", false);
  if (team && !codes.contains(*team)) row.fail(f + ".team", "unknown team code \"" + *team + "\"");
  if (from && to && *from > *to) row.fail(f + ".to", "ends before it starts");
  if (!team || !team_name || !from || !to) return std::nullopt;
  st.team = *team;
  st.team_name = *team_name;
  st.from = *from;
  st.to = *to;
  st.stats = parse_stats(row, s.value("stats", json()), f + ".stats");
  if (const auto a = s.find("awards"); a != s.end() && !a->is_null()) {
    if (!a->is_object())
      row.fail(f + ".awards", "must be an object");
    else
      for (const auto& [k, v] : a->items()) {
        if (v.is_number_integer())
          st.awards.emplace_back(k, v.get<int>());
        else
          row.fail(f + ".awards." + k, "must be an integer count");
      }
  }
  return st;
}

}  // namespace

std::pair<std::string, std::string> Team::colours_in(int season) const {
  for (const auto& e : colour_eras)
    if (season >= e.from && (!e.to || season <= *e.to)) return {e.primary, e.secondary};
  return {primary, secondary};
}

int Career::last_season() const {
  int last = 0;
  for (const auto& s : stints) last = std::max(last, s.to);
  return last;
}

Parsed<Team> parse_teams(const json& teams) {
  Parsed<Team> p;
  if (!require_array(teams, p)) return p;
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < teams.size(); ++i) {
    const json& j = teams[i];
    Row row(p.problems, i, j);
    if (!j.is_object()) {
      row.fail("", "must be an object");
      continue;
    }
    Team t;
    t.code = row.str(j, "code", "code").value_or("");
    t.name = row.str(j, "name", "name").value_or("");
    t.city = row.str(j, "city", "city", false).value_or("");
    t.nickname = row.str(j, "nickname", "nickname", false).value_or("");
    t.conference = row.str(j, "conference", "conference", false).value_or("");
    t.division = row.str(j, "division", "division", false).value_or("");
    t.primary = row.str(j, "primary", "primary", false).value_or("");
    t.secondary = row.str(j, "secondary", "secondary", false).value_or("");
    t.trim = row.str(j, "trim", "trim", false).value_or("");
    t.former_names = row.strings(j, "former_names", "former_names");
    if (const auto e = j.find("colour_eras"); e != j.end() && e->is_array()) {
      for (std::size_t k = 0; k < e->size(); ++k) {
        const json& ej = (*e)[k];
        const std::string f = "colour_eras[" + std::to_string(k) + "]";
        if (!ej.is_object()) {
          row.fail(f, "must be an object");
          continue;
        }
        ColourEra era;
        era.name = row.str(ej, "name", f + ".name", false).value_or("");
        era.code = row.str(ej, "code", f + ".code", false).value_or("");
        era.from = row.season(ej, "from", f + ".from", true).value_or(0);
        era.to = row.season(ej, "to", f + ".to", false);
        era.primary = row.str(ej, "primary", f + ".primary", false).value_or("");
        era.secondary = row.str(ej, "secondary", f + ".secondary", false).value_or("");
        era.trim = row.str(ej, "trim", f + ".trim", false).value_or("");
        t.colour_eras.push_back(std::move(era));
      }
    }
    if (!t.code.empty() && !seen.insert(t.code).second) row.fail("code", "duplicate team code");
    if (row.ok()) p.items.push_back(std::move(t));
  }
  return p;
}

Parsed<Career> parse_careers(const json& careers, std::span<const Team> teams) {
  Parsed<Career> p;
  if (!require_array(careers, p)) return p;
  std::unordered_set<std::string> codes;
  for (const auto& t : teams) codes.insert(t.code);
  std::unordered_set<std::string> names;
  for (std::size_t i = 0; i < careers.size(); ++i) {
    const json& j = careers[i];
    Row row(p.problems, i, j);
    if (!j.is_object()) {
      row.fail("", "must be an object");
      continue;
    }
    Career c;
    c.name = row.str(j, "name", "name").value_or("");
    c.position = row.str(j, "position", "position").value_or("");
    c.college = row.str(j, "college", "college", false).value_or("");
    c.height = row.str(j, "height", "height", false).value_or("");
    c.height_in = row.integer(j, "height_in", "height_in", false);
    c.accolades = row.strings(j, "accolades", "accolades");
    if (const auto d = j.find("draft"); d != j.end() && !d->is_null()) {
      if (!d->is_object()) {
        row.fail("draft", "must be an object or null");
      } else {
        Draft dr;
        dr.year = row.season(*d, "year", "draft.year", false);
        dr.round = row.integer(*d, "round", "draft.round", true).value_or(0);
        dr.pick = row.integer(*d, "pick", "draft.pick", true).value_or(0);
        c.draft = dr;
      }
    }
    const auto st = j.find("stints");
    if (st == j.end() || !st->is_array() || st->empty()) {
      row.fail("stints", "must be a non-empty array");
    } else {
      for (std::size_t k = 0; k < st->size(); ++k) {
        const std::string f = "stints[" + std::to_string(k) + "]";
        auto s = parse_stint(row, (*st)[k], f, codes);
        if (!s) continue;
        if (!c.stints.empty() && s->from < c.stints.back().to)
          row.fail(f + ".from",
                   "starts before the previous stint ends (stints must be chronological)");
        c.stints.push_back(std::move(*s));
      }
    }
    if (!c.name.empty() && !names.insert(c.name).second) row.fail("name", "duplicate career name");
    if (row.ok()) p.items.push_back(std::move(c));
  }
  return p;
}

Parsed<PlayerIndexEntry> parse_player_index(const json& players) {
  Parsed<PlayerIndexEntry> p;
  if (!require_array(players, p)) return p;
  for (std::size_t i = 0; i < players.size(); ++i) {
    const json& j = players[i];
    Row row(p.problems, i, j);
    if (!j.is_object()) {
      row.fail("", "must be an object");
      continue;
    }
    PlayerIndexEntry e;
    e.name = row.str(j, "name", "name").value_or("");
    if (e.name.empty() && row.ok()) row.fail("name", "must not be empty");
    const auto from = row.season(j, "from", "from", true);
    e.to = row.season(j, "to", "to", false);
    if (from && e.to && *from > *e.to) row.fail("to", "ends before it starts");
    e.from = from.value_or(0);
    if (row.ok()) p.items.push_back(std::move(e));
  }
  return p;
}

json career_to_json(const Career& c) {
  json stints = json::array();
  for (const auto& s : c.stints) {
    json stats = json::object();
    for (const auto& [k, v] : s.stats) {
      // Whole figures stay integers in the JSON ("games": 16, not 16.0).
      if (std::floor(v) == v && std::abs(v) < 1e15)
        stats[k] = static_cast<long long>(v);
      else
        stats[k] = v;
    }
    stints.push_back({{"code", s.team},
                      {"name", s.team_name},
                      {"from", s.from},
                      {"to", s.to},
                      {"number", s.number ? json(*s.number) : json(nullptr)},
                      {"stats", std::move(stats)}});
  }
  json draft = nullptr;
  if (c.draft)
    draft = {{"year", c.draft->year ? json(*c.draft->year) : json(nullptr)},
             {"round", c.draft->round},
             {"pick", c.draft->pick}};
  return {{"name", c.name},           {"position", c.position},
          {"college", c.college},     {"draft", std::move(draft)},
          {"accolades", c.accolades}, {"stints", std::move(stints)}};
}

}  // namespace jm::domain
