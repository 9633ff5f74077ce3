#include "domain/game/view.hpp"

#include <nlohmann/json.hpp>

#include "domain/game/parse.hpp"
#include "domain/game/scoring.hpp"

namespace jm::domain {

using nlohmann::json;

namespace {

json opt(const std::optional<int>& v) {
  return v ? json(*v) : json(nullptr);
}

}  // namespace

std::optional<GameView> make_view(const GameState& s, const Catalog& catalog) {
  if (s.current < 0 || s.current >= static_cast<int>(s.rounds.size())) return std::nullopt;
  const RoundState& r = s.round();
  const auto& careers = catalog.careers();
  std::size_t idx = r.career;
  if (idx >= careers.size() || careers[idx].name != r.career_name) {
    const auto found = catalog.find_career(r.career_name);
    if (!found) return std::nullopt;
    idx = *found;
  }
  const Career& c = careers[idx];
  if (r.order.size() != c.stints.size()) return std::nullopt;

  GameView v;
  v.game_id = s.id;
  v.mode = s.mode;
  v.finished = s.finished;
  v.puzzle_number = s.puzzle_number;
  v.date = s.date;
  v.archive = s.archive;
  v.round_index = s.current;
  v.round_count = static_cast<int>(s.rounds.size());
  v.score = s.score();
  v.max_guesses = s.max_guesses;

  RoundView& rv = v.round;
  rv.index = s.current;
  rv.status = r.status;
  const bool over = r.over();
  const std::size_t shown = over ? r.order.size() : static_cast<std::size_t>(r.revealed);
  for (std::size_t k = 0; k < shown && k < r.order.size(); ++k) {
    if (r.order[k] >= c.stints.size()) return std::nullopt;
    const Stint& st = c.stints[r.order[k]];
    TeamCard card;
    card.code = st.team;
    card.name = st.team_name;
    if (s.mode != Mode::challenge) {
      card.from = st.from;
      card.to = st.to;
    }
    card.number = st.number;
    if (const Team* t = catalog.team(st.team)) {
      auto [p, sec] = t->colours_in(st.from);
      card.primary = std::move(p);
      card.secondary = std::move(sec);
    }
    rv.teams.push_back(std::move(card));
  }
  rv.teams_total = static_cast<int>(r.order.size());
  for (int k = 0; k < r.hints_shown && k < kHintKinds; ++k)
    rv.hints.push_back(make_hint(c, static_cast<HintKind>(k)));
  rv.hints_left = over ? 0 : kHintKinds - r.hints_shown;
  for (const auto& g : r.guesses) rv.guesses.push_back({g.text, g.verdict});
  rv.guesses_left = over ? 0 : std::max(0, s.max_guesses - r.counted_guesses());
  if (over) {
    rv.points = r.points;
    rv.answer = c;
  }
  return v;
}

json to_json(const TeamCard& t) {
  return {{"code", t.code},          {"name", t.name},          {"from", opt(t.from)},
          {"to", opt(t.to)},         {"number", opt(t.number)}, {"primary", t.primary},
          {"secondary", t.secondary}};
}

json to_json(const HintView& h) {
  return {{"kind", to_string(h.kind)}, {"label", h.label}, {"value", h.value}};
}

json to_json(const RoundView& v) {
  json teams = json::array();
  for (const auto& t : v.teams) teams.push_back(to_json(t));
  json hints = json::array();
  for (const auto& h : v.hints) hints.push_back(to_json(h));
  json guesses = json::array();
  for (const auto& g : v.guesses)
    guesses.push_back({{"guess", g.guess}, {"verdict", names::to_string(g.verdict)}});
  return {{"index", v.index},
          {"status", to_string(v.status)},
          {"teams", std::move(teams)},
          {"teamsTotal", v.teams_total},
          {"hints", std::move(hints)},
          {"hintsLeft", v.hints_left},
          {"guesses", std::move(guesses)},
          {"guessesLeft", v.guesses_left},
          {"points", opt(v.points)},
          {"answer", v.answer ? career_to_json(*v.answer) : json(nullptr)}};
}

json to_json(const GameView& v) {
  return {{"gameId", v.game_id},
          {"mode", to_string(v.mode)},
          {"status", v.finished ? "finished" : "active"},
          {"puzzleNumber", opt(v.puzzle_number)},
          {"date", v.date ? json(*v.date) : json(nullptr)},
          {"archive", v.archive},
          {"roundIndex", v.round_index},
          {"roundCount", v.round_count},
          {"score", v.score},
          {"maxGuesses", v.max_guesses},
          {"round", to_json(v.round)}};
}

json result_to_api_json(const GameResult& r, const std::optional<Streak>& streak) {
  json j = to_json(r, false);
  j["streak"] = streak ? json{{"current", streak->current}, {"best", streak->best}} : json(nullptr);
  return j;
}

}  // namespace jm::domain
