#pragma once
// The audit log: one row for every write (any method but GET/HEAD/OPTIONS) and every
// read by an analyst or admin route, written after the response is known so the row
// carries its status. Rows join the store's group commit; they are not awaited.
#include <memory>

#include "http/middleware.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace jm::http {

std::unique_ptr<Middleware> make_audit_log(store::Store& store, const Clock& clock);

}  // namespace jm::http
