#include <algorithm>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/game/engine.hpp"
#include "domain/game/view.hpp"
#include "domain_test_support.hpp"

namespace jm::domain {
namespace {

constexpr std::int64_t kNoon2026 = (20454 + 0) * kMsPerDay + kMsPerDay / 2;  // 2026-01-01 12:00

class GameEngine : public ::testing::Test {
 protected:
  std::shared_ptr<const Catalog> cat_ = testing::small_catalog();
  std::mt19937_64 rng_{42};

  GameState start(StartOptions o, std::int64_t now = kNoon2026) {
    auto r = start_game(*cat_, o, now, rng_);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : error_code(r.error()));
    return r.value();
  }
  const Career& answer(const GameState& s) { return cat_->careers()[s.round().career]; }
  GameView view(const GameState& s) { return make_view(s, *cat_).value(); }
};

TEST_F(GameEngine, EasyWholeGame) {
  GameState s = start({.mode = Mode::easy, .rounds = 3});
  EXPECT_EQ(s.rounds.size(), 3u);
  EXPECT_EQ(s.id.size(), 36u);
  std::set<std::size_t> careers;
  for (const auto& r : s.rounds) careers.insert(r.career);
  EXPECT_EQ(careers.size(), 3u);  // never the same career twice in a game
  std::int64_t t = kNoon2026;
  for (int round = 0; round < 3; ++round) {
    const GameView v = view(s);
    EXPECT_EQ(v.round.status, RoundStatus::playing);
    EXPECT_EQ(v.round.teams.size(), answer(s).stints.size());  // all teams from the start
    for (std::size_t k = 0; k < v.round.teams.size(); ++k) {
      EXPECT_EQ(v.round.teams[k].code, answer(s).stints[k].team);  // career order
      EXPECT_EQ(v.round.teams[k].from, answer(s).stints[k].from);
    }
    auto g = guess(s, *cat_, "Josh McCown", t += 5000);
    ASSERT_TRUE(g.ok());
    EXPECT_EQ(g->verdict, Verdict::wrong);
    EXPECT_EQ(view(g->state).round.teams.size(), answer(s).stints.size());
    EXPECT_EQ(next_round(g->state, t).error(), GameError::round_in_progress);
    auto ok = guess(g->state, *cat_, answer(s).name, t += 5000);
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->verdict, Verdict::correct);
    s = ok->state;
    EXPECT_EQ(s.round().status, RoundStatus::solved);
    EXPECT_EQ(s.round().points, 900);  // one miss, 10 s
    EXPECT_EQ(guess(s, *cat_, "x y", t).error(), GameError::round_over);
    EXPECT_EQ(hint(s, *cat_, t).error(), GameError::round_over);
    EXPECT_EQ(give_up(s, t).error(), GameError::round_over);
    if (round < 2) s = next_round(s, t).value();
  }
  EXPECT_EQ(next_round(s, t).error(), GameError::no_more_rounds);
  auto f = finish(s, *cat_, t += 1000);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->result.score, 2700);
  EXPECT_EQ(f->result.solved, 3);
  EXPECT_EQ(f->result.rounds, 3);
  EXPECT_EQ(f->result.duration_seconds, 31);
  EXPECT_EQ(f->result.share_text,
            "Journeyman easy 🏈 3/3 · 2700 pts\n🟥🟩\n🟥🟩\n🟥🟩");
  // Idempotent: the same result again, later.
  auto again = finish(f->state, *cat_, t + 99999, "https://other/");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->result, f->result);
  EXPECT_EQ(again->state, f->state);
  EXPECT_EQ(guess(f->state, *cat_, "a b", t).error(), GameError::game_finished);
  EXPECT_EQ(next_round(f->state, t).error(), GameError::game_finished);
  EXPECT_EQ(hint(f->state, *cat_, t).error(), GameError::game_finished);
  EXPECT_EQ(view(f->state).finished, true);
}

