#pragma once
// Maps a store failure to its HTTP answer: 503 + Retry-After when the database is
// down, 409 for a conflict, 500 otherwise (a bug).
#include "http/errors.hpp"
#include "store/store.hpp"

namespace jm::api {

http::Response store_error_response(const http::Request& req, const store::StoreError& error);

}  // namespace jm::api
