#pragma once
// Every read path goes through guarded_read, so "the database cannot be reached" has one
// type (StoreUnavailable → 503) whichever query hit it.
#include <new>
#include <utility>

#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

template <typename F>
auto guarded_read(ReaderPool& pool, F&& read) -> decltype(read(std::declval<ReadConnection&>())) {
  ReadConnection* conn = nullptr;
  try {
    conn = &pool.local();
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    // Opening this thread's connection failed (missing file, permissions, lock): the
    // pool keeps no entry, so the next read tries again.
    throw StoreUnavailable(e.what());
  }
  try {
    return std::forward<F>(read)(*conn);
  } catch (const SqliteError& e) {
    if (to_store_error(e).kind == ErrorKind::unavailable) throw StoreUnavailable(e.what());
    throw;
  }
}

}  // namespace jm::store::sqlite
