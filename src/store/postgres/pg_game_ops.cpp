#include "store/postgres/pg_game_ops.hpp"

#include <atomic>
#include <mutex>
#include <utility>

#include "store/postgres/pg_aggregates.hpp"
#include "store/postgres/pg_game_sql.hpp"
#include "store/postgres/pg_users.hpp"
#include "store/sqlite/call_safely.hpp"
#include "util/civil_time.hpp"
#include "util/random_id.hpp"

namespace jm::store::postgres {
namespace {

using sqlite::call_safely;

SavedGame saved_from(const Result& r, int row, const std::string& session_id) {
  SavedGame g;
  g.game_id = r.int64(row, 0);
  g.player_id = r.text(row, 1);
  g.session_id = session_id;
  g.saved_at_ms = r.int64(row, 2);
  g.correct_count = r.opt_int(row, 3);
  g.game_type = r.text(row, 4);
  return g;
}

class SaveGameOp final : public WriteOp {
 public:
  SaveGameOp(const GameOpContext& ctx, NewGame game, std::function<void(SaveOutcome)> done)
      : game_(std::move(game)), done_(std::move(done)) {
    // Everything random or clock-bound is fixed now, so a retried batch sends the same.
    const std::int64_t now = ctx.clock.now_ms();
    const std::int64_t created = game_.created_at_ms > 0 ? game_.created_at_ms : now;
    row_.add(game_.session_id)
        .add(random_uuid())
        .add(game_.player_name)
        .add(ctx.codec.seal(normalise_email(game_.email)))
        .add(ctx.codec.blind_index(normalise_email(game_.email)))
        .add(now)
        .add(game_.game_type)
        .add(game_.mode)
        .add(game_.source)
        .add(game_.duration_seconds)
        .add(game_.correct_count)
        .add(game_.guess_count)
        .add(game_.score)
        .add(game_.shared_on_social)
        .add(game_.completed)
        .add(game_.guesses_json)
        .add(game_.metadata_json)
        .add_text_or_null(game_.ip)
        .add_text_or_null(game_.user_agent)
        .add(created)
        .add(game_.metadata_json_without_analytics);
  }

  const Sql* merge_sql() const override { return &sql::kSaveGames; }
  const Params* merge_row() const override { return &row_; }
  std::optional<Call> statement() override {
    return Call{&sql::kSaveGames, array_columns({&row_})};
  }

  StoreError take(const Result& r) override {
    return take_row(r, r.rows() > 0 ? std::optional(0) : std::nullopt);
  }

  StoreError take_row(const Result& r, std::optional<int> row) override {
    saved_.reset();
    user_id_.reset();
    if (!row) return {};  // lost a race with another instance: after_commit reads
    saved_ = saved_from(r, *row, game_.session_id);
    saved_->duplicate = r.flag(*row, 5);
    user_id_ = r.opt_int64(*row, 6);
    return {};
  }

  // Only a fresh insert counts: a retried sessionId must not count twice.
  void report_aggregates(aggregates::AggregateSink& sink) override {
    if (saved_ && !saved_->duplicate && user_id_) {
      aggregates::client_game_saved(sink, game_, saved_->saved_at_ms, *user_id_);
    }
  }

  StoreError apply(Connection& conn) override {
    if (auto error = WriteOp::apply(conn)) return error;
    return after_commit(conn);  // inside the transaction it sees the other row too
  }

  StoreError after_commit(Connection& conn) override {
    if (saved_) return {};
    saved_ = find_game(conn, game_.session_id);
    if (!saved_) {
      return {ErrorKind::internal,
              "game with session_id '" + game_.session_id + "' conflicted but cannot be found"};
    }
    saved_->duplicate = true;
    return {};
  }

  void settle(StoreError error) override {
    SaveOutcome out;
    if (error) {
      out.error = std::move(error);
    } else {
      out.saved = std::move(saved_);
    }
    call_safely(done_, std::move(out));
  }

