#pragma once
// Runs a CPU-heavy or long function (argon2id costs tens of milliseconds by design; an
// analytics report over a long period reads many pages of games) on a CPU pool (the
// context's cpu_pool) and resumes the calling coroutine with its result, so it never
// stalls an I/O thread serving other connections.
#include <exception>
#include <optional>
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "store/await.hpp"

namespace jm::api {

// `fn` is taken by reference and must be a named local of the caller: GCC 12 destroys a
// temporary lambda with owning captures (a password string) twice when it is passed by
// value into a coroutine from a co_await expression. The caller's frame outlives the
// call, and the lambdas below capture only pointers. What `fn` throws (a store outage) is
// rethrown in the caller, where the pipeline answers it; on a pool thread it would end
// the process.
template <class T, class Fn>
boost::asio::awaitable<T> on_cpu_pool(boost::asio::thread_pool& pool, Fn& fn) {
  using Outcome = std::pair<std::optional<T>, std::exception_ptr>;
  auto* work = &fn;
  auto outcome = co_await store::await_callback<Outcome>([&pool, work](auto done) {
    boost::asio::post(pool, [work, done = std::move(done)]() mutable {
      Outcome o;
      try {
        o.first.emplace((*work)());
      } catch (...) {
        o.second = std::current_exception();
      }
      done(std::move(o));
    });
  });
  if (outcome.second) std::rethrow_exception(outcome.second);
  co_return std::move(*outcome.first);
}

}  // namespace jm::api
