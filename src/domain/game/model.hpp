#pragma once
// The facts a game is built from (data/nfl/README.md describes the source files).
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jm::domain {

// Colours a franchise wore in one era (teams.json colour_eras).
struct ColourEra {
  std::string name;
  std::string code;
  int from = 0;
  std::optional<int> to;
  std::string primary, secondary, trim;
};

struct Team {
  std::string code;  // modern franchise code, e.g. "LV" for the Raiders in every era
  std::string name, city, nickname, conference, division;
  std::vector<std::string> former_names;
  std::string primary, secondary, trim;
  std::vector<ColourEra> colour_eras;

  // The colours in use in `season` (current colours when no era covers it).
  std::pair<std::string, std::string> colours_in(int season) const;
};

// Key → figure in a stable display order (see parse.cpp: canonical stat order, then the rest
// in source order), so every consumer lists a stat line the same way.
using StatLine = std::vector<std::pair<std::string, double>>;

struct Stint {
  std::string team;       // franchise code
  std::string team_name;  // name at the time, e.g. "St. Louis Rams"
  int from = 0;
  int to = 0;
  std::optional<int> number;
  StatLine stats;
  std::vector<std::pair<std::string, int>> awards;  // kind → count
};

struct Draft {
  std::optional<int> year;  // the source lacks it for a few players
  int round = 0;
  int pick = 0;  // overall pick
};

struct Career {
  std::string name;
  std::string position;
  std::string college;
  std::string height;  // "6-2"
  std::optional<int> height_in;
  std::optional<Draft> draft;  // nullopt: undrafted
  std::vector<std::string> accolades;
  std::vector<Stint> stints;  // chronological

  int first_season() const { return stints.empty() ? 0 : stints.front().from; }
  int last_season() const;
};

struct PlayerIndexEntry {
  std::string name;
  int from = 0;
  std::optional<int> to;  // nullopt: still active
};

// One rejected or doubtful input row.
struct ImportProblem {
  std::size_t row = 0;  // 0-based position in the input array
  std::string name;     // the row's name/code when it has one
  std::string field;    // e.g. "stints[2].from"
  std::string message;
};

template <class T>
struct Parsed {
  std::vector<T> items;  // rows without problems, in input order
  std::vector<ImportProblem> problems;
  bool ok() const { return problems.empty(); }
};

inline constexpr int kMinSeason = 1920;
inline constexpr int kMaxSeason = 2100;

}  // namespace jm::domain