TEST_F(GameEngine, ChallengeShufflesAndHidesYears) {
  GameState s = start({.mode = Mode::challenge, .rounds = 4});
  for (const auto& r : s.rounds) {
    std::vector<std::size_t> sorted = r.order;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t k = 0; k < sorted.size(); ++k) EXPECT_EQ(sorted[k], k);  // a permutation
  }
  const auto v = view(s);
  for (const auto& t : v.round.teams) {
    EXPECT_FALSE(t.from.has_value());
    EXPECT_FALSE(t.to.has_value());
    EXPECT_TRUE(t.number.has_value());
  }
  // Different seeds give different orders for the five-stint career.
  const std::size_t fitz = *cat_->find_career("Ryan Fitzpatrick");
  std::set<std::vector<std::size_t>> orders;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    std::mt19937_64 rng(seed);
    auto g = start_game(*cat_, {.mode = Mode::challenge, .rounds = 4}, kNoon2026, rng).value();
    for (const auto& r : g.rounds)
      if (r.career == fitz) orders.insert(r.order);
  }
  EXPECT_GT(orders.size(), 5u);
}

TEST_F(GameEngine, DailyRevealsTeamsThenHints) {
  GameState s = start({.mode = Mode::daily, .max_guesses = 10});
  ASSERT_EQ(s.rounds.size(), 1u);
  EXPECT_EQ(s.date, "2026-01-01");
  EXPECT_EQ(s.puzzle_number, 366);
  EXPECT_FALSE(s.archive);
  const DailySchedule schedule(cat_->careers().size());
  EXPECT_EQ(s.round().career, schedule.career_for_number(366));
  // Same day, other instance, other rng: same puzzle.
  std::mt19937_64 other(999);
  EXPECT_EQ(start_game(*cat_, {.mode = Mode::daily}, kNoon2026 + 3600000, other)->round().career,
            s.round().career);

  const int total = static_cast<int>(answer(s).stints.size());
  EXPECT_EQ(view(s).round.teams.size(), 1u);
  EXPECT_EQ(view(s).round.teams_total, total);
  std::int64_t t = kNoon2026;
  // An ambiguous guess costs nothing and reveals nothing.
  auto a = guess(s, *cat_, "Smith", t);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->verdict, Verdict::ambiguous);
  EXPECT_EQ(view(a->state).round.teams.size(), 1u);
  EXPECT_EQ(view(a->state).round.guesses_left, 10);
  s = a->state;
  for (int miss = 1; miss < total; ++miss) {
    s = guess(s, *cat_, "Nobody Atall", t += 1000)->state;
    EXPECT_EQ(view(s).round.teams.size(), static_cast<std::size_t>(miss + 1));
    EXPECT_TRUE(view(s).round.hints.empty());
  }
  // All teams shown: the next miss reveals the first rung of the ladder, free of hint cost.
  s = guess(s, *cat_, "Nobody Atall", t += 1000)->state;
  ASSERT_EQ(view(s).round.hints.size(), 1u);
  EXPECT_EQ(view(s).round.hints[0].kind, HintKind::position);
  EXPECT_EQ(s.round().hints_requested, 0);
  // An explicit hint takes the next rung.
  auto h = hint(s, *cat_, t);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->hint.kind, HintKind::college);
  EXPECT_EQ(h->hint.value, answer(s).college);
  s = h->state;
  s = guess(s, *cat_, answer(s).name, t += 1000)->state;
  EXPECT_EQ(s.round().status, RoundStatus::solved);
  const int misses = total;
  EXPECT_EQ(s.round().points, std::max(100, 1000 - 100 * (total - 1) - 150 - 100 * misses));
  auto f = finish(s, *cat_, t, "https://journeyman.example/");
  ASSERT_TRUE(f.ok());
  std::string trail;
  for (int i = 0; i < misses; ++i) trail += "🟥";
  EXPECT_EQ(f->result.share_text, "Journeyman #366 🏈 " + std::to_string(total) + "/" +
                                      std::to_string(total) + " teams\n" + trail +
                                      "🟩\nhttps://journeyman.example/");
}

