#include "domain/game/engine.hpp"

#include <algorithm>
#include <cstdio>

#include "domain/game/scoring.hpp"
#include "domain/names/normalise.hpp"

namespace jm::domain {

std::string_view error_code(GameError e) {
  switch (e) {
    case GameError::invalid_rounds:
      return "invalid_rounds";
    case GameError::invalid_max_guesses:
      return "invalid_max_guesses";
    case GameError::invalid_date:
      return "invalid_date";
    case GameError::empty_pool:
      return "empty_pool";
    case GameError::invalid_guess:
      return "invalid_guess";
    case GameError::round_over:
      return "round_over";
    case GameError::game_finished:
      return "game_finished";
    case GameError::round_in_progress:
      return "round_in_progress";
    case GameError::no_more_rounds:
      return "no_more_rounds";
    case GameError::no_hints_left:
      return "no_hints_left";
    case GameError::corrupt_state:
      return "corrupt_state";
  }
  return "corrupt_state";
}

std::string_view error_field(GameError e) {
  switch (e) {
    case GameError::invalid_rounds:
      return "rounds";
    case GameError::invalid_max_guesses:
      return "maxGuesses";
    case GameError::invalid_date:
      return "date";
    case GameError::invalid_guess:
      return "guess";
    default:
      return "";
  }
}

int http_status(GameError e) {
  switch (e) {
    case GameError::invalid_rounds:
    case GameError::invalid_max_guesses:
    case GameError::invalid_date:
    case GameError::invalid_guess:
      return 400;
    case GameError::empty_pool:
    case GameError::corrupt_state:
      return 500;
    default:
      return 409;
  }
}

namespace {

std::string uuid_v4(std::mt19937_64& rng) {
  const std::uint64_t hi = (rng() & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
  const std::uint64_t lo = (rng() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xFFFF),
                static_cast<unsigned long long>(hi & 0xFFFF),
                static_cast<unsigned long long>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

// The round's career, or nullptr when the state no longer fits the catalogue.
const Career* career_of(const RoundState& r, const Catalog& catalog) {
  const auto& all = catalog.careers();
  std::size_t idx = r.career;
  if (idx >= all.size() || all[idx].name != r.career_name) {
    const auto found = catalog.find_career(r.career_name);
    if (!found) return nullptr;
    idx = *found;
  }
  const Career& c = all[idx];
  if (r.order.size() != c.stints.size()) return nullptr;
  for (const auto i : r.order)
    if (i >= c.stints.size()) return nullptr;
  return &c;
}

RoundState make_round(const Catalog& catalog, std::size_t career, Mode mode, std::mt19937_64& rng) {
  RoundState r;
  const Career& c = catalog.careers()[career];
  r.career = career;
  r.career_name = c.name;
  if (mode == Mode::challenge) {
    r.order = shuffled_indices(c.stints.size(), rng);
  } else {
    for (std::size_t i = 0; i < c.stints.size(); ++i) r.order.push_back(i);
  }
  const int total = static_cast<int>(c.stints.size());
  r.revealed = mode == Mode::daily ? std::min(1, total) : total;
  return r;
}

void begin_round(RoundState& r, std::int64_t now_ms) {
  r.status = RoundStatus::playing;
  r.started_ms = now_ms;
}

void end_round(RoundState& r, bool solved, Mode mode, std::int64_t now_ms) {
  r.status = solved ? RoundStatus::solved : RoundStatus::failed;
  r.ended_ms = now_ms;
  ScoreInput in;
  in.solved = solved;
  in.extra_teams = mode == Mode::daily ? std::max(0, r.revealed - 1) : 0;
  in.hints_requested = r.hints_requested;
  in.misses = r.misses();
  in.seconds = std::max<std::int64_t>(0, now_ms - r.started_ms) / 1000;
  r.points = round_points(in);
}

// Shared preconditions of guess / hint / give-up.
std::optional<GameError> check_playing(const GameState& s) {
  if (s.finished) return GameError::game_finished;
  if (s.current < 0 || s.current >= static_cast<int>(s.rounds.size()))
    return GameError::corrupt_state;
  if (s.round().status != RoundStatus::playing) return GameError::round_over;
  return std::nullopt;
}

std::string share_text(const GameState& s, std::string_view url) {
  std::string out;
  const auto trail = [](const RoundState& r) {
    std::string t;
    for (const auto& g : r.guesses) {
      if (g.verdict == Verdict::wrong) t += "🟥";
      if (g.verdict == Verdict::correct) t += "🟩";
    }
    if (r.gave_up) t += "🏳";
    if (r.status == RoundStatus::pending) t += "⬜";
    return t;
  };
  if (s.mode == Mode::daily) {
    const RoundState& r = s.rounds.front();
    out = "Journeyman #" + std::to_string(s.puzzle_number.value_or(0));
    if (s.archive) out += " (archive)";
    out += " 🏈 ";
    out += r.status == RoundStatus::solved ? std::to_string(r.revealed) : "X";
    out += "/" + std::to_string(r.order.size()) + " teams\n" + trail(r);
  } else {
    int solved = 0;
    for (const auto& r : s.rounds) solved += r.status == RoundStatus::solved ? 1 : 0;
    out = "Journeyman " + std::string(to_string(s.mode)) + " 🏈 " + std::to_string(solved) + "/" +
          std::to_string(s.rounds.size()) + " · " + std::to_string(s.score()) + " pts";
    for (const auto& r : s.rounds) out += "\n" + trail(r);
  }
  if (!url.empty()) out += "\n" + std::string(url);
  return out;
}

}  // namespace

std::string initials_of(std::string_view name) {
  std::vector<std::string_view> parts;
  for (std::size_t i = 0; i < name.size();) {
    while (i < name.size() && name[i] == ' ') ++i;
    std::size_t j = i;
    while (j < name.size() && name[j] != ' ') ++j;
    if (j > i) parts.push_back(name.substr(i, j - i));
    i = j;
  }
  while (parts.size() > 1 && names::normalise_name(parts.back()).empty()) parts.pop_back();
  while (parts.size() > 1) {
    const std::string n = names::normalise_name(parts.back());
    if (n != "jr" && n != "sr" && n != "ii" && n != "iii" && n != "iv" && n != "v") break;
    parts.pop_back();
  }
  const auto first_letter = [](std::string_view p) -> std::string {
    std::size_t i = 0;
    while (i < p.size() && (p[i] == '\'' || p[i] == '.')) ++i;  // "'Omar" → O
    if (i >= p.size()) return "";
    const auto b = static_cast<unsigned char>(p[i]);
    if (b < 0x80) return std::string(1, static_cast<char>(b >= 'a' && b <= 'z' ? b - 32 : b));
    std::size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;  // keep a whole UTF-8 letter
    return std::string(p.substr(i, len));
  };
  if (parts.empty()) return "";
  std::string out = first_letter(parts.front()) + ".";
  if (parts.size() > 1) out += first_letter(parts.back()) + ".";
  return out;
}

HintView make_hint(const Career& c, HintKind kind) {
  HintView h{kind, std::string(hint_label(kind)), ""};
  switch (kind) {
    case HintKind::position:
      h.value = c.position;
      break;
    case HintKind::college:
      h.value = c.college.empty() ? "Unknown" : c.college;
      break;
    case HintKind::draft:
      if (!c.draft) {
        h.value = "Undrafted";
      } else {
        h.value = c.draft->year ? std::to_string(*c.draft->year) + " · " : "";
        h.value +=
            "round " + std::to_string(c.draft->round) + " · pick " + std::to_string(c.draft->pick);
      }
      break;
    case HintKind::initials:
      h.value = initials_of(c.name);
      break;
  }
  return h;
}

Result<GameState> start_game(const Catalog& catalog, const StartOptions& o, std::int64_t now_ms,
                             std::mt19937_64& rng) {
  const std::size_t pool = catalog.careers().size();
  if (pool == 0) return GameError::empty_pool;
  if (o.max_guesses < 1 || o.max_guesses > kMaxGuessLimit) return GameError::invalid_max_guesses;
  GameState s;
  s.mode = o.mode;
  s.max_guesses = o.max_guesses;
  s.started_ms = now_ms;
  std::vector<std::size_t> careers;
  if (o.mode == Mode::daily) {
    const DailySchedule schedule(pool, o.daily_seed);
    const std::int64_t today = day_of(now_ms);
    std::int64_t day = today;
    if (o.date) {
      const auto d = parse_date(*o.date);
      if (!d || *d > today || *d < DailySchedule::kFirstDay) return GameError::invalid_date;
      day = *d;
    }
    const auto number = schedule.number_for_day(day);
    if (!number) return GameError::invalid_date;  // before puzzle #1 (clock before 2025)
    s.puzzle_number = *number;
    s.date = format_date(day);
    s.archive = day != today;
    careers.push_back(schedule.career_for_number(*number));
  } else {
    if (o.date) return GameError::invalid_date;
    if (o.rounds < 1 || o.rounds > kMaxRounds) return GameError::invalid_rounds;
    // Partial Fisher–Yates: distinct careers, so none is played twice in one game.
    std::vector<std::size_t> idx(pool);
    for (std::size_t i = 0; i < pool; ++i) idx[i] = i;
    const std::size_t n = std::min(pool, static_cast<std::size_t>(o.rounds));
    for (std::size_t i = 0; i < n; ++i) {
      std::swap(idx[i], idx[i + uniform_below(rng, pool - i)]);
      careers.push_back(idx[i]);
    }
  }
  for (const auto c : careers) s.rounds.push_back(make_round(catalog, c, o.mode, rng));
  s.id = o.game_id.empty() ? uuid_v4(rng) : o.game_id;
  begin_round(s.rounds.front(), now_ms);
  return s;
}

Result<GuessOutcome> guess(const GameState& state, const Catalog& catalog, std::string_view text,
                           std::int64_t now_ms) {
  if (const auto e = check_playing(state)) return *e;
  if (text.size() > kMaxGuessBytes || names::normalise_name(text).empty())
    return GameError::invalid_guess;
  GameState s = state;
  RoundState& r = s.round();
  const Career* career = career_of(r, catalog);
  if (!career) return GameError::corrupt_state;
  const Verdict v = catalog.matcher().judge(text, career->name);
  r.guesses.push_back({std::string(text), v, now_ms});
  if (v == Verdict::correct) {
    end_round(r, true, s.mode, now_ms);
  } else if (v == Verdict::wrong) {
    if (r.counted_guesses() >= s.max_guesses) {
      end_round(r, false, s.mode, now_ms);
    } else if (s.mode == Mode::daily) {
      // A miss buys the next clue: a team while any is hidden, then the hint ladder (free).
      if (r.revealed < static_cast<int>(r.order.size()))
        ++r.revealed;
      else if (r.hints_shown < kHintKinds)
        ++r.hints_shown;
    }
  }
  return GuessOutcome{std::move(s), v};
}

Result<HintOutcome> hint(const GameState& state, const Catalog& catalog, std::int64_t /*now_ms*/) {
  if (const auto e = check_playing(state)) return *e;
  if (state.round().hints_shown >= kHintKinds) return GameError::no_hints_left;
  GameState s = state;
  RoundState& r = s.round();
  const Career* career = career_of(r, catalog);
  if (!career) return GameError::corrupt_state;
  const auto kind = static_cast<HintKind>(r.hints_shown);
  ++r.hints_shown;
  ++r.hints_requested;
  return HintOutcome{std::move(s), make_hint(*career, kind)};
}

Result<GameState> give_up(const GameState& state, std::int64_t now_ms) {
  if (const auto e = check_playing(state)) return *e;
  GameState s = state;
  s.round().gave_up = true;
  end_round(s.round(), false, s.mode, now_ms);
  return s;
}

Result<GameState> next_round(const GameState& state, std::int64_t now_ms) {
  if (state.finished) return GameError::game_finished;
  if (state.current < 0 || state.current >= static_cast<int>(state.rounds.size()))
    return GameError::corrupt_state;
  if (state.round().status == RoundStatus::playing) return GameError::round_in_progress;
  if (state.current + 1 >= static_cast<int>(state.rounds.size())) return GameError::no_more_rounds;
  GameState s = state;
  ++s.current;
  begin_round(s.round(), now_ms);
  return s;
}

Result<FinishOutcome> finish(const GameState& state, const Catalog& catalog, std::int64_t now_ms,
                             std::string_view share_url) {
  if (state.finished && state.result) return FinishOutcome{state, *state.result};
  if (state.current < 0 || state.current >= static_cast<int>(state.rounds.size()))
    return GameError::corrupt_state;
  GameState s = state;
  if (s.round().status == RoundStatus::playing) {
    s.round().gave_up = true;
    end_round(s.round(), false, s.mode, now_ms);
  }
  GameResult res;
  res.rounds = static_cast<int>(s.rounds.size());
  for (std::size_t i = 0; i < s.rounds.size(); ++i) {
    const RoundState& r = s.rounds[i];
    if (r.status == RoundStatus::pending) continue;
    const Career* c = career_of(r, catalog);
    RoundSummary sum;
    sum.index = static_cast<int>(i);
    sum.career_name = c ? c->name : r.career_name;
    sum.status = r.status;
    sum.points = r.points;
    sum.guesses = r.counted_guesses();
    sum.misses = r.misses();
    sum.hints = r.hints_shown;
    sum.teams_revealed = r.revealed;
    sum.teams_total = static_cast<int>(r.order.size());
    sum.seconds = std::max<std::int64_t>(0, r.ended_ms - r.started_ms) / 1000;
    res.solved += r.status == RoundStatus::solved ? 1 : 0;
    res.summaries.push_back(std::move(sum));
  }
  res.score = s.score();
  s.finished = true;
  s.finished_ms = now_ms;
  res.duration_seconds = std::max<std::int64_t>(0, now_ms - s.started_ms) / 1000;
  res.share_text = share_text(s, share_url);
  s.result = res;
  return FinishOutcome{std::move(s), std::move(res)};
}

}  // namespace jm::domain
