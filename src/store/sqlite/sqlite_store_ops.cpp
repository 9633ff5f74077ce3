// SqliteStore: NFL facts and server-judged games. Writes become WriteOps of the
// group-commit writer (so only its thread writes); reads go to the calling thread's
// read connection through guarded_read.

#include <future>
#include <stdexcept>
#include <utility>

#include "store/sqlite/board_queries.hpp"
#include "store/sqlite/group_commit_writer.hpp"
#include "store/sqlite/nfl_rows.hpp"
#include "store/sqlite/nfl_writer.hpp"
#include "store/sqlite/read_guard.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/server_game_writer.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/submit_op.hpp"

#include "store/sqlite/call_safely.hpp"

namespace jm::store {
namespace {

using sqlite::call_safely;
using sqlite::OpWriters;
using sqlite::ReadConnection;
using sqlite::WriteOp;

using sqlite::submit_op;

class NflUpsertOp final : public WriteOp {
 public:
  // Borrows the rows: upsert_nfl waits for settle() before its arguments go away.
  NflUpsertOp(const std::vector<TeamRow>& teams, const std::vector<CareerRow>& careers,
              std::promise<std::pair<SeedCounts, StoreError>>& result)
      : teams_(teams), careers_(careers), result_(result) {}

  StoreError apply(OpWriters& w) override {
    counts_ = w.nfl.upsert(teams_, careers_);
    return {};
  }
  void settle(StoreError error) override {
    result_.set_value({error ? SeedCounts{} : counts_, std::move(error)});
  }

 private:
  const std::vector<TeamRow>& teams_;
  const std::vector<CareerRow>& careers_;
  std::promise<std::pair<SeedCounts, StoreError>>& result_;
  SeedCounts counts_;
};

class CreateGameOp final : public WriteOp {
 public:
  CreateGameOp(NewGame game, std::string state_json, std::optional<int> puzzle_number,
               Store::SaveCallback done)
      : game_(std::move(game)),
        state_json_(std::move(state_json)),
        puzzle_number_(puzzle_number),
        done_(std::move(done)) {}

  StoreError apply(OpWriters& w) override {
    saved_ = w.games.create(game_, state_json_, puzzle_number_);
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
  std::string state_json_;
  std::optional<int> puzzle_number_;
  Store::SaveCallback done_;
  std::optional<SavedGame> saved_;
};

class UpdateGameOp final : public WriteOp {
 public:
  UpdateGameOp(GameStateUpdate update, std::function<void(StoreError)> done)
      : update_(std::move(update)), done_(std::move(done)) {}

  StoreError apply(OpWriters& w) override { return w.games.update(update_); }
  void settle(StoreError error) override { call_safely(done_, std::move(error)); }

 private:
  GameStateUpdate update_;
  std::function<void(StoreError)> done_;
};

}  // namespace

SeedCounts SqliteStore::upsert_nfl(const std::vector<TeamRow>& teams,
                                   const std::vector<CareerRow>& careers) {
  if (writer_->on_writer_thread()) {
    // Waiting here would wait for ourselves.
    throw std::logic_error("upsert_nfl called from a store write callback");
  }
  std::promise<std::pair<SeedCounts, StoreError>> result;
  auto done = result.get_future();
  submit_op(*writer_, std::make_unique<NflUpsertOp>(teams, careers, result));
  auto [counts, error] = done.get();
  if (!error) return counts;
  if (error.kind == ErrorKind::unavailable) throw StoreUnavailable(error.message);
  throw std::runtime_error("upsert_nfl failed: " + error.message);
}

std::vector<TeamRow> SqliteStore::load_teams() {
  return sqlite::guarded_read(*readers_, [](ReadConnection& r) { return r.nfl().load_teams(); });
}

std::vector<CareerRow> SqliteStore::load_careers() {
  return sqlite::guarded_read(*readers_, [](ReadConnection& r) { return r.nfl().load_careers(); });
}

void SqliteStore::create_server_game(NewGame game, std::string state_json,
                                     std::optional<int> puzzle_number, SaveCallback done) {
  // The callers' contract: this is a server game, whatever the NewGame says.
  game.source = "server";
  submit_op(*writer_, std::make_unique<CreateGameOp>(std::move(game), std::move(state_json),
                                                     puzzle_number, std::move(done)));
}

std::optional<StoredGameState> SqliteStore::load_game_state(const std::string& session_id) {
  return sqlite::guarded_read(
      *readers_, [&](ReadConnection& r) { return r.board().load_game_state(session_id); });
}

void SqliteStore::update_game_state(GameStateUpdate update, std::function<void(StoreError)> done) {
  submit_op(*writer_, std::make_unique<UpdateGameOp>(std::move(update), std::move(done)));
}

std::vector<LeaderboardRow> SqliteStore::leaderboard(const LeaderboardQuery& query) {
  return sqlite::guarded_read(*readers_,
                              [&](ReadConnection& r) { return r.board().leaderboard(query); });
}

std::vector<int> SqliteStore::solved_daily_numbers(const std::string& player_id) {
  return sqlite::guarded_read(
      *readers_, [&](ReadConnection& r) { return r.board().solved_daily_numbers(player_id); });
}

std::vector<HistoryRow> SqliteStore::player_history(const std::string& player_id, int limit) {
  return sqlite::guarded_read(
      *readers_, [&](ReadConnection& r) { return r.board().player_history(player_id, limit); });
}

DailyStats SqliteStore::daily_stats(int puzzle_number) {
  return sqlite::guarded_read(
      *readers_, [&](ReadConnection& r) { return r.board().daily_stats(puzzle_number); });
}

std::int64_t SqliteStore::count_finished_games(std::int64_t since_ms) {
  return sqlite::guarded_read(
      *readers_, [&](ReadConnection& r) { return r.board().count_finished_games(since_ms); });
}

}  // namespace jm::store