 private:
  NewGame game_;
  std::function<void(SaveOutcome)> done_;
  Params row_;  // this game's values of kSaveGames' $1..$21
  std::optional<SavedGame> saved_;
  std::optional<std::int64_t> user_id_;
};

// Collects the outcomes of one save_games call and answers once, in input order.
struct BatchAnswer {
  std::mutex mu;
  std::vector<SaveOutcome> outcomes;
  std::size_t left;
  std::function<void(std::vector<SaveOutcome>)> done;
};

class CreateServerGameOp final : public WriteOp {
 public:
  CreateServerGameOp(const GameOpContext& ctx, NewGame game, std::string state_json,
                     std::optional<int> puzzle_number, std::function<void(SaveOutcome)> done)
      : game_(std::move(game)), done_(std::move(done)) {
    const std::int64_t now = ctx.clock.now_ms();
    const std::int64_t created = game_.created_at_ms > 0 ? game_.created_at_ms : now;
    call_.sql = &sql::kCreateServerGame;
    call_.params.add(game_.session_id)
        .add(random_uuid())
        .add(game_.player_name)
        .add(ctx.codec.seal(normalise_email(game_.email)))
        .add(ctx.codec.blind_index(normalise_email(game_.email)))
        .add(now)
        .add(game_.game_type)
        .add(game_.mode)
        .add(game_.duration_seconds)
        .add(game_.correct_count)
        .add(game_.guess_count)
        .add(game_.score)
        .add(game_.shared_on_social)
        .add(game_.completed)
        .add(game_.guesses_json)
        .add(game_.metadata_json)
        .add_text_or_null(game_.ip)
        .add_text_or_null(game_.user_agent)
        .add(created)
        .add(state_json)
        .add(puzzle_number);
  }

  std::optional<Call> statement() override { return call_; }

  StoreError take(const Result& r) override {
    if (r.rows() != 1) return {ErrorKind::internal, "server game insert returned no row"};
    saved_ = SavedGame{r.int64(0, 0), r.text(0, 1),        game_.session_id, r.int64(0, 2),
                       false,         game_.correct_count, game_.game_type};
    return {};
  }

  void report_aggregates(aggregates::AggregateSink& sink) override {
    if (saved_) aggregates::server_game_started(sink, game_.mode, saved_->saved_at_ms);
  }

  void settle(StoreError error) override {
    SaveOutcome out;
    if (error) {
      out.error = std::move(error);
    } else {
      out.saved = std::move(saved_);
    }
    call_safely(done_, std::move(out));
  }

 private:
  NewGame game_;
  std::function<void(SaveOutcome)> done_;
  Call call_;
  std::optional<SavedGame> saved_;
};

class UpdateGameOp final : public WriteOp {
 public:
  UpdateGameOp(const GameOpContext& ctx, GameStateUpdate update,
               std::function<void(StoreError)> done)
      : update_(std::move(update)), done_(std::move(done)), clock_(ctx.clock) {}

  StoreError apply(Connection& conn) override {
    const Result bumped = conn.run(
        sql::kBumpState,
        Params().add(update_.state_json).add(update_.session_id).add(update_.expected_version));
    if (bumped.rows() == 0) {
      return {ErrorKind::conflict, "game '" + update_.session_id + "' is not at version " +
                                       std::to_string(update_.expected_version) +
                                       " (updated concurrently, or unknown)"};
    }
    const std::int64_t game_id = bumped.int64(0, 0);
    AggregateSink sink(conn);
    for (const auto& round : update_.rounds) {
      if (auto error = upsert_round(conn, sink, game_id, round)) return error;
    }
    if (update_.finished) {
      const NewGame& f = *update_.finished;
      const std::int64_t now = clock_.now_ms();
      conn.run(sql::kFinishGame, Params()
                                     .add(game_id)
                                     .add(now)
                                     .add(f.duration_seconds)
                                     .add(f.correct_count)
                                     .add(f.guess_count)
                                     .add(f.score)
                                     .add(f.guesses_json)
                                     .add(f.metadata_json)
                                     .add(f.completed)
                                     .add(f.shared_on_social));
      aggregates::server_game_finished(sink, prior_of(bumped), f, now);
    }
    sink.write();
    return {};
  }

  void settle(StoreError error) override { call_safely(done_, std::move(error)); }

