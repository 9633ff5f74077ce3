// on_cpu_pool: the function runs on the pool, its result or its exception comes back to
// the coroutine on the I/O thread (an exception on a pool thread would end the process).
#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "api/cpu_work.hpp"

namespace jm::api {
namespace {

struct Outcome {
  int value = 0;
  std::string error;
  std::thread::id ran_on, resumed_on;
};

template <class Fn>
void run_on_pool(Fn& fn, Outcome& outcome) {
  boost::asio::io_context io;
  boost::asio::thread_pool pool(1);
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        try {
          outcome.value = co_await on_cpu_pool<int>(pool, fn);
        } catch (const std::exception& e) {
          outcome.error = e.what();
        }
        outcome.resumed_on = std::this_thread::get_id();
      },
      boost::asio::detached);
  io.run();
  pool.join();
}

TEST(OnCpuPool, RunsOnThePoolAndResumesWithTheResult) {
  Outcome outcome;
  auto fn = [&outcome] {
    outcome.ran_on = std::this_thread::get_id();
    return 42;
  };
  run_on_pool(fn, outcome);
  EXPECT_EQ(outcome.value, 42);
  EXPECT_EQ(outcome.error, "");
  EXPECT_NE(outcome.ran_on, outcome.resumed_on) << "the work left the I/O thread";
  EXPECT_EQ(outcome.resumed_on, std::this_thread::get_id()) << "and came back to it";
}

TEST(OnCpuPool, RethrowsWhatTheFunctionThrowsInTheCoroutine) {
  Outcome outcome;
  auto fn = []() -> int { throw std::runtime_error("database unavailable"); };
  run_on_pool(fn, outcome);
  EXPECT_EQ(outcome.value, 0);
  EXPECT_EQ(outcome.error, "database unavailable");
}

}  // namespace
}  // namespace jm::api
