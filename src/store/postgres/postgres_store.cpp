#include "store/postgres/postgres_store.hpp"

#include <future>
#include <stdexcept>
#include <utility>

#include "store/migrations.hpp"
#include "store/plain_pii_codec.hpp"
#include "store/postgres/pg_function_op.hpp"
#include "store/postgres/pg_game_ops.hpp"
#include "store/postgres/pg_game_sql.hpp"
#include "store/postgres/pg_migrator.hpp"
#include "store/postgres/pg_nfl.hpp"
#include "store/postgres/pg_store_read.hpp"
#include "store/postgres/pg_users.hpp"
#include "store/postgres/pg_writer.hpp"
#include "store/sqlite/call_safely.hpp"

namespace jm::store {
namespace {

using postgres::Connection;
using postgres::Params;
using postgres::Result;
namespace sql = postgres::sql;

const Clock& system_clock() {
  static const SystemClock clock;
  return clock;
}

const StoreError kDraining{ErrorKind::unavailable,
                           "postgres store is shutting down; write refused"};

}  // namespace

PostgresStore::PostgresStore(Options options)
    : options_(std::move(options)),
      clock_(options_.clock ? *options_.clock : system_clock()),
      pii_(options_.pii ? options_.pii : std::make_shared<PlainPiiCodec>()) {
  if (options_.connection.url.empty()) throw std::runtime_error("postgres: no database URL");
  primary_ = std::make_unique<postgres::Pool>("primary", options_.connection, options_.pool);
  if (!options_.read_url.empty()) {
    auto replica = options_.connection;
    replica.url = options_.read_url;
    replica_ = std::make_unique<postgres::Pool>("replica", replica, options_.pool);
  }
  writer_ = std::make_unique<postgres::Writer>(*primary_, options_.max_batch, options_.pipeline,
                                               options_.writers);
}

PostgresStore::~PostgresStore() {
  writer_->drain();
}

void PostgresStore::submit(std::vector<std::unique_ptr<postgres::WriteOp>> ops) {
  std::vector<postgres::WriteOp*> raw;
  for (auto& op : ops) raw.push_back(op.get());
  try {
    if (writer_->submit(ops)) return;
    for (auto* op : raw) op->settle(kDraining);
  } catch (const std::exception& e) {  // allocation failure: still answer, never throw
    for (auto* op : raw) op->settle({ErrorKind::internal, e.what()});
  }
}

postgres::GameOpContext PostgresStore::game_context() const {
  return {*pii_, clock_};
}

void PostgresStore::save_game(NewGame game, SaveCallback done) {
  std::vector<std::unique_ptr<postgres::WriteOp>> ops;
  ops.push_back(postgres::make_save_game_op(game_context(), std::move(game), std::move(done)));
  submit(std::move(ops));
}

void PostgresStore::save_games(std::vector<NewGame> games, BatchCallback done) {
  if (games.empty()) {
    sqlite::call_safely(done, std::vector<SaveOutcome>{});
    return;
  }
  submit(postgres::make_save_games_ops(game_context(), std::move(games), std::move(done)));
}

std::optional<SavedGame> PostgresStore::find_game_by_session(const std::string& session_id) {
  return read(false, [&](Connection& c) { return postgres::find_game(c, session_id); });
}

std::int64_t PostgresStore::count_games() {
  return read(true, [](Connection& c) { return c.run(sql::kCountGames).int64(0, 0); });
}

std::int64_t PostgresStore::count_finished_games(std::int64_t since_ms) {
  return read(true, [since_ms](Connection& c) {
    return c.run(sql::kCountFinishedGames, Params().add(since_ms)).int64(0, 0);
  });
}

Health PostgresStore::health() {
  try {
    if (!writer_->accepting()) return {false, "postgres store is drained; writes are refused"};
    const auto versions =
        read(false, [](Connection& c) { return postgres::applied_migrations(c); });
    const auto pool = primary_->stats();
    std::string detail = "postgres ok (" + std::to_string(versions.size()) +
                         " migrations applied; pool " + std::to_string(pool.open) + " open, " +
                         std::to_string(pool.busy) + " busy)";
    if (replica_) {
      const auto r = replica_->stats();
      detail += r.reachable ? "; replica ok" : "; replica down (reads use the primary)";
    }
    return {true, detail};
  } catch (const std::exception& e) {
    return {false, std::string("postgres health check failed: ") + e.what()};
  }
}

std::vector<int> PostgresStore::migrate() {
  // A connection of its own: no statement_timeout, and the advisory lock is per session.
  std::unique_ptr<Connection> conn;
  try {
    conn = std::make_unique<Connection>(options_.connection);
  } catch (const postgres::PgError& e) {
    throw StoreUnavailable(e.what());
  }
  auto applied = postgres::apply_migrations(*conn, migrations_for("postgres"), clock_.now_ms());
  const int indexed = postgres::index_legacy_emails(*conn, *pii_);
  if (indexed > 0) log::info("postgres_legacy_emails_indexed", {{"rows", indexed}});
  return applied;
}

std::vector<int> PostgresStore::applied_migrations() {
  return read(false, [](Connection& c) { return postgres::applied_migrations(c); });
}

void PostgresStore::drain() {
  writer_->drain();
}

SeedCounts PostgresStore::upsert_nfl(const std::vector<TeamRow>& teams,
                                     const std::vector<CareerRow>& careers) {
  if (writer_->on_writer_thread()) {
    throw std::logic_error("upsert_nfl called from a store write callback");  // would deadlock
  }
  std::promise<std::pair<SeedCounts, StoreError>> result;
  auto done = result.get_future();
  std::vector<std::unique_ptr<postgres::WriteOp>> ops;
  ops.push_back(std::make_unique<postgres::FunctionOp<SeedCounts>>(
      [&](Connection& c, SeedCounts& counts) {
        counts = postgres::upsert_nfl(c, teams, careers);
        return StoreError{};
      },
      [&](SeedCounts counts, StoreError error) {
        result.set_value({counts, std::move(error)});
      }));
  submit(std::move(ops));
  auto [counts, error] = done.get();
  if (!error) return counts;
  if (error.kind == ErrorKind::unavailable) throw StoreUnavailable(error.message);
  throw std::runtime_error("upsert_nfl failed: " + error.message);
}

std::vector<TeamRow> PostgresStore::load_teams() {
  return read(true, [](Connection& c) { return postgres::load_teams(c); });
}

std::vector<CareerRow> PostgresStore::load_careers() {
  return read(true, [](Connection& c) { return postgres::load_careers(c); });
}

void PostgresStore::create_server_game(NewGame game, std::string state_json,
                                       std::optional<int> puzzle_number, SaveCallback done) {
  game.source = "server";  // the callers' contract, whatever the NewGame says
  std::vector<std::unique_ptr<postgres::WriteOp>> ops;
  ops.push_back(postgres::make_create_server_game_op(
      game_context(), std::move(game), std::move(state_json), puzzle_number, std::move(done)));
  submit(std::move(ops));
}

std::optional<StoredGameState> PostgresStore::load_game_state(const std::string& session_id) {
  // The primary: the next update is checked against this version.
  return read(false, [&](Connection& c) -> std::optional<StoredGameState> {
    const Result r = c.run(sql::kGameState, Params().add(session_id));
    if (r.rows() == 0) return std::nullopt;
    StoredGameState g;
    g.game_id = r.int64(0, 0);
    g.session_id = r.text(0, 1);
    g.player_id = r.text(0, 2);
    g.player_name = r.text(0, 3);
    g.status = r.text(0, 4);
    g.state_json = r.text(0, 5);
    g.version = r.int32(0, 6);
    return g;
  });
}

void PostgresStore::update_game_state(GameStateUpdate update,
                                      std::function<void(StoreError)> done) {
  std::vector<std::unique_ptr<postgres::WriteOp>> ops;
  ops.push_back(postgres::make_update_game_op(game_context(), std::move(update), std::move(done)));
  submit(std::move(ops));
}

std::vector<LeaderboardRow> PostgresStore::leaderboard(const LeaderboardQuery& query) {
  return read(true, [&](Connection& c) {
    const Result r = c.run(sql::kLeaderboard, Params()
                                                  .add(query.since_ms)
                                                  .add(query.mode)
                                                  .add(std::max(query.limit, 0))
                                                  .add(std::max(query.offset, 0)));
    std::vector<LeaderboardRow> out;
    for (int i = 0; i < r.rows(); ++i) {
      LeaderboardRow row;
      row.player_id = r.text(i, 0);
      row.name = r.text(i, 1);
      row.score = r.int64(i, 2);
      row.games = r.int32(i, 3);
      row.best_time_seconds = r.opt_int(i, 4);
      out.push_back(std::move(row));
    }
    return out;
  });
}

std::vector<int> PostgresStore::solved_daily_numbers(const std::string& player_id) {
  // The primary: a player who just solved today's puzzle expects to see it.
  return read(false, [&](Connection& c) {
    const Result r = c.run(sql::kSolvedDaily, Params().add(player_id));
    std::vector<int> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.int32(i, 0));
    return out;
  });
}

