#pragma once
// Shared fixtures: a hand-made catalogue small enough to reason about, and the real data set
// (tests may read files; the domain may not).
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/game/catalog.hpp"

namespace jm::domain::testing {

inline nlohmann::json read_json(const std::string& relative) {
  std::ifstream in(std::string(JM_SOURCE_DIR) + "/" + relative);
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str());
}

inline const CatalogLoad& real_load() {
  static const CatalogLoad load =
      load_catalog(read_json("data/nfl/teams.json"), read_json("data/nfl/careers.json"),
                   read_json("data/nfl/players.json"));
  return load;
}

inline const Catalog& real_catalog() {
  return *real_load().catalog;
}

inline nlohmann::json small_teams_json() {
  return nlohmann::json::parse(R"([
    {"code":"BUF","name":"Buffalo Bills","primary":"#00338D","secondary":"#C60C30","trim":"#FFF"},
    {"code":"LAR","name":"Los Angeles Rams","primary":"#003594","secondary":"#FFA300","trim":"#FFF",
     "colour_eras":[{"name":"St. Louis Rams","code":"STL","from":1995,"to":2015,
                     "primary":"#002244","secondary":"#B3995D","trim":"#FFF"},
                    {"name":"Los Angeles Rams","code":"LAR","from":2016,"to":null,
                     "primary":"#003594","secondary":"#FFA300","trim":"#FFF"}]},
    {"code":"NYJ","name":"New York Jets","primary":"#125740","secondary":"#FFFFFF","trim":"#000"},
    {"code":"TEN","name":"Tennessee Titans","primary":"#0C2340","secondary":"#4B92DB","trim":"#C8102E"},
    {"code":"WAS","name":"Washington Commanders","primary":"#5A1414","secondary":"#FFB612","trim":"#FFF"}
  ])");
}

inline nlohmann::json stint(const char* team, const char* name, int from, int to, int number) {
  return {{"team", team},
          {"team_name", name},
          {"from", from},
          {"to", to},
          {"number", number},
          {"stats", {{"games", 16}, {"pass_yds", 3000}}},
          {"awards", nlohmann::json::object()}};
}

inline nlohmann::json small_careers_json() {
  using nlohmann::json;
  json c = json::array();
  c.push_back({{"name", "Ryan Fitzpatrick"},
               {"position", "QB"},
               {"college", "Harvard"},
               {"height", "6-2"},
               {"height_in", 74},
               {"draft", {{"year", 2005}, {"round", 7}, {"pick", 250}}},
               {"accolades", json::array()},
               {"stints",
                {stint("LAR", "St. Louis Rams", 2005, 2006, 14),
                 stint("BUF", "Buffalo Bills", 2009, 2012, 14),
                 stint("TEN", "Tennessee Titans", 2013, 2013, 4),
                 stint("NYJ", "New York Jets", 2015, 2016, 14),
                 stint("WAS", "Washington Football Team", 2021, 2021, 14)}}});
  c.push_back({{"name", "Pierre Garçon"},
               {"position", "WR"},
               {"college", "Mount Union"},
               {"height", "6-0"},
               {"draft", {{"year", 2008}, {"round", 6}, {"pick", 205}}},
               {"accolades", json::array()},
               {"stints",
                {stint("TEN", "Tennessee Titans", 2008, 2011, 85),
                 stint("WAS", "Washington Redskins", 2012, 2016, 88)}}});
  c.push_back({{"name", "Steve Smith Sr."},
               {"position", "WR"},
               {"college", "Utah"},
               {"height", "5-9"},
               {"draft", {{"year", nullptr}, {"round", 3}, {"pick", 74}}},
               {"accolades", {"5x Pro Bowl"}},
               {"stints",
                {stint("BUF", "Buffalo Bills", 2001, 2013, 89),
                 stint("NYJ", "New York Jets", 2014, 2016, 89)}}});
  c.push_back({{"name", "Le'Veon Bell"},
               {"position", "RB"},
               {"college", "Michigan State"},
               {"height", "6-1"},
               {"draft", nullptr},
               {"accolades", json::array()},
               {"stints",
                {stint("NYJ", "New York Jets", 2019, 2020, 26),
                 stint("BUF", "Buffalo Bills", 2020, 2021, 26),
                 stint("TEN", "Tennessee Titans", 2021, 2021, 26)}}});
  return c;
}

inline nlohmann::json small_players_json() {
  return nlohmann::json::parse(R"([
    {"name":"Ryan Fitzpatrick","from":2005,"to":2021},
    {"name":"Dez Fitzpatrick","from":2021,"to":2024},
    {"name":"Pierre Garcon","from":2008,"to":2017},
    {"name":"Steve Smith","from":2001,"to":2016},
    {"name":"Alex Smith","from":2005,"to":2020},
    {"name":"Josh McCown","from":2002,"to":2020},
    {"name":"Le'Veon Bell","from":2013,"to":2021}
  ])");
}

inline std::shared_ptr<const Catalog> small_catalog() {
  auto load = load_catalog(small_teams_json(), small_careers_json(), small_players_json());
  EXPECT_TRUE(load.ok());
  return load.catalog;
}

}  // namespace jm::domain::testing
