// PostgresStore only: pipelined group commit, a bad op failing alone, outages (refused,
// black-holed, dropped and restored connections), statement_timeout, concurrent
// migrations, unnamed statements, the replica fallback and the pool's recycling.
// Everything else runs on both dialects (store_*_test.cpp). Skipped without
// JOURNEYMAN_TEST_PG_URL.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <set>
#include <thread>

#include "pg_test_support.hpp"
#include "sqlite_server_support.hpp"
#include "store/migrations.hpp"
#include "store/postgres/pg_pool.hpp"
#include "store/postgres/pg_writer.hpp"
#include "store_factory_for_tests.hpp"

namespace jm::store {
namespace {

using Clock = std::chrono::steady_clock;
using testing::make_game;
using testing::pg_test_options;
using testing::PgAdmin;
using testing::save_sync;
using testing::test_pg_url;
using testing::TestDatabase;

// What callbacks delivered, from whichever thread they ran on.
template <typename T>
struct Collected {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<T> all;

  void add(T value) {
    std::lock_guard lock(mu);
    all.push_back(std::move(value));
    cv.notify_all();
  }
  bool wait_for(std::size_t n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(60), [&] { return all.size() >= n; });
  }
};

struct Outcomes : Collected<SaveOutcome> {
  Store::SaveCallback collector() {
    return [this](SaveOutcome o) { add(std::move(o)); };
  }
  // The distinct game ids of the saves; `error` gets the first failed save's message.
  std::set<std::int64_t> game_ids(std::string& error) {
    std::lock_guard lock(mu);
    std::set<std::int64_t> ids;
    for (const auto& o : all) {
      if (!o.saved) {
        if (error.empty()) error = "a save failed: " + o.error.message;
        continue;
      }
      ids.insert(o.saved->game_id);
    }
    return ids;
  }
};

// `threads` threads each save `per_thread` games (session "<prefix><thread>-<i>") of 25
// players at once; every 50th save is read back beside the writer.
void save_from_threads(Store& store, int threads, int per_thread, const std::string& prefix,
                       Outcomes& sink) {
  std::vector<std::thread> running;
  for (int t = 0; t < threads; ++t) {
    running.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        const std::string id = prefix + std::to_string(t) + "-" + std::to_string(i);
        store.save_game(make_game(id, "p" + std::to_string(i % 25) + "@example.com"),
                        sink.collector());
        if (i % 50 == 0) store.find_game_by_session(id);
      }
    });
  }
  for (auto& th : running) th.join();
}

long elapsed_ms(Clock::time_point since) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (test_pg_url().empty()) GTEST_SKIP() << "JOURNEYMAN_TEST_PG_URL is not set";
    db_ = std::make_unique<TestDatabase>(testing::Dialect::postgres);
  }
  PostgresOptions options() const { return pg_test_options(db_->schema()); }
  std::unique_ptr<PostgresStore> open(PostgresOptions o) const {
    return open_postgres_store(std::move(o));
  }
  // Options for a server at 127.0.0.1:port, the schema migrated through the real one.
  PostgresOptions via_port(int port) const {
    auto o = options();
    o.connection.url = "postgres://postgres@127.0.0.1:" + std::to_string(port) + "/" +
                       test_pg_url().substr(test_pg_url().rfind('/') + 1);
    return o;
  }

  std::unique_ptr<TestDatabase> db_;
};

TEST_F(PostgresStoreTest, ConcurrentSavesShareCommitsAndRideThePipeline) {
  auto store = open(options());
  constexpr int kThreads = 4;
  constexpr int kPerThread = 250;
  Outcomes sink;
  save_from_threads(*store, kThreads, kPerThread, "t", sink);
  ASSERT_TRUE(sink.wait_for(kThreads * kPerThread));
  std::string error;
  const auto ids = sink.game_ids(error);
  ASSERT_EQ(error, "");
  EXPECT_EQ(ids.size(), std::size_t{kThreads * kPerThread});
  EXPECT_EQ(store->count_games(), kThreads * kPerThread);
  const auto stats = store->writer_stats();
  EXPECT_EQ(stats.ops, std::uint64_t{kThreads * kPerThread});
  EXPECT_EQ(stats.failed_batches, 0u);
  EXPECT_LT(stats.batches, stats.ops) << "no batching happened";
  EXPECT_EQ(stats.pipelined_batches, stats.batches) << "every batch was single statements";
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM users"), "25");
}