TEST_F(GameEngine, DailyArchiveAndDateValidation) {
  auto s = start({.mode = Mode::daily, .date = "2025-01-01"});
  EXPECT_TRUE(s.archive);
  EXPECT_EQ(s.puzzle_number, 1);
  EXPECT_EQ(s.date, "2025-01-01");
  const auto err = [&](StartOptions o) { return start_game(*cat_, o, kNoon2026, rng_).error(); };
  EXPECT_EQ(err({.mode = Mode::daily, .date = "2026-01-02"}), GameError::invalid_date);  // future
  EXPECT_EQ(err({.mode = Mode::daily, .date = "2024-12-31"}), GameError::invalid_date);
  EXPECT_EQ(err({.mode = Mode::daily, .date = "yesterday"}), GameError::invalid_date);
  EXPECT_EQ(err({.mode = Mode::easy, .date = "2025-01-01"}), GameError::invalid_date);
  EXPECT_EQ(err({.mode = Mode::easy, .rounds = 0}), GameError::invalid_rounds);
  EXPECT_EQ(err({.mode = Mode::easy, .rounds = 11}), GameError::invalid_rounds);
  EXPECT_EQ(err({.mode = Mode::easy, .max_guesses = 0}), GameError::invalid_max_guesses);
  EXPECT_EQ(http_status(GameError::invalid_rounds), 400);
  EXPECT_EQ(error_field(GameError::invalid_date), "date");
  EXPECT_EQ(http_status(GameError::round_over), 409);
}

TEST_F(GameEngine, PracticeGuessLimitGiveUpAndEarlyFinish) {
  GameState s = start({.mode = Mode::practice, .rounds = 10, .max_guesses = 2});
  EXPECT_EQ(s.rounds.size(), 4u);  // capped at the pool size: no career twice
  std::int64_t t = kNoon2026;
  EXPECT_EQ(guess(s, *cat_, "  '. ", t).error(), GameError::invalid_guess);
  EXPECT_EQ(guess(s, *cat_, std::string(201, 'a'), t).error(), GameError::invalid_guess);
  s = guess(s, *cat_, "Josh McCown", t)->state;
  EXPECT_EQ(view(s).round.guesses_left, 1);
  s = guess(s, *cat_, "Alex Smith", t)->state;
  EXPECT_EQ(s.round().status, RoundStatus::failed);  // the limit is enforced
  EXPECT_EQ(view(s).round.points, 0);
  ASSERT_TRUE(view(s).round.answer.has_value());
  s = next_round(s, t).value();
  s = give_up(s, t).value();
  EXPECT_EQ(s.round().status, RoundStatus::failed);
  s = next_round(s, t).value();
  // Hints: all four, then none left; each explicit one costs 150.
  for (int k = 0; k < kHintKinds; ++k) {
    auto h = hint(s, *cat_, t);
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(h->hint.kind, static_cast<HintKind>(k));
    s = h->state;
  }
  EXPECT_EQ(hint(s, *cat_, t).error(), GameError::no_hints_left);
  EXPECT_EQ(view(s).round.hints_left, 0);
  s = guess(s, *cat_, answer(s).name, t)->state;
  EXPECT_EQ(s.round().points, 400);
  s = next_round(s, t).value();
  // Finishing mid-round gives that round up; the game ends with one round solved.
  auto f = finish(s, *cat_, t);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->result.solved, 1);
  EXPECT_EQ(f->result.score, 400);
  EXPECT_EQ(f->state.round().status, RoundStatus::failed);
  EXPECT_EQ(f->result.share_text,
            "Journeyman practice 🏈 1/4 · 400 pts\n🟥🟥\n🏳\n🟩\n🏳");
}

