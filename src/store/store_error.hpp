#pragma once
// The error every store write reports through its callback.
#include <string>

namespace jm::store {

// Why a store call failed. `unavailable` means the database could not be reached or
// written (→ 503); `conflict` a uniqueness clash the caller can explain (→ 409).
enum class ErrorKind { none, unavailable, conflict, invalid, internal };

struct StoreError {
  ErrorKind kind = ErrorKind::none;
  std::string message;
  explicit operator bool() const { return kind != ErrorKind::none; }
};

}  // namespace jm::store
