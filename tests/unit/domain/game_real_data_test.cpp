#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/game/engine.hpp"
#include "domain/game/parse.hpp"
#include "domain/game/view.hpp"
#include "domain/names/normalise.hpp"
#include "domain_test_support.hpp"

namespace jm::domain {
namespace {

using testing::real_catalog;

constexpr std::int64_t kDay = DailySchedule::kFirstDay + 400;  // 2026-02-05
constexpr std::int64_t kNow = kDay * kMsPerDay + 9 * 3600000;

TEST(DomainParse, RealDataLoadsClean) {
  const auto& load = testing::real_load();
  EXPECT_TRUE(load.team_problems.empty());
  EXPECT_TRUE(load.career_problems.empty());
  EXPECT_TRUE(load.index_problems.empty());
  const auto& cat = real_catalog();
  EXPECT_EQ(cat.careers().size(), 142u);
  EXPECT_EQ(cat.teams().size(), 32u);
  EXPECT_GT(cat.index().size(), 8000u);
  const Career& smith = cat.careers()[*cat.find_career("Steve Smith Sr.")];
  ASSERT_TRUE(smith.draft.has_value());
  EXPECT_EQ(smith.draft->year, 2001);  // filled in after compilation (README, known doubts)
  EXPECT_EQ(smith.draft->pick, 74);
  EXPECT_EQ(cat.find_career("Pierre Garcon"), cat.find_career("Pierre Garçon"));
  // Stat lines come out in the canonical order: games first.
  for (const auto& c : cat.careers())
    for (const auto& s : c.stints) ASSERT_EQ(s.stats.front().first, "games") << c.name;
  const Career& fitz = cat.careers()[*cat.find_career("Ryan Fitzpatrick")];
  std::vector<std::string> keys;
  for (const auto& [k, v] : fitz.stints[0].stats) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"games", "cmp_pct", "pass_yds", "pass_td", "int"}));
}

TEST(DomainParse, ReportsEveryBadRow) {
  const auto teams = parse_teams(testing::small_teams_json()).items;
  auto careers = testing::small_careers_json();
  careers[0]["stints"][1]["from"] = 2004;   // before previous stint ends (2006)
  careers[1]["stints"][0]["team"] = "XXX";  // unknown team
  careers[2]["stints"][0]["to"] = 1999;     // to < from (2001)
  careers[3]["stints"][0]["from"] = 1900;   // out of range
  careers.push_back(
      {{"name", "No Stints"}, {"position", "QB"}, {"stints", nlohmann::json::array()}});
  careers.push_back(careers[0]);  // duplicate name (also carries the stint order problem)
  careers.push_back(42);
  const auto p = parse_careers(careers, teams);
  EXPECT_TRUE(p.items.empty());
  std::vector<std::string> fields;
  for (const auto& pr : p.problems) fields.push_back(std::to_string(pr.row) + ":" + pr.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"0:stints[1].from", "1:stints[0].team",
                                              "2:stints[0].to", "3:stints[0].from", "4:stints",
                                              "5:stints[1].from", "5:name", "6:"}));
  EXPECT_EQ(p.problems[0].name, "Ryan Fitzpatrick");
  EXPECT_NE(p.problems[1].message.find("XXX"), std::string::npos);

  const auto idx = parse_player_index(nlohmann::json::parse(
      R"([{"name":"A B","from":2000,"to":null},{"name":"C D","from":2005,"to":2001},
          {"name":"","from":2000,"to":2001},{"name":"E F","from":"1999"},{"name":"G H","from":2101}])"));
  EXPECT_EQ(idx.items.size(), 1u);
  EXPECT_EQ(idx.problems.size(), 4u);
  EXPECT_FALSE(parse_teams(nlohmann::json::object()).ok());
}

