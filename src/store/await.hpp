#pragma once
// Bridges the store's callback-style writes into coroutines: the caller suspends,
// the store thread commits and calls back, and the coroutine resumes on its own
// executor. Keeps the store free of Asio and handlers free of threads.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <memory>

namespace jm::store {

// `start(callback)` must call `callback(T)` exactly once, from any thread.
template <class T, class Start>
boost::asio::awaitable<T> await_callback(Start start) {
  namespace asio = boost::asio;
  auto initiate = [start = std::move(start)](auto handler) mutable {
    using HandlerType = decltype(handler);
    auto shared = std::make_shared<HandlerType>(std::move(handler));
    // Tracked work keeps io_context::run() alive while the store holds the callback.
    auto executor = asio::prefer(asio::get_associated_executor(*shared),
                                 asio::execution::outstanding_work.tracked);
    start(std::function<void(T)>([shared, executor](T value) {
      asio::post(executor,
                 [shared, value = std::move(value)]() mutable { (*shared)(std::move(value)); });
    }));
  };
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(T)>(
      std::move(initiate), asio::use_awaitable);
}

}  // namespace jm::store