// Three writer threads, each with its own connection, commit batches side by side: the
// same players are upserted by concurrent batches and every batch moves the same daily
// aggregate rows, yet nothing deadlocks or is lost, and drain still commits the queue.
TEST_F(PostgresStoreTest, SeveralWritersCommitSideBySideWithoutLosingAWrite) {
  auto o = options();
  o.writers = 3;
  auto store = open(o);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 200;
  Outcomes sink;
  save_from_threads(*store, kThreads, kPerThread, "w", sink);
  store->drain();  // joins every writer once the queue is committed
  ASSERT_TRUE(sink.wait_for(kThreads * kPerThread));
  std::string error;
  const auto ids = sink.game_ids(error);
  ASSERT_EQ(error, "");
  EXPECT_EQ(ids.size(), std::size_t{kThreads * kPerThread});
  EXPECT_EQ(store->writer_stats().failed_batches, 0u);
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM games"), std::to_string(kThreads * kPerThread));
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM users"), "25");
  EXPECT_EQ(db_->scalar("SELECT sum(finished) FROM agg_daily"),
            std::to_string(kThreads * kPerThread));
}

TEST_F(PostgresStoreTest, BadGameInAPipelinedBatchFailsAlone) {
  auto store = open(options());
  ASSERT_TRUE(save_sync(*store, make_game("warm-up")).saved);
  // Hold the games table so the writer blocks inside its first batch; the next five
  // saves then queue up and go out together in the following batch.
  PgAdmin lock(test_pg_url(), db_->schema());
  lock.exec("BEGIN");
  lock.exec("LOCK TABLE games IN EXCLUSIVE MODE");
  Outcomes stalled;
  store->save_game(make_game("stall"), stalled.collector());
  ASSERT_TRUE(testing::eventually([&] { return store->writer_stats().queue_depth == 0; }));
  Outcomes sink;
  auto bad = make_game("bad");
  bad.mode = "bogus";  // CHECK violation
  for (const char* id : {"b1", "b2"}) store->save_game(make_game(id), sink.collector());
  store->save_game(bad, sink.collector());
  for (const char* id : {"b3", "b4"}) store->save_game(make_game(id), sink.collector());
  ASSERT_TRUE(testing::eventually([&] { return store->writer_stats().queue_depth == 5; }));
  lock.exec("ROLLBACK");

  ASSERT_TRUE(sink.wait_for(5));
  ASSERT_TRUE(stalled.wait_for(1));
  int saved = 0;
  for (const auto& o : sink.all) {
    if (o.saved) {
      ++saved;
    } else {
      EXPECT_EQ(o.error.kind, ErrorKind::invalid) << o.error.message;
    }
  }
  EXPECT_EQ(saved, 4);
  EXPECT_EQ(store->writer_stats().last_batch_size, 5u);
  EXPECT_EQ(store->count_games(), 6);
  EXPECT_FALSE(store->find_game_by_session("bad"));
}

// Audit entries queued together share one multi-row INSERT: any text survives it (quotes,
// backslashes, braces, commas, the word NULL, non-ASCII), empty fields are stored as NULL,
// and an entry PostgreSQL refuses (details that are not JSON) fails alone.
TEST_F(PostgresStoreTest, AuditEntriesOfABatchShareOneStatementAndABadOneFailsAlone) {
  auto store = open(options());
  PgAdmin lock(test_pg_url(), db_->schema());
  lock.exec("BEGIN");
  lock.exec("LOCK TABLE audit_logs IN EXCLUSIVE MODE");
  Collected<std::pair<std::string, StoreError>> outcomes;
  auto append = [&](const std::string& action, const std::string& text,
                    const std::string& details) {
    AuditEntry e;
    e.actor = "actor " + text;
    e.action = action;
    e.resource_type = text;
    e.resource_id = "";  // stored as NULL
    e.user_agent = text;
    e.status = 200;
    e.details_json = details;
    e.created_at_ms = 1'700'000'000'000;
    store->append_audit(e, [&, action](StoreError error) {
      outcomes.add({action, std::move(error)});
    });
  };
  append("stall", "x", "{}");  // the writer blocks on the lock inside this batch
  ASSERT_TRUE(testing::eventually([&] { return store->writer_stats().queue_depth == 0; }));
  const std::vector<std::string> texts = {R"(say "hi", {a,b} \ back\slash)", "NULL", "Ünïcødé – 🏈",
                                          "", "plain"};
  for (std::size_t i = 0; i < texts.size(); ++i) {
    append("a" + std::to_string(i), texts[i], R"({"text":")" + std::to_string(i) + R"("})");
  }
  append("bad", "y", "{not json");
  ASSERT_TRUE(testing::eventually([&] { return store->writer_stats().queue_depth == 6; }));
  lock.exec("ROLLBACK");
  ASSERT_TRUE(outcomes.wait_for(7));
  EXPECT_EQ(store->writer_stats().last_batch_size, 6u);
  for (const auto& [action, error] : outcomes.all) {
    if (action == "bad") {
      EXPECT_EQ(error.kind, ErrorKind::invalid) << error.message;
    } else {
      EXPECT_FALSE(error) << action << ": " << error.message;
    }
  }
  const auto stored = store->audit_entries({});
  ASSERT_EQ(stored.total, 6);
  std::map<std::string, AuditEntry> by_action;
  for (const auto& e : stored.entries) by_action[e.action] = e;
  EXPECT_FALSE(by_action.count("bad"));
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto& e = by_action["a" + std::to_string(i)];
    EXPECT_EQ(e.actor, "actor " + texts[i]);
    EXPECT_EQ(e.resource_type, texts[i]);
    EXPECT_EQ(e.user_agent, texts[i]);
    EXPECT_EQ(e.details_json, R"({"text":")" + std::to_string(i) + R"("})");
  }
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM audit_logs WHERE resource_id IS NULL"), "6");
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM audit_logs WHERE resource_type IS NULL"), "1");
  // Input order is id order.
  EXPECT_EQ(db_->scalar("SELECT string_agg(action, ',' ORDER BY id) FROM audit_logs"),
            "stall,a0,a1,a2,a3,a4");
}