// Serialises the view of a playing round and checks that nothing names the answer.
void expect_no_leak(const GameState& s, const Catalog& cat) {
  const RoundState& r = s.round();
  ASSERT_EQ(r.status, RoundStatus::playing);
  const Career& c = cat.careers()[r.career];
  const std::string body = to_json(make_view(s, cat).value()).dump();
  EXPECT_EQ(body.find(c.name), std::string::npos) << c.name;
  // Surname as a whole word, unless it is also part of a team's name ("Washington", "Brown").
  const std::string surname = c.name.substr(c.name.find(' ') + 1);
  bool in_team_name = false;
  for (const auto& st : c.stints) in_team_name |= st.team_name.find(surname) != std::string::npos;
  if (!in_team_name) {
    const std::regex word(
        "\\b" + std::regex_replace(surname, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
        "\\b");
    EXPECT_FALSE(std::regex_search(body, word)) << c.name;
  }
  const bool initials_hinted = r.hints_shown > static_cast<int>(HintKind::initials);
  if (!initials_hinted) {
    EXPECT_EQ(body.find(initials_of(c.name)), std::string::npos) << c.name;
  }
  EXPECT_EQ(body.find("stats"), std::string::npos);
  EXPECT_EQ(body.find("accolades"), std::string::npos);
}

TEST(GameNoLeak, EveryCareerEveryModeWhilePlaying) {
  const auto& cat = real_catalog();
  std::mt19937_64 rng(2024);
  for (const Mode mode : {Mode::easy, Mode::challenge, Mode::practice}) {
    // 142 careers in rounds of 10: every career is played once in some game.
    for (int game = 0; game < 40; ++game) {
      GameState s = start_game(cat, {.mode = mode, .rounds = 10}, kNow, rng).value();
      for (std::size_t round = 0; round < s.rounds.size(); ++round) {
        expect_no_leak(s, cat);
        s = guess(s, cat, "Nobody Atall", kNow)->state;
        expect_no_leak(s, cat);
        for (int h = 0; h < 3; ++h) {  // position, college, draft: still no name
          auto hr = hint(s, cat, kNow);
          ASSERT_TRUE(hr.ok());
          s = hr->state;
          expect_no_leak(s, cat);
        }
        s = give_up(s, kNow).value();
        if (round + 1 < s.rounds.size()) s = next_round(s, kNow).value();
      }
    }
  }
}

TEST(GameNoLeak, DailyAllHintsButInitials) {
  const auto& cat = real_catalog();
  std::mt19937_64 rng(1);
  for (int day = 0; day < 142; ++day) {
    const std::int64_t now = (DailySchedule::kFirstDay + day) * kMsPerDay + 1000;
    GameState s = start_game(cat, {.mode = Mode::daily, .max_guesses = 20}, now, rng).value();
    expect_no_leak(s, cat);
    for (int i = 0; i < 19; ++i) {
      auto g = guess(s, cat, "Nobody Atall", now);
      ASSERT_TRUE(g.ok());
      s = g->state;
      if (s.round().hints_shown >= static_cast<int>(HintKind::initials)) break;
      expect_no_leak(s, cat);
    }
    // Only the initials hint may put the initials in the body.
    if (s.round().status == RoundStatus::playing &&
        s.round().hints_shown == static_cast<int>(HintKind::initials)) {
      s = hint(s, cat, now)->state;
      const auto body = to_json(make_view(s, cat).value()).dump();
      EXPECT_NE(body.find(initials_of(s.round().career_name)), std::string::npos);
    }
  }
}

TEST(GameRealData, EveryModeToTheEnd) {
  const auto& cat = real_catalog();
  std::mt19937_64 rng(77);
  for (const Mode mode : {Mode::easy, Mode::challenge, Mode::daily, Mode::practice}) {
    GameState s = start_game(cat, {.mode = mode}, kNow, rng).value();
    EXPECT_EQ(s.rounds.size(), mode == Mode::daily ? 1u : 5u);
    std::int64_t t = kNow;
    for (std::size_t round = 0; round < s.rounds.size(); ++round) {
      const Career& c = cat.careers()[s.round().career];
      s = guess(s, cat, "Brett Favre", t += 2000)->state;  // a real index name, not an answer
      // Typed the lazy way: no accents, no apostrophes, no suffix, lower case.
      auto g = guess(s, cat, names::normalise_name(c.name), t += 2000);
      ASSERT_TRUE(g.ok());
      EXPECT_EQ(g->verdict, Verdict::correct) << c.name;
      s = g->state;
      if (round + 1 < s.rounds.size()) s = next_round(s, t).value();
    }
    const auto f = finish(s, cat, t, "https://journeyman.example/").value();
    EXPECT_EQ(f.result.solved, static_cast<int>(s.rounds.size()));
    EXPECT_GT(f.result.score, 0);
    for (const auto& sum : f.result.summaries)
      EXPECT_EQ(f.result.share_text.find(sum.career_name), std::string::npos);
    EXPECT_EQ(finish(f.state, cat, t + 5000)->result, f.result);
  }
}

TEST(GameStateJson, RoundTripThroughEveryPhase) {
  const auto& cat = real_catalog();
  std::mt19937_64 rng(5);
  const auto round_trip = [&](const GameState& s) {
    const nlohmann::json j = to_json(s);
    const auto back = game_state_from_json(nlohmann::json::parse(j.dump()));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, s);
    EXPECT_EQ(to_json(*back), j);
  };
  GameState s = start_game(cat, {.mode = Mode::challenge, .rounds = 2}, kNow, rng).value();
  round_trip(s);
  s = guess(s, cat, "Smith", kNow + 1)->state;  // ambiguous
  s = guess(s, cat, "Ryan Fitzpatrick Jr", kNow + 2)->state;
  s = hint(s, cat, kNow + 3)->state;
  round_trip(s);
  s = give_up(s, kNow + 4).value();
  s = next_round(s, kNow + 5).value();
  round_trip(s);
  const auto f = finish(s, cat, kNow + 6).value();
  round_trip(f.state);
  GameState d = start_game(cat, {.mode = Mode::daily, .date = "2025-06-01"}, kNow, rng).value();
  round_trip(d);
  // A game continued from its JSON behaves exactly like the original.
  const auto restored = game_state_from_json(to_json(d)).value();
  EXPECT_EQ(guess(restored, cat, "Josh McCown", kNow)->state,
            guess(d, cat, "Josh McCown", kNow)->state);
  EXPECT_FALSE(game_state_from_json(nlohmann::json::object()).has_value());
  EXPECT_FALSE(game_state_from_json(nlohmann::json::parse(R"({"v":1,"id":3})")).has_value());
  auto bad = to_json(d);
  bad["rounds"][0]["status"] = "bogus";
  EXPECT_FALSE(game_state_from_json(bad).has_value());
}

}  // namespace
}  // namespace jm::domain
