#pragma once
// Waits on the calling thread for a store write's callback: for the CLI and the job
// runner, which have no event loop to return to. Never use it on an I/O thread.
#include <functional>
#include <future>

namespace jm::store {

// `start(callback)` must call `callback(T)` exactly once, from any thread.
template <class T, class Start>
T wait_for(Start start) {
  auto promise = std::make_shared<std::promise<T>>();
  auto future = promise->get_future();
  start(std::function<void(T)>([promise](T value) { promise->set_value(std::move(value)); }));
  return future.get();
}

}  // namespace jm::store
