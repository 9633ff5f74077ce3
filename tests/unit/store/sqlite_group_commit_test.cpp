// Group commit: many saves share a transaction, a bad game fails alone, nothing is
// acknowledged before COMMIT, and drain() finishes what was queued.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "sqlite_test_support.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace jm::store {
namespace {

using testing::eventually;
using testing::make_game;
using testing::RawDb;
using testing::save_sync;
using testing::TempDir;
using testing::WriteLockHolder;

// Collects callback outcomes from the writer thread.
struct Outcomes {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<SaveOutcome> all;

  Store::SaveCallback collector() {
    return [this](SaveOutcome o) {
      std::lock_guard lock(mu);
      all.push_back(std::move(o));
      cv.notify_all();
    };
  }
  bool wait_for(std::size_t n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(60), [&] { return all.size() >= n; });
  }
};

// Blocks the writer on the database lock with one request in flight, so the requests
// submitted next are guaranteed to land in the same following batch.
void stall_writer(SqliteStore& store, Outcomes& sink) {
  store.save_game(make_game("stall"), sink.collector());
  ASSERT_TRUE(eventually([&] { return store.queue_depth() == 0; }));
}

TEST(SqliteGroupCommit, ConcurrentSavesAreAllCommittedInSharedBatches) {
  TempDir dir;
  auto store = open_sqlite_store(dir.file("j.db"));
  constexpr int kThreads = 8;
  constexpr int kPerThread = 500;
  Outcomes sink;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        store->save_game(make_game(id, "p" + std::to_string(i % 50) + "@example.com"),
                         sink.collector());
        if (i % 100 == 0) store->find_game_by_session(id);  // readers beside the writer
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_TRUE(sink.wait_for(kThreads * kPerThread));

  std::set<std::int64_t> ids;
  for (const auto& o : sink.all) {
    ASSERT_TRUE(o.saved) << o.error.message;
    EXPECT_FALSE(o.saved->duplicate);
    ids.insert(o.saved->game_id);
  }
  EXPECT_EQ(ids.size(), std::size_t{kThreads * kPerThread});
  EXPECT_EQ(store->count_games(), kThreads * kPerThread);
  EXPECT_EQ(store->total_ops(), std::uint64_t{kThreads * kPerThread});
  EXPECT_EQ(store->failed_batches(), 0u);
  EXPECT_LT(store->total_batches(), store->total_ops()) << "no batching happened";
  EXPECT_GT(store->max_batch_size(), 1u);
  EXPECT_LE(store->max_batch_size(), 1024u);
  EXPECT_EQ(store->queue_depth(), 0u);
  RecordProperty("batches", static_cast<int>(store->total_batches()));
  RecordProperty("max_batch_size", static_cast<int>(store->max_batch_size()));

  RawDb raw(dir.file("j.db"));
  EXPECT_EQ(raw.scalar("PRAGMA integrity_check"), "ok");
  EXPECT_TRUE(raw.column("PRAGMA foreign_key_check").empty());
  EXPECT_EQ(raw.scalar("SELECT count(*) FROM users"), "50");
}

TEST(SqliteGroupCommit, FailingOpDoesNotFailItsBatchNeighbours) {
  TempDir dir;
  auto store = open_sqlite_store(dir.file("j.db"));
  Outcomes stalled;
  std::vector<SaveOutcome> out(5);
  std::atomic<int> done{0};
  {
    WriteLockHolder lock(dir.file("j.db"));
    stall_writer(*store, stalled);
    auto bogus = make_game("bad");
    bogus.mode = "bogus";
    std::vector<NewGame> games{make_game("good-1"), bogus, make_game("twin"), make_game("twin"),
                               make_game("good-2")};
    for (std::size_t i = 0; i < games.size(); ++i) {
      store->save_game(games[i], [&, i](SaveOutcome o) {
        out[i] = std::move(o);
        ++done;
      });
    }
    EXPECT_EQ(store->queue_depth(), 5u);
  }
  ASSERT_TRUE(eventually([&] { return done.load() == 5; }));
  EXPECT_EQ(store->total_batches(), 2u);
  EXPECT_EQ(store->last_batch_size(), 5u) << "all five must have shared one transaction";

  EXPECT_TRUE(out[0].saved) << out[0].error.message;
  EXPECT_FALSE(out[1].saved);
  EXPECT_EQ(out[1].error.kind, ErrorKind::invalid);
  ASSERT_TRUE(out[2].saved && out[3].saved);
  EXPECT_FALSE(out[2].saved->duplicate);
  EXPECT_TRUE(out[3].saved->duplicate) << "same session twice in one batch is stored once";
  EXPECT_EQ(out[3].saved->game_id, out[2].saved->game_id);
  EXPECT_TRUE(out[4].saved);
  EXPECT_EQ(store->count_games(), 4);  // stall, good-1, twin, good-2
  EXPECT_FALSE(store->find_game_by_session("bad"));
}

