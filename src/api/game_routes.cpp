// Server-judged play: /api/v1/games and its moves. The engine decides; this file
// loads the game's state, applies one move, stores the new state (optimistically
// versioned, so concurrent moves on one game are applied one after the other) and
// answers with the view, which never holds the answer of a round still in play.
#include <openssl/rand.h>

#include <random>

#include "api/live_events.hpp"
#include "api/response_caching.hpp"
#include "api/routes.hpp"
#include "api/store_errors.hpp"
#include "domain/game/engine.hpp"
#include "domain/game/scoring.hpp"
#include "domain/game/view.hpp"
#include "domain/results/text_rules.hpp"
#include "http/errors.hpp"
#include "store/await.hpp"

namespace jm::api {

namespace {

using http::Request;
using http::Response;
using http::Status;
using json = nlohmann::json;
using Awaitable = boost::asio::awaitable<Response>;

constexpr int kMaxMoveAttempts = 5;  // a move retried after losing a version race

std::mt19937_64 fresh_rng() {
  std::uint64_t seed = 0;
  RAND_bytes(reinterpret_cast<unsigned char*>(&seed), sizeof seed);
  return std::mt19937_64(seed);
}

// One sentence per engine error, for people; the code and field come from the engine.
std::string game_error_message(domain::GameError e) {
  using E = domain::GameError;
  switch (e) {
    case E::invalid_rounds:
      return "rounds must be an integer 1–10";
    case E::invalid_max_guesses:
      return "the guess limit must be 1–20";
    case E::invalid_date:
      return "date must be a past day (YYYY-MM-DD) from 2025-01-01 on";
    case E::empty_pool:
      return "No puzzles are available";
    case E::invalid_guess:
      return "guess must be 1 to 200 characters";
    case E::round_over:
      return "This round is over";
    case E::game_finished:
      return "This game is finished";
    case E::round_in_progress:
      return "Finish this round first";
    case E::no_more_rounds:
      return "This was the last round";
    case E::no_hints_left:
      return "No hints left for this round";
    case E::corrupt_state:
      return "Internal server error";
  }
  return "This move is not possible now";
}

Response game_error(const Request& req, domain::GameError e) {
  return http::error_response(req, static_cast<Status>(domain::http_status(e)),
                              std::string(domain::error_code(e)), game_error_message(e),
                              std::string(domain::error_field(e)));
}

Response invalid(const Request& req, std::string field, std::string message) {
  return http::error_response(req, Status::bad_request, "invalid_field", std::move(message),
                              std::move(field));
}

json view_json(const domain::GameState& state, const domain::Catalog& catalog) {
  auto view = domain::make_view(state, catalog);
  return view ? domain::to_json(*view) : json(nullptr);
}

std::vector<store::RoundRow> round_rows(const domain::GameState& state) {
  std::vector<store::RoundRow> rows;
  for (std::size_t i = 0; i < state.rounds.size(); ++i) {
    const auto& r = state.rounds[i];
    if (r.status == domain::RoundStatus::pending) continue;
    json guesses = json::array();
    for (const auto& g : r.guesses) {
      guesses.push_back({{"guess", g.text}, {"verdict", domain::names::to_string(g.verdict)}});
    }
    rows.push_back({static_cast<int>(i), r.career_name, std::string(domain::to_string(r.status)),
                    r.revealed, r.hints_shown, r.counted_guesses(), r.points, guesses.dump(),
                    r.started_ms,
                    r.over() ? std::optional<std::int64_t>(r.ended_ms) : std::nullopt});
  }
  return rows;
}

// The games row a finished server game ends with: the same fields a client report
// fills, so analytics read both paths alike.
store::NewGame finished_record(const domain::GameState& state, const domain::GameResult& result) {
  store::NewGame g;
  g.session_id = state.id;
  g.mode = std::string(domain::to_string(state.mode));
  g.duration_seconds = static_cast<int>(result.duration_seconds);
  g.correct_count = result.solved;
  json guesses = json::array();
  for (const auto& r : state.rounds) {
    for (const auto& guess : r.guesses) guesses.push_back(guess.text);
  }
  g.guess_count = static_cast<int>(guesses.size());
  g.guesses_json = guesses.dump();
  g.score = result.score;
  g.completed = true;
  g.source = "server";
  g.metadata_json =
      json({{"result", domain::to_json(result)},
            {"archive", state.archive},
            {"puzzleNumber", state.puzzle_number ? json(*state.puzzle_number) : json()}})
          .dump();
  return g;
}

// One move: takes the state, returns the new state plus extra answer fields, or an error.
struct MoveResult {
  domain::GameState state;
  json extra = json::object();
  std::optional<domain::GameResult> finished;  // set: write the finished games record
  bool shared = false;                         // the player shared the result
};
using Move = std::function<domain::Result<MoveResult>(const domain::GameState&)>;

Awaitable apply_move(Request& req, Context& ctx, const Move& move) {
  const auto& id = req.param("id");
  for (int attempt = 0; attempt < kMaxMoveAttempts; ++attempt) {
    auto stored = ctx.store.load_game_state(id);
    if (!stored)
      co_return http::error_response(req, Status::not_found, "not_found", "No such game");
    auto state = domain::game_state_from_json(json::parse(stored->state_json, nullptr, false));
    if (!state) {
      co_return http::error_response(req, Status::internal_server_error, "internal_error",
                                     "Internal server error");
    }
    auto moved = move(*state);
    if (!moved) co_return game_error(req, moved.error());
    auto& result = moved.value();
    if (result.state == *state && !result.finished) {  // e.g. a repeated finish: nothing to store
      json body = {{"game", view_json(result.state, *ctx.catalog)}};
      body.update(result.extra);
      co_return http::json_response(req, Status::ok, body);
    }
    store::GameStateUpdate update{id, stored->version, domain::to_json(result.state).dump(),
                                  round_rows(result.state), std::nullopt};
    if (result.finished) {
      update.finished = finished_record(result.state, *result.finished);
      update.finished->shared_on_social = result.shared;
    }
    auto error = co_await store::await_callback<store::StoreError>(
        [&](auto done) { ctx.store.update_game_state(std::move(update), std::move(done)); });
    if (error.kind == store::ErrorKind::conflict) continue;  // another move won: redo on its state
    if (error) co_return store_error_response(req, error);
    // The finished game is durable: boards and the daily statistics change now, so the
    // next read (also this player's, right after this answer) recomputes them.
    if (result.finished) invalidate_game_derived(ctx, result.state.mode == domain::Mode::daily);
    if (result.finished && !state->finished && ctx.events) {  // the first finish, now durable
      publish_game_finished(*ctx.events, result.state, *result.finished, stored->player_name,
                            ctx.clock.now_ms());
    }

    json body = {{"game", view_json(result.state, *ctx.catalog)}};
    body.update(result.extra);
    co_return http::json_response(req, Status::ok, body);
  }
  co_return http::error_response(req, Status::conflict, "busy",
                                 "The game is changing too quickly; retry");
}

Awaitable start(Request& req, Context& ctx) {
  if (!req.json || !req.json->is_object())
    co_return invalid(req, "body", "Request body must be a JSON object");
  const auto& body = *req.json;
  auto mode_it = body.find("mode");
  auto mode = mode_it != body.end() && mode_it->is_string()
                  ? domain::parse_mode(mode_it->get<std::string>())
                  : std::nullopt;
  if (!mode) co_return invalid(req, "mode", "mode must be easy, challenge, daily or practice");
  std::string name;
  std::optional<std::string> email;
  if (req.principal.kind == http::Principal::Kind::user) {
    // A signed-in player plays as their account (they accepted the notice at sign-up).
    auto account = ctx.store.find_user_by_public_id(req.principal.id);
    if (!account) {
      co_return http::error_response(req, Status::unauthorized, "invalid_token",
                                     "This account no longer exists");
    }
    name = account->name;
    email = account->email;
  } else {
    const json player = body.value("player", json::object());
    if (!player.is_object()) co_return invalid(req, "player", "player must be an object");
    name = domain::trim(player.value("name", json("")).is_string() ? player.value("name", "") : "");
    if (!domain::is_valid_person_name(name))
      co_return invalid(req, "player.name", "Invalid name format");
    email = player.value("email", json("")).is_string()
                ? domain::normalise_email(player.value("email", ""))
                : std::nullopt;
    if (!email) co_return invalid(req, "player.email", "Invalid email format");
    if (body.value("consent", json(false)) != json(true)) {
      co_return invalid(req, "consent", "Consent to the privacy notice is required to play");
    }
  }

  domain::StartOptions options;
  options.mode = *mode;
  if (auto it = body.find("rounds"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer())
      co_return invalid(req, "rounds", "rounds must be an integer 1–10");
    options.rounds = it->get<int>();
  }
  if (auto it = body.find("date"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) co_return invalid(req, "date", "date must be YYYY-MM-DD");
    options.date = it->get<std::string>();
  }
  auto now = ctx.clock.now_ms();
  auto rng = fresh_rng();
  auto started = domain::start_game(*ctx.catalog, options, now, rng);
  if (!started) co_return game_error(req, started.error());
  const auto& state = started.value();

  store::NewGame game;
  game.session_id = state.id;
  game.player_name = name;
  game.email = *email;
  game.game_type = "journeyman";
  game.mode = std::string(domain::to_string(state.mode));
  game.source = "server";
  game.ip = req.remote_ip;
  game.user_agent = std::string(req.header("User-Agent").substr(0, 512));
  game.created_at_ms = now;
  game.metadata_json = json({{"archive", state.archive}}).dump();
  auto puzzle = state.archive ? std::nullopt : state.puzzle_number;
  auto outcome = co_await store::await_callback<store::SaveOutcome>([&](auto done) {
    ctx.store.create_server_game(std::move(game), domain::to_json(state).dump(), puzzle,
                                 std::move(done));
  });
  if (outcome.error || !outcome.saved) co_return store_error_response(req, outcome.error);
  co_return http::json_response(
      req, Status::created,
      {{"game", view_json(state, *ctx.catalog)}, {"playerId", outcome.saved->player_id}});
}

Awaitable get_game(Request& req, Context& ctx) {
  auto stored = ctx.store.load_game_state(req.param("id"));
  if (!stored) co_return http::error_response(req, Status::not_found, "not_found", "No such game");
  auto state = domain::game_state_from_json(json::parse(stored->state_json, nullptr, false));
  if (!state) {
    co_return http::error_response(req, Status::internal_server_error, "internal_error",
                                   "Internal server error");
  }
  co_return http::json_response(req, Status::ok, {{"game", view_json(*state, *ctx.catalog)}});
}

Awaitable guess(Request& req, Context& ctx) {
  if (!req.json || !req.json->is_object() || !req.json->contains("guess") ||
      !(*req.json)["guess"].is_string()) {
    co_return invalid(req, "guess", "guess must be a string");
  }
  auto text = (*req.json)["guess"].get<std::string>();
  if (!domain::decode_utf8(text)) co_return invalid(req, "guess", "guess must be valid UTF-8");
  auto now = ctx.clock.now_ms();
  co_return co_await apply_move(
      req, ctx, [&](const domain::GameState& s) -> domain::Result<MoveResult> {
        auto r = domain::guess(s, *ctx.catalog, text, now);
        if (!r) return r.error();
        return MoveResult{
            r->state, {{"verdict", domain::names::to_string(r->verdict)}}, std::nullopt, false};
      });
}

Awaitable hint(Request& req, Context& ctx) {
  auto now = ctx.clock.now_ms();
  co_return co_await apply_move(
      req, ctx, [&](const domain::GameState& s) -> domain::Result<MoveResult> {
        auto r = domain::hint(s, *ctx.catalog, now);
        if (!r) return r.error();
        return MoveResult{r->state, {{"hint", domain::to_json(r->hint)}}, std::nullopt, false};
      });
}

Awaitable give_up(Request& req, Context& ctx) {
  auto now = ctx.clock.now_ms();
  co_return co_await apply_move(req, ctx,
                                [&](const domain::GameState& s) -> domain::Result<MoveResult> {
                                  auto r = domain::give_up(s, now);
                                  if (!r) return r.error();
                                  return MoveResult{r.value(), json::object(), std::nullopt, false};
                                });
}

Awaitable next_round(Request& req, Context& ctx) {
  auto now = ctx.clock.now_ms();
  co_return co_await apply_move(req, ctx,
                                [&](const domain::GameState& s) -> domain::Result<MoveResult> {
                                  auto r = domain::next_round(s, now);
                                  if (!r) return r.error();
                                  return MoveResult{r.value(), json::object(), std::nullopt, false};
                                });
}

Awaitable finish(Request& req, Context& ctx) {
  // {"sharedOnSocial": true} marks the game shared: sent with the first finish or again
  // after it, when the player uses a share link on the result screen.
  bool shared = false;
  if (req.json && req.json->is_object() && req.json->contains("sharedOnSocial")) {
    const auto& flag = (*req.json)["sharedOnSocial"];
    if (!flag.is_boolean())
      co_return invalid(req, "sharedOnSocial", "sharedOnSocial must be a boolean");
    shared = flag.get<bool>();
  }
  auto now = ctx.clock.now_ms();
  auto stored = ctx.store.load_game_state(req.param("id"));
  // The streak needs the player's history; read it once, before the move.
  std::vector<int> solved =
      stored ? ctx.store.solved_daily_numbers(stored->player_id) : std::vector<int>{};
  auto origin = std::string(req.header("Origin"));
  co_return co_await apply_move(
      req, ctx, [&](const domain::GameState& s) -> domain::Result<MoveResult> {
        auto r = domain::finish(s, *ctx.catalog, now, origin);
        if (!r) return r.error();
        std::optional<domain::Streak> streak;
        if (s.mode == domain::Mode::daily && !s.archive && s.puzzle_number) {
          auto numbers = solved;
          if (r->result.solved > 0) numbers.push_back(*s.puzzle_number);
          streak = domain::daily_streak(numbers, *s.puzzle_number);
        }
        // The games row is written on the first finish, and again only to mark sharing.
        bool write_record = !s.finished || shared;
        return MoveResult{r->state,
                          {{"result", domain::result_to_api_json(r->result, streak)}},
                          write_record ? std::optional(r->result) : std::nullopt,
                          shared};
      });
}

}  // namespace

void register_game_routes(http::Router& router, Context& ctx) {
  http::RouteOptions game{http::ErrorStyle::standard, http::Access::public_, "game"};
  auto add = [&](http::Verb verb, const char* path, Awaitable (*fn)(Request&, Context&)) {
    router.add(
        verb, path, [&ctx, fn](Request& req) { return fn(req, ctx); }, game);
  };
  add(http::Verb::post, "/api/v1/games", start);
  add(http::Verb::get, "/api/v1/games/:id", get_game);
  add(http::Verb::post, "/api/v1/games/:id/guesses", guess);
  add(http::Verb::post, "/api/v1/games/:id/hints", hint);
  add(http::Verb::post, "/api/v1/games/:id/give-up", give_up);
  add(http::Verb::post, "/api/v1/games/:id/next", next_round);
  add(http::Verb::post, "/api/v1/games/:id/finish", finish);
}

}  // namespace jm::api