 private:
  static aggregates::PriorGame prior_of(const Result& r) {
    aggregates::PriorGame p;
    p.finished = r.text(0, 1) == "finished";
    p.mode = r.text(0, 2);
    p.game_type = r.text(0, 3);
    p.user_id = r.opt_int64(0, 4);
    p.finished_at_ms = r.opt_int64(0, 5);
    p.result = {r.opt_int(0, 6), r.opt_int(0, 7), r.int32(0, 8), r.flag(0, 9)};
    return p;
  }

  static StoreError upsert_round(Connection& conn, AggregateSink& sink, std::int64_t game_id,
                                 const RoundRow& round) {
    const std::string which = "round " + std::to_string(round.round_index);
    std::optional<aggregates::RoundFacts> prior;
    const Result before = conn.run(sql::kFindRound, Params().add(game_id).add(round.round_index));
    if (before.rows() > 0) {
      prior = aggregates::RoundFacts{before.int64(0, 0), before.text(0, 1) == "solved",
                                     before.int32(0, 2), before.int32(0, 3)};
    }
    try {
      const Result r = conn.run(sql::kUpsertRound, Params()
                                                       .add(game_id)
                                                       .add(round.round_index)
                                                       .add(round.career_name)
                                                       .add(round.status)
                                                       .add(round.teams_revealed)
                                                       .add(round.hints_used)
                                                       .add(round.guess_count)
                                                       .add(round.points)
                                                       .add(round.guesses_json)
                                                       .add(round.started_at_ms)
                                                       .add(round.ended_at_ms));
      if (r.rows() == 0) {
        return {ErrorKind::invalid, which + ": unknown career '" + round.career_name + "'"};
      }
      aggregates::round_written(
          sink, prior,
          {r.int64(0, 0), round.status == "solved", round.guess_count, round.teams_revealed});
    } catch (const PgError& e) {
      // A bad status, or a career played twice in one game: the caller's data is wrong,
      // which must not read as a version conflict (a unique violation maps to conflict).
      if (e.broken() || e.sqlstate().rfind("23", 0) != 0) throw;
      return {ErrorKind::invalid, which + ": " + e.what()};
    }
    return {};
  }

  GameStateUpdate update_;
  std::function<void(StoreError)> done_;
  const Clock& clock_;
};

}  // namespace

std::optional<SavedGame> find_game(Connection& conn, const std::string& session_id) {
  const Result r = conn.run(sql::kFindGame, Params().add(session_id));
  if (r.rows() == 0) return std::nullopt;
  return saved_from(r, 0, session_id);
}

std::unique_ptr<WriteOp> make_save_game_op(const GameOpContext& ctx, NewGame game,
                                           std::function<void(SaveOutcome)> done) {
  return std::make_unique<SaveGameOp>(ctx, std::move(game), std::move(done));
}

std::vector<std::unique_ptr<WriteOp>> make_save_games_ops(
    const GameOpContext& ctx, std::vector<NewGame> games,
    std::function<void(std::vector<SaveOutcome>)> done) {
  auto answer = std::make_shared<BatchAnswer>();
  answer->outcomes.resize(games.size());
  answer->left = games.size();
  answer->done = std::move(done);
  std::vector<std::unique_ptr<WriteOp>> ops;
  ops.reserve(games.size());
  for (std::size_t i = 0; i < games.size(); ++i) {
    ops.push_back(make_save_game_op(ctx, std::move(games[i]), [answer, i](SaveOutcome out) {
      std::unique_lock lock(answer->mu);
      answer->outcomes[i] = std::move(out);
      if (--answer->left > 0) return;
      lock.unlock();
      call_safely(answer->done, std::move(answer->outcomes));
    }));
  }
  return ops;
}

std::unique_ptr<WriteOp> make_create_server_game_op(const GameOpContext& ctx, NewGame game,
                                                    std::string state_json,
                                                    std::optional<int> puzzle_number,
                                                    std::function<void(SaveOutcome)> done) {
  return std::make_unique<CreateServerGameOp>(ctx, std::move(game), std::move(state_json),
                                              puzzle_number, std::move(done));
}

std::unique_ptr<WriteOp> make_update_game_op(const GameOpContext& ctx, GameStateUpdate update,
                                             std::function<void(StoreError)> done) {
  return std::make_unique<UpdateGameOp>(ctx, std::move(update), std::move(done));
}

}  // namespace jm::store::postgres
