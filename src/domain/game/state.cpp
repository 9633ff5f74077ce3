#include "domain/game/state.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace jm::domain {

using nlohmann::json;

std::string_view to_string(Mode m) {
  switch (m) {
    case Mode::easy:
      return "easy";
    case Mode::challenge:
      return "challenge";
    case Mode::daily:
      return "daily";
    case Mode::practice:
      return "practice";
  }
  return "easy";
}

std::optional<Mode> parse_mode(std::string_view s) {
  for (Mode m : {Mode::easy, Mode::challenge, Mode::daily, Mode::practice})
    if (to_string(m) == s) return m;
  return std::nullopt;
}

std::string_view to_string(RoundStatus s) {
  switch (s) {
    case RoundStatus::pending:
      return "pending";
    case RoundStatus::playing:
      return "playing";
    case RoundStatus::solved:
      return "solved";
    case RoundStatus::failed:
      return "failed";
  }
  return "pending";
}

std::optional<RoundStatus> parse_round_status(std::string_view s) {
  for (auto v :
       {RoundStatus::pending, RoundStatus::playing, RoundStatus::solved, RoundStatus::failed})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

std::string_view to_string(HintKind k) {
  switch (k) {
    case HintKind::position:
      return "position";
    case HintKind::college:
      return "college";
    case HintKind::draft:
      return "draft";
    case HintKind::initials:
      return "initials";
  }
  return "position";
}

std::string_view hint_label(HintKind k) {
  switch (k) {
    case HintKind::position:
      return "Position";
    case HintKind::college:
      return "College";
    case HintKind::draft:
      return "Draft";
    case HintKind::initials:
      return "Initials";
  }
  return "";
}

std::optional<Verdict> parse_verdict(std::string_view s) {
  for (auto v : {Verdict::correct, Verdict::wrong, Verdict::ambiguous})
    if (names::to_string(v) == s) return v;
  return std::nullopt;
}

int RoundState::misses() const {
  int n = 0;
  for (const auto& g : guesses) n += g.verdict == Verdict::wrong ? 1 : 0;
  return n;
}

int RoundState::counted_guesses() const {
  int n = 0;
  for (const auto& g : guesses) n += g.verdict != Verdict::ambiguous ? 1 : 0;
  return n;
}

int GameState::score() const {
  int total = 0;
  for (const auto& r : rounds) total += r.over() ? r.points : 0;
  return total;
}

json to_json(const GameResult& r, bool with_summaries) {
  json j = {{"score", r.score},
            {"solved", r.solved},
            {"rounds", r.rounds},
            {"durationSeconds", r.duration_seconds},
            {"shareText", r.share_text}};
  if (!with_summaries) return j;
  json list = json::array();
  for (const auto& s : r.summaries)
    list.push_back({{"index", s.index},
                    {"career", s.career_name},
                    {"status", to_string(s.status)},
                    {"points", s.points},
                    {"guesses", s.guesses},
                    {"misses", s.misses},
                    {"hints", s.hints},
                    {"teamsRevealed", s.teams_revealed},
                    {"teamsTotal", s.teams_total},
                    {"seconds", s.seconds}});
  j["summaries"] = std::move(list);
  return j;
}

json to_json(const GameState& s) {
  json rounds = json::array();
  for (const auto& r : s.rounds) {
    json guesses = json::array();
    for (const auto& g : r.guesses)
      guesses.push_back(
          {{"text", g.text}, {"verdict", names::to_string(g.verdict)}, {"at", g.at_ms}});
    rounds.push_back({{"career", r.career},
                      {"careerName", r.career_name},
                      {"order", r.order},
                      {"revealed", r.revealed},
                      {"hintsShown", r.hints_shown},
                      {"hintsRequested", r.hints_requested},
                      {"guesses", std::move(guesses)},
                      {"status", to_string(r.status)},
                      {"gaveUp", r.gave_up},
                      {"startedMs", r.started_ms},
                      {"endedMs", r.ended_ms},
                      {"points", r.points}});
  }
  return {{"v", 1},
          {"id", s.id},
          {"mode", to_string(s.mode)},
          {"maxGuesses", s.max_guesses},
          {"current", s.current},
          {"rounds", std::move(rounds)},
          {"finished", s.finished},
          {"startedMs", s.started_ms},
          {"finishedMs", s.finished_ms},
          {"date", s.date ? json(*s.date) : json(nullptr)},
          {"puzzleNumber", s.puzzle_number ? json(*s.puzzle_number) : json(nullptr)},
          {"archive", s.archive},
          {"result", s.result ? to_json(*s.result) : json(nullptr)}};
}

namespace {

template <class E>
E enum_or_throw(const std::optional<E>& e) {
  if (!e) throw std::invalid_argument("bad enum value");
  return *e;
}

GameResult result_from_json(const json& j) {
  GameResult r;
  r.score = j.at("score").get<int>();
  r.solved = j.at("solved").get<int>();
  r.rounds = j.at("rounds").get<int>();
  r.duration_seconds = j.at("durationSeconds").get<std::int64_t>();
  r.share_text = j.at("shareText").get<std::string>();
  for (const auto& s : j.at("summaries")) {
    RoundSummary x;
    x.index = s.at("index").get<int>();
    x.career_name = s.at("career").get<std::string>();
    x.status = enum_or_throw(parse_round_status(s.at("status").get<std::string>()));
    x.points = s.at("points").get<int>();
    x.guesses = s.at("guesses").get<int>();
    x.misses = s.at("misses").get<int>();
    x.hints = s.at("hints").get<int>();
    x.teams_revealed = s.at("teamsRevealed").get<int>();
    x.teams_total = s.at("teamsTotal").get<int>();
    x.seconds = s.at("seconds").get<std::int64_t>();
    r.summaries.push_back(std::move(x));
  }
  return r;
}

}  // namespace

std::optional<GameState> game_state_from_json(const json& j) {
  // nlohmann's checked accessors throw on any shape mismatch; one catch turns every such case
  // into "not a valid state" for the caller.
  try {
    if (j.at("v").get<int>() != 1) return std::nullopt;
    GameState s;
    s.id = j.at("id").get<std::string>();
    s.mode = enum_or_throw(parse_mode(j.at("mode").get<std::string>()));
    s.max_guesses = j.at("maxGuesses").get<int>();
    s.current = j.at("current").get<int>();
    s.finished = j.at("finished").get<bool>();
    s.started_ms = j.at("startedMs").get<std::int64_t>();
    s.finished_ms = j.at("finishedMs").get<std::int64_t>();
    if (!j.at("date").is_null()) s.date = j.at("date").get<std::string>();
    if (!j.at("puzzleNumber").is_null()) s.puzzle_number = j.at("puzzleNumber").get<int>();
    s.archive = j.at("archive").get<bool>();
    if (!j.at("result").is_null()) s.result = result_from_json(j.at("result"));
    for (const auto& rj : j.at("rounds")) {
      RoundState r;
      r.career = rj.at("career").get<std::size_t>();
      r.career_name = rj.at("careerName").get<std::string>();
      r.order = rj.at("order").get<std::vector<std::size_t>>();
      r.revealed = rj.at("revealed").get<int>();
      r.hints_shown = rj.at("hintsShown").get<int>();
      r.hints_requested = rj.at("hintsRequested").get<int>();
      for (const auto& g : rj.at("guesses"))
        r.guesses.push_back({g.at("text").get<std::string>(),
                             enum_or_throw(parse_verdict(g.at("verdict").get<std::string>())),
                             g.at("at").get<std::int64_t>()});
      r.status = enum_or_throw(parse_round_status(rj.at("status").get<std::string>()));
      r.gave_up = rj.at("gaveUp").get<bool>();
      r.started_ms = rj.at("startedMs").get<std::int64_t>();
      r.ended_ms = rj.at("endedMs").get<std::int64_t>();
      r.points = rj.at("points").get<int>();
      if (r.revealed < 0 || r.revealed > static_cast<int>(r.order.size()) || r.hints_shown < 0 ||
          r.hints_shown > kHintKinds)
        return std::nullopt;
      s.rounds.push_back(std::move(r));
    }
    if (s.rounds.empty() || s.current < 0 || s.current >= static_cast<int>(s.rounds.size()) ||
        s.max_guesses < 1)
      return std::nullopt;
    return s;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace jm::domain