TEST_F(PostgresStoreTest, RefusedConnectionsFailFastAndTheStoreRecovers) {
  const auto [host, port] = testing::host_port(test_pg_url());
  testing::TcpForwarder proxy(host, port);
  auto o = via_port(proxy.port());
  o.pool.reconnect_backoff_ms = 200;
  // Short, so that a connection the outage left half-open costs seconds, not 35 s
  // (statement timeout + margin is the designed bound on any wait).
  o.connection.statement_timeout_ms = 2'000;
  auto store = open(o);
  ASSERT_TRUE(save_sync(*store, make_game("before")).saved);

  proxy.stop();  // the server "goes away": every open connection drops
  auto t0 = Clock::now();
  const auto out = save_sync(*store, make_game("during"));
  EXPECT_EQ(out.error.kind, ErrorKind::unavailable) << out.error.message;
  EXPECT_THROW(store->count_games(), StoreUnavailable);
  EXPECT_THROW(store->leaderboard({}), StoreUnavailable);
  EXPECT_FALSE(store->health().ok);
  EXPECT_LT(elapsed_ms(t0), 5'000) << "an outage must be reported quickly";

  proxy.start();  // same port: the pool reconnects by itself
  ASSERT_TRUE(testing::eventually([&] { return store->health().ok; }, std::chrono::seconds(10)))
      << store->health().detail;
  ASSERT_TRUE(save_sync(*store, make_game("after")).saved);
  EXPECT_EQ(store->count_games(), 2);
}

TEST_F(PostgresStoreTest, ASilentServerCostsAtMostTheConnectTimeout) {
  testing::BlackHole hole;
  auto o = via_port(hole.port());
  o.connection.connect_timeout_seconds = 1;
  o.pool.min = 0;
  PostgresStore store(o);
  auto t0 = Clock::now();
  EXPECT_THROW(store.count_games(), StoreUnavailable);
  const auto out = save_sync(store, make_game("nowhere"));
  EXPECT_EQ(out.error.kind, ErrorKind::unavailable);
  EXPECT_LT(elapsed_ms(t0), 6'000);
  EXPECT_FALSE(store.health().ok);
}

TEST_F(PostgresStoreTest, StatementTimeoutIsSetOnEveryConnection) {
  auto o = options();
  o.connection.statement_timeout_ms = 300;
  auto store = open(o);
  PgAdmin lock(test_pg_url(), db_->schema());
  lock.exec("BEGIN");
  lock.exec("LOCK TABLE games IN EXCLUSIVE MODE");
  auto t0 = Clock::now();
  const auto out = save_sync(*store, make_game("blocked"));
  lock.exec("ROLLBACK");
  EXPECT_EQ(out.error.kind, ErrorKind::unavailable) << out.error.message;
  EXPECT_NE(out.error.message.find("statement timeout"), std::string::npos) << out.error.message;
  EXPECT_LT(elapsed_ms(t0), 3'000);
  EXPECT_TRUE(save_sync(*store, make_game("free")).saved);
  EXPECT_EQ(PgAdmin(test_pg_url())
                .scalar("SELECT count(*) > 0 FROM pg_stat_activity"
                        " WHERE application_name = 'journeyman-test'"),
            "t");
}

TEST_F(PostgresStoreTest, InstancesStartingTogetherMigrateOnce) {
  std::vector<std::future<std::vector<int>>> runs;
  std::vector<std::unique_ptr<PostgresStore>> stores;
  for (int i = 0; i < 4; ++i) stores.push_back(std::make_unique<PostgresStore>(options()));
  for (auto& s : stores)
    runs.push_back(std::async(std::launch::async, [&s] { return s->migrate(); }));
  std::vector<int> applied;
  for (auto& r : runs) {
    for (int v : r.get()) applied.push_back(v);
  }
  std::vector<int> expected;
  for (const auto& m : migrations_for("postgres")) expected.push_back(m.version);
  std::sort(applied.begin(), applied.end());
  EXPECT_EQ(applied, expected) << "every version applied exactly once";
  EXPECT_EQ(stores[0]->applied_migrations(), expected);
}

TEST_F(PostgresStoreTest, UnnamedStatementsForPgBouncer) {
  auto o = options();
  o.connection.prepared = false;
  auto store = open(o);
  const auto a = save_sync(*store, make_game("s-1"));
  const auto b = save_sync(*store, make_game("s-1"));
  ASSERT_TRUE(a.saved && b.saved);
  EXPECT_TRUE(b.saved->duplicate);
  testing::seed_small_catalog(*store);
  EXPECT_EQ(store->load_careers().size(), 2u);
  EXPECT_EQ(PgAdmin(test_pg_url()).scalar("SELECT count(*) FROM pg_prepared_statements"), "0");
}

TEST_F(PostgresStoreTest, ReadsFallBackToThePrimaryWhileTheReplicaIsDown) {
  open(options());  // migrate
  auto o = options();
  o.read_url = "postgres://postgres@127.0.0.1:1/none";  // nothing listens on port 1
  PostgresStore store(o);
  ASSERT_TRUE(save_sync(store, make_game("g")).saved);
  EXPECT_EQ(store.count_games(), 1);  // a replica read, answered by the primary
  EXPECT_TRUE(store.leaderboard({}).empty());
  const auto health = store.health();
  EXPECT_TRUE(health.ok);
  EXPECT_NE(health.detail.find("replica down"), std::string::npos) << health.detail;
}

// The multi-row save sends each column as one array literal: every text must come back
// from PostgreSQL exactly as it went in, and NULL stay NULL.
TEST_F(PostgresStoreTest, ArrayColumnsRoundTripAnyText) {
  const std::vector<std::optional<std::string>> nasty = {"plain",
                                                         "",
                                                         "with \"quotes\" and \\back\\slashes",
                                                         "{braces},commas, spaces ",
                                                         "NULL",
                                                         std::nullopt,
                                                         R"({"json":["a","b\"c"]})",
                                                         "ünïcødé"};
  EXPECT_EQ(postgres::array_literal({std::string("a\"b"), std::nullopt, std::string()}),
            R"({"a\"b",NULL,""})");
  std::vector<postgres::Params> rows(nasty.size());
  std::vector<const postgres::Params*> row_ptrs;
  for (std::size_t i = 0; i < nasty.size(); ++i) {
    rows[i].add(nasty[i]).add(static_cast<std::int64_t>(i));
    row_ptrs.push_back(&rows[i]);
  }
  const postgres::Params columns = postgres::array_columns(row_ptrs);
  ASSERT_EQ(columns.size(), 2);
  postgres::ConnectionSettings c;
  c.url = test_pg_url();
  postgres::Connection conn(c);
  const postgres::Sql sql{
      "t_unnest", "SELECT t, n FROM unnest($1::text[], $2::bigint[]) AS u(t, n) ORDER BY n"};
  const auto r = conn.run(sql, columns);
  ASSERT_EQ(r.rows(), static_cast<int>(nasty.size()));
  for (int i = 0; i < r.rows(); ++i) {
    EXPECT_EQ(r.opt_text(i, 0), nasty[static_cast<std::size_t>(i)]) << i;
    EXPECT_EQ(r.int64(i, 1), i);
  }
}

TEST_F(PostgresStoreTest, PoolRecyclesWornConnections) {
  postgres::ConnectionSettings c;
  c.url = test_pg_url();
  postgres::PoolSettings s;
  s.min = 0;
  s.max = 2;
  s.max_uses = 3;
  postgres::Pool pool("test", c, s);
  const postgres::Sql pid{"t_pid", "SELECT pg_backend_pid()"};
  auto backend = [&] { return (*pool.acquire()).run(pid).text(0, 0); };
  const auto first = backend();
  {
    auto lease = pool.acquire();  // a use is a checkout, however many statements it runs
    for (int i = 0; i < 4; ++i) EXPECT_EQ((*lease).run(pid).text(0, 0), first);
  }
  EXPECT_EQ(backend(), first);  // third use
  EXPECT_NE(backend(), first);  // worn out after three: a new connection
  {
    auto a = pool.acquire();
    auto b = pool.acquire();
    EXPECT_EQ(pool.stats().busy, 2);
  }
  EXPECT_EQ(pool.stats().busy, 0);
}

}  // namespace
}  // namespace jm::store
