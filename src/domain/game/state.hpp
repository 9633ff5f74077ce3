#pragma once
// The whole state of one game as a plain value. The server stores it (to_json) between requests
// so any instance can continue the game; the engine (engine.hpp) maps state → new state.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/names/matcher.hpp"

namespace jm::domain {

using names::Verdict;

enum class Mode { easy, challenge, daily, practice };
enum class RoundStatus { pending, playing, solved, failed };
// The hint ladder, in the order hints are given.
enum class HintKind { position, college, draft, initials };
inline constexpr int kHintKinds = 4;

std::string_view to_string(Mode m);
std::optional<Mode> parse_mode(std::string_view s);
std::string_view to_string(RoundStatus s);
std::optional<RoundStatus> parse_round_status(std::string_view s);
std::string_view to_string(HintKind k);
std::string_view hint_label(HintKind k);
std::optional<Verdict> parse_verdict(std::string_view s);

struct GuessRecord {
  std::string text;  // as typed (trimmed to 200 bytes by the engine)
  Verdict verdict = Verdict::wrong;
  std::int64_t at_ms = 0;
  bool operator==(const GuessRecord&) const = default;
};

struct RoundState {
  std::size_t career = 0;   // index into Catalog::careers()
  std::string career_name;  // re-checked on every move in case the catalogue changed meanwhile
  std::vector<std::size_t> order;  // stint indices in display order (shuffled in challenge)
  int revealed = 0;                // teams shown, a prefix of `order`
  int hints_shown = 0;             // hint ladder position: kinds [0, hints_shown) are shown
  int hints_requested = 0;         // of those, asked for explicitly (the rest came with misses)
  std::vector<GuessRecord> guesses;
  RoundStatus status = RoundStatus::pending;
  bool gave_up = false;
  std::int64_t started_ms = 0;
  std::int64_t ended_ms = 0;
  int points = 0;

  int misses() const;
  int counted_guesses() const;  // ambiguous guesses are free
  bool over() const { return status == RoundStatus::solved || status == RoundStatus::failed; }
  bool operator==(const RoundState&) const = default;
};

struct RoundSummary {
  int index = 0;
  std::string career_name;
  RoundStatus status = RoundStatus::pending;
  int points = 0;
  int guesses = 0;  // counted guesses
  int misses = 0;
  int hints = 0;  // hints shown
  int teams_revealed = 0;
  int teams_total = 0;
  std::int64_t seconds = 0;
  bool operator==(const RoundSummary&) const = default;
};

struct GameResult {
  int score = 0;
  int solved = 0;  // rounds solved
  int rounds = 0;  // rounds in the game
  std::int64_t duration_seconds = 0;
  std::string share_text;
  std::vector<RoundSummary> summaries;  // played rounds only
  bool operator==(const GameResult&) const = default;
};

struct GameState {
  std::string id;
  Mode mode = Mode::easy;
  int max_guesses = 6;
  int current = 0;                 // index of the round in play or last played
  std::vector<RoundState> rounds;  // all drawn at the start; later ones stay pending
  bool finished = false;
  std::int64_t started_ms = 0;
  std::int64_t finished_ms = 0;
  std::optional<std::string> date;  // daily: "YYYY-MM-DD" of the puzzle
  std::optional<int> puzzle_number;
  bool archive = false;              // a past daily (practice stats, not streaks)
  std::optional<GameResult> result;  // cached by finish(), so finishing again is idempotent

  const RoundState& round() const { return rounds.at(static_cast<std::size_t>(current)); }
  RoundState& round() { return rounds.at(static_cast<std::size_t>(current)); }
  int score() const;  // points of rounds over so far
  bool operator==(const GameState&) const = default;
};

// Full-fidelity persistence format (not the API view: it contains the answers).
nlohmann::json to_json(const GameState& s);
nlohmann::json to_json(const GameResult& r, bool with_summaries = true);
// nullopt when the document is not a valid state (never throws).
std::optional<GameState> game_state_from_json(const nlohmann::json& j);

}  // namespace jm::domain
