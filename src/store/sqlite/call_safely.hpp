#pragma once
// Runs a caller's store callback so that whatever it throws is logged and goes no
// further: a throwing callback must not take the writer thread (or the caller) down.
#include <exception>
#include <type_traits>
#include <utility>

#include "util/log.hpp"

namespace jm::store::sqlite {

template <typename Callback, typename... Args>
void call_safely(Callback& done, Args&&... args) noexcept {
  if constexpr (std::is_constructible_v<bool, Callback&>) {
    if (!done) return;  // an empty std::function: nobody to tell
  }
  try {
    done(std::forward<Args>(args)...);
  } catch (const std::exception& e) {
    log::error("store_callback_threw", {{"what", e.what()}});
  } catch (...) {
    log::error("store_callback_threw", {{"what", "non-standard exception"}});
  }
}

}  // namespace jm::store::sqlite