std::vector<HistoryRow> PostgresStore::player_history(const std::string& player_id, int limit) {
  return read(false, [&](Connection& c) {
    const Result r = c.run(sql::kHistory, Params().add(player_id).add(std::max(0, limit)));
    std::vector<HistoryRow> out;
    for (int i = 0; i < r.rows(); ++i) {
      HistoryRow h;
      h.game_id = r.text(i, 0);
      h.mode = r.text(i, 1);
      h.score = r.int32(i, 2);
      h.solved = r.opt_int(i, 3);
      h.duration_seconds = r.opt_int(i, 4);
      h.puzzle_number = r.opt_int(i, 5);
      h.finished_at_ms = r.int64(i, 6);
      out.push_back(std::move(h));
    }
    return out;
  });
}

DailyStats PostgresStore::daily_stats(int puzzle_number) {
  return read(true, [&](Connection& c) {
    const Result r = c.run(sql::kDailyStats, Params().add(puzzle_number));
    DailyStats stats;
    for (int i = 0; i < r.rows(); ++i) {
      if (r.int32(i, 0) < 0) {
        stats.players = r.int32(i, 1);
        stats.solved = r.int32(i, 2);
      } else {
        stats.solved_by_teams.emplace_back(r.int32(i, 0), r.int32(i, 1));
      }
    }
    return stats;
  });
}

postgres::WriterStats PostgresStore::writer_stats() const {
  return writer_->stats();
}

postgres::PoolStats PostgresStore::primary_pool_stats() const {
  return primary_->stats();
}

std::string PostgresStore::last_write_error() const {
  return writer_->last_error();
}

std::unique_ptr<PostgresStore> open_postgres_store(PostgresStore::Options options) {
  auto store = std::make_unique<PostgresStore>(std::move(options));
  store->migrate();
  return store;
}

}  // namespace jm::store