TEST(SqliteGroupCommit, DrainCommitsEverythingQueued) {
  TempDir dir;
  auto store = open_sqlite_store(dir.file("j.db"));
  Outcomes sink;
  constexpr int kQueued = 300;
  std::thread drainer;
  {
    WriteLockHolder lock(dir.file("j.db"));
    stall_writer(*store, sink);
    for (int i = 0; i < kQueued; ++i) {
      store->save_game(make_game("q-" + std::to_string(i)), sink.collector());
    }
    ASSERT_EQ(store->queue_depth(), std::uint64_t{kQueued});
    drainer = std::thread([&] { store->drain(); });
    EXPECT_TRUE(eventually([&] { return !store->health().ok; }));  // intake is closed
    bool refused = false;
    store->save_game(make_game("late"),
                     [&](SaveOutcome o) { refused = o.error.kind == ErrorKind::unavailable; });
    EXPECT_TRUE(refused);
  }
  drainer.join();
  // drain() returned, so every queued callback has already run.
  std::lock_guard guard(sink.mu);
  ASSERT_EQ(sink.all.size(), std::size_t{kQueued + 1});
  for (const auto& o : sink.all) EXPECT_TRUE(o.saved) << o.error.message;
  EXPECT_EQ(store->count_games(), kQueued + 1);
  EXPECT_FALSE(store->find_game_by_session("late"));
}

TEST(SqliteGroupCommit, BatchThatCannotLockIsUnavailableForEveryOp) {
  TempDir dir;
  SqliteStore::Options opts;
  opts.busy_timeout_ms = 50;
  auto store = open_sqlite_store(dir.file("j.db"), opts);
  std::vector<SaveOutcome> outs;
  {
    WriteLockHolder lock(dir.file("j.db"));
    outs = testing::save_many_sync(*store, {make_game("x-1"), make_game("x-2")});
  }
  ASSERT_EQ(outs.size(), 2u);
  for (const auto& o : outs) {
    EXPECT_FALSE(o.saved);
    EXPECT_EQ(o.error.kind, ErrorKind::unavailable) << o.error.message;
  }
  EXPECT_EQ(store->failed_batches(), 1u);
  EXPECT_FALSE(store->last_write_error().empty());
  EXPECT_EQ(store->count_games(), 0);

  // The writer recovers once the lock is gone.
  EXPECT_TRUE(save_sync(*store, make_game("x-1")).saved);
  EXPECT_TRUE(store->last_write_error().empty());
  EXPECT_TRUE(store->health().ok);
}

TEST(SqliteGroupCommit, BatchesRespectMaxBatch) {
  TempDir dir;
  SqliteStore::Options opts;
  opts.max_batch = 10;
  auto store = open_sqlite_store(dir.file("j.db"), opts);
  Outcomes sink;
  {
    WriteLockHolder lock(dir.file("j.db"));
    stall_writer(*store, sink);
    for (int i = 0; i < 35; ++i)
      store->save_game(make_game("m-" + std::to_string(i)), sink.collector());
  }
  ASSERT_TRUE(sink.wait_for(36));
  EXPECT_EQ(store->max_batch_size(), 10u);
  EXPECT_EQ(store->total_batches(), 5u);  // 1 stalled + 10 + 10 + 10 + 5
  EXPECT_EQ(store->last_batch_size(), 5u);
  EXPECT_EQ(store->count_games(), 36);
}

TEST(SqliteGroupCommit, ReadersSeeOnlyCommittedGames) {
  TempDir dir;
  auto store = open_sqlite_store(dir.file("j.db"));
  std::atomic<bool> stop{false};
  std::atomic<int> violations{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&] {
      std::int64_t last = 0;
      while (!stop.load()) {
        const auto n = store->count_games();
        if (n < last) ++violations;  // a committed game never disappears
        last = n;
      }
    });
  }
  Outcomes sink;
  for (int i = 0; i < 400; ++i) {
    const std::string id = "r-" + std::to_string(i);
    store->save_game(make_game(id), [&, id](SaveOutcome o) {
      // Acknowledged means committed: a fresh reader on this thread must see it.
      if (!o.saved || !store->find_game_by_session(id)) ++violations;
      sink.collector()(std::move(o));
    });
  }
  ASSERT_TRUE(sink.wait_for(400));
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(violations.load(), 0);
  EXPECT_EQ(store->count_games(), 400);
}

}  // namespace
}  // namespace jm::store
