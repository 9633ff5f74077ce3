#pragma once
// The game rules as pure functions: each move takes a state and returns a new state (or a typed
// error), never touching clocks, randomness sources or storage itself.
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "domain/game/calendar.hpp"
#include "domain/game/catalog.hpp"
#include "domain/game/state.hpp"

namespace jm::domain {

enum class GameError {
  invalid_rounds,       // rounds outside 1–10
  invalid_max_guesses,  // outside 1–20
  invalid_date,         // not YYYY-MM-DD, before puzzle #1, in the future, or not daily
  empty_pool,           // catalogue has no careers
  invalid_guess,        // empty after normalisation, or longer than 200 bytes
  round_over,           // guess/hint/give-up on a round that is solved or failed
  game_finished,        // any move after finish
  round_in_progress,    // next while the round is playing
  no_more_rounds,       // next after the last round
  no_hints_left,        // all four hints shown
  corrupt_state,        // the state does not fit the catalogue (career missing, bad indices)
};

std::string_view error_code(GameError e);
// The request field an input error is about ("rounds", "date", "guess"…), else empty.
std::string_view error_field(GameError e);
// 400 for input errors, 409 for moves the game's state forbids, 500 for corrupt_state.
int http_status(GameError e);

// Either a value or a GameError (std::expected is C++23).
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(GameError e) : v_(e) {}
  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  GameError error() const { return std::get<GameError>(v_); }

 private:
  std::variant<T, GameError> v_;
};

struct StartOptions {
  Mode mode = Mode::easy;
  int rounds = 5;       // easy/challenge/practice: 1–10 (capped at the pool size); daily: 1
  int max_guesses = 6;  // per round, 1–20
  std::optional<std::string> date{};  // daily only: an archive day "YYYY-MM-DD" (≤ today)
  std::string game_id{};              // empty: a UUIDv4 drawn from the rng
  std::uint64_t daily_seed = DailySchedule::kDefaultSeed;
};

inline constexpr int kMaxRounds = 10;
inline constexpr int kMaxGuessLimit = 20;
inline constexpr std::size_t kMaxGuessBytes = 200;

// `rng` draws the careers, the challenge order and the game id. Seed it from a CSPRNG in the
// server: the game id is the capability to play the game.
Result<GameState> start_game(const Catalog& catalog, const StartOptions& options,
                             std::int64_t now_ms, std::mt19937_64& rng);

struct GuessOutcome {
  GameState state;
  Verdict verdict;
};
// Judges `text` against the current round. correct ends the round solved; wrong costs a guess
// (and in daily reveals the next team, or once all are shown the next hint); reaching
// max_guesses counted guesses ends it failed; ambiguous is recorded and costs nothing.
Result<GuessOutcome> guess(const GameState& state, const Catalog& catalog, std::string_view text,
                           std::int64_t now_ms);

struct HintView {
  HintKind kind = HintKind::position;
  std::string label;
  std::string value;
  bool operator==(const HintView&) const = default;
};
struct HintOutcome {
  GameState state;
  HintView hint;
};
// Reveals the next rung of position → college → draft → initials.
Result<HintOutcome> hint(const GameState& state, const Catalog& catalog, std::int64_t now_ms);

Result<GameState> give_up(const GameState& state, std::int64_t now_ms);
Result<GameState> next_round(const GameState& state, std::int64_t now_ms);

struct FinishOutcome {
  GameState state;
  GameResult result;
};
// Ends the game: a round still playing counts as given up, unplayed rounds score 0. Finishing a
// finished game returns the cached result unchanged. `share_url`, when given, ends the share
// text on its own line.
Result<FinishOutcome> finish(const GameState& state, const Catalog& catalog, std::int64_t now_ms,
                             std::string_view share_url = {});

// The value of one hint for a career ("QB", "Harvard", "2005 · round 7 · pick 250", "R.F.").
HintView make_hint(const Career& career, HintKind kind);
// "X.Y." from the first and last name tokens (suffixes like Jr. ignored).
std::string initials_of(std::string_view name);

}  // namespace jm::domain
