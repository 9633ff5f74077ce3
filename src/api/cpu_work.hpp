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

template <class T, class Fn>
boost::asio::awaitable<T> on_cpu_pool(Context& ctx, Fn fn) {
  co_return co_await store::await_callback<T>([&ctx, fn = std::move(fn)](auto done) mutable {
    boost::asio::post(*ctx.cpu_pool,
                      [fn = std::move(fn), done = std::move(done)]() mutable { done(fn()); });
  });
}

}  // namespace jm::api