TEST_F(GameEngine, HintValues) {
  const Career& fitz = cat_->careers()[*cat_->find_career("Ryan Fitzpatrick")];
  EXPECT_EQ(make_hint(fitz, HintKind::position).value, "QB");
  EXPECT_EQ(make_hint(fitz, HintKind::college).value, "Harvard");
  EXPECT_EQ(make_hint(fitz, HintKind::draft).value, "2005 · round 7 · pick 250");
  EXPECT_EQ(make_hint(fitz, HintKind::initials).value, "R.F.");
  const Career& smith = cat_->careers()[*cat_->find_career("Steve Smith Sr.")];
  EXPECT_EQ(make_hint(smith, HintKind::draft).value, "round 3 · pick 74");
  EXPECT_EQ(make_hint(smith, HintKind::initials).value, "S.S.");
  const Career& bell = cat_->careers()[*cat_->find_career("Le'Veon Bell")];
  EXPECT_EQ(make_hint(bell, HintKind::draft).value, "Undrafted");
  EXPECT_EQ(initials_of("Pierre Garçon"), "P.G.");
  EXPECT_EQ(initials_of("C.J. Anderson"), "C.A.");
  EXPECT_EQ(initials_of("'Omar Ellison"), "O.E.");
  EXPECT_EQ(initials_of("Émile Zola"), "É.Z.");
}

TEST_F(GameEngine, ViewJsonMatchesContract) {
  GameState s = start({.mode = Mode::daily});
  const nlohmann::json j = to_json(view(s));
  for (const char* k : {"gameId", "mode", "status", "puzzleNumber", "date", "archive", "roundIndex",
                        "roundCount", "score", "maxGuesses", "round"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j.size(), 11u);
  EXPECT_EQ(j["status"], "active");
  EXPECT_EQ(j["mode"], "daily");
  const auto& r = j["round"];
  for (const char* k : {"index", "status", "teams", "teamsTotal", "hints", "hintsLeft", "guesses",
                        "guessesLeft", "points", "answer"})
    EXPECT_TRUE(r.contains(k)) << k;
  EXPECT_EQ(r.size(), 10u);
  EXPECT_EQ(r["status"], "playing");
  EXPECT_TRUE(r["points"].is_null());
  EXPECT_TRUE(r["answer"].is_null());
  EXPECT_EQ(r["hintsLeft"], 4);
  EXPECT_EQ(r["guessesLeft"], 6);
  const auto& team = r["teams"][0];
  for (const char* k : {"code", "name", "from", "to", "number", "primary", "secondary"})
    EXPECT_TRUE(team.contains(k)) << k;
  // Over: points and answer appear in the Career shape.
  s = give_up(s, kNoon2026).value();
  const nlohmann::json over = to_json(view(s));
  EXPECT_EQ(over["round"]["status"], "failed");
  EXPECT_EQ(over["round"]["points"], 0);
  const auto& ans = over["round"]["answer"];
  for (const char* k : {"name", "position", "college", "draft", "accolades", "stints"})
    EXPECT_TRUE(ans.contains(k)) << k;
  EXPECT_TRUE(ans["stints"][0].contains("stats"));
  EXPECT_EQ(ans["stints"][0]["stats"]["games"], 16);
  auto f = finish(s, *cat_, kNoon2026).value();
  const auto res = result_to_api_json(f.result, Streak{3, 5});
  EXPECT_EQ(res["streak"]["current"], 3);
  for (const char* k : {"score", "solved", "rounds", "durationSeconds", "shareText", "streak"})
    EXPECT_TRUE(res.contains(k)) << k;
  EXPECT_EQ(res.size(), 6u);
  EXPECT_EQ(to_json(view(f.state))["status"], "finished");
}

TEST_F(GameEngine, TeamColoursFollowTheEra) {
  GameState s = start({.mode = Mode::easy, .rounds = 4});
  while (answer(s).name != "Ryan Fitzpatrick") s = next_round(give_up(s, 0).value(), 0).value();
  const auto v = view(s);
  EXPECT_EQ(v.round.teams[0].name, "St. Louis Rams");
  EXPECT_EQ(v.round.teams[0].primary, "#002244");  // St. Louis era colours, not today's
  EXPECT_EQ(v.round.teams[1].primary, "#00338D");  // no eras listed: current colours
}

}  // namespace
}  // namespace jm::domain
