#pragma once
// Runs a CPU-heavy function (argon2id costs tens of milliseconds by design) on the
// context's CPU pool and resumes the calling coroutine with its result, so one
// password check never stalls an I/O thread serving other connections.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "api/context.hpp"
#include "store/await.hpp"

namespace jm::api {

// `fn` is taken by reference and must be a named local of the caller: GCC 12 destroys a
// temporary lambda with owning captures (a password string) twice when it is passed by
// value into a coroutine from a co_await expression. The caller's frame outlives the
// call, and the lambdas below capture only pointers.
template <class T, class Fn>
boost::asio::awaitable<T> on_cpu_pool(Context& ctx, Fn& fn) {
  auto* work = &fn;
  co_return co_await store::await_callback<T>([&ctx, work](auto done) {
    boost::asio::post(*ctx.cpu_pool, [work, done = std::move(done)]() mutable { done((*work)()); });
  });
}

}  // namespace jm::api
